"""The contract every layer kind fulfils, and the registry that holds one class per kind.

A kind is a small class: its settings (declared, parsed and validated on construction) and four
questions answered from the shapes of its inputs: `output_shape`, `params`, `mults` and
`formulas` (the textbook formula with this layer's numbers put in). Register it with
``@register`` and it exists everywhere: in specs, in every view, in the docs test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Sequence

from ..errors import SettingError, ShapeError
from ..operations import Operations
from ..text import shape_text
from .settings import Setting

Shape = tuple[int, ...]
"""(H, W, C) for feature maps, (N,) for vectors."""


@dataclass(frozen=True)
class Params:
    """Parameter counts: trainable (weights, biases, BN's γ and β) and not (BN running stats).
    ``biases`` is the part of ``trainable`` that is biases (BN's β included); the rest of
    ``trainable`` is weights."""

    trainable: int = 0
    non_trainable: int = 0
    biases: int = 0

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable


NO_PARAMS = Params()


class Layer:
    """One layer kind. Subclasses set the class attributes and override what applies."""

    kind: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    prefix: ClassVar[str]
    """Automatic names are ``prefix`` + a counter: conv1, pool2…"""
    settings: ClassVar[dict[str, Setting]] = {}
    shorthand: ClassVar[str | None] = None
    """The setting a bare scalar fills (``- fc: 4096`` means units: 4096)."""
    min_inputs: ClassVar[int] = 1
    max_inputs: ClassVar[int | None] = 1
    doc: ClassVar[str] = ""

    def __init__(self, **values: Any):
        for key, value in values.items():
            setattr(self, key, value)
        self.validate()

    @classmethod
    def from_settings(cls, raw: dict[str, Any]) -> "Layer":
        """Parse raw values by the declared settings; the caller has checked the keys."""
        values = {}
        for key, setting in cls.settings.items():
            if key in raw:
                try:
                    values[key] = setting.parse(raw[key])
                except SettingError as error:
                    raise SettingError(f"{key}: {error}", key=key) from None
            elif setting.required:
                raise SettingError(f"{cls.kind} needs '{key}': {setting.doc}")
            else:
                values[key] = setting.default
        return cls(**values)

    def validate(self) -> None:
        """Check settings against each other; raise `SettingError`."""

    def describe(self) -> str:
        """A short summary of the hyper-parameters, e.g. ``96 × 11×11 /4``."""
        return ""

    def output_shape(self, inputs: Sequence[Shape]) -> Shape:
        raise NotImplementedError(f"{type(self).__name__} must define output_shape(inputs)")

    def params(self, inputs: Sequence[Shape]) -> Params:
        return NO_PARAMS

    def mults(self, inputs: Sequence[Shape], output: Shape) -> int:
        """Multiply-accumulates of the layer's linear arithmetic (conv and fc); 0 elsewhere."""
        return 0

    def operations(self, inputs: Sequence[Shape], output: Shape) -> Operations:
        """What the layer does for one sample, by category (`cnncalc.operations.Op`); a counting
        convention decides which categories count. Default: nothing (reshapes, concat…)."""
        return {}

    def formulas(self, inputs: Sequence[Shape], output: Shape) -> dict[str, str]:
        """The formula behind each number, keyed ``output``, ``params``, ``mults``."""
        return {}


def feature_map(shape: Shape, layer: Layer) -> tuple[int, int, int]:
    """The (H, W, C) of an input that must be a feature map."""
    if len(shape) != 3:
        raise ShapeError(
            f"{layer.kind} needs an H×W×C input, but receives a vector of {shape_text(shape)}; "
            "spatial layers must come before flatten and fc")
    return shape  # type: ignore[return-value]


REGISTRY: dict[str, type[Layer]] = {}
"""Every kind and alias → its class."""


def register(cls: type[Layer]) -> type[Layer]:
    """Class decorator: add a layer kind (and its aliases) to the registry."""
    for name in (cls.kind, *cls.aliases):
        if name in REGISTRY:
            raise RuntimeError(f"layer kind {name!r} is registered twice")
        REGISTRY[name] = cls
    return cls


def kinds() -> list[type[Layer]]:
    """Each registered class once, in registration order."""
    return list(dict.fromkeys(REGISTRY.values()))
