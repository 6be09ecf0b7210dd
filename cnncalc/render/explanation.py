"""The explanation of one layer: its input and output, the formula behind each number with this
layer's numbers put in, and the teaching notes computed for it. Used by `explain`, the one-layer
calculators and homework feedback, so a formula reads the same everywhere.

Every line's text is `escape.one_line` text: a name or a note is never read as rich markup,
and its escape sequences show as visible escapes. `print_explanations` lays out the layers
itself where rich would draw exactly those lines and styles (nothing rich would read as markup,
a heading that fits): rich lays out a table per layer at about 2 ms each, which made
``explain`` of 100,000 layers take minutes."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..report import LayerRow
from ..text import shape_text
from .cells import field_text, kind_cell
from .escape import one_line

FORMULA_ROWS = (("output", "Output size"), ("params", "Parameters"),
                ("mults", "Multiplications"))
GAP = 2
"""Spaces between the label and its text (the grid's padding)."""
RICH_READS = re.compile(r"\[|:\S*:")
"""What rich would read in a cell's text as markup (``[bold]``) or an emoji code (``:x:``)."""
FLUSH_ROWS = 500
"""Plain explanations are printed in batches of this many layers (bounded memory)."""
NAME_STYLE, LABEL_STYLE = Style.parse("bold cyan"), Style.parse("bold")
NEWLINE, GAPS = Segment("\n"), Segment(" " * GAP, LABEL_STYLE)


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
    return [(label, one_line(text)) for label, text in rows]


def explanation(row: LayerRow) -> RenderableType:
    """A heading (name and kind) over a grid: input, output, each formula, then the notes."""
    grid = Table.grid(padding=(0, GAP))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for label, text in grid_rows(row):
        grid.add_row(label, Text(text))
    name, kind = heading_parts(row)
    return Group(Text.assemble((name, "bold cyan"), kind), grid)


def heading_parts(row: LayerRow) -> tuple[str, str]:
    """The heading's name and ``  kind …``, each `one_line` (both layouts print these)."""
    return one_line(row.name), f"  {one_line(kind_cell(row))}"


def plain_explanation(row: LayerRow, console: Console, wrapped: dict) -> list[Segment] | None:
    """The segments rich renders for `explanation(row)` and the blank line after it, the same
    texts in the same styles; None where that is not sure (rich then draws it). `wrapped` keeps
    each long text's lines by (text, width): notes repeat from layer to layer."""
    width = console.width
    name, kind = heading_parts(row)
    heading = name + kind
    if not name or not heading.isprintable() or cell_len(heading) > width:
        return None
    rows = grid_rows(row)
    if any(not text.isprintable() or RICH_READS.search(text) for _, text in rows):
        return None
    sizes = [cell_len(text) for _, text in rows]
    label_width = max(len(label) for label, _ in rows)   # the labels are ASCII
    text_width = max(sizes)
    if label_width + GAP + text_width > width:
        # rich narrows the widest column (the text) to what is left, and folds the text there
        text_width = width - label_width - GAP
        if text_width < label_width + GAP:
            return None
    segments = [Segment(name, NAME_STYLE), Segment(kind), NEWLINE]
    continued = Segment(" " * (label_width + GAP), LABEL_STYLE)
    for (label, text), size in zip(rows, sizes):
        if size <= text_width:
            parts = [text + " " * (text_width - size)]
        else:
            parts = wrapped.get((text, text_width))
            if parts is None:
                parts = [line.plain for line in Text(text).wrap(
                    console, text_width, justify="left", overflow="fold")]
                wrapped[(text, text_width)] = parts
        segments += [Segment(label + " " * (label_width - len(label)), LABEL_STYLE), GAPS,
                     Segment(parts[0]), NEWLINE]
        for part in parts[1:]:
            segments += [continued, Segment(part), NEWLINE]
    segments.append(NEWLINE)
    return segments


class Lines:
    """Segments already laid out: printed by rich as they are."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments

    def __rich_console__(self, console: Console, options):
        return self.segments


def print_explanations(rows, console: Console) -> None:
    """Each row's explanation, a blank line after each."""
    wrapped: dict = {}
    waiting: list[Segment] = []
    count = 0

    def flush() -> None:
        if waiting:
            console.print(Lines(list(waiting)), end="", crop=False)
            waiting.clear()

    for row in rows:
        segments = plain_explanation(row, console, wrapped)
        if segments is None:
            flush()
            console.print(explanation(row))
            console.print()
            continue
        waiting += segments
        count += 1
        if count % FLUSH_ROWS == 0:
            flush()
    flush()
