"""The bundled ESPCN, Network in Network, Inception-v4 and Inception-ResNet-v2: exact totals.

The figures are written out: ESPCN's and NIN's as hand arithmetic, the Inceptions' parameters
as timm 1.0.31 counts them (``sum(p.numel() for p in timm.create_model(name).parameters())``)
and their multiplications as the PyTorch 2.13 hook count of the twins in
tests/torch_models_kinds_a.py (the same hooks count timm's own modules the same, layer for
layer). With torch installed the twins are counted here again; with timm, timm's modules too.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from cnncalc.calculator import summarize
from cnncalc.spec import load_spec


def conv(k, c_in, c_out, bias=True):
    """A k×k conv's parameters: (k·k·C_in + bias)·K."""
    return (k * k * c_in + bias) * c_out


ESPCN_PARAMS = conv(5, 1, 64) + conv(3, 64, 32) + conv(3, 32, 9)                    # 22,729
ESPCN_MULTS = 224 * 224 * (64 * 5 * 5 * 1 + 32 * 3 * 3 * 64 + 9 * 3 * 3 * 32)

# NIN (CIFAR-10): 32² for mlpconv1, 16² for mlpconv2, 8² for mlpconv3 (pools rounded up)
NIN_PARAMS = (conv(5, 3, 192) + conv(1, 192, 160) + conv(1, 160, 96)
              + conv(5, 96, 192) + conv(1, 192, 192) + conv(1, 192, 192)
              + conv(3, 192, 192) + conv(1, 192, 192) + conv(1, 192, 10))             # 966,986
NIN_MULTS = (32 * 32 * (192 * 5 * 5 * 3 + 160 * 192 + 96 * 160)
             + 16 * 16 * (192 * 5 * 5 * 96 + 192 * 192 + 192 * 192)
             + 8 * 8 * (192 * 3 * 3 * 192 + 192 * 192 + 10 * 192))

TOTALS = [
    # name, trainable, BN statistics, mults
    pytest.param("espcn", ESPCN_PARAMS, 0, ESPCN_MULTS, id="espcn"),
    pytest.param("nin", NIN_PARAMS, 0, NIN_MULTS, id="nin"),
    pytest.param("inception_v4", 42_679_816, 63_168, 12_253_974_624, id="inception_v4"),
    pytest.param("inception_resnet_v2", 55_843_464, 60_544, 13_155_794_016,
                 id="inception_resnet_v2"),
]
"""Also read by tests/test_bundled_specs.py, which wants every bundled spec's totals."""


@lru_cache(maxsize=None)
def totals(name):
    return summarize(load_spec(name)).totals


@pytest.mark.parametrize(("name", "trainable", "statistics", "mults"), TOTALS)
def test_totals(name, trainable, statistics, mults):
    got = totals(name)
    assert (got.trainable_params, got.non_trainable_params, got.mults) == (
        trainable, statistics, mults)


def espcn_totals(r):
    """ESPCN at 224×224×1 with factor r: the last conv has r² filters."""
    params = conv(5, 1, 64) + conv(3, 64, 32) + conv(3, 32, r * r)
    return params, 224 * 224 * (64 * 5 * 5 * 1 + 32 * 3 * 3 * 64 + r * r * 3 * 3 * 32)


@pytest.mark.parametrize(("name", "factor", "quoted"), [
    ("espcn_x2", 2, (21_284, 1_062_928_384)), ("espcn_x4", 4, (24_752, 1_236_336_640))])
def test_espcn_variants(name, factor, quoted):
    summary = summarize(load_spec(name))
    assert espcn_totals(factor) == quoted
    assert (summary.totals.trainable_params, summary.totals.mults) == quoted
    assert summary.row("shuffle").output_shape == (224 * factor, 224 * factor, 1)
    assert summary.name == f"ESPCN (×{factor})"


