"""The kinds pixel_shuffle, prelu, the constant scale, the weighted add and BatchNorm's scale and
center switches: shapes, parameters, operations, formulas and the engine's values, each number
worked out by hand (the PyTorch cross-checks are in tests/test_kinds_a_torch.py)."""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pytest
from click.testing import CliRunner

from cnncalc.cli import main
from cnncalc.conventions import FVCORE, PTFLOPS, THOP, TORCHINFO, TORCHSCAN
from cnncalc.engine import kernels
from cnncalc.errors import CnnCalcError
from cnncalc.operations import Op


def cli(tmp_path, monkeypatch, text: str, *command: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "net.yaml").write_text(textwrap.dedent(text).lstrip("\n"))
    return CliRunner().invoke(main, [*command, "net.yaml"])


# --- pixel_shuffle ---------------------------------------------------------------------------

def test_pixel_shuffle_moves_channels_into_space(calc):
    row = calc("17x17x576", "pixel_shuffle: 3").layers[0]   # ESPCN's last layer, 64·3² channels
    assert row.output_shape == (17 * 3, 17 * 3, 576 // (3 * 3))
    assert (row.params, row.mults, dict(row.operations)) == (0, 0, {})
    assert row.formulas["output"] == "H: 17·3 = 51; W: 17·3 = 51; C: 576/3² = 64"
    assert "nn.PixelShuffle" in row.notes[0] and "depth_to_space" in row.notes[0]


def test_pixel_shuffle_rectangular_and_dcr(calc):
    row = calc("3x5x32", "depth_to_space: {factor: 4, order: dcr}").layers[0]
    assert row.output_shape == (3 * 4, 5 * 4, 32 // 16)
    assert "DCR" in row.notes[0]


@pytest.mark.parametrize(("shape", "line", "said"), [
    ("4x4x8", "pixel_shuffle: 3", "needs channels divisible by r² = 9"),
    ("16", "pixel_shuffle: 2", "needs an H×W×C input"),
    ("4x4x8", "pixel_shuffle: {factor: 2, order: tf}", "expected one of crd, dcr"),
    ("4x4x8", "pixel_shuffle: 0", "at least 1"),
])
def test_pixel_shuffle_refuses(shape, line, said, calc):
    with pytest.raises(CnnCalcError, match=said):
        calc(shape, line)


def test_pixel_shuffle_three_is_not_taken_for_channel_shuffle(tmp_path, monkeypatch):
    result = cli(tmp_path, monkeypatch, """
        input: 4x4x18
        layers:
          - pixel_shuffle: 3
        """, "summarize")
    assert result.exit_code == 0, result.output
    assert "channel_shuffle" not in result.output


def test_pixel_shuffle_kernel_orders():
    """Two channels, r = 2: CRD reads channel c·4 + i·2 + j at patch position (i, j), DCR
    (i·2 + j)·2 + c."""
    x = np.arange(8, dtype=np.float32).reshape(1, 1, 1, 8)
    crd = kernels.pixel_shuffle(x, 2, "crd")
    dcr = kernels.pixel_shuffle(x, 2, "dcr")
    assert crd.shape == dcr.shape == (1, 2, 2, 2)
    assert crd[0, :, :, 0].tolist() == [[0, 1], [2, 3]]
    assert crd[0, :, :, 1].tolist() == [[4, 5], [6, 7]]
    assert dcr[0, :, :, 0].tolist() == [[0, 2], [4, 6]]
    assert dcr[0, :, :, 1].tolist() == [[1, 3], [5, 7]]


def test_pixel_shuffle_kernel_places_patches_by_position():
    """Input position (h, w) fills output rows 2h, 2h + 1 and columns 2w, 2w + 1."""
    x = np.zeros((1, 2, 3, 4), np.float32)
    x[0, 1, 2] = [10, 11, 12, 13]
    y = kernels.pixel_shuffle(x, 2)
    assert y[0, 2:4, 4:6, 0].tolist() == [[10, 11], [12, 13]]
    assert np.count_nonzero(y) == 4


# --- the constant scale ---------------------------------------------------------------------

def test_constant_scale_has_no_parameters(calc):
    summary = calc("35x35x320", "scale: 0.17", "scale: {factor: 0.1, from: input}",
                   "scale: {from: input}", "layer_scale: {from: input}")
    constant, other, learned, alias = summary.layers
    assert (constant.params, other.params) == (0, 0)
    assert (learned.trainable_params, alias.trainable_params) == (320, 320)
    assert constant.summary.endswith("×0.17")
    assert constant.formulas["params"] == "none (a constant factor 0.17)"
    assert dict(constant.operations) == {Op.SCALE_ELEMENTS: 35 * 35 * 320}
    assert constant.mults == 0
    assert "a learned layer scale is `scale` without a factor" in constant.notes[0]
    assert learned.notes == ()


def test_scale_with_a_factor_no_longer_offers_missing_settings(tmp_path, monkeypatch):
    result = cli(tmp_path, monkeypatch, """
        input: 8x8x4
        layers:
          - scale: 0.17
        """, "summarize")
    assert result.exit_code == 0, result.output
    assert "settings" not in result.output


def test_a_scale_factor_must_be_a_number(calc):
    with pytest.raises(CnnCalcError, match="expected a number, received 'big'"):
        calc("8x8x4", "scale: big")


# --- the weighted add -----------------------------------------------------------------------

def test_weighted_add_counts_its_products_apart(calc):
    summary = calc("17x17x1088", "relu", "add: {from: [relu1, input], weights: [0.1, 1]}")
    row = summary.row("add1")
    assert row.output_shape == (17, 17, 1088)
    assert (row.params, row.mults) == (0, 0)
    # one sum and one product (by 0.1; the weight 1 costs none) per element
    assert dict(row.operations) == {Op.ADD_ELEMENTS: 17 * 17 * 1088,
                                    Op.WEIGHTED_ADD_PRODUCTS: 17 * 17 * 1088}
    assert row.formulas["output"].startswith("0.1·x1 + 1·x2")
    assert row.formulas["params"] == "none (the weights are constants)"


def test_weights_of_one_are_a_plain_add(calc):
    row = calc("4x4x2", "add: {from: [input, input], weights: [1, 1]}").layers[0]
    assert dict(row.operations) == {Op.ADD_ELEMENTS: 4 * 4 * 2}


def test_one_weight_per_input(tmp_path, monkeypatch):
    result = cli(tmp_path, monkeypatch, """
        input: 4x4x2
        layers:
          - relu
          - add: {from: [relu1, input], weights: [1, 0.5, 2]}
        """, "summarize")
    assert result.exit_code == 2
    assert ("net.yaml:4:5: layer 2 'add1': add has 2 inputs but 3 weights; give one weight "
            "per input, in the order of 'from'") in result.output
    assert "Traceback" not in result.output


def test_weighted_add_kernel():
    a = np.full((1, 2, 2, 1), 2.0, np.float32)
    b = np.full((1, 2, 2, 1), 10.0, np.float32)
    assert kernels.add(a, b, weights=[1, 0.25]).ravel().tolist() == [2 + 0.25 * 10] * 4
    assert kernels.add(a, b, weights=[0.5, 1]).ravel().tolist() == [0.5 * 2 + 10] * 4
    assert kernels.add(a, b).ravel().tolist() == [12] * 4


def test_weighted_add_kernel_scales_past_a_chunk():
    """More elements than one chunk of the in-place scaling: every element is reached."""
    from cnncalc.engine.merge import CHUNK
    n = CHUNK * 2 + 3
    a = np.ones((1, 1, n, 1), np.float32)
    total = kernels.add(a, a, weights=[1, 3])
    assert np.all(total == 1 + 3)


# --- prelu ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "slopes", "said"), [
    ("prelu", 64, "C = 64 trainable (a slope a per channel, nn.PReLU(num_parameters=64))"),
    ("prelu: channel", 64, "C = 64"),
    ("prelu: one", 1, "1 trainable (one slope a for every element, nn.PReLU()'s default)"),
    ("prelu: {per: element}", 5 * 6 * 64, "5·6·64 = 1,920 trainable (a slope a per element"),
])
def test_prelu_slopes(line, slopes, said, calc):
    row = calc("5x6x64", line).layers[0]
    assert row.output_shape == (5, 6, 64)
    assert (row.trainable_params, row.non_trainable_params, row.biases) == (slopes, 0, 0)
    assert row.mults == 0
    assert dict(row.operations) == {Op.PRELU_ELEMENTS: 5 * 6 * 64, Op.PRELU_PARAMS: slopes}
    assert row.formulas["params"].startswith(said)


