"""Counting conventions on small networks counted by hand.

Each profile's rules (cnncalc/conventions.py, docs/teaching.md) are applied here as
arithmetic to two tiny networks in which every category is nonzero; tests/test_tool_conventions.py
checks the same profiles against the tools themselves on real networks.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.conventions import CONVENTIONS, DEFAULT, ConventionError, convention_named
from cnncalc.operations import Op
from cnncalc.spec import load_spec, parse_spec

SPECS = Path(__file__).resolve().parent.parent / "specs"

# 8×8×3 → conv 4 × 3×3 pad 1 (bias) → BN → ReLU → max pool 2 → 1×1 conv (no bias) → residual
# add → average pool 2 → global average pool → fc 10 → softmax
SMALL_NET = """
name: small
input: 8x8x3
layers:
  - conv: {filters: 4, kernel: 3, padding: 1}
  - bn
  - relu
  - maxpool: 2
  - conv: {name: conv2, filters: 4, kernel: 1, bias: false}
  - add: {from: [pool1, conv2]}
  - avgpool: 2
  - global_avgpool
  - flatten
  - fc: 10
  - softmax
"""

CONV_MACS = 8*8*4 * 3*3*3 + 4*4*4 * 1*1*4
FC_MACS = 4 * 10
BIASES = 8*8*4 + 10                   # conv1's 4 maps of 8×8, fc's 10 outputs
BN = 8*8*4                            # elements normalised (and scaled: affine)
RELU = 8*8*4
MAXPOOL_IN, MAXPOOL_OUT = 8*8*4, 4*4*4
AVGPOOL_IN, AVGPOOL_OUT = 4*4*4, 2*2*4
GLOBAL_IN, GLOBAL_OUT = 2*2*4, 4
SOFTMAX = 10
PARAMS = (3*3*3 + 1) * 4 + 2*4 + 1*1*4 * 4 + (4 + 1) * 10
BN_STATISTICS = 2*4

SMALL_EXPECTED = {
    "cnncalc": CONV_MACS + FC_MACS,
    "keras": CONV_MACS + FC_MACS,
    # every parameter × the positions it is used at: weights and biases, BN's γ and β once
    "torchinfo": CONV_MACS + FC_MACS + BIASES + 2*4,
    # + BN 2 per element, ReLU and pooling inputs twice (hook + functional), softmax once
    "ptflops": CONV_MACS + FC_MACS + BIASES + 2*BN + 2*RELU + 2*MAXPOOL_IN + 2*AVGPOOL_IN
               + 2*GLOBAL_IN + SOFTMAX,
    "ptflops-aten": CONV_MACS + FC_MACS + BIASES,
    "fvcore": CONV_MACS + FC_MACS + 2*BN + GLOBAL_IN,
    # BN 4 per element; softmax exp + add + div per element less one add; avg pools
    "thop": CONV_MACS + FC_MACS + 4*BN + (3*SOFTMAX - 1) + AVGPOOL_OUT + (GLOBAL_IN + GLOBAL_OUT),
    # as thop, but an average pool adds each window's 2·2 inputs and divides once per output
    "ultralytics-thop": CONV_MACS + FC_MACS + 4*BN + (3*SOFTMAX - 1)
                        + AVGPOOL_OUT * (2*2 + 1) + (GLOBAL_IN + GLOBAL_OUT),
    # max pool F − 1 per output, average F + 1 (F = 2, the window's side), global H·W + 1
    "torchscan": CONV_MACS + FC_MACS + 2*BN + MAXPOOL_OUT * (2 - 1) + AVGPOOL_OUT * (2 + 1)
                 + GLOBAL_OUT * (2*2 + 1),
    # n products and n − 1 additions per output, + 1 per bias; BN 2 per channel + 4 per
    # element; ReLU 1 per element; pooling as its MACs; softmax and the add count 0
    "torchscan-flops": 8*8*4 * (2 * 3*3*3 - 1) + 4*4*4 * (2 * 1*1*4 - 1) + 10 * (2*4 - 1)
                       + BIASES + 2*4 + 4*BN + RELU + MAXPOOL_OUT * (2 - 1)
                       + AVGPOOL_OUT * (2 + 1) + GLOBAL_OUT * (2*2 + 1),
}

# 2×2×3 → transposed conv 2 × 4×4 /2 pad 1 (with bias) → 4×4×2 → tanh
GENERATOR = """
name: up
input: 2x2x3
layers:
  - conv_transpose: {filters: 2, kernel: 4, stride: 2, padding: 1}
  - tanh
