"""`cnncalc summarize`: every layer's shape, parameters and multiplications, with totals."""

from __future__ import annotations

import click

from ..calculator import summarize as calculate
from ..conventions import convention_named
from ..render import OutputFormat
from ..render.columns import Column, exact, parse_columns
from ..render.columns import human as human_count
from ..render.views import FILE_WIDTH, View, recording_console, rendered
from ..spec import load_spec
from . import main
from .options import (allow_path_option, batch_option, chosen_format, console, convention_option,
                      echo_warnings, format_options, input_policy, spec_options, spec_reading,
                      write_output)

DTYPES = ("float32", "float16", "bfloat16", "int8")
"""`cnncalc.memory.DType`'s values, written here so that the command's options need not import
the memory module (only ``--memory`` uses it); a test keeps the two equal."""
OPTIMIZERS = ("sgd", "momentum", "adam")
"""`cnncalc.memory.Optimizer`'s values (likewise)."""
SHOWS_WARNINGS = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.MARKDOWN)
"""The formats that print a summary's warnings themselves (under the totals; JSON's
``warnings``): on standard output, standard error need not repeat them."""
COLUMNS_HELP = ("Choose and order the columns, comma-separated: "
                + ", ".join(column.word for column in Column) + " (see the README).")


@main.command()
@click.argument("spec")
@batch_option
@format_options
@convention_option
@click.option("--columns", "columns_text", metavar="LIST", default=None, help=COLUMNS_HELP)
@click.option("--human", is_flag=True,
              help="Counts as 61.0 M, 724 M (3 significant figures; k M G T) instead of every "
                   "digit (CSV and JSON keep the digits).")
@click.option("--bars/--no-bars", default=None,
              help="Each layer's share of the total parameters and multiplications as a bar "
                   "(default: when the terminal is 120 columns or wider).")
@click.option("--wide/--narrow", default=None,
              help="Show input shapes and activations (default: when the terminal is wide).")
@click.option("--rf", is_flag=True,
              help="Add receptive field columns: size and jump per layer (JSON always has them).")
@click.option("--memory", "show_memory", is_flag=True,
              help="Show activation memory per layer, the forward total and a training estimate.")
@click.option("--dtype", type=click.Choice(DTYPES), default=None,
              help="Number format for --memory (implies it)  [default: float32]")
@click.option("--optimizer", type=click.Choice(OPTIMIZERS),
              default=None, help="Optimizer state for --memory's training estimate: 0, 1 or 2 "
              "extra copies of the parameters (implies --memory)  [default: sgd]")
@spec_options
@allow_path_option
def summarize(spec: str, batch: int, output_format: str | None, as_json: bool,
              output: str | None, columns_text: str | None, human: bool, bars: bool | None,
              wide: bool | None, show_memory: bool, dtype: str | None, optimizer: str | None,
              rf: bool, convention_name: str, sets: tuple[str, ...], input_text: str | None,
              allow_paths: tuple[str, ...]) -> None:
    """Print the layer table of SPEC: a YAML file, or a bundled spec by name.

    \b
      cnncalc summarize alexnet.yaml
      cnncalc summarize my_net.yaml --batch 32
      cnncalc summarize resnet50 --json
      cnncalc summarize vgg16 --memory --dtype float16 --optimizer adam --batch 32
      cnncalc summarize vgg16 --rf
      cnncalc summarize vgg16 --columns name,output,params,mults --human
      cnncalc summarize vgg16 --output vgg16.html      (also .svg .tex .md .csv .json .txt)
      cnncalc summarize resnet50 --convention ptflops
      cnncalc summarize resnet50 --input 160x160x3 --set classes=10
    """
    fmt = chosen_format(output_format, as_json, output)
    columns = parse_columns(columns_text) if columns_text is not None else None
    network = load_spec(spec, policy=input_policy(allow_paths), **spec_reading(sets, input_text))
    summary = calculate(network, batch,
                        convention_named(convention_name))
    if not (fmt in SHOWS_WARNINGS and output is None and not (show_memory or dtype or optimizer)):
        echo_warnings(summary.warnings)   # unless what stdout shows holds them
    if show_memory or dtype or optimizer:
        print_memory_view(summary, fmt, output, dtype, optimizer)
        return
    view = View(columns, human_count if human else exact, rf, wide, bars)
    if fmt is OutputFormat.TABLE and output is None:
        from ..render.table import print_summary  # rich: only for the terminal table

        print_summary(summary, console(), wide, rf, columns, view.count, bars)
    elif output is None:
        # JSON writes every control character escaped, so it holds no terminal codes for click
        # to strip: color=True spares a scan of the whole text (12 MB at 10,000 layers)
        plain = fmt is OutputFormat.JSON
        click.echo(rendered(summary, fmt, view), nl=False, color=True if plain else None)
    else:
        write_output(rendered(summary, fmt, view), output)


def print_memory_view(summary, fmt: OutputFormat, output: str | None, dtype: str | None,
                      optimizer: str | None) -> None:
    if fmt not in (OutputFormat.TABLE, OutputFormat.JSON):
        raise click.UsageError(f"--memory prints a table or JSON, not {fmt.value}; use --json, "
                               "--format table, or an --output file ending .txt or .json")
    from ..memory import DType, Optimizer, memory
    from ..render.memory import memory_json, print_memory  # rich: only for the memory view

    report = memory(summary, DType(dtype or DType.FLOAT32.value),
                    Optimizer(optimizer or Optimizer.SGD.value))
    if fmt is OutputFormat.JSON:
        text = memory_json(report) + "\n"
    elif output is None:
        print_memory(report, console())
        return
    else:
        recorder = recording_console(FILE_WIDTH)
        print_memory(report, recorder)
        text = recorder.export_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(text, output)

