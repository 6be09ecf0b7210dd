"""`cnncalc check` through click's CliRunner: every output, every exit code, exact messages.

Expected numbers are hand arithmetic from the formulas (AlexNet conv1: 96 filters 11×11×3,
stride 4, on 227×227×3 → ⌊(227 − 11)/4⌋ + 1 = 55).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

CONV1_PARAMS = (11 * 11 * 3 + 1) * 96
CONV1_MULTS = 55 * 55 * 96 * 11 * 11 * 3

HOMEWORK = """\
title: "Homework 3"
student: "Ada Lovelace"
network: alexnet
questions:
  - id: "1a"
    layer: conv1
    ask: output_shape
    answer: 55x55x96
    points: 2
  - id: "1b"
    layer: conv1
    ask: params
    answer: 34,944
  - id: "1c"
    layer: conv1
    ask: mults
    answer: 1000
  - id: "2"
    input: 32x32x3
    layer: {conv: {filters: 6, kernel: 5}}
    ask: params
    answer: 456
"""

TABLE = """\
                   Homework 3 — Ada Lovelace                    
Q    Question                              Answer         Points
────────────────────────────────────────────────────────────────
1a   conv1 (alexnet): output shape         55x55x96   ✓      2/2
1b   conv1 (alexnet): parameters           34,944     ✓      1/1
1c   conv1 (alexnet): multiplications      1000       ✗      0/1
     right: 105,415,200                                         
       55·55·96 · 11·11·3 = 105,415,200                         