@pytest.mark.parametrize("factor", [2, 3, 4])
def test_espcn_twin_for_every_factor(factor):
    pytest.importorskip("torch")
    import torch_models
    import torch_models_kinds_a
    counted = torch_models.count(torch_models_kinds_a.espcn(upscale=factor), (224, 224, 1))
    assert (counted.trainable, counted.mults) == espcn_totals(factor)


def test_hand_arithmetic_is_the_figures_quoted():
    assert (ESPCN_PARAMS, ESPCN_MULTS) == (22_729, 1_135_181_824)
    assert (NIN_PARAMS, NIN_MULTS) == (966_986, 222_486_528)


def test_espcn_ends_in_the_pixel_shuffle():
    summary = summarize(load_spec("espcn"))
    assert summary.row("conv3").output_shape == (224, 224, 3 * 3)
    assert summary.row("shuffle").output_shape == (224 * 3, 224 * 3, 1)


def test_espcn_arguments_change_the_factor():
    summary = summarize(load_spec("espcn", settings={"upscale": 2, "size": 100}))
    assert summary.row("shuffle").output_shape == (200, 200, 1)
    assert summary.totals.trainable_params == conv(5, 1, 64) + conv(3, 64, 32) + conv(3, 32, 4)


def test_inception_resnet_scales_every_residual_by_a_constant():
    summary = summarize(load_spec("inception_resnet_v2"))
    factors = {}
    for row in summary.layers:
        if row.kind == "scale":
            assert row.params == 0
            factors.setdefault(row.name.split(".")[0].split("/")[0], set()).add(row.summary)
    assert factors == {"repeat": {"×0.17"}, "repeat_1": {"×0.1"},
                       "repeat_2": {"×0.2"}, "block8": {"×1"}}
    assert summary.row("block8/add1").output_shape == (8, 8, 2080)
    assert "block8/relu" not in {row.name for row in summary.layers}


def test_inception_v4_stages():
    summary = summarize(load_spec("inception_v4"))
    for name, shape in [("features.5/concat1", (35, 35, 384)),
                        ("features.10/concat1", (17, 17, 1024)),
                        ("features.18/concat1", (8, 8, 1536)),
                        ("features.21/concat1", (8, 8, 1536))]:
        assert summary.row(name).output_shape == shape


def test_nin_has_no_fully_connected_layer():
    summary = summarize(load_spec("nin"))
    assert not any(row.kind == "fc" for row in summary.layers)
    assert summary.row("pool3").output_shape == (1, 1, 10)


# --- with torch: the twins counted again; with timm, timm's own modules --------------------

@pytest.mark.parametrize(("name", "trainable", "statistics", "mults"), TOTALS)
def test_the_torch_twin_counts_the_same(name, trainable, statistics, mults):
    pytest.importorskip("torch")
    import torch_models
    counted = torch_models.count_model(name)
    assert (counted.trainable, counted.non_trainable, counted.mults) == (
        trainable, statistics, mults)


@pytest.mark.parametrize(("name", "trainable"), [("inception_v4", 42_679_816),
                                                 ("inception_resnet_v2", 55_843_464)])
def test_timm_counts_the_same(name, trainable):
    torch = pytest.importorskip("torch")
    register_fake = torch.library.register_fake

    def tolerant(*args, **kwargs):   # torchvision's compiled ops, which timm's models never use
        def decorate(function):
            try:
                return register_fake(*args, **kwargs)(function)
            except Exception:  # noqa: BLE001
                return function
        return decorate
    torch.library.register_fake = tolerant
    try:
        timm = pytest.importorskip("timm")
    finally:
        torch.library.register_fake = register_fake
    import torch_models
    model = timm.create_model(name)
    assert sum(p.numel() for p in model.parameters()) == trainable
    theirs = torch_models.count(model, torch_models.MODELS[name][1])
    twin = torch_models.count_model(name)
    assert [(layer.kind, layer.output_shape, layer.params, layer.mults)
            for layer in theirs.layers] == [(layer.kind, layer.output_shape, layer.params,
                                             layer.mults) for layer in twin.layers]
