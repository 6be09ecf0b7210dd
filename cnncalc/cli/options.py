"""Option bundles shared by several commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..render import OutputFormat

if TYPE_CHECKING:
    from rich.console import Console


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


def console() -> "Console":
    """A console for rich output on stdout (80 columns when not a terminal). Rich is imported
    here, when a view needs it, so that commands printing JSON never load it."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)
