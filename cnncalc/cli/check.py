"""`cnncalc check`: grade a homework answers file (or print its answer key)."""

from __future__ import annotations

import sys

import click

from ..check.answerfile import load_homework
from ..check.grade import grade, hide_solutions
from ..check.submission import load_submission
from ..render.grading import (filled_answers, gradescope_json, grading_json, junit_xml,
                              print_grading, print_key)
from . import main
from ..files.outputs import check_outputs
from .options import allow_path_option, console, input_policy, write_output

EXIT_WRONG = 1


@main.command()
@click.argument("answers", type=click.Path(dir_okay=False))
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
@allow_path_option
def check(answers: str, key: bool, output_format: str, as_json: bool, junit_file: str | None,
          gradescope_file: str | None, questions_file: str | None, hidden: bool,
          allow_paths: tuple[str, ...]) -> None:
    """Check the answers in ANSWERS (a homework answers file): ✓ or ✗ per question, the right
    value and its formula for each wrong one, and the score.

    Exit code 0 when every answer is right, 1 when any is wrong, 2 for a malformed file.

    \b
      cnncalc check hw3_answers.yaml
      cnncalc check hw3_answers.yaml --junit report.xml --gradescope results.json
      cnncalc check hw3_answers.yaml --hide-solutions
      cnncalc check answers.yaml --questions hw3.yaml   # the teacher's questions, not the copy's
      cnncalc check hw3.yaml --key
      cnncalc check hw3.yaml --key --format yaml > hw3_key.yaml
    """
    if key and hidden:
        raise click.UsageError("--key prints the solutions; it cannot be combined with "
                               "--hide-solutions")
    if output_format == "yaml" and not key:
        raise click.UsageError("--format yaml writes the answer key; use it with --key")
    policy = input_policy(allow_paths)
    homework = (load_submission(answers, questions_file, policy, policy) if questions_file
                else load_homework(answers, policy=policy))
    grading = grade(homework)
    if hidden:
        grading = hide_solutions(grading)
    check_outputs({"--junit": junit_file, "--gradescope": gradescope_file})
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
