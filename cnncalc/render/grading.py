"""Views of a homework `Grading`: the terminal table, the answer key, JSON, JUnit XML and
Gradescope's ``results.json``. Each renders the same plain data; none decides anything (a
grading with solutions hidden has none to show).

JSON keys (stable): ``file``, ``title``, ``student``, ``hidden``, ``key``, ``score``,
``max_score``, ``right``, ``questions``, ``warnings``, ``error`` and ``results[]`` with ``id``,
``text``, ``asked``, ``quantity``, ``find``, ``answer``, ``correct``, ``points``, ``max_points``,
``right``, ``right_value``, ``derivation``, ``hint``, ``credit``, ``reason``, ``accepted``,
``note``.

Every string that may come from a student's file (answers, the name, reasons quoting them,
warnings naming their keys) goes through `render.escape`: `one_line`/`terminal` for the
terminal, `xml_safe` for JUnit (``xml.etree`` escapes markup itself) and `xml_document` for the
whole JUnit text (no CI workflow command in it); JSON is `jsontext.json_document`'s (finite
numbers only, points are bounded by `answerfile.MAX_POINTS` anyway). Cells
of the terminal tables are `Text`, never strings: rich would read ``[/]`` in an answer as its
markup (and fail on it).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..check.grade import MALFORMED_ID, Grading, QuestionResult, points_text
from .escape import one_line, xml_document, xml_safe
from .jsontext import json_document

RIGHT, WRONG = "✓", "✗"
HIDDEN_NOTE = "the solution is hidden"


def mark(result: QuestionResult) -> str:
    return RIGHT if result.correct else WRONG


def score_line(grading: Grading) -> str:
    """``7 / 10 points, 8 of 10 questions right``."""
    return (f"{points_text(grading.score)} / {points_text(grading.max_score)} points, "
            f"{grading.right_count} of {len(grading.results)} questions right")


def heading(grading: Grading) -> str:
    title = grading.title or grading.file
    return f"{title} — {grading.student}" if grading.student else title


def feedback_lines(result: QuestionResult) -> list[str]:
    """What a student reads under a question: for a right answer what was accepted, for a wrong
    one the right value, its derivation and why (each only when the grading has them); without
    a derivation (hidden), the formula to use."""
    lines = []
    if result.correct:
        if result.accepted:
            lines.append(f"accepted: {result.accepted}")
        if result.note:
            lines.append(result.note)
        return lines
    if result.right is not None:
        lines.append(f"right: {result.right}")
    if result.derivation:
        lines.append(f"  {result.derivation}")
    elif result.hint:
        lines.append(f"use: {result.hint}")
    if result.credit:
        lines.append(result.credit)
    if result.reason:
        lines.append(result.reason)
    return lines


def answer_shown(result: QuestionResult) -> str:
    """``answer 614,656`` or ``no answer given``."""
    return f"answer {result.answer}" if result.answer is not None else "no answer given"


# --- the terminal table ---------------------------------------------------------------------

def feedback_cell(result: QuestionResult, hidden: bool) -> Group:
    """The question, then its feedback lines; a derivation indented (also where it wraps)."""
    parts: list = [Text(one_line(result.text))]
    for line in feedback_lines(result):
        if line.startswith("  "):
            parts.append(Padding(Text(one_line(line.strip()), style="dim"), (0, 0, 0, 2)))
        else:
            parts.append(Text(one_line(line), style="green" if line.startswith("right:")
                              else "yellow"))
    if hidden and not result.correct and result.id != MALFORMED_ID:
        parts.append(Text(HIDDEN_NOTE, style="dim"))
    return Group(*parts)


def grading_table(grading: Grading) -> Table:
    table = Table(title=Text(one_line(heading(grading))), box=box.SIMPLE_HEAD, title_style="bold",
                  padding=(0, 1), pad_edge=False, show_edge=False)
    table.add_column("Q", style="cyan", no_wrap=True)
    table.add_column("Question", overflow="fold", ratio=3)
    table.add_column("Answer", overflow="fold", ratio=1)
    table.add_column("", no_wrap=True)
    table.add_column("Points", justify="right", no_wrap=True)
    for result in grading.results:
        table.add_row(Text(one_line(result.id)), feedback_cell(result, grading.hidden),
                      Text(one_line(result.answer)) if result.answer is not None else "—",
                      Text(mark(result), style="green" if result.correct else "red"),
                      f"{points_text(result.points)}/{points_text(result.max_points)}")
    return table


def print_grading(grading: Grading, console: Console) -> None:
    """The table, then the score."""
    style = "bold green" if grading.all_right else "bold"
    console.print(Group(grading_table(grading), Text(f"Score: {score_line(grading)}",
                                                      style=style)))


def warning_lines(grading: Grading) -> list[str]:
    """``warning: …`` per ignored part of the student's file, safe for a terminal."""
    return [f"warning: {one_line(warning)}" for warning in grading.warnings]


