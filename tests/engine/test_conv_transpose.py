"""conv_transpose2d: worked examples, the output-size formula, tallies over input positions."""
import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

import naive
from cnncalc.engine.conv_transpose import conv_transpose2d
from cnncalc.engine.tally import Tally


def test_stride_2_two_by_two_ones_copies_each_pixel_into_a_block():
    x = np.array([[1, 2], [3, 4]], np.float32).reshape(1, 2, 2, 1)
    y = conv_transpose2d(x, np.ones((2, 2, 1, 1), np.float32), stride=2)
    assert y[0, :, :, 0].tolist() == [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]


def test_stride_1_overlapping_contributions_add_up():
    x = np.array([[1, 2], [3, 4]], np.float32).reshape(1, 2, 2, 1)
    tally = Tally()
    y = conv_transpose2d(x, np.ones((2, 2, 1, 1), np.float32), tally=tally)
    assert y[0, :, :, 0].tolist() == [[1, 3, 2], [4, 10, 6], [3, 7, 4]]
    assert tally.multiplications == 2 * 2 * 4          # every input pixel times every tap


@pytest.mark.parametrize("shape, kernel, options, expected_shape, expected_mults", [
    # H_out = (H_in − 1)·S − 2P + D·(F − 1) + output_padding + 1
    ((2, 2, 1), (3, 3, 1, 1), {"stride": 2}, ((2 - 1) * 2 + 2 + 1,) * 2 + (1,), 2 * 2 * 9),
    ((4, 4, 8), (4, 4, 8, 4), {"stride": 2, "padding": 1}, (8, 8, 4), 4 * 4 * 8 * 4 * 16),     # DCGAN-style ×2
    ((3, 3, 2), (3, 3, 2, 5), {"stride": 2, "padding": 1, "output_padding": 1}, (6, 6, 5), 3 * 3 * 2 * 5 * 9),
    ((3, 4, 4), (2, 2, 4, 3), {"stride": 2, "groups": 2}, (6, 8, 6), 3 * 4 * 4 * 3 * 4),      # K = 2·3
    ((3, 3, 1), (3, 3, 1, 1), {"dilation": 2}, ((3 - 1) + 2 * 2 + 1,) * 2 + (1,), 3 * 3 * 9),
])
def test_shapes_and_tallies(shape, kernel, options, expected_shape, expected_mults):
    rng = np.random.default_rng(0)
    tally = Tally()
    x = rng.standard_normal((2,) + shape).astype(np.float32)
    y = conv_transpose2d(x, rng.standard_normal(kernel).astype(np.float32), tally=tally, **options)
    assert y.shape == (2,) + expected_shape
    assert tally.multiplications == 2 * expected_mults


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 2), h=st.integers(1, 5), w=st.integers(1, 5), groups=st.sampled_from([1, 2]),
       cg=st.integers(1, 2), kg=st.integers(1, 3), kh=st.integers(1, 3), kw=st.integers(1, 3),
       sh=st.integers(1, 3), sw=st.integers(1, 3), dh=st.integers(1, 2), dw=st.integers(1, 2),
       ph=st.integers(0, 2), pw=st.integers(0, 2), oph=st.integers(0, 2), opw=st.integers(0, 2),
       bias=st.booleans(), small_budget=st.booleans(), seed=st.integers(0, 2**16))
def test_matches_naive(n, h, w, groups, cg, kg, kh, kw, sh, sw, dh, dw, ph, pw, oph, opw, bias, small_budget, seed):
    assume(oph < max(sh, dh) and opw < max(sw, dw))
    assume((h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1 >= 1)
    assume((w - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1 >= 1)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, h, w, groups * cg)).astype(np.float32)
    wt = rng.standard_normal((kh, kw, groups * cg, kg)).astype(np.float32)
    b = rng.standard_normal(groups * kg).astype(np.float32) if bias else None
    expected = naive.conv_transpose2d(x, wt, b, (sh, sw), (ph, pw), (oph, opw), (dh, dw), groups)
    tally = Tally()
    y = conv_transpose2d(x, wt, b, stride=(sh, sw), padding=(ph, pw), output_padding=(oph, opw),
                         dilation=(dh, dw), groups=groups, tally=tally,
                         budget_bytes=256 if small_budget else 64 * 2**20)
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)
    assert tally.multiplications == n * h * w * (groups * cg) * kg * kh * kw


def test_output_padding_must_be_smaller_than_stride():
    with pytest.raises(ValueError, match="output_padding must be smaller"):
        conv_transpose2d(np.ones((1, 2, 2, 1), np.float32), np.ones((3, 3, 1, 1), np.float32),
                         stride=2, output_padding=2)
