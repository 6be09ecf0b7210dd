"""The shipped CI examples grade in graded mode with the solutions hidden: the Gradescope
autograder run end to end (``AUTOGRADER`` a temporary folder, ``CNNCALC`` this virtual
environment's bin) on a correct, a wrong, a blank and a malformed submission; the GitHub
workflow read as YAML."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cnncalc.check.answerfile import load_homework
from cnncalc.check.grade import grade
from cnncalc.check.submission import with_answers

ROOT = Path(__file__).resolve().parents[2]
GRADESCOPE = ROOT / "examples" / "ci" / "gradescope"
HOMEWORK = ROOT / "examples" / "homework"
TOTAL_POINTS = 46                                   # examples/homework/README.md
QUESTIONS = 36


def run_autograder(tmp_path: Path, answers: str | None) -> dict:
    """results.json of the shipped run_autograder on `answers` (the text of answers.yaml)."""
    autograder = tmp_path / "ag"
    (autograder / "source").mkdir(parents=True)
    (autograder / "submission").mkdir()
    shutil.copy(GRADESCOPE / "run_autograder", autograder / "source" / "run_autograder")
    shutil.copy(HOMEWORK / "hw3.yaml", autograder / "source" / "questions.yaml")
    if answers is not None:
        (autograder / "submission" / "answers.yaml").write_text(answers, encoding="utf-8")
    env = {**os.environ, "AUTOGRADER": str(autograder),
           "CNNCALC": str(Path(sys.executable).parent)}
    done = subprocess.run(["bash", str(autograder / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr      # the autograder itself never fails
    return json.loads((autograder / "results" / "results.json").read_text(encoding="utf-8"))


def right_values_not_earned(answers_text: str) -> set[str]:
    """How the right values of the questions a submission did not get right are written
    (``34,944``, ``34944``, ``55×55×96``), leaving out those the questions file or the
    student's own answers show (2d's answer 105,415,200 is 2c's right value)."""
    shown = (HOMEWORK / "hw3.yaml").read_text(encoding="utf-8") + answers_text
    homework = load_homework(HOMEWORK / "hw3.yaml")
    results = grade(with_answers(homework, answers_text, "answers.yaml")).results
    forms = set()
    for result in results:
        if result.correct:
            continue
        value = result.right_value
        if isinstance(value, list) and len(value) == 3:
            forms |= {"×".join(map(str, value)), "x".join(map(str, value))}
        elif isinstance(value, int) and value >= 100:
            forms |= {str(value), f"{value:,}"}
    return {form for form in forms if not re.search(rf"(?<![\d,]){re.escape(form)}(?![\d,])",
                                                    shown)}


def assert_no_leak(results: dict, forms: set[str]) -> None:
    text = json.dumps(results, ensure_ascii=False)
    leaked = [form for form in forms
              if re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d,])", text)]
    assert leaked == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="run_autograder is a bash script")
def test_gradescope_autograder_end_to_end(tmp_path):
    correct = (HOMEWORK / "answers_correct.yaml").read_text(encoding="utf-8")
    mistakes = (HOMEWORK / "answers_mistakes.yaml").read_text(encoding="utf-8")
    blank = (HOMEWORK / "hw3.yaml").read_text(encoding="utf-8")

    right = run_autograder(tmp_path / "correct", correct)
    assert right["score"] == TOTAL_POINTS
    assert len(right["tests"]) == QUESTIONS
    assert all(test["status"] == "passed" for test in right["tests"])
    assert sum(test["max_score"] for test in right["tests"]) == TOTAL_POINTS
    assert right["extra_data"]["max_score"] == TOTAL_POINTS
    assert isinstance(right["execution_time"], (int, float))

    wrong = run_autograder(tmp_path / "wrong", mistakes)
    assert 0 < wrong["score"] < TOTAL_POINTS
    forms = right_values_not_earned(mistakes)
    # conv2 of AlexNet: 27·27·256 · 5·5·48 multiplications; conv1 (11·11·3 + 1)·96 = 34944
    assert {f"{27 * 27 * 256 * 5 * 5 * 48:,}", "27×27×256", "34944"} <= forms
    assert_no_leak(wrong, forms)
    assert "use: (Fh·Fw·C_in/groups + 1)·K" in json.dumps(wrong, ensure_ascii=False)

    empty = run_autograder(tmp_path / "blank", blank)
    assert empty["score"] == 0
    assert all(test["status"] == "failed" for test in empty["tests"])
    assert_no_leak(empty, right_values_not_earned(blank))

    broken = run_autograder(tmp_path / "malformed", "answers: {2b: 34944\n")
    assert broken["score"] == 0
    assert [test["status"] for test in broken["tests"]] == ["failed"]
    assert broken["tests"][0]["max_score"] == TOTAL_POINTS
    assert re.search(r"answers\.yaml:\d+:\d+: this is not valid YAML", broken["output"])

    missing = run_autograder(tmp_path / "missing", None)
    assert missing["score"] == 0 and "No answers.yaml" in missing["output"]


def test_the_github_workflow_grades_in_graded_mode_with_solutions_hidden():
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-workflow.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    command = next(step["run"] for step in steps if step.get("name") == "Check the answers")
    assert "--questions questions/" in command and "--junit report.xml" in command
    assert "--show-solutions" not in command
    checkout = next(step for step in steps if step.get("name") == "Get the teacher's questions")
    assert checkout["with"]["path"] == "questions"
    assert "secrets." in checkout["with"]["token"]


def test_the_github_workflows_check_step_runs_and_hides_the_solutions(tmp_path):
    """The workflow's own command, run as the runner would in a checkout laid out as the
    workflow lays it out (answers.yaml, the teacher's questions in questions/): a wrong and an
    unanswered question fail, and report.xml names no right value."""
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-workflow.yml").read_text())
    command = next(step["run"] for step in workflow["jobs"]["check"]["steps"]
                   if step.get("name") == "Check the answers")
    (tmp_path / "questions").mkdir()
    shutil.copy(HOMEWORK / "hw3.yaml", tmp_path / "questions" / "hw3.yaml")
    answers = "student: Ada\nanswers: {1a: 28x28x6, 2b: 34848}\n"   # 2b: the biases left out
    (tmp_path / "answers.yaml").write_text(answers, encoding="utf-8")
    env = {**os.environ, "GITHUB_ACTOR": "ada", "SOLUTIONS_AFTER": "",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1, done.stderr                  # some answers wrong: a red run
    report = (tmp_path / "report.xml").read_text(encoding="utf-8")
    assert "34,944" not in report and "34944" not in report   # 2b's right value: (11·11·3 + 1)·96
    assert 'message="answer 34848; the solution is hidden"' in report
    assert "use: (Fh·Fw·C_in/groups + 1)·K" in report        # the hint: symbols, no numbers
