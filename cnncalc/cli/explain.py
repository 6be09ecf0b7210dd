"""`cnncalc explain`: the textbook formula behind each number of a layer."""

from __future__ import annotations

from dataclasses import replace

import click

from ..calculator import summarize as calculate
from ..errors import SpecError
from ..text import closest
from ..render.conventions import convention_notes
from ..render.explanation import print_explanations
from ..spec import load_spec
from . import main
from .options import (allow_path_option, console, echo_warnings, input_policy, spec_options,
                      spec_reading)


@main.command()
@click.argument("spec")
@click.argument("layers", nargs=-1)
@spec_options
@allow_path_option
def explain(spec: str, layers: tuple[str, ...], sets: tuple[str, ...], input_text: str | None,
            allow_paths: tuple[str, ...]) -> None:
    """Show how each number of the named LAYERS (default: every layer) of SPEC is computed,
    and how other tools' counting conventions count it where they differ (see `cnncalc conventions`).

    \b
      cnncalc explain alexnet conv1 pool1
      cnncalc explain resnet50 fc --set classes=10
    """
    summary = calculate(load_spec(spec, policy=input_policy(allow_paths),
                                  **spec_reading(sets, input_text)))
    names = [row.name for row in summary.layers]
    known, wanted = set(names), set(layers)
    for name in layers:
        if name not in known:
            raise SpecError(f"'{spec}' has no layer '{name}'{closest(name, names)}")
    chosen = [replace(row, notes=row.notes + convention_notes(row))
              for row in summary.layers if not layers or row.name in wanted]
    print_explanations(chosen, console())
    echo_warnings(summary.warnings)
