"""A spec document (plain data ``{name, source, input, layers}``, see `cnncalc.importers`) →
the YAML a person wants to read, and → a `Network` through the spec reader itself.

One layer per line in flow style (``- conv: {name: conv1, filters: 96, kernel: 11}``); every
string that is not a plain word is written double-quoted with YAML's escapes (by PyYAML, with
no line breaks and only ASCII), so no name read from a model file can change the YAML's
structure or put a control character on the page.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from ..errors import SpecError
from ..graph import Network
from ..spec import parse_spec

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SHAPE = re.compile(r"[1-9][0-9]*(x[1-9][0-9]*)*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def scalar(value: Any) -> str:
    """One value as YAML flow text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SpecError(f"a model value is {value}; a spec's numbers are finite")
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(key)}: {scalar(item)}"
                               for key, item in value.items()) + "}"
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return yaml.safe_dump(text, default_style='"', allow_unicode=False,
                          width=math.inf).rstrip("\n")


def spec_yaml(document: dict) -> str:
    """The YAML text of `document`: name, source, input, then one line per layer."""
    lines = [f"{key}: {scalar(document[key])}" for key in ("name", "source")
             if document.get(key) is not None]
    shape = str(document["input"])
    lines.append(f"input: {shape if _SHAPE.fullmatch(shape) else scalar(shape)}")
    lines.append("layers:")
    for layer in document["layers"]:
        (kind, settings), = layer.items()
        lines.append(f"  - {kind}: {scalar(settings)}" if settings else f"  - {kind}")
    return "\n".join(lines) + "\n"


def to_network(document: dict, filename: str = "<imported>") -> Network:
    """The layer graph of `document`, read back from its YAML by `cnncalc.spec.parse_spec`."""
    return parse_spec(spec_yaml(document), filename)