2    conv 6 × 5×5 on 32×32×3: parameters   456        ✓      1/1
Score: 4 / 5 points, 3 of 4 questions right
"""


def test_the_table_shows_marks_the_right_value_its_formula_and_the_score(check):
    result = check(HOMEWORK)
    assert result.exit_code == 1, result.output
    assert f"right: {CONV1_MULTS:,}" in result.output
    assert result.output == TABLE


def test_all_right_is_exit_code_0(check):
    result = check("""\
        network: lenet5
        questions:
          - {ask: params, answer: 61706}
        """)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Score: 1 / 1 points, 1 of 1 questions right"


def test_json_has_stable_keys_and_plain_values(check):
    result = check(HOMEWORK, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert list(data) == ["file", "title", "student", "hidden", "key", "score", "max_score",
                          "right", "questions", "warnings", "error", "results"]
    assert (data["score"], data["max_score"], data["right"], data["questions"]) == (4, 5, 3, 4)
    assert list(data["results"][0]) == ["id", "text", "asked", "quantity", "find", "answer",
                                        "correct", "points",
                                        "max_points", "right", "right_value", "derivation",
                                        "hint", "credit", "reason", "accepted", "note"]
    shape, params, mults, alone = data["results"]
    assert shape["right_value"] == [55, 55, 96] and shape["correct"] is True
    assert params["right_value"] == CONV1_PARAMS
    assert mults["right_value"] == CONV1_MULTS and mults["points"] == 0
    assert mults["derivation"] == f"55·55·96 · 11·11·3 = {CONV1_MULTS:,}"
    assert alone["right_value"] == (5 * 5 * 3 + 1) * 6


def test_junit_report_parses_with_one_failure_per_wrong_answer(check):
    result = check(HOMEWORK, "--junit", "report.xml")
    assert result.exit_code == 1
    assert result.output == TABLE                  # the table is still printed
    suites = ET.parse("report.xml").getroot()
    assert suites.tag == "testsuites"
    suite = suites.find("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("Homework 3", "4",
                                                                              "1")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [
        "1a: conv1 (alexnet): output shape", "1b: conv1 (alexnet): parameters",
        "1c: conv1 (alexnet): multiplications", "2: conv 6 × 5×5 on 32×32×3: parameters"]
    assert {case.get("classname") for case in cases} == {"hw"}
    failures = [case.find("failure") for case in cases]
    assert [failure is not None for failure in failures] == [False, False, True, False]
    assert failures[2].get("message") == f"answer 1000; right: {CONV1_MULTS:,}"
    assert f"55·55·96 · 11·11·3 = {CONV1_MULTS:,}" in failures[2].text


def test_gradescope_results_carry_scores_per_question(check):
    result = check(HOMEWORK, "--gradescope", "results.json")
    assert result.exit_code == 1
    data = json.loads(Path("results.json").read_text(encoding="utf-8"))
    assert data["score"] == 4
    assert data["stdout_visibility"] == "hidden"
    assert [(t["name"][:2], t["score"], t["max_score"]) for t in data["tests"]] == [
        ("1a", 2, 2), ("1b", 1, 1), ("1c", 0, 1), ("2:", 1, 1)]
    assert all(t["visibility"] == "visible" for t in data["tests"])
    assert data["tests"][2]["status"] == "failed"
    assert data["tests"][2]["output"].startswith(f"✗ answer 1000\nright: {CONV1_MULTS:,}\n")
    assert data["output"] == "Homework 3 — Ada Lovelace: 4 / 5 points, 3 of 4 questions right"


def test_key_needs_no_answers_and_exits_0(check):
    result = check("""\
        network: alexnet
        questions:
          - {layer: conv1, ask: output_shape}
          - {layer: conv1, ask: flops, points: 2}
        """, "--key")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[3].split() == ["q1", "conv1", "(alexnet):", "output", "shape", "55×55×96", "1"]
    assert "H, W: ⌊(227 − 11 + 2·0)/4⌋ + 1 = 55; C = K = 96" in lines[4]
    assert f"{2 * CONV1_MULTS:,}" in lines[5]
    assert f"2 × 55·55·96 · 11·11·3 = {2 * CONV1_MULTS:,}" in lines[6]
    assert lines[-1] == "2 questions, 3 points"


def test_key_json_gives_every_right_value(check):
    result = check("""\
        network: alexnet
        questions:
          - {layer: conv1, ask: weights}
          - {layer: conv1, ask: biases}
          - {layer: pool1, ask: memory}
        """, "--key", "--json")
    assert result.exit_code == 0
    values = [r["right_value"] for r in json.loads(result.output)["results"]]
    assert values == [11 * 11 * 3 * 96, 96, 4 * 27 * 27 * 96]


def test_unanswered_unreadable_and_missing_layers_are_wrong_not_errors(check):
    result = check("""\
        network: alexnet
        questions:
          - {layer: conv1, ask: params}
          - {layer: conv1, ask: params, answer: "many"}
          - {layer: conv9, ask: params, answer: 3}
          - {layer: conv1, ask: output_shape, answer: 55x55}
        """, "--json")
    assert result.exit_code == 1, result.output
    results = json.loads(result.output)["results"]
    assert [r["correct"] for r in results] == [False] * 4
    assert results[0]["reason"] == "no answer given"
    assert "many" in results[1]["reason"]
    assert results[2]["reason"] == "alexnet has no layer 'conv9' (did you mean 'conv5'?)"
    assert results[2]["right"] is None
    assert results[3]["reason"] == "the answer has 2 sizes; this output shape has 3 (H×W×C)"


def test_a_vector_has_no_height(check):
    result = check("""\
        network: lenet5
        questions:
          - {layer: f6, ask: height, answer: 1}
        """, "--json")
    reason = json.loads(result.output)["results"][0]["reason"]
    assert reason == "f6's output is a vector of 84: it has no output height"


def test_find_questions_accept_any_valid_value(check):
    # ⌊(32 − 3 + 2P)/4⌋ + 1 = 8 ⇔ 28 ≤ 29 + 2P ≤ 31 ⇔ P ∈ {0, 1}
    result = check("""\
        questions:
          - id: same
            input: 32x32x3
            layer: {conv: {filters: 16, kernel: 5, stride: 1}}
            find: padding
            output: 32x32
            answer: 2
          - id: two
            input: 32x32x3
            layer: {conv: {filters: 8, kernel: 3, stride: 4}}
            find: padding
            output: 8x8
            answer: 1
          - id: wrong
            input: 32x32x3
            layer: {conv: {filters: 8, kernel: 3, stride: 4}}
            find: padding
            output: 8x8
            answer: 3
        """, "--json")
    assert result.exit_code == 1
    same, two, wrong = json.loads(result.output)["results"]
    assert same["correct"] and same["note"] == "2 is right; 2 is the only one"
    assert same["derivation"] == ("padding 2 (the 'same' padding): H, W: 32 − 5 + 2·2 + 1 = 32; "
                                  "C = K = 16")
    assert two["correct"] and two["note"] == "1 is right; any of 0, 1 is right"
    assert not wrong["correct"] and wrong["right"] == "any of 0, 1"
    # ⌊(32 − 3 + 2·3)/4⌋ + 1 = 9
    assert wrong["reason"] == "padding 3 gives 9×9, not 8×8"


def test_points_and_batch(check):
    result = check("""\
        network: lenet5
        batch: 4
        questions:
          - {layer: c1, ask: activations, answer: 18816, points: 1.5}
          - {layer: c1, ask: mults, answer: 1, points: 2, batch: 1}
        """, "--json")
    data = json.loads(result.output)
    first, second = data["results"]
    assert first["right_value"] == 4 * 28 * 28 * 6 and first["correct"]
    assert second["right_value"] == 28 * 28 * 6 * 5 * 5 * 1
    assert (data["score"], data["max_score"]) == (1.5, 3.5)


def test_tolerance_file_wide_and_per_question(check):
    result = check(f"""\
        network: alexnet
        tolerance: 1%
        questions:
          - {{layer: conv1, ask: mults, answer: {CONV1_MULTS + CONV1_MULTS // 200}}}
          - {{layer: conv1, ask: mults, answer: {CONV1_MULTS + CONV1_MULTS // 200}, tolerance: 10}}
        """, "--json")
    assert [r["correct"] for r in json.loads(result.output)["results"]] == [True, False]


def test_spec_paths_are_relative_to_the_answers_file(check, tmp_path):
    (tmp_path / "hw" / "specs").mkdir(parents=True)
    (tmp_path / "hw" / "specs" / "tiny.yaml").write_text(
        "input: 32x32x3\nlayers:\n  - conv: {filters: 16, kernel: 3}\n", encoding="utf-8")
    result = check("""\
        networks:
          tiny: specs/tiny.yaml
          inline: {input: 8x8x1, layers: [fc: 10]}
        questions:
          - {network: tiny, layer: conv1, ask: params, answer: 448}
          - {network: inline, ask: params, answer: 650}
        """, name="hw/answers.yaml")
    assert result.exit_code == 0, result.output      # (3·3·3 + 1)·16 = 448, (64 + 1)·10 = 650


def test_key_and_hide_solutions_do_not_combine(check):
    result = check("network: lenet5\nquestions: [{ask: params}]\n", "--key", "--hide-solutions")
    assert result.exit_code == 2
    assert "--key prints the solutions" in result.output


def test_a_missing_answers_file_is_exit_2(check):
    from click.testing import CliRunner
    from cnncalc.cli import main
    result = CliRunner().invoke(main, ["check", "nope.yaml"])
    assert result.exit_code == 2
    assert result.output.startswith("cannot read the answers file nope.yaml: ")


def test_key_as_yaml_is_an_answers_file_that_scores_full_marks(check):
    key = check(HOMEWORK, "--key", "--format", "yaml")
    assert key.exit_code == 0, key.output
    assert "answer: 55x55x96\n" in key.output
    assert f"answer: {CONV1_MULTS}\n" in key.output
    graded = check(key.output, "--json", name="key.yaml")
    assert graded.exit_code == 0, graded.output
    assert json.loads(graded.output)["score"] == 5


def test_yaml_is_only_for_the_key(check):
    result = check(HOMEWORK, "--format", "yaml")
    assert result.exit_code == 2
    assert "--format yaml writes the answer key; use it with --key" in result.output
