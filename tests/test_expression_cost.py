"""Expressions cost what their tree says, before they run: each hostile case found against
them ends, fast, in one located sentence and exit code 2 (never a hang, never a traceback);
random expression trees end in a value or a `CnnCalcError` within a time bound."""

from __future__ import annotations

import ast
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnncalc.cli import main
from cnncalc.errors import CnnCalcError
from cnncalc.spec import expressions
from cnncalc.spec.expressions import BUDGET, FUNCTIONS, Budget, InputShape, evaluate

FAST = 2.0
"""Seconds a refusal may take, start-up of the command included (generous on a busy machine:
the refusals themselves take milliseconds)."""


def refused(text: str, tmp_path: Path, seconds: float = FAST) -> str:
    """The sentence of ``cnncalc summarize h.yaml --json`` for the spec `text`: exit code 2,
    no traceback, within `seconds`."""
    path = tmp_path / "h.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["summarize", str(path), "--json"])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    return result.output.strip().replace(str(path), "h.yaml")


def in_block(line: str, *, args: str = "[c]", use: str = "b: {c: 1}") -> str:
    """A spec whose block `b` has the one layer `line`, used once."""
    return ("input: 8x8x3\nblocks:\n  b:\n    args: " + args + "\n    layers:\n      - " + line
            + "\nlayers:\n  - " + use + "\n")


HUGE_ROUND = "${round(5, -1000000000000000)}"
DIGITS = "round's digits are a whole number from -30 to 30, received -1000000000000000"

# Every place an expression can stand, each with the line and column the refusal names.
PLACES = {
    "setting": (in_block(f'conv: {{filters: "{HUGE_ROUND}", kernel: 1}}'), "6:25"),
    "setting inside text": (in_block(f'conv: {{name: "c{HUGE_ROUND}", filters: 3, kernel: 1}}'),
                            "6:22"),
    "pair item": (in_block(f'conv: {{filters: 3, kernel: [1, "{HUGE_ROUND}"]}}'), "6:40"),
    "name": (in_block(f'relu: {{name: "{HUGE_ROUND}"}}'), "6:22"),
    "from": (in_block(f'relu: {{from: "{HUGE_ROUND}"}}'), "6:22"),
    "if": (in_block(f'relu: {{if: "{HUGE_ROUND}"}}'), "6:20"),
    "repeat": (in_block(f'relu: {{repeat: "{HUGE_ROUND}"}}'), "6:24"),
    "count_from": (in_block(f'relu: {{name: r, count_from: "{HUGE_ROUND}"}}'), "6:37"),
    "first": (in_block(f'conv: {{filters: 3, kernel: 1, repeat: 2, first: '
                       f'{{stride: "{HUGE_ROUND}"}}}}'), "6:66"),
    "kind": (in_block(f'"{HUGE_ROUND}"'), "6:9"),
    "group times": (in_block(f'repeat: {{times: "{HUGE_ROUND}", layers: [relu]}}'), "6:25"),
    "block default": (in_block("relu", args=f'{{c: "{HUGE_ROUND}"}}', use="b"), "8:5"),
    "block argument": ("input: 8x8x3\nblocks:\n  a:\n    args: [c]\n    layers: [relu]\n"
                       "  b:\n    args: [c]\n    layers:\n"
                       f'      - a: {{c: "{HUGE_ROUND}"}}\nlayers:\n  - b: {{c: 1}}\n', "9:16"),
}


@pytest.mark.parametrize("text, where", PLACES.values(), ids=PLACES.keys())
def test_round_to_minus_a_quadrillion_digits_is_refused_wherever_it_stands(text, where,
                                                                           tmp_path):
    message = refused(text, tmp_path)
    assert message.startswith(f"h.yaml:{where}: ") and DIGITS in message


