"""The explanation of one layer: its input and output, the formula behind each number with this
layer's numbers put in, and the teaching notes computed for it. Used by `explain`, the one-layer
calculators and homework feedback, so a formula reads the same everywhere.

Every line is a `Text` of `escape.one_line` text: a name or a note is never read as rich markup,
and its escape sequences show as visible escapes."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..report import LayerRow
from ..text import shape_text
from .cells import field_text, kind_cell
from .escape import one_line

FORMULA_ROWS = (("output", "Output size"), ("params", "Parameters"),
                ("mults", "Multiplications"))


def explanation(row: LayerRow) -> RenderableType:
    """A heading (name and kind) over a grid: input, output, each formula, then the notes."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")

    def line(label: str, text: str) -> None:
        grid.add_row(label, Text(one_line(text)))

    line("Input", " + ".join(shape_text(shape) for shape in row.input_shapes))
    line("Output", shape_text(row.output_shape))
    for key, label in FORMULA_ROWS:
        if key in row.formulas:
            line(label, row.formulas[key])
    if row.receptive_field is not None:
        line("Receptive field", field_text(row.receptive_field))
        for index, warning in enumerate(row.receptive_field.warnings):
            line("Warning" if index == 0 else "", warning)
    bullet = "• " if len(row.notes) > 1 else ""
    for index, note in enumerate(row.notes):
        line(("Notes" if bullet else "Note") if index == 0 else "", bullet + note)
    heading = Text.assemble((one_line(row.name), "bold cyan"), "  ", one_line(kind_cell(row)))
    return Group(heading, grid)


def print_explanations(rows, console: Console) -> None:
    """Each row's explanation, a blank line after each."""
    for row in rows:
        console.print(explanation(row))
        console.print()
