"""Spec language 2: blocks that see their input, conditions, `repeat: 0`, kinds and defaults
from arguments, and the arithmetic of the papers. Expected numbers are hand arithmetic."""

from __future__ import annotations

import pytest

from cnncalc.errors import SpecError
from cnncalc.spec.expressions import evaluate, make_divisible

# One block for every MobileNet v2 row (Sandler et al. 2018, Table 2): expansion absent when
# t = 1, the shortcut only when stride is 1 and the width is unchanged.
INVERTED_RESIDUAL = """
    name: t
    input: INPUT
    blocks:
      inverted_residual:
        args: {out: null, t: 6, stride: 1, hidden: "${input.channels * t}"}
        layers:
          - conv: {name: expand, filters: $hidden, kernel: 1, bias: false, if: "${t != 1}"}
          - conv: {name: dw, depthwise: true, kernel: 3, stride: $stride, padding: 1,
                   bias: false}
          - conv: {name: project, filters: $out, kernel: 1, bias: false}
          - add: {from: [project, input], if: "${stride == 1 and input.channels == out}"}
    layers:
"""


def run(calc_text, input_shape, *items):
    text = INVERTED_RESIDUAL.replace("INPUT", input_shape) + "\n".join(
        f"      - {item}" for item in items) + "\n"
    return calc_text(text)


def test_a_block_reads_its_input_channels(calc_text):
    s = run(calc_text, "56x56x24", "inverted_residual: {name: b, out: 24}")
    hidden = 24 * 6
    assert s.row("b/expand").output_shape == (56, 56, hidden)
    assert s.row("b/expand").params == 24 * hidden
    assert s.row("b/dw").params == 3 * 3 * hidden
    assert s.row("b/project").params == hidden * 24
    assert s.row("b/add1").inputs == ("b/project", "input")


def test_conditions_leave_out_the_expansion_and_the_shortcut(calc_text):
    s = run(calc_text, "112x112x32", "inverted_residual: {name: first, out: 16, t: 1}",
            "inverted_residual: {name: down, out: 24, stride: 2}")
    names = [row.name for row in s.layers]
    assert "first/expand" not in names            # t = 1: no expansion conv
    assert s.row("first/dw").inputs == ("input",)  # the absent layer passes its input on
    assert "first/add1" not in names              # 32 → 16 channels: no shortcut
    assert "down/add1" not in names               # stride 2: no shortcut
    assert s.row("down/expand").output_shape == (112, 112, 16 * 6)
    assert s.row("down/dw").output_shape == (56, 56, 96)


def test_repeat_zero_means_none_and_a_later_repeat_sees_the_new_width(calc_text):
    s = run(calc_text, "56x56x24", "inverted_residual: {name: none, out: 99, repeat: 0}",
            "inverted_residual: {name: s, out: 32, stride: 2, repeat: 3}")
    names = [row.name for row in s.layers]
    assert not any(name.startswith("none") for name in names)
    assert s.row("s.1/expand").output_shape == (56, 56, 24 * 6)
    assert s.row("s.2/expand").output_shape == (28, 28, 32 * 6)  # reads s.1's 32 channels


def test_a_kind_and_a_default_from_arguments(calc_text):
    s = calc_text("""
        name: t
        input: 8x8x16
        blocks:
          unit:
            args: {width: null, out: "${4 * width}", act: relu}
            layers:
              - conv: {filters: $out, kernel: 1}
              - $act
        layers:
          - unit: {name: a, width: 2, act: hardswish}
          - unit: {name: b, width: 3}
    """)
    assert s.row("a/conv1").output_shape == (8, 8, 8)
    assert s.row("a/hardswish1").kind == "hardswish"
    assert s.row("b/conv1").output_shape == (8, 8, 12)
    assert s.row("b/relu1").kind == "relu"


@pytest.mark.parametrize("expression, names, value", [
    ("min(a, 3) + max(a, 3)", {"a": 5}, 3 + 5),
    ("ceil_div(a, 2)", {"a": 7}, 4),
    ("round(a * 0.5)", {"a": 5}, 2),          # halves to the even neighbour, as Python
    ("a // 2 if a > 4 else a", {"a": 6}, 3),
    ("not (a == 1 or a == 2)", {"a": 3}, True),
    ("make_divisible(a * 0.75, 8)", {"a": 16}, 16),
    ("a / 4", {"a": 6.0}, 1.5),
])
def test_expressions(expression, names, value):
    assert evaluate(expression, names) == value


