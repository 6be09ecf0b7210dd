"""`cnncalc diff`: two networks compared layer by layer."""

from __future__ import annotations

import sys
from dataclasses import replace

import click

from ..calculator import summarize as calculate
from ..diff import compare, same_file_warning, spec_file
from ..render.diff import comparison_json, print_comparison
from ..render.escape import one_line
from ..spec import load_spec
from . import main
from .options import allow_path_option, batch_option, console, input_policy

EXIT_DIFFERENT = 1


@main.command()
@click.argument("spec_a", metavar="A")
@click.argument("spec_b", metavar="B")
@batch_option
@click.option("--all", "show_all", is_flag=True,
              help="List every pair of layers, not only those that differ.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a report.")
@allow_path_option
def diff(spec_a: str, spec_b: str, batch: int, show_all: bool, as_json: bool,
         allow_paths: tuple[str, ...]) -> None:
    """Compare two specs A and B (files, or bundled specs by name) layer by layer: where they
    part and why, every differing shape, parameter and multiplication count, the layers only in
    one, the layers named differently, and the totals with B − A.

    Exit code 0 when they are the same network by the numbers (names aside), 1 when they differ,
    2 for a bad spec. A and B naming one file is warned about: a bundled spec is named without
    .yaml (the report calls it "bundled vgg11").

    \b
      cnncalc diff my_vgg11.yaml vgg11
      cnncalc diff resnet50 my_resnet50.yaml --json
    """
    policy = input_policy(allow_paths)
    files = spec_file(spec_a), spec_file(spec_b)
    warning = same_file_warning(*files)
    if warning:
        click.echo(f"warning: {one_line(warning)}", err=True)
    comparison = replace(compare(calculate(load_spec(spec_a, policy=policy), batch),
                                 calculate(load_spec(spec_b, policy=policy), batch)),
                         files=(files[0].label, files[1].label))
    if as_json:
        click.echo(comparison_json(comparison))
    else:
        print_comparison(comparison, console(), show_all)
    if not comparison.same:
        sys.exit(EXIT_DIFFERENT)
