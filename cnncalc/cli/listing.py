"""`cnncalc specs` (the bundled networks) and `cnncalc kinds` (the layer kinds)."""

from __future__ import annotations

from pathlib import Path

import click
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from .. import catalog
from ..layers import kinds as layer_kinds
from ..layers.settings import Setting
from ..render.escape import terminal
from ..render.jsontext import json_document
from ..text import shape_text, thousands
from . import main
from .calculators import default_text
from .options import console


WIDE_LISTING = 110
"""From this console width on, `specs --totals` also shows each network's own name, and
`specs` each name's file."""


@main.command()
@click.argument("name", required=False)
@click.option("--path", "show_path", is_flag=True,
              help="With NAME: print the path of its file instead of its text.")
@click.option("--totals", is_flag=True,
              help="Add each network's parameters and multiplications (every spec unrolled "
                   "and calculated: a few seconds for all of them).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def specs(name: str | None, show_path: bool, totals: bool, as_json: bool) -> None:
    """List the bundled specs: each name (a file's, or a variant's of a family file), its
    network and input, and with --totals its parameters and multiplications. With NAME, print
    that spec's YAML (a variant: its family's file, after a comment saying which variant and
    its args), or with --path where the file is.

    \b
      cnncalc specs
      cnncalc specs --totals
      cnncalc specs resnet50 > my_resnet.yaml
      cnncalc specs resnet50 --path
    """
    if name is not None:
        print_spec(name, show_path)
        return
    if show_path:
        raise click.UsageError("--path needs a NAME: cnncalc specs resnet50 --path")
    rows = catalog.bundled_rows(totals)
    if as_json:
        click.echo(json_document(rows))
        return
    print_listing(rows, totals)


def print_spec(name: str, show_path: bool) -> None:
    """The text (or the path) of the bundled spec `name`."""
    found = catalog.find_bundled(name)
    if show_path:
        click.echo(terminal(str(found.path.resolve())))
        return
    text = catalog.spec_text(found)
    click.echo(terminal(text), nl=not text.endswith("\n"))


def print_listing(rows: list[dict], totals: bool) -> None:
    out = console()
    wide = out.width >= WIDE_LISTING
    with_names = wide or not totals  # the network's name when there is room
    with_files = wide and not totals
    table = Table(title="Bundled specs", box=box.SIMPLE_HEAD, padding=(0, 1),
                  caption=("Params a + b: a trainable + b BatchNorm running statistics" if totals
                           else "With --totals: parameters and multiplications"),
                  caption_justify="left")
    table.add_column("Spec", style="cyan", no_wrap=True)
    table.add_column("Input", no_wrap=True)
    if totals:
        table.add_column("Params", justify="right", no_wrap=True)
        table.add_column("Mults", justify="right", no_wrap=True)
    if with_names:
        table.add_column("Network", overflow="fold")
    if with_files:
        table.add_column("File", overflow="fold")
    for row in rows:
        cells = [Text(row["spec"]), shape_text(row["input"])]
        if totals:
            cells += [thousands(row["trainable_params"]) + (
                f" + {thousands(row['non_trainable_params'])}"
                if row["non_trainable_params"] else ""), thousands(row["mults"])]
        if with_names:
            cells.append(Text(str(row["name"])))
        if with_files:
            cells.append(Text(Path(row["file"]).name
                              + (f" ({row['variant']})" if row["variant"] else "")))
        table.add_row(*cells)
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
