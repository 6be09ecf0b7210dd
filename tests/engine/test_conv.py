"""conv2d: every strategy against the naive twin, worked examples, tallies by hand arithmetic."""
import tracemalloc

import numpy as np
import pytest
from hypothesis import assume, example, given, settings, strategies as st

import naive
from cnncalc.engine.conv import STRATEGIES, choose_strategy, conv2d, _geometry
from cnncalc.engine.tally import Tally

ALL = STRATEGIES + ("auto",)


def random(rng, shape):
    return rng.standard_normal(shape).astype(np.float32)


# --- worked examples ---------------------------------------------------------------------

@pytest.mark.parametrize("strategy", ALL)
def test_vertical_edge_detector(strategy):
    """Andrew Ng's example: 10s on the left half, 0s on the right, filter rows [1, 0, −1]."""
    image = np.zeros((1, 6, 6, 1), np.float32)
    image[:, :, :3] = 10
    edge = np.array([[1, 0, -1]] * 3, np.float32).reshape(3, 3, 1, 1)
    tally = Tally()
    y = conv2d(image, edge, tally=tally, strategy=strategy)
    assert y[0, :, :, 0].tolist() == [[0, 30, 30, 0]] * 4
    assert tally.multiplications == 4 * 4 * 9


@pytest.mark.parametrize("strategy", ALL)
@pytest.mark.parametrize("shape, kernel, options, expected_shape, expected_mults", [
    ((6, 6, 1), (3, 3, 1, 1), {}, (4, 4, 1), 4 * 4 * 9),
    ((6, 6, 1), (3, 3, 1, 1), {"stride": 2}, (2, 2, 1), 2 * 2 * 9),
    ((6, 6, 3), (3, 3, 3, 2), {}, (4, 4, 2), 4 * 4 * 2 * 27),
    ((6, 6, 1), (3, 3, 1, 1), {"padding": 1}, (6, 6, 1), 6 * 6 * 9),       # zero rows multiplied too
    ((7, 7, 1), (3, 3, 1, 1), {"dilation": 2}, (3, 3, 1), 3 * 3 * 9),      # 5×5 span
    ((5, 5, 4), (3, 3, 2, 6), {"padding": 1, "groups": 2}, (5, 5, 6), 5 * 5 * 6 * 9 * 2),
    ((5, 5, 4), (3, 3, 1, 4), {"padding": 1, "groups": 4}, (5, 5, 4), 5 * 5 * 4 * 9),   # depthwise
    ((5, 5, 4), (3, 3, 1, 8), {"padding": 1, "groups": 4}, (5, 5, 8), 5 * 5 * 8 * 9),   # multiplier 2
    ((227, 227, 3), (11, 11, 3, 96), {"stride": 4}, (55, 55, 96), 55 * 55 * 96 * 11 * 11 * 3),  # AlexNet conv1
    ((8, 8, 16), (1, 1, 16, 4), {}, (8, 8, 4), 8 * 8 * 4 * 16),
    ((9, 7, 2), (2, 3, 2, 3), {"stride": (2, 1), "padding": ((1, 0), (0, 2))}, (5, 7, 3), 5 * 7 * 3 * 2 * 3 * 2),
])
def test_shapes_and_tallies(strategy, shape, kernel, options, expected_shape, expected_mults):
    rng = np.random.default_rng(0)
    tally = Tally()
    y = conv2d(random(rng, (2,) + shape), random(rng, kernel), tally=tally, strategy=strategy, **options)
    assert y.shape == (2,) + expected_shape
    assert tally.multiplications == 2 * expected_mults


def test_bias_is_added_per_output_channel():
    x = np.zeros((1, 3, 3, 2), np.float32)
    y = conv2d(x, np.ones((1, 1, 2, 3), np.float32), np.array([1, 2, 3], np.float32))
    assert (y == np.array([1, 2, 3], np.float32)).all()


# --- every strategy against the naive twin ---------------------------------------------------

