"""A whole class in one `cnncalc check`: the gradebook (csv, Canvas, Moodle), the class report,
malformed submissions, and that the shared caches change no result.

Scores are worked out from the homework's own points and from hand arithmetic, never from
cnncalc's output: hw3.yaml's points are summed from the YAML here."""

from __future__ import annotations

import csv
import os
import re
import importlib.util
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cnncalc.check.classroom import Classroom, grade_class
from cnncalc.check.grade import grade
from cnncalc.check.submission import load_submission
from cnncalc.cli import main
from cnncalc.render.class_report import class_report, report_html, report_markdown
from cnncalc.render.escape import markdown_cell
from cnncalc.render.gradebook import gradebook_csv
from cnncalc.render.grading import grading_dict

ROOT = Path(__file__).resolve().parents[2]
HOMEWORK = ROOT / "examples" / "homework"
_spec = importlib.util.spec_from_file_location("bench_grading", ROOT / "bench" / "grading.py")
bench_grading = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_grading)

HW3_POINTS = sum(question.get("points", 1) for question in
                 yaml.safe_load((HOMEWORK / "hw3.yaml").read_text())["questions"])


@pytest.fixture
def classroom(tmp_path, monkeypatch):
    """A folder with hw3.yaml and submissions/<name>/answers.yaml; returns a writer."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(HOMEWORK / "hw3.yaml", "hw3.yaml")

    def add(name: str, text: str | None = None, copy: str | None = None) -> str:
        path = Path("submissions") / name / "answers.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        if copy:
            shutil.copy(HOMEWORK / copy, path)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return add


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def rows(path: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8"))))


def test_gradebook_has_a_row_a_student_and_a_column_a_question(classroom):
    right = classroom("ada", copy="answers_correct.yaml")
    slips = classroom("charles", copy="answers_mistakes.yaml")
    blank = classroom("grace", "answers: {1b: 156}\n")  # no student: → the folder's name
    result = run("--questions", "hw3.yaml", right, slips, blank, "--gradebook", "grades.csv")
    assert result.exit_code == 0, result.output
    table = rows("grades.csv")
    header = table[0]
    ids = [str(q["id"]) for q in yaml.safe_load(Path("hw3.yaml").read_text())["questions"]]
    assert header == ["Student", "ID", "File", *ids, "Total", "Max", "Note"]
    by_name = {row[0]: dict(zip(header, row)) for row in table[1:]}
    assert list(by_name) == ["Ada Lovelace", "Charles Babbage", "grace"]
    assert by_name["Ada Lovelace"]["Total"] == str(HW3_POINTS)
    assert by_name["Ada Lovelace"]["Max"] == str(HW3_POINTS)
    # the mistakes file: 1b right (156 = (5·5·1 + 1)·6), 2b is conv1 without its biases
    assert by_name["Charles Babbage"]["1b"] == "1"
    assert by_name["Charles Babbage"]["2b"] == "0"
    assert by_name["grace"]["1b"] == "1" and by_name["grace"]["Total"] == "1"


def test_one_submission_keeps_todays_output(classroom):
    path = classroom("ada", copy="answers_mistakes.yaml")
    result = run("--questions", "hw3.yaml", path, "--show-solutions")  # graded mode hides them
    assert result.exit_code == 1
    assert "(no_bias)" in result.output
    assert f"Score: 4 / {HW3_POINTS} points" in result.output  # 1b, 2a and 2l (2 points)


def test_a_formula_as_a_name_stays_text_in_every_gradebook(classroom):
    evil = "=cmd|' /C calc'!A0"
    path = classroom("+1", yaml.safe_dump({"student": evil, "answers": {"1b": 156}}))
    for form in ("csv", "canvas", "moodle"):
        result = run("--questions", "hw3.yaml", path, "--gradebook", f"{form}.csv",
                     "--gradebook-format", form)
        assert result.exit_code == 0, result.output
        cells = [cell for row in rows(f"{form}.csv") for cell in row]
        assert "'" + evil in cells and evil not in cells
        assert "'+1" in cells


def test_canvas_and_moodle_follow_their_import_columns(classroom):
    path = classroom("s1", yaml.safe_dump({"student": "Ada", "answers": {"1b": 156}}))
    run("--questions", "hw3.yaml", path, "--gradebook", "canvas.csv", "--gradebook-format",
        "canvas")
    table = rows("canvas.csv")
    title = "Homework 3: the arithmetic of CNNs"
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]
    assert table[1] == ["Points Possible", "", "", "", "", str(HW3_POINTS)]
    assert table[2] == ["Ada", "", "s1", "", "", "1"]
    run("--questions", "hw3.yaml", path, "--gradebook", "moodle.csv", "--gradebook-format",
        "moodle")
    assert rows("moodle.csv") == [["ID number", "Full name", title, "Feedback"],
                                  ["s1", "Ada", "1", ""]]


def test_a_malformed_submission_is_a_row_with_0_and_a_note(classroom):
    good = classroom("ada", copy="answers_correct.yaml")
    typo = classroom("bob", "student: Bob\nanswerz: {1a: 28x28x6}\n")
    broken = classroom("eve", "student: Eve\nanswers: [unclosed\n")
    missing = "submissions/zoe/answers.yaml"
    result = run("--questions", "hw3.yaml", typo, good, broken, missing, "--gradebook", "g.csv",
                 "--class-report", "r.md")
    assert result.exit_code == 1, result.output  # some could not be read; all were graded
    table = {row[0]: row for row in rows("g.csv")[1:]}
    assert table["Bob"][-3] == "0" and table["Bob"][-1].startswith(f"{typo}:")
    assert table["eve"][-3] == "0" and table["eve"][-1].startswith(broken)
    assert table["zoe"][-3] == "0" and "cannot read" in table["zoe"][-1]
    assert table["Ada Lovelace"][-3] == str(HW3_POINTS)
    report = Path("r.md").read_text()
    assert "4 submissions, 3 could not be read." in report
    assert "## Submissions that could not be read" in report and "has neither 'answers'" in report


def test_a_malformed_questions_file_is_exit_2(classroom):
    Path("bad.yaml").write_text("title: x\nquestionz: []\n")
    path = classroom("ada", copy="answers_correct.yaml")
    result = run("--questions", "bad.yaml", path, "--gradebook", "g.csv")
    assert result.exit_code == 2
    assert result.output.startswith("bad.yaml:2:1: unknown key 'questionz'")
    assert not Path("g.csv").exists()


def test_class_mode_needs_questions(classroom):
    a = classroom("a", copy="answers_correct.yaml")
    b = classroom("b", copy="answers_correct.yaml")
    result = run(a, b)
    assert result.exit_code == 2 and "needs --questions" in result.output


def test_the_answers_slip_names_are_data(classroom):
    path = classroom("c", "answers: {2b: 34848, 2g: 614656}\n")
    results = {r.id: r for r in grade(load_submission(path, "hw3.yaml")).results}
    assert results["2b"].slips == ("no_bias",)          # 11·11·3·96 = 34,848
    assert results["2g"].slips == ("groups_ignored",)   # (5·5·96 + 1)·256 = 614,656
    assert results["1a"].slips == ()


def test_class_report_counts_each_slip_by_students(classroom):
    paths = [classroom("ada", copy="answers_correct.yaml")]
    paths += [classroom(name, f"student: {name}\nanswers: {{2b: 34848, 2g: {value}}}\n")
              for name, value in (("b", 614656), ("c", 614656), ("d", 307456))]
    report = class_report(grade_class("hw3.yaml", paths))
    stats = {q.id: q for q in report.questions}
    # 2b: only Ada right; three students left out conv1's 96 biases (11·11·3·96 = 34,848)
    assert (stats["2b"].right, stats["2b"].graded) == (1, 4)
    assert [(w.label, w.students) for w in stats["2b"].wrong] == [("no_bias", 3)]
    # 2g: Ada and d right (307,456); b and c ignored the two groups
    assert stats["2g"].right == 2
    assert [(w.label, w.students) for w in stats["2g"].wrong] == [("groups_ignored", 2)]
    assert stats["1a"].unanswered == 3
    scores = report.scores
    assert (scores.count, scores.maximum, scores.max_score) == (4, HW3_POINTS, HW3_POINTS)
    # b and c score nothing, d 2g's 2 points, Ada everything: median (0 + 2) / 2
    assert (scores.minimum, scores.median) == (0, (0 + 2) / 2)
    assert scores.histogram[0] == 3 and scores.histogram[-1] == 1
    row = ["2b", "How many parameters does conv1 have?", "1/4 (25%)", "34,944", "no_bias ×3"]
    assert "| " + " | ".join(map(markdown_cell, row)) + " |" in report_markdown(report)


def test_class_report_html_is_one_page_and_escapes_names(classroom):
    good = classroom("ada", copy="answers_correct.yaml")
    evil = classroom("evil", "student: \"<script>alert(1)</script>\"\nanswerz: {}\n")
    html = report_html(class_report(grade_class("hw3.yaml", [good, evil])))
    assert "<script" not in html and "&lt;script&gt;" in html
    assert html.startswith("<!DOCTYPE html>") and "http" not in html  # nothing fetched
    markdown = report_markdown(class_report(grade_class("hw3.yaml", [good, evil])))
    assert markdown_cell("<script>alert(1)</script>") in markdown


def test_shared_caches_change_no_result(tmp_path):
    """Every generated submission graded by the class equals it graded alone."""
    questions = tmp_path / "q.yaml"
    questions.write_text(bench_grading.assignment(20))
    paths = bench_grading.write_class(questions, tmp_path / "s", 25, seed=3)
    graded = Classroom(questions).grade_all(paths)
    for path, entry in zip(paths, graded.submissions):
        alone = grade(load_submission(path, questions))
        assert grading_dict(entry.grading) == grading_dict(alone)


def test_the_generated_class_has_a_realistic_mix(tmp_path):
    questions = tmp_path / "q.yaml"
    questions.write_text(bench_grading.assignment(50))
    paths = bench_grading.write_class(questions, tmp_path / "s", 30, seed=1, malformed=2)
    graded = grade_class(questions, paths)
    assert len(graded.question_ids) == 50 and len(graded.malformed) == 2
    results = [r for e in graded.submissions if e.grading for r in e.grading.results]
    slipped = sum(bool(r.slips) and not r.correct for r in results)
    right = sum(r.correct for r in results)
    assert 0.35 < right / len(results) < 0.95 and slipped > len(results) * 0.05
    assert gradebook_csv(graded).count("\r\n") == 31


DOCS = ROOT / "docs" / "checking.md"
REPORT_BLOCK = re.compile(r"(<!-- class-report:start -->\n)(.*?)(<!-- class-report:end -->)",
                          re.S)


def test_the_class_report_in_the_docs_is_the_generated_class(tmp_path, monkeypatch):
    """docs/checking.md shows the report of 40 generated submissions of hw3 (seed 2026, the
    last one broken); regenerated with CNNCALC_REGENERATE_GOLDEN=1."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(HOMEWORK / "hw3.yaml", "hw3.yaml")
    paths = bench_grading.write_class(Path("hw3.yaml"), Path("submissions"), 40, seed=2026,
                                      malformed=1)
    report = report_markdown(class_report(grade_class("hw3.yaml", paths)))
    report = report.replace("# Class report", "#### Class report", 1).replace("\n## ", "\n##### ")
    text = DOCS.read_text(encoding="utf-8")
    if os.environ.get("CNNCALC_REGENERATE_GOLDEN"):
        DOCS.write_text(REPORT_BLOCK.sub(lambda m: m.group(1) + report + m.group(3), text),
                        encoding="utf-8")
        text = DOCS.read_text(encoding="utf-8")
    assert REPORT_BLOCK.search(text).group(2) == report


