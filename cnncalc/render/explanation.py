"""The explanation of one layer: its input and output, the formula behind each number with this
layer's numbers put in, and the teaching notes computed for it. Used by `explain`, the one-layer
calculators and homework feedback, so a formula reads the same everywhere.

`print_explanations` writes many layers as plain lines where rich would draw exactly those
lines (no colour, nothing rich would read as markup, a heading that fits): rich lays out a
table per layer at about 2 ms each, which made ``explain`` of 100,000 layers take minutes."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ..report import LayerRow
from ..text import shape_text
from .cells import field_text, kind_cell

FORMULA_ROWS = (("output", "Output size"), ("params", "Parameters"),
                ("mults", "Multiplications"))
GAP = 2
"""Spaces between the label and its text (the grid's padding)."""
RICH_READS = re.compile(r"\[|:\S*:")
"""What rich would read in a cell's text as markup (``[bold]``) or an emoji code (``:x:``)."""
FLUSH_ROWS = 500
"""Plain explanations are printed in batches of this many layers (bounded memory)."""


def grid_rows(row: LayerRow) -> list[tuple[str, str]]:
    """(label, text) lines of the grid: input, output, each formula, the receptive field and
    its warnings, the notes."""
    rows = [("Input", " + ".join(shape_text(shape) for shape in row.input_shapes)),
            ("Output", shape_text(row.output_shape))]
    rows += [(label, row.formulas[key]) for key, label in FORMULA_ROWS if key in row.formulas]
    if row.receptive_field is not None:
        rows.append(("Receptive field", field_text(row.receptive_field)))
        rows += [("Warning" if index == 0 else "", warning)
                 for index, warning in enumerate(row.receptive_field.warnings)]
    bullet = "• " if len(row.notes) > 1 else ""
    rows += [(("Notes" if bullet else "Note") if index == 0 else "", bullet + note)
             for index, note in enumerate(row.notes)]
    return rows


def explanation(row: LayerRow) -> RenderableType:
    """A heading (name and kind) over a grid: input, output, each formula, then the notes."""
    grid = Table.grid(padding=(0, GAP))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for label, text in grid_rows(row):
        grid.add_row(label, text)
    heading = Text.assemble((row.name, "bold cyan"), "  ", kind_cell(row))
    return Group(heading, grid)


def plain_explanation(row: LayerRow, console: Console, wrapped: dict) -> str | None:
    """The lines rich prints for `explanation(row)` without colour, then a blank line; None
    where that is not sure (rich then draws it). `wrapped` keeps each long text's lines by
    (text, width): notes repeat from layer to layer."""
    width = console.width
    heading = f"{row.name}  {kind_cell(row)}"
    if not heading.isprintable() or cell_len(heading) > width:
        return None
    rows = grid_rows(row)
    if any(not text.isprintable() or RICH_READS.search(text) for _, text in rows):
        return None
    sizes = [cell_len(text) for _, text in rows]
    label_width = max(len(label) for label, _ in rows) + GAP   # the labels are ASCII
    text_width = max(sizes)
    if label_width + text_width > width:
        # rich narrows the widest column (the text) to what is left, and folds the text there
        text_width = width - label_width
        if text_width < label_width:
            return None
    lines = [heading]
    for (label, text), size in zip(rows, sizes):
        if size <= text_width:
            parts = [text + " " * (text_width - size)]
        else:
            parts = wrapped.get((text, text_width))
            if parts is None:
                parts = [line.plain for line in Text(text).wrap(
                    console, text_width, justify="left", overflow="fold")]
                wrapped[(text, text_width)] = parts
        label_part = label + " " * (label_width - len(label))
        lines.append(label_part + parts[0])
        lines += [" " * label_width + part for part in parts[1:]]
    return "\n".join(lines) + "\n\n"


class Lines:
    """Text already laid out: printed by rich as it is."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options):
        yield Segment(self.text)


def print_explanations(rows, console: Console) -> None:
    """Each row's explanation, a blank line after each."""
    plain = console.color_system is None
    wrapped: dict = {}
    waiting: list[str] = []

    def flush() -> None:
        if waiting:
            console.print(Lines("".join(waiting)), end="", crop=False)
            waiting.clear()

    for row in rows:
        text = plain_explanation(row, console, wrapped) if plain else None
        if text is None:
            flush()
            console.print(explanation(row))
            console.print()
            continue
        waiting.append(text)
        if len(waiting) >= FLUSH_ROWS:
            flush()
    flush()