def test_prelu_notes_say_which_framework_default_is_which(calc):
    channel, one, element = calc("4x4x8", "prelu", "prelu: {per: one, from: input}",
                                 "prelu: {per: element, from: input}").layers
    assert "nn.PReLU() without num_parameters" in channel.notes[0]
    assert one.notes == ()
    assert "ties the layer to this input size" in element.notes[0]


def test_prelu_on_a_vector(calc):
    assert calc("10", "prelu").layers[0].trainable_params == 10


def test_prelu_per_what(calc):
    with pytest.raises(CnnCalcError, match="expected one of channel, one, element"):
        calc("4x4x2", "prelu: {per: pixel}")


def test_prelu_is_not_in_place():
    from cnncalc.layers import REGISTRY
    assert not REGISTRY["prelu"].in_place


def test_prelu_kernel():
    x = np.array([-2.0, -1.0, 0.0, 3.0], np.float32).reshape(1, 1, 2, 2)
    per_channel = kernels.prelu(x, np.array([0.5, 0.25], np.float32))
    assert per_channel.ravel().tolist() == [-2 * 0.5, -1 * 0.25, 0, 3]
    shared = kernels.prelu(x, np.array([0.1], np.float32))
    assert shared.ravel().tolist() == pytest.approx([-0.2, -0.1, 0, 3])


