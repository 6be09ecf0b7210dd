"""The terminal table, drawn with rich: readable at 80 columns; input shapes and activations
appear when there is room (or with ``wide``)."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..report import Summary
from ..text import shape_text, thousands
from .cells import count_cell, input_cell, kind_cell, params_cell, title, totals_lines

WIDE_ENOUGH = 120


def summary_table(summary: Summary, wide: bool) -> Table:
    table = Table(title=title(summary), box=box.SIMPLE_HEAD, padding=(0, 1), show_footer=True,
                  title_style="bold", footer_style="bold")
    totals = summary.totals
    table.add_column("Layer", "Total", overflow="fold", style="cyan")
    table.add_column("Kind", overflow="fold")
    if wide:
        table.add_column("Input", overflow="fold")
    table.add_column("Output", overflow="fold")
    table.add_column("Params", thousands(totals.params), justify="right", no_wrap=True)
    table.add_column("Mults", thousands(totals.mults), justify="right", no_wrap=True)
    if wide:
        table.add_column("Activations", thousands(totals.activations), justify="right",
                         no_wrap=True)
    for row in summary.layers:
        cells = [row.name, kind_cell(row)]
        if wide:
            cells.append(input_cell(row))
        cells += [shape_text(row.output_shape), params_cell(row), count_cell(row.mults)]
        if wide:
            cells.append(thousands(row.activations))
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
    note = Text("Params a + b: a trainable + b non-trainable (BatchNorm running statistics). "
                "Mults: multiply-accumulates of conv and fc layers.", style="dim")
    parts = [summary_table(summary, wide), totals_grid(summary), note]
    if summary.source:
        parts.append(Text(f"Source: {summary.source}", style="dim"))
    console.print(Group(*parts))
