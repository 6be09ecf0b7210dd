"""`cnncalc check`: grade a homework answers file (or print its answer key)."""

from __future__ import annotations

import sys
import time

import click

from ..check.answerfile import load_homework
from ..check.classroom import Classroom, grade_class, hidden_class
from ..check.grade import Grading, grade, hide_solutions
from ..check.release import read_release_time, solutions_shown
from ..files.outputs import STDOUT, check_outputs
from ..render.class_report import class_report, report_html, report_markdown
from ..render.escape import terminal
from ..render.gradebook import GradebookFormat, class_dict, class_table, gradebook_csv
from ..render.jsontext import json_document
from ..render.grading import (filled_answers, gradescope_json, grading_json, junit_xml,
                              print_grading, print_key, warning_lines)
from . import main
from .options import allow_path_option, console, input_policy, write_output

EXIT_WRONG = 1
EXIT_MALFORMED = 2


@main.command()
# not click.Path(dir_okay=False): a folder named answers.yaml in a class's glob would stop the
# whole class; the library refuses it for that submission alone, with a sentence
@click.argument("answers", nargs=-1, required=True, type=click.Path())
@click.option("--key", is_flag=True, help="Print the answer key: every question's right answer "
              "and its derivation (answers not needed).")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "yaml"]),
              default="table", show_default=True, help="How to print the result; yaml (with "
              "--key) writes the answers file filled in with the right answers.")
@click.option("--json", "as_json", is_flag=True, help="Shortcut for --format json.")
@click.option("--junit", "junit_file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Also write a JUnit XML report to this file (for CI test viewers); - for "
              "standard output.")
@click.option("--gradescope", "gradescope_file", type=click.Path(dir_okay=False,
                                                                 allow_dash=True),
              help="Also write Gradescope's autograder results.json to this file; - for "
              "standard output.")
@click.option("--questions", "questions_file", type=click.Path(dir_okay=False),
              help="Graded mode: grade ANSWERS against this questions file (the teacher's). "
              "Only the answers and the student's name are read from ANSWERS; solutions are "
              "hidden unless --show-solutions or --solutions-after says otherwise.")
@click.option("--hide-solutions", "hidden", is_flag=True, help="Grade without revealing any right "
              "answer, derivation or diagnosis (in every output).")
@click.option("--show-solutions", "shown", is_flag=True, help="In graded mode, show the right "
              "answers and derivations in the feedback.")
@click.option("--solutions-after", "release", metavar="TIME", help="Show the solutions from "
              "TIME on (ISO 8601 with its UTC offset, e.g. 2027-01-15T23:59+01:00); hidden "
              "before.")
@click.option("--gradebook", "gradebook_file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Grade every ANSWERS against --questions and write the gradebook (CSV: a row "
              "a student) to this file; - for standard output.")
@click.option("--gradebook-format", type=click.Choice([f.value for f in GradebookFormat]),
              default="csv", show_default=True, help="csv: a column a question; canvas, "
              "moodle: their gradebook import formats (the total).")
@click.option("--class-report", "class_report_file", type=click.Path(dir_okay=False,
              allow_dash=True), help="Grade every ANSWERS against --questions and write the "
              "class report (.md or .html; - for Markdown on standard output): success rate "
              "and common slips per question, the scores, the unreadable files.")
@click.option("--student", "student_id", help="With --key: the key of this student's variant "
              "(a homework with vary:).")