def test_class_json_and_html_report_from_the_command_line(classroom):
    a = classroom("ada", copy="answers_correct.yaml")
    b = classroom("eve", "student: \"Eve\\e[2J\\u202e\"\nanswers: {1b: 156}\n")
    result = run("--questions", "hw3.yaml", a, b, "--json", "--class-report", "r.html")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["score"] for s in data["submissions"]] == [HW3_POINTS, 1]
    assert data["submissions"][1]["grading"]["results"][1]["id"] == "1b"
    assert Path("r.html").read_text().startswith("<!DOCTYPE html>")
    table = run("--questions", "hw3.yaml", a, b)
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout
    assert "Eve\\x1b[2J\\u202e" in table.stdout


def test_student_is_for_the_key_not_for_a_class(classroom):
    a = classroom("ada", copy="answers_correct.yaml")
    result = run("--questions", "hw3.yaml", a, "--gradebook", "g.csv", "--student", "s1")
    assert result.exit_code == 2 and "each submission's folder is its student" in result.output


def test_hidden_solutions_in_the_class_json(classroom):
    a = classroom("c", "answers: {2b: 34848}\n")
    b = classroom("d", "answers: {2b: 34944}\n")
    data = json.loads(run("--questions", "hw3.yaml", a, b, "--json", "--hide-solutions").stdout)
    results = [r for s in data["submissions"] for r in s["grading"]["results"]]
    assert all(r["right"] is None and r["derivation"] is None for r in results)
    assert all("no_bias" not in (r["reason"] or "") for r in results)


def test_a_gradebook_on_standard_output_is_all_stdout_holds(classroom):
    path = classroom("ada", copy="answers_correct.yaml")
    result = run("--questions", "hw3.yaml", path, "--gradebook", "-")
    assert result.exit_code == 0, result.output
    header, ada = result.stdout.splitlines()
    assert header.startswith("Student,ID,File,1a,") and ada.startswith("Ada Lovelace,ada,")
    assert ada.split(",")[-3] == str(HW3_POINTS)
