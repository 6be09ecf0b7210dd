"""Option bundles shared by several commands."""

from __future__ import annotations

import click
from rich.console import Console

from ..conventions import CONVENTIONS, DEFAULT
from ..render import OutputFormat


def batch_option(command):
    return click.option("--batch", "-b", type=click.IntRange(min=1), default=1, show_default=True,
                        help="Batch size: scales multiplications, activations and their memory.")(
        command)


def format_options(command):
    """``--format table|json|csv|markdown`` and ``--json`` as its shortcut."""
    command = click.option("--json", "as_json", is_flag=True,
                           help="Shortcut for --format json.")(command)
    return click.option("--format", "output_format", default=OutputFormat.TABLE.value,
                        type=click.Choice([choice.value for choice in OutputFormat]),
                        show_default=True, help="How to print the result.")(command)


def chosen_format(output_format: str, as_json: bool) -> OutputFormat:
    return OutputFormat.JSON if as_json else OutputFormat(output_format)


def console() -> Console:
    """A console for rich output on stdout (80 columns when not a terminal)."""
    return Console(highlight=False, soft_wrap=False)


def convention_option(command):
    """``--convention NAME``: count as a named tool does (resolved by
    `cnncalc.conventions.convention_named`, so an unknown name is a user error listing the
    valid ones)."""
    return click.option(
        "--convention", "convention_name", default=DEFAULT.name, show_default=True,
        metavar="NAME",
        help="Count operations and parameters as this convention does: "
             + ", ".join(CONVENTIONS) + " (`cnncalc conventions` says what each counts).")(
        command)
