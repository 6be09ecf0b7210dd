"""The terminal table, drawn with rich: readable at 80 columns; input shapes and activations
appear when there is room (or with ``wide``), share-of-total bars too. Every cell is plain
`Text`, so a layer named ``[red]x`` shows literally; every text passes `escape.one_line`, so a
name's escape sequences, line breaks and bidi overrides show as visible escapes (``\x1b``); and
we break long cells ourselves (`wrap`) so that nothing is cut mid-word."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ..report import Summary
from .cells import RF_NOTE, convention_line, table_notes, title, totals_lines, warning_texts
from .columns import NARROW, WIDE, Column, Count, exact, with_rf
from .escape import one_line
from .wrap import fold, wrap_name, wrap_words

WIDE_ENOUGH = 120
GAP = 2
"""Spaces between columns: the box's separator and one of padding."""
FLEXIBLE_MIN = {"Layer": 12, "Kind": 14, "Input": 12}
FLEXIBLE_MIN_WITH_RF = {**FLEXIBLE_MIN, "Kind": 9}
"""With the two receptive-field columns the kind wraps over more lines, so the numbers fit."""
FAST_ROWS = 500
"""From this many rows on, a table printed without colour is written by `PlainTable`."""
BAR_WIDTH = 8
EIGHTHS = " ▏▎▍▌▋▊▉"
BARS_NOTE = "Bars: each layer's share of the total parameters and of the total multiplications."
BARRED = {Column.PARAMS: "params", Column.MULTS: "mults"}
"""The columns followed by a share-of-total bar, and the count the bar shows."""


def bar(share: float, width: int = BAR_WIDTH) -> str:
    """A bar `width` characters long at ``share == 1``, in eighths of a character; any share
    above zero shows at least a sliver.

    >>> bar(0.5), bar(0.0), bar(0.001)
    ('████', '', '▏')
    """
    eighths = round(share * width * 8)
    if share > 0 and eighths == 0:
        eighths = 1
    full, rest = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[rest] if rest else "")


def bar_cells(summary: Summary, attribute: str) -> list[str]:
    total = getattr(summary.totals, attribute)
    return [bar(getattr(row, attribute) / total if total else 0) for row in summary.layers]


def column_cells(summary: Summary, columns: tuple[Column, ...], count: Count = exact,
                 bars: bool = False) -> list[tuple[str, list[str], str, Column | None]]:
    """(header, cells, footer, column) in order; a bar column (column None) follows params
    and mults when `bars`. The text columns' cells are `one_line`: a name is a layer's own."""
    result = []
    for column in columns:
        view = column.value
        cells = view.cells(summary, count)
        if not view.is_number:  # numbers are cnncalc's own digits
            cells = [one_line(text) for text in cells]
        result.append((view.title(summary), cells, view.total(summary, count), column))
        if bars and column in BARRED:
            result.append(("", bar_cells(summary, BARRED[column]), "", None))
    return result


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


WRAPS = {"name": wrap_name, "words": wrap_words}


def wrapped(text: str, column: Column | None, size: int) -> str:
    how = WRAPS.get(column.value.wraps) if column else None
    return how(text, size) if how else text


def summary_table(summary: Summary, columns: tuple[Column, ...], width: int = 80,
                  count: Count = exact, bars: bool = False) -> Table:
    cells = column_cells(summary, columns, count, bars)
    table = Table(title=Text(one_line(title(summary))), box=box.SIMPLE_HEAD, padding=(0, 0, 0, GAP - 1),
                  pad_edge=False, show_edge=False, show_footer=True, title_style="bold",
                  footer_style="bold")
    rf = Column.RF in columns or Column.JUMP in columns
    sizes = widths(cells, width, FLEXIBLE_MIN_WITH_RF if rf else FLEXIBLE_MIN)
    for (header, _, footer, column), size in zip(cells, sizes):
        is_number = column.value.is_number if column else False
        table.add_column(Text(header), Text(footer), width=size, overflow="fold",
                         justify="right" if is_number else "left",
                         style="magenta" if column is None else
                         "cyan" if column is Column.NAME else None)
    for index in range(len(summary.layers)):
        table.add_row(*(Text(wrapped(texts[index], column, size))
                        for (_, texts, _, column), size in zip(cells, sizes)))
    return table


