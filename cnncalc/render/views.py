"""One summary, any format: the choices a user makes (columns, exact or human counts, receptive
field, bars, width) gathered in `View`, and `rendered` giving the text of every format.

The terminal table is the exception when it goes to a terminal: `print_summary` draws it there
in colour; `rendered` gives its colourless text for a file."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..report import Summary
from . import OutputFormat
from .columns import Column, Count, exact

FILE_WIDTH = 80
"""The width of a table written to a file or drawn as SVG; `WIDE_FILE_WIDTH` with ``wide``."""
WIDE_FILE_WIDTH = 132

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class View:
    columns: tuple[Column, ...] | None = None
    """None: each format's own default set."""
    count: Count = exact
    rf: bool = False
    wide: bool | None = None
    bars: bool | None = None
    picture: bool = True
    """Whether the HTML page draws the network (when the drawing module is there)."""

    @property
    def width(self) -> int:
        return WIDE_FILE_WIDTH if self.wide else FILE_WIDTH


def recording_console(width: int) -> "Console":
    """A console that prints nowhere, without colour, and keeps the text for `export_text`.
    Rich is imported here, so that rendering JSON, CSV or a page never loads it."""
    from rich.console import Console

    return Console(width=width, record=True, file=io.StringIO(), color_system=None,
                   highlight=False, soft_wrap=False)


def table_text(summary: Summary, view: View) -> str:
    """The terminal table without colour, at the view's width."""
    from .table import print_summary

    console = recording_console(view.width)
    print_summary(summary, console, view.wide, view.rf, view.columns, view.count, view.bars)
    return console.export_text()


# Each writer imports its renderer when used: printing JSON loads no HTML, LaTeX or CSV code.
def json_text(summary: Summary, view: View) -> str:
    from ..report import as_dict
    from .jsontext import json_document

    return json_document(as_dict(summary)) + "\n"


def csv_text(summary: Summary, view: View) -> str:
    from .plain import to_csv

    return to_csv(summary, view.rf, view.columns)


def markdown_text(summary: Summary, view: View) -> str:
    from .plain import to_markdown

    return to_markdown(summary, view.rf, view.columns, view.count)


def html_text(summary: Summary, view: View) -> str:
    from .html import html_page, network_picture

    return html_page(summary, view.columns, view.count, view.rf,
                     network_picture(summary) if view.picture else None)


def latex_text(summary: Summary, view: View) -> str:
    from .latex import to_latex

    return to_latex(summary, view.columns, view.count, view.rf)


def svg_text(summary: Summary, view: View) -> str:
    from .table_svg import table_svg  # rich: only for this view

    return table_svg(summary, view.width, view.wide, view.rf, view.columns, view.count,
                     view.bars) + "\n"


WRITERS = {
    OutputFormat.TABLE: table_text,
    OutputFormat.JSON: json_text,
    OutputFormat.CSV: csv_text,
    OutputFormat.MARKDOWN: markdown_text,
    OutputFormat.HTML: html_text,
    OutputFormat.LATEX: latex_text,
    OutputFormat.SVG: svg_text,
}


def rendered(summary: Summary, fmt: OutputFormat, view: View = View()) -> str:
    """The text of `summary` in `fmt`. JSON always has every number, exactly."""
    return WRITERS[fmt](summary, view)