CASES = [  # (N, H, W, C), (kh, kw, C/g, K), stride, padding, dilation, groups
    ((2, 8, 9, 3), (3, 3, 3, 4), (1, 1), ((1, 1), (1, 1)), (1, 1), 1),
    ((1, 9, 8, 4), (2, 3, 2, 6), (2, 1), ((0, 2), (1, 0)), (1, 2), 2),
    ((2, 7, 7, 6), (3, 3, 1, 6), (1, 1), ((1, 1), (1, 1)), (1, 1), 6),
    ((1, 8, 8, 4), (3, 3, 1, 8), (2, 2), ((1, 1), (1, 1)), (1, 1), 4),
    ((1, 11, 11, 3), (5, 5, 3, 2), (3, 3), ((0, 0), (0, 0)), (1, 1), 1),
    ((3, 5, 5, 8), (3, 3, 2, 8), (1, 1), ((1, 1), (1, 1)), (2, 2), 4),
    ((1, 6, 10, 5), (1, 1, 5, 3), (1, 2), ((0, 0), (0, 0)), (1, 1), 1),
    ((2, 4, 4, 16), (1, 1, 16, 8), (1, 1), ((0, 0), (0, 0)), (1, 1), 1),
    ((1, 6, 6, 1), (4, 2, 1, 2), (1, 3), ((2, 1), (0, 1)), (1, 1), 1),
]


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("budget", [64 * 2**20, 4096])  # the small budget forces one-row tiles
@pytest.mark.parametrize("xs, ws, stride, padding, dilation, groups", CASES)
def test_strategy_matches_naive(strategy, budget, xs, ws, stride, padding, dilation, groups):
    rng = np.random.default_rng(1)
    x, w, b = random(rng, xs), random(rng, ws), random(rng, ws[3])
    expected = naive.conv2d(x, w, b, stride, padding, dilation, groups)
    tally = Tally()
    y = conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups,
               strategy=strategy, budget_bytes=budget, tally=tally)
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)
    n, ho, wo, k = expected.shape
    assert tally.multiplications == n * ho * wo * k * ws[0] * ws[1] * ws[2]


@settings(max_examples=40, deadline=None)
@example(n=1, h=3, w=3, groups=2, cg=3, kg=2, kh=1, kw=2, sh=2, sw=1, dh=1, dw=1,  # a tile of
         pads=(2, 0, 2, 2), strategy="shifted", seed=1)                        # padding only
@given(n=st.integers(1, 2), h=st.integers(1, 7), w=st.integers(1, 7), groups=st.sampled_from([1, 2, 3]),
       cg=st.integers(1, 3), kg=st.integers(1, 3), kh=st.integers(1, 3), kw=st.integers(1, 3),
       sh=st.integers(1, 3), sw=st.integers(1, 3), dh=st.integers(1, 2), dw=st.integers(1, 2),
       pads=st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 2), st.integers(0, 2)),
       strategy=st.sampled_from(STRATEGIES), seed=st.integers(0, 2**16))
def test_random_geometry_matches_naive(n, h, w, groups, cg, kg, kh, kw, sh, sw, dh, dw, pads, strategy, seed):
    padding = ((pads[0], pads[1]), (pads[2], pads[3]))
    assume(pads[0] + h + pads[1] >= dh * (kh - 1) + 1 and pads[2] + w + pads[3] >= dw * (kw - 1) + 1)
    rng = np.random.default_rng(seed)
    x, wt = random(rng, (n, h, w, groups * cg)), random(rng, (kh, kw, cg, groups * kg))
    expected = naive.conv2d(x, wt, None, (sh, sw), padding, (dh, dw), groups)
    y = conv2d(x, wt, stride=(sh, sw), padding=padding, dilation=(dh, dw), groups=groups,
               strategy=strategy, budget_bytes=int(rng.choice([2048, 64 * 2**20])))
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)


# --- strategy choice, memory, errors ------------------------------------------------------------

