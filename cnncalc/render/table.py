"""The terminal table, drawn with rich: readable at 80 columns; input shapes and activations
appear when there is room (or with ``wide``).

A rich `Table` costs about 0.3 ms a row, so a table of more than `FAST_ROWS` rows printed
without colour (to a file or a pipe) is written line by line by `PlainTable` instead: the same
text, character for character (a test proves it on every bundled spec), at a few µs a row."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ..report import Summary
from ..text import shape_text, thousands
from .cells import (count_cell, input_cell, jump_cell, kind_cell, params_cell, rf_cell, title,
                    totals_lines)

WIDE_ENOUGH = 120
GAP = 2
"""Spaces between columns: the box's separator and one of padding."""
FLEXIBLE_MIN = {"Layer": 12, "Kind": 14, "Input": 12}
FLEXIBLE_MIN_WITH_RF = {**FLEXIBLE_MIN, "Kind": 9}
"""With the two receptive-field columns the kind wraps over more lines, so the numbers fit."""
FAST_ROWS = 500
"""From this many rows on, a table printed without colour is written by `PlainTable`."""
RF_NOTE = ("RF: the input pixels one output sees per axis (one number when square); Jump: the "
           "input pixels between neighbouring outputs; global: every output sees the whole input.")


def column_cells(summary: Summary, wide: bool,
                 rf: bool = False) -> list[tuple[str, list[str], str, bool]]:
    """(header, cells, footer, is_number) for each column, in order; with `rf` the receptive
    field size and jump after the output shape."""
    totals, rows = summary.totals, summary.layers
    columns = [("Layer", [row.name for row in rows], "Total", False),
               ("Kind", [kind_cell(row) for row in rows], "", False)]
    if wide:
        columns.append(("Input", [input_cell(row) for row in rows], "", False))
    columns.append(("Output", [shape_text(row.output_shape) for row in rows], "", False))
    if rf:
        columns += [("RF", [rf_cell(row) for row in rows], "", True),
                    ("Jump", [jump_cell(row) for row in rows], "", True)]
    columns += [("Params", [params_cell(row) for row in rows], thousands(totals.params), True),
                ("Mults", [count_cell(row.mults) for row in rows], thousands(totals.mults), True)]
    if wide:
        columns.append(("Activations", [thousands(row.activations) for row in rows],
                        thousands(totals.activations), True))
    return columns


def widths(columns, width: int, minimums: dict[str, int] = FLEXIBLE_MIN) -> list[int]:
    """Numbers and output shapes as wide as their longest cell; the text columns share what is
    left of `width`: kind and input (which read fine over two lines) give way first, the widest
    first, and a layer's name — what a student looks up — only when they cannot."""
    natural = [max(len(text) for text in [header, footer, *cells])
               for header, cells, footer, _ in columns]
    flexible = [index for index, (header, _, _, _) in enumerate(columns)
                if header in minimums]
    left = width - GAP * (len(columns) - 1) - sum(
        size for index, size in enumerate(natural) if index not in flexible)
    sizes = list(natural)
    while sum(sizes[index] for index in flexible) > left:
        can_give = [index for index in flexible
                    if sizes[index] > minimums[columns[index][0]]]
        if not can_give:
            break  # the terminal is too narrow for anything better: rich folds the rest
        others = [index for index in can_give if columns[index][0] != "Layer"]
        index = max(others or can_give,
                    key=lambda i: sizes[i] - minimums[columns[i][0]])
        sizes[index] -= 1
    return sizes


def summary_table(summary: Summary, wide: bool, width: int = 80, rf: bool = False) -> Table:
    columns = column_cells(summary, wide, rf)
    table = Table(title=title(summary), box=box.SIMPLE_HEAD, padding=(0, 0, 0, GAP - 1),
                  pad_edge=False, show_edge=False, show_footer=True, title_style="bold",
                  footer_style="bold")
    sizes = widths(columns, width, FLEXIBLE_MIN_WITH_RF if rf else FLEXIBLE_MIN)
    for (header, _, footer, is_number), size in zip(columns, sizes):
        table.add_column(header, footer, width=size, overflow="fold",
                         justify="right" if is_number else "left",
                         style="cyan" if header == "Layer" else None)
    for cells in zip(*(cells for _, cells, _, _ in columns)):
        table.add_row(*cells)
    return table


