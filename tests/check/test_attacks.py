"""A hostile student against the grader: one test per attack, each ending in what the grader
does (docs/checking.md, "Attacks tried").

The questions file is the teacher's; everything under ``subs/`` is the student's. The right
values come from hand arithmetic on AlexNet (227×227×3 input):

- conv1 output: (227 − 11)/4 + 1 = 55, so 55×55×96;
- conv1 parameters: (11·11·3 + 1)·96 = 34,944;
- conv2 parameters (two groups of 48 input channels): (5·5·48 + 1)·256 = 307,456, and with the
  groups ignored (5·5·96 + 1)·256 = 614,656 (the slip ``groups_ignored``);
- a 5×5 convolution keeping 32×32 at stride 1: 32 − 5 + 2p + 1 = 32, so padding 2;
- pool1's output 27×27×96 at float32: 27·27·96·4 = 279,936 bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import textwrap
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from cnncalc.check import classroom as classroom_module
from cnncalc.check.classroom import Classroom, grade_class
from cnncalc.check.submission import MAX_WARNINGS
from cnncalc.cli import main
from cnncalc.render.gradebook import gradebook_csv

CONV1_SHAPE = "x".join(["55", "55", "96"])
CONV1_PARAMS = (11 * 11 * 3 + 1) * 96
CONV2_PARAMS = (5 * 5 * 48 + 1) * 256
CONV2_GROUPS_IGNORED = (5 * 5 * 96 + 1) * 256
SAME_PADDING = 2
POOL1_BYTES = 27 * 27 * 96 * 4

QUESTIONS = """\
title: Attacks
networks:
  alexnet: alexnet
questions:
  - {id: "1a", network: alexnet, layer: conv1, ask: output_shape}
  - {id: "1b", network: alexnet, layer: conv1, ask: params}
  - {id: "1", network: alexnet, layer: conv2, ask: params}
  - {id: "4", input: 32x32x3, layer: {conv: {filters: 16, kernel: 5}}, find: padding,
     output: 32x32}
  - {id: "m", network: alexnet, layer: pool1, ask: memory}
