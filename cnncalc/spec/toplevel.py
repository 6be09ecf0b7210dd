"""The top-level keys of a spec, checked before anything else is read."""

from __future__ import annotations

from typing import Any

from ..errors import Location, SpecError
from ..render.escape import one_line
from ..text import closest
from .source import MarkedDict

TOP_KEYS = ("name", "source", "notes", "extends", "args", "variants", "input", "include",
            "blocks", "layers")
REUSE_HINT = "to reuse a whole spec, write extends: {}"


def check_top_keys(document: Any, filename: str) -> None:
    """A `SpecError` unless `document` is a mapping of the keys a spec has."""
    if not isinstance(document, MarkedDict):
        where = getattr(document, "location", None) or Location(filename, 1, 1)
        raise SpecError("a spec is a mapping with at least 'input' and 'layers', e.g.\n"
                        "  name: tiny\n  input: 32x32x3\n  layers:\n    - conv: {filters: 8, "
                        "kernel: 3}", where)
    for key in document:
        if key == "like":
            other = document[key] if isinstance(document[key], str) else "resnet50"
            raise SpecError(f"a spec has no 'like' ('like' makes a block another block with "
                            f"other defaults); {REUSE_HINT.format(one_line(other))}",
                            document.key_location(key))
        if key not in TOP_KEYS:
            raise SpecError(f"unknown top-level key '{key}'{closest(key, TOP_KEYS)}; a spec has "
                            f"{', '.join(TOP_KEYS)}", document.key_location(key))