def key_table(grading: Grading) -> Table:
    """The answer key: every question's right answer and its derivation."""
    table = Table(title=Text(one_line(f"Answer key: {grading.title or grading.file}")),
                  box=box.SIMPLE_HEAD,
                  title_style="bold", padding=(0, 1), pad_edge=False, show_edge=False)
    table.add_column("Q", style="cyan", no_wrap=True)
    table.add_column("Question", overflow="fold", ratio=3)
    table.add_column("Answer", overflow="fold", ratio=2, style="green")
    table.add_column("Points", justify="right", no_wrap=True)
    for result in grading.results:
        parts: list = [Text(one_line(result.text))]
        if result.derivation:
            parts.append(Padding(Text(one_line(result.derivation), style="dim"), (0, 0, 0, 2)))
        if result.right is None and result.reason:
            parts.append(Text(one_line(result.reason), style="yellow"))
        table.add_row(Text(one_line(result.id)), Group(*parts),
                      Text(one_line(result.right)) if result.right is not None else "—",
                      points_text(result.max_points))
    return table


def print_key(grading: Grading, console: Console) -> None:
    console.print(Group(key_table(grading), Text(
        f"{len(grading.results)} questions, {points_text(grading.max_score)} points",
        style="bold")))


# --- JSON -----------------------------------------------------------------------------------

def result_dict(result: QuestionResult) -> dict:
    return {
        "id": result.id,
        "text": result.text,
        "asked": result.asked,
        "quantity": result.quantity,
        "find": result.find,
        "answer": result.answer,
        "correct": result.correct,
        "points": result.points,
        "max_points": result.max_points,
        "right": result.right,
        "right_value": json_value(result.right_value),
        "derivation": result.derivation,
        "hint": result.hint,
        "credit": result.credit,
        "reason": result.reason,
        "accepted": result.accepted,
        "note": result.note,
    }


def grading_dict(grading: Grading) -> dict:
    """The JSON form; the keys are listed in the module docstring and the README."""
    return {
        "file": grading.file,
        "title": grading.title,
        "student": grading.student,
        "hidden": grading.hidden,
        "key": grading.key,
        "score": grading.score,
        "max_score": grading.max_score,
        "right": grading.right_count,
        "questions": len(grading.results),
        "warnings": list(grading.warnings),
        "error": grading.error,
        "results": [result_dict(result) for result in grading.results],
    }


def json_value(value: Any) -> Any:
    """A right value as JSON data: a fraction (a receptive field's centre between pixels) as a
    float, the rest as it is."""
    if isinstance(value, list):
        return [json_value(item) for item in value]
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def grading_json(grading: Grading) -> str:
    return json_document(grading_dict(grading))


# --- the key as a filled answers file ------------------------------------------------------

def answer_value(result: QuestionResult) -> Any:
    """The right value as a student would write it in the file: ``55x55x96``, ``34944``, the
    first valid value of a ``find``; None when there is none."""
    value = result.right_value
    if result.find is not None:
        return value[0] if value else None
    if isinstance(value, list):
        return "x".join(map(str, value))
    return value


def filled_answers(document: dict, grading: Grading) -> str:
    """The answers file (`document`, as plain data) with every answer set to the right one: a
    key in the format `cnncalc check` reads (comments are not kept)."""
    filled = dict(document)
    filled["questions"] = [{**question, "answer": answer_value(result)}
                           for question, result in zip(document["questions"], grading.results)]
    return yaml.safe_dump(filled, sort_keys=False, allow_unicode=True, width=100)


# --- JUnit XML ------------------------------------------------------------------------------

def case_name(result: QuestionResult) -> str:
    return f"{result.id}: {result.text}"


def failure_message(result: QuestionResult, hidden: bool) -> str:
    """One line: what was answered, and the right value when it may be shown."""
    if result.id == MALFORMED_ID and result.reason:
        return result.reason
    answered = answer_shown(result)
    if result.right is not None:
        return f"{answered}; right: {result.right}"
    return f"{answered}; {HIDDEN_NOTE}" if hidden else answered