"""
QUESTION_IDS = ["1a", "1b", "1", "4", "m"]


@pytest.fixture
def room(tmp_path, monkeypatch):
    """The teacher's q.yaml in a fresh folder; `room.submit(text, folder)` writes
    subs/<folder>/answers.yaml, `room.check(*args)` runs ``cnncalc check``."""
    monkeypatch.chdir(tmp_path)
    Path("q.yaml").write_text(QUESTIONS, encoding="utf-8")

    class Room:
        @staticmethod
        def submit(text: str, folder: str = "ada") -> str:
            path = Path("subs") / folder / "answers.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
            return str(path)

        @staticmethod
        def check(*args: str):
            return CliRunner().invoke(main, ["check", *args])

        @staticmethod
        def graded(text: str, *args: str) -> dict:
            """The JSON grading of one submission in graded mode."""
            result = Room.check(Room.submit(text), "--questions", "q.yaml", "--json", *args)
            assert result.exit_code in (0, 1), result.output
            return json.loads(result.stdout)

    return Room


def correct(grading: dict) -> dict[str, bool]:
    return {result["id"]: result["correct"] for result in grading["results"]}


# --- score without knowing the answers ------------------------------------------------------

def test_a_list_of_shapes_scores_nothing(room):
    grading = room.graded(f"answers: {{1a: [{CONV1_SHAPE}, 27x27x96]}}\n")
    assert correct(grading)["1a"] is False and grading["score"] == 0


def test_several_numbers_in_one_answer_score_nothing(room):
    grading = room.graded(f'answers: {{1: "{CONV2_PARAMS} or {CONV2_GROUPS_IGNORED}", '
                          f'1b: "{CONV1_PARAMS - 1}-{CONV1_PARAMS + 1}"}}\n')
    assert grading["score"] == 0


def test_a_mapping_as_an_answer_scores_nothing(room):
    grading = room.graded(f"answers: {{1b: {{answer: {CONV1_PARAMS}}}}}\n")
    assert correct(grading)["1b"] is False


def test_accept_and_tolerance_written_into_an_answer_score_nothing(room):
    grading = room.graded(f"""\
        questions:
          - {{id: "1", answer: {{value: {CONV2_GROUPS_IGNORED}, accept: [groups_ignored]}}}}
          - {{id: "1b", answer: "{CONV1_PARAMS + 500} ± 10%"}}
        """)
    assert grading["score"] == 0


def test_accept_and_tolerance_keys_in_the_students_file_are_ignored(room):
    grading = room.graded(f"""\
        tolerance: 100%
        accept: [groups_ignored]
        questions:
          - {{id: "1", answer: {CONV2_GROUPS_IGNORED}, accept: [groups_ignored],
             tolerance: 100%, points: 1000}}
        """)
    assert grading["score"] == 0 and grading["max_score"] == 5
    assert any("'tolerance' is ignored" in warning for warning in grading["warnings"])


def test_infinity_nan_and_null_score_nothing(room):
    grading = room.graded("answers: {1b: .inf, 1: .nan, m: ~, 1a: -.inf, 4: .inf}\n")
    assert grading["score"] == 0


def test_huge_and_tiny_numbers_score_nothing(room):
    grading = room.graded('answers: {1b: 1e400, 1: "1e-30", m: "1e30 B", '
                          '4: 99999999999999999999999999999999}\n')
    assert grading["score"] == 0


def test_python_tags_are_refused_and_nothing_runs(room, tmp_path):
    marker = tmp_path / "ran"
    result = room.check(room.submit(
        f'answers: !!python/object/apply:os.system ["touch {marker}"]\n'),
        "--questions", "q.yaml")
    assert result.exit_code == 2 and "is not part of a spec" in result.stderr
    assert not marker.exists()


def test_binary_and_set_tags_score_nothing(room):
    grading = room.graded("answers: {1b: !!binary MzQ5NDQ=}\n")   # base64 of "34944"
    assert correct(grading)["1b"] is False
    result = room.check(room.submit("answers: {1a: !!set {55, 96}}\n"), "--questions", "q.yaml")
    assert result.exit_code == 2 and "tag:yaml.org,2002:set" in result.stderr


def test_merge_keys_and_aliases_answer_each_question_on_its_own(room):
    grading = room.graded(f"""\
        right: &right {{1a: {CONV1_SHAPE}}}
        answers:
          <<: *right
          1b: &n {CONV1_PARAMS}
          1: *n
          m: *n
        """)
    assert correct(grading) == {"1a": True, "1b": True, "1": False, "4": False, "m": False}


def test_duplicate_keys_make_the_file_unreadable(room):
    result = room.check(room.submit(f"answers:\n  1a: 1x1x1\n  1a: {CONV1_SHAPE}\n"),
                        "--questions", "q.yaml", "--json")
    assert result.exit_code == 2
    grading = json.loads(result.stdout)
    assert grading["score"] == 0 and "duplicate key '1a'" in grading["error"]


def test_an_int_and_a_string_id_are_one_question_answered_twice(room):
    grading = room.graded(f'answers:\n  1: {CONV2_GROUPS_IGNORED}\n  "1": {CONV2_PARAMS}\n')
    assert correct(grading)["1"] is False   # the first is graded
    assert any("answered twice" in warning for warning in grading["warnings"])


def test_answers_in_both_forms_grade_the_first(room):
    grading = room.graded(f"answers: {{1a: 1x1x1}}\nquestions:\n  - {{id: 1a, answer: "
                          f"{CONV1_SHAPE}}}\n")
    assert correct(grading)["1a"] is False
    assert any("answered twice" in warning for warning in grading["warnings"])


def test_case_and_lookalike_ids_match_no_question(room):
    cyrillic_a = "\u0430"
    grading = room.graded(f'answers: {{1A: {CONV1_SHAPE}, "1{cyrillic_a}": {CONV1_SHAPE}, '
                          f'"1b ": {CONV1_PARAMS}}}\n')
    assert correct(grading) == {"1a": False, "1b": True, "1": False, "4": False, "m": False}
    assert sum("there is no question" in warning for warning in grading["warnings"]) == 2


def test_a_one_digit_abbreviation_is_judged_to_its_precision_unless_the_teacher_says_exact(
        room):
    # 3e4 means 25,000–35,000 (the precision rule), which holds 34,944; tolerance: 0 is exact
    assert correct(room.graded("answers: {1b: 3e4}\n"))["1b"] is True
    Path("q.yaml").write_text(QUESTIONS.replace("title: Attacks", "title: Attacks\ntolerance: 0"),
                              encoding="utf-8")
    assert correct(room.graded("answers: {1b: 3e4}\n"))["1b"] is False


# --- read what they should not --------------------------------------------------------------

RIGHT_TEXTS = (f"{CONV2_PARAMS:,}", str(CONV2_PARAMS), f"{CONV1_PARAMS:,}", str(CONV1_PARAMS),
               f"{POOL1_BYTES:,}", str(POOL1_BYTES), CONV1_SHAPE, "55×55×96")


def test_hidden_feedback_holds_no_right_value_in_any_output(room):
    wrong = f"""\
        student: Mallory
        answers: {{1a: 27x27x96, 1b: {CONV1_PARAMS - 96}, 1: {CONV2_GROUPS_IGNORED},
                  4: 1, m: "{POOL1_BYTES // 2} B"}}
        """
    answers = room.submit(wrong)
    outputs = [room.check(answers, "--questions", "q.yaml", *args)
               for args in ((), ("--json",), ("--junit", "-"), ("--gradescope", "-"))]
    for result in outputs:
        assert result.exit_code == 1
        for text in RIGHT_TEXTS:
            assert text not in result.stdout and text not in result.stderr, text


def test_gradescope_overall_output_does_not_total_hidden_questions(room):
    Path("q.yaml").write_text(QUESTIONS.replace(
        'ask: params}\n  - {id: "1"', 'ask: params, visibility: hidden}\n  - {id: "1"'),
        encoding="utf-8")
    results = json.loads(room.check(room.submit(f"answers: {{1b: {CONV1_PARAMS}}}\n"),
                                    "--questions", "q.yaml", "--gradescope", "-").stdout)
    assert results["score"] == 1          # Gradescope's own field, which it shows as it decides
    # the always-visible output totals the 4 visible questions (none right), not question 1b
    assert "0 / 4 points, 0 of 4 questions right (the questions shown now; 1 more is shown " \
           "later)" in results["output"]


def test_gradescope_execution_time_is_whole_seconds(room):
    results = json.loads(room.check(room.submit("answers: {1b: 1}\n"), "--questions",
                                    "q.yaml", "--gradescope", "-").stdout)
    assert isinstance(results["execution_time"], int) and results["execution_time"] >= 1


@pytest.mark.parametrize("target", ["q.yaml", "missing.yaml", "/etc/passwd"])
def test_an_answers_file_linked_out_of_its_folder_is_refused_alike(room, target):
    Path("subs/ada").mkdir(parents=True)
    os.symlink(os.path.abspath(target), "subs/ada/answers.yaml")
    result = room.check("subs/ada/answers.yaml", "--questions", "q.yaml")
    assert result.exit_code == 2
    assert "is outside the folder" in result.stderr and "root:" not in result.output
    assert "networks" not in result.output


def test_an_answers_file_linked_into_the_teachers_checkout_is_refused(room):
    # the GitHub workflow checks the questions out inside the student's repository
    Path("repo/questions").mkdir(parents=True)
    Path("repo/questions/hw3.yaml").write_text(QUESTIONS, encoding="utf-8")
    Path("repo/questions/key.yaml").write_text(
        f"answers: {{1a: {CONV1_SHAPE}, 1b: {CONV1_PARAMS}}}\n", encoding="utf-8")
    os.symlink("questions/key.yaml", "repo/answers.yaml")
    result = room.check("repo/answers.yaml", "--questions", "repo/questions/hw3.yaml",
                        "--gradescope", "-")
    assert result.exit_code == 2
    results = json.loads(result.stdout)
    assert results["score"] == 0
    assert "leads into the folder of the questions file" in results["output"]


def test_networks_and_includes_in_the_students_file_are_never_opened(room, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("input: 1x1x1\nlayers: [{fc: 12345678}]\n", encoding="utf-8")
    os.mkfifo(tmp_path / "subs_fifo.yaml")   # opening it for reading would hang
    grading = room.graded(f"""\
        networks: {{alexnet: {secret}, x: ../../subs_fifo.yaml}}
        include: [../../subs_fifo.yaml]
        answers: {{1b: {CONV1_PARAMS}}}
        """)
    assert correct(grading)["1b"] is True
    assert "12345678" not in json.dumps(grading)
    assert {warning.split("'")[1] for warning in grading["warnings"]} == {"networks", "include"}


def test_a_student_cannot_pick_another_students_variant(room):
    Path("q.yaml").write_text(textwrap.dedent("""\
        seed: s
        questions:
          - id: "1"
            vary: {k: [3, 5, 7, 9, 11, 13, 15, 17]}
            input: 32x32x1
            layer: {conv: {filters: 1, kernel: $k}}
            ask: params
        """), encoding="utf-8")
    # the kernels and their parameters: k·k·1 + 1
    params = {k: k * k + 1 for k in (3, 5, 7, 9, 11, 13, 15, 17)}
    ada = Classroom("q.yaml").homework_for("ada").questions[0]
    ada_params = params[dict((name, value) for _, name, value in
                             Classroom("q.yaml").homework_for("ada").variant)["k"]]
    assert ada.id == "1"
    bob = room.submit(f"id: ada\nstudent: ada\nanswers: {{1: {ada_params}}}\n", "bob")
    entry = grade_class("q.yaml", [bob]).submissions[0]
    assert entry.student_id == "bob"
    bob_k = dict((name, value) for _, name, value in
                 Classroom("q.yaml").homework_for("bob").variant)["k"]
    assert entry.grading.results[0].correct is (params[bob_k] == ada_params)
    assert any("'id' is ignored" in note for note in entry.notes)


def test_a_folder_name_that_is_not_utf8_gets_a_variant(room):
    Path("q.yaml").write_text(textwrap.dedent("""\
        seed: s
        questions:
          - {id: "1", vary: {k: [3, 5]}, input: 32x32x1, layer: {conv: {filters: 1, kernel: $k}},
             ask: params}
        """), encoding="utf-8")
    folder = os.fsdecode(b"bad\xff")   # '\udcff' to Python
    entry = grade_class("q.yaml", [room.submit("answers: {1: 10}\n", folder)]).submissions[0]
    # 10 is the parameters of a 3×3 kernel (3·3·1 + 1) and not of 5×5 (26): right or wrong,
    # but graded
    assert entry.grading is not None and entry.error is None


# --- change what they should not ------------------------------------------------------------

def test_a_students_name_cannot_take_another_row(room):
    ada = room.submit(f"student: Ada\nanswers: {{1b: {CONV1_PARAMS}}}\n", "ada")
    bob = room.submit(f"student: Ada\nid: ada\nanswers: {{1b: {CONV1_PARAMS}, 1a: "
                      f"{CONV1_SHAPE}}}\n", "bob")
    rows = list(csv.reader(io.StringIO(gradebook_csv(grade_class("q.yaml", [ada, bob])))))
    assert [(row[1], row[-3]) for row in rows[1:]] == [("ada", "1"), ("bob", "2")]


@pytest.mark.parametrize("link", ["folder", "hard"])
def test_a_folder_or_file_linked_to_another_students_scores_nothing(room, link):
    ada = room.submit(f"answers: {{1b: {CONV1_PARAMS}, 1a: {CONV1_SHAPE}}}\n", "ada")
    if link == "folder":
        os.symlink("ada", "subs/mallory")
    else:
        Path("subs/mallory").mkdir()
        os.link(ada, "subs/mallory/answers.yaml")
    first, copy = grade_class("q.yaml", [ada, "subs/mallory/answers.yaml"]).submissions
    assert first.score == 2
    assert copy.student_id == "mallory" and copy.score == 0
    assert "is the same file as subs/ada/answers.yaml" in copy.error


def test_gradebook_cells_from_folders_and_names_stay_text_in_their_own_row(room):
    folders = ["=HYPERLINK(x)", "a,b", "nl\nx", "+1", "@SUM(A1)"]
    files = [room.submit(f"student: '-2+3'\nanswers: {{1b: {CONV1_PARAMS}}}\n", folder)
             for folder in folders]
    rows = list(csv.reader(io.StringIO(gradebook_csv(grade_class("q.yaml", files)))))
    assert len(rows) == 1 + len(folders)
    for row, folder in zip(rows[1:], folders):
        assert row[0] == "'-2+3"
        assert row[1] == (f"'{folder}" if folder[0] in "=+@" else folder)
        assert row[-3] == "1"        # its own total
        assert row[-2] == "5"        # the teacher's maximum: 5 questions of 1 point


def test_points_and_the_maximum_come_from_the_teacher(room):
    grading = room.graded(f"""\
        points: 1000
        questions:
          - {{id: "1b", answer: {CONV1_PARAMS}, points: 1000}}
        """)
    assert grading["score"] == 1 and grading["max_score"] == 5


def test_reports_are_never_written_through_a_link_in_the_submission(room):
    answers = room.submit("answers: {1b: 1}\n")
    os.symlink(os.path.abspath("q.yaml"), "subs/ada/report.xml")
    result = room.check(answers, "--questions", "q.yaml", "--junit", "subs/ada/report.xml")
    assert result.exit_code == 2 and "link" in result.output
    assert Path("q.yaml").read_text(encoding="utf-8") == QUESTIONS


# --- make the class fail for everyone -------------------------------------------------------

def test_markup_in_an_answer_neither_crashes_nor_styles_the_table(room):
    result = room.check(room.submit('student: "[/]"\nanswers: {1a: "[/]", 1b: "[bold red]1[/]"}'
                                    '\n'), "--questions", "q.yaml")
    assert result.exit_code == 1, result.output
    assert "[bold red]1[/]" in result.stdout and "Attacks — [/]" in result.stdout


def test_a_16_mb_answer_is_graded_quickly_and_shown_short(room):
    answers = room.submit('answers:\n  1b: "' + "9" * 15_900_000 + '"\n')
    start = time.perf_counter()
    result = room.check(answers, "--questions", "q.yaml", "--gradescope", "-")
    assert time.perf_counter() - start < 30    # was two minutes: the table folded 16 MB
    assert result.exit_code == 1 and len(result.stdout) < 10_000
    assert "(15,900,000 characters)" in result.stdout


def test_a_hundred_thousand_answers_make_a_bounded_number_of_warnings(room):
    answers = room.submit("answers:\n" + "".join(f"  q{i}: {i}\n" for i in range(100_000)))
    start = time.perf_counter()
    result = room.check(answers, "--questions", "q.yaml", "--json")
    assert time.perf_counter() - start < 30
    grading = json.loads(result.stdout)
    assert len(grading["warnings"]) == MAX_WARNINGS + 1
    assert f"{100_000 - MAX_WARNINGS:,} more warnings" in grading["warnings"][-1]


def test_a_very_long_id_and_name_are_cut_in_every_report(room):
    grading = room.graded("student: " + "n" * 1_000_000 + "\nanswers:\n  ? " + "i" * 1_000_000
                          + "\n  : 1\n")
    assert len(grading["student"]) < 200
    assert len(grading["warnings"][0]) < 500


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "alias_bomb", "deep", "not_yaml",
                                  "not_utf8", "folder"])
def test_one_hostile_submission_zeroes_only_its_own_row(room, kind):
    good = room.submit(f"answers: {{1b: {CONV1_PARAMS}}}\n", "good")
    bad = Path("subs/bad/answers.yaml")
    bad.parent.mkdir(parents=True)
    if kind == "fifo":
        os.mkfifo(bad)
    elif kind == "dev_zero":
        os.symlink("/dev/zero", bad)
    elif kind == "alias_bomb":
        lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
        lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
        bad.write_text("\n".join(lines) + "\nanswers: {1a: *a9}\n", encoding="utf-8")
    elif kind == "deep":
        bad.write_text("answers: {1a: " + "[" * 100_000 + "]" * 100_000 + "}\n",
                       encoding="utf-8")
    elif kind == "not_yaml":
        bad.write_text("answers: {1a: [\n", encoding="utf-8")
    elif kind == "not_utf8":
        bad.write_bytes("answers: {1a: 1}\n".encode("utf-16"))
    else:
        bad.mkdir() if not bad.exists() else None
        os.rmdir(bad)
        bad.mkdir()
    start = time.perf_counter()
    grading = grade_class("q.yaml", [str(bad), good])
    assert time.perf_counter() - start < 30
    hostile, fine = grading.submissions
    assert hostile.grading is None and hostile.score == 0 and hostile.error
    assert fine.score == 1


def test_a_folder_named_answers_yaml_in_the_class_glob_stops_no_one(room):
    good = room.submit(f"answers: {{1b: {CONV1_PARAMS}}}\n", "good")
    Path("subs/bad/answers.yaml").mkdir(parents=True)
    result = room.check("--questions", "q.yaml", "subs/bad/answers.yaml", good,
                        "--gradebook", "grades.csv")
    assert result.exit_code == 1, result.output     # one could not be read; the rest graded
    rows = list(csv.reader(io.StringIO(Path("grades.csv").read_text(encoding="utf-8"))))
    assert [(row[1], row[-3]) for row in rows[1:]] == [("bad", "0"), ("good", "1")]
    assert "it is a folder, not a regular file" in rows[1][-1]


def test_an_internal_error_on_one_file_zeroes_only_its_row(room, monkeypatch):
    bad = room.submit("answers: {1b: 1}\n", "bad")
    good = room.submit(f"answers: {{1b: {CONV1_PARAMS}}}\n", "good")
    real = classroom_module.with_answers_document

    def with_answers_document(homework, document, filename):
        if "bad" in filename:
            raise TypeError("a bug")
        return real(homework, document, filename)

    monkeypatch.setattr(classroom_module, "with_answers_document", with_answers_document)
    hostile, fine = grade_class("q.yaml", [bad, good]).submissions
    assert hostile.score == 0 and "internal error" in hostile.error and "TypeError" in \
        hostile.error
    assert fine.score == 1


def test_long_answers_are_not_kept_for_the_whole_class(room):
    files = [room.submit(f'answers: {{1b: "{index}' + "9" * 100_000 + '"}\n', f"s{index}")
             for index in range(3)]
    classroom = Classroom("q.yaml")
    classroom.grade_all(files)
    assert all(len(key[1]) <= classroom_module.MAX_CACHED_ANSWER
               for key in classroom.caches.results)


# --- terminal and CI tricks -----------------------------------------------------------------

HOSTILE = "\x1b[2J\x1b]52;c;aGk=\x07\u202e"


def test_escape_sequences_from_the_student_reach_no_terminal_raw(room):
    answers = room.submit(f'student: "{HOSTILE}"\nanswers: {{1b: "{HOSTILE}", '
                          f'"x{HOSTILE}": 1}}\n'.encode("unicode_escape").decode("ascii")
                          .replace("\\n", "\n"), "ada")
    folder = room.submit("answers: {1b: 1}\n", "esc\x1b[31m")
    for result in (room.check(answers, "--questions", "q.yaml"),
                   room.check("--questions", "q.yaml", answers, folder)):
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in result.stdout and raw not in result.stderr


COMMANDS = ["::error file=q.yaml::pwned", "::add-mask::x", "::stop-commands::tok",
            "##[set-output name=score;]100", "##[add-mask]y"]


def acts_on(line: str) -> bool:
    """Whether a GitHub runner would read `line` as a workflow command (actions/runner
    ActionCommand: ``::`` first after leading spaces, or ``##[`` anywhere)."""
    return line.lstrip().startswith("::") or "##[" in line


@pytest.mark.parametrize("command", COMMANDS)
def test_workflow_commands_from_the_student_never_reach_the_ci_log(room, command):
    quoted = json.dumps(command)
    answers = room.submit(f"student: {quoted}\nanswers:\n  1b: {quoted}\n  1a: "
                          f"{json.dumps('x' * 37 + command)}\n  {quoted}: 1\n"
                          f"  4: {json.dumps('1' + chr(10) + command)}\n", "ada")
    other = room.submit(f"student: {quoted}\nanswers: {{1b: 1}}\n", "bob")
    runs = [room.check(answers, "--questions", "q.yaml", *args)
            for args in ((), ("--json",), ("--junit", "-"), ("--gradescope", "-"))]
    runs.append(room.check("--questions", "q.yaml", answers, other))
    runs.append(room.check("--questions", "q.yaml", answers, other, "--json"))
    for result in runs:
        assert result.exit_code in (0, 1), result.output
        for line in (result.stdout + "\n" + result.stderr).splitlines():
            assert not acts_on(line), line
    # the data read back is the student's own text
    assert json.loads(runs[1].stdout)["student"] == command
    messages = [failure.get("message") for failure in
                ElementTree.fromstring(runs[2].stdout.encode()).iter("failure")]
    assert f"answer {command}; the solution is hidden" in messages
    assert json.loads(runs[3].stdout)["tests"][1]["output"].startswith(f"✗ answer {command}")
