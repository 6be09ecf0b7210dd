"""`cnncalc specs` (the bundled networks) and `cnncalc kinds` (the layer kinds)."""

from __future__ import annotations

import click
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..bundled import bundled_names
from ..calculator import summarize as calculate
from ..layers import kinds as layer_kinds
from ..layers.settings import Setting
from ..render.jsontext import json_document
from ..spec import load_spec
from ..text import shape_text, thousands
from . import main
from .calculators import default_text
from .options import console


WIDE_LISTING = 110
"""From this console width on, `specs` also shows each network's own name."""


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def specs(as_json: bool) -> None:
    """List the bundled specs with their totals (use a name with `summarize`)."""
    rows = []
    for name in bundled_names():
        summary = calculate(load_spec(name))
        totals = summary.totals
        rows.append({"spec": name, "name": summary.name, "input": list(summary.input_shape),
                     "params": totals.params, "trainable_params": totals.trainable_params,
                     "non_trainable_params": totals.non_trainable_params,
                     "mults": totals.mults, "source": summary.source})
    if as_json:
        click.echo(json_document(rows))
        return
    out = console()
    with_names = out.width >= WIDE_LISTING  # the network's own name when there is room
    table = Table(title="Bundled specs", box=box.SIMPLE_HEAD, padding=(0, 1),
                  caption="Params a + b: a trainable + b BatchNorm running statistics",
                  caption_justify="left")
    table.add_column("Spec", style="cyan", no_wrap=True)
    table.add_column("Input", no_wrap=True)
    table.add_column("Params", justify="right", no_wrap=True)
    table.add_column("Mults", justify="right", no_wrap=True)
    if with_names:
        table.add_column("Network", overflow="fold")
    for row in rows:
        params = thousands(row["trainable_params"]) + (
            f" + {thousands(row['non_trainable_params'])}" if row["non_trainable_params"] else "")
        cells = [Text(row["spec"]), shape_text(row["input"]), params, thousands(row["mults"])]
        table.add_row(*cells, *([Text(str(row["name"]))] if with_names else []))
    out.print(table)


def setting_text(name: str, setting: Setting) -> str:
    """A setting as a spec writes it: ``padding = 0``, ``kernel required``, never a tuple.

    >>> setting_text("padding", Setting(int, ((0, 0), (0, 0))))
    'padding = 0'
    >>> setting_text("kernel", Setting(int)), setting_text("stride", Setting(int, (2, 1)))
    ('kernel required', 'stride = [2, 1]')
    """
    if setting.required:
        return f"{name} required"
    if setting.default is None:
        return f"{name} {setting.unset}"
    return f"{name} = {default_text(setting.default)}"


def kind_settings(settings: dict[str, Setting]):
    """Each setting on its own line: how to write it, then what it means (dimmed)."""
    if not settings:
        return Text("no settings", style="dim")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(style="dim", overflow="fold")
    for name, setting in settings.items():
        grid.add_row(Text(setting_text(name, setting)), Text(setting.doc))
    return grid


@main.command()
def kinds() -> None:
    """List every layer kind, its aliases and its settings, written the way a spec writes them
    (``stride = 1``; ``kernel required``)."""
    table = Table(title="Layer kinds", box=box.SIMPLE_HEAD, padding=(0, 1), show_lines=True)
    table.add_column("Kind", style="cyan", no_wrap=True)
    table.add_column("What it is, and its settings")
    for cls in layer_kinds():
        name = Text(cls.kind)
        for alias in cls.aliases:
            name.append(f"\n{alias}", style="dim")
        table.add_row(name, Group(Text(cls.doc, style="bold"), kind_settings(cls.settings)))
    console().print(table)
