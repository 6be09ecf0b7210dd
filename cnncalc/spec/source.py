"""Read YAML safely while keeping where every mapping, key, sequence item and value came from.

`load_yaml` returns ordinary dicts, lists and scalars, except that mappings are `MarkedDict`
and sequences `MarkedList`: they remember the location of themselves, of each key and of each
value, so that errors can point at ``file:line:column``. Duplicate keys are errors (plain PyYAML
silently keeps the last one).

The document is built from the parser's events with an explicit stack — no recursion — by
libyaml's C parser when PyYAML has it (``yaml.CSafeLoader``: the same line and column marks,
several times faster), else by PyYAML's pure-Python parser; a syntax error is worded by the
parser that found it. One exception: libyaml (0.2.6 on) stops at 1,000 levels of nesting while
it scans ahead, before our `MAX_DEPTH` check sees the events, so such a text is read again by
the pure-Python parser and refused by our limit, at the same place on either path. Hostile input
is refused with a sentence, before it costs time or memory (the limits are stated here and in
docs/performance.md):

- nesting deeper than `MAX_DEPTH` collections;
- a list of more than `MAX_ITEMS` items;
- aliases whose expansion would exceed `MAX_VALUES` values in all ("billion laughs"), and an
  alias to the collection it stands in (a structure that contains itself);
- a number written with more than `MAX_NUMBER_CHARS` characters;
- tags other than YAML's standard scalar tags;
- a file larger than `MAX_FILE_BYTES` (`cnncalc.files.inputs`), and anything but a regular
  file, before it is read (`read_source`).
"""

from __future__ import annotations

import contextlib
import gc
import re
from pathlib import Path
from typing import Any, Iterator

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent)

from ..errors import Location, SpecError
from ..files.inputs import MAX_FILE_BYTES, read_text

MAX_DEPTH = 100
"""Collections nest at most this deep (a real spec nests fewer than ten)."""
MAX_VALUES = 2_000_000
"""At most this many values (scalars and collections) in a document, aliases expanded."""
MAX_ITEMS = 100_000
"""A list holds at most this many items: a spec has at most 100,000 layers (expand.MAX_NODES),
and a longer list is refused while it is read, not after."""
MAX_NUMBER_CHARS = 100
"""A number is written with at most this many characters (no layer size comes close)."""

C_PARSER = getattr(yaml, "CSafeLoader", None)
LIBYAML_DEPTH = "maximum nesting depth"
"""What libyaml (0.2.6 on) says when text nests more than its 1,000 levels."""
"""libyaml's parser, when PyYAML was built with it; None forces the pure-Python parser."""

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _location(filename: str, mark) -> Location:
    """The `Location` of a parser's mark (which counts lines and columns from 0)."""
    return Location(filename, mark.line + 1, mark.column + 1)


class _FromMarks:
    """An attribute worked out from the parser's marks the first time it is read, then kept as
    an ordinary attribute (which code may also simply assign, for a mapping it makes itself).

    Reading a file makes no `Location` at all: a container keeps the parser's marks (`_file`,
    `_mark`, and those of its keys, values or items), and a location is made when one is asked
    for, almost always for an error message."""

    def __init__(self, make):
        self.make, self.name = make, make.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.make(instance)
        return value


