"""Graded mode (`check ANSWERS --questions QUESTIONS`): only the student's answers (and name)
count; the teacher's file says what is asked, the tolerance, the points and what is accepted.
What else the student's file says is warned about and ignored, never exit code 2; a malformed
file still leaves its reports."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from cnncalc.check.release import read_release_time, solutions_shown
from cnncalc.check.submission import natural_key
from cnncalc.cli import main
from cnncalc.errors import OptionError

CONV1_PARAMS = (11 * 11 * 3 + 1) * 96
ALEXNET_PARAMS = 60_965_224                      # Krizhevsky et al., the two-group network
QUESTIONS = """
    network: alexnet
    questions:
      - {id: a, layer: conv1, ask: params, points: 2}
      - {id: b, layer: conv1, ask: output_shape}
      - {id: c, ask: params}
"""


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    """Messages then say ``mine.yaml:…``."""
    monkeypatch.chdir(tmp_path)


def run(tmp_path, answers: str, *extra: str, questions: str = QUESTIONS):
    (tmp_path / "hw.yaml").write_text(textwrap.dedent(questions))
    (tmp_path / "mine.yaml").write_text(textwrap.dedent(answers))
    return CliRunner().invoke(main, ["check", "mine.yaml", "--questions", "hw.yaml", *extra])


def graded(tmp_path, answers: str, *extra: str, questions: str = QUESTIONS):
    result = run(tmp_path, answers, "--json", "--show-solutions", *extra, questions=questions)
    return result, json.loads(result.stdout)


def test_answers_by_id_are_graded_against_the_teachers_questions(tmp_path):
    result, data = graded(tmp_path, f"""
        student: Ada
        answers:
          a: {CONV1_PARAMS}
          b: 55x55x96
    """)
    assert result.exit_code == 1                       # c is unanswered
    assert [q["correct"] for q in data["results"]] == [True, True, False]
    assert data["score"] == 2 + 1 and data["student"] == "Ada"
    assert data["warnings"] == []


def test_an_edited_copy_cannot_change_points_tolerance_or_accept(tmp_path):
    result, data = graded(tmp_path, f"""
        accept: [no_bias]
        tolerance: 50%
        questions:
          - {{id: a, layer: conv1, ask: params, points: 100, answer: {11 * 11 * 3 * 96}}}
          - {{id: b, layer: conv2, ask: output_shape, answer: 55x55x96}}
          - {{id: c, ask: params, answer: 1}}
    """)
    assert result.exit_code == 1
    assert [q["correct"] for q in data["results"]] == [False, True, False]
    assert data["max_score"] == 2 + 1 + 1
    assert len(data["warnings"]) == 4                  # accept, tolerance, points, layer
    assert data["warnings"][0] == (
        "mine.yaml:2:1: 'accept' is ignored: the questions, points, tolerances and accepted "
        "slips come from the teacher's questions file; the answers file is read for student, "
        "answers, questions only")


def test_the_student_cannot_write_the_rules_tolerance_100_percent_and_1000_points(tmp_path):
    """The old GitHub flow graded the student's own file: `tolerance: 100%` and one question
    worth 1000 points made any answer green. In graded mode both are refused with a sentence
    and the teacher's rules grade."""
    result, data = graded(tmp_path, """
        tolerance: 100%
        network: alexnet
        questions:
          - {id: a, layer: conv1, ask: params, points: 1000, tolerance: 100%, answer: 1}
    """)
    assert result.exit_code == 1                       # not exit 2: the answers still grade
    assert data["score"] == 0 and data["max_score"] == 2 + 1 + 1
    warned = " ".join(data["warnings"])
    for key in ("tolerance", "points"):
        assert f"'{key}' is ignored" in warned
    assert "warning: " in result.stderr


def test_a_faithful_copy_of_the_homework_warns_about_nothing(tmp_path):
    _, data = graded(tmp_path, f"""
        network: alexnet
        questions:
          - {{id: a, layer: conv1, ask: params, points: 2, answer: {CONV1_PARAMS}}}
          - {{id: b, layer: conv1, ask: output_shape, answer: 55x55x96}}
          - {{id: c, ask: params, answer: {ALEXNET_PARAMS}}}
    """)
    assert data["warnings"] == [] and data["score"] == 4


def test_an_unknown_id_is_a_warning_with_a_did_you_mean_and_the_rest_grades(tmp_path):
    """One stray id used to end in exit 2 and a Gradescope score of 0."""
    questions = "network: alexnet\nquestions:\n" + "".join(
        f"  - {{id: N{n}, layer: conv1, ask: params}}\n" for n in (1, 10, 11, 2))
    result, data = graded(tmp_path, f"""
        answers:
          n1: {CONV1_PARAMS}
          X1: 3
          N2: {CONV1_PARAMS}
    """, questions=questions)
    assert result.exit_code == 1
    assert [q["correct"] for q in data["results"]] == [False, False, False, True]
    assert data["score"] == 1
    first, second = data["warnings"]
    assert first == ("mine.yaml:3:7: there is no question 'n1' (did you mean 'N1'? ids are "
                     "case-sensitive); this answer is ignored. The questions are N1, N2, N10, "
                     "N11")
    assert second.startswith("mine.yaml:4:7: there is no question 'X1'")
    assert second.endswith("The questions are N1, N2, N10, N11")


