"""A variant per student (``vary:``, ``seed:``), its question sheet (`cnncalc quiz`), and question
banks (``include:``).

The draw is checked against SHA-256 computed here; the right values of a variant are worked out
here as the conv parameter formula (Fh·Fw·C_in + 1)·K on the drawn values. The sheets for fixed
ids are golden files (tests/golden/quiz/), regenerated only with CNNCALC_REGENERATE_GOLDEN=1.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cnncalc.check.answerfile import load_homework
from cnncalc.check.classroom import grade_class
from cnncalc.check.grade import grade
from cnncalc.check.variants import drawn_index
from cnncalc.cli import main
from cnncalc.render.quiz import FORMATS, question_sheet

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "quiz"
SEED = "quiz1-2026"
FILTERS, KERNELS, SIZES, WIDTHS = [16, 32, 64], [3, 5], [28, 32], [8, 16, 32]
QUIZ = f"""\
title: "Quiz 1: one convolution"
seed: {SEED}
networks:
  small:
    vary: {{width: {WIDTHS}}}
    input: 28x28x1
    layers:
      - conv: {{filters: $width, kernel: 3}}
      - maxpool: 2
questions:
  - id: "1"
    vary: {{filters: {FILTERS}, kernel: {KERNELS}, size: {SIZES}}}
    text: >-
      A conv of $filters filters of ${{kernel}}×${{kernel}} reads a ${{size}}×${{size}}×1 image.
      How many parameters does it have?
    input: ${{size}}x${{size}}x1
    layer: {{conv: {{filters: $filters, kernel: $kernel}}}}
    ask: params
    points: 2
  - id: "2"
    network: small
    layer: conv1
    ask: params
"""
GOLDEN_IDS = ("s0001", "s0002", "s0003")
EXTENSIONS = {"markdown": "md", "html": "html", "latex": "tex"}


def sha_index(seed: str, student: str, scope: str, name: str, count: int) -> int:
    """The documented draw, written out again: SHA-256 of seed, student, scope and name joined
    by NUL bytes; its first 8 bytes big-endian, modulo the number of choices."""
    digest = hashlib.sha256("\0".join([seed, student, scope, name]).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def drawn(student: str) -> dict[str, int]:
    return {"filters": FILTERS[sha_index(SEED, student, "1", "filters", 3)],
            "kernel": KERNELS[sha_index(SEED, student, "1", "kernel", 2)],
            "size": SIZES[sha_index(SEED, student, "1", "size", 2)],
            "width": WIDTHS[sha_index(SEED, student, "networks/small", "width", 3)]}


def right_answers(student: str) -> dict[str, int]:
    values = drawn(student)
    return {"1": (values["kernel"] * values["kernel"] * 1 + 1) * values["filters"],
            "2": (3 * 3 * 1 + 1) * values["width"]}


@pytest.fixture
def quiz(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("quiz.yaml").write_text(QUIZ, encoding="utf-8")
    return Path("quiz.yaml")


@pytest.mark.parametrize("seed, student, scope, name, count", [
    ("", "s1", "1a", "filters", 3), ("hw3", "Ada Lovelace", "q7", "k", 7),
    ("2026", "ünï", "networks/small", "width", 1000), (SEED, "s0001", "1", "size", 2)])
def test_drawn_index_is_the_sha256_formula(seed, student, scope, name, count):
    assert drawn_index(seed, student, scope, name, count) == sha_index(seed, student, scope,
                                                                        name, count)


def test_a_variant_is_drawn_by_the_formula_and_put_in(quiz):
    for student in ("s0001", "s0002", "s0042", "Ada"):
        homework = load_homework(quiz, student_id=student)
        values = drawn(student)
        assert dict((name, value) for _, name, value in homework.variant) == values
        key = {result.id: result for result in grade(homework).results}
        assert key["1"].right_value == right_answers(student)["1"]
        assert key["2"].right_value == right_answers(student)["2"]
        assert f"A conv of {values['filters']} filters of {values['kernel']}×" \
               f"{values['kernel']} reads a {values['size']}×{values['size']}×1" in key["1"].text


def test_same_id_same_variant_other_ids_other_variants(quiz):
    first = load_homework(quiz, student_id="s0007").variant
    assert load_homework(quiz, student_id="s0007").variant == first
    variants = {load_homework(quiz, student_id=f"s{n:04d}").variant for n in range(30)}
    assert len(variants) > 5


def test_without_a_student_the_base_variant(quiz):
    homework = load_homework(quiz, student_id="")
    assert [value for _, _, value in homework.variant] == [WIDTHS[0], FILTERS[0], KERNELS[0],
                                                            SIZES[0]]


def test_each_student_is_graded_against_their_own_variant(quiz):
    runner = CliRunner()
    for student in ("s0001", "s0002"):
        Path(student).mkdir()
        Path(student, "answers.yaml").write_text(yaml.safe_dump(
            {"id": student, "student": f"Student {student}", "answers": right_answers(student)}))
    # s0003 hands in s0001's answers: right only where the two variants agree
    Path("s0003").mkdir()
    Path("s0003", "answers.yaml").write_text(yaml.safe_dump(
        {"id": "s0003", "answers": right_answers("s0001")}))
    result = runner.invoke(main, ["check", "--questions", "quiz.yaml", "s0001/answers.yaml"])
    assert result.exit_code == 0, result.output
    graded = grade_class("quiz.yaml", [f"s000{n}/answers.yaml" for n in (1, 2, 3)])
    scores = [entry.score for entry in graded.submissions]
    expected_copy = sum(points for qid, points in (("1", 2), ("2", 1))
                        if right_answers("s0001")[qid] == right_answers("s0003")[qid])
    assert scores == [3, 3, expected_copy]


def test_a_submission_is_graded_as_its_folder_not_as_the_id_it_claims(quiz):
    """A student's file is not trusted to say who wrote it: Bob's `id: s0002` does not give him
    s0002's variant (to copy their answers) nor put his score in their row."""
    Path("bob").mkdir()
    Path("bob", "answers.yaml").write_text(yaml.safe_dump({"id": "s0002",
                                                           "answers": right_answers("bob")}))
    entry = grade_class("quiz.yaml", ["bob/answers.yaml"]).submissions[0]
    assert entry.student_id == "bob" and entry.score == 3


