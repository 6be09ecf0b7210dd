"""The engine against torch.nn.functional on random cases (skipped without torch).

Layouts: torch is NCHW with conv weights (K, C/g, kh, kw) and transposed-conv weights
(C_in, K/g, kh, kw); the engine is NHWC with (kh, kw, C/g, K) and (kh, kw, C_in, K/g).
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from cnncalc.engine import kernels as K  # noqa: E402
from cnncalc.engine.conv import STRATEGIES  # noqa: E402

TOL = dict(rtol=1e-4, atol=1e-4)


def nchw(x):
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))


def nhwc(t):
    return t.detach().numpy().transpose(0, 2, 3, 1)


def rand(rng, *shape):
    return rng.standard_normal(shape).astype(np.float32)


CONV_CASES = [  # (N, H, W, C), K, (kh, kw), stride, padding ((t, b), (l, r)), dilation, groups
    ((2, 13, 11, 3), 8, (3, 3), 1, ((1, 1), (1, 1)), 1, 1),
    ((1, 27, 27, 3), 16, (11, 11), 4, ((2, 2), (2, 2)), 1, 1),
    ((2, 9, 9, 8), 8, (3, 3), 1, ((1, 1), (1, 1)), 1, 8),            # depthwise
    ((1, 10, 10, 6), 12, (3, 3), 2, ((1, 1), (1, 1)), 1, 6),          # depthwise, multiplier 2, stride 2
    ((2, 8, 8, 8), 12, (3, 3), 1, ((2, 2), (2, 2)), 2, 2),            # grouped, dilated
    ((1, 7, 9, 16), 32, (1, 1), 1, ((0, 0), (0, 0)), 1, 1),
    ((1, 12, 12, 4), 6, (5, 3), (2, 1), ((0, 1), (2, 0)), 1, 2),      # rectangular, asymmetric ("same")
    ((3, 5, 5, 32), 16, (3, 3), 1, ((1, 1), (1, 1)), 1, 4),           # ResNeXt-like
]


@pytest.mark.parametrize("strategy", STRATEGIES + ("auto",))
@pytest.mark.parametrize("xs, k, kernel, stride, padding, dilation, groups", CONV_CASES)
def test_conv2d(strategy, xs, k, kernel, stride, padding, dilation, groups):
    rng = np.random.default_rng(0)
    x, w, b = rand(rng, *xs), rand(rng, *kernel, xs[3] // groups, k), rand(rng, k)
    (t, bo), (l, r) = padding
    expected = F.conv2d(F.pad(nchw(x), (l, r, t, bo)), torch.from_numpy(w).permute(3, 2, 0, 1),
                        torch.from_numpy(b), stride=stride, dilation=dilation, groups=groups)
    y = K.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups, strategy=strategy)
    np.testing.assert_allclose(y, nhwc(expected), **TOL)


@pytest.mark.parametrize("xs, kg, kernel, stride, padding, output_padding, dilation, groups", [
    ((2, 4, 4, 8), 4, (4, 4), 2, 1, 0, 1, 1),
    ((1, 5, 3, 4), 6, (3, 3), 2, 1, 1, 1, 2),
    ((1, 3, 3, 2), 3, (3, 2), (3, 1), (0, 1), (2, 0), (1, 2), 1),
    ((2, 6, 6, 3), 5, (1, 1), 1, 0, 0, 1, 1),
])
def test_conv_transpose2d(xs, kg, kernel, stride, padding, output_padding, dilation, groups):
    rng = np.random.default_rng(1)
    x, w, b = rand(rng, *xs), rand(rng, *kernel, xs[3], kg), rand(rng, kg * groups)
    expected = F.conv_transpose2d(nchw(x), torch.from_numpy(w).permute(2, 3, 0, 1), torch.from_numpy(b),
                                  stride=stride, padding=padding, output_padding=output_padding,
                                  groups=groups, dilation=dilation)
    y = K.conv_transpose2d(x, w, b, stride=stride, padding=padding, output_padding=output_padding,
                           dilation=dilation, groups=groups)
    np.testing.assert_allclose(y, nhwc(expected), **TOL)


POOL_CASES = [  # H, W, kernel, stride, padding, ceil_mode
    (8, 8, 2, 2, 0, False), (55, 55, 3, 2, 0, False), (112, 112, 3, 2, 1, False),
    (7, 7, 2, 2, 0, True), (10, 9, 3, 2, 1, True), (6, 11, (3, 2), (2, 3), (1, 1), True),
    (5, 5, 3, 1, 1, False), (13, 13, 3, 2, 0, True), (9, 9, 4, 3, 2, True),
]


@pytest.mark.parametrize("h, w, kernel, stride, padding, ceil_mode", POOL_CASES)
def test_max_pool2d(h, w, kernel, stride, padding, ceil_mode):
    x = rand(np.random.default_rng(2), 2, h, w, 3)
    expected = F.max_pool2d(nchw(x), kernel, stride, padding, ceil_mode=ceil_mode)
    np.testing.assert_array_equal(K.max_pool2d(x, kernel, stride, padding, ceil_mode), nhwc(expected))


@pytest.mark.parametrize("count_include_pad", [True, False])
@pytest.mark.parametrize("h, w, kernel, stride, padding, ceil_mode", POOL_CASES)
def test_avg_pool2d(h, w, kernel, stride, padding, ceil_mode, count_include_pad):
    x = rand(np.random.default_rng(3), 2, h, w, 3)
    expected = F.avg_pool2d(nchw(x), kernel, stride, padding, ceil_mode=ceil_mode,
                            count_include_pad=count_include_pad)
    y = K.avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad)
    np.testing.assert_allclose(y, nhwc(expected), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("h, w, size", [(7, 7, (1, 1)), (13, 13, (6, 6)), (10, 7, (3, 5)), (5, 5, (7, 7)), (224, 224, (7, 7))])
def test_adaptive_avg_pool2d(h, w, size):
    x = rand(np.random.default_rng(4), 2, h, w, 3)
    np.testing.assert_allclose(K.adaptive_avg_pool2d(x, size), nhwc(F.adaptive_avg_pool2d(nchw(x), size)),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("size, alpha, beta, k", [(5, 1e-4, 0.75, 2.0), (2, 0.1, 0.5, 1.0), (3, 1.0, 1.0, 1.0)])
def test_local_response_norm(size, alpha, beta, k):
    x = rand(np.random.default_rng(5), 2, 4, 4, 7) * 3
    expected = F.local_response_norm(nchw(x), size, alpha, beta, k)
    np.testing.assert_allclose(K.lrn(x, size, alpha, beta, k), nhwc(expected), rtol=1e-5, atol=1e-6)


def test_batch_norm():
    rng = np.random.default_rng(6)
    x, mean, gamma, beta = rand(rng, 2, 3, 3, 5), rand(rng, 5), rand(rng, 5), rand(rng, 5)
    var = np.abs(rand(rng, 5)) + 0.1
    expected = F.batch_norm(nchw(x), *map(torch.from_numpy, (mean, var, gamma, beta)), training=False, eps=1e-3)
    np.testing.assert_allclose(K.batchnorm(x, mean, var, gamma, beta, eps=1e-3), nhwc(expected), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("engine, reference", [
    (K.relu, F.relu), (K.relu6, F.relu6), (K.sigmoid, torch.sigmoid), (K.tanh, torch.tanh),
    (K.silu, F.silu), (K.hardswish, F.hardswish), (K.hardsigmoid, F.hardsigmoid),
    (K.gelu, F.gelu), (lambda x: K.gelu(x, "tanh"), lambda t: F.gelu(t, approximate="tanh")),
    (lambda x: K.leaky_relu(x, 0.2), lambda t: F.leaky_relu(t, 0.2)),
    (K.softmax, lambda t: F.softmax(t, dim=-1)),
])
def test_elementwise(engine, reference):
    x = rand(np.random.default_rng(7), 2, 4, 4, 6) * 4
    np.testing.assert_allclose(engine(x), reference(torch.from_numpy(x)).numpy(), rtol=1e-5, atol=1e-6)


def test_dense():
    rng = np.random.default_rng(8)
    x, w, b = rand(rng, 3, 20), rand(rng, 20, 7), rand(rng, 7)
    expected = F.linear(torch.from_numpy(x), torch.from_numpy(w.T.copy()), torch.from_numpy(b))
    np.testing.assert_allclose(K.dense(x, w, b), expected.numpy(), **TOL)


@pytest.mark.parametrize("size", [(8, 10), (5, 3), (13, 7)])
@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
def test_resizing_matches_torch_interpolate(size, mode):
    x = rand(np.random.default_rng(5), 2, 4, 5, 3)
    resize = K.resize_nearest if mode == "nearest" else K.resize_bilinear
    extra = {} if mode == "nearest" else {"align_corners": False}
    expected = nhwc(F.interpolate(nchw(x), size=size, mode=mode, **extra))
    np.testing.assert_allclose(resize(x, *size), expected, **TOL)


def test_layernorm_matches_torch():
    rng = np.random.default_rng(6)
    x, gamma, beta = rand(rng, 2, 3, 4, 8), rand(rng, 8), rand(rng, 8)
    expected = F.layer_norm(torch.from_numpy(x), (8,), torch.from_numpy(gamma),
                            torch.from_numpy(beta), eps=1e-6).numpy()
    np.testing.assert_allclose(K.layernorm(x, gamma, beta, 1e-6), expected, **TOL)


def test_channel_shuffle_and_split_match_torch():
    x = rand(np.random.default_rng(7), 2, 3, 3, 12)
    expected = nhwc(F.channel_shuffle(nchw(x), 3))
    np.testing.assert_array_equal(K.channel_shuffle(x, 3), expected)
    left, right = nchw(x).chunk(2, dim=1)
    np.testing.assert_array_equal(K.split(x, 6, 12), nhwc(right))


@pytest.mark.parametrize("crop", [(4, 4), (5, 3), (2, 7)])
def test_centre_crop_matches_torchvision_rule(crop):
    """torchvision's center_crop: round((H − h)/2) rows before (Python rounding)."""
    x = rand(np.random.default_rng(8), 1, 9, 7, 2)
    top, left = int(round((9 - crop[0]) / 2.0)), int(round((7 - crop[1]) / 2.0))
    expected = nhwc(nchw(x)[:, :, top:top + crop[0], left:left + crop[1]])
    np.testing.assert_array_equal(K.centre_crop(x, *crop), expected)
    np.testing.assert_array_equal(K.zero_pad(x, 1, 2, 0, 3),
                                  nhwc(F.pad(nchw(x), (0, 3, 1, 2))))
