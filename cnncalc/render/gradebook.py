"""A class's gradebook as CSV: cnncalc's own (a column a question), or Canvas's or Moodle's
import format (one column: the assignment's total).

- ``csv``: ``Student, ID, File, <each question id>, Total, Max, Note`` — one row a submission,
  the points each question scored; a malformed submission scores 0 with the message as its note.
- ``canvas``: the columns of Canvas's gradebook import, ``Student, ID, SIS User ID, SIS Login ID,
  Section, <assignment>``, then a ``Points Possible`` row; the submission's ``id:`` goes in
  ``SIS User ID`` (Canvas matches a row by ``ID``, ``SIS User ID`` or ``SIS Login ID``), the
  total in the assignment's column (named after the homework's title).
- ``moodle``: ``ID number, Full name, <assignment>, Feedback`` for Moodle's "Import grades: CSV
  file": map ``ID number`` to the user's ID number (or edit it to email or username) and the
  assignment column to its grade item.

Every text cell goes through `csv_cell` (a student called ``=cmd|…`` is text, not a formula);
rows follow the order the submissions were given (a shell glob sorts them).
"""

from __future__ import annotations

import csv
import io
from enum import Enum

from rich import box
from rich.table import Table
from rich.text import Text

from ..check.classroom import ClassGrading, Submission
from ..check.grade import points_text
from .escape import csv_cell, one_line
from .grading import grading_dict


class GradebookFormat(str, Enum):
    CSV = "csv"
    CANVAS = "canvas"
    MOODLE = "moodle"


def note_text(entry: Submission) -> str:
    """The row's note: a malformed file's message, and what was noted while grading."""
    return "; ".join([*([entry.error] if entry.error else []), *entry.notes])


def points_cell(points: int | float) -> str:
    return points_text(points)


def assignment_name(grading: ClassGrading) -> str:
    return grading.title or grading.questions_file


def csv_rows(grading: ClassGrading) -> list[list[str]]:
    rows = [["Student", "ID", "File", *map(csv_cell, grading.question_ids), "Total", "Max",
             "Note"]]
    maximum = points_cell(grading.max_score)
    for entry in grading.submissions:
        scored = ({result.id: result.points for result in entry.grading.results}
                  if entry.grading else {})
        rows.append([csv_cell(entry.student), csv_cell(entry.student_id or ""),
                     csv_cell(entry.file),
                     *(points_cell(scored.get(qid, 0)) for qid in grading.question_ids),
                     points_cell(entry.score), maximum, csv_cell(note_text(entry))])
    return rows


def canvas_rows(grading: ClassGrading) -> list[list[str]]:
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
             csv_cell(assignment_name(grading))],
            ["Points Possible", "", "", "", "", points_cell(grading.max_score)]]
    for entry in grading.submissions:
        rows.append([csv_cell(entry.student), "", csv_cell(entry.student_id or ""), "", "",
                     points_cell(entry.score)])
    return rows


def moodle_rows(grading: ClassGrading) -> list[list[str]]:
    rows = [["ID number", "Full name", csv_cell(assignment_name(grading)), "Feedback"]]
    for entry in grading.submissions:
        rows.append([csv_cell(entry.student_id or ""), csv_cell(entry.student),
                     points_cell(entry.score), csv_cell(note_text(entry))])
    return rows


ROWS = {GradebookFormat.CSV: csv_rows, GradebookFormat.CANVAS: canvas_rows,
        GradebookFormat.MOODLE: moodle_rows}


def gradebook_csv(grading: ClassGrading, form: GradebookFormat | str = GradebookFormat.CSV) -> str:
    """The gradebook in `form`, as CSV text (RFC 4180: quoted where needed, CRLF rows)."""
    out = io.StringIO()
    csv.writer(out).writerows(ROWS[GradebookFormat(form)](grading))
    return out.getvalue()


# --- on the terminal, and as JSON -----------------------------------------------------------

def class_table(grading: ClassGrading):
    """One line a submission: who, the score, and the note (for the terminal)."""
    title = Text(one_line(f"{assignment_name(grading)} — {len(grading.submissions)} "
                          "submissions"))   # Text: a title is never read as rich markup
    table = Table(title=title, box=box.SIMPLE_HEAD, title_style="bold",
                  padding=(0, 1), pad_edge=False, show_edge=False)
    table.add_column("Student", overflow="fold", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Note", overflow="fold", ratio=2)
    maximum = points_cell(grading.max_score)
    for entry in grading.submissions:
        table.add_row(Text(one_line(entry.student)), f"{points_cell(entry.score)}/{maximum}",
                      Text(one_line(note_text(entry)), style="yellow"))
    return table


def class_dict(grading: ClassGrading) -> dict:
    """``questions_file``, ``title``, ``max_score``, ``submissions[]`` (``file``, ``student``,
    ``id``, ``score``, ``error``, ``notes``, ``grading``: `grading_dict` or null)."""
    return {"questions_file": grading.questions_file, "title": grading.title,
            "max_score": grading.max_score,
            "submissions": [{"file": entry.file, "student": entry.student,
                             "id": entry.student_id, "score": entry.score,
                             "error": entry.error, "notes": list(entry.notes),
                             "grading": grading_dict(entry.grading) if entry.grading else None}
                            for entry in grading.submissions]}