@pytest.mark.parametrize("expression, message", [
    ("${}", "'${}' is empty; write an expression inside, e.g. ${4 * width}"),
    ("${round(16, 0.5)}", "'round(16, 0.5)': round's digits are a whole number from -30 to "
                          "30, received 0.5"),
    ("${round(16, true)}", "'round(16, true)': does arithmetic on True, which is not a number"),
    ("${'ab' * 3}", "''ab' * 3': does arithmetic on 'ab', which is not a number"),
    ("${1e15 / 1e-300}", "'1e15 / 1e-300': gives inf, not a number a layer can have"),
], ids=["empty", "round-half", "round-true", "text-repeated", "overflow"])
def test_a_mistaken_expression_is_a_located_sentence(expression, message, tmp_path):
    text = in_block(f'conv: {{filters: "{expression}", kernel: 1}}')
    assert refused(text, tmp_path) == f"h.yaml:6:25: layer 1 (in block 'b' used at line 8): " \
                                      f"{message}"


def doubling_blocks(levels: int) -> str:
    """Blocks b0 … b(levels−1), each passing ``"$s$s"`` to the next: 2^levels copies of 'ab'."""
    lines = ["input: 8x8x3", "blocks:"]
    for level in range(levels):
        inner = (f'b{level + 1}: {{s: "$s$s"}}' if level < levels - 1
                 else 'relu: {name: "$s"}')
        lines += [f"  b{level}:", "    args: [s]", "    layers:", f"      - {inner}"]
    return "\n".join(lines + ["layers:", "  - b0: {s: ab}"]) + "\n"


def test_text_doubled_through_forty_blocks_stops_at_the_text_limit(tmp_path):
    """'ab' doubled: 2·2¹² = 8,192 characters at b12, 16,384 (over 10,000) made for b13."""
    message = refused(doubling_blocks(40), tmp_path)
    assert message == ("h.yaml:54:18: layer 1 (in block 'b12' used at line 50): the text made "
                       "of '$s$s' would be longer than 10,000 characters (an argument put in "
                       "twice doubles at every level of blocks); a setting is a word or a number")


def test_text_doubled_a_few_times_is_fine(calc_text):
    summary = calc_text(doubling_blocks(4))   # 'ab' · 2³ = 16 characters in the name
    assert summary.layers[0].name.endswith("/" + "ab" * 2**3)


def test_a_list_inside_a_text_is_refused(tmp_path):
    text = in_block('relu: {name: "x$c"}', use="b: {c: [1, 2]}")
    assert "'$c' is a list or a mapping, which cannot stand inside a text" in \
        refused(text, tmp_path)


def test_comparing_lists_is_refused(tmp_path):
    text = in_block('relu: {if: "${c == c}"}', use="b: {c: [1, 2]}")
    assert "'c == c': compares a list; only numbers, words and true/false are compared" in \
        refused(text, tmp_path)


def eleven_kilobytes_of_rounds() -> str:
    """An 11 KB spec of expressions each of whose rounds cost seconds before (round(5, −n)
    computes 10ⁿ: 6 s for n = 10⁷ on the machine this was written on, 34 s for 3·10⁷)."""
    expression = " + ".join(f"round(5, -{30_000_000 - i})" for i in range(40))[:990]
    expression = expression[:expression.rfind(" +")]
    lines = [f'      - conv: {{filters: "${{{expression}}}", kernel: 1}}' for _ in range(14)]
    return "input: 8x8x3\nblocks:\n  b:\n    args: [c]\n    layers:\n" + "\n".join(lines) + \
        "\nlayers:\n  - b: {c: 1}\n"


def test_an_eleven_kilobyte_file_of_costly_rounds_is_refused_at_once(tmp_path):
    text = eleven_kilobytes_of_rounds()
    assert len(text.encode()) > 11 * 1024
    assert "round's digits are a whole number from -30 to 30, received -30000000" in \
        refused(text, tmp_path)


