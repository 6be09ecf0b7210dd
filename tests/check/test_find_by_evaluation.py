"""``find`` questions decided by evaluation: an answer is right when the layer, evaluated with
it, gives the wanted output, however large the value; the key lists every valid value, or the
rule when they are unbounded. Every expected value is worked out by hand from
``⌊(W + 2P − D·(F − 1) − 1)/S⌋ + 1`` (or the formula named) in the comment beside it."""

from __future__ import annotations

import json

import pytest

from cnncalc.check.answerfile import FindRequest
from cnncalc.check.grade import choices_text, evaluated_output


def graded(check, layer: str, find: str, output: str, answer, input_shape: str | None = None):
    """The one result of a find question, as `cnncalc check --json` gives it."""
    given = f"\n            input: {input_shape}" if input_shape else ""
    result = check(f"""\
        questions:
          - id: q{given}
            layer: {layer}
            find: {find}
            output: {output}
            answer: {json.dumps(answer)}
        """, "--json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["results"][0]


# --- the two reported cases -------------------------------------------------------------------

def test_any_stride_from_32_gives_one_output_from_32(check):
    # kernel 1, no padding: ⌊(32 − 1)/S⌋ + 1 = 1 ⇔ 31 < S: every stride ≥ 32
    layer = "{conv: {filters: 4, kernel: 1}}"
    largest = 2**31 - 1          # every setting is at most 2^31 − 1 (docs/spec-language.md)
    for stride in (32, 33, 1000, largest):
        result = graded(check, layer, "stride", "1x1", stride, "32x32x3")
        assert result["correct"], (stride, result)
    assert result["right"] == "any stride ≥ 32"
    assert result["note"] == "2147483647 is right; any stride ≥ 32 is right"
    beyond = graded(check, layer, "stride", "1x1", 10**20, "32x32x3")
    assert not beyond["correct"] and "2,147,483,647" in beyond["reason"]
    # S = 31: ⌊31/31⌋ + 1 = 2
    wrong = graded(check, layer, "stride", "1x1", 31, "32x32x3")
    assert not wrong["correct"] and wrong["reason"] == "stride 31 gives 2×2, not 1×1"


def test_padding_5_gives_38_from_28(check):
    # kernel 1, stride 1: 28 + 2P − 1 + 1 = 38 ⇔ P = 5 (windows at the edge see only padding)
    result = graded(check, "{conv: {filters: 8, kernel: 1}}", "padding", "38x38", 5,
                    "28x28x3")
    assert result["correct"] and result["right"] == "5"
    assert result["derivation"] == "padding 5: H, W: 28 − 1 + 2·5 + 1 = 38; C = K = 8"


def test_the_key_gives_the_padding_and_the_stride_rule(check):
    result = check("""\
        questions:
          - {id: p, input: 28x28x3, layer: {conv: {filters: 8, kernel: 1}}, find: padding,
             output: 38x38}
          - {id: s, input: 32x32x3, layer: {conv: {filters: 8, kernel: 1}}, find: stride,
             output: 1x1}
        """, "--key")
    assert result.exit_code == 0, result.output
    assert "—" not in result.output
    assert "any stride ≥ 32" in result.output


# --- each unknown, by hand --------------------------------------------------------------------

@pytest.mark.parametrize("layer, find, output, input_shape, right, answers", [
    # 2P ∈ [(O − 1)·S + F − W, O·S + F − W − 1] = [28 + 3 − 32, 32 + 3 − 32 − 1]: P ∈ {0, 1}
    ("{conv: {filters: 8, kernel: 3, stride: 4}}", "padding", "8x8", "32x32x3", "any of 0, 1",
     {0: True, 1: True, 2: False}),
    # S ∈ [⌊A/O⌋ + 1, ⌊A/(O − 1)⌋], A = 227 − 11 = 216: [⌊216/55⌋ + 1, ⌊216/54⌋] = {4}
    ("{conv: {filters: 96, kernel: 11}}", "stride", "55x55", "227x227x3", "4",
     {4: True, 3: False, 5: False}),
    # span = F ∈ [227 − 55·4 + 1, 227 − 54·4] = [8, 11]
    ("{conv: {filters: 96, stride: 4}}", "kernel", "55x55", "227x227x3", "any of 8, 9, 10, 11",
     {8: True, 11: True, 7: False, 12: False}),
    # 32 + 2·2 − (2D + 1) + 1 = 32 ⇔ D = 2
    ("{conv: {filters: 8, kernel: 3, padding: 2}}", "dilation", "32x32", "32x32x3", "2",
     {2: True, 1: False, 3: False}),
    # a 1-wide kernel spans 1 at every dilation: 32 − 1 + 1 = 32 for all D
    ("{conv: {filters: 8, kernel: 1}}", "dilation", "32x32", "32x32x3", "any dilation ≥ 1",
     {1: True, 7: True, 10**9: True}),
    # W ∈ [(O − 1)·S + F, O·S + F − 1] = [216 + 11, 220 + 10] = [227, 230]
    ("{conv: {filters: 96, kernel: 11, stride: 4}}", "input", "55x55", None,
     "any of 227, 228, 229, 230", {227: True, 230: True, 226: False, 231: False}),
])
def test_each_unknown(check, layer, find, output, input_shape, right, answers):
    for answer, correct in answers.items():
        result = graded(check, layer, find, output, answer, input_shape)
        assert result["right"] == right
        assert result["correct"] is correct, (answer, result)


def test_pooling_in_ceil_mode(check):
    # ⌈(W − 3)/2⌉ + 1 = 56 ⇔ W − 3 ∈ {109, 110} ⇔ W ∈ {112, 113}; the last window starts at
    # (56 − 1)·2 = 110 < W, so PyTorch keeps it
    layer = "{maxpool: {kernel: 3, stride: 2, ceil_mode: true}}"
    assert graded(check, layer, "input", "56x56", 112)["right"] == "any of 112, 113"
    assert graded(check, layer, "input", "56x56", 113)["correct"]
    # W = 111: ⌈108/2⌉ + 1 = 55
    wrong = graded(check, layer, "input", "56x56", 111)
    assert not wrong["correct"] and wrong["reason"] == "input 111 gives 55×55, not 56×56"
    # stride: ⌈109/S⌉ + 1 = 56 ⇔ ⌈109/S⌉ = 55 ⇔ S = 2 (109/2 = 54.5)
    stride = graded(check, "{maxpool: {kernel: 3, ceil_mode: true}}", "stride", "56x56", 2,
                    "112x112x64")
    assert stride["correct"] and stride["right"] == "2"


def test_pooling_stride_for_one_output_in_ceil_mode(check):
    # ⌈109/S⌉ + 1 is 2 for 109 ≤ S, and PyTorch drops that window when it starts at S ≥ 112
    # (the input): so one output for every S ≥ 112; S = 111 gives 2
    layer = "{maxpool: {kernel: 3, ceil_mode: true}}"
    result = graded(check, layer, "stride", "1x1", 112, "112x112x64")
    assert result["correct"] and result["right"] == "any stride ≥ 112"
    assert not graded(check, layer, "stride", "1x1", 111, "112x112x64")["correct"]


def test_same_padding(check):
    # 'same': the output is ⌈32/S⌉ = 16 ⇔ 32/16 ≤ S < 32/15 ⇔ S = 2
    stride = graded(check, "{conv: {filters: 8, kernel: 3, padding: same}}", "stride", "16x16",
                    2, "32x32x3")
    assert stride["correct"] and stride["right"] == "2"
    # ⌈32/2⌉ = 16 at every kernel: F = 7 pads (16 − 1)·2 + 7 − 32 = 5, ⌊(32 + 5 − 7)/2⌋ + 1 = 16
    kernel = graded(check, "{conv: {filters: 8, stride: 2, padding: same}}", "kernel", "16x16",
                    7, "32x32x3")
    assert kernel["correct"] and kernel["right"] == "any kernel ≥ 1"
    # the input: ⌈W/2⌉ = 16 ⇔ W ∈ {31, 32}
    size = graded(check, "{conv: {filters: 8, kernel: 3, stride: 2, padding: same}}", "input",
                  "16x16", 31)
    assert size["correct"] and size["right"] == "any of 31, 32"


def test_no_solution(check):
    # 32 + 2P − 4 + 1 = 32 ⇔ 2P = 3: P = 1 gives 31, P = 2 gives 33
    result = graded(check, "{conv: {filters: 8, kernel: 4}}", "padding", "32x32", 1, "32x32x3")
    assert not result["correct"] and result["right"] is None and result["right_value"] == []
    assert result["reason"] == ("no padding gives 32×32: no padding gives the output 32 exactly "
                                "at input 32×32×3, kernel 4: the nearest are 31 (padding 1) and "
                                "33 (padding 2)")


def test_a_value_per_axis_counts_when_it_gives_the_output(check):
    # kernel 3 on 32×16: 32 + 2P − 3 + 1 = 32 ⇔ P = 1; 16 + 2P − 3 + 1 = 32 ⇔ P = 9
    result = graded(check, "{conv: {filters: 8, kernel: 3}}", "padding", "32x32", [1, 9],
                    "32x16x3")
    assert result["correct"] and result["note"] == ("1, 9 is right; no one value works on both "
                                                    "axes")
    assert not graded(check, "{conv: {filters: 8, kernel: 3}}", "padding", "32x32", 1,
                      "32x16x3")["correct"]


def test_transposed_convolution(check):
    # (4 − 1)·S − 2·1 + 4 = 8 ⇔ 3S = 6 ⇔ S = 2
    layer = "{conv_transpose: {filters: 8, kernel: 4, padding: 1}}"
    assert graded(check, layer, "stride", "8x8", 2, "4x4x3")["right"] == "2"
    # a 1×1 input: (1 − 1)·S − 2 + 4 = 2 at every stride
    result = graded(check, layer, "stride", "2x2", 5, "1x1x3")
    assert result["correct"] and result["right"] == "any stride ≥ 1"


# --- the pieces -------------------------------------------------------------------------------

def test_choices_text():
    assert choices_text([3], None) == "3"
    assert choices_text([0, 1], None) == "any of 0, 1"
    assert choices_text([32], 32, "stride") == "any stride ≥ 32"
    assert choices_text([3, 5], 5, "stride") == "any of 3 or any stride ≥ 5"


def test_evaluated_output_is_the_calculators():
    request = FindRequest(kind="conv", settings={"filters": 8, "kernel": 1}, unknown="padding",
                          input_shape=(28, 28, 3), output=(38, 38))
    assert evaluated_output(request, 5, 5) == (38, 38)            # 28 + 10 − 1 + 1
    assert evaluated_output(request, 5, 0) == (38, 28)
    # a 1×1 kernel on 28: a stride beyond the input still gives one output
    stride = FindRequest(kind="conv", settings={"filters": 8, "kernel": 1}, unknown="stride",
                         input_shape=(28, 28, 3), output=(1, 1))
    assert evaluated_output(stride, 2**31 - 1, 2**31 - 1) == (1, 1)
    assert evaluated_output(stride, 10**30, 10**30) is None      # beyond every setting's bound
