"""`cnncalc summarize`: every layer's shape, parameters and multiplications, with totals."""

from __future__ import annotations

import click

from ..calculator import summarize as calculate
from ..render import OutputFormat
from ..render.plain import to_csv, to_json, to_markdown
from ..render.table import print_summary
from ..spec import load_spec
from . import main
from .options import batch_option, chosen_format, console, format_options


@main.command()
@click.argument("spec")
@batch_option
@format_options
@click.option("--wide/--narrow", default=None,
              help="Show input shapes and activations (default: when the terminal is wide).")
@click.option("--rf", is_flag=True,
              help="Add receptive field columns: size and jump per layer (JSON always has them).")
def summarize(spec: str, batch: int, output_format: str, as_json: bool, wide: bool | None,
              rf: bool) -> None:
    """Print the layer table of SPEC: a YAML file, or a bundled spec by name.

    \b
      cnncalc summarize alexnet.yaml
      cnncalc summarize my_net.yaml --batch 32
      cnncalc summarize resnet50 --json
      cnncalc summarize vgg16 --rf
    """
    summary = calculate(load_spec(spec), batch)
    fmt = chosen_format(output_format, as_json)
    if fmt is OutputFormat.TABLE:
        print_summary(summary, console(), wide, rf=rf)
    elif fmt is OutputFormat.JSON:
        click.echo(to_json(summary))
    else:
        writer = {OutputFormat.CSV: to_csv, OutputFormat.MARKDOWN: to_markdown}[fmt]
        click.echo(writer(summary, rf=rf), nl=False)
