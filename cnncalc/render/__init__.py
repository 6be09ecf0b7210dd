"""Views of a `Summary`: each module renders the same plain data one way."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from ..errors import OptionError


class OutputFormat(str, Enum):
    TABLE = "table"
    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"
    HTML = "html"
    SVG = "svg"
    LATEX = "latex"


EXTENSIONS = {".txt": OutputFormat.TABLE, ".md": OutputFormat.MARKDOWN,
              ".csv": OutputFormat.CSV, ".json": OutputFormat.JSON,
              ".html": OutputFormat.HTML, ".htm": OutputFormat.HTML,
              ".svg": OutputFormat.SVG, ".tex": OutputFormat.LATEX}


def format_for_path(path: str) -> OutputFormat:
    """The format an output file's extension asks for.

    >>> format_for_path("vgg16.tex").value
    'latex'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise OptionError(f"--output {path}: cannot tell the format from "
                          f"{repr(suffix) if suffix else 'a name without an extension'}; "
                          f"name the file with one of {' '.join(EXTENSIONS)} or add --format")
    return EXTENSIONS[suffix]