"""
OVER_INPUT = 2*2*3 * 4*4*2            # each input position scatters a 4×4×2 patch
OVER_OUTPUT = 4*4*2 * 4*4*3           # as a convolution over the 4×4 output
T_BIAS = 4*4*2

GENERATOR_EXPECTED = {
    "cnncalc": OVER_INPUT,
    "keras": OVER_INPUT,
    "torchinfo": OVER_OUTPUT + T_BIAS,
    "ptflops": OVER_INPUT + T_BIAS,   # tanh has no hook
    "ptflops-aten": OVER_INPUT + T_BIAS,
    "fvcore": OVER_INPUT,
    "thop": OVER_OUTPUT,
    "ultralytics-thop": OVER_INPUT,   # count_convtNd walks the input; no bias
    "torchscan": OVER_OUTPUT + 4 * 2,  # 4 per spatial axis for the output padding
    "torchscan-flops": 4*4*2 * (2 * 4*4*3 - 1) + T_BIAS + 8 * 2 + 6 * 4*4*2,  # tanh 6 each
}


@lru_cache(maxsize=None)
def counted(text: str, name: str, batch: int = 1):
    return summarize(parse_spec(text, "test.yaml"), batch, convention_named(name))


def test_every_convention_has_an_expected_count():
    assert set(SMALL_EXPECTED) == set(GENERATOR_EXPECTED) == set(CONVENTIONS)


@pytest.mark.parametrize("name", list(SMALL_EXPECTED))
def test_small_network(name):
    totals = counted(SMALL_NET, name).totals
    assert totals.mults == SMALL_EXPECTED[name]
    statistics = BN_STATISTICS if name in ("cnncalc", "keras") else 0
    assert (totals.trainable_params, totals.non_trainable_params) == (PARAMS, statistics)


@pytest.mark.parametrize("name", list(GENERATOR_EXPECTED))
def test_transposed_convolution(name):
    assert counted(GENERATOR, name).totals.mults == GENERATOR_EXPECTED[name]


@pytest.mark.parametrize("name", list(CONVENTIONS))
def test_counts_scale_with_the_batch(name):
    assert counted(SMALL_NET, name, 3).totals.mults == 3 * SMALL_EXPECTED[name]


def test_default_convention_counts_exactly_the_mults_of_every_bundled_layer():
    """The categories reproduce each layer's own `mults`: the default changes no number."""
    for path in sorted(SPECS.glob("*.yaml")):
        network = load_spec(path)
        for node, row in zip(network.nodes, summarize(network).layers):
            assert row.mults == node.layer.mults(row.input_shapes, row.output_shape), row.name
            assert all(isinstance(op, Op) and count > 0 for op, count in row.operations.items())


def test_convention_lines_fit_80_columns():
    assert all(len(convention.line) <= 80 for convention in CONVENTIONS.values())


def test_names_are_forgiving_and_unknown_names_list_the_valid_ones():
    assert convention_named("PTFLOPS_aten") is CONVENTIONS["ptflops-aten"]
    assert convention_named("cnncalc") is DEFAULT
    with pytest.raises(ConventionError) as error:
        convention_named("flopco")
    assert "'flopco'" in str(error.value)
    assert all(name in str(error.value) for name in CONVENTIONS)


# ----------------------------------------------------------------------------- CLI

def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("name", list(CONVENTIONS))
def test_cli_convention_changes_the_json_totals(name, tmp_path):
    spec = tmp_path / "small.yaml"
    spec.write_text(SMALL_NET)
    result = run("summarize", str(spec), "--json", "--convention", name)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["convention"] == name
    assert data["totals"]["mults"] == SMALL_EXPECTED[name]
    assert sum(layer["mults"] for layer in data["layers"]) == SMALL_EXPECTED[name]
    # FLOPs: 2 per multiply-accumulate, unless the convention counts FLOPs itself
    flops_per_count = 1 if name == "torchscan-flops" else 2
    assert data["totals"]["flops"] == flops_per_count * SMALL_EXPECTED[name]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_every_summary_names_its_convention(fmt):
    result = run("summarize", "lenet5", "--format", fmt, "--convention", "thop")
    assert result.exit_code == 0
    assert CONVENTIONS["thop"].line in result.output
    default = run("summarize", "lenet5", "--format", fmt)
    assert DEFAULT.line in default.output


def test_unknown_convention_is_a_user_error():
    result = run("summarize", "lenet5", "--convention", "flopco")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "choose one of: cnncalc, torchinfo" in result.output


def test_explain_shows_the_conventions_that_differ():
    result = run("explain", "resnet50", "maxpool")
    assert result.exit_code == 0
    # ptflops: the 112×112×64 input, once by its module hook and once by F.max_pool2d
    assert f"ptflops counts {2 * 112*112*64:,} MACs" in result.output
    # torchscan: (F − 1) per output element, F = 3 the window's side
    assert f"torchscan counts {56*56*64 * (3 - 1):,} MACs" in result.output
    assert "thop" not in result.output          # thop counts a max pool as 0, as cnncalc does


