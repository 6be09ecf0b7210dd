"""Slips and conventions: what a wrong answer would be if a student made a known slip.

Every expected value is the arithmetic of the course notes with the slip made by hand (or a
published figure: ResNet-50's 25,557,032 trainable parameters, torchvision). None is pasted from
cnncalc's output.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from cnncalc.calculator import summarize
from cnncalc.check.quantities import Quantity, layer_value, total_value
from cnncalc.check.slips import (CONVENTIONS, Candidate, Slip, layer_candidates, slip_named,
                                 total_candidates)
from cnncalc.errors import SettingError
from cnncalc.layers import REGISTRY
from cnncalc.spec import load_spec, parse_spec

Q = Quantity


@lru_cache(maxsize=None)
def bundled(name: str):
    network = load_spec(name)      # a file of specs/ or a family's variant
    return network, summarize(network)


def spec(input_shape: str, *layers: str, batch: int = 1):
    """(network, summary) of a spec with the given input and layer lines."""
    body = "\n".join(f"  - {layer}" for layer in layers)
    network = parse_spec(f"name: test\ninput: {input_shape}\nlayers:\n{body}\n", "test.yaml")
    return network, summarize(network, batch)


def candidates(quantity: Quantity, layer: str, built) -> list[Candidate]:
    network, summary = built
    node = next(node for node in network.nodes if node.name == layer)
    return layer_candidates(quantity, node, network, summary)


def by_slips(found: list[Candidate]) -> dict[tuple[Slip, ...], list]:
    table: dict[tuple[Slip, ...], list] = {}
    for candidate in found:
        table.setdefault(candidate.slips, []).append(candidate.value)
    return table


def values_of(quantity, layer, built, *slips: Slip) -> list:
    return by_slips(candidates(quantity, layer, built)).get(slips, [])


ALEXNET_CONV1 = ("227x227x3", "conv: {name: conv1, filters: 96, kernel: 11, stride: 4}")
POOL_112 = ("112x112x64", "maxpool: {name: pool, kernel: 3, stride: 2}")
POOL_112_CEIL = ("112x112x64", "maxpool: {name: pool, kernel: 3, stride: 2, ceil_mode: true}")
CONV_PAD_1 = ("32x32x3", "conv: {name: conv, filters: 16, kernel: 3, padding: 1}")
CONV_1X7 = ("17x17x192", "conv: {name: conv, filters: 192, kernel: [1, 7]}")
DECONV = ("4x4x512", "conv_transpose: {name: deconv, filters: 256, kernel: 4, stride: 2, "
                     "padding: 1}")
TWO_CONVS = ("32x32x3", "conv: {name: conv1, filters: 16, kernel: 3}",
             "conv: {name: conv2, filters: 32, kernel: 3}")
NO_BIAS_CONV = ("56x56x64", "conv: {name: conv, filters: 64, kernel: 3, padding: 1, bias: false}")
BATCHNORM = ("56x56x64", "batchnorm: {name: bn}")

# One worked example per slip: (spec, layer, quantity, the value the slip gives).
EXAMPLES = {
    Slip.FLOPS_FOR_MULTS: (ALEXNET_CONV1, "conv1", Q.MULTS, 2 * 55 * 55 * 96 * 11 * 11 * 3),
    Slip.MULTS_FOR_FLOPS: (ALEXNET_CONV1, "conv1", Q.FLOPS, 55 * 55 * 96 * 11 * 11 * 3),
    Slip.NO_BIAS: (ALEXNET_CONV1, "conv1", Q.PARAMS, 11 * 11 * 3 * 96),
    Slip.EXTRA_BIAS: (NO_BIAS_CONV, "conv", Q.PARAMS, (3 * 3 * 64 + 1) * 64),
    # ⌈(112 − 3)/2⌉ + 1 = 56 where max pooling floors: ⌊109/2⌋ + 1 = 55
    Slip.CEIL_FOR_FLOOR: (POOL_112, "pool", Q.OUTPUT_SHAPE, (56, 56, 64)),
    Slip.FLOOR_FOR_CEIL: (POOL_112_CEIL, "pool", Q.OUTPUT_SHAPE, (55, 55, 64)),
    Slip.GROUPS_IGNORED: ("alexnet", "conv2", Q.PARAMS, (5 * 5 * 96 + 1) * 256),
    # 32 − 3 + 1 = 30 without the padding
    Slip.PADDING_FORGOTTEN: (CONV_PAD_1, "conv", Q.OUTPUT_SHAPE, (30, 30, 16)),
    # 17×(17 − 7 + 1) = 17×11, written 11×17
    Slip.HW_SWAPPED: (CONV_1X7, "conv", Q.OUTPUT_SHAPE, (11, 17, 192)),
    Slip.CHANNELS_FIRST: (ALEXNET_CONV1, "conv1", Q.OUTPUT_SHAPE, (96, 55, 55)),
    # conv2 reads 16 channels; with conv1's 3 instead: (3·3·3 + 1)·32
    Slip.WRONG_INPUT_CHANNELS: (TWO_CONVS, "conv2", Q.PARAMS, (3 * 3 * 3 + 1) * 32),
    # γ, β: 2·64 trainable; with the running mean and variance another 2·64
    Slip.BN_STATISTICS_COUNTED: (BATCHNORM, "bn", Q.TRAINABLE_PARAMS, 2 * 64 + 2 * 64),
    Slip.BN_STATISTICS_LEFT_OUT: (BATCHNORM, "bn", Q.PARAMS, 2 * 64),
    # ptflops and thop: every output position × Fh·Fw·C_in·K
    Slip.TRANSPOSED_OVER_OUTPUT: (DECONV, "deconv", Q.MULTS, 8 * 8 * 4 * 4 * 512 * 256),
}


def built_from(source):
    return bundled(source) if isinstance(source, str) else spec(*source)


def test_every_slip_has_a_worked_example():
    assert set(EXAMPLES) == set(Slip)


@pytest.mark.parametrize("slip", list(Slip), ids=lambda slip: slip.value)
def test_worked_example(slip):
    source, layer, quantity, expected = EXAMPLES[slip]
    assert expected in values_of(quantity, layer, built_from(source), slip)


@pytest.mark.parametrize("slip", list(Slip), ids=lambda slip: slip.value)
def test_every_slip_has_a_text(slip):
    assert slip.text and slip.text != slip.value
    assert isinstance(slip.is_convention, bool)


def test_texts_are_distinct():
    assert len({slip.text for slip in Slip}) == len(Slip)


def test_conventions_and_mistakes():
    assert CONVENTIONS == {Slip.FLOPS_FOR_MULTS, Slip.MULTS_FOR_FLOPS, Slip.NO_BIAS,
                           Slip.CHANNELS_FIRST, Slip.BN_STATISTICS_COUNTED,
                           Slip.BN_STATISTICS_LEFT_OUT, Slip.TRANSPOSED_OVER_OUTPUT}
    assert not Slip.CEIL_FOR_FLOOR.is_convention and not Slip.GROUPS_IGNORED.is_convention
    assert Slip.FLOPS_FOR_MULTS.text == ("FLOPs given for multiplications "
                                         "(FLOPs = 2 × multiply-accumulates)")


@pytest.mark.parametrize("word, slip", [
    ("no_bias", Slip.NO_BIAS), ("flops-for-mults", Slip.FLOPS_FOR_MULTS),
    (" Channels First ", Slip.CHANNELS_FIRST), ("bias", None), ("", None)])
def test_slip_named(word, slip):
    assert slip_named(word) is slip


# AlexNet conv1 and conv2 --------------------------------------------------------------------

def test_alexnet_conv1_no_bias_says_how():
    [candidate] = [c for c in candidates(Q.PARAMS, "conv1", spec(*ALEXNET_CONV1))
                   if c.slips == (Slip.NO_BIAS,)]
    assert candidate.value == 11 * 11 * 3 * 96 == 34_848
    assert "11·11·3·96 = 34,848" in candidate.why and "96 biases" in candidate.why


def test_alexnet_conv2_groups_ignored():
    alexnet = bundled("alexnet")
    assert values_of(Q.PARAMS, "conv2", alexnet, Slip.GROUPS_IGNORED) == [
        (5 * 5 * 96 + 1) * 256]
    # with 2 groups, ignoring them doubles the mults: the same number as FLOPs for mults, and
    # the first (simpler) slip keeps it
    assert by_slips(candidates(Q.MULTS, "conv2", alexnet))[(Slip.FLOPS_FOR_MULTS,)] == [
        27 * 27 * 256 * 5 * 5 * 96]
    assert values_of(Q.MULTS, "conv2", alexnet, Slip.GROUPS_IGNORED) == []
    assert values_of(Q.FLOPS, "conv2", alexnet, Slip.GROUPS_IGNORED) == [
        2 * 27 * 27 * 256 * 5 * 5 * 96]
    # and the pair: the groups ignored and the biases left out
    assert values_of(Q.PARAMS, "conv2", alexnet, Slip.NO_BIAS, Slip.GROUPS_IGNORED) == [
        5 * 5 * 96 * 256]
    assert values_of(Q.MULTS, "conv2", alexnet, Slip.GROUPS_IGNORED, Slip.FLOPS_FOR_MULTS) == [
        2 * 27 * 27 * 256 * 5 * 5 * 96]


def test_alexnet_conv2_wrong_channels_walk_back_to_conv1():
    # conv2 reads 96 channels; conv1's input has 3. 3 channels cannot be split into 2 groups, so
    # only with the groups ignored as well: (5·5·3 + 1)·256
    alexnet = bundled("alexnet")
    assert (5 * 5 * 3 + 1) * 256 in values_of(Q.PARAMS, "conv2", alexnet,
                                               Slip.GROUPS_IGNORED, Slip.WRONG_INPUT_CHANNELS)
    # its own 256 output channels instead of 96: (5·5·256/2 + 1)·256
    assert values_of(Q.PARAMS, "conv2", alexnet, Slip.WRONG_INPUT_CHANNELS) == [
        (5 * 5 * 256 // 2 + 1) * 256]


def test_wrong_input_channels_are_the_plausible_ones():
    # conv2 of 32×32×3 → conv 16 → conv 32: its own 32 output channels, conv1's 3 input channels
    # (also the network input's: one candidate)
    assert sorted(values_of(Q.PARAMS, "conv2", spec(*TWO_CONVS), Slip.WRONG_INPUT_CHANNELS)) == [
        (3 * 3 * 3 + 1) * 32, (3 * 3 * 32 + 1) * 32]
    # 32 = 2·16 channels would double the mults: FLOPs for mults comes first with that value
    assert values_of(Q.MULTS, "conv2", spec(*TWO_CONVS), Slip.WRONG_INPUT_CHANNELS) == [
        28 * 28 * 32 * 3 * 3 * 3]


def test_batch_multiplies_the_candidates():
    built = spec(*ALEXNET_CONV1, batch=2)
    assert values_of(Q.MULTS, "conv1", built, Slip.FLOPS_FOR_MULTS) == [
        2 * 2 * 55 * 55 * 96 * 11 * 11 * 3]
    assert values_of(Q.ACTIVATIONS, "conv1", built) == []


# Rounding and padding ---------------------------------------------------------------------

def test_pool_ceil_and_floor():
    assert values_of(Q.HEIGHT, "pool", spec(*POOL_112), Slip.CEIL_FOR_FLOOR) == [56]
    assert values_of(Q.WIDTH, "pool", spec(*POOL_112_CEIL), Slip.FLOOR_FOR_CEIL) == [55]
    assert values_of(Q.ACTIVATIONS, "pool", spec(*POOL_112), Slip.CEIL_FOR_FLOOR) == [
        56 * 56 * 64]
    assert values_of(Q.OUTPUT_SHAPE, "pool", spec(*POOL_112), Slip.FLOOR_FOR_CEIL) == []


def test_no_rounding_candidate_where_ceil_and_floor_agree():
    # AlexNet pool1: (55 − 3)/2 = 26 exactly, so ⌈⌉ and ⌊⌋ both give 27
    pool1 = spec("55x55x96", "maxpool: {name: pool, kernel: 3, stride: 2}")
    assert values_of(Q.OUTPUT_SHAPE, "pool", pool1, Slip.CEIL_FOR_FLOOR) == []


def test_conv_ceil_for_floor():
    # ResNet conv1: ⌊(224 − 7 + 2·3)/2⌋ + 1 = 112; rounded up: ⌈223/2⌉ + 1 = 113
    built = spec("224x224x3", "conv: {name: conv, filters: 64, kernel: 7, stride: 2, padding: 3}")
    assert values_of(Q.OUTPUT_SHAPE, "conv", built, Slip.CEIL_FOR_FLOOR) == [(113, 113, 64)]
    assert values_of(Q.MULTS, "conv", built, Slip.CEIL_FOR_FLOOR) == [113 * 113 * 64 * 7 * 7 * 3]
    assert values_of(Q.MULTS, "conv", built, Slip.CEIL_FOR_FLOOR, Slip.FLOPS_FOR_MULTS) == [
        2 * 113 * 113 * 64 * 7 * 7 * 3]
    # and with the padding forgotten too: ⌈(224 − 7)/2⌉ + 1 = 110
    assert values_of(Q.HEIGHT, "conv", built, Slip.CEIL_FOR_FLOOR, Slip.PADDING_FORGOTTEN) == [110]
    [why] = [c.why for c in candidates(Q.HEIGHT, "conv", built)
             if c.slips == (Slip.CEIL_FOR_FLOOR,)]
    assert "⌈(224 − 7 + 2·3)/2⌉ + 1 = 113" in why


def test_padding_forgotten():
    built = spec(*CONV_PAD_1)
    assert values_of(Q.MULTS, "conv", built, Slip.PADDING_FORGOTTEN) == [
        30 * 30 * 16 * 3 * 3 * 3]
    assert values_of(Q.FLOPS, "conv", built, Slip.PADDING_FORGOTTEN) == [
        2 * 30 * 30 * 16 * 3 * 3 * 3]
    assert values_of(Q.MULTS, "conv", built, Slip.PADDING_FORGOTTEN, Slip.FLOPS_FOR_MULTS) == [
        2 * 30 * 30 * 16 * 3 * 3 * 3]
    # 'same' is padding too
    same = spec("32x32x3", "conv: {name: conv, filters: 16, kernel: 3, padding: same}")
    assert values_of(Q.OUTPUT_SHAPE, "conv", same, Slip.PADDING_FORGOTTEN) == [(30, 30, 16)]
    # parameters do not depend on the padding
    assert values_of(Q.PARAMS, "conv", built, Slip.PADDING_FORGOTTEN) == []


# Height and width, channels first --------------------------------------------------------

def test_hw_swapped_on_a_1x7_conv():
    built = spec(*CONV_1X7)
    assert values_of(Q.HEIGHT, "conv", built, Slip.HW_SWAPPED) == [11]
    assert values_of(Q.WIDTH, "conv", built, Slip.HW_SWAPPED) == [17]


def test_hw_swapped_input_with_a_non_square_kernel():
    # 20×30 input, 1×7 kernel: 20×24. Output swapped: 24×20. Input read as 30×20: 30×14.
    built = spec("20x30x8", "conv: {name: conv, filters: 16, kernel: [1, 7]}")
    assert values_of(Q.OUTPUT_SHAPE, "conv", built, Slip.HW_SWAPPED) == [
        (24, 20, 16), (30, 20 - 7 + 1, 16)]


def test_hw_swapped_only_where_height_and_width_differ():
    assert values_of(Q.OUTPUT_SHAPE, "conv1", spec(*ALEXNET_CONV1), Slip.HW_SWAPPED) == []


def test_channels_first_needs_a_feature_map():
    built = spec("8x8x3", "flatten", "fc: {name: fc, units: 10}")
    assert values_of(Q.OUTPUT_SHAPE, "fc", built, Slip.CHANNELS_FIRST) == []


# Depthwise, bias, transposed -----------------------------------------------------------------

def test_depthwise_groups_ignored():
    # MobileNet: a 3×3 depthwise conv on 112×112×32; as an ordinary conv every filter reads 32
    built = spec("112x112x32",
                 "conv: {name: dw, depthwise: true, kernel: 3, padding: 1, bias: false}")
    assert values_of(Q.PARAMS, "dw", built, Slip.GROUPS_IGNORED) == [3 * 3 * 32 * 32]
    assert values_of(Q.MULTS, "dw", built, Slip.GROUPS_IGNORED) == [
        112 * 112 * 32 * 3 * 3 * 32]
    assert values_of(Q.PARAMS, "dw", built, Slip.EXTRA_BIAS) == [(3 * 3 * 1 + 1) * 32]
    assert values_of(Q.PARAMS, "dw", built, Slip.EXTRA_BIAS, Slip.GROUPS_IGNORED) == [
        (3 * 3 * 32 + 1) * 32]


def test_fc_bias():
    built = spec("9216", "fc: {name: fc, units: 4096}")
    assert values_of(Q.PARAMS, "fc", built, Slip.NO_BIAS) == [9216 * 4096]
    assert values_of(Q.BIASES, "fc", built, Slip.NO_BIAS) == [0]
    unbiased = spec("9216", "fc: {name: fc, units: 4096, bias: false}")
    assert values_of(Q.TRAINABLE_PARAMS, "fc", unbiased, Slip.EXTRA_BIAS) == [
        (9216 + 1) * 4096]


def test_transposed_conv_over_its_output():
    built = spec(*DECONV)
    network, summary = built
    # (4 − 1)·2 − 2·1 + 4 = 8; ours: each of the 4·4 input positions scatters 4·4·256 per channel
    assert summary.row("deconv").output_shape == (8, 8, 256)
    assert summary.row("deconv").mults == 4 * 4 * 512 * 4 * 4 * 256
    assert values_of(Q.FLOPS, "deconv", built, Slip.TRANSPOSED_OVER_OUTPUT) == [
        2 * 8 * 8 * 256 * 4 * 4 * 512]
    assert values_of(Q.MULTS, "deconv", built, Slip.TRANSPOSED_OVER_OUTPUT,
                     Slip.FLOPS_FOR_MULTS) == [2 * 8 * 8 * 256 * 4 * 4 * 512]
    assert values_of(Q.PARAMS, "deconv", built, Slip.NO_BIAS) == [512 * 4 * 4 * 256]


def test_transposed_over_output_only_for_transposed_convs():
    assert values_of(Q.MULTS, "conv1", spec(*ALEXNET_CONV1), Slip.TRANSPOSED_OVER_OUTPUT) == []


# Network totals -------------------------------------------------------------------------------

def totals_by_slips(quantity, built):
    network, summary = built
    return by_slips(total_candidates(quantity, network, summary))


def test_resnet50_batchnorm_statistics():
    # torchvision: 25,557,032 parameters; BN statistics 2 × 26,560 channels = 53,120
    resnet = bundled("resnet50")
    trainable = totals_by_slips(Q.TRAINABLE_PARAMS, resnet)
    assert trainable[(Slip.BN_STATISTICS_COUNTED,)] == [25_557_032 + 53_120]
    params = totals_by_slips(Q.PARAMS, resnet)
    assert params[(Slip.BN_STATISTICS_LEFT_OUT,)] == [25_557_032]
    assert totals_by_slips(Q.NON_TRAINABLE_PARAMS, resnet) == {
        (Slip.BN_STATISTICS_LEFT_OUT,): [0]}
    # no_bias leaves out the fc's 1,000 biases (the convs have none); BN's β are not biases
    assert trainable[(Slip.NO_BIAS,)] == [25_557_032 - 1000]
    assert trainable[(Slip.NO_BIAS, Slip.BN_STATISTICS_COUNTED)] == [25_557_032 - 1000 + 53_120]
    assert params[(Slip.NO_BIAS,)] == [25_557_032 + 53_120 - 1000]
    assert params[(Slip.NO_BIAS, Slip.BN_STATISTICS_LEFT_OUT)] == [25_557_032 - 1000]


# AlexNet's three two-group convolutions computed as if each filter read every input channel:
# conv2 27·27·256 outputs × 5·5·48 more inputs each, conv4 13·13·384 × 3·3·192, conv5 13·13·256
# × 3·3·192; their weights 5·5·48·256 + 3·3·192·384 + 3·3·192·256 more.
ALEXNET_UNGROUPED_MULTS = 27 * 27 * 256 * 5 * 5 * 48 + 13 * 13 * 384 * 3 * 3 * 192 \
    + 13 * 13 * 256 * 3 * 3 * 192
ALEXNET_UNGROUPED_WEIGHTS = 5 * 5 * 48 * 256 + 3 * 3 * 192 * 384 + 3 * 3 * 192 * 256


def test_totals_flops_and_mults():
    alexnet = bundled("alexnet")
    # issue table: 724,406,816 multiplications
    ungrouped = 724_406_816 + ALEXNET_UNGROUPED_MULTS
    assert totals_by_slips(Q.MULTS, alexnet) == {
        (Slip.FLOPS_FOR_MULTS,): [2 * 724_406_816],
        (Slip.GROUPS_IGNORED,): [ungrouped],
        (Slip.GROUPS_IGNORED, Slip.FLOPS_FOR_MULTS): [2 * ungrouped]}
    assert totals_by_slips(Q.FLOPS, alexnet) == {
        (Slip.MULTS_FOR_FLOPS,): [724_406_816],
        (Slip.GROUPS_IGNORED,): [2 * ungrouped],
        (Slip.GROUPS_IGNORED, Slip.MULTS_FOR_FLOPS): [ungrouped]}


def test_totals_groups_ignored_gives_the_single_tower_alexnet_count():
    # 60,965,224 with the paper's two groups; the often-quoted 62,378,344 ignores them
    params = totals_by_slips(Q.PARAMS, bundled("alexnet"))
    assert params[(Slip.GROUPS_IGNORED,)] == [60_965_224 + ALEXNET_UNGROUPED_WEIGHTS]
    assert 60_965_224 + ALEXNET_UNGROUPED_WEIGHTS == 62_378_344


def test_totals_groups_ignored_in_every_depthwise_layer():
    # MobileNet v1: 13 depthwise 3×3 layers; as ordinary convs each filter reads all C inputs,
    # C·C·9 weights instead of C·9: channels 32, 64, 128, 128, 256, 256, 512 ×6, 1024
    channels = [32, 64, 128, 128, 256, 256] + [512] * 6 + [1024]
    extra = sum(9 * c * c - 9 * c for c in channels)
    trainable = totals_by_slips(Q.TRAINABLE_PARAMS, bundled("mobilenet_v1"))
    assert trainable[(Slip.GROUPS_IGNORED,)] == [4_231_976 + extra]


# Over every layer of real networks: never the right value, never twice ------------------------

@pytest.mark.parametrize("name", ["alexnet", "mobilenet_v1"])
def test_candidates_differ_from_the_truth_and_each_other(name):
    network, summary = bundled(name)
    for node in network.nodes:
        row = summary.row(node.name)
        for quantity in Quantity:
            found = layer_candidates(quantity, node, network, summary)
            values = [candidate.value for candidate in found]
            assert len(values) == len(set(values)), (node.name, quantity)
            if found:
                assert layer_value(quantity, row) not in values, (node.name, quantity)
                assert all(candidate.why and 1 <= len(candidate.slips) <= 2
                           for candidate in found)
    for quantity in (Q.PARAMS, Q.TRAINABLE_PARAMS, Q.NON_TRAINABLE_PARAMS, Q.MULTS, Q.FLOPS):
        values = [c.value for c in total_candidates(quantity, network, summary)]
        assert total_value(quantity, summary) not in values
        assert len(values) == len(set(values))
    assert total_candidates(Q.HEIGHT, network, summary) == []  # the output is a vector


def test_single_slips_come_before_pairs():
    found = candidates(Q.PARAMS, "conv2", bundled("alexnet"))
    sizes = [len(candidate.slips) for candidate in found]
    assert sizes == sorted(sizes)


def test_a_layer_without_slips_has_no_candidates():
    assert candidates(Q.PARAMS, "relu", spec("8x8x3", "relu: {name: relu}")) == []


def test_layer_kinds_without_variants():
    # the kind's own variant methods: only conv rounds up without a setting, only
    # conv_transpose counts otherwise over its output
    rounding = {kind for kind, cls in REGISTRY.items()
                if cls.rounded_up is not REGISTRY["relu"].rounded_up}
    over_output = {kind for kind, cls in REGISTRY.items()
                   if cls.counted_over_output is not REGISTRY["relu"].counted_over_output}
    assert rounding == {"conv", "conv2d"}
    assert over_output == {"conv_transpose", "deconv", "conv2d_transpose"}


# The layers' variant methods the slips are made with --------------------------------------------

def test_with_settings_parses_like_a_spec_and_validates():
    conv = REGISTRY["conv"].from_settings({"filters": 96, "kernel": 11, "padding": 2})
    assert conv.with_settings(padding=0).padding == ((0, 0), (0, 0))
    assert conv.with_settings(bias=False).bias is False and conv.bias is True
    assert REGISTRY["relu"].from_settings({}).with_settings(bias=False) is None
    with pytest.raises(SettingError):
        conv.with_settings(groups=5)          # 96 filters cannot be split into 5 groups


def test_conv_rounded_up_and_transposed_over_output():
    conv = REGISTRY["conv"].from_settings({"filters": 1, "kernel": 3, "stride": 2})
    # 6×6, 3×3 stride 2: ⌊3/2⌋ + 1 = 2, ⌈3/2⌉ + 1 = 3
    assert conv.output_shape([(6, 6, 1)]) == (2, 2, 1)
    assert conv.rounded_up().output_shape([(6, 6, 1)]) == (3, 3, 1)
    assert conv.rounded_up().rounded_up() is None
    deconv = REGISTRY["conv_transpose"].from_settings({"filters": 2, "kernel": 2, "stride": 2})
    over = deconv.counted_over_output()
    # 3×3×4 → 6×6×2: over the input 3·3·4 · 2·2·2, over the output 6·6·4 · 2·2·2
    assert deconv.mults([(3, 3, 4)], (6, 6, 2)) == 3 * 3 * 4 * 2 * 2 * 2
    assert over.mults([(3, 3, 4)], (6, 6, 2)) == 6 * 6 * 4 * 2 * 2 * 2
    assert "over the output positions" in over.formulas([(3, 3, 4)], (6, 6, 2))["mults"]
