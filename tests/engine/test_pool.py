"""Pooling: worked examples, PyTorch's ceil-mode rules, adaptive bins, against the naive twins."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import naive
from cnncalc.engine.pool import adaptive_avg_pool2d, avg_pool2d, max_pool2d, pool_outputs

GRID = np.array([[1, 3, 2, 1],
                 [4, 6, 5, 0],
                 [7, 2, 9, 8],
                 [1, 0, 3, 4]], np.float32).reshape(1, 4, 4, 1)


def test_max_pool_2x2_stride_2_worked_example():
    assert max_pool2d(GRID, 2)[0, :, :, 0].tolist() == [[6, 5], [7, 9]]


def test_avg_pool_2x2_stride_2_worked_example():
    expected = [[(1 + 3 + 4 + 6) / 4, (2 + 1 + 5 + 0) / 4],
                [(7 + 2 + 1 + 0) / 4, (9 + 8 + 3 + 4) / 4]]
    assert avg_pool2d(GRID, 2)[0, :, :, 0].tolist() == expected


def test_max_pool_pads_with_minus_infinity():
    negative = -GRID - 1
    y = max_pool2d(negative, 3, stride=1, padding=1)     # a zero pad would win every window
    assert (y < 0).all()


def test_ceil_mode_adds_a_clipped_last_window():
    x = np.arange(25, dtype=np.float32).reshape(1, 5, 5, 1)
    assert max_pool2d(x, 2, 2).shape == (1, 2, 2, 1)                         # floor((5 − 2)/2) + 1
    y = avg_pool2d(x, 2, 2, ceil_mode=True)                                  # ceil((5 − 2)/2) + 1 = 3
    assert y.shape == (1, 3, 3, 1)
    assert y[0, 2, 2, 0] == 24                                               # 1×1 window: divisor 1
    assert y[0, 0, 2, 0] == (4 + 9) / 2                                      # 2×1 window: divisor 2


@pytest.mark.parametrize("size, kernel, stride, before, after, ceil_mode, expected", [
    (224, 2, 2, 0, 0, False, 112),
    (55, 3, 2, 0, 0, False, 27),        # AlexNet pool1
    (112, 3, 2, 1, 1, False, 56),       # ResNet-50 maxpool
    (112, 3, 2, 0, 0, True, 56),        # GoogLeNet-style ceil mode: ceil(109/2) + 1
    (5, 2, 2, 1, 1, True, 3),           # ceil would give 4, but that window starts in the padding
])
def test_pool_outputs(size, kernel, stride, before, after, ceil_mode, expected):
    assert pool_outputs(size, kernel, stride, before, after, ceil_mode) == expected


def test_adaptive_bins_overlap_like_pytorch():
    x = np.arange(5, dtype=np.float32).reshape(1, 5, 1, 1)
    # bins [0, 2), [1, 4), [3, 5): floor(i·5/3) .. ceil((i+1)·5/3)
    assert adaptive_avg_pool2d(x, (3, 1)).ravel().tolist() == [0.5, 2.0, 3.5]


def test_global_average_pool():
    x = np.random.default_rng(0).standard_normal((2, 7, 7, 5)).astype(np.float32)
    np.testing.assert_allclose(adaptive_avg_pool2d(x, 1)[:, 0, 0], x.mean(axis=(1, 2)), rtol=1e-5, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), kh=st.integers(1, 4), kw=st.integers(1, 4), sh=st.integers(1, 3), sw=st.integers(1, 3),
       ceil_mode=st.booleans(), count_include_pad=st.booleans(), seed=st.integers(0, 2**16))
def test_pools_match_naive(data, kh, kw, sh, sw, ceil_mode, count_include_pad, seed):
    # PyTorch's constraint: padding at most half the kernel
    t, b = data.draw(st.integers(0, kh // 2)), data.draw(st.integers(0, kh // 2))
    l, r = data.draw(st.integers(0, kw // 2)), data.draw(st.integers(0, kw // 2))
    h, w = data.draw(st.integers(kh, 9)), data.draw(st.integers(kw, 9))
    x = np.random.default_rng(seed).standard_normal((2, h, w, 3)).astype(np.float32)
    padding = ((t, b), (l, r))
    np.testing.assert_array_equal(max_pool2d(x, (kh, kw), (sh, sw), padding, ceil_mode),
                                  naive.max_pool2d(x, (kh, kw), (sh, sw), padding, ceil_mode).astype(np.float32))
    np.testing.assert_allclose(avg_pool2d(x, (kh, kw), (sh, sw), padding, ceil_mode, count_include_pad),
                               naive.avg_pool2d(x, (kh, kw), (sh, sw), padding, ceil_mode, count_include_pad),
                               rtol=1e-5, atol=1e-6)
    oh, ow = data.draw(st.integers(1, h + 2)), data.draw(st.integers(1, w + 2))
    np.testing.assert_allclose(adaptive_avg_pool2d(x, (oh, ow)), naive.adaptive_avg_pool2d(x, (oh, ow)),
                               rtol=1e-5, atol=1e-6)


def test_window_larger_than_input_is_an_error():
    with pytest.raises(ValueError, match="does not fit"):
        max_pool2d(np.ones((1, 2, 2, 1), np.float32), 3)


@pytest.mark.parametrize("kernel, stride, padding", [(5, 1, 2), (3, 2, 1), ((7, 3), (2, 1), (3, 1))])
def test_separable_pools_over_several_row_tiles_match_windows(kernel, stride, padding):
    """From 3×3 on a window is reduced over its rows, then its columns, tile by tile; here the
    200 output rows take several tiles. The reference: every window at once, by NumPy."""
    from numpy.lib.stride_tricks import sliding_window_view
    from cnncalc.engine.windows import pair
    (kh, kw), (sh, sw), (ph, pw) = pair(kernel, "k"), pair(stride, "s"), pair(padding, "p")
    x = np.random.default_rng(1).standard_normal((1, 200, 200, 64)).astype(np.float32)
    pads = ((0, 0), (ph, ph), (pw, pw), (0, 0))
    for fill, pool, reduce in ((-np.inf, max_pool2d, np.max), (0.0, avg_pool2d, np.mean)):
        padded = np.pad(x, pads, constant_values=fill)
        windows = sliding_window_view(padded, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]
        expected = reduce(windows, axis=(-2, -1))
        np.testing.assert_allclose(pool(x, kernel, stride, padding), expected, rtol=1e-5,
                                   atol=1e-6)
