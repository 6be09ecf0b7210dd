"""The teaching notes `explain` shows: each number in them worked out by hand here."""

from __future__ import annotations

import pytest

from cnncalc.calculator import summarize
from cnncalc.errors import SpecError
from cnncalc.spec import load_spec


def notes_about(row, word: str) -> list[str]:
    return [note for note in row.notes if word in note]


def test_parameter_sharing_the_cs231n_example(calc):
    # 32×32×3, 6 filters of 5×5: 28×28×6 with (5·5·3 + 1)·6 = 456 parameters; a fully
    # connected layer would need (32·32·3 + 1)·(28·28·6) = 3073·4704 parameters
    row = calc("32x32x3", "conv: {filters: 6, kernel: 5}").layers[0]
    assert row.params == (5 * 5 * 3 + 1) * 6 == 456
    dense = (32 * 32 * 3 + 1) * (28 * 28 * 6)
    assert dense == 3072 * 4704 + 4704 == 14_455_392
    [note] = notes_about(row, "parameter sharing")
    assert note == ("parameter sharing: each filter's 5·5·3 + 1 = 76 parameters serve all "
                    "28·28 = 784 positions; a fully connected layer from the same 32×32×3 input "
                    "to the same 28×28×6 output would need (32·32·3 + 1)·28·28·6 = 14,455,392 "
                    f"parameters, {round(dense / 456):,}× the conv's 456")
    assert round(dense / 456) == 31_700


def test_parameter_sharing_without_bias(calc):
    row = calc("8x8x2", "conv: {filters: 4, kernel: 3, bias: false}").layers[0]
    [note] = notes_about(row, "parameter sharing")
    assert f"8·8·2·6·6·4 = {8 * 8 * 2 * 6 * 6 * 4:,} parameters" in note
    assert "3·3·2 = 18 parameters" in note


def test_floor_drops_the_last_row_and_column(calc):
    # (6 − 3)/2 = 1.5: windows at 0–2 and 2–4; row and column 5 are never read
    row = calc("6x6x1", "conv: {filters: 1, kernel: 3, stride: 2}").layers[0]
    assert row.notes[0] == (
        "6 − 3 + 2·0 = 3 is not a multiple of the stride 2: the floor drops a remainder of 1, "
        "so the last row and the last column of the 6×6 input are never covered by a filter: "
        "they do not affect the output")