def costly_repeat(times: int = 100_000) -> str:
    """About 500 nodes of cheap arithmetic in one setting, in a block used `times` times."""
    expression = "+".join(["c*1"] * 240)
    return in_block(f'conv: {{filters: "${{{expression}}}", kernel: 1}}',
                    use=f"b: {{c: 1, repeat: {times}}}")


def test_the_budget_stops_a_spec_whose_expressions_add_up(tmp_path, monkeypatch):
    """The same refusal as at the full budget (see the slow test), at a budget of 100,000
    steps: reached within a few hundred copies of the block."""
    monkeypatch.setattr(expressions, "BUDGET", 100_000)
    message = refused(costly_repeat(), tmp_path)
    assert message == ("h.yaml:6:25: layer 1 (in block 'b' used at line 8): this spec's "
                       "expressions need more than 100,000 steps of work; the limit keeps a "
                       "spec from hanging the calculator")


@pytest.mark.slow
def test_the_full_budget_ends_within_seconds(tmp_path):
    message = refused(costly_repeat(), tmp_path, seconds=30)
    assert f"need more than {BUDGET:,} steps of work" in message


def test_a_budget_counts_an_expression_before_it_runs():
    """``1 + 2 * 3``: Expression, BinOp, Constant, Add, BinOp, Constant, Mult, Constant — 8
    nodes (the operators are nodes too), and 9 characters: no text step."""
    budget = Budget(100)
    assert evaluate("1 + 2 * 3", {}, budget) == 7
    assert budget.left == 100 - 8
    with pytest.raises(CnnCalcError, match="more than 7 steps"):
        evaluate("1 + 2 * 3", {}, Budget(7))


# --- random expression trees ----------------------------------------------------------------
NAMES = {"c": 64, "s": 2, "f": 0.75, "big": 10**15, "tiny": 1e-300, "word": "relu",
         "long": "x" * 5000, "flag": True, "items": [1, 2], "none": None,
         "input": InputShape(lambda: (56, 56, 24))}

numbers = st.one_of(st.integers(-10**16, 10**16), st.sampled_from(
    ["0", "1", "-1", "0.5", "1e308", "1e-308", "1e400", "10**15"]).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr))
leaves = st.one_of(numbers.map(str), st.sampled_from(
    [*NAMES, "true", "false", "'relu'", "input.channels", "input.size", "input.depth",
     "unknown", "None", "[1]", "x.y"]))
BINARY = ["+", "-", "*", "/", "//", "%", "**", "<<", "==", "!=", "<", "<=", ">", ">=",
          "and", "or"]


@st.composite
def expression_trees(draw, depth: int = 0) -> str:
    """An expression of leaves, operators (some outside the grammar: ** and <<), unary signs,
    conditionals and calls (some of functions that do not exist), at most 5 levels deep."""
    if depth >= 5 or draw(st.integers(0, 3)) == 0:
        return draw(leaves)
    child = expression_trees(depth + 1)
    shape = draw(st.sampled_from(["binary", "unary", "if", "call"]))
    if shape == "binary":
        return f"({draw(child)} {draw(st.sampled_from(BINARY))} {draw(child)})"
    if shape == "unary":
        return f"({draw(st.sampled_from(['-', '+', 'not ']))}({draw(child)}))"
    if shape == "if":
        return f"({draw(child)} if {draw(child)} else {draw(child)})"
    name = draw(st.sampled_from([*FUNCTIONS, "pow", "len"]))
    return f"{name}({', '.join(draw(st.lists(child, max_size=4)))})"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expression_trees())
def test_a_random_expression_ends_in_a_value_or_a_sentence_within_half_a_second(expression):
    ast.parse(expression, mode="eval")   # within the grammar Python parses: the trees are
    start = time.perf_counter()
    try:
        value = evaluate(expression, NAMES, Budget())
    except CnnCalcError:
        pass
    else:
        assert value is None or isinstance(value, (bool, int, float, str, list))
    assert time.perf_counter() - start < 0.5
