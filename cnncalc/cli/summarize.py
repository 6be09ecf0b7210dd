"""`cnncalc summarize`: every layer's shape, parameters and multiplications, with totals."""

from __future__ import annotations

import click

from ..calculator import summarize as calculate
from ..conventions import convention_named
from ..render import OutputFormat
from ..render.plain import to_csv, to_json, to_markdown
from ..render.table import print_summary
from ..spec import load_spec
from . import main
from .options import batch_option, chosen_format, console, convention_option, format_options


@main.command()
@click.argument("spec")
@batch_option
@format_options
@convention_option
@click.option("--wide/--narrow", default=None,
              help="Show input shapes and activations (default: when the terminal is wide).")
def summarize(spec: str, batch: int, output_format: str, as_json: bool, convention_name: str,
              wide: bool | None) -> None:
    """Print the layer table of SPEC: a YAML file, or a bundled spec by name.

    \b
      cnncalc summarize alexnet.yaml
      cnncalc summarize my_net.yaml --batch 32
      cnncalc summarize resnet50 --json
      cnncalc summarize resnet50 --convention ptflops
    """
    convention = convention_named(convention_name)
    summary = calculate(load_spec(spec), batch, convention)
    fmt = chosen_format(output_format, as_json)
    if fmt is OutputFormat.TABLE:
        print_summary(summary, console(), wide)
    else:
        writer = {OutputFormat.JSON: to_json, OutputFormat.CSV: to_csv,
                  OutputFormat.MARKDOWN: to_markdown}[fmt]
        click.echo(writer(summary), nl=fmt is OutputFormat.JSON)