def test_key_for_one_student(quiz):
    result = CliRunner().invoke(main, ["check", "quiz.yaml", "--key", "--student", "s0002",
                                       "--json"])
    assert result.exit_code == 0, result.output
    import json
    values = {r["id"]: r["right_value"] for r in json.loads(result.output)["results"]}
    assert values == right_answers("s0002")


@pytest.mark.parametrize("student", GOLDEN_IDS)
@pytest.mark.parametrize("form", FORMATS)
def test_question_sheets_match_golden_files(quiz, student, form):
    result = CliRunner().invoke(main, ["quiz", "quiz.yaml", "--student", student, "--format",
                                       form])
    assert result.exit_code == 0, result.output
    path = GOLDEN / f"{student}.{EXTENSIONS[form]}"
    if os.environ.get("CNNCALC_REGENERATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.output, encoding="utf-8")
    assert result.output == path.read_text(encoding="utf-8")
    assert str(right_answers(student)["1"]) not in result.output  # no answer on the sheet


def test_the_sheet_has_no_answers_and_the_drawn_numbers(quiz):
    sheet = question_sheet(load_homework(quiz, student_id="s0001"), "s0001")
    values = drawn("s0001")
    assert sheet.networks[0].layers[0] == ("conv1", f"conv {values['width']} × 3×3")
    assert [q.points for q in sheet.questions] == ["2", "1"]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_the_latex_sheet_compiles_even_for_a_hostile_id(quiz, tmp_path):
    hostile = "s1}\\input{/etc/passwd}$^_%#&~ ⌊x⌋ ∑ \u202e"
    Path("quiz.yaml").write_text(QUIZ.replace('title: "Quiz 1', 'title: "\\\\end{document} %'),
                                 encoding="utf-8")
    result = CliRunner().invoke(main, ["quiz", "quiz.yaml", "--student", hostile, "--format",
                                       "latex", "-o", "sheet.tex"])
    assert result.exit_code == 0, result.output
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                          "-no-shell-escape", "sheet.tex"], capture_output=True, timeout=120,
                         text=True, errors="replace")
    assert run.returncode == 0, run.stdout[-2000:]
    assert Path("sheet.pdf").stat().st_size > 1000


