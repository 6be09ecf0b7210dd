"""Document-friendly views: CSV and Markdown (JSON is `jsontext.dumps` of `report.as_dict`)."""

from __future__ import annotations

import csv
import io

from ..report import Summary
from .cells import convention_line, title, totals_lines, warning_texts
from .columns import CSV, DOCUMENT, Column, Count, exact, with_rf
from .escape import csv_cell, markdown_cell


def csv_value(value):
    """A CSV field: a number as is, text through `csv_cell` (no formula a spreadsheet runs)."""
    return csv_cell(value) if isinstance(value, str) else value


def to_csv(summary: Summary, rf: bool = False, columns: tuple[Column, ...] | None = None) -> str:
    """One row per layer, exact numbers; shapes as ``55x55x96``, input names joined by ``+``,
    every text field through `escape.csv_cell`. By default the fields of `columns.CSV` (with
    `rf`, then the receptive field's); `columns` chooses others, each bringing its own fields."""
    columns = columns or (with_rf(CSV) if rf else CSV)
    per_column = [column.value.fields(summary) for column in columns]
    records = [{key: csv_value(value) for fields in row for key, value in fields.items()}
               for row in zip(*per_column)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]) if records else [],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def markdown_row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def to_markdown(summary: Summary, rf: bool = False, columns: tuple[Column, ...] | None = None,
                count: Count = exact) -> str:
    """The layer table and totals; with `rf` the RF and Jump columns after the output. Every
    text through `escape.markdown_cell`: a name holding a pipe or a newline stays one cell."""
    columns = columns or (with_rf(DOCUMENT) if rf else DOCUMENT)
    views = [column.value for column in columns]
    lines = [f"### {markdown_cell(title(summary))}", ""]
    if summary.source:
        lines += [f"*{markdown_cell(summary.source)}*", ""]
    lines += [markdown_row([markdown_cell(view.title(summary)) for view in views]),
              "|" + "|".join("--:" if view.is_number else "---" for view in views) + "|"]
    cells = [view.cells(summary, count) for view in views]
    lines += [markdown_row([markdown_cell(text) for text in row]) for row in zip(*cells)]
    lines.append(markdown_row([f"**{text}**" if text else ""
                               for text in (view.total(summary, count) for view in views)]))
    lines.append("")
    lines += [f"- **{label}:** {value}" for label, value in totals_lines(summary)]
    lines += ["", convention_line(summary)]
    lines += [f"\n**{markdown_cell(text)}**" for text in warning_texts(summary.warnings)]
    return "\n".join(lines) + "\n"
