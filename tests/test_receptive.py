"""Receptive fields: size r, jump j and the first output's centre, per axis.

Expected values come from a published table (google-research/receptive_field, the library of
Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks", Distill
2019), from the recurrences written out as arithmetic, and from a brute-force witness that
enumerates which input positions each output reads on one axis.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from fractions import Fraction

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc.calculator import summarize
from cnncalc.check.quantities import Quantity, layer_value, quantity_named, total_value
from cnncalc.cli import main
from cnncalc.receptive import AxisWindow, through_window
from cnncalc.render.explanation import explanation
from cnncalc.report import as_dict
from cnncalc.spec import load_spec, parse_spec
from rich.console import Console


def field_of(spec_text: str, name: str):
    return summarize(parse_spec(spec_text)).row(name).receptive_field


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# A witness independent of the recurrence: on one axis, the input positions (padding included,
# so coordinates may be negative or beyond the input) that each output reads.

def conv_reads(out_index: int, kernel: int, stride: int, pad: int, dilation: int = 1):
    """Positions of the layer's input that output `out_index` of a window reads."""
    return {out_index * stride - pad + m * dilation for m in range(kernel)}


def transposed_reads(out_index: int, kernel: int, stride: int, pad: int, in_size: int):
    """Inputs i that scatter into output o: o = i·s − p + m for a tap m (PyTorch's rule);
    positions before and after the input count, like padding in a convolution's field."""
    return {i for i in range(-kernel, in_size + kernel) for m in range(kernel)
            if i * stride - pad + m == out_index}


def input_positions(reads_per_layer, out_index: int) -> set[int]:
    """Follow an output back through the layers (last first) to input positions."""
    positions = {out_index}
    for reads in reversed(reads_per_layer):
        positions = set().union(*(reads(position) for position in positions))
    return positions


window_stacks = st.lists(st.tuples(st.integers(1, 7), st.integers(1, 4), st.integers(0, 3),
                                   st.integers(1, 3)), min_size=1, max_size=5)


@settings(max_examples=150, deadline=None)
@given(stack=window_stacks, out_index=st.integers(0, 6))
def test_recurrence_matches_enumeration_for_any_stack(stack, out_index):
    """For any stack of (kernel, stride, padding, dilation) windows on one axis, output n reads
    input positions spanning exactly r, centred at start + n·j."""
    size, jump, start = 1, 1, 0
    reads = []
    for kernel, stride, pad, dilation in stack:
        span = dilation * (kernel - 1) + 1
        size, jump, start = through_window(size, jump, start, AxisWindow(span, stride, pad))
        reads.append(lambda o, k=kernel, s=stride, p=pad, d=dilation: conv_reads(o, k, s, p, d))
    positions = input_positions(reads, out_index)
    assert max(positions) - min(positions) + 1 == size
    assert Fraction(min(positions) + max(positions), 2) == start + out_index * jump


# --- single-path networks ---------------------------------------------------------------

def test_three_stacked_3x3_convs_see_7x7():
    field = field_of("""
input: 32x32x3
layers:
  - conv: {name: a, filters: 8, kernel: 3, padding: 1}
  - conv: {name: b, filters: 8, kernel: 3, padding: 1}
  - conv: {name: c, filters: 8, kernel: 3, padding: 1}
""", "c")
    assert field.size == (1 + 2 + 2 + 2,) * 2
    assert field.jump == (1, 1) and field.start == (0, 0)


# google-research/receptive_field, receptive_field/RECEPTIVE_FIELD_TABLE.md (pre-computed by
# the library the Distill article presents): "alexnet_v2" end-points at resolution 224 and None,
# columns RF, effective stride, effective padding. alexnet_v2 (TF-Slim's nets/alexnet.py, conv
# SAME and pool VALID by its arg_scope) has our AlexNet's geometry:
# conv1 11×11/4 VALID, pool 3×3/2 VALID, conv2 5×5 SAME (= pad 2), conv3–5 3×3 SAME (= pad 1);
# only the filter counts differ, and those do not move a field. The README's summary table
# gives the network's figure: alexnet_v2 195, 32, 64. (conv5 is 163; 195 is pool5.)
# Effective padding P relates to our first centre by centre = (r − 1)/2 − P.
ALEXNET_TABLE = {   # name: (RF, effective stride, effective padding)
    "conv1": (11, 4, 0),
    "pool1": (19, 8, 0),
    "conv2": (51, 8, 16),
    "conv3": (99, 16, 32),
    "conv4": (131, 16, 48),
    "conv5": (163, 16, 64),
    "pool5": (195, 32, 64),
}

