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
from .options import (allow_path_option, batch_option, console, echo_warnings, input_policy,
                      spec_options, spec_reading)

EXIT_DIFFERENT = 1


@main.command()
@click.argument("spec_a", metavar="A")
@click.argument("spec_b", metavar="B")
@batch_option
@click.option("--all", "show_all", is_flag=True,
              help="List every pair of layers, not only those that differ.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a report.")
@spec_options
@click.option("--set-a", "sets_a", multiple=True, metavar="NAME=VALUE",
              help="Like --set, for A only (over --set's value of the same name).")
@click.option("--set-b", "sets_b", multiple=True, metavar="NAME=VALUE",
              help="Like --set, for B only.")
@click.option("--input-a", "input_a", metavar="HxWxC", default=None,
              help="Like --input, for A only.")
@click.option("--input-b", "input_b", metavar="HxWxC", default=None,
              help="Like --input, for B only.")
@allow_path_option
def diff(spec_a: str, spec_b: str, batch: int, show_all: bool, as_json: bool,
         sets: tuple[str, ...], input_text: str | None, sets_a: tuple[str, ...],
         sets_b: tuple[str, ...], input_a: str | None, input_b: str | None,
         allow_paths: tuple[str, ...]) -> None:
    """Compare two specs A and B (files, or bundled specs by name) layer by layer: where they
    part and why, every differing shape, parameter and multiplication count, the layers only in
    one, the layers named differently, and the totals with B − A.

    Exit code 0 when they are the same network by the numbers (names aside), 1 when they differ,
    2 for a bad spec. A and B naming one file is warned about: a bundled spec is named without
    .yaml (the report calls it "bundled vgg11"). --set and --input read both A and B so;
    --set-a, --input-a (and -b) one of them, over the shared ones.

    \b
      cnncalc diff my_vgg11.yaml vgg11
      cnncalc diff resnet50 my_resnet50.yaml --json
      cnncalc diff resnet50 resnet50 --input-b 160x160x3
    """
    policy = input_policy(allow_paths)
    reading_a = side_reading(sets, input_text, sets_a, input_a, "a")
    reading_b = side_reading(sets, input_text, sets_b, input_b, "b")
    files = spec_file(spec_a), spec_file(spec_b)
    warning = None if reading_a != reading_b else same_file_warning(*files)
    if warning:
        click.echo(f"warning: {one_line(warning)}", err=True)
    summary_a = calculate(load_spec(spec_a, policy=policy, **reading_a), batch)
    summary_b = calculate(load_spec(spec_b, policy=policy, **reading_b), batch)
    for label, summary in (("A", summary_a), ("B", summary_b)):
        echo_warnings([f"{label}: {text}" for text in summary.warnings])
    comparison = replace(compare(summary_a, summary_b), files=(files[0].label, files[1].label))
    if as_json:
        click.echo(comparison_json(comparison))
    else:
        print_comparison(comparison, console(), show_all)
    if not comparison.same:
        sys.exit(EXIT_DIFFERENT)


def side_reading(shared_sets: tuple[str, ...], shared_input: str | None,
                 own_sets: tuple[str, ...], own_input: str | None, side: str) -> dict:
    """How A (or B) is read: ``--set`` and ``--input``, that side's own over them."""
    from ..spec.arguments import Settings

    reading = spec_reading(shared_sets, shared_input)
    own = spec_reading(own_sets, own_input, set_option=f"--set-{side}",
                       input_option=f"--input-{side}")
    if own["settings"]:
        reading["settings"] = (reading["settings"] or Settings()).updated(own["settings"])
    if own["input_shape"] is not None:
        reading["input_shape"] = own["input_shape"]
    return reading
