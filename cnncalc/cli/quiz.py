"""`cnncalc quiz`: one student's question sheet (their variant, no answers)."""

from __future__ import annotations

import click

from ..check.answerfile import load_homework
from ..render.quiz import FORMATS, question_sheet
from . import main
from .options import allow_path_option, input_policy, write_output


@main.command()
@click.argument("questions", type=click.Path(dir_okay=False))
@click.option("--student", "student_id", help="The student's id: their variant of every "
              "question with vary: (without it, the base variant: every first choice).")
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="markdown",
              show_default=True, help="markdown, html (one page) or latex (for pdflatex).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of printing.")
@allow_path_option
def quiz(questions: str, student_id: str | None, output_format: str,
         output: str | None, allow_paths: tuple[str, ...]) -> None:
    """Print the question sheet of QUESTIONS (the teacher's homework file) for one student:
    their variant of each question, the networks it asks about, no answers.

    \b
      cnncalc quiz hw3.yaml --student s1234
      cnncalc quiz hw3.yaml --student s1234 --format latex -o s1234.tex
      cnncalc check hw3.yaml --key --student s1234     # that student's key
    """
    homework = load_homework(questions, student_id=student_id or "", role="the questions file",
                             policy=input_policy(allow_paths))
    text = FORMATS[output_format](question_sheet(homework, student_id))
    if output:
        write_output(text, output)
    else:
        click.echo(text, nl=False)