def test_specs_shows_bn_statistics_apart():
    result = run("specs", "--totals")
    assert f"{25_557_032:,} + {53_120:,}" in result.output


def test_conventions_command_lists_every_convention_with_its_rules():
    result = run("conventions", "--sources")
    assert result.exit_code == 0
    for convention in CONVENTIONS.values():
        assert convention.name in result.output
    assert "layer_info.py" in "".join(result.output.split())   # folded at 80 columns


def test_json_layers_carry_their_operations(tmp_path):
    spec = tmp_path / "small.yaml"
    spec.write_text(SMALL_NET)
    layers = json.loads(run("summarize", str(spec), "--json", "--batch", "2").output)["layers"]
    by_name = {layer["name"]: layer["operations"] for layer in layers}
    assert by_name["conv1"] == {"conv_macs": 2 * 8*8*4 * 3*3*3, "linear_outputs": 2 * 8*8*4,
                                "bias_adds": 2 * 8*8*4}
    assert by_name["pool1"] == {"maxpool_input": 2 * 8*8*4, "maxpool_output": 2 * 4*4*4,
                                "maxpool_output_by_side": 2 * 4*4*4 * 2}
    assert by_name["flatten1"] == {}


# ----------------------------------------------------------------------------- every kind

# kind → (input, layer line, its operations by category), worked out by hand. A new kind fails
# test_every_kind_states_its_operations until it is added here.
KIND_OPERATIONS = {
    "conv": ("8x8x3", "conv: {filters: 4, kernel: 3}",
             {Op.CONV_MACS: 6*6*4 * 3*3*3, Op.LINEAR_OUTPUTS: 6*6*4, Op.BIAS_ADDS: 6*6*4}),
    "conv_transpose": ("4x4x2", "conv_transpose: {filters: 3, kernel: 2, stride: 2}",
                       {Op.TRANSPOSED_MACS_OVER_INPUT: 4*4*2 * 2*2*3,
                        Op.TRANSPOSED_MACS_OVER_OUTPUT: 8*8*3 * 2*2*2, Op.TRANSPOSED_AXES: 2,
                        Op.LINEAR_OUTPUTS: 8*8*3, Op.BIAS_ADDS: 8*8*3}),
    "maxpool": ("8x8x3", "maxpool: 2", {Op.MAXPOOL_INPUT: 8*8*3, Op.MAXPOOL_OUTPUT: 4*4*3,
                                        Op.MAXPOOL_OUTPUT_BY_SIDE: 4*4*3 * 2}),
    "avgpool": ("9x9x3", "avgpool: {kernel: [3, 2], stride: 2}",
                {Op.AVGPOOL_INPUT: 9*9*3, Op.AVGPOOL_OUTPUT: 4*4*3,
                 Op.AVGPOOL_OUTPUT_BY_SIDE: 4*4*3 * 3*2,          # not square: Fh·Fw
                 Op.AVERAGED_INPUTS: 4*4*3 * 3*2}),               # 4 full 3×2 windows a side
    "global_avgpool": ("7x7x5", "global_avgpool",
                       {Op.GLOBAL_POOL_INPUT: 7*7*5, Op.GLOBAL_POOL_OUTPUT: 5,
                        Op.AVERAGED_INPUTS: 7*7*5}),
    "adaptive_avgpool": ("12x12x5", "adaptive_avgpool: [6, 4]",
                         {Op.GLOBAL_POOL_INPUT: 12*12*5, Op.GLOBAL_POOL_OUTPUT: 6*4*5,
                          Op.AVERAGED_INPUTS: (6*2) * (4*3) * 5}),   # bins 2 and 3 wide
    "fc": ("10", "fc: 3", {Op.FC_MACS: 10 * 3, Op.LINEAR_OUTPUTS: 3, Op.BIAS_ADDS: 3}),
    "flatten": ("2x3x4", "flatten", {}),
    "relu": ("4x4x2", "relu", {Op.RELU_ELEMENTS: 4*4*2}),
    "relu6": ("4x4x2", "relu6", {Op.RELU6_ELEMENTS: 4*4*2}),
    "tanh": ("4x4x2", "tanh", {Op.TANH_ELEMENTS: 4*4*2}),
    "sigmoid": ("4x4x2", "sigmoid", {Op.SIGMOID_ELEMENTS: 4*4*2}),
    "softmax": ("4x4x2", "softmax", {Op.SOFTMAX_ELEMENTS: 4*4*2, Op.SOFTMAX_ROWS: 4*4}),
    "silu": ("4x4x2", "silu", {Op.SILU_ELEMENTS: 4*4*2}),
    "hardswish": ("4x4x2", "hardswish", {Op.HARD_ACTIVATION_ELEMENTS: 4*4*2}),
    "hardsigmoid": ("4x4x2", "hardsigmoid", {Op.HARD_ACTIVATION_ELEMENTS: 4*4*2}),
    "gelu": ("4x4x2", "gelu", {Op.GELU_ELEMENTS: 4*4*2}),
    "identity": ("4x4x2", "identity", {}),
    "split": ("4x4x6", "split: {parts: 3, take: 2}", {}),
    "channel_shuffle": ("4x4x6", "channel_shuffle: 3", {}),
    "upsample": ("3x5x2", "upsample: {scale: 2, mode: bilinear}",
                 {Op.UPSAMPLE_BILINEAR_OUTPUT: 6*10*2}),
    "crop": ("9x9x2", "crop: {margins: [1, 2, 0, 3]}", {}),
    "zeropad": ("4x4x2", "zeropad: [1, 2]", {}),
    "layernorm": ("4x4x8", "layernorm", {Op.LAYERNORM_ELEMENTS: 4*4*8}),
    "scale": ("4x4x8", "scale", {Op.SCALE_ELEMENTS: 4*4*8}),
    "pixel_shuffle": ("2x2x8", "pixel_shuffle: 2", {}),
    "prelu": ("4x4x8", "prelu", {Op.PRELU_ELEMENTS: 4*4*8, Op.PRELU_PARAMS: 8}),
    "leaky_relu": ("4x4x2", "leaky_relu: 0.2", {Op.LEAKY_RELU_ELEMENTS: 4*4*2}),
    "dropout": ("4x4x2", "dropout: 0.3", {Op.DROPOUT_ELEMENTS: 4*4*2}),
    "lrn": ("4x4x8", "lrn: {size: 5}", {Op.LRN_ELEMENTS: 4*4*8, Op.LRN_PADDING: (5 - 1) * 4*4}),
    "batchnorm": ("4x4x8", "batchnorm",
                  {Op.BN_ELEMENTS: 4*4*8, Op.BN_AFFINE_ELEMENTS: 4*4*8, Op.BN_CHANNELS: 8,
                   Op.BN_AFFINE_PARAMS: 2 * 8}),
    "add": ("4x4x2", "add: {from: [input, input, input]}", {Op.ADD_ELEMENTS: 4*4*2 * 2}),
    "concat": ("4x4x2", "concat: {from: [input, input]}", {}),
    "multiply": ("4x4x2", "multiply: {from: [input, input]}", {Op.MUL_ELEMENTS: 4*4*2}),
    "max_unpool": ("4x4x2", "maxpool: {kernel: 2, name: p}\n  - max_unpool: p", {}),  # copies
}


