"""``json.dumps(value, indent=2, ensure_ascii=False)``, several times faster on large reports.

Python 3.11's C JSON encoder cannot indent, so `json.dumps` with ``indent`` runs a pure-Python
generator per value (about 90 µs per layer of a summary). `dumps` writes the same text with one
join per container and the C string escaper. A long list of mappings of one structure (a
summary's layers) goes further: each structure seen twice is compiled, for this call only, into
a function that checks an item has that structure (its keys, the length of each list and the
exact type of every value) and writes it as one f-string. A test proves the text
identical to `json.dumps` on every bundled spec, generated specs and awkward values.

`json_document` is what every JSON writer prints: the same text with NaN and infinity refused
(`escape.finite`) and no C1, bidi or surrogate character raw (`escape.json_safe`).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from .escape import finite, json_safe

_FLOATS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}
_int_text = int.__repr__

TEMPLATE_ROWS = 500
"""A list of at least this many items writes its mappings through compiled templates (a
template costs about as much to compile as a few dozen items to write)."""
TEMPLATES_PER_KEYS = 16
"""Templates kept for one sequence of keys (structures beyond are written in general)."""
SHAPES_LOOKED_AT = 512
"""Distinct structures looked at in one call before templates are given up (a list whose
every item is shaped differently gains nothing from them)."""


def dumps(value) -> str:
    """The text `json.dumps(value, indent=2, ensure_ascii=False)` gives, for JSON-like data
    (dicts with string keys, lists, tuples, strings, numbers, booleans, None).

    >>> dumps({"a": [1, 2.5, None], "b": {}, "c": "é"}) == json.dumps(
    ...     {"a": [1, 2.5, None], "b": {}, "c": "é"}, indent=2, ensure_ascii=False)
    True
    """
    return _Writer().text(value, "\n")


def json_document(value) -> str:
    """The JSON text of `value` for a file or a terminal: `dumps`, but a NaN or an infinity is
    a `ValueError` (strict parsers refuse ``NaN``) and the text passes `escape.json_safe`.

    >>> print(json_document({"name": "a\u202eb", "ratio": 0.5}))
    {
      "name": "a\\u202eb",
      "ratio": 0.5
    }
    """
    return json_safe(_Writer(_finite_float_text).text(value, "\n"))


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    return _FLOATS.get(value) or float.__repr__(value)


def _finite_float_text(value: float) -> str:
    return float.__repr__(finite(value))


class _Writer:
    """One call's writer: the templates it compiled live and die with it."""

    def __init__(self, float_text=_float_text):
        self.float_text = float_text
        """How a float is written: `_float_text`, or `_finite_float_text` refusing NaN."""
        self.templates: dict = {}
        """(keys, newline) → the templates for mappings with these keys, newest first."""
        self.seen: set = set()
        """(structure, newline) met once: compiled when met again."""

    def text(self, value, newline: str) -> str:
        kind = type(value)
        if kind is str:
            return encode_basestring(value)
        if kind is int:
            return _int_text(value)
        if kind is dict:
            if not value:
                return "{}"
            inner = newline + "  "
            between = "," + inner
            # one join of every piece: a long value (the layers) is copied once, not per `+`
            pieces = []
            for key, item in value.items():
                key = encode_basestring(key) if type(key) is str else _key(key)
                kind = type(item)  # strings and whole numbers inline: most values are one
                pieces.append(between + key + ": ")
                pieces.append(encode_basestring(item) if kind is str else
                              _int_text(item) if kind is int else self.text(item, inner))
            pieces[0] = "{" + pieces[0][1:]
            pieces.append(newline + "}")
            return "".join(pieces)
        if kind is list or kind is tuple:
            if not value:
                return "[]"
            inner = newline + "  "
            if len(value) >= TEMPLATE_ROWS:
                items = [self.templated(item, inner) if type(item) is dict and item else
                         self.text(item, inner) for item in value]
            else:
                items = [encode_basestring(item) if type(item) is str else
                         _int_text(item) if type(item) is int else
                         self.text(item, inner) for item in value]
            return "".join(("[", inner, ("," + inner).join(items), newline, "]"))
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if kind is float:
            return self.float_text(value)
        # anything else (a subclass, an enum): the standard library decides, or refuses
        return json.dumps(value, indent=2, ensure_ascii=False,
                          allow_nan=self.float_text is _float_text).replace("\n", newline)

    def templated(self, item: dict, newline: str) -> str:
        """A non-empty dict in a long list: by a template of its structure when there is one."""
        found = self.templates.get((tuple(item), newline))
        if found is not None:
            for template in found:
                text = template(item)
                if text is not None:
                    return text
        if len(self.seen) < SHAPES_LOOKED_AT:
            shape = _shape(item)
            if shape is not None:
                if (shape, newline) not in self.seen:
                    self.seen.add((shape, newline))
                else:
                    found = self.templates.setdefault((tuple(item), newline), [])
                    if len(found) < TEMPLATES_PER_KEYS:
                        template = _compile(shape, newline, self.float_text)
                        found.insert(0, template)
                        return template(item)
        return self.text(item, newline)


