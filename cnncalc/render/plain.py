"""Document-friendly views: CSV and Markdown (JSON is `jsontext.dumps` of `report.as_dict`)."""

from __future__ import annotations

import csv
import io

from ..report import Summary
from .cells import convention_line, title, totals_lines
from .columns import CSV, DOCUMENT, Column, Count, exact, with_rf

def to_csv(summary: Summary, rf: bool = False, columns: tuple[Column, ...] | None = None) -> str:
    """One row per layer, exact numbers; shapes as ``55x55x96``, input names joined by ``+``.
    By default the fields of `columns.CSV` (with `rf`, then the receptive field's); `columns` chooses
    others, each bringing its own fields."""
    columns = columns or (with_rf(CSV) if rf else CSV)
    per_column = [column.value.fields(summary) for column in columns]
    records = [{key: value for fields in row for key, value in fields.items()}
               for row in zip(*per_column)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]) if records else [],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


MARKDOWN_SPECIALS = str.maketrans({"|": r"\|", "\\": "\\\\", "*": r"\*", "`": r"\`",
                                   "<": "&lt;", ">": "&gt;", "[": r"\[", "]": r"\]"})


def markdown_text(text: str) -> str:
    r"""A cell's text with Markdown's and HTML's specials made literal.

    >>> markdown_text("a|b <script>")
    'a\\|b &lt;script&gt;'
    """
    return text.translate(MARKDOWN_SPECIALS)


def markdown_row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def to_markdown(summary: Summary, rf: bool = False, columns: tuple[Column, ...] | None = None,
                count: Count = exact) -> str:
    """The layer table and totals; with `rf` the RF and Jump columns after the output."""
    columns = columns or (with_rf(DOCUMENT) if rf else DOCUMENT)
    views = [column.value for column in columns]
    lines = [f"### {markdown_text(title(summary))}", ""]
    if summary.source:
        lines += [f"*{markdown_text(summary.source)}*", ""]
    lines += [markdown_row([view.title(summary) for view in views]),
              "|" + "|".join("--:" if view.is_number else "---" for view in views) + "|"]
    cells = [view.cells(summary, count) for view in views]
    lines += [markdown_row([markdown_text(text) for text in row]) for row in zip(*cells)]
    lines.append(markdown_row([f"**{text}**" if text else ""
                               for text in (view.total(summary, count) for view in views)]))
    lines.append("")
    lines += [f"- **{label}:** {value}" for label, value in totals_lines(summary)]
    lines += ["", convention_line(summary)]
    return "\n".join(lines) + "\n"