def test_make_divisible_follows_the_reference_rule():
    # torchvision's _make_divisible: max(8, int(v + 4) // 8 * 8), plus 8 when that loses > 10 %
    for value in (3, 8, 12, 16 * 1.4, 24 * 0.35, 100, 960 * 0.75, 576, 1280 * 1.3):
        expected = max(8, int(value + 4) // 8 * 8)
        if expected < 0.9 * value:
            expected += 8
        assert make_divisible(value, 8) == expected


@pytest.mark.parametrize("text, message", [
    ("conv: {filters: '${open(1)}', kernel: 1}", "calls open(…)"),
    ("conv: {filters: '${input.__class__}', kernel: 1}", "the only dotted names are"),
    ("conv: {filters: '${(1).real}', kernel: 1}", "the only dotted names are"),
    ("conv: {filters: '${10 ** 99}', kernel: 1}", "not allowed"),
    ("conv: {filters: '${99999999 * 99999999 * 99999999}', kernel: 1}", "beyond any layer"),
    ("conv: {filters: 2, kernel: 1, if: '${input.channels}'}", "'if' must be true or false"),
])
def test_expressions_refuse_what_is_not_allowed(calc, text, message):
    with pytest.raises(SpecError, match=message.replace("(", r"\(").replace(")", r"\)")):
        calc("8x8x3", text)


def test_input_shape_of_a_later_layer_is_an_error_not_a_guess(calc_text):
    with pytest.raises(SpecError, match="only read layers that come earlier"):
        calc_text("""
            name: t
            input: 8x8x4
            blocks:
              b: {layers: [{conv: {filters: "${input.channels}", kernel: 1}}]}
            layers:
              - b: {from: later}
              - relu: {name: later}
        """)


def test_one_line_per_row_first_copy_settings_and_numbering_from_zero(calc_text):
    """A paper's row of n units whose first one strides: `first:` and `count_from:`."""
    s = calc_text("""
        name: t
        input: 56x56x256
        include: [units]
        layers:
          - bottleneck: {name: layer2, width: 128, repeat: 4, count_from: 0, first: {stride: 2}}
          - bottleneck: {name: tail, width: 128, repeat: 1, count_from: 5}
    """)
    names = [row.name for row in s.layers]
    assert "layer2.0/downsample" in names and "layer2.1/downsample" not in names
    assert s.row("layer2.0/conv2").output_shape == (28, 28, 128)   # the first copy strides
    assert s.row("layer2.3/conv2").output_shape == (28, 28, 128)   # the others read 28×28
    assert s.row("layer2.1/conv1").inputs == ("layer2.0/relu3",)
    assert "tail.5/conv1" in names                                  # numbered when asked
    assert s.row("tail.5/conv1").inputs == ("layer2.3/relu3",)      # 'layer2' is its last copy


@pytest.mark.parametrize("text, message", [
    ("relu: {repeat: 2, first: 3}", "'first' holds the settings of the first copy"),
    ("relu: {repeat: 2, count_from: -1}", "count_from must be a whole number of at least 0"),
    ("conv: {filters: 2, kernel: 1, repeat: 2, first: {kernal: 3}}", "unknown setting 'kernal'"),
])
def test_first_and_count_from_errors(calc, text, message):
    with pytest.raises(SpecError, match=message):
        calc("8x8x3", text)


XCEPTION_UNIT = """
    input: 8x8x4
    blocks:
      unit:
        args: {skip: true}
        layers:
          - conv: {name: main, filters: 6, kernel: 1}
          - conv: {name: shortcut, from: input, filters: 6, kernel: 1, if: $skip}
          - add: {from: [main, shortcut], if: $skip}
    layers:
      - unit: {skip: SKIP}
      - flatten
      - fc: 2
"""


@pytest.mark.parametrize("skip", ["true", "false"])
def test_a_left_out_add_passes_on_its_first_input_not_the_left_out_shortcut(calc_text, skip):
    """Xception's block without a skip (issue 15): with the shortcut and the add left out, the
    block's output is `main` (8×8×6), not its input (8×8×4) that the left-out shortcut passed
    on — which silently dropped `main` from the graph."""
    summary = calc_text(XCEPTION_UNIT.replace("SKIP", skip))
    fc = summary.row("fc1")
    assert fc.input_shapes == ((8 * 8 * 6,),)
    assert fc.params == (8 * 8 * 6 + 1) * 2                     # 770, not (8·8·4 + 1)·2 = 514
    assert summary.row("flatten1").inputs == (("unit1/add1",) if skip == "true"
                                               else ("unit1/main",))