class MarkedDict(dict):
    """A mapping that knows where it, its keys and its values stand in the file."""

    __slots__ = ("_file", "_mark", "_key_marks", "_value_marks", "__dict__")

    @_FromMarks
    def location(self) -> Location:
        return _location(self._file, self._mark)

    @_FromMarks
    def key_locations(self) -> dict:
        filename = self._file
        return {key: _location(filename, mark) for key, mark in self._key_marks.items()}

    @_FromMarks
    def value_locations(self) -> dict:
        filename = self._file
        return {key: _location(filename, mark) for key, mark in self._value_marks.items()}

    def key_location(self, key: str) -> Location:
        known = self.__dict__.get("key_locations")
        if known is not None:
            return known.get(key, self.location)
        mark = self._key_marks.get(key)
        return self.location if mark is None else _location(self._file, mark)

    def value_location(self, key: str) -> Location:
        known = self.__dict__.get("value_locations")
        if known is not None:
            return known.get(key, self.location)
        mark = self._value_marks.get(key)
        return self.location if mark is None else _location(self._file, mark)

    def marked_like(self, items) -> "MarkedDict":
        """A new mapping of `items` (keys of this one, values changed or not) whose locations
        are this one's: shared, not copied, so neither may change them afterwards."""
        result = MarkedDict(items)
        try:
            result._file, result._mark = self._file, self._mark
            result._key_marks, result._value_marks = self._key_marks, self._value_marks
        except AttributeError:  # a mapping made in code, with locations assigned (or none)
            pass
        if self.__dict__:
            result.__dict__.update(self.__dict__)
        return result


class MarkedList(list):
    """A sequence that knows where it and each of its items stand in the file."""

    __slots__ = ("_file", "_mark", "_item_marks", "__dict__")

    @_FromMarks
    def location(self) -> Location:
        return _location(self._file, self._mark)

    @_FromMarks
    def item_locations(self) -> list:
        filename = self._file
        return [_location(filename, mark) for mark in self._item_marks]

    def item_location(self, index: int) -> Location:
        known = self.__dict__.get("item_locations")
        if known is not None:
            return known[index] if 0 <= index < len(known) else self.location
        marks = self._item_marks
        if 0 <= index < len(marks):
            return _location(self._file, marks[index])
        return self.location

    def marked_like(self, items) -> "MarkedList":
        """A new list of `items` (this one's, changed or not) whose locations are this one's:
        shared, not copied, so neither may change them afterwards."""
        result = MarkedList(items)
        try:
            result._file, result._mark, result._item_marks = (self._file, self._mark,
                                                              self._item_marks)
        except AttributeError:  # a list made in code, with locations assigned (or none)
            pass
        if self.__dict__:
            result.__dict__.update(self.__dict__)
        return result


def read_source(path: Path, shown: str, what: str = "") -> str:
    """The text of a spec (or, with `what`, e.g. "the included file ", another file), read by
    `cnncalc.files.inputs.read_text`: a regular file only, without blocking, at most
    `MAX_FILE_BYTES`, UTF-8, under the current reading's policy."""
    return read_text(path, what.strip() or "the spec", shown)


def load_yaml(text: str, filename: str) -> Any:
    """Parse `text` (the contents of `filename`) into marked containers and scalars."""
    if len(text) > MAX_FILE_BYTES:
        raise SpecError(f"the text is {len(text):,} characters long; a spec is at most "
                        f"{MAX_FILE_BYTES:,}", Location(filename, 1, 1))
    if C_PARSER is not None:
        try:
            with collector_paused():
                return _Builder(filename).build(C_PARSER(text))
        except yaml.YAMLError as error:
            if LIBYAML_DEPTH not in str(getattr(error, "problem", "")):
                raise _not_yaml(error, filename, text) from None
            # libyaml's own nesting limit, met while it scans ahead, before ours could speak:
            # the pure-Python parser reads the text again and ours says where
    try:
        with collector_paused():
            return _Builder(filename).build(yaml.SafeLoader(text))
    except yaml.YAMLError as error:
        raise _not_yaml(error, filename, text) from None


