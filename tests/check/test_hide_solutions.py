"""`--hide-solutions` reveals nothing: every right value, written every way a person might
write it, is absent from the table, the JSON, the JUnit file and the Gradescope file.

Every answer in this file is wrong (or unanswered, unreadable, about a missing layer) and no
answer or question text contains a right value, so any occurrence would be a leak. Single
digits are left out of the search: they occur in points and layer names.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from cnncalc.check.answerfile import parse_homework
from cnncalc.check.grade import grade

HOMEWORK = """\
network: alexnet
accept: []
questions:
  - {layer: conv1, ask: output_shape, answer: 54x54x96}
  - {layer: conv1, ask: params, answer: 34848}
  - {layer: conv1, ask: flops, answer: 105415200}
  - {layer: conv2, ask: mults}
  - {layer: conv1, ask: height, answer: fifty-five}
  - {layer: conv2, ask: weights, answer: 3}
  - {layer: pool1, ask: memory, answer: 4}
  - {ask: params, answer: 60000000}
  - {ask: output_shape, answer: 999}
  - {layer: conv9, ask: params, answer: 3}
  - {layer: fc6, ask: biases, answer: 3}
  - {layer: conv2, ask: receptive_field, answer: 5x5}
  - id: alone
    input: 32x32x3
    layer: {conv: {filters: 6, kernel: 5}}
    ask: params
    answer: 450
  - id: find
    input: 32x32x3
    layer: {conv: {filters: 8}}
    find: kernel
    output: 22x22
    answer: 10