ALEXNET_ARITHMETIC = {   # r_out = r_in + (k − 1)·j_in, j_out = j_in·s
    "conv1": (1 + (11 - 1) * 1, 1 * 4),
    "pool1": (11 + (3 - 1) * 4, 4 * 2),
    "conv2": (19 + (5 - 1) * 8, 8),
    "pool2": (51 + (3 - 1) * 8, 8 * 2),
    "conv3": (67 + (3 - 1) * 16, 16),
    "conv4": (99 + (3 - 1) * 16, 16),
    "conv5": (131 + (3 - 1) * 16, 16),
    "pool5": (163 + (3 - 1) * 16, 16 * 2),
}


@pytest.mark.parametrize("name", ALEXNET_TABLE)
def test_alexnet_matches_the_published_table(name):
    field = summarize(load_spec("alexnet")).row(name).receptive_field
    size, stride, padding = ALEXNET_TABLE[name]
    assert field.size == (size, size)
    assert field.jump == (stride, stride)
    assert field.start == (Fraction(size - 1, 2) - padding,) * 2


@pytest.mark.parametrize("name", ALEXNET_ARITHMETIC)
def test_alexnet_by_the_recurrence(name):
    field = summarize(load_spec("alexnet")).row(name).receptive_field
    size, jump = ALEXNET_ARITHMETIC[name]
    assert field.size == (size, size) and field.jump == (jump, jump)


# The same table, "vgg_16" end-points (TF-Slim's vgg_16 = configuration D, 3×3 SAME convs,
# 2×2/2 pools); the README's summary: vgg_16 212, 32, 90. Slim's end-point "conv2/conv2_1" is
# our block2/conv1, "pool2" our block2/pool.
VGG16_TABLE = {
    "block1/conv1": (3, 1, 1),
    "block1/pool": (6, 2, 2),
    "block2/conv1": (10, 2, 4),
    "block2/pool": (16, 4, 6),
    "block3/conv1": (24, 4, 10),
    "block3/conv2": (32, 4, 14),
    "block3/pool": (44, 8, 18),
    "block4/conv1": (60, 8, 26),
    "block4/conv2": (76, 8, 34),
    "block4/pool": (100, 16, 42),
    "block5/conv1": (132, 16, 58),
    "block5/conv2": (164, 16, 74),
    "block5/pool": (212, 32, 90),
}


@pytest.mark.parametrize("name", VGG16_TABLE)
def test_vgg16_matches_the_published_table(name):
    field = summarize(load_spec("vgg16")).row(name).receptive_field
    size, stride, padding = VGG16_TABLE[name]
    assert field.size == (size, size)
    assert field.jump == (stride, stride)
    assert field.start == (Fraction(size - 1, 2) - padding,) * 2


def test_vgg16_pool5_written_as_the_recurrence():
    # conv stages 2, 2, 3, 3, 3 of 3×3 (each adds 2·j), a 2×2/2 pool after each (adds 1·j)
    size = 1
    for stage, convs in enumerate((2, 2, 3, 3, 3)):
        jump = 2 ** stage
        size += convs * 2 * jump + 1 * jump
    assert size == 212
    assert summarize(load_spec("vgg16")).row("block5/pool").receptive_field.size == (212, 212)


def test_the_fc_layers_are_global():
    summary = summarize(load_spec("vgg16"))
    for name in ("fc6", "relu1", "fc7", "fc8", "softmax1"):
        field = summary.row(name).receptive_field
        assert field.is_global and field.size is None and field.jump is None


# --- per-axis kernels, dilation, transposed convolution ---------------------------------

