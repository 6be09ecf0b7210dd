"""`cnncalc draw` (the network as a graph) and `cnncalc draw-conv` (the sliding window)."""

from __future__ import annotations

from pathlib import Path

import click

from ..calculator import summarize
from ..errors import CnnCalcError
from ..one_layer import setting_from_text
from ..render.conv_svg import conv_svg
from ..render.graph_svg import network_svg
from ..render.png import svg_to_png
from ..sliding_window import size_from_text, sliding_window
from ..spec import load_spec
from . import main
from .options import (allow_path_option, batch_option, echo_warnings, input_policy, spec_options,
                      spec_reading, write_output)

FORMATS = ("svg", "png")


def picture_format(chosen: str | None, output: str | None) -> str:
    """--format if given, else the output file's extension, else svg."""
    if chosen:
        return chosen
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in FORMATS else "svg"


def write_picture(svg: str, output: str | None, fmt: str) -> None:
    """Write the SVG (or its PNG) to `output`, or the SVG to standard output."""
    if fmt == "png":
        if not output:
            raise CnnCalcError("a PNG picture needs a file: received --format png without "
                               "--output; add --output picture.png")
        data = svg_to_png(svg)
        write_output(data, output)
    elif output:
        write_output(svg, output)
    else:
        click.echo(svg, nl=False)


output_options = [
    click.option("--output", "-o", metavar="FILE",
                 help="Write the picture here (default: the SVG on standard output)."),
    click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                 help="svg, or png when cairosvg or rsvg-convert is installed "
                      "(default: from the --output extension, else svg)."),
]


def with_output(command):
    for option in reversed(output_options):
        command = option(command)
    return command


@main.command()
@click.argument("spec")
@click.option("--collapse", is_flag=True,
              help="One box per block instance (name, block, output shape, its totals).")
@click.option("--depth", type=click.IntRange(min=1), default=None, metavar="N",
              help="Collapse nested blocks at this depth (1 = top-level instances; implies "
                   "--collapse).")
@batch_option
@with_output
@spec_options
@allow_path_option
def draw(spec: str, collapse: bool, depth: int | None, batch: int, output: str | None,
         fmt: str | None, sets: tuple[str, ...], input_text: str | None,
         allow_paths: tuple[str, ...]) -> None:
    """Draw SPEC's layer graph as an SVG picture, top to bottom.

    \b
      cnncalc draw resnet50 --output resnet50.svg
      cnncalc draw resnet50 --collapse --output resnet50-blocks.svg
      cnncalc draw googlenet --collapse -o googlenet.png
    """
    network = load_spec(spec, policy=input_policy(allow_paths), **spec_reading(sets, input_text))
    summary = summarize(network, batch)
    echo_warnings(summary.warnings)
    svg = network_svg(summary, depth or collapse)
    write_picture(svg, output, picture_format(fmt, output))


SETTINGS = ("kernel", "stride", "padding", "dilation", "output_padding")


@main.command("draw-conv")
@click.argument("input_size", metavar="INPUT")
@click.option("--kernel", required=True, metavar="VALUE", help="The filter size F or FhxFw.")
@click.option("--stride", metavar="VALUE", help="The step S (default 1).")
@click.option("--padding", metavar="VALUE", help="P, PhxPw, same or valid (default 0).")
@click.option("--dilation", metavar="VALUE", help="D, 1 for none (default 1).")
@click.option("--output-padding", "output_padding", metavar="VALUE",
              help="With --transposed: extra rows/columns at the end (default 0).")
@click.option("--transposed", is_flag=True,
              help="A transposed convolution, drawn as its equivalent direct convolution.")
@click.option("--frames", is_flag=True,
              help="A grid of small frames for print instead of one animated picture.")
@with_output
def draw_conv(input_size: str, transposed: bool, frames: bool, output: str | None,
              fmt: str | None, **values: str | None) -> None:
    """Draw the sliding window of one convolution over INPUT (HxW, or one number for a square):
    the padded input, the kernel at every position, the output, the formula.

    \b
      cnncalc draw-conv 5x5 --kernel 3 --stride 2 --padding 1 --output conv.svg
      cnncalc draw-conv 6 --kernel 3 --stride 2 --frames -o floor.svg
      cnncalc draw-conv 7 --kernel 3 --dilation 2 -o dilated.svg
      cnncalc draw-conv 3 --kernel 3 --stride 2 --padding 1 --transposed -o up.svg
    """
    settings = {name: setting_from_text(value) for name, value in values.items()
                if value is not None}
    if "output_padding" in settings and not transposed:
        raise CnnCalcError("--output-padding only applies to a transposed convolution; received "
                           "it without --transposed; add --transposed or drop it")
    window = sliding_window(size_from_text(input_size), settings, transposed)
    write_picture(conv_svg(window, frames), output, picture_format(fmt, output))