@pytest.mark.parametrize("vary, message", [
    ("{filters: []}", "vary 'filters' is a non-empty list of choices"),
    ("[16, 32]", "'vary' maps names to their choices"),
    ("{2x: [1, 2]}", "vary name '2x' must be a word"),
    ("{f: [{a: 1}]}", "vary 'f': a choice is a number, a word or a list"),
])
def test_a_malformed_vary_is_exit_2_with_a_location(quiz, vary, message):
    Path("bad.yaml").write_text(textwrap.dedent(f"""\
        questions:
          - id: a
            vary: {vary}
            input: 8x8x1
            layer: {{conv: {{filters: 2, kernel: 3}}}}
            ask: params
        """))
    result = CliRunner().invoke(main, ["check", "bad.yaml", "--key"])
    assert result.exit_code == 2
    assert result.output.startswith("bad.yaml:3:") and message in result.output


# --- question banks ------------------------------------------------------------------------

BANK = """\
networks:
  tiny: specs/tiny.yaml        # relative to the bank, in its folder (the path rule)
questions:
  - {id: b1, network: tiny, layer: conv1, ask: params}
"""


@pytest.fixture
def banks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("banks").mkdir()
    Path("banks/specs").mkdir()
    Path("banks/specs/tiny.yaml").write_text("input: 8x8x3\nlayers:\n  - conv: {filters: 4, "
                                             "kernel: 3}\n")
    Path("banks/one.yaml").write_text(BANK)


def test_included_questions_are_appended(banks):
    Path("hw.yaml").write_text("include: [banks/one.yaml]\nquestions:\n"
                               "  - {id: a, input: 8x8x1, layer: {conv: {filters: 2, kernel: 3}},"
                               " ask: params}\n")
    key = {r.id: r.right_value for r in grade(load_homework("hw.yaml")).results}
    assert key == {"a": (3 * 3 * 1 + 1) * 2, "b1": (3 * 3 * 3 + 1) * 4}
    Path("answers.yaml").write_text("answers: {b1: 112, a: 20}\n")
    result = CliRunner().invoke(main, ["check", "--questions", "hw.yaml", "answers.yaml"])
    assert result.exit_code == 0, result.output


def test_a_file_of_banks_only(banks):
    Path("hw.yaml").write_text("title: all banks\ninclude: banks/one.yaml\n")
    assert [q.id for q in load_homework("hw.yaml").questions] == ["b1"]


@pytest.mark.parametrize("files, message", [
    ({"hw.yaml": "include: [banks/one.yaml, banks/two.yaml]\n",
      "banks/two.yaml": "questions:\n  - {id: b1, input: 4x4x1, layer: relu, ask: output_shape}\n"},
     "banks/two.yaml:2:5: question id 'b1' is used twice (first at banks/one.yaml:4)"),
    ({"hw.yaml": "include: [banks/loop.yaml]\n",
      "banks/loop.yaml": "include: [again.yaml]\nquestions: [{id: x, input: 4x4x1, layer: relu, "
                         "ask: output_shape}]\n",
      "banks/again.yaml": "include: [loop.yaml]\nquestions: [{id: y, input: 4x4x1, layer: relu, "
                          "ask: output_shape}]\n"},
     "again.yaml:1:11: 'loop.yaml' includes itself through loop.yaml → again.yaml → "
     "loop.yaml"),
    ({"hw.yaml": "include: [banks/loop.yaml]\n",
      "banks/loop.yaml": "include: [../hw.yaml]\nquestions: [{id: x, input: 4x4x1, layer: relu, "
                         "ask: output_shape}]\n"},
     "banks/loop.yaml:1:11: question bank '../hw.yaml': '../hw.yaml' is outside the folder of "
     "banks/loop.yaml"),
    ({"hw.yaml": "include: [banks/none.yaml]\n"}, "cannot read the question bank banks/none.yaml:"
                                                  " there is no such file"),
    ({"hw.yaml": "include: [banks/one.yaml]\n",
      "banks/one.yaml": BANK.replace("networks:", "student: x\nnetworks:")},
     "banks/one.yaml:1:1: unknown key 'student'"),
    ({"hw.yaml": "include: [banks/one.yaml]\nnetworks: {tiny: alexnet}\n"},
     "network 'tiny' is defined twice"),
])
def test_bad_banks_are_exit_2(banks, files, message):
    for name, text in files.items():
        Path(name).write_text(text)
    result = CliRunner().invoke(main, ["check", "hw.yaml", "--key"])
    assert result.exit_code == 2, result.output
    assert message in result.output
