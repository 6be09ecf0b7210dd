"""`cnncalc solve`: which padding (stride, kernel, dilation, input size) gives the wanted output?"""

from __future__ import annotations

import dataclasses
import re
import sys

import click

from ..errors import CnnCalcError
from ..text import closest_kind
from ..layers import REGISTRY
from ..one_layer import calculate_layer, setting_from_text
from ..render.jsontext import json_document
from ..render.solutions import print_solutions, solutions_dict
from ..solve import given_text, solution_layer, solve as find_solutions
from ..text import shape_text
from . import main
from .options import console

EXIT_NO_SOLUTION = 2  # as any impossible request: the JSON still says why
KINDS = {"conv": "conv", "pool": "maxpool", "deconv": "conv_transpose"}
UNKNOWN_WHEN_MISSING = ("kernel", "stride", "padding", "input")
"""Without --find, the missing ones of these are the unknowns (dilation stays 1)."""
_SIZES = re.compile(r"\s*\[?\s*(\d{1,30})\s*(?:[x×X,]\s*(\d{1,30})\s*)?"
                    r"(?:[x×X,]\s*(\d{1,30})\s*)?\]?\s*")  # 30 digits: int() costs its length


def sizes_from_text(text: str, option: str) -> tuple[int, ...]:
    """``32`` → (32, 32); ``32x30`` → (32, 30); ``32x32x3`` → (32, 32, 3)."""
    match = _SIZES.fullmatch(text)
    if not match:
        raise CnnCalcError(f"--{option} {text[:40]!r} is not a size: write one number for both "
                           "axes, H×W or H×W×C, such as 32, 32x32 or 227x227x3")
    sizes = tuple(int(size) for size in match.groups() if size is not None)
    if min(sizes) < 1:
        raise CnnCalcError(f"--{option} {text!r}: every size is at least 1")
    return sizes * 2 if len(sizes) == 1 else sizes


def registered_kind(word: str) -> str:
    """``conv``, ``pool`` (max pooling), ``deconv``, or any registered kind name."""
    if word in KINDS:
        return KINDS[word]
    if word in REGISTRY:
        return REGISTRY[word].kind
    raise CnnCalcError(f"unknown kind '{word}'{closest_kind(word, {**REGISTRY, **KINDS})}; "
                       "solve works with conv, pool and deconv (or a kind name from "
                       "'cnncalc kinds')")


@main.command()
@click.option("--input", "input_text", metavar="SIZE", help="The input: 32, 32x32 or 32x32x3.")
@click.option("--output", "output_text", metavar="SIZE",
              help="The wanted output: 32, 32x32 or 32x32x16.")
@click.option("--kernel", metavar="VALUE", help="The kernel size F (or 3x5).")
@click.option("--stride", metavar="VALUE", help="The stride S.")
@click.option("--padding", metavar="VALUE", help="The padding P on each side (or 'same').")
@click.option("--dilation", metavar="VALUE", help="The dilation D (default 1).")
@click.option("--filters", metavar="K", help="Filters, for the worked example's counts "
              "(default: the output's channels).")
@click.option("--kind", "kind_word", default="conv", show_default=True, metavar="KIND",
              help="conv, pool (max) or deconv.")
@click.option("--find", "find", multiple=True, metavar="NAME",
              help="What to find: padding, stride, kernel, dilation or input (repeatable). "
                   "Default: whichever of kernel, stride, padding and input is not given.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def solve(input_text, output_text, kernel, stride, padding, dilation, filters, kind_word, find,
          as_json) -> None:
    """Find the hyper-parameters that turn an input size into the wanted output size: every
    valid whole number (one unknown solved exactly, "or any larger" when unbounded; several
    searched in stated ranges), the one courses call "same" marked, and the first solution
    worked out. Exit code 0 with a solution; 2, with a sentence saying why, when
    there is none (an output larger than any padding allows…) or the request is malformed.

    \b
      cnncalc solve --input 32 --kernel 5 --output 32 --stride 1
      cnncalc solve --input 227 --output 55 --kernel 11
      cnncalc solve --input 4 --output 8 --kernel 4 --kind deconv
    """
    kind = registered_kind(kind_word)
    if output_text is None:
        raise CnnCalcError("solve needs --output, the wanted output size (e.g. --output 32)")
    output = sizes_from_text(output_text, "output")
    input_shape = sizes_from_text(input_text, "input") if input_text is not None else None
    given = {"kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation}
    settings = {name: setting_from_text(value) for name, value in given.items()
                if value is not None}
    unknowns = [name for word in find for name in word.split(",") if name] or [
        name for name in UNKNOWN_WHEN_MISSING
        if (input_text if name == "input" else given[name]) is None]
    channels = (input_shape[2] if input_shape is not None and len(input_shape) == 3
                else output[2] if len(output) == 3 else 1)
    channels_known = (input_shape is not None and len(input_shape) == 3) or (
        input_shape is None and len(output) == 3)
    if "filters" in REGISTRY[kind].settings:
        channels_known = channels_known and (filters is not None or len(output) == 3)
        settings["filters"] = setting_from_text(filters) if filters is not None else (
            output[2] if len(output) == 3 else channels)

    solutions = find_solutions(kind, settings, unknowns, input_shape, output)
    problem = f"{REGISTRY[kind].kind}: {given_text(settings, input_shape)} → output " \
              f"{shape_text(output)}"
    if not solutions.values and not as_json:
        raise CnnCalcError(f"{problem}: no solution: {solutions.reason}")
    row = None
    if solutions.values:
        layer_settings, shape = solution_layer(settings, input_shape, solutions,
                                               solutions.values[0], channels)
        row = calculate_layer(kind, layer_settings, shape)
    if as_json:
        click.echo(json_document(solutions_dict(kind, settings, input_shape, output, solutions,
                                                row)))
    else:
        note = None
        if row is not None and not channels_known:
            row = dataclasses.replace(row, formulas={"output": row.formulas["output"]})
            note = ("The parameters and multiplications need the channels: give --input H×W×C "
                    "and --output H×W×K (or --filters).")
        print_solutions(problem, solutions, row, console(), note)
    if not solutions.values:  # only with --json, which still says why
        sys.exit(EXIT_NO_SOLUTION)
