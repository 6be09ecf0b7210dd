"""Option bundles shared by several commands."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..conventions import CONVENTIONS, DEFAULT
from ..errors import OptionError
from ..render import EXTENSIONS, OutputFormat, format_for_path
from ..render.escape import terminal

if TYPE_CHECKING:
    from rich.console import Console


def batch_option(command):
    return click.option("--batch", "-b", type=click.IntRange(min=1), default=1, show_default=True,
                        help="Batch size: scales multiplications, activations and their memory.")(
        command)


def format_options(command):
    """``--format``, ``--json`` as its shortcut, and ``--output FILE``."""
    command = click.option(
        "--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
        help="Write to FILE instead of printing; the format follows its extension ("
             + " ".join(EXTENSIONS) + ") unless --format is given.")(command)
    command = click.option("--json", "as_json", is_flag=True,
                           help="Shortcut for --format json.")(command)
    return click.option("--format", "output_format", default=None,
                        type=click.Choice([choice.value for choice in OutputFormat]),
                        help="How to print the result  [default: table, or as --output's "
                             "extension says]")(command)


def chosen_format(output_format: str | None, as_json: bool,
                  output: str | None = None) -> OutputFormat:
    """--json, else --format, else --output's extension, else the table."""
    if as_json:
        return OutputFormat.JSON
    if output_format:
        return OutputFormat(output_format)
    return format_for_path(output) if output else OutputFormat.TABLE


def write_output(data: str | bytes, output: str, option: str = "--output",
                 announce: bool = True) -> None:
    """Write `data` (text as UTF-8) to the file `output` given by `option`, and say so on stderr
    (stdout stays clean) when `announce`; a file that cannot be written is a user error."""
    try:
        path = Path(output)
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data,
                                                                               encoding="utf-8")
    except OSError as error:
        raise OptionError(f"{option} {output}: cannot write the file: "
                          f"{error.strerror or error}; choose a file in a folder that exists "
                          "and is writable") from None
    if announce:
        click.echo(f"Wrote {terminal(output)}", err=True)


def console() -> "Console":
    """A console for rich output on stdout (80 columns when not a terminal). No colour codes in
    a pipe (rich's own test) or when the NO_COLOR variable is set (https://no-color.org). Rich
    is imported here, when a view needs it, so that commands printing JSON never load it."""
    from rich.console import Console

    if os.environ.get("NO_COLOR"):
        return Console(highlight=False, soft_wrap=False, color_system=None)
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