@allow_path_option
def check(answers: tuple[str, ...], key: bool, output_format: str, as_json: bool,
          junit_file: str | None, gradescope_file: str | None, questions_file: str | None,
          hidden: bool, shown: bool, release: str | None, gradebook_file: str | None,
          gradebook_format: str, class_report_file: str | None, student_id: str | None,
          allow_paths: tuple[str, ...]) -> None:
    """Check the answers in ANSWERS (a homework answers file): ✓ or ✗ per question, the right
    value and its formula for each wrong one, and the score.

    Exit code 0 when every answer is right, 1 when any is wrong, 2 for a malformed file (with
    --junit or --gradescope, a report with one failing case is still written).
    With several ANSWERS (or --gradebook, --class-report): every one graded against --questions
    in one process; exit 0 when all were read, 1 when any could not be (its row says why).

    \b
      cnncalc check hw3_answers.yaml
      cnncalc check hw3_answers.yaml --junit report.xml --gradescope results.json
      cnncalc check hw3_answers.yaml --hide-solutions
      cnncalc check answers.yaml --questions hw3.yaml   # graded: the teacher's questions
      cnncalc check answers.yaml --questions hw3.yaml --solutions-after 2027-01-15T23:59+01:00
      cnncalc check hw3.yaml --key
      cnncalc check hw3.yaml --key --format yaml > hw3_key.yaml
      cnncalc check hw3.yaml --key --student s1234      # one student's variant
      cnncalc check --questions hw3.yaml submissions/*/answers.yaml --gradebook grades.csv
    """
    started = time.monotonic()
    policy = input_policy(allow_paths)
    if len(answers) > 1 or gradebook_file or class_report_file:
        if student_id:
            raise click.UsageError("--student names one student; in a class each submission's "
                                   "folder is its student")
        check_class(answers, questions_file, key, junit_file, gradescope_file, gradebook_file,
                    gradebook_format, class_report_file, hidden, as_json or output_format == "json",
                    policy)
        return
    answers = answers[0]
    if key and (hidden or questions_file):
        raise click.UsageError("--key prints the solutions of a questions file; it cannot be "
                               "combined with --hide-solutions or --questions")
    if student_id and not (key or questions_file):
        raise click.UsageError("--student picks the variant for --key, or (graded mode, with "
                               "--questions) the student a submission is graded as")
    if hidden and shown:
        raise click.UsageError("--hide-solutions and --show-solutions contradict each other")
    if output_format == "yaml" and not key:
        raise click.UsageError("--format yaml writes the answer key; use it with --key")
    reports = {"--junit": junit_file, "--gradescope": gradescope_file}
    after = read_release_time(release) if release else None
    if questions_file:
        classroom = Classroom(questions_file, policy)
        homework = classroom.base
        grading = classroom.grading_of(answers, student_id)
    else:
        homework = load_homework(answers, policy=policy, student_id=student_id)
        grading = grade(homework, key=key)
    if not key and not solutions_shown(bool(questions_file), shown, hidden, after):
        grading = hide_solutions(grading)
    for line in warning_lines(grading):
        click.echo(line, err=True)
    check_outputs(reports)   # after reading: no report onto a file read, nor two onto one
    write_reports(grading, reports, time.monotonic() - started)
    as_json = as_json or output_format == "json"
    if grading.error:   # the student's file: its reports are written, and JSON says so too
        if as_json and STDOUT not in reports.values():
            click.echo(grading_json(grading))
        click.echo(terminal(grading.error), err=True)
        sys.exit(EXIT_MALFORMED)
    if STDOUT not in reports.values():   # a report on stdout is all stdout holds
        print_result(grading, key, as_json, output_format, homework.document if key else None)
    if not key and not grading.all_right:
        sys.exit(EXIT_WRONG)


def print_result(grading: Grading, key: bool, as_json: bool, output_format: str,
                 document: dict | None) -> None:
    if as_json:
        click.echo(grading_json(grading))
    elif output_format == "yaml":
        click.echo(filled_answers(document, grading), nl=False)
    elif key:
        print_key(grading, console())
    else:
        print_grading(grading, console())


def write_reports(grading: Grading, reports: dict[str, str | None], seconds: float) -> None:
    """The JUnit and Gradescope files asked for; ``-`` writes to standard output."""
    texts = {"--junit": lambda: junit_xml(grading),
             "--gradescope": lambda: gradescope_json(grading, execution_time=seconds)}
    for option, path in reports.items():
        if path:
            write_output(texts[option](), path, option, announce=False)


def check_class(answers: tuple[str, ...], questions_file: str | None, key: bool,
                junit_file: str | None, gradescope_file: str | None, gradebook_file: str | None,
                gradebook_format: str, class_report_file: str | None, hidden: bool,
                as_json: bool, policy) -> None:
    """Every submission in ANSWERS against --questions, in one process: the gradebook and the
    class report. Exit 0 when every submission was read (wrong answers are scores), 1 when any
    could not be (its row scores 0 and says why), 2 for a malformed questions file."""
    if not questions_file:
        raise click.UsageError("grading several submissions, or writing --gradebook or "
                               "--class-report, needs --questions (the teacher's questions file)")
    for option, given in (("--key", key), ("--junit", junit_file),
                          ("--gradescope", gradescope_file)):
        if given:
            raise click.UsageError(f"{option} is for one submission; run check once per "
                                   "student for it")
    grading = grade_class(questions_file, answers, policy)
    check_outputs({"--gradebook": gradebook_file, "--class-report": class_report_file})
    if class_report_file:  # the teacher's: it may show the right values
        report = class_report(grading)
        text = (report_html(report) if class_report_file.lower().endswith((".html", ".htm"))
                else report_markdown(report))
        write_output(text, class_report_file, "--class-report")
    shown = hidden_class(grading, hide_solutions) if hidden else grading
    if gradebook_file:
        write_output(gradebook_csv(shown, gradebook_format), gradebook_file, "--gradebook")
    if STDOUT not in (gradebook_file, class_report_file):  # a file on stdout is all it holds
        if as_json:
            click.echo(json_document(class_dict(shown)))
        else:
            console().print(class_table(shown))
    if grading.malformed:
        sys.exit(EXIT_WRONG)
