"""Read YAML safely while keeping where every mapping, key, sequence item and value came from.

`load_yaml` returns ordinary dicts, lists and scalars, except that mappings are `MarkedDict`
and sequences `MarkedList`: they remember the location of themselves, of each key and of each
value, so that errors can point at ``file:line:column``. Duplicate keys are errors (plain PyYAML
silently keeps the last one).
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Location, SpecError


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


def _make_loader(filename: str):
    def where(node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(filename, mark.line + 1, mark.column + 1)

    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: Loader, node: yaml.MappingNode) -> MarkedDict:
        loader.flatten_mapping(node)
        result = MarkedDict()
        result.location = where(node)
        result.key_locations, result.value_locations = {}, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise SpecError("a mapping key must be a plain word", where(key_node))
            if key in result:
                first = result.key_locations[key]
                raise SpecError(
                    f"duplicate key '{key}' (first given at line {first.line}); "
                    "give each setting once",
                    where(key_node),
                )
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_locations[key] = where(key_node)
            result.value_locations[key] = where(value_node)
        return result

    def construct_sequence(loader: Loader, node: yaml.SequenceNode) -> MarkedList:
        result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
        result.location = where(node)
        result.item_locations = [where(child) for child in node.value]
        return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def load_yaml(text: str, filename: str) -> Any:
    """Parse `text` (the contents of `filename`) into marked containers and scalars."""
    try:
        return yaml.load(text, Loader=_make_loader(filename))  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        location = Location(filename, mark.line + 1, mark.column + 1) if mark else None
        problem = error.problem or error.context or "not valid YAML"
        raise SpecError(f"this is not valid YAML: {problem}", location) from None
    except yaml.YAMLError as error:
        raise SpecError(f"this is not valid YAML: {error}", Location(filename, 1, 1)) from None