def test_inception_1x7_then_7x1_differs_per_axis():
    spec = """
input: 17x17x768
layers:
  - conv: {name: c1x7, filters: 192, kernel: [1, 7], padding: [0, 3]}
  - conv: {name: c7x1, filters: 192, kernel: [7, 1], padding: [3, 0]}
"""
    first = field_of(spec, "c1x7")
    assert first.size == (1, 7) and first.start == (0, 0)
    assert first.warnings == ("the first window reaches 3 columns into the padding",)
    assert field_of(spec, "c7x1").size == (1 + 6, 7)


def test_dilation_widens_the_kernel():
    field = field_of("""
input: 32x32x3
layers:
  - conv: {name: d, filters: 8, kernel: 3, dilation: 2}
""", "d")
    assert field.size == (2 * (3 - 1) + 1,) * 2 == (5, 5)
    assert field.start == (2, 2)        # (5 − 1)/2 with no padding
    reads = [lambda o: conv_reads(o, 3, 1, 0, dilation=2)]
    assert max(input_positions(reads, 0)) - min(input_positions(reads, 0)) + 1 == 5


def test_transposed_convolution_divides_the_jump():
    spec = """
input: 8x8x3
layers:
  - conv: {name: down, filters: 8, kernel: 3, stride: 2, padding: 1}        # 4×4
  - conv_transpose: {name: up, filters: 8, kernel: 4, stride: 2, padding: 1}  # 8×8
"""
    down, up = field_of(spec, "down"), field_of(spec, "up")
    assert (down.size, down.jump, down.start) == ((3, 3), (2, 2), (0, 0))
    # r = 3 + ⌊(4 − 1)/2⌋·2 = 5; j = 2/2 = 1; start = 0 + (1 − (4 − 1)/2)·2/2 = −1/2
    assert up.size == (3 + (4 - 1) // 2 * 2,) * 2 == (5, 5)
    assert up.jump == (1, 1)
    assert up.start == (Fraction(-1, 2),) * 2
    # The witness: every output of `up` reads 2 outputs of `down` (a virtual one before the
    # first at the edge, as padding counts in a field), 5 input positions in all.
    reads = [lambda o: conv_reads(o, 3, 2, 1), lambda o: transposed_reads(o, 4, 2, 1, 4)]
    centres = []
    for out in range(8):
        positions = input_positions(reads, out)
        assert max(positions) - min(positions) + 1 == 5
        centres.append(Fraction(min(positions) + max(positions), 2))
    # Neighbouring outputs read the same pair of inputs (−1, 0 | 0, 1 | 0, 1 | 1, 2 …), so the
    # true centres step unevenly; start + o·jump is their even fit: off by a quarter of an
    # input step (2 pixels) either way, zero on average.
    offsets = [centre - (up.start[0] + out * up.jump[0]) for out, centre in enumerate(centres)]
    assert offsets == [Fraction(-1, 2), Fraction(1, 2)] * 4
    assert sum(offsets) == 0


def test_transposed_convolution_alone_gives_a_fractional_jump():
    field = field_of("""
input: 4x4x3
layers:
  - conv_transpose: {name: up, filters: 3, kernel: 3, stride: 2}
""", "up")
    # each output reads at most ⌊(3 − 1)/2⌋ + 1 = 2 inputs, half an input apart
    assert field.size == (2, 2) and field.jump == (Fraction(1, 2),) * 2
    reads = [lambda o: transposed_reads(o, 3, 2, 0, 4)]
    assert max(len(input_positions(reads, out)) for out in range(9)) == 2


# --- graphs -----------------------------------------------------------------------------

def test_resnet50_residual_add_takes_the_largest():
    summary = summarize(load_spec("resnet50"))
    # conv1 7×7/2: 7, j 2; maxpool 3×3/2: 7 + 2·2 = 11, j 4
    assert summary.row("maxpool").receptive_field.size == (11, 11)
    main_path = summary.row("layer1.0/bn3").receptive_field       # 1×1, 3×3, 1×1: 11 + 2·4
    shortcut = summary.row("layer1.0/downsample_bn").receptive_field   # 1×1: 11
    add = summary.row("layer1.0/add1").receptive_field
    assert main_path.size == (11 + 2 * 4,) * 2 and shortcut.size == (11, 11)
    assert add.size == (19, 19) and add.jump == (4, 4)
    assert "largest" in add.note
    # the last block: stage 4 adds four 3×3 convs at jump 32 after layer4.0's 3×3 /2
    assert summary.row("layer4.2/add1").receptive_field.size == (
        summary.row("layer4.0/add1").receptive_field.size[0] + 2 * 2 * 32,) * 2


# Samson Wang's table "ResNet Receptive Field Size" (GitHub gist a6073c18f2adf16e0ab5fb95b53db3e6),
# computed for ResNets that put the stride-2 on the 3×3 convolution, as torchvision and our
# specs do: conv1, maxpool, then the output of each stage layer1 … layer4.
RESNET_TABLE = {
    "resnet18": (7, 11, 43, 99, 211, 435),
    "resnet34": (7, 11, 59, 179, 547, 899),
    "resnet50": (7, 11, 35, 91, 267, 427),
}


@pytest.mark.parametrize("spec", RESNET_TABLE)
def test_resnets_match_a_published_table(spec):
    # at 512 px no stage's outputs all see the whole image (ResNet-34's layer4: 16×16 outputs,
    # the last centre at 15·32 = 480 > (899 − 1)/2 = 449), so every field keeps its size
    network = load_spec(spec)
    summary = summarize(replace(network, input_shape=(512, 512, 3)))
    stage_ends = {}
    for row in summary.layers:     # the last row of each stage: its output
        stage = row.name.split(".")[0]
        if stage.startswith("layer"):
            stage_ends[stage] = row.receptive_field.size[0]
    found = (summary.row("conv1").receptive_field.size[0],
             summary.row("maxpool").receptive_field.size[0],
             *(stage_ends[f"layer{n}"] for n in (1, 2, 3, 4)))
    assert found == RESNET_TABLE[spec]


def test_resnet50_stage_ends_by_the_recurrence():
    # after maxpool: 11, jump 4. Each bottleneck has one 3×3 (+2·j); a stage's first 3×3 has
    # stride 2, so it adds 2·j at the old jump and the jump doubles after it.
    size, jump = 11, 4
    ends = []
    for stage, blocks in enumerate((3, 4, 6, 3)):
        for block in range(blocks):
            size += 2 * jump
            if block == 0 and stage > 0:
                jump *= 2
        ends.append(size)
    assert ends == [35, 91, 267, 427]


def test_concat_of_aligned_branches_takes_the_largest():
    field = field_of("""
input: 16x16x3
layers:
  - conv: {name: a, filters: 4, kernel: 3}
  - conv: {name: b, from: input, filters: 4, kernel: 3, padding: 1}
  - conv: {name: b2, filters: 4, kernel: 3}
  - concat: {name: both, from: [a, b2]}
""", "both")
    # a: r 3, centre 1; b2: r 5, centre 1 → aligned: the largest
    assert field.size == (5, 5) and "largest" in field.note


def test_add_of_misaligned_branches_is_their_union():
    field = field_of("""
input: 16x16x3
layers:
  - conv: {name: a, filters: 4, kernel: 2, padding: same}    # pads 0 before, 1 after
  - conv: {name: a2, filters: 4, kernel: 2, padding: same}
  - conv: {name: b, from: input, filters: 4, kernel: 3, padding: 1}
  - add: {name: both, from: [a2, b]}
""", "both")
    # a2 reads pixels 0–2 (r 3, centre 1), b pixels −1–1 (r 3, centre 0): together −1–2
    assert field.size == (2 - (-1) + 1,) * 2 == (4, 4)
    assert field.start == (Fraction(1, 2),) * 2
    assert "union" in field.note and "centres differ" in field.note


def test_global_pool_and_squeeze_excitation_make_everything_global():
    spec = """
input: 32x32x3
layers:
  - conv: {name: features, filters: 16, kernel: 3, padding: 1}
  - global_avgpool: {name: squeeze}
  - conv: {name: reduce, filters: 4, kernel: 1}
  - relu
  - conv: {name: expand, filters: 16, kernel: 1}
  - sigmoid: {name: gate}
  - multiply: {name: excite, from: [features, gate]}
  - conv: {name: after, filters: 16, kernel: 3, padding: 1}
"""
    summary = summarize(parse_spec(spec))
    assert summary.row("features").receptive_field.size == (3, 3)
    for name in ("squeeze", "reduce", "expand", "gate", "excite", "after"):
        assert summary.row(name).receptive_field.is_global, name
    assert "'gate'" in summary.row("excite").receptive_field.note
    assert "squeeze-and-excitation" in summary.row("excite").receptive_field.note


def test_adaptive_pool_with_uneven_bins_uses_the_widest_and_the_mean_step():
    field = field_of("""
input: 10x10x1
layers:
  - adaptive_avgpool: {name: pool, size: 4}
""", "pool")
    # bins 0–2, 2–4, 5–7, 7–9: all 3 wide, steps 2, 3, 2 → width 3, mean step 10/4
    assert field.size == (3, 3) and field.jump == (Fraction(10, 4),) * 2


def test_adaptive_pool_to_one_is_global():
    field = field_of("""
input: 7x7x8
layers:
  - adaptive_avgpool: {name: pool, size: 1}
""", "pool")
    assert field.is_global


def test_resnet50_output_is_global():
    summary = summarize(load_spec("resnet50"))
    assert summary.row("avgpool").receptive_field.is_global
    assert total_value(Quantity.RECEPTIVE_FIELD, summary) == "global"


# --- warnings ---------------------------------------------------------------------------

def test_the_floor_leaves_the_last_column_uncovered():
    field = field_of("""
input: 6x6x1
layers:
  - conv: {name: c, filters: 1, kernel: 3, stride: 2}
""", "c")
    # ⌊(6 − 3)/2⌋ + 1 = 2 windows over columns 0–2 and 2–4: column 5 = 6 − (1·2 + 3) is missed
    assert 6 - ((2 - 1) * 2 + 3) == 1
    assert field.warnings == ()      # said once, by the layer's note (tests/test_notes.py)
    covered = set().union(*(conv_reads(out, 3, 2, 0) for out in range(2)))
    assert set(range(6)) - covered == {5}


def test_a_window_in_the_padding_is_named():
    field = field_of("""
input: 6x6x1
layers:
  - maxpool: {name: p, kernel: 2, stride: 2, padding: 1}
""", "p")
    # first window over padded rows −1, 0: centre −0.5, in the padding
    assert field.start == (Fraction(-1, 2),) * 2
    assert field.warnings[0] == "the first window reaches 1 row and 1 column into the padding"
    assert field.warnings[1] == "the first output's centre lies outside the image, at (-0.5, -0.5)"


def test_no_warnings_for_an_exact_fit():
    field = summarize(load_spec("alexnet")).row("conv1").receptive_field
    assert (227 - 11) % 4 == 0 and field.warnings == ()


# --- data, views and questions ----------------------------------------------------------

def test_json_round_trip():
    data = as_dict(summarize(load_spec("vgg16")))
    assert json.loads(json.dumps(data)) == data
    layers = {layer["name"]: layer for layer in data["layers"]}
    assert layers["block5/pool"]["receptive_field"] == {
        "size": [212, 212], "jump": [32, 32], "start": [15.5, 15.5], "global": False,
        "note": "", "warnings": []}
    fc = layers["fc6"]["receptive_field"]
    assert fc["global"] is True and fc["size"] is None and fc["jump"] is None


def test_vector_input_has_no_receptive_field():
    summary = summarize(parse_spec("input: 784\nlayers:\n  - fc: {name: hidden, units: 10}\n"))
    assert summary.row("hidden").receptive_field is None
    assert as_dict(summary)["layers"][0]["receptive_field"] is None


def test_explain_shows_the_receptive_field_and_warnings():
    summary = summarize(load_spec("alexnet"))
    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    console.print(explanation(summary.row("conv2")))
    console.print(explanation(summary.row("fc6")))
    text = console.export_text()
    assert "Receptive field  51×51, jump 8×8, first centre at (9, 9)" in text
    assert "the first window reaches 2 rows and 2 columns into the padding" in text
    assert "global (whole input)" in text


def test_summarize_rf_columns_fit_80_columns():
    result = run("summarize", "alexnet", "--rf")
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if line.startswith("Layer"))
    assert "RF" in header and "Jump" in header
    pool5 = next(line for line in result.output.splitlines() if line.startswith("pool5"))
    assert "195" in pool5 and "32" in pool5
    assert "global" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert "Jump" not in run("summarize", "alexnet").output