class PlainTable:
    """The text `summary_table` renders, for a console without colour: the title centred over
    the table, the header, a rule, the rows (a cell too long for its column wrapped by rich's
    own `Text.wrap`, as the `Table` would), a blank line and the footer, every line padded to
    the table's width."""

    def __init__(self, summary: Summary, wide: bool, width: int, rf: bool):
        self.columns = column_cells(summary, wide, rf)
        self.sizes = widths(self.columns, width, FLEXIBLE_MIN_WITH_RF if rf else FLEXIBLE_MIN)
        self.title = title(summary)
        self.width = sum(self.sizes) + GAP * (len(self.sizes) - 1)

    def fits(self, console: Console) -> bool:
        """Whether the rich `Table` would lay out exactly these widths: it fits the console
        and so does its title on one line."""
        return (console.color_system is None and self.width <= console.width
                and cell_len(self.title) <= self.width)

    def __rich_console__(self, console: Console, options):
        rule = box.SIMPLE_HEAD.substitute(options, safe=console.safe_box).head_row_horizontal
        excess = self.width - cell_len(self.title)
        lines = [" " * (excess // 2) + self.title + " " * (excess - excess // 2)]
        lines += self.row_lines(console, [header for header, _, _, _ in self.columns])
        lines.append(rule * self.width)
        for cells in zip(*(cells for _, cells, _, _ in self.columns)):
            lines += self.row_lines(console, cells)
        lines.append(" " * self.width)
        lines += self.row_lines(console, [footer for _, _, footer, _ in self.columns])
        newline = Segment.line()
        for line in lines:
            yield Segment(line)
            yield newline

    def row_lines(self, console: Console, cells) -> list[str]:
        """One table row: each cell justified in its column, after the gap (the first has
        none); a cell wider than its column folds over several lines."""
        columns, sizes = self.columns, self.sizes
        parts, folded = [], None
        for index, (cell, size) in enumerate(zip(cells, sizes)):
            pad = size - cell_len(cell)
            if pad < 0:
                folded = folded or {}
                folded[index] = self.wrapped(console, cell, size, columns[index][3])
                parts.append(folded[index][0])
            else:
                parts.append(" " * pad + cell if columns[index][3] else cell + " " * pad)
        gap = " " * GAP
        if folded is None:
            return [gap.join(parts)]
        height = max(len(lines) for lines in folded.values())
        rows = []
        for line in range(height):
            rows.append(gap.join(
                (folded[index][line] if line < len(folded[index]) else " " * size)
                if index in folded else (parts[index] if line == 0 else " " * size)
                for index, size in enumerate(sizes)))
        return rows

    @staticmethod
    def wrapped(console: Console, cell: str, size: int, is_number: bool) -> list[str]:
        justify = "right" if is_number else "left"
        lines = Text(cell).wrap(console, size, justify=justify, overflow="fold")
        return [line.plain + " " * (size - cell_len(line.plain)) if not is_number else
                " " * (size - cell_len(line.plain)) + line.plain for line in lines]


def totals_grid(summary: Summary) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in totals_lines(summary):
        grid.add_row(label, value)
    return grid


def print_summary(summary: Summary, console: Console, wide: bool | None = None,
                  rf: bool = False) -> None:
    """Print the table and the totals block to `console`; `rf` adds the receptive field."""
    if wide is None:
        wide = console.width >= WIDE_ENOUGH
    note = Text("Params a + b: a trainable + b non-trainable (BatchNorm running statistics). "
                "Mults: multiply-accumulates of conv and fc layers.", style="dim")
    table = PlainTable(summary, wide, console.width, rf) if len(summary.layers) >= FAST_ROWS \
        else None
    if table is None or not table.fits(console):
        table = summary_table(summary, wide, console.width, rf)
    parts = [table, totals_grid(summary), note]
    if rf:
        parts.append(Text(RF_NOTE, style="dim"))
    if summary.source:
        parts.append(Text(f"Source: {summary.source}", style="dim"))
    console.print(Group(*parts))
