"""A student's question sheet: their variant of the homework, questions only (no answers), as
Markdown, one HTML page or a LaTeX document (``cnncalc quiz hw.yaml --student ID``).

The sheet lists each network the questions ask about — its input and every layer's kind and
settings, the way `cnncalc summarize` names them, but none of the numbers — then the questions
with their points. Every text goes through `markdown_cell`, `html` or `latex`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..calculator import summarize
from ..check.answerfile import Homework
from ..check.grade import grade, points_text
from ..text import shape_text
from .escape import html, latex, markdown_cell


@dataclass(frozen=True)
class SheetNetwork:
    name: str
    input: str
    layers: tuple[tuple[str, str], ...]
    """(layer name, kind and settings) in evaluation order."""


@dataclass(frozen=True)
class SheetQuestion:
    id: str
    text: str
    points: str


@dataclass(frozen=True)
class QuestionSheet:
    title: str
    student: str | None
    networks: tuple[SheetNetwork, ...]
    questions: tuple[SheetQuestion, ...]


def question_sheet(homework: Homework, student: str | None) -> QuestionSheet:
    """The sheet of `homework` (one student's variant) for `student`: no answer in it."""
    used = []
    for question in homework.questions:
        if question.network_name is not None and question.network_name not in used:
            used.append(question.network_name)
    networks = []
    for name in used:
        summary = summarize(homework.networks[name])
        networks.append(SheetNetwork(
            name=name, input=shape_text(summary.input_shape),
            layers=tuple((row.name, f"{row.kind} {row.summary}".strip())
                         for row in summary.layers)))
    questions = tuple(SheetQuestion(result.id, result.text, points_text(result.max_points))
                      for result in grade(homework).results)
    return QuestionSheet(homework.title or homework.file, student, tuple(networks), questions)


def points_word(points: str) -> str:
    return f"{points} point" + ("" if points == "1" else "s")


# --- Markdown -------------------------------------------------------------------------------

def sheet_markdown(sheet: QuestionSheet) -> str:
    md = markdown_cell
    lines = [f"# {md(sheet.title)}", ""]
    if sheet.student:
        lines += [f"Student: {md(sheet.student)}", ""]
    for network in sheet.networks:
        lines += [f"## Network {md(network.name)} — input {md(network.input)}", "",
                  "| Layer | Kind and settings |", "|---|---|"]
        lines += [f"| {md(name)} | {md(what)} |" for name, what in network.layers]
        lines.append("")
    lines += ["## Questions", ""]
    for question in sheet.questions:
        lines += [f"**{md(question.id)}** ({points_word(question.points)}) {md(question.text)}",
                  ""]
    return "\n".join(lines)


# --- HTML -----------------------------------------------------------------------------------

STYLE = """body{font-family:system-ui,sans-serif;margin:2em auto;max-width:48em;color:#222}
table{border-collapse:collapse}th,td{border-bottom:1px solid #ccc;padding:.2em .6em;
text-align:left}dt{font-weight:bold;margin-top:.8em}dd{margin-left:2em}"""


def sheet_html(sheet: QuestionSheet) -> str:
    """One self-contained page: inline style, no script."""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">'
             f"<title>{html(sheet.title)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{html(sheet.title)}</h1>"]
    if sheet.student:
        parts.append(f"<p>Student: {html(sheet.student)}</p>")
    for network in sheet.networks:
        parts.append(f"<h2>Network {html(network.name)} — input {html(network.input)}</h2>")
        parts.append("<table><tr><th>Layer</th><th>Kind and settings</th></tr>")
        parts += [f"<tr><td>{html(name)}</td><td>{html(what)}</td></tr>"
                  for name, what in network.layers]
        parts.append("</table>")
    parts.append("<h2>Questions</h2><dl>")
    for question in sheet.questions:
        parts.append(f"<dt>{html(question.id)} ({points_word(question.points)})</dt>"
                     f"<dd>{html(question.text)}</dd>")
    parts += ["</dl>", "</body></html>"]
    return "\n".join(parts) + "\n"


# --- LaTeX ----------------------------------------------------------------------------------

UNICODE_MATH = {"⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil",
                "≤": r"\leq", "≥": r"\geq", "≈": r"\approx", "²": "^2", "³": "^3",
                "→": r"\to", "′": r"'", "…": r"\dots"}
"""Characters the questions use that pdflatex's utf8 input does not know, written as math."""
_PRINTABLE = re.compile(r"[^\x20-\x7e\u00a0-\u00ff]")


def tex(text: str) -> str:
    """`latex`, then each character pdflatex could not typeset: the known symbols as math, any
    other as ``?`` (so a hostile name can never stop the document compiling)."""
    escaped = latex(text)

    def known(match: re.Match) -> str:
        char = match.group()
        return f"${UNICODE_MATH[char]}$" if char in UNICODE_MATH else "?"

    return _PRINTABLE.sub(known, escaped)


def sheet_latex(sheet: QuestionSheet) -> str:
    """A complete document for pdflatex (article class, utf8 input, T1 fonts; a network's
    layers in a longtable, which breaks across pages: ResNet-50 has 175 rows)."""
    lines = [r"\documentclass[11pt]{article}", r"\usepackage[utf8]{inputenc}",
             r"\usepackage[T1]{fontenc}", r"\usepackage[margin=2.5cm]{geometry}",
             r"\usepackage{longtable}",
             r"\begin{document}", rf"\section*{{{tex(sheet.title)}}}"]
    if sheet.student:
        lines.append(rf"\noindent Student: {tex(sheet.student)}")
    for network in sheet.networks:
        lines += [rf"\subsection*{{Network {tex(network.name)} --- input {tex(network.input)}}}",
                  r"\begin{longtable}{ll}", r"\hline", r"Layer & Kind and settings \\", r"\hline",
                  r"\endhead"]
        lines += [rf"{tex(name)} & {tex(what)} \\" for name, what in network.layers]
        lines += [r"\hline", r"\end{longtable}"]
    lines += [r"\subsection*{Questions}", r"\begin{description}"]
    for question in sheet.questions:
        lines.append(rf"\item[{tex(question.id)}] ({points_word(question.points)}) "
                     f"{tex(question.text)}")
    lines += [r"\end{description}", r"\end{document}"]
    return "\n".join(lines) + "\n"


FORMATS = {"markdown": sheet_markdown, "html": sheet_html, "latex": sheet_latex}