@pytest.mark.parametrize("spec", ["resnet50", "vgg16", "mobilenet_v2"])
def test_summarize_rf_keeps_long_names_within_80_columns(spec):
    output = run("summarize", spec, "--rf").output
    assert max(len(line) for line in output.splitlines()) <= 80
    assert "112×112×64" in output or "224×224×64" in output or "112×112×32" in output


def test_summarize_rf_in_csv_and_markdown():
    rows = list(csv.DictReader(io.StringIO(run("summarize", "vgg16", "--rf", "--format",
                                               "csv").output)))
    by_name = {row["name"]: row for row in rows}
    assert by_name["block5/pool"]["rf_size"] == "212x212"
    assert by_name["block5/pool"]["rf_jump"] == "32x32"
    assert by_name["fc6"]["rf_size"] == "global"
    plain = run("summarize", "vgg16", "--format", "csv").output
    assert "rf_size" not in plain
    markdown = run("summarize", "lenet5", "--rf", "--format", "markdown").output
    assert "| Layer | Kind | Input | Output | RF | Jump | Params | Mults |" in markdown


def test_receptive_field_as_a_homework_quantity():
    summary = summarize(load_spec("alexnet"))
    assert quantity_named("receptive field") is Quantity.RECEPTIVE_FIELD
    assert quantity_named("rf") is Quantity.RECEPTIVE_FIELD
    assert layer_value(Quantity.RECEPTIVE_FIELD, summary.row("pool5")) == (195, 195)
    assert layer_value(Quantity.RECEPTIVE_FIELD, summary.row("fc6")) == "global"


