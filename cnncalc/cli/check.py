"""`cnncalc check`: grade a homework answers file (or print its answer key)."""

from __future__ import annotations

import json
import sys

import click

from ..check.answerfile import load_homework
from ..check.grade import grade, hide_solutions
from ..check.classroom import grade_class, hidden_class, load_student_submission
from ..render.class_report import class_report, report_html, report_markdown
from ..render.gradebook import GradebookFormat, class_dict, class_table, gradebook_csv
from ..render.grading import (filled_answers, gradescope_json, grading_json, junit_xml,
                              print_grading, print_key)
from . import main
from .options import console, write_output

EXIT_WRONG = 1


@main.command()
@click.argument("answers", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--key", is_flag=True, help="Print the answer key: every question's right answer "
              "and its derivation (answers not needed).")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "yaml"]),
              default="table", show_default=True, help="How to print the result; yaml (with "
              "--key) writes the answers file filled in with the right answers.")
@click.option("--json", "as_json", is_flag=True, help="Shortcut for --format json.")
@click.option("--junit", "junit_file", type=click.Path(dir_okay=False, writable=True),
              help="Also write a JUnit XML report to this file (for CI test viewers).")
@click.option("--gradescope", "gradescope_file", type=click.Path(dir_okay=False, writable=True),
              help="Also write Gradescope's autograder results.json to this file.")
@click.option("--questions", "questions_file", type=click.Path(dir_okay=False),
              help="Grade ANSWERS against this questions file (the teacher's): only the answers "
              "are taken from ANSWERS, matched by question id.")
@click.option("--hide-solutions", "hidden", is_flag=True, help="Grade without revealing any right "
              "answer, derivation or diagnosis (in every output).")
@click.option("--gradebook", "gradebook_file", type=click.Path(dir_okay=False, writable=True),
              help="Grade every ANSWERS against --questions and write the gradebook (CSV: a row "
              "a student) to this file.")
@click.option("--gradebook-format", type=click.Choice([f.value for f in GradebookFormat]),
              default="csv", show_default=True, help="csv: a column a question; canvas, "
              "moodle: their gradebook import formats (the total).")
@click.option("--class-report", "class_report_file", type=click.Path(dir_okay=False,
              writable=True), help="Grade every ANSWERS against --questions and write the "
              "class report (.md or .html): success rate and common slips per question, the "
              "scores, the unreadable files.")
@click.option("--student", "student_id", help="With --key: the key of this student's variant "
              "(a homework with vary:).")
def check(answers: tuple[str, ...], key: bool, output_format: str, as_json: bool,
          junit_file: str | None, gradescope_file: str | None, questions_file: str | None,
          hidden: bool, gradebook_file: str | None, gradebook_format: str,
          class_report_file: str | None, student_id: str | None) -> None:
    """Check the answers in ANSWERS (a homework answers file): ✓ or ✗ per question, the right
    value and its formula for each wrong one, and the score.

    Exit code 0 when every answer is right, 1 when any is wrong, 2 for a malformed file.
    With several ANSWERS (or --gradebook, --class-report): every one graded against --questions
    in one process; exit 0 when all were read, 1 when any could not be (its row says why).

    \b
      cnncalc check hw3_answers.yaml
      cnncalc check hw3_answers.yaml --junit report.xml --gradescope results.json
      cnncalc check hw3_answers.yaml --hide-solutions
      cnncalc check answers.yaml --questions hw3.yaml   # the teacher's questions, not the copy's
      cnncalc check hw3.yaml --key
      cnncalc check hw3.yaml --key --format yaml > hw3_key.yaml
      cnncalc check hw3.yaml --key --student s1234      # one student's variant
      cnncalc check --questions hw3.yaml submissions/*/answers.yaml --gradebook grades.csv
    """
    if len(answers) > 1 or gradebook_file or class_report_file:
        if student_id:
            raise click.UsageError("--student is for --key; in a class each submission names "
                                   "its student (id: or student:)")
        check_class(answers, questions_file, key, junit_file, gradescope_file, gradebook_file,
                    gradebook_format, class_report_file, hidden, as_json or output_format == "json")
        return
    if student_id and not key:
        raise click.UsageError("--student picks the variant for --key; a submission names its "
                               "student itself (id: or student:)")
    answers = answers[0]
    if key and hidden:
        raise click.UsageError("--key prints the solutions; it cannot be combined with "
                               "--hide-solutions")
    if output_format == "yaml" and not key:
        raise click.UsageError("--format yaml writes the answer key; use it with --key")
    homework = (load_student_submission(answers, questions_file) if questions_file
                else load_homework(answers, student_id=student_id))
    grading = grade(homework)
    if hidden:
        grading = hide_solutions(grading)
    for option, path, text in (("--junit", junit_file, junit_xml),
                               ("--gradescope", gradescope_file, gradescope_json)):
        if path:
            write_output(text(grading), path, option, announce=False)
    if as_json or output_format == "json":
        click.echo(grading_json(grading))
    elif output_format == "yaml":
        click.echo(filled_answers(homework.document, grading), nl=False)
    elif key:
        print_key(grading, console())
    else:
        print_grading(grading, console())
    if not key and not grading.all_right:
        sys.exit(EXIT_WRONG)


def check_class(answers: tuple[str, ...], questions_file: str | None, key: bool,
                junit_file: str | None, gradescope_file: str | None, gradebook_file: str | None,
                gradebook_format: str, class_report_file: str | None, hidden: bool,
                as_json: bool) -> None:
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
    grading = grade_class(questions_file, answers)
    if class_report_file:  # the teacher's: it may show the right values
        report = class_report(grading)
        text = (report_html(report) if class_report_file.lower().endswith((".html", ".htm"))
                else report_markdown(report))
        write_output(text, class_report_file, "--class-report")
    shown = hidden_class(grading, hide_solutions) if hidden else grading
    if gradebook_file:
        write_output(gradebook_csv(shown, gradebook_format), gradebook_file, "--gradebook")
    if as_json:
        click.echo(json.dumps(class_dict(shown), indent=2, ensure_ascii=False))
    else:
        console().print(class_table(shown))
    if grading.malformed:
        sys.exit(EXIT_WRONG)
