"""pixel_shuffle, prelu, the constant scale, the weighted add and BatchNorm without γ or β
against PyTorch (skipped where torch is not installed): the engine's values equal torch's,
and cnncalc's shapes and parameter counts equal those of the torch.nn modules."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn, F = torch.nn, torch.nn.functional

from cnncalc.engine import kernels  # noqa: E402
from cnncalc.engine.layers import ENGINE_LAYERS  # noqa: E402
from cnncalc.layers import REGISTRY  # noqa: E402
from torch_layout import nchw, nhwc, rand  # noqa: E402

TOL = dict(rtol=1e-5, atol=1e-5)




def hwc(shape) -> tuple:
    return tuple(int(n) for n in shape[2:]) + (int(shape[1]),)


@pytest.mark.parametrize(("shape", "factor"), [((2, 3, 5, 18), 3), ((1, 4, 4, 32), 2),
                                               ((1, 2, 3, 16), 4), ((1, 3, 3, 5), 1)])
def test_pixel_shuffle_equals_torch(shape, factor):
    x = rand(*shape)
    expected = nn.PixelShuffle(factor)(nchw(x))
    np.testing.assert_array_equal(kernels.pixel_shuffle(x, factor), nhwc(expected))
    layer = REGISTRY["pixel_shuffle"].from_settings({"factor": factor})
    assert layer.output_shape([shape[1:]]) == hwc(expected.shape)


def test_dcr_is_torch_after_regrouping_the_channels():
    """TensorFlow's DCR reads channel (i·r + j)·C + c where PyTorch's CRD reads c·r² + i·r + j:
    regrouping the channels from (r·r, C) to (C, r·r) turns one into the other."""
    r, c = 2, 3
    x = rand(1, 2, 2, r * r * c)
    regrouped = x.reshape(1, 2, 2, r * r, c).transpose(0, 1, 2, 4, 3).reshape(1, 2, 2, -1)
    expected = nn.PixelShuffle(r)(nchw(regrouped))
    np.testing.assert_array_equal(kernels.pixel_shuffle(x, r, "dcr"), nhwc(expected))


@pytest.mark.parametrize(("per", "module"), [("channel", lambda c: nn.PReLU(c)),
                                             ("one", lambda c: nn.PReLU())])
def test_prelu_equals_torch(per, module):
    x = rand(2, 5, 4, 6)
    layer = REGISTRY["prelu"].from_settings({"per": per})
    weights = ENGINE_LAYERS["prelu"].weights(layer, [x.shape[1:]], np.random.default_rng(1))
    torch_prelu = module(6)
    assert layer.params([x.shape[1:]]).trainable == sum(p.numel() for p in
                                                        torch_prelu.parameters())
    slope = weights.trainable["slope"]
    with torch.no_grad():
        torch_prelu.weight.copy_(torch.from_numpy(slope))
    expected = torch_prelu(nchw(x))
    got = ENGINE_LAYERS["prelu"].forward(layer, [x], weights, None)
    np.testing.assert_allclose(got, nhwc(expected), **TOL)


def test_prelu_per_element_equals_torch_functional():
    """Keras' per-element α: torch's prelu broadcasts a weight of one example's shape only
    through the channel axis, so the per-element case is written out with torch.where."""
    x = rand(2, 3, 4, 5)
    slope = np.abs(rand(3, 4, 5, seed=2))
    t, a = nchw(x), torch.from_numpy(slope.transpose(2, 0, 1).copy())
    expected = torch.where(t >= 0, t, a * t)
    np.testing.assert_allclose(kernels.prelu(x, slope), nhwc(expected), **TOL)
    layer = REGISTRY["prelu"].from_settings({"per": "element"})
    assert layer.params([(3, 4, 5)]).trainable == 3 * 4 * 5


@pytest.mark.parametrize(("weights", "factor"), [([1, 0.17], None), ([0.5, 2, 1], None),
                                                 (None, 0.1)])
def test_scaled_sums_equal_torch(weights, factor):
    xs = [rand(1, 3, 3, 4, seed=s) for s in range(len(weights or [1]))]
    if factor is not None:
        got = ENGINE_LAYERS["scale"].forward(
            REGISTRY["scale"].from_settings({"factor": factor}), xs, None, None)
        expected = nchw(xs[0]) * factor          # timm's out * self.scale
    else:
        got = kernels.add(*xs, weights=weights)
        expected = sum(w * nchw(x) for w, x in zip(weights, xs))
    np.testing.assert_allclose(got, nhwc(expected), **TOL)


@pytest.mark.parametrize(("raw", "gamma", "beta"), [({"scale": False}, False, True),
                                                     ({"center": False}, True, False),
                                                     ({"affine": False}, False, False)])
def test_batchnorm_without_gamma_or_beta_equals_torch(raw, gamma, beta):
    x = rand(2, 3, 3, 4)
    layer = REGISTRY["batchnorm"].from_settings(raw)
    weights = ENGINE_LAYERS["batchnorm"].weights(layer, [x.shape[1:]], np.random.default_rng(3))
    mean, var = weights.buffers["running_mean"], weights.buffers["running_var"]
    torch_weight = torch.from_numpy(weights.trainable["gamma"]) if gamma else None
    torch_bias = torch.from_numpy(weights.trainable["beta"]) if beta else None
    expected = F.batch_norm(nchw(x), torch.from_numpy(mean), torch.from_numpy(var),
                            torch_weight, torch_bias, training=False, eps=layer.eps)
    got = ENGINE_LAYERS["batchnorm"].forward(layer, [x], weights, None)
    np.testing.assert_allclose(got, nhwc(expected), **TOL)
    params = layer.params([(3, 3, 4)])
    assert params.trainable == 4 * (gamma + beta)
    assert params.non_trainable == sum(b.numel() for name, b in nn.BatchNorm2d(4).named_buffers()
                                       if name in ("running_mean", "running_var"))
