"""`cnncalc explain`: the textbook formula behind each number of a layer."""

from __future__ import annotations

import click
from rich.table import Table

from ..calculator import summarize as calculate
from ..errors import SpecError
from ..expand import closest
from ..render.cells import kind_cell
from ..spec import load_spec
from ..text import shape_text
from . import main
from .options import console

ROWS = (("output", "Output"), ("params", "Parameters"), ("mults", "Multiplications"))


@main.command()
@click.argument("spec")
@click.argument("layers", nargs=-1)
def explain(spec: str, layers: tuple[str, ...]) -> None:
    """Show how each number of the named LAYERS (default: every layer) of SPEC is computed.

    \b
      cnncalc explain alexnet conv1 pool1
    """
    summary = calculate(load_spec(spec))
    names = [row.name for row in summary.layers]
    for name in layers:
        if name not in names:
            raise SpecError(f"'{spec}' has no layer '{name}'{closest(name, names)}")
    out = console()
    for row in summary.layers:
        if layers and row.name not in layers:
            continue
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column(overflow="fold")
        grid.add_row("Input", " + ".join(shape_text(shape) for shape in row.input_shapes))
        grid.add_row("Output", shape_text(row.output_shape))
        for key, label in ROWS:
            if key in row.formulas:
                grid.add_row(label, row.formulas[key])
        out.print(f"[bold cyan]{row.name}[/]  {kind_cell(row)}")
        out.print(grid)
        out.print()
