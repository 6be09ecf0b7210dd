"""`cnncalc summarize`: every layer's shape, parameters and multiplications, with totals."""

from __future__ import annotations

import click

from ..calculator import summarize as calculate
from ..memory import DType, Optimizer, memory
from ..render import OutputFormat
from ..render.plain import to_csv, to_json, to_markdown
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
@click.option("--memory", "show_memory", is_flag=True,
              help="Show activation memory per layer, the forward total and a training estimate.")
@click.option("--dtype", type=click.Choice([dtype.value for dtype in DType]), default=None,
              help="Number format for --memory (implies it)  [default: float32]")
@click.option("--optimizer", type=click.Choice([choice.value for choice in Optimizer]),
              default=None, help="Optimizer state for --memory's training estimate: 0, 1 or 2 "
              "extra copies of the parameters (implies --memory)  [default: sgd]")
def summarize(spec: str, batch: int, output_format: str, as_json: bool, wide: bool | None,
              show_memory: bool, dtype: str | None, optimizer: str | None,
              rf: bool) -> None:
    """Print the layer table of SPEC: a YAML file, or a bundled spec by name.

    \b
      cnncalc summarize alexnet.yaml
      cnncalc summarize my_net.yaml --batch 32
      cnncalc summarize resnet50 --json
      cnncalc summarize vgg16 --memory --dtype float16 --optimizer adam --batch 32
      cnncalc summarize vgg16 --rf
    """
    summary = calculate(load_spec(spec), batch)
    fmt = chosen_format(output_format, as_json)
    if show_memory or dtype or optimizer:
        if fmt not in (OutputFormat.TABLE, OutputFormat.JSON):
            raise click.UsageError("--memory prints a table or JSON; drop --format "
                                   f"{fmt.value} or use --json")
        from ..render.memory import memory_json, print_memory  # rich: only when printed

        report = memory(summary, DType(dtype or DType.FLOAT32.value),
                        Optimizer(optimizer or Optimizer.SGD.value))
        if fmt is OutputFormat.JSON:
            click.echo(memory_json(report))
        else:
            print_memory(report, console())
    elif fmt is OutputFormat.TABLE:
        from ..render.table import print_summary  # rich: only for the table

        print_summary(summary, console(), wide, rf=rf)
    elif fmt is OutputFormat.JSON:
        click.echo(to_json(summary))
    else:
        writer = {OutputFormat.CSV: to_csv, OutputFormat.MARKDOWN: to_markdown}[fmt]
        click.echo(writer(summary, rf=rf), nl=False)