def test_prelu_by_the_tools(calc):
    """Measured on nn.PReLU(8) at 8×4×4 (128 elements): ptflops 0.7.5 256 (its module hook and
    its patched F.prelu, 128 each), thop 0.1.1 128 (count_prelu), torchinfo 1.8.0 8 (each slope
    once), torchscan 0.2.0 0 (no formula for PReLU); fvcore has no handle for aten::prelu."""
    operations = calc("4x4x8", "prelu").layers[0].operations
    assert PTFLOPS.count(operations) == 2 * 4 * 4 * 8
    assert THOP.count(operations) == 4 * 4 * 8
    assert TORCHINFO.count(operations) == 8
    assert TORCHSCAN.count(operations) == FVCORE.count(operations) == 0


# --- BatchNorm's scale and center -----------------------------------------------------------

@pytest.mark.parametrize(("line", "trainable", "biases", "said"), [
    ("bn", 2 * 32, 32, "2·32 = 64 trainable (γ, β)"),
    ("bn: {scale: false}", 32, 32, "C = 32 trainable (β; scale: false, no γ)"),
    ("bn: {center: false}", 32, 0, "C = 32 trainable (γ; center: false, no β)"),
    ("bn: {scale: false, center: false}", 0, 0, "0 trainable"),
    ("bn: {affine: false}", 0, 0, "0 trainable"),
    ("bn: {affine: true, scale: true, center: false}", 32, 0, "C = 32"),
])
def test_batchnorm_switches(line, trainable, biases, said, calc):
    row = calc("7x7x32", line).layers[0]
    assert (row.trainable_params, row.non_trainable_params, row.biases) == (
        trainable, 2 * 32, biases)
    assert row.formulas["params"].startswith(said)
    assert row.formulas["params"].endswith(" + 2·32 = 64 running statistics (mean, variance)")
    ops = row.operations
    assert ops.get(Op.BN_AFFINE_PARAMS, 0) == trainable
    assert ops.get(Op.BN_AFFINE_ELEMENTS, 0) == (7 * 7 * 32 if trainable else 0)


def test_batchnorm_affine_false_with_a_switch_on(calc):
    with pytest.raises(CnnCalcError, match="affine: false already leaves γ and β out"):
        calc("7x7x32", "bn: {affine: false, scale: true}")


def test_batchnorm_switches_in_the_engine():
    from cnncalc.engine.layers import ENGINE_LAYERS
    from cnncalc.layers import REGISTRY
    engine, rng = ENGINE_LAYERS["batchnorm"], np.random.default_rng(0)
    for raw, names in [({"scale": False}, {"beta"}), ({"center": False}, {"gamma"}),
                       ({"affine": False}, set()), ({}, {"gamma", "beta"})]:
        layer = REGISTRY["batchnorm"].from_settings(raw)
        weights = engine.weights(layer, [(2, 2, 3)], rng)
        assert set(weights.trainable) == names
        assert set(weights.buffers) == {"running_mean", "running_var"}


# --- all of them through verify -------------------------------------------------------------

SPEC = """
    input: 6x6x36
    layers:
      - conv: {filters: 18, kernel: 3, padding: 1}
      - prelu
      - pixel_shuffle: 3                       # 18×18×2
      - bn: {scale: false}
      - prelu: {per: element}
      - scale: 0.17
      - add: {from: [scale1, bn1], weights: [1, 0.5]}
      - bn: {center: false}
      - prelu: one
      - depth_to_space: {factor: 2, from: input, order: dcr}
    """


def test_verify_runs_every_new_kind(tmp_path, monkeypatch):
    result = cli(tmp_path, monkeypatch, SPEC, "verify", "--json")
    assert result.exit_code == 0, result.output[-2000:]
    data = json.loads(result.stdout)   # stderr warns: prelu3 is read by nothing
    assert data["ok"] and len(data["layers"]) == 10


def test_the_spec_totals_by_hand(calc_text):
    summary = calc_text(SPEC)
    conv = (3 * 3 * 36 + 1) * 18
    trainable = conv + 18 + 2 + 18 * 18 * 2 + 0 + 2 + 1   # + prelu, β, slopes, γ, one slope
    assert summary.totals.trainable_params == trainable
    assert summary.totals.non_trainable_params == 2 * 2 + 2 * 2
    assert summary.totals.mults == 6 * 6 * 18 * 3 * 3 * 36


def test_scaled_residuals_by_the_tools(calc):
    """Measured on a module computing ``conv(x) * 0.17 + x`` (a 1×1 conv, 8 → 8, at 8×4×4):
    thop 0.1.1, ptflops 0.7.5 (both backends) and torchinfo 1.8.0 all report the conv's
    4·4·8·8 = 1,024 alone — the constant product and the sum are tensor arithmetic no module
    hook or patched function sees. Every convention weighs the constant scale and a weighted
    add's products 0."""
    from cnncalc.conventions import CONVENTIONS
    summary = calc("4x4x8", "scale: 0.17", "add: {from: [input, input], weights: [0.17, 1]}")
    for row in summary.layers:
        for convention in CONVENTIONS.values():
            assert convention.count(row.operations) == 0, (row.name, convention.name)