"""


def spellings(value) -> set[str]:
    """Every way a right value may be written: digits, thousands separators (comma, space,
    thin space, underscore), shapes with x, ×, lists and tuples."""
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value) \
            and len(value) > 1:
        sizes = [str(v) for v in value]
        forms = {sep.join(sizes) for sep in ("x", "×", " x ", " × ", "X", "*")}
        forms |= {"[" + ", ".join(sizes) + "]", "(" + ", ".join(sizes) + ")", ", ".join(sizes),
                  "[" + ",".join(sizes) + "]"}
        return forms
    if isinstance(value, list):
        return set().union(*(spellings(v) for v in value)) if value else set()
    if isinstance(value, int) and value >= 10:
        return {str(value), f"{value:,}", f"{value:,}".replace(",", " "),
                f"{value:,}".replace(",", "\u2009"), f"{value:_}"}
    return set()


def leaks(text: str, forms: set[str]) -> list[str]:
    return [form for form in forms
            if re.search(rf"(?<![\w,.]){re.escape(form)}(?![\d,])", text)]


def test_nothing_reveals_a_right_value(check):
    grading = grade(parse_homework(HOMEWORK, "hw.yaml"))
    assert not any(result.correct for result in grading.results)
    forms = set()
    for result in grading.results:
        forms |= spellings(result.right_value)
        for text in (result.right, result.derivation):
            if text:
                forms.add(text)
    # the values are there to be hidden: AlexNet conv1 (11·11·3 + 1)·96, the kernel 11 …
    assert {"55×55×96", "34,944", f"{2 * 55 * 55 * 96 * 11 * 11 * 3:,}", "11",
            "60,965,224", "51×51"} <= forms
    table = check(HOMEWORK, "--hide-solutions", "--junit", "report.xml",
                  "--gradescope", "results.json")
    assert table.exit_code == 1, table.output
    as_json = check(HOMEWORK, "--hide-solutions", "--json")
    outputs = {"table": table.output, "json": as_json.output,
               "junit": Path("report.xml").read_text(encoding="utf-8"),
               "gradescope": Path("results.json").read_text(encoding="utf-8")}
    for name, text in outputs.items():
        assert leaks(text, forms) == [], name
    data = json.loads(as_json.output)
    assert data["hidden"] is True
    for result in data["results"]:
        assert (result["right"], result["right_value"], result["derivation"],
                result["accepted"], result["note"]) == (None,) * 5
    assert "the solution is hidden" in table.output


def test_reasons_about_the_students_own_text_stay(check):
    result = check(HOMEWORK, "--hide-solutions", "--json")
    reasons = {r["id"]: r["reason"] for r in json.loads(result.output)["results"]}
    assert reasons["q4"] == "no answer given"
    assert "fifty-five" in reasons["q5"]
    assert reasons["q10"] == "alexnet has no layer 'conv9' (did you mean 'conv5'?)"
    # ⌊(32 − 10)/1⌋ + 1 = 23: what the student's own kernel gives
    assert reasons["find"] == "kernel 10 gives 23×23, not 22×22"


def test_without_hiding_the_same_file_shows_the_values(check):
    """(So the search above would find a leak.)"""
    result = check(HOMEWORK)
    assert sorted(leaks(result.output, {"55×55×96", "60,965,224", "11"})) == [
        "11", "55×55×96", "60,965,224"]
    assert "right: 55×55×96" in result.output
    assert f"right: {(11 * 11 * 3 + 1) * 96:,}" in result.output


def test_a_reading_hint_that_happens_to_hold_a_right_value_is_cut():
    from cnncalc.check.grade import Grading, QuestionResult, hide_solutions
    params = (11 * 11 * 3 + 1) * 96
    hint = ("'many' is not a number: it has no digits; write a whole number such as "
            f"{params} or {params:,}")
    result = QuestionResult(id="q1", text="conv1: parameters", asked="conv1: parameters",
                            quantity="params", find=None, answer="many", correct=False,
                            points=0, max_points=1, right=f"{params:,}", right_value=params,
                            derivation="(11·11·3 + 1)·96", reason=hint)
    other = QuestionResult(id="q2", text="fc8: biases", asked="fc8: biases", quantity="biases",
                           find=None, answer="x", correct=False, points=0, max_points=1,
                           right="1,000", right_value=1000, derivation="",
                           reason="'x' is not a number; write 1000 or 1,000")
    hidden = hide_solutions(Grading("hw.yaml", None, None, (result, other))).results
    assert hidden[0].reason == "'many' is not a number: it has no digits"
    assert hidden[1].reason == "'x' is not a number"


def test_small_numbers_stay_and_what_is_cut_does_not_depend_on_the_right_values():
    from cnncalc.check.grade import WITHHELD, discreet
    assert discreet("the answer has 2 sizes; this output shape has 3 (H×W×C)", "2x3") == \
        "the answer has 2 sizes; this output shape has 3 (H×W×C)"
    # a number the student did not write is cut, whatever the right values are: what is cut
    # cannot tell the student that a number is (or is not) someone's right value
    assert discreet("'x' is not a number; write 34944 or 34,944", "x") == "'x' is not a number"
    assert discreet("'0x10' is written in base 16, 8 or 2; such as 16", "0x10") == WITHHELD
    assert discreet(None, "x") is None
    # the student's own digits stay: '34.944' → 34944
    assert discreet("'34.944' is not a whole number; write 34944 or 34,944", "34.944") == \
        "'34.944' is not a whole number; write 34944 or 34,944"


def test_hidden_feedback_never_says_a_number_is_a_right_value(check):
    """The old wording "(the reason is hidden: it holds a right answer)" told the student their
    own outcome was the right value of something; no hidden reason says so now."""
    result = check("""\
        network: alexnet
        questions:
          - {id: h, layer: conv2, ask: height, answer: 27}
          - id: find
            input: 32x32x3
            layer: {conv: {filters: 8, kernel: 7}}
            find: padding
            output: 32x32
            answer: 0
        """, "--hide-solutions", "--json")
    reasons = [r["reason"] for r in json.loads(result.output)["results"]]
    # padding 0 gives 32 − 7 + 1 = 26: the student's own outcome, shown whole
    assert reasons[1] == "padding 0 gives 26×26, not 32×32"
    assert not any("right answer" in (reason or "") for reason in reasons)


def test_hidden_feedback_gives_the_formula_in_symbols(check):
    result = check("""\
        network: alexnet
        questions:
          - {id: p, layer: conv2, ask: params, answer: 614656}
          - {id: m, layer: fc6, ask: mults, answer: 3}
          - {id: s, layer: pool1, ask: output_shape, answer: 26x26x96}
        """, "--hide-solutions", "--json")
    hints = [r["hint"] for r in json.loads(result.output)["results"]]
    assert hints == ["(Fh·Fw·C_in/groups + 1)·K (without the +1 when the layer has no bias)",
                     "N_in·N_out",
                     "⌊(H + 2P − D·(F − 1) − 1)/S⌋ + 1 per axis (H, W); C unchanged"]
    table = check("network: alexnet\nquestions:\n  - {layer: conv2, ask: params, answer: 3}\n",
                  "--hide-solutions")
    assert "use: (Fh·Fw·C_in/groups + 1)·K" in table.output
    assert "307" not in table.output                     # (5·5·48 + 1)·256 = 307,456
