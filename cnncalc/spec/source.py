"""Read YAML safely while keeping where every mapping, key, sequence item and value came from.

`load_yaml` returns ordinary dicts, lists and scalars, except that mappings are `MarkedDict`
and sequences `MarkedList`: they remember the location of themselves, of each key and of each
value, so that errors can point at ``file:line:column``. Duplicate keys are errors (plain PyYAML
silently keeps the last one).

The document is built from the parser's events with an explicit stack — no recursion — by
libyaml's C parser when PyYAML has it (``yaml.CSafeLoader``: the same line and column marks,
several times faster), else by PyYAML's pure-Python parser. Text that libyaml refuses is read
again by the pure-Python parser, so that every file gets the same message at the same place on
either path (libyaml 0.2.6 has limits of its own, such as 1,000 levels of nesting, that would
otherwise speak before ours). Hostile input is refused with a
sentence, before it costs time or memory (the limits are stated here and in docs/readme/perf.md):

- nesting deeper than `MAX_DEPTH` collections;
- a list of more than `MAX_ITEMS` items;
- aliases whose expansion would exceed `MAX_VALUES` values in all ("billion laughs"), and an
  alias to the collection it stands in (a structure that contains itself);
- a number written with more than `MAX_NUMBER_CHARS` characters;
- tags other than YAML's standard scalar tags;
- a file larger than `MAX_FILE_BYTES`, before it is read (`read_source`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent)

from ..errors import Location, SpecError

MAX_DEPTH = 100
"""Collections nest at most this deep (a real spec nests fewer than ten)."""
MAX_VALUES = 2_000_000
"""At most this many values (scalars and collections) in a document, aliases expanded."""
MAX_ITEMS = 100_000
"""A list holds at most this many items: a spec has at most 100,000 layers (expand.MAX_NODES),
and a longer list is refused while it is read, not after."""
MAX_NUMBER_CHARS = 100
"""A number is written with at most this many characters (no layer size comes close)."""
MAX_FILE_BYTES = 16_000_000
"""A spec or an included file is at most 16 MB (100,000 layers written out take about 4 MB)."""

C_PARSER = getattr(yaml, "CSafeLoader", None)
"""libyaml's parser, when PyYAML was built with it; None forces the pure-Python parser."""

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class MarkedDict(dict):
    """A mapping that knows where it, its keys and its values stand in the file."""

    location: Location
    key_locations: dict
    value_locations: dict

    def key_location(self, key: str) -> Location:
        return self.key_locations.get(key, self.location)

    def value_location(self, key: str) -> Location:
        return self.value_locations.get(key, self.location)


class MarkedList(list):
    """A sequence that knows where it and each of its items stand in the file."""

    location: Location
    item_locations: list

    def item_location(self, index: int) -> Location:
        if 0 <= index < len(self.item_locations):
            return self.item_locations[index]
        return self.location