def _shape(value):
    """A value's structure: its type for a string, number, boolean or None; (dict, keys, the
    values' structures) or (list or tuple, the items' structures); None when a part has no
    template (a subclass, a key that is not a string, any other type)."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return kind
    if kind is dict:
        if not all(type(key) is str for key in value):
            return None
        parts = tuple(map(_shape, value.values()))
        return None if None in parts else (dict, tuple(value), parts)
    if kind is list or kind is tuple:
        parts = tuple(map(_shape, value))
        return None if None in parts else (kind, parts)
    return None


def _kind(shape) -> type:
    return shape if type(shape) is type else shape[0]


def _compile(shape, newline: str, float_text=_float_text):
    """A function that writes a dict of this `shape` as `_Writer.text` does at `newline`, or
    answers None for a dict of another shape. Its guard goes one depth at a time: every
    dict at that depth (whose type the depth above checked) has its keys compared, then every
    container is unpacked into its values (a list of another length raises ValueError: None), then one
    tuple compares the exact types of every value unpacked. The text is one f-string."""
    constants: list = []
    depths: list[tuple[list[str], list[str], list[tuple[str, type]]]] = []
    """Per depth: its dicts' key checks, its statements, each value it unpacks and its type."""
    pieces: list[tuple[bool, str]] = []   # (is literal text, text or expression)
    names = iter(f"v{index}" for index in range(1, 1 << 30))

    def constant(value) -> str:
        constants.append(value)
        return f"c{len(constants) - 1}"

    def literal(text: str) -> None:
        if pieces and pieces[-1][0]:
            pieces[-1] = (True, pieces[-1][1] + text)
        else:
            pieces.append((True, text))

    def emit(shape, var: str, newline: str, depth: int) -> None:
        if shape is str:
            pieces.append((False, f"enc({var})"))
        elif shape is int:
            pieces.append((False, var))   # an exact int formats as its repr
        elif shape is float:
            pieces.append((False, f"ftext({var})"))
        elif shape is bool:
            pieces.append((False, f"('true' if {var} else 'false')"))
        elif shape is type(None):
            literal("null")
        else:
            kind, *rest = shape
            inner = newline + "  "
            parts = rest[-1]
            if len(depths) == depth:
                depths.append(([], [], []))
            key_checks, statements, typed = depths[depth]
            if not parts:
                statements.append(f"if {var}: return None")
                literal("{}" if kind is dict else "[]")
                return
            children = [next(names) for _ in parts]
            typed.extend(zip(children, [_kind(part) for part in parts]))
            if kind is dict:
                keys = rest[0]
                key_checks.append(f"if tuple({var}) != {constant(keys)}: return None")
                statements.append(f"{', '.join(children)}, = {var}.values()")
                heads = [encode_basestring(key) + ": " for key in keys]
            else:
                statements.append(f"{', '.join(children)}, = {var}")
                heads = [""] * len(parts)
            opening = "{" if kind is dict else "["
            for index, (head, part, child) in enumerate(zip(heads, parts, children)):
                literal((opening if index == 0 else ",") + inner + head)
                emit(part, child, inner, depth + 1)
            literal(newline + ("}" if kind is dict else "]"))

    emit(shape, "v0", newline, 0)   # the caller knows the root is a dict
    guard = []
    for depth, (key_checks, statements, typed) in enumerate(depths):
        guard += key_checks   # first: the keys tell most look-alike items apart, cheaply
        guard.append("try:")
        guard += [f"    {statement}" for statement in statements]
        guard += ["except ValueError:", "    return None"]   # a list of another length
        if typed:
            values = ", ".join(f"type({child})" for child, _ in typed)
            types = constant(tuple(kind for _, kind in typed))
            guard.append(f"if ({values},) != {types}: return None")
    # the text as one f-string: each piece formatted in place, without a call per number
    terms = "".join("{%s}" % (constant(text) if is_text else text) for is_text, text in pieces)
    source = (f"def make(enc, ftext, {', '.join(f'c{i}' for i in range(len(constants)))}):\n"
              "    def template(v0):\n"
              + "".join(f"        {line}\n" for line in guard) +
              f'        return f"{terms}"\n'
              "    return template\n")
    namespace: dict = {}
    exec(source, namespace)  # noqa: S102  (our own code, from the structure's types)
    return namespace["make"](encode_basestring, float_text, *constants)


def _key(key) -> str:
    """A non-string key as json writes it: ``1`` → ``"1"``, ``True`` → ``"true"``."""
    return encode_basestring(next(iter(json.loads(json.dumps({key: 0})))))