def _not_yaml(error: yaml.YAMLError, filename: str, text: str = "") -> SpecError:
    """The parser's complaint as a located sentence; an unquoted ``${…}`` where it stopped
    (inside ``{…}`` or ``[…]``) gets the fix the docs give."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        bare = unquoted_expression(text, mark.line, mark.column) if mark else None
        if bare is not None:
            column, expression = bare
            return SpecError(f"this is not valid YAML: {problem}: inside {{…}} or […] YAML "
                             f"reads the '{{' of {expression} as the start of another mapping; "
                             f'quote it: "{expression}"',
                             Location(filename, mark.line + 1, column + 1))
        return SpecError(f"this is not valid YAML: {problem}",
                         _location(filename, mark) if mark else None)
    return SpecError(f"this is not valid YAML: {error}", Location(filename, 1, 1))


_BARE_EXPRESSION = re.compile(r"""(?<!["'])\$\{[^}\n]*\}""")
"""``${…}`` not opened by a quote: YAML reads it as text in a block, but inside a flow
collection its ``{`` opens a mapping."""


def unquoted_expression(text: str, line: int, column: int) -> tuple[int, str] | None:
    """(column, text) of the unquoted ``${…}`` on `line` (0-based) that starts nearest before
    the parser's `column`, where it stopped (libyaml at the ``$``, PyYAML at the ``{``); None
    when there is none.

    >>> unquoted_expression("  - conv: {filters: ${4 * w}, kernel: 1}", 0, 21)
    (20, '${4 * w}')
    >>> unquoted_expression('  - conv: {filters: "${4 * w}"', 0, 21) is None
    True
    """
    lines = text.split("\n", line + 1)
    text_line = lines[line] if line < len(lines) else ""
    found = [match for match in _BARE_EXPRESSION.finditer(text_line)
             if match.start() <= column + 1]
    if not found:
        return None
    return found[-1].start(), found[-1].group()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a document is read or unrolled, and
    restarted after (if it was running). Building hundreds of thousands of small containers
    that all stay alive otherwise sets off collection after collection, each going over
    everything built so far: about half the time of reading a 100,000-layer spec. What is
    built here makes no reference cycles; any other garbage waits for the next collection."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


_MISSING = object()
_IMPLICIT_FIRST = (None if None in _RESOLVER.yaml_implicit_resolvers or _RESOLVER.yaml_path_resolvers
                   else frozenset(_RESOLVER.yaml_implicit_resolvers))
"""The first characters of the plain scalars YAML may read as something other than text
(numbers, booleans, null, ``<<``…); a plain scalar starting otherwise is text, unresolved."""


class _Builder:
    """Turns parser events into `MarkedDict`, `MarkedList` and scalars, checking the limits.

    One loop over the events, with no recursion: the collection being built is held in local
    variables, those around it on a stack. Each value's place is kept as the parser's mark
    (see `_FromMarks`); plain scalars are resolved once per distinct text."""

    def __init__(self, filename: str):
        self.filename = filename
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.plain: dict[str, Any] = {}
        """Plain scalars already resolved and constructed, by their text."""

    def where(self, mark) -> Location:
        return _location(self.filename, mark)

    def build(self, loader) -> Any:
        """The document the events of `loader` (a PyYAML parser) describe."""
        try:
            return self._build(iter(loader.get_event, None))
        finally:
            loader.dispose()

    def _build(self, events) -> Any:
        filename, anchors, plain = self.filename, self.anchors, self.plain
        # the collection being built: the container, whether it is a mapping, for a mapping
        # the key waiting for its value (key_mark None while a key is awaited) and the mappings
        # merged in with '<<', its anchor and where its values count from; and its marks (of
        # its keys and values, or of its items), which the container also holds
        container = key = key_mark = merged = anchor = None
        key_marks = value_marks = item_marks = None
        is_map, first_value = False, 0
        stack: list[tuple] = []  # the frame (the first line's variables) of each one around it
        push, pop = stack.append, stack.pop
        values, result, documents = 0, None, 0
        known_plain, scalar, check_key = plain.get, self.scalar, self.check_key
        for event in events:
            kind = event.__class__
            if kind is ScalarEvent:  # most events: a scalar, most often a key or its value
                mark = event.start_mark
                if event.tag is None:
                    if event.implicit[0]:
                        value = known_plain(event.value, _MISSING)
                        if value is _MISSING:
                            value = self.plain_scalar(event)
                    else:
                        value = event.value  # quoted: text
                else:
                    value = scalar(event)
                values += 1
                if values > MAX_VALUES:
                    raise self.too_many(mark)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
                if is_map and key_mark is None:  # a key: a new word, or checked (and refused)
                    if (value.__class__ is not str or value in container) \
                            and value is not _MERGE_KEY:
                        check_key(value, container, key_marks, mark)
                    key, key_mark = value, mark
                    continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = container
                if merged:
                    self.merge(value, merged)
                if anchor is not None:
                    anchors[anchor] = (value, values - first_value)
                mark = value._mark
                container, is_map, key, key_mark, merged, anchor, first_value = pop()
                if is_map:
                    key_marks, value_marks = container._key_marks, container._value_marks
                elif container is not None:
                    item_marks = container._item_marks
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = event.start_mark
                if len(stack) >= MAX_DEPTH:
                    raise SpecError(f"the YAML nests more than {MAX_DEPTH} levels deep; a spec "
                                    "needs a few levels (a list of layers, each a mapping of "
                                    "settings)", self.where(mark))
                if event.tag not in _COLLECTION_TAGS:
                    raise SpecError(f"the tag '{event.tag}' is not part of a spec; remove it",
                                    self.where(mark))
                if is_map and key_mark is None:
                    raise SpecError("a mapping key must be a plain word, not a list or mapping",
                                    self.where(mark))
                push((container, is_map, key, key_mark, merged, anchor, first_value))
                if kind is MappingStartEvent:
                    container, is_map = MarkedDict(), True
                    container._key_marks = key_marks = {}
                    container._value_marks = value_marks = {}
                else:
                    container, is_map = MarkedList(), False
                    container._item_marks = item_marks = []
                container._file, container._mark = filename, mark
                key = key_mark = merged = None
                anchor, first_value = event.anchor, values
                values += 1
                continue
            elif kind is AliasEvent:
                value, mark = self.alias(event, anchor, stack), event.start_mark
                values += anchors[event.anchor][1]
                if values > MAX_VALUES:
                    raise self.too_many(mark)
            else:
                if kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise SpecError("this is not valid YAML: a spec is one YAML document, "
                                        "but another begins here; remove the second '---'",
                                        self.where(event.start_mark))
                continue
            # put `value`, found at `mark`, into the collection being built
            if is_map:
                if key_mark is None:  # an alias as a key (a scalar key was put in place above)
                    if value is not _MERGE_KEY:
                        check_key(value, container, key_marks, mark)
                    key, key_mark = value, mark
                elif key is _MERGE_KEY:
                    if merged is None:
                        merged = []
                    merged.append(self.merged(value, mark))
                    key = key_mark = None
                else:
                    container[key] = value
                    key_marks[key] = key_mark
                    value_marks[key] = mark
                    key = key_mark = None
            elif container is not None:
                if len(container) >= MAX_ITEMS:
                    raise SpecError(f"a list of more than {MAX_ITEMS:,} items; a spec has at "
                                    f"most {MAX_ITEMS:,} layers", self.where(mark))
                container.append(value)
                item_marks.append(mark)
            else:
                result = value  # the document
        return result

    def too_many(self, mark) -> SpecError:
        return SpecError(f"the YAML holds more than {MAX_VALUES:,} values (aliases counted as "
                         "often as they are used); a spec is far smaller — use repeat: or a "
                         "block instead of copying", self.where(mark))

    def check_key(self, value, container, key_marks, mark) -> None:
        if isinstance(value, (dict, list)) or not (
                value is None or isinstance(value, (str, int, float, bool))):
            raise SpecError("a mapping key must be a plain word", self.where(mark))
        if value in container:
            first = key_marks[value].line + 1
            raise SpecError(f"duplicate key '{value}' (first given at line {first}); "
                            "give each setting once", self.where(mark))

    def merged(self, value, mark) -> list:
        """What ``<<`` merges: a mapping or a list of them."""
        merged = value if isinstance(value, list) else [value]
        if not merged or not all(isinstance(item, dict) for item in merged):
            raise SpecError("'<<' merges a mapping (or a list of them) written with an "
                            "anchor, e.g. '<<: *defaults'", self.where(mark))
        return merged

    def plain_scalar(self, event) -> Any:
        """A plain (unquoted, untagged) scalar, resolved as YAML does: ``8`` is a number,
        ``true`` a boolean, ``relu`` text. Remembered by its text for the next time."""
        text = event.value
        if _IMPLICIT_FIRST is not None and text[:1] not in _IMPLICIT_FIRST:
            value = text
        else:
            value = self.scalar(event)
        self.plain[text] = value
        return value

    def scalar(self, event) -> Any:
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR:
            return value
        if tag in _NUMBERS and len(value) > MAX_NUMBER_CHARS:
            raise SpecError(f"a number of {len(value):,} characters is not a layer setting; "
                            f"numbers are written with at most {MAX_NUMBER_CHARS} characters",
                            self.where(event.start_mark))
        if tag == _MERGE:
            return _MERGE_KEY
        constructor = _CONSTRUCTOR.yaml_constructors.get(tag)
        if constructor is None or tag.startswith("tag:yaml.org,2002:python"):
            raise SpecError(f"the tag '{tag}' is not part of a spec; remove it",
                            self.where(event.start_mark))
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return constructor(_CONSTRUCTOR, node)
        except (ValueError, TypeError, OverflowError) as error:
            raise SpecError(f"cannot read {value[:40]!r} as {tag.rpartition(':')[2]}: {error}",
                            self.where(event.start_mark)) from None
        except (AttributeError, KeyError, IndexError):
            # PyYAML's constructors assume the text matches the tag's pattern: '!!timestamp
            # hello' fails on a missing match, '!!bool maybe' on a missing word
            name = tag.rpartition(':')[2]
            raise SpecError(f"cannot read {value[:40]!r} as {name}: it is not written as YAML "
                            f"writes a {name}", self.where(event.start_mark)) from None

    def alias(self, event, anchor, stack) -> Any:
        """The value an alias stands for (`anchor` and `stack`: those of the collections being
        built, which it may not name)."""
        name = event.anchor
        if name not in self.anchors:
            if anchor == name or any(frame[5] == name for frame in stack):
                raise SpecError(f"the alias '*{name}' stands inside the collection it names, "
                                "which would contain itself", self.where(event.start_mark))
            raise SpecError(f"the alias '*{name}' names no anchor; write '&{name}' on a "
                            "value before it", self.where(event.start_mark))
        return self.anchors[name][0]

    @staticmethod
    def merge(own: MarkedDict, merged: list) -> None:
        """``<<: *defaults``: the merged keys first, then this mapping's own (which win)."""
        result, key_marks, value_marks = {}, {}, {}
        for mappings in merged:
            for mapping in mappings:
                for key, value in mapping.items():
                    if key not in own and key not in result:
                        result[key] = value
                        key_marks[key] = mapping._key_marks.get(key, mapping._mark)
                        value_marks[key] = mapping._value_marks.get(key, mapping._mark)
        for key, value in own.items():
            result[key] = value
            key_marks[key] = own._key_marks[key]
            value_marks[key] = own._value_marks[key]
        own.clear()
        own.update(result)
        own._key_marks, own._value_marks = key_marks, value_marks


_MERGE_KEY = object()
_COLLECTION_TAGS = frozenset({None, "!", _MAP, _SEQ})
"""The tags a mapping or a list may carry: none, the non-specific '!', or its own."""


def plain(value: Any) -> Any:
    """Marked containers as ordinary dicts and lists (for data that leaves the reader)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