def test_one_output_over_the_whole_map_is_global():
    # GoogLeNet's pool5 is its global pool, written as a 7×7 average pool on a 7×7 map.
    googlenet = summarize(load_spec("googlenet"))
    assert googlenet.row("pool5").receptive_field.is_global
    # LeNet-5's C5: a 5×5 window on S4's 5×5 maps gives 1×1 maps, which LeCun et al. (1998,
    # Section II-B) describe as a full connection between S4 and C5.
    assert summarize(load_spec("lenet5")).row("c5").receptive_field.is_global


def test_one_output_that_misses_pixels_keeps_its_number():
    field = field_of("""
input: 10x10x1
layers:
  - conv: {name: coarse, filters: 1, kernel: 3, stride: 3}   # 3×3, pixel 9 never read
  - conv: {name: last, filters: 1, kernel: 3}                 # 1×1
""", "last")
    # r = 3 + (3 − 1)·3 = 9 < 10: pixels 0–8 only
    assert not field.is_global and field.size == (3 + (3 - 1) * 3,) * 2 == (9, 9)


# Every kind, on a small input, worked out by hand: (size, jump, start) per axis, "global", or
# None (a vector input has no field). Adding a kind without a line here fails the first test.
KIND_FIELDS = {
    "conv": ("8x8x3", "conv: {filters: 4, kernel: 3}", ((3, 3), (1, 1), (1, 1))),
    "conv_transpose": ("4x4x2", "conv_transpose: {filters: 3, kernel: 2, stride: 2}",
                       # r = 1 + ⌊1/2⌋·1; j = 1/2; start = 0 + (0 − 1/2)·1/2
                       ((1, 1), (Fraction(1, 2),) * 2, (Fraction(-1, 4),) * 2)),
    "maxpool": ("8x8x3", "maxpool: 2", ((2, 2), (2, 2), (Fraction(1, 2),) * 2)),
    # after its pool (2, 2, 1/2): the pool's 2×2 /2 window backwards, r = 2 + ⌊1/2⌋·2,
    # j = 2/2, start = 1/2 + (0 − 1/2)·1
    "max_unpool": ("8x8x3", "maxpool: {kernel: 2, name: p}\n  - max_unpool: p",
                   ((2, 2), (1, 1), (0, 0))),
    "avgpool": ("9x9x3", "avgpool: {kernel: 3, stride: 2, padding: 1}",
                ((3, 3), (2, 2), (0, 0))),
    "global_avgpool": ("7x7x5", "global_avgpool", "global"),
    # PyTorch's bins ⌊i·n/o⌋ … ⌈(i + 1)·n/o⌉ − 1: 13 → 6 gives 0–2, 2–4, 4–6, 6–8, 8–10,
    # 10–12 (3 wide, step 2); 13 → 4 gives 0–3, 3–6, 6–9, 9–12 (4 wide, step 3)
    "adaptive_avgpool": ("13x13x5", "adaptive_avgpool: [6, 4]",
                         ((3, 4), (2, 3), (1, Fraction(3, 2)))),
    "fc": ("4x4x2", "fc: 3", "global"),
    "flatten": ("2x3x4", "flatten", ((1, 1), (1, 1), (0, 0))),
    "relu": ("4x4x2", "relu", ((1, 1), (1, 1), (0, 0))),
    "relu6": ("4x4x2", "relu6", ((1, 1), (1, 1), (0, 0))),
    "tanh": ("4x4x2", "tanh", ((1, 1), (1, 1), (0, 0))),
    "sigmoid": ("4x4x2", "sigmoid", ((1, 1), (1, 1), (0, 0))),
    "softmax": ("10", "softmax", None),
    "silu": ("4x4x2", "silu", ((1, 1), (1, 1), (0, 0))),
    "hardswish": ("4x4x2", "hardswish", ((1, 1), (1, 1), (0, 0))),
    "hardsigmoid": ("4x4x2", "hardsigmoid", ((1, 1), (1, 1), (0, 0))),
    "gelu": ("4x4x2", "gelu", ((1, 1), (1, 1), (0, 0))),
    "identity": ("4x4x2", "identity", ((1, 1), (1, 1), (0, 0))),
    "leaky_relu": ("4x4x2", "leaky_relu: 0.2", ((1, 1), (1, 1), (0, 0))),
    "dropout": ("4x4x2", "dropout: 0.3", ((1, 1), (1, 1), (0, 0))),
    "lrn": ("4x4x8", "lrn: {size: 5}", ((1, 1), (1, 1), (0, 0))),
    "batchnorm": ("4x4x8", "batchnorm", ((1, 1), (1, 1), (0, 0))),
    "add": ("4x4x2", "add: {from: [input, input]}", ((1, 1), (1, 1), (0, 0))),
    "concat": ("4x4x2", "concat: {from: [input, input]}", ((1, 1), (1, 1), (0, 0))),
    "multiply": ("4x4x2", "multiply: {from: [input, input]}", ((1, 1), (1, 1), (0, 0))),
    "split": ("4x4x2", "split: {parts: 2, take: 1}", ((1, 1), (1, 1), (0, 0))),
    "channel_shuffle": ("4x4x2", "channel_shuffle: 2", ((1, 1), (1, 1), (0, 0))),
    # nearest ×2: outputs 0 and 1 copy input 0; each reads one input, half an input apart
    "upsample": ("4x4x2", "upsample: 2", ((1, 1), (Fraction(1, 2),) * 2, (0, 0))),
    # output row o is input row o + 1 (top margin 1), column o + 2 (left margin 2)
    "crop": ("6x6x2", "crop: {margins: [1, 0, 2, 0]}", ((1, 1), (1, 1), (1, 2))),
    # output row o is input row o − 2: the first output's centre sits 2 rows before the input
    "zeropad": ("4x4x2", "zeropad: [2, 0, 1, 0]", ((1, 1), (1, 1), (-2, -1))),
    "layernorm": ("4x4x8", "layernorm", ((1, 1), (1, 1), (0, 0))),
    "scale": ("4x4x8", "scale", ((1, 1), (1, 1), (0, 0))),
    # ×2: outputs 2o and 2o + 1 both read input o, half an input apart (nearest upsample's)
    "pixel_shuffle": ("4x4x8", "pixel_shuffle: 2", ((1, 1), (Fraction(1, 2),) * 2, (0, 0))),
    "prelu": ("4x4x8", "prelu", ((1, 1), (1, 1), (0, 0))),
}