class PlainTable:
    """The text `summary_table` renders, for a console without colour, written line by line: a
    rich `Table` costs about 0.3 ms a row, this a few µs. The title centred over the table, the
    header, a rule, the rows (each cell wrapped as `summary_table` wraps it, and folded where a
    line is still too long, as rich's ``overflow="fold"``), a blank line and the footer, every
    line padded to the table's width. A test proves it prints what rich does."""

    def __init__(self, summary: Summary, columns: tuple[Column, ...], width: int,
                 count: Count = exact, bars: bool = False):
        self.cells = column_cells(summary, columns, count, bars)
        rf = Column.RF in columns or Column.JUMP in columns
        self.sizes = widths(self.cells, width, FLEXIBLE_MIN_WITH_RF if rf else FLEXIBLE_MIN)
        self.title = one_line(title(summary))
        self.width = sum(self.sizes) + GAP * (len(self.sizes) - 1)
        self.rows = len(summary.layers)
        self.layout = [(column, size, column is not None and column.value.is_number)
                       for (_, _, _, column), size in zip(self.cells, self.sizes)]

    def fits(self, console: Console) -> bool:
        """Whether the rich `Table` would lay out exactly these widths: no colour, the table
        within the console and its title on one line."""
        return (console.color_system is None and self.width <= console.width
                and cell_len(self.title) <= self.width)

    def text(self, rule: str) -> str:
        """Every line of the table, each ending in a newline; `rule` draws the header's rule."""
        excess = self.width - cell_len(self.title)
        lines = [" " * (excess // 2) + self.title + " " * (excess - excess // 2)]
        lines += self.row_lines([header for header, _, _, _ in self.cells], wrap=False)
        lines.append(rule * self.width)
        # A cell's lines depend only on its text and its column: each distinct text of a
        # column is wrapped and justified once (kinds, shapes and counts repeat down a table).
        columns = []
        for (_, texts, _, _), (column, size, right) in zip(self.cells, self.layout):
            memo: dict[str, list[str]] = {}
            blocks = []
            for text in texts:
                block = memo.get(text)
                if block is None:
                    block = memo[text] = self.block(text, column, size, right, True)
                blocks.append(block)
            columns.append(blocks)
        gap = " " * GAP
        for blocks in zip(*columns):
            lines += self.joined(blocks, gap)
        lines.append(" " * self.width)
        lines += self.row_lines([footer for _, _, footer, _ in self.cells], wrap=False)
        return "\n".join(lines) + "\n"

    def __rich_console__(self, console: Console, options):
        rule = box.SIMPLE_HEAD.substitute(options, safe=console.safe_box).head_row_horizontal
        yield Segment(self.text(rule))

    @staticmethod
    def block(text: str, column: Column | None, size: int, right: bool,
              wrap: bool) -> list[str]:
        """One cell's lines, each justified to the column's `size`."""
        if len(text) <= size and text.isascii() and text.isprintable():
            # the usual cell: one line that fits, one terminal cell per character (the wraps
            # leave a text that fits as it is), so no wrapping or measuring
            padding = " " * (size - len(text))
            return [padding + text] if right else [text + padding]
        text = wrapped(text, column, size) if wrap else text
        lines = [piece for line in text.split("\n")
                 for piece in ([line] if cell_len(line) <= size else fold(line, size))]
        return [(" " * (size - cell_len(line)) + line) if right else
                (line + " " * (size - cell_len(line))) for line in lines]

    def joined(self, blocks, gap: str) -> list[str]:
        """The lines of one row from its cells' blocks, the columns joined by the gap."""
        height = max(map(len, blocks))
        if height == 1:
            return [gap.join([block[0] for block in blocks])]
        return [gap.join(block[line] if line < len(block) else " " * size
                         for block, size in zip(blocks, self.sizes)) for line in range(height)]

    def row_lines(self, texts, wrap: bool = True) -> list[str]:
        """One row: each cell's lines justified in its column, the columns joined by the gap."""
        return self.joined([self.block(text, column, size, right, wrap)
                            for text, (column, size, right) in zip(texts, self.layout)],
                           " " * GAP)


def totals_grid(summary: Summary) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in totals_lines(summary):
        grid.add_row(label, Text(value))
    return grid


def default_columns(wide: bool, rf: bool) -> tuple[Column, ...]:
    columns = WIDE if wide else NARROW
    return with_rf(columns) if rf else columns


def print_summary(summary: Summary, console: Console, wide: bool | None = None,
                  rf: bool = False, columns: tuple[Column, ...] | None = None,
                  count: Count = exact, bars: bool | None = None) -> None:
    """Print the table and the totals block to `console`. `columns` replaces the default set
    (`wide` and `rf` choose it); `bars` defaults to on at `WIDE_ENOUGH` columns."""
    if wide is None:
        wide = console.width >= WIDE_ENOUGH
    if bars is None:
        bars = console.width >= WIDE_ENOUGH
    columns = columns or default_columns(wide, rf)
    table = None
    if len(summary.layers) >= FAST_ROWS:
        table = PlainTable(summary, columns, console.width, count, bars)
        table = table if table.fits(console) else None
    if table is None:
        table = summary_table(summary, columns, console.width, count, bars)
    parts = [totals_grid(summary), Text(convention_line(summary))]
    if isinstance(table, PlainTable):
        # its lines are the table's width, within the console's (`fits`): nothing to crop, so
        # rich need not measure each line again
        console.print(table, crop=False)
    else:
        parts.insert(0, table)
    notes = table_notes(summary)
    if notes:
        parts.append(Text(notes, style="dim"))
    if bars and any(column in BARRED for column in columns):
        parts.append(Text(BARS_NOTE, style="dim"))
    if Column.RF in columns or Column.JUMP in columns:
        parts.append(Text(RF_NOTE, style="dim"))
    if summary.source:
        parts.append(Text(f"Source: {one_line(summary.source)}", style="dim"))
    parts += [Text(one_line(text), style="yellow") for text in warning_texts(summary.warnings)]
    console.print(Group(*parts))
