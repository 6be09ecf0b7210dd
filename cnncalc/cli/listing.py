"""`cnncalc specs` (the bundled networks) and `cnncalc kinds` (the layer kinds)."""

from __future__ import annotations

import json

import click
from rich import box
from rich.table import Table

from ..bundled import bundled_names
from ..calculator import summarize as calculate
from ..layers import kinds as layer_kinds
from ..layers.settings import REQUIRED
from ..spec import load_spec
from ..text import shape_text, thousands
from . import main
from .options import console


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
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title="Bundled specs", box=box.SIMPLE_HEAD, padding=(0, 1),
                  caption="Params a + b: a trainable + b BatchNorm running statistics",
                  caption_justify="left")
    table.add_column("Spec", style="cyan", no_wrap=True)
    table.add_column("Input", no_wrap=True)
    table.add_column("Params", justify="right", no_wrap=True)
    table.add_column("Mults", justify="right", no_wrap=True)
    table.add_column("Network", overflow="fold")
    for row in rows:
        params = thousands(row["trainable_params"]) + (
            f" + {thousands(row['non_trainable_params'])}" if row["non_trainable_params"] else "")
        table.add_row(row["spec"], shape_text(row["input"]), params,
                      thousands(row["mults"]), row["name"])
    console().print(table)


def setting_text(name: str, setting) -> str:
    default = "" if setting.default is REQUIRED else f" = {setting.default}"
    return f"{name}{default}"


@main.command()
def kinds() -> None:
    """List every layer kind, its aliases and its settings (defaults after =)."""
    table = Table(title="Layer kinds", box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("Kind", style="cyan", no_wrap=True)
    table.add_column("What it is", overflow="fold")
    table.add_column("Settings", overflow="fold")
    for cls in layer_kinds():
        aliases = f" ({', '.join(cls.aliases)})" if cls.aliases else ""
        settings = ", ".join(setting_text(name, s) for name, s in cls.settings.items())
        table.add_row(cls.kind + aliases, cls.doc, settings or "—")
    console().print(table)
