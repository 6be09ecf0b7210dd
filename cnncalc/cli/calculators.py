"""The one-layer calculators: `cnncalc conv`, `pool`, `fc` and `deconv`.

Each takes an input shape and the settings of its kind, builds a network of that one layer and
prints the same explanation as `explain`. The options are made from the registry class's
declared `settings`, so a new setting is an option without touching this file; the values are
parsed by the same parsers as in a spec.
"""

from __future__ import annotations

from typing import Callable

import click

from ..errors import CnnCalcError
from ..layers import REGISTRY
from ..layers.settings import Setting
from ..one_layer import calculate_layer, input_from_text, setting_from_text
from ..render.explanation import print_explanations
from ..render.jsontext import json_document
from ..report import layer_dict
from . import main
from .options import console


def option_name(setting: str) -> str:
    """``output_padding`` → ``--output-padding``."""
    return "--" + setting.replace("_", "-")


def default_text(value) -> str:
    """A default as a spec would write it: ``(1, 1)`` → ``1``, ``((0, 0), (0, 0))`` → ``0``,
    ``True`` → ``true``.

    >>> default_text((1, 1)), default_text(((0, 0), (0, 0))), default_text(True)
    ('1', '0', 'true')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        parts = [default_text(part) for part in value]
        return parts[0] if len(set(parts)) == 1 else f"[{', '.join(parts)}]"
    return str(value)


def setting_options(settings: dict[str, Setting]) -> Callable:
    """A decorator adding one text option per declared setting (unset options stay out, so the
    registry's defaults apply)."""

    def decorate(command):
        for name, setting in reversed(settings.items()):
            default = ("required" if setting.required else None if setting.default is None
                       else f"default {default_text(setting.default)}")
            command = click.option(option_name(name), name, metavar="VALUE",
                                   help=setting.doc + (f" ({default})." if default else "."))(
                command)
        return command

    return decorate


def chosen_settings(values: dict[str, str | None], settings: dict[str, Setting]) -> dict:
    """The options the user gave, read like spec values."""
    return {name: setting_from_text(values[name]) for name in settings
            if values.get(name) is not None}


def show_layer(kind: str, settings: dict, input_text: str, as_json: bool) -> None:
    row = calculate_layer(kind, settings, input_from_text(input_text))
    if as_json:
        click.echo(json_document(layer_dict(row)))
    else:
        print_explanations([row], console())


json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print the layer's row as JSON (as in summarize --json).")


def calculator(command_name: str, kind: str, example: str, input_text: str = "H×W×C") -> None:
    """Register `cnncalc COMMAND_NAME INPUT --setting VALUE…` for one registered kind."""
    cls = REGISTRY[kind]

    @main.command(command_name, help=f"Calculate one {cls.doc} layer on INPUT ({input_text}) and "
                  f"explain every number.\n\n\b\n  {example}")
    @click.argument("input_shape", metavar="INPUT")
    @setting_options(cls.settings)
    @json_option
    def command(input_shape: str, as_json: bool, **values: str | None) -> None:
        show_layer(kind, chosen_settings(values, cls.settings), input_shape, as_json)


calculator("conv", "conv", "cnncalc conv 227x227x3 --filters 96 --kernel 11 --stride 4")
calculator("fc", "fc", "cnncalc fc 9216 --units 4096", "N, or H×W×C to flatten first")
calculator("deconv", "conv_transpose",
           "cnncalc deconv 4x4x512 --filters 256 --kernel 4 --stride 2 --padding 1")

POOL_KINDS = {"max": "maxpool", "avg": "avgpool"}
POOL_SETTINGS = {name: setting for kind in POOL_KINDS.values()
                 for name, setting in REGISTRY[kind].settings.items()}


@main.command()
@click.argument("input_shape", metavar="INPUT")
@click.option("--type", "pool_type", default="max", show_default=True, metavar="max|avg",
              help="Max or average pooling.")
@setting_options(POOL_SETTINGS)
@json_option
def pool(input_shape: str, pool_type: str, as_json: bool, **values: str | None) -> None:
    """Calculate one pooling layer on INPUT (H×W×C) and explain every number.

    \b
      cnncalc pool 55x55x96 --kernel 3 --stride 2 --type max
    """
    if pool_type not in POOL_KINDS:
        raise CnnCalcError(f"--type is max or avg, received {pool_type!r}")
    kind = POOL_KINDS[pool_type]
    show_layer(kind, chosen_settings(values, REGISTRY[kind].settings), input_shape, as_json)
