"""The terminal table as an image: rich records what it prints and exports it as SVG.

Rich's template loads the Fira Code font from a CDN; we drop that part so the file never
reaches for the network (the image falls back to the reader's monospace font)."""

from __future__ import annotations

import io
import re

from rich._export_format import CONSOLE_SVG_FORMAT
from rich.console import Console

from ..report import Summary
from .cells import title
from .columns import Column, Count, exact
from .escape import one_line
from .table import print_summary

OFFLINE_SVG_FORMAT = re.sub(r"\s*@font-face \{\{.*?\}\}", "", CONSOLE_SVG_FORMAT, flags=re.S)


def table_svg(summary: Summary, width: int = 80, wide: bool | None = None, rf: bool = False,
              columns: tuple[Column, ...] | None = None, count: Count = exact,
              bars: bool | None = None) -> str:
    """The table `print_summary` draws at `width` columns, in colour, as an SVG document. Its
    text is the terminal's (`escape.one_line`: no control character), which rich escapes as
    markup."""
    console = Console(width=width, record=True, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", highlight=False, soft_wrap=False)
    print_summary(summary, console, wide, rf, columns, count, bars)
    return console.export_svg(title=one_line(title(summary)), code_format=OFFLINE_SVG_FORMAT)