def test_floor_on_one_axis_and_padding_in_the_remainder(calc):
    # H: 7 + 2·1 − 3 = 6, 6 % 4 = 2: windows at 0–2, 4–6 of the padded 9 rows (0…8); rows 7
    # and 8 are left: row 8 is padding, row 7 is the last input row. W: (7 − 3 + 2·1)/2 exact.
    row = calc("7x7x1", "maxpool: {kernel: 3, stride: [4, 2], padding: 1}").layers[0]
    assert row.output_shape == ((7 + 2 - 3) // 4 + 1, (7 + 2 - 3) // 2 + 1, 1) == (2, 4, 1)
    assert row.notes == (
        "7 − 3 + 2·1 = 6 is not a multiple of the stride 4: the floor drops a remainder of 2 "
        "(1 of the remainder is padding), so the last row of the 7×7 input is never covered by "
        "a window: it does not affect the output",)


@pytest.mark.parametrize("layer", ["conv: {filters: 96, kernel: 11, stride: 4}",   # 216 = 54·4
                                   "maxpool: {kernel: 3, stride: 2}"])            # 52 = 26·2
def test_exact_divisions_get_no_floor_note(calc, layer):
    size = "227x227x3" if "conv" in layer else "55x55x96"
    assert not notes_about(calc(size, layer).layers[0], "not a multiple")


def test_floor_that_drops_only_padding_is_not_a_loss(calc):
    # ResNet's conv1: 224 + 2·3 − 7 = 223, remainder 1, and that 1 is the last padded column
    row = calc("224x224x3", "conv: {filters: 64, kernel: 7, stride: 2, padding: 3}").layers[0]
    assert not notes_about(row, "not a multiple")


def test_same_padding_with_stride_2_goes_after(calc):
    # ⌈224/2⌉ = 112; total padding (112 − 1)·2 + 3 − 224 = 1: 0 before, 1 after
    row = calc("224x224x3", "conv: {filters: 8, kernel: 3, stride: 2, padding: same}").layers[0]
    assert row.output_shape == (112, 112, 8)
    assert (112 - 1) * 2 + 3 - 224 == 1
    [note] = notes_about(row, "same padding")
    assert note.startswith(
        "same padding cannot be symmetric here; H: ⌈224/2⌉ = 112 outputs need (112 − 1)·2 + 3 − "
        "224 = 1 padding: top 0, bottom 1; W: ⌈224/2⌉ = 112 outputs need (112 − 1)·2 + 3 − 224 "
        "= 1 padding: left 0, right 1.")
    assert "TensorFlow" in note and "bottom and right" in note


def test_same_padding_with_an_even_kernel(calc):
    # stride 1, kernel 4: total 4 − 1 = 3 → 1 before, 2 after
    row = calc("10x10x1", "maxpool: {kernel: 4, stride: 1, padding: same}").layers[0]
    assert row.output_shape == (10, 10, 1)
    [note] = notes_about(row, "same padding")
    assert "(10 − 1)·1 + 4 − 10 = 3 padding: top 1, bottom 2" in note


def test_symmetric_same_padding_gets_no_note(calc):
    row = calc("32x32x3", "conv: {filters: 8, kernel: 3, padding: same}").layers[0]
    assert not notes_about(row, "same padding")


def test_dilation_both_conventions(calc):
    # D·(F − 1) + 1 = 2·(3 − 1) + 1 = 5; (32 + 2·2 − 5)/1 + 1 = 32
    pytorch = calc("32x32x3", "conv: {filters: 8, kernel: 3, dilation: 2, padding: 2}").layers[0]
    gaps = calc("32x32x3", "conv: {filters: 8, kernel: 3, gaps: 1, padding: 2}").layers[0]
    assert pytorch.output_shape == gaps.output_shape == (32 + 2 * 2 - 5 + 1,) * 2 + (8,)
    assert pytorch.mults == gaps.mults == 32 * 32 * 8 * 3 * 3 * 3
    assert pytorch.notes[0] == ("dilation 2 (dilation=2 in PyTorch, one gap between taps): the "
                                "3×3 kernel spans 5×5 (H, W: 2·(3 − 1) + 1 = 5) with the same "
                                "3·3 taps")
    assert gaps.notes[0] == "gaps: 1 means " + pytorch.notes[0]


def test_no_gaps_is_no_dilation(calc):
    row = calc("8x8x1", "conv: {filters: 1, kernel: 3, gaps: 0}").layers[0]
    assert row.output_shape == (6, 6, 1) and not notes_about(row, "dilation")


def test_dilation_and_gaps_together_are_an_error(calc):
    with pytest.raises(SpecError, match="the dilation is given twice, as dilation and as "
                                        "gaps; received dilation: 2 and gaps: 1; keep one"):
        calc("32x32x3", "conv: {filters: 8, kernel: 3, dilation: 2, gaps: 1}")


def test_inception_5x5_branch_reduction():
    # GoogLeNet inception (3a), 5×5 branch on 28×28×192: 32 filters, reduced to 16 channels
    direct = 28 * 28 * 32 * 5 * 5 * 192
    reduce, conv = 28 * 28 * 16 * 192, 28 * 28 * 32 * 5 * 5 * 16
    assert (direct, reduce, conv) == (120_422_400, 2_408_448, 10_035_200)
    row = summarize(load_spec("googlenet")).row("inception3a/b3")
    [note] = notes_about(row, "1×1 reduction")
    assert note == (
        "1×1 reduction: this conv reads 'inception3a/b3_reduce', which cut 192 channels to 16. "
        "Straight on the 192 channels it would take 28·28·32 · 5·5·192 = 120,422,400 "
        "multiplications per image; with the reduction 28·28·16 · 1·1·192 + 28·28·32 · 5·5·16 "
        f"= 2,408,448 + 10,035,200 = 12,443,648, {direct / (reduce + conv):.1f}× fewer")
    assert f"{direct / (reduce + conv):.1f}" == "9.7"


def test_reduction_seen_through_batchnorm_and_relu(calc_text):
    # a ResNet bottleneck: 1×1 256 → 64, BN, ReLU, then 3×3 64 → 64 on 56×56
    summary = calc_text("""
        name: bottleneck
        input: 56x56x256
        layers:
          - conv: {name: reduce, filters: 64, kernel: 1, bias: false}
          - batchnorm
          - relu
          - conv: {name: conv3x3, filters: 64, kernel: 3, padding: 1, bias: false}
        """)
    [note] = notes_about(summary.row("conv3x3"), "1×1 reduction")
    direct, reduced = 56 * 56 * 64 * 3 * 3 * 256, 56 * 56 * 64 * 256 + 56 * 56 * 64 * 3 * 3 * 64
    assert f"= {direct:,} multiplications" in note and f"= {reduced:,}, " in note


def test_no_reduction_note_where_channels_grow_or_the_reader_is_1x1(calc_text):
    summary = calc_text("""
        name: t
        input: 16x16x8
        layers:
          - conv: {name: widen, filters: 32, kernel: 1}
          - conv: {name: after_widen, filters: 8, kernel: 3}
          - conv: {name: narrow, filters: 4, kernel: 1}
          - conv: {name: pointwise, filters: 4, kernel: 1}
        """)
    for name in ("after_widen", "pointwise"):
        assert not notes_about(summary.row(name), "reduction")


def test_layers_without_notes_have_none(calc):
    summary = calc("8x8x3", "relu", "flatten", "fc: 10")
    assert all(row.notes == () for row in summary.layers)


def test_conv_and_pool_size_formulas_read_the_same(calc):
    """One vocabulary: ⌊(W − F + 2P)/S⌋ + 1 for conv and pooling alike."""
    conv = calc("227x227x3", "conv: {filters: 96, kernel: 11, stride: 4}").layers[0]
    pool = calc("55x55x96", "maxpool: {kernel: 3, stride: 2}").layers[0]
    assert conv.formulas["output"].startswith("H, W: ⌊(227 − 11 + 2·0)/4⌋ + 1 = 55")
    assert pool.formulas["output"].startswith("H, W: ⌊(55 − 3 + 2·0)/2⌋ + 1 = 27")
    ceil = calc("112x112x64", "maxpool: {kernel: 3, stride: 2, ceil_mode: true}").layers[0]
    assert ceil.formulas["output"].startswith("H, W: ⌈(112 − 3 + 2·0)/2⌉ + 1 = 56")