def test_a_question_answered_twice_grades_the_first(tmp_path):
    result, data = graded(tmp_path, f"""
        answers:
          a: {CONV1_PARAMS}
        questions:
          - {{id: a, answer: 3}}
    """)
    assert data["results"][0]["correct"] is True
    assert data["warnings"] == ["mine.yaml:5:5: question 'a' is answered twice (first at line "
                                "3); the first answer is graded, this one is ignored"]


def test_natural_order():
    assert sorted(["N1", "N10", "N11", "N2"], key=natural_key) == ["N1", "N2", "N10", "N11"]


# --- solutions: hidden by default in graded mode -----------------------------------------------

BLANK_AND_WRONG = "answers:\n  a: 34848\n"              # 11·11·3·96: the biases left out


def test_graded_output_hides_the_solutions_by_default(tmp_path):
    result = run(tmp_path, BLANK_AND_WRONG, "--json")
    data = json.loads(result.stdout)
    assert data["hidden"] is True
    for text in (f"{CONV1_PARAMS}", f"{CONV1_PARAMS:,}", "55×55×96", f"{ALEXNET_PARAMS:,}",
                 "no_bias"):
        assert text not in result.stdout
    assert data["results"][0]["hint"].startswith("(Fh·Fw·C_in/groups + 1)·K")
    shown = run(tmp_path, BLANK_AND_WRONG, "--json", "--show-solutions")
    assert f"{CONV1_PARAMS:,}" in shown.stdout and "no_bias" in shown.stdout


def test_solutions_after_a_stated_time(tmp_path):
    past = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat(timespec="minutes")
    future = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat(timespec="minutes")
    assert json.loads(run(tmp_path, BLANK_AND_WRONG, "--json", "--solutions-after",
                          past).stdout)["hidden"] is False
    assert json.loads(run(tmp_path, BLANK_AND_WRONG, "--json", "--solutions-after",
                          future).stdout)["hidden"] is True


def test_the_release_time_against_a_fixed_clock():
    due = read_release_time("2027-01-15T23:59+01:00")
    before = datetime(2027, 1, 15, 22, 58, tzinfo=timezone.utc)     # 23:58 at +01:00
    after = datetime(2027, 1, 15, 22, 59, tzinfo=timezone.utc)      # 23:59 at +01:00
    assert solutions_shown(graded=True, after=due, now=before) is False
    assert solutions_shown(graded=True, after=due, now=after) is True
    assert solutions_shown(graded=True) is False and solutions_shown(graded=False) is True
    assert solutions_shown(graded=True, show=True) is True
    assert solutions_shown(graded=False, hide=True) is False


def test_a_release_time_without_an_offset_is_refused(tmp_path):
    with pytest.raises(OptionError, match="has no offset from UTC"):
        read_release_time("2027-01-15T23:59")
    result = run(tmp_path, BLANK_AND_WRONG, "--solutions-after", "next friday")
    assert result.exit_code == 2
    assert "is not a date and time; write ISO 8601 with the offset" in result.output


# --- a malformed submission still leaves its reports --------------------------------------------

@pytest.mark.parametrize("answers, message", [
    ("answers: [1, 2\n", "mine.yaml:2:1: this is not valid YAML"),
    ("- a list\n", "mine.yaml:1:1: an answers file is a mapping"),
    ("answers:\n\ta: 3\n", "mine.yaml:2:1: YAML indents with spaces, not tabs"),
])
def test_a_malformed_submission_writes_a_failing_report(tmp_path, answers, message):
    result = run(tmp_path, answers, "--junit", "report.xml", "--gradescope", "results.json")
    assert result.exit_code == 2
    assert message in result.stderr
    suite = ET.parse(tmp_path / "report.xml").getroot().find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 1 and suite.get("failures") == "1"
    assert message in cases[0].find("failure").get("message")
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["score"] == 0 and len(results["tests"]) == 1
    assert results["tests"][0]["status"] == "failed"
    assert results["tests"][0]["max_score"] == 2 + 1 + 1
    assert message in results["output"]


def test_a_malformed_submission_in_json_says_so(tmp_path):
    result = run(tmp_path, "answers: {[1]: 2}\n", "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["error"] == ("mine.yaml:1:11: a mapping key must be a plain word, not a list "
                             "or mapping")
    assert data["score"] == 0 and data["max_score"] == 2 + 1 + 1
    assert result.stderr.startswith("mine.yaml:1:11: a mapping key")


@pytest.mark.parametrize("answer", ["{x: 1}", "[[1]]", "true", ".nan", "'(1/0, 2)'", "1e400",
                                    "[1, [2]]", "2017-01-01", "''", "~", "-1", "0x10"])
def test_a_hostile_answer_is_a_wrong_answer_not_a_crash(tmp_path, answer):
    questions = ("network: alexnet\nquestions:\n" + "".join(
        f"  - {{id: {q}, layer: conv2, ask: {q}}}\n"
        for q in ("params", "output_shape", "rf_start", "jump", "memory", "receptive_field")))
    answers = "answers:\n" + "".join(f"  {q}: {answer}\n" for q in (
        "params", "output_shape", "rf_start", "jump", "memory", "receptive_field"))
    result, data = graded(tmp_path, answers, questions=questions)
    assert result.exit_code == 1, result.output
    assert data["score"] == 0