def junit_xml(grading: Grading) -> str:
    """``<testsuites><testsuite …><testcase classname name time>`` with a ``<failure>`` per
    wrong answer, as CI test-report viewers (GitLab, Jenkins, GitHub actions) read it; the
    warnings about the student's file in the suite's ``<system-err>``. Every text is
    `xml_safe`: ``xml.etree`` escapes markup but would write the characters XML forbids."""
    failures = str(len(grading.results) - grading.right_count)
    tests = str(len(grading.results))
    suites = ET.Element("testsuites", name="cnncalc check", tests=tests, failures=failures,
                        errors="0", time="0")
    suite = ET.SubElement(suites, "testsuite", name=xml_safe(grading.title or grading.file),
                          tests=tests, failures=failures, errors="0", skipped="0", time="0")
    classname = xml_safe(Path(grading.file).stem)
    for result in grading.results:
        case = ET.SubElement(suite, "testcase", classname=classname,
                             name=xml_safe(case_name(result)), time="0")
        if not result.correct:
            failure = ET.SubElement(case, "failure", type="wrong answer",
                                    message=xml_safe(failure_message(result, grading.hidden)))
            failure.text = xml_safe("\n".join(feedback_lines(result))) or None
        points = f"points: {points_text(result.points)} / {points_text(result.max_points)}"
        lines = [points] + (feedback_lines(result) if result.correct else [])
        ET.SubElement(case, "system-out").text = xml_safe("\n".join(lines))
    if grading.warnings:
        ET.SubElement(suite, "system-err").text = xml_safe("\n".join(
            f"warning: {warning}" for warning in grading.warnings))
    ET.indent(suites)
    return xml_document(ET.tostring(suites, encoding="unicode", xml_declaration=True)) + "\n"


# --- Gradescope -----------------------------------------------------------------------------

def gradescope_dict(grading: Grading, execution_time: float | None = None) -> dict:
    """Gradescope's autograder ``results.json`` (https://gradescope-autograders.readthedocs.io/
    en/latest/specs/): the total ``score``, ``execution_time`` (seconds) when given, an overall
    ``output`` (the score line and the warnings), ``output_format: text`` for it and for each
    test (no student text is read as HTML or Markdown; ``output``'s score line counts only the
    visible questions when some are not, as students always see it, and ``execution_time`` is
    whole seconds, so neither tells a hidden result), and one entry of ``tests`` per
    question (``name``, ``score``, ``max_score``, ``status``, ``output``,
    ``output_format``, ``visibility``: the question's, else ``visible``). The assignment's
    maximum is each test's ``max_score`` summed; the spec has no overall field for it, so it
    is kept in ``extra_data``. The autograder's stdout stays hidden from students
    (``stdout_visibility``): what they see is each test's ``output``."""
    tests = []
    for result in grading.results:
        lines = [f"{mark(result)} {answer_shown(result)}", *feedback_lines(result)]
        if grading.hidden and not result.correct and result.id != MALFORMED_ID:
            lines.append(HIDDEN_NOTE)
        tests.append({"name": case_name(result),
                      "score": result.points, "max_score": result.max_points,
                      "status": "passed" if result.correct else "failed",
                      "output": "\n".join(lines), "output_format": "text",
                      "visibility": result.visibility or "visible"})
    shown = [result for result in grading.results if (result.visibility or "visible")
             == "visible"]
    later = len(grading.results) - len(shown)
    # the overall output is always visible: a total over hidden questions would tell their
    # results (the total minus the visible ones)
    output = [f"{heading(grading)}: {score_line(grading)}" if not later else
              f"{heading(grading)}: {score_line(replace(grading, results=tuple(shown)))} (the "
              f"questions shown now; {later} more {'is' if later == 1 else 'are'} shown later)"]
    if grading.error:
        output.append(f"Your answers file could not be read: {grading.error}")
    output += [f"warning: {warning}" for warning in grading.warnings]
    results = {"score": grading.score, "output": "\n".join(output),
               "output_format": "text", "stdout_visibility": "hidden",
               "extra_data": {"max_score": grading.max_score}, "tests": tests}
    if execution_time is not None:  # whole seconds: milliseconds could tell a right answer
        results["execution_time"] = math.ceil(execution_time)
    return results


def gradescope_json(grading: Grading, execution_time: float | None = None) -> str:
    return json_document(gradescope_dict(grading, execution_time))
