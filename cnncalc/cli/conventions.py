"""`cnncalc conventions`: the named counting conventions that `--convention` accepts."""

from __future__ import annotations

import click
from rich import box
from rich.table import Table

from ..conventions import CONVENTIONS, DEFAULT
from . import main
from .options import console


@main.command()
@click.option("--sources", is_flag=True, help="Also show where each rule set was read.")
def conventions(sources: bool) -> None:
    """List the counting conventions: what each counts, and whose numbers it reproduces.

    \b
      cnncalc conventions
      cnncalc summarize resnet50 --convention ptflops
    """
    table = Table(title="Counting conventions (--convention NAME)", box=box.SIMPLE_HEAD,
                  padding=(0, 1))
    table.add_column("Name", style="cyan", no_wrap=True)
    table.add_column("Reproduces", overflow="fold", max_width=24)
    table.add_column("Counts", overflow="fold")
    for convention in CONVENTIONS.values():
        name = convention.name + (" (default)" if convention is DEFAULT else "")
        counts = (f"{convention.rule}; {convention.params_rule}; "
                  f"functional: true layers {convention.functional_rule}")
        table.add_row(name, convention.title, counts)
    out = console()
    out.print(table)
    if sources:
        out.print("Where the rules were read:")
        for convention in CONVENTIONS.values():
            out.print(f"  [cyan]{convention.name}[/]: {convention.source}")