def test_every_kind_states_its_operations():
    from cnncalc.layers import kinds
    assert {cls.kind for cls in kinds()} == set(KIND_OPERATIONS)


@pytest.mark.parametrize("kind", KIND_OPERATIONS)
def test_kind_operations(kind, calc):
    input_shape, line, expected = KIND_OPERATIONS[kind]
    row = calc(input_shape, line).layers[-1]   # the last: a kind may need a layer before it
    assert row.kind == kind
    assert dict(row.operations) == expected
    assert DEFAULT.count(row.operations) == row.mults


def test_dropout_without_a_rate_does_nothing(calc):
    assert calc("4x4x2", "dropout: 0").layers[0].operations == {}


# Further settings of a kind that report other categories.
MORE_OPERATIONS = [
    ("3x5x2", "upsample: 2", {Op.UPSAMPLE_NEAREST_OUTPUT: 6*10*2}),
    # 0.5·a + 1·b + 0.25·c: two of the three inputs weighted, 4·4·2 products each
    ("4x4x2", "add: {from: [input, input, input], weights: [0.5, 1, 0.25]}",
     {Op.ADD_ELEMENTS: 4*4*2 * 2, Op.WEIGHTED_ADD_PRODUCTS: 4*4*2 * 2}),
    ("4x4x2", "scale: 0.17", {Op.SCALE_ELEMENTS: 4*4*2}),
]


@pytest.mark.parametrize("input_shape, line, expected", MORE_OPERATIONS)
def test_more_operations(input_shape, line, expected, calc):
    assert dict(calc(input_shape, line).layers[0].operations) == expected


def test_every_category_is_reported_by_some_kind():
    reported = {op for _, _, operations in [*KIND_OPERATIONS.values(), *MORE_OPERATIONS]
                for op in operations}
    assert reported == set(Op)


def test_ultralytics_thop_counts_layer_norm_as_batch_norm():
    """count_normalization for nn.LayerNorm: 2 per element, doubled with γ and β."""
    text = "name: ln\ninput: 4x4x8\nlayers:\n  - layernorm\n"
    assert counted(text, "ultralytics-thop").totals.mults == 4 * 4*4*8
    assert counted(text, "thop").totals.mults == 0