@pytest.mark.parametrize("xs, ws, stride, groups, expected", [
    ((1, 224, 224, 64), (3, 3, 64, 64), 1, 1, "shifted"),        # VGG-16 conv1_2
    ((1, 112, 112, 32), (3, 3, 1, 32), 1, 32, "shifted"),        # MobileNet-V2 depthwise
    ((1, 56, 56, 64), (1, 1, 64, 256), 1, 1, "shifted"),         # ResNet-50 1×1
    ((1, 227, 227, 3), (11, 11, 3, 96), 4, 1, "im2col_rows"),    # AlexNet conv1
    ((1, 7, 7, 512), (3, 3, 512, 512), 1, 1, "im2col"),          # ResNet-50 layer4 3×3
    ((1, 56, 56, 128), (3, 3, 4, 128), 1, 32, "im2col_rows"),    # ResNeXt-50 32×4d
    ((1, 28, 28, 1), (5, 5, 1, 6), 1, 1, "im2col"),              # LeNet-5 conv1: one input channel
    ((1, 224, 224, 3), (3, 3, 3, 64), 1, 1, "im2col"),           # VGG-16 conv1_1: 27 columns
    ((1, 224, 224, 3), (7, 7, 3, 64), 2, 1, "im2col"),           # ResNet-50 conv1: 147 columns
])
def test_choose_strategy(xs, ws, stride, groups, expected):
    x, w = np.empty(xs, np.float32), np.empty(ws, np.float32)
    assert choose_strategy(_geometry(x, w, stride, ws[0] // 2, 1, groups)) == expected


def test_vgg_conv1_2_batch_8_temporaries_stay_small():
    """No im2col of the input: beyond the 8×224×224×64 output (102.8 MB) only tiles are held,
    where a full im2col would take 9× the input (≈ 925 MB)."""
    rng = np.random.default_rng(2)
    x = random(rng, (8, 224, 224, 64))
    w = random(rng, (3, 3, 64, 64))
    tracemalloc.start()
    y = conv2d(x, w, padding=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert y.nbytes == 8 * 224 * 224 * 64 * 4
    assert peak < y.nbytes + 32 * 2**20


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_temporaries_respect_the_budget(strategy):
    rng = np.random.default_rng(3)
    x, w = random(rng, (2, 40, 40, 16)), random(rng, (3, 3, 16, 16))
    budget = 256 * 2**10
    tracemalloc.start()
    y = conv2d(x, w, padding=1, strategy=strategy, budget_bytes=budget)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak <= y.nbytes + budget + w.nbytes + 64 * 2**10


@pytest.mark.parametrize("kwargs, message", [
    ({"groups": 3}, "groups must divide"),
    ({"strategy": "winograd"}, "unknown conv2d strategy"),
    ({"padding": -1}, "must not be negative"),
    ({"stride": 0}, "stride and dilation must be"),
])
def test_errors_say_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError, match=message):
        conv2d(np.ones((1, 5, 5, 4), np.float32), np.ones((3, 3, 4, 4), np.float32), **kwargs)


def test_kernel_larger_than_input_is_an_error():
    with pytest.raises(ValueError, match="does not fit"):
        conv2d(np.ones((1, 2, 2, 1), np.float32), np.ones((3, 3, 1, 1), np.float32))


def test_weights_with_wrong_channels_are_an_error():
    with pytest.raises(ValueError, match=r"\(kh, kw, C_in/groups, K\)"):
        conv2d(np.ones((1, 5, 5, 4), np.float32), np.ones((3, 3, 4, 4), np.float32), groups=2)


# --- the depthwise paths (one einsum per tile; channel multiplier on products) -------------------

DEPTHWISE = [  # (N, H, W, C), (kh, kw), multiplier, stride, padding, dilation
    ((2, 9, 7, 5), (3, 3), 1, (1, 1), ((1, 1), (1, 1)), (1, 1)),
    ((3, 8, 11, 4), (3, 2), 1, (2, 3), ((0, 2), (1, 0)), (1, 2)),      # column stride 3, dilation
    ((1, 13, 10, 3), (5, 3), 1, (3, 2), ((2, 1), (3, 3)), (2, 1)),     # padding wider than a phase
    ((2, 6, 12, 7), (1, 3), 1, (1, 2), ((0, 0), (0, 5)), (1, 3)),      # right padding only
    ((1, 7, 5, 2), (3, 3), 1, (2, 2), ((0, 0), (0, 0)), (1, 1)),       # no padding, stride 2
    ((2, 5, 9, 3), (2, 2), 2, (1, 2), ((1, 0), (0, 1)), (1, 1)),       # channel multiplier 2
]


@pytest.mark.parametrize("budget", [64 * 2**20, 2048])
@pytest.mark.parametrize("xs, kernel, mult, stride, padding, dilation", DEPTHWISE)
def test_depthwise_matches_naive(budget, xs, kernel, mult, stride, padding, dilation):
    rng = np.random.default_rng(4)
    c = xs[3]
    x, w = random(rng, xs), random(rng, kernel + (1, c * mult))
    expected = naive.conv2d(x, w, None, stride, padding, dilation, c)
    for strategy in ("auto",) + STRATEGIES:
        tally = Tally()
        y = conv2d(x, w, stride=stride, padding=padding, dilation=dilation, groups=c,
                   strategy=strategy, budget_bytes=budget, tally=tally)
        np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)
        n, ho, wo, k = expected.shape
        assert tally.multiplications == n * ho * wo * k * kernel[0] * kernel[1]


def test_depthwise_reads_a_strided_input():
    """An input that is a view with gaps (every other channel, every other column) reads the
    same as its contiguous copy."""
    rng = np.random.default_rng(5)
    x = random(rng, (2, 8, 14, 12))[:, :, ::2, ::2]
    w = random(rng, (3, 3, 1, 6))
    for stride in (1, 2):
        expected = naive.conv2d(np.ascontiguousarray(x), w, None, (stride, stride),
                                ((1, 1), (1, 1)), (1, 1), 6)
        np.testing.assert_allclose(conv2d(x, w, stride=stride, padding=1, groups=6), expected,
                                   rtol=1e-4, atol=1e-4)


def test_einsum_tally_counts_the_joint_index_space():
    from cnncalc.engine.tally import einsum
    tally = Tally()
    a, b = np.ones((2, 5, 3, 4), np.float32), np.ones((3, 4), np.float32)
    y = einsum("npij,ij->np", a, b, tally)
    assert (y == 12).all() and tally.multiplications == 2 * 5 * 3 * 4
    for bad in ("npij,ij", "npij->np", "...ij,ij->...", "npij,ji->np", "npij,ij->nq"):
        with pytest.raises(ValueError):
            einsum(bad, a, b, tally)
