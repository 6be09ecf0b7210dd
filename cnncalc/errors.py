"""The one exception family a user can see. The CLI catches `CnnCalcError` once and prints it.

Every message follows the shape *where: what is wrong; what would be right*, e.g.
``alexnet.yaml:14:5: layer 3 'conv2': kernel 9×9 is larger than its padded input 7×7``.
"""

from __future__ import annotations

from typing import NamedTuple


class Location(NamedTuple):
    """A place in a spec file; line and column count from 1. (A named tuple, not a frozen
    dataclass: a 100,000-layer spec makes hundreds of thousands, at half the cost.)"""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class CnnCalcError(Exception):
    """Base of every error cnncalc reports to a user (exit code 2 at the CLI)."""


class SpecError(CnnCalcError):
    """A spec that cannot be read, expanded or calculated.

    ``location`` is where in the file; ``layer`` describes the layer (``layer 3 'conv2'``).
    """

    def __init__(self, message: str, location: Location | None = None, layer: str | None = None):
        self.message = message
        self.location = location
        self.layer = layer
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [str(self.location)] if self.location else []
        if self.layer:
            parts.append(self.layer)
        parts.append(self.message)
        return ": ".join(parts)


class SettingError(CnnCalcError):
    """A setting's value is wrong. The spec reader adds the location (of `key`, when the error
    is about one setting) and the layer."""

    def __init__(self, message: str, key: str | None = None):
        self.key = key
        super().__init__(message)


class ShapeError(CnnCalcError):
    """A layer cannot be applied to the shape it receives. The calculator adds where."""


class OptionError(CnnCalcError):
    """A command-line value the library cannot use: an unknown column, an output file whose
    format cannot be told from its name."""
