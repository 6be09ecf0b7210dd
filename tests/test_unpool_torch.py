"""max_unpool and upsample's size_of against PyTorch (skipped where torch is not installed): the
engine's values equal ``F.max_pool2d(return_indices=True)``, ``nn.MaxUnpool2d`` and
``F.interpolate(x, size=other.shape[-2:])``; SegNet's totals equal its torch.nn twin's."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn, F = torch.nn, torch.nn.functional

from cnncalc.engine import kernels  # noqa: E402
from cnncalc.engine.layers import ENGINE_LAYERS  # noqa: E402
from cnncalc.spec import parse_spec  # noqa: E402
from torch_layout import nchw, nhwc, rand  # noqa: E402




CASES = [(2, 2, 0, False), (3, 2, 1, False), (3, 2, 0, True), (3, 1, 1, False),
         ((2, 3), (1, 2), (1, 0), True), (2, 2, 0, True)]


@pytest.mark.parametrize(("kernel", "stride", "padding", "ceil_mode"), CASES)
def test_max_pool_indices_equal_torch(kernel, stride, padding, ceil_mode):
    x = rand(2, 7, 9, 3)
    values, where = F.max_pool2d(nchw(x), kernel, stride, padding, ceil_mode=ceil_mode,
                                 return_indices=True)
    pads = tuple((p, p) for p in ((padding, padding) if isinstance(padding, int) else padding))
    ours, ours_where = kernels.max_pool2d_with_indices(x, kernel, stride, pads, ceil_mode)
    np.testing.assert_array_equal(ours, nhwc(values))
    np.testing.assert_array_equal(ours_where, where.numpy().transpose(0, 2, 3, 1))


@pytest.mark.parametrize(("kernel", "stride", "padding", "ceil_mode"), CASES)
def test_max_unpool_equals_torch(kernel, stride, padding, ceil_mode):
    x, decoder = rand(2, 7, 9, 3), None
    pooled, where = F.max_pool2d(nchw(x), kernel, stride, padding, ceil_mode=ceil_mode,
                                 return_indices=True)
    decoder = rand(*pooled.shape, seed=1)            # other values, put at the pool's maxima
    expected = nn.MaxUnpool2d(kernel, stride, padding)(torch.from_numpy(decoder), where,
                                                      output_size=(7, 9))
    pads = tuple((p, p) for p in ((padding, padding) if isinstance(padding, int) else padding))
    _, ours_where = kernels.max_pool2d_with_indices(x, kernel, stride, pads, ceil_mode)
    ours = kernels.max_unpool2d(decoder.transpose(0, 2, 3, 1), ours_where, 7, 9)
    np.testing.assert_array_equal(ours, nhwc(expected))


def node(text: str, name: str):
    return next(n for n in parse_spec(text, "test.yaml").nodes if n.name == name)


def test_engine_max_unpool_layer_equals_torch():
    """SegNet's odd case: a 45×60 map pooled to 22×30 and unpooled back to 45×60."""
    unpool = node("""
        input: 45x60x4
        layers:
          - maxpool: {kernel: 2, name: p1}
          - max_unpool: {pool: p1, name: un}
        """, "un")
    source = rand(2, 45, 60, 4)
    pooled, where = F.max_pool2d(nchw(source), 2, return_indices=True)
    decoder = rand(*pooled.shape, seed=3)
    expected = F.max_unpool2d(torch.from_numpy(decoder), where, 2, output_size=(45, 60))
    ours = ENGINE_LAYERS["max_unpool"].forward(
        unpool.layer, [decoder.transpose(0, 2, 3, 1), source], None, None)
    np.testing.assert_array_equal(ours, nhwc(expected))


@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
def test_engine_upsample_to_a_layers_size_equals_torch(mode):
    up = node(f"""
        input: 45x60x4
        layers:
          - maxpool: {{kernel: 2, name: p1}}
          - upsample: {{size_of: input, mode: {mode}, name: up}}
        """, "up")
    x, skip = rand(1, 22, 30, 4), rand(1, 45, 60, 4, seed=2)
    expected = F.interpolate(nchw(x), size=nchw(skip).shape[-2:], mode=mode,
                             **({"align_corners": False} if mode == "bilinear" else {}))
    ours = ENGINE_LAYERS["upsample"].forward(up.layer, [x, skip], None, None)
    np.testing.assert_allclose(ours, nhwc(expected), rtol=1e-5, atol=1e-5)