def bilinear_reads(out_index: int, scale: int, size: int) -> set[int]:
    """PyTorch's bilinear (align_corners=False) source: the two inputs around
    (o + ½)/s − ½ (the first clamped at 0, the second at size − 1)."""
    source = max(Fraction(2 * out_index + 1, 2 * scale) - Fraction(1, 2), 0)
    first = min(int(source), size - 1)
    return {first, min(first + 1, size - 1)}


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_bilinear_upsample_field_matches_its_reads(scale, calc):
    """r = 1 + 1 = 2 inputs; j = 1/s; output 0 centred at (1/s − 1)/2 (between its two
    unclamped sources), e.g. −1/4 for ×2; an interior output o reads two inputs centred at
    about start + o/s."""
    field = calc("8x8x1", f"upsample: {{scale: {scale}, mode: bilinear}}").layers[0] \
        .receptive_field
    start = Fraction(1 - scale, 2 * scale)
    assert (field.size, field.jump, field.start) == ((2, 2), (Fraction(1, scale),) * 2,
                                                    (start, start))
    for out_index in range(scale, 8 * scale - scale):
        reads = bilinear_reads(out_index, scale, 8)
        assert max(reads) - min(reads) + 1 == 2
        assert abs(Fraction(min(reads) + max(reads), 2) - (start + out_index * field.jump[0])) \
            <= Fraction(1, 2)


