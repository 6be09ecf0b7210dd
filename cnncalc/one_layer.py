"""One layer on its own: the network of a single layer, calculated by the same calculator as a
spec, for the one-layer commands (`cnncalc conv 227x227x3 --filters 96 --kernel 11`) and `solve`.

Settings arrive as raw values, as a spec item holds them, and are parsed by the registry class's
own `Setting` parsers; `setting_from_text` reads a value typed on the command line into that raw
form.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

import yaml

from .calculator import summarize
from .errors import CnnCalcError, SettingError
from .text import closest, closest_kind
from .graph import INPUT, Network, Node
from .layers import REGISTRY, Layer, Shape
from .report import LayerRow
from .spec import parse_shape

_PAIR = re.compile(r"\s*(\d+)\s*[x×X,]\s*(\d+)\s*")
_LONG_NUMBER = re.compile(r"\d{31}")


def setting_from_text(text: str) -> Any:
    """A setting typed on the command line, read as the spec's YAML would read it; a pair may
    also be written ``3x5`` or ``3,5``.

    >>> setting_from_text("3"), setting_from_text("3x5"), setting_from_text("3,5")
    (3, [3, 5], [3, 5])
    >>> setting_from_text("same"), setting_from_text("false"), setting_from_text("1.5")
    ('same', False, 1.5)
    """
    if _LONG_NUMBER.search(text):  # int() of more than 4,300 digits raises, and costs its length
        raise SettingError(f"{text[:20]}…: a number of more than 30 digits is not a layer "
                           "setting")
    pair = _PAIR.fullmatch(text)
    if pair:
        return [int(pair.group(1)), int(pair.group(2))]
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return text if value is None or isinstance(value, dict) else value


def input_from_text(text: str) -> Shape:
    """``227x227x3`` → (227, 227, 3); ``9216`` → (9216,).

    >>> input_from_text("227x227x3"), input_from_text("9216")
    ((227, 227, 3), (9216,))
    """
    return parse_shape(text.strip(), None)


def layer_class(kind: str) -> type[Layer]:
    """The registry class of a kind or alias; an unknown kind is a `CnnCalcError`."""
    cls = REGISTRY.get(kind)
    if cls is None:
        raise CnnCalcError(f"unknown layer kind '{kind}'{closest_kind(kind, REGISTRY)}; the "
                           "kinds are listed by 'cnncalc kinds'")
    return cls


def build_layer(kind: str, settings: Mapping[str, Any]) -> Layer:
    """The layer a spec item ``- kind: {settings}`` makes, checked the same way."""
    cls = layer_class(kind)
    for key in settings:
        if key not in cls.settings:
            takes = ", ".join(cls.settings) or "no settings"
            raise SettingError(f"{cls.kind} has no setting '{key}'{closest(key, cls.settings)}; "
                               f"it takes: {takes}", key=key)
    try:
        return cls.from_settings(dict(settings))
    except SettingError as error:
        raise SettingError(f"{cls.kind}: {error}", key=error.key) from None


def one_layer_network(kind: str, settings: Mapping[str, Any], input_shape: Shape) -> Network:
    """A network of one layer, named after its kind's prefix (``conv1``). It has no file, so its
    errors name the layer by its kind: ``conv: kernel 11×11 is larger than …``."""
    layer = build_layer(kind, settings)
    cls = type(layer)
    name = f"{cls.prefix}1"
    node = Node(name, cls.kind, layer, (INPUT,), None, cls.kind)  # type: ignore[arg-type]
    return Network(name=cls.kind, input_shape=tuple(input_shape), nodes=[node],
                   file="<command line>", output=name)


def calculate_layer(kind: str, settings: Mapping[str, Any], input_shape: Shape) -> LayerRow:
    """The calculator's row for one layer applied to `input_shape`.

    >>> row = calculate_layer("conv", {"filters": 96, "kernel": 11, "stride": 4}, (227, 227, 3))
    >>> row.output_shape, row.params
    ((55, 55, 96), 34944)
    """
    return summarize(one_layer_network(kind, settings, input_shape)).layers[0]