def read_source(path: Path, shown: str, what: str = "") -> str:
    """The text of a spec (or, with `what`, e.g. "the included file ", another file), refused
    unread when it is larger than `MAX_FILE_BYTES`."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SpecError(f"{what}{shown} is {size:,} bytes; a spec is at most "
                            f"{MAX_FILE_BYTES:,} bytes (100,000 layers take about 4 MB) — is "
                            "it the right file?")
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError(f"cannot read {what}{shown}: {error}") from None


def load_yaml(text: str, filename: str) -> Any:
    """Parse `text` (the contents of `filename`) into marked containers and scalars."""
    if len(text) > MAX_FILE_BYTES:
        raise SpecError(f"the text is {len(text):,} characters long; a spec is at most "
                        f"{MAX_FILE_BYTES:,}", Location(filename, 1, 1))
    if C_PARSER is not None:
        try:
            return _Builder(filename).build(yaml.parse(text, Loader=C_PARSER))
        except yaml.YAMLError:
            pass  # said again below by the pure-Python parser, whose messages are the reference
    try:
        return _Builder(filename).build(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        location = Location(filename, mark.line + 1, mark.column + 1) if mark else None
        problem = error.problem or error.context or "not valid YAML"
        raise SpecError(f"this is not valid YAML: {problem}", location) from None
    except yaml.YAMLError as error:
        raise SpecError(f"this is not valid YAML: {error}", Location(filename, 1, 1)) from None


class _Frame:
    """A collection being built: the container, its anchor, where its values count from and,
    for a mapping, the key waiting for its value and the mappings merged in with ``<<``."""

    __slots__ = ("container", "anchor", "first_value", "key", "key_location", "merged")

    def __init__(self, container, anchor, first_value):
        self.container, self.anchor, self.first_value = container, anchor, first_value
        self.key = self.key_location = None
        self.merged = []


class _Builder:
    """Turns parser events into `MarkedDict`, `MarkedList` and scalars, checking the limits."""

    def __init__(self, filename: str):
        self.filename = filename
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.values = 0

    def where(self, event) -> Location:
        mark = event.start_mark
        return Location(self.filename, mark.line + 1, mark.column + 1)

    def build(self, events) -> Any:
        stack: list[_Frame] = []
        result, documents = None, 0
        for event in events:
            kind = type(event)
            if kind is ScalarEvent:
                value = self.scalar(event)
                if stack:
                    self.add(stack, value, event, 1)
                else:
                    result = value  # a document that is one scalar
                continue
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                self.check_collection(event, stack)
                if kind is MappingStartEvent:
                    container = MarkedDict()
                    container.key_locations, container.value_locations = {}, {}
                else:
                    container = MarkedList()
                    container.item_locations = []
                container.location = self.where(event)
                stack.append(_Frame(container, event.anchor, self.values))
                self.values += 1
                continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if frame.merged:
                    self.merge(frame)
                size = self.values - frame.first_value
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.container, size)
                if stack:
                    self.add(stack, frame.container, None, 0, frame.container.location)
                else:
                    result = frame.container
                continue
            if kind is AliasEvent:
                self.alias(event, stack)
                continue
            if kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise SpecError("this is not valid YAML: a spec is one YAML document, but "
                                    "another begins here; remove the second '---'",
                                    self.where(event))
        return result

    def check_collection(self, event, stack) -> None:
        if len(stack) >= MAX_DEPTH:
            raise SpecError(f"the YAML nests more than {MAX_DEPTH} levels deep; a spec needs a "
                            "few levels (a list of layers, each a mapping of settings)",
                            self.where(event))
        if event.tag not in (None, "!", _MAP, _SEQ):
            raise SpecError(f"the tag '{event.tag}' is not part of a spec; remove it",
                            self.where(event))
        if stack and isinstance(stack[-1].container, dict) and stack[-1].key_location is None:
            raise SpecError("a mapping key must be a plain word, not a list or mapping",
                            self.where(event))

    def count(self, size: int, event) -> None:
        self.values += size
        if self.values > MAX_VALUES:
            raise SpecError(f"the YAML holds more than {MAX_VALUES:,} values (aliases "
                            "counted as often as they are used); a spec is far smaller — "
                            "use repeat: or a block instead of copying", self.where(event))

    def scalar(self, event) -> Any:
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR:
            return value
        if tag in _NUMBERS and len(value) > MAX_NUMBER_CHARS:
            raise SpecError(f"a number of {len(value):,} characters is not a layer setting; "
                            f"numbers are written with at most {MAX_NUMBER_CHARS} characters",
                            self.where(event))
        if tag == _MERGE:
            return _MERGE_KEY
        constructor = _CONSTRUCTOR.yaml_constructors.get(tag)
        if constructor is None or tag.startswith("tag:yaml.org,2002:python"):
            raise SpecError(f"the tag '{tag}' is not part of a spec; remove it",
                            self.where(event))
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return constructor(_CONSTRUCTOR, node)
        except (ValueError, TypeError, OverflowError) as error:
            raise SpecError(f"cannot read {value[:40]!r} as {tag.rpartition(':')[2]}: {error}",
                            self.where(event)) from None

    def alias(self, event, stack) -> None:
        anchor = event.anchor
        if anchor not in self.anchors:
            if any(frame.anchor == anchor for frame in stack):
                raise SpecError(f"the alias '*{anchor}' stands inside the collection it names, "
                                "which would contain itself", self.where(event))
            raise SpecError(f"the alias '*{anchor}' names no anchor; write '&{anchor}' on a "
                            "value before it", self.where(event))
        value, size = self.anchors[anchor]
        self.count(size, event)
        self.add(stack, value, event, 0)

    def add(self, stack, value, event, size: int, at: Location | None = None) -> None:
        """Put `value` into the collection on top of the stack (or make it the document)."""
        if size:
            self.count(size, event)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, size)
        frame = stack[-1]
        container = frame.container
        where = at or self.where(event)
        if isinstance(container, list):
            if len(container) >= MAX_ITEMS:
                raise SpecError(f"a list of more than {MAX_ITEMS:,} items; a spec has at most "
                                f"{MAX_ITEMS:,} layers", where)
            container.append(value)
            container.item_locations.append(where)
            return
        if frame.key_location is None:  # this value is a key
            if value is _MERGE_KEY:
                frame.key, frame.key_location = _MERGE_KEY, where
                return
            if isinstance(value, (dict, list)) or not (
                    value is None or isinstance(value, (str, int, float, bool))):
                raise SpecError("a mapping key must be a plain word", where)
            if value in container:
                first = container.key_locations[value]
                raise SpecError(f"duplicate key '{value}' (first given at line {first.line}); "
                                "give each setting once", where)
            frame.key, frame.key_location = value, where
            return
        key = frame.key
        if key is _MERGE_KEY:
            merged = value if isinstance(value, list) else [value]
            if not merged or not all(isinstance(item, dict) for item in merged):
                raise SpecError("'<<' merges a mapping (or a list of them) written with an "
                                "anchor, e.g. '<<: *defaults'", where)
            frame.merged.append(merged)
        else:
            container[key] = value
            container.key_locations[key] = frame.key_location
            container.value_locations[key] = where
        frame.key = frame.key_location = None

    def merge(self, frame: _Frame) -> None:
        """``<<: *defaults``: the merged keys first, then this mapping's own (which win)."""
        own = frame.container
        result = MarkedDict()
        result.key_locations, result.value_locations = {}, {}
        for merged in frame.merged:
            for mapping in merged:
                for key, value in mapping.items():
                    if key not in own and key not in result:
                        result[key] = value
                        result.key_locations[key] = mapping.key_location(key)
                        result.value_locations[key] = mapping.value_location(key)
        for key, value in own.items():
            result[key] = value
            result.key_locations[key] = own.key_locations[key]
            result.value_locations[key] = own.value_locations[key]
        own.clear()
        own.update(result)
        own.key_locations, own.value_locations = result.key_locations, result.value_locations


_MERGE_KEY = object()
