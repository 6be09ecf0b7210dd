"""A variant of a question per student: ``vary:`` values drawn from the student's id.

A question (or an inline network of the questions file) may declare values to vary::

    - id: "3"
      vary: {filters: [16, 32, 64], kernel: [3, 5], size: [28, 32]}
      input: ${size}x${size}x1
      layer: {conv: {filters: $filters, kernel: $kernel}}
      text: "A conv of $filters filters of ${kernel}×${kernel} reads ${size}×${size}×1 …"
      ask: params

**The substitution** (of the declared names only, everywhere in the question or network but
its ``vary`` and ``id``): a string that is exactly ``$name`` or ``${name}`` becomes the drawn
value itself (a number stays a number, a list a list); ``$name`` or ``${name}`` inside a longer
string is replaced by the value's text (a list written ``3x5``). Other ``$…`` text is left as
it is (inside a network it may be a block's argument).

**The draw** is the same on every machine and Python version. For the name ``name`` with the
choices ``c_0 … c_{n−1}``::

    index = int.from_bytes(SHA-256(f"{seed}\\0{student}\\0{scope}\\0{name}")[:8], "big") % n

over the UTF-8 bytes, where ``seed`` is the file's ``seed:`` (as text; empty when there is
none), ``student`` the student's id (``id:``, else ``student:``, stripped), and ``scope`` the
question's id — or ``networks/<name>`` for a network's ``vary``. Without a student (the teacher's
``--key`` with no ``--student``) every name takes its first choice: the **base variant**.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from ..errors import SpecError
from ..spec.source import MarkedDict, MarkedList

VARY_KEY = "vary"
MAX_CHOICES = 1000
NETWORK_SCOPE = "networks/"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def drawn_index(seed: str, student: str, scope: str, name: str, count: int) -> int:
    """The index of the choice drawn for `name` (see the module docstring for the formula).

    >>> drawn_index("hw3", "s1234", "1a", "filters", 3)
    1
    """
    # surrogateescape: a folder name that is not UTF-8 (the bytes \xff, which Python reads as
    # '\udcff') is drawn from its own bytes instead of failing; UTF-8 text is unchanged
    text = f"{seed}\0{student}\0{scope}\0{name}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count


@dataclass(frozen=True)
class Draw:
    """Who the variants are drawn for: the file's seed and the student's id (None: the base
    variant, every first choice)."""

    seed: str = ""
    student: str | None = None

    def values(self, choices: dict[str, list], scope: str) -> dict[str, Any]:
        """name → the drawn choice."""
        if self.student is None:
            return {name: options[0] for name, options in choices.items()}
        return {name: options[drawn_index(self.seed, self.student, scope, name, len(options))]
                for name, options in choices.items()}


def seed_of(document: MarkedDict) -> str:
    """The file's ``seed:`` as text (a word or a number); empty when there is none."""
    seed = document.get("seed")
    if seed is None:
        return ""
    if not isinstance(seed, (str, int)) or isinstance(seed, bool):
        raise SpecError(f"'seed' is a word or a whole number, such as hw3-2026, received "
                        f"{seed!r}", document.value_location("seed"))
    return str(seed)


def student_key(value: Any) -> str | None:
    """A student's id as the draw reads it: text, stripped; None when empty."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


def student_of(document: Any) -> str | None:
    """The id a file's variant is drawn for: its ``id:``, else its ``student:``; None when it
    has neither (or is not a mapping)."""
    if not isinstance(document, dict):
        return None
    return student_key(document.get("id")) or student_key(document.get("student"))


def read_vary(mapping: MarkedDict) -> dict[str, list]:
    """``vary: {filters: [16, 32], …}`` checked: names are words, choices non-empty lists."""
    value = mapping.get(VARY_KEY)
    where = mapping.value_location(VARY_KEY)
    if not isinstance(value, MarkedDict) or not value:
        raise SpecError("'vary' maps names to their choices, e.g. {filters: [16, 32, 64], "
                        "kernel: [3, 5]}; use them as $filters", where)
    choices = {}
    for name, options in value.items():
        at = value.value_location(name)
        if not isinstance(name, str) or not _NAME.match(name):
            raise SpecError(f"vary name {name!r} must be a word (letters, digits, _), used as "
                            f"${name}", value.key_location(name))
        if not isinstance(options, MarkedList) or not options:
            raise SpecError(f"vary '{name}' is a non-empty list of choices, such as [16, 32, "
                            f"64], received {options!r}", at)
        if len(options) > MAX_CHOICES:
            raise SpecError(f"vary '{name}' has {len(options)} choices; at most {MAX_CHOICES}",
                            at)
        for index, option in enumerate(options):
            if isinstance(option, dict) or option is None:
                raise SpecError(f"vary '{name}': a choice is a number, a word or a list such as "
                                f"[3, 5], received {option!r}", options.item_location(index))
        choices[name] = list(options)
    return choices


def value_text(value: Any) -> str:
    """A drawn value inside a longer string: ``32``, ``3x5`` for a list."""
    if isinstance(value, list):
        return "x".join(value_text(item) for item in value)
    return str(value)


def substituted(value: Any, values: dict[str, Any]) -> Any:
    """`value` with each ``$name``/``${name}`` of `values` put in (see the module docstring);
    marked containers stay marked (their locations kept), nothing is changed in place."""
    if not values:
        return value
    pattern = re.compile(r"\$\{(" + "|".join(map(re.escape, values)) + r")\}|\$("
                         + "|".join(map(re.escape, values)) + r")(?![A-Za-z0-9_])")
    return _substitute(value, values, pattern)


def _substitute(value: Any, values: dict[str, Any], pattern: re.Pattern) -> Any:
    if isinstance(value, str):
        whole = pattern.fullmatch(value.strip())
        if whole:
            return values[whole.group(1) or whole.group(2)]
        return pattern.sub(lambda match: value_text(values[match.group(1) or match.group(2)]),
                           value)
    if isinstance(value, MarkedDict):
        return value.marked_like({key: _substitute(item, values, pattern)
                                  for key, item in value.items()})
    if isinstance(value, MarkedList):
        return value.marked_like([_substitute(item, values, pattern) for item in value])
    if isinstance(value, dict):
        return {key: _substitute(item, values, pattern) for key, item in value.items()}
    if isinstance(value, list):
        return [_substitute(item, values, pattern) for item in value]
    return value


def varied(mapping: Any, draw: Draw, scope: str) -> tuple[Any, dict[str, Any]]:
    """A question's or network's mapping with its ``vary`` drawn and put in, ``vary`` (and
    nothing else) removed; and the drawn values. A mapping without ``vary`` is returned as it
    is."""
    if not isinstance(mapping, MarkedDict) or VARY_KEY not in mapping:
        return mapping, {}
    values = draw.values(read_vary(mapping), scope)
    kept = mapping.marked_like({key: item for key, item in mapping.items() if key != VARY_KEY})
    result = substituted(kept, values)
    if "id" in mapping:  # the id names the variant's scope: never substituted
        result["id"] = mapping["id"]
    return result, values
