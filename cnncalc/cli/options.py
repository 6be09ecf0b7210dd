"""Option bundles shared by several commands."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..conventions import CONVENTIONS, DEFAULT
from ..files.inputs import InputPolicy
from ..files.outputs import STDOUT, write_file
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
    """--json, else --format, else --output's extension, else the table (also for ``-o -``)."""
    if as_json:
        return OutputFormat.JSON
    if output_format:
        return OutputFormat(output_format)
    return format_for_path(output) if output and output != STDOUT else OutputFormat.TABLE


def write_output(data: str | bytes, output: str, option: str = "--output",
                 announce: bool = True) -> None:
    """Write `data` (text as UTF-8) to the file `output` given by `option` (``-``: standard
    output) by `cnncalc.files.outputs.write_file` — never through a link, never onto a file the
    command read, atomically — and say so on stderr (stdout stays clean) when `announce`."""
    write_file(data, output, option)
    if announce and output != STDOUT:
        click.echo(f"Wrote {terminal(output)}", err=True)


def allow_path_option(command):
    """``--allow-path DIR`` (repeatable): names inside the files read may also lead into DIR."""
    return click.option(
        "--allow-path", "allow_paths", multiple=True, metavar="DIR",
        type=click.Path(file_okay=False),
        help="Let paths written inside the files read (networks, include:) lead into DIR too "
             "(by default only into the naming file's own folder; repeatable).")(command)


def input_policy(allow_paths: tuple[str, ...]) -> InputPolicy | None:
    """The reading policy of ``--allow-path``: None (the default rule) when none is given."""
    return InputPolicy(allow=tuple(Path(path) for path in allow_paths)) if allow_paths else None


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


SET_HELP = ("Give the spec's argument NAME this value, read as YAML (a number, a word, true or "
            "false, a list such as [3, 4, 23, 3]); repeatable. The spec's args: say which "
            "it has.")
INPUT_HELP = "Read the spec with this input shape (e.g. 160x160x3) instead of its own."


def spec_options(command):
    """``--set NAME=VALUE`` (repeatable) and ``--input H×W×C``: how a spec is read (its
    arguments, its input shape). The command takes `sets` and `input_text` and passes
    `spec_reading(sets, input_text)` to `load_spec`."""
    command = click.option("--input", "input_text", metavar="HxWxC", default=None,
                           help=INPUT_HELP)(command)
    return click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
                        help=SET_HELP)(command)


def spec_reading(sets: tuple[str, ...], input_text: str | None, *, set_option: str = "--set",
                 input_option: str = "--input") -> dict:
    """`load_spec`'s ``settings`` and ``input_shape`` from ``--set`` and ``--input`` (the
    names of the options as messages quote them); a `SpecError` for a malformed one."""
    from ..spec.arguments import parse_settings
    from ..spec.document import shape_from_text

    return {"settings": parse_settings(sets, set_option) or None,
            "input_shape": None if input_text is None else shape_from_text(input_text,
                                                                           input_option)}


def echo_warnings(warnings) -> None:
    """Each warning about a graph (`Summary.warnings`, `graph_notes.unread_warnings`) on
    standard error, one line each, safe for a terminal: where a view has no place for them."""
    from ..render.cells import warning_texts
    from ..render.escape import one_line

    for text in warning_texts(warnings):
        click.echo(one_line(text), err=True)
