"""The terminal table, drawn with rich: readable at 80 columns; input shapes and activations
appear when there is room (or with ``wide``)."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..conventions import convention_named
from ..report import Summary
from ..text import shape_text, thousands
from .cells import (convention_line, count_cell, counted_header, input_cell, kind_cell,
                    params_cell, title, totals_lines)

WIDE_ENOUGH = 120
GAP = 2
"""Spaces between columns: the box's separator and one of padding."""
FLEXIBLE_MIN = {"Layer": 12, "Kind": 14, "Input": 12}


def column_cells(summary: Summary, wide: bool) -> list[tuple[str, list[str], str, bool]]:
    """(header, cells, footer, is_number) for each column, in order."""
    totals, rows = summary.totals, summary.layers
    columns = [("Layer", [row.name for row in rows], "Total", False),
               ("Kind", [kind_cell(row) for row in rows], "", False)]
    if wide:
        columns.append(("Input", [input_cell(row) for row in rows], "", False))
    columns += [("Output", [shape_text(row.output_shape) for row in rows], "", False),
                ("Params", [params_cell(row) for row in rows], thousands(totals.params), True),
                (counted_header(summary), [count_cell(row.mults) for row in rows],
                 thousands(totals.mults), True)]
    if wide:
        columns.append(("Activations", [thousands(row.activations) for row in rows],
                        thousands(totals.activations), True))
    return columns


def widths(columns, width: int) -> list[int]:
    """Numbers and output shapes as wide as their longest cell; the text columns share what is
    left of `width`: kind and input (which read fine over two lines) give way first, the widest
    first, and a layer's name — what a student looks up — only when they cannot."""
    natural = [max(len(text) for text in [header, footer, *cells])
               for header, cells, footer, _ in columns]
    flexible = [index for index, (header, _, _, _) in enumerate(columns)
                if header in FLEXIBLE_MIN]
    left = width - GAP * (len(columns) - 1) - sum(
        size for index, size in enumerate(natural) if index not in flexible)
    sizes = list(natural)
    while sum(sizes[index] for index in flexible) > left:
        can_give = [index for index in flexible
                    if sizes[index] > FLEXIBLE_MIN[columns[index][0]]]
        if not can_give:
            break  # the terminal is too narrow for anything better: rich folds the rest
        others = [index for index in can_give if columns[index][0] != "Layer"]
        index = max(others or can_give,
                    key=lambda i: sizes[i] - FLEXIBLE_MIN[columns[i][0]])
        sizes[index] -= 1
    return sizes


def summary_table(summary: Summary, wide: bool, width: int = 80) -> Table:
    columns = column_cells(summary, wide)
    table = Table(title=title(summary), box=box.SIMPLE_HEAD, padding=(0, 0, 0, GAP - 1),
                  pad_edge=False, show_edge=False, show_footer=True, title_style="bold",
                  footer_style="bold")
    for (header, _, footer, is_number), size in zip(columns, widths(columns, width)):
        table.add_column(header, footer, width=size, overflow="fold",
                         justify="right" if is_number else "left",
                         style="cyan" if header == "Layer" else None)
    for cells in zip(*(cells for _, cells, _, _ in columns)):
        table.add_row(*cells)
    return table


def totals_grid(summary: Summary) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in totals_lines(summary):
        grid.add_row(label, value)
    return grid


def print_summary(summary: Summary, console: Console, wide: bool | None = None) -> None:
    """Print the table and the totals block to `console`."""
    if wide is None:
        wide = console.width >= WIDE_ENOUGH
    notes = []
    if convention_named(summary.convention).bn_statistics:
        notes.append("Params a + b: a trainable + b non-trainable (BatchNorm running statistics).")
    if counted_header(summary) == "Mults":
        notes.append("Mults: multiply-accumulates of conv and fc layers.")
    parts = [summary_table(summary, wide, console.width), totals_grid(summary),
             Text(convention_line(summary))]
    if notes:
        parts.append(Text(" ".join(notes), style="dim"))
    if summary.source:
        parts.append(Text(f"Source: {summary.source}", style="dim"))
    console.print(Group(*parts))