def test_every_kind_has_a_field_example():
    from cnncalc.layers import kinds
    assert {cls.kind for cls in kinds()} == set(KIND_FIELDS)


@pytest.mark.parametrize("kind", KIND_FIELDS)
def test_kind_field(kind, calc):
    input_shape, line, expected = KIND_FIELDS[kind]
    field = calc(input_shape, line).layers[-1].receptive_field   # a kind may need one before
    if expected is None:
        assert field is None
    elif expected == "global":
        assert field.is_global
    else:
        assert (field.size, field.jump, field.start) == expected


def test_a_crop_earns_no_window_warnings_and_a_pad_names_its_padding(calc):
    """A crop cuts rows on purpose (no 'the floor leaves…'); a zero pad's first output is
    padding, two rows before the input."""
    crop = calc("6x6x2", "crop: {margins: [1, 2, 0, 3]}").layers[0].receptive_field
    assert crop.warnings == ()
    pad = calc("4x4x2", "zeropad: [2, 0, 0, 0]").layers[0].receptive_field
    assert pad.warnings == ("the first window reaches 2 rows into the padding",
                            "the first output's centre lies outside the image, at (-2, 0)")


def test_merged_inputs_sharing_jump_and_start_take_the_largest_field_as_union_does():
    """The aligned shortcut gives what the union per axis gives, even sizes and fractional
    starts included, and says "the largest"."""
    from cnncalc.receptive import ReceptiveField, merged, union

    half = Fraction(1, 2)
    cases = [((5, 7), (1, 1), (0, 0), (7, 3)), ((6, 4), (2, 2), (half, half), (2, 8)),
             ((3, 3), (1, 1), (0, 0), (3, 3))]
    for size_a, jump, start, size_b in cases:
        fields = [ReceptiveField(size_a, jump, start), ReceptiveField(size_b, jump, start)]
        field = merged(fields, ["a", "b"])
        expected = [union([(f.size[axis], f.jump[axis], f.start[axis]) for f in fields])
                    for axis in (0, 1)]
        assert (field.size, field.jump, field.start) == tuple(zip(*expected))
        assert [type(value) for value in field.size + field.start] == [
            type(value) for value in tuple(zip(*expected))[0] + tuple(zip(*expected))[2]]
        assert field.note.startswith("the largest of its 2 inputs' fields")
