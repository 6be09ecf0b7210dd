"""What a homework question may ask for, and the true value of each, read off the numbers model.

A quantity is asked about one layer (a `LayerRow`) or about the whole network (the `Summary`'s
totals). Shapes are tuples (H, W, C) or (N,); a receptive field and its jump are tuples (H, W),
answered ``7x7`` or, when square, ``7``, or the word ``global``; the centre of the first
output's field (``rf_start``) is a point (row, column) in input pixels, answered ``(5, 5)`` or
``5``; every other quantity is a whole number.

**Parameters, as courses mean them.** ``ask: params`` (also ``parameters``, ``total_params``)
means the *trainable* parameters: the count torchvision, torchinfo and the papers publish
(ResNet-50: 25,557,032). BatchNorm's running mean and variance are not trained; they are asked
for with ``non_trainable_params``, and everything together with ``all_params`` (ResNet-50:
25,557,032 + 53,120 = 25,610,152). A student who counts the statistics made the slip
``bn_statistics_counted``, which a course may accept.
"""

from __future__ import annotations

import re
from enum import Enum
from fractions import Fraction
from typing import Any

from ..report import BYTES_PER_FLOAT32, LayerRow, Summary


class Quantity(str, Enum):
    OUTPUT_SHAPE = "output_shape"
    HEIGHT = "height"
    WIDTH = "width"
    CHANNELS = "channels"
    PARAMS = "all_params"
    """Trainable parameters and BatchNorm's running statistics together; ``ask: params`` is
    `TRAINABLE_PARAMS`."""
    WEIGHTS = "weights"
    BIASES = "biases"
    TRAINABLE_PARAMS = "trainable_params"
    NON_TRAINABLE_PARAMS = "non_trainable_params"
    MULTS = "mults"
    FLOPS = "flops"
    ACTIVATIONS = "activations"
    MEMORY = "memory"
    """Bytes at float32: a layer's output activations; for the network, parameters +
    activations + input."""
    RECEPTIVE_FIELD = "receptive_field"
    """The input pixels one output sees, (H, W); the string ``global`` when it sees the whole
    input. For the network: its output layer's."""
    JUMP = "jump"
    """The distance in input pixels between neighbouring outputs' fields, (H, W): the product
    of the strides so far."""
    RF_START = "rf_start"
    """The centre of the first output's field, (row, column) in input pixels (the first input
    pixel's centre is 0); may be negative or fall between pixels."""

    @property
    def is_shape(self) -> bool:
        return self is Quantity.OUTPUT_SHAPE

    @property
    def is_size(self) -> bool:
        """Answered as ``H×W`` (one number when square) or ``global``, not a count."""
        return self in (Quantity.RECEPTIVE_FIELD, Quantity.JUMP)

    @property
    def is_point(self) -> bool:
        """Answered as a point ``(row, column)`` (one number when both are equal)."""
        return self is Quantity.RF_START

    @property
    def of_output(self) -> bool:
        """Asked of the network, it means its output layer's (not a sum over its layers)."""
        return self in OF_OUTPUT

    @property
    def text(self) -> str:
        """How a question about it reads: ``output shape``, ``multiplications``."""
        return QUANTITY_TEXT[self]


QUANTITY_TEXT = {
    Quantity.OUTPUT_SHAPE: "output shape", Quantity.HEIGHT: "output height",
    Quantity.WIDTH: "output width", Quantity.CHANNELS: "output channels",
    Quantity.PARAMS: "all parameters (with BatchNorm's running statistics)",
    Quantity.WEIGHTS: "weights", Quantity.BIASES: "biases",
    Quantity.TRAINABLE_PARAMS: "trainable parameters",
    Quantity.NON_TRAINABLE_PARAMS: "non-trainable parameters",
    Quantity.MULTS: "multiplications", Quantity.FLOPS: "FLOPs",
    Quantity.ACTIVATIONS: "activations", Quantity.MEMORY: "memory (bytes, float32)",
    Quantity.RECEPTIVE_FIELD: "receptive field", Quantity.JUMP: "receptive field jump",
    Quantity.RF_START: "centre of the first receptive field",
}

ALIASES = {
    "output": Quantity.OUTPUT_SHAPE, "shape": Quantity.OUTPUT_SHAPE,
    "output_size": Quantity.OUTPUT_SHAPE, "h": Quantity.HEIGHT, "output_height": Quantity.HEIGHT,
    "w": Quantity.WIDTH, "output_width": Quantity.WIDTH, "c": Quantity.CHANNELS,
    "depth": Quantity.CHANNELS, "output_channels": Quantity.CHANNELS,
    "params": Quantity.TRAINABLE_PARAMS, "parameters": Quantity.TRAINABLE_PARAMS,
    "total_params": Quantity.TRAINABLE_PARAMS, "all_parameters": Quantity.PARAMS,
    "trainable": Quantity.TRAINABLE_PARAMS, "non_trainable": Quantity.NON_TRAINABLE_PARAMS,
    "multiplications": Quantity.MULTS, "macs": Quantity.MULTS,
    "multiply_accumulates": Quantity.MULTS, "output_elements": Quantity.ACTIVATIONS,
    "rf": Quantity.RECEPTIVE_FIELD, "receptive_field_size": Quantity.RECEPTIVE_FIELD,
    "rf_jump": Quantity.JUMP, "stride_product": Quantity.JUMP, "rf_center": Quantity.RF_START,
    "rf_centre": Quantity.RF_START, "receptive_field_start": Quantity.RF_START,
}
OF_OUTPUT = frozenset({Quantity.OUTPUT_SHAPE, Quantity.HEIGHT, Quantity.WIDTH, Quantity.CHANNELS,
                       Quantity.RECEPTIVE_FIELD, Quantity.JUMP, Quantity.RF_START})


ASK_WORDS = tuple(word for quantity in Quantity for word in (
    ("params", quantity.value) if quantity is Quantity.PARAMS else (quantity.value,)))
"""What a question's ``ask`` may say, as error messages list it (aliases aside)."""


def quantity_named(word: str) -> Quantity | None:
    """The quantity a word in an answer file names (case and ``-``/space insensitive)."""
    key = str(word).strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Quantity(key)
    except ValueError:
        return ALIASES.get(key)


def layer_value(quantity: Quantity, row: LayerRow) -> int | tuple[int, ...] | str:
    """The true value of `quantity` for one layer.

    >>> from cnncalc.report import LayerRow
    >>> row = LayerRow("conv1", "conv", "", ("input",), ((227, 227, 3),), (55, 55, 96),
    ...                34_944, 0, 105_415_200, 55 * 55 * 96, biases=96)
    >>> layer_value(Quantity.WEIGHTS, row), layer_value(Quantity.FLOPS, row)
    (34848, 210830400)
    """
    if quantity in (Quantity.RECEPTIVE_FIELD, Quantity.JUMP, Quantity.RF_START):
        return receptive_field_value(row, quantity)
    shape = row.output_shape
    spatial = len(shape) == 3
    values = {
        Quantity.OUTPUT_SHAPE: shape,
        Quantity.HEIGHT: shape[0] if spatial else None,
        Quantity.WIDTH: shape[1] if spatial else None,
        Quantity.CHANNELS: shape[-1],
        Quantity.PARAMS: row.params,
        Quantity.WEIGHTS: row.weights,
        Quantity.BIASES: row.biases,
        Quantity.TRAINABLE_PARAMS: row.trainable_params,
        Quantity.NON_TRAINABLE_PARAMS: row.non_trainable_params,
        Quantity.MULTS: row.mults,
        Quantity.FLOPS: row.flops,
        Quantity.ACTIVATIONS: row.activations,
        Quantity.MEMORY: row.activations * BYTES_PER_FLOAT32,
    }
    value = values[quantity]
    if value is None:
        raise ValueError(f"{row.name}'s output is a vector of {shape[0]}: it has no "
                         f"{quantity.text}")
    return value


def receptive_field_value(row: LayerRow, quantity: Quantity = Quantity.RECEPTIVE_FIELD
                          ) -> tuple | str:
    """(H, W) of a layer's receptive field (or its jump, or its first centre), or ``"global"``
    (a global field has no jump or centre: a `ValueError`).

    >>> from cnncalc.receptive import ReceptiveField
    >>> row = LayerRow("conv1", "conv", "", ("input",), ((227, 227, 3),), (55, 55, 96), 0, 0, 0,
    ...                0, receptive_field=ReceptiveField((11, 11), (4, 4), (5, 5)))
    >>> receptive_field_value(row), receptive_field_value(row, Quantity.RF_START)
    ((11, 11), (5, 5))
    """
    field = row.receptive_field
    if field is None:
        raise ValueError(f"{row.name} has no receptive field: the network's input is a vector")
    if field.is_global:
        if quantity is Quantity.RECEPTIVE_FIELD:
            return "global"
        raise ValueError(f"{row.name}'s receptive field is the whole input: it has no "
                         f"{quantity.text}")
    values = {Quantity.RECEPTIVE_FIELD: field.size, Quantity.JUMP: field.jump,
              Quantity.RF_START: field.start}
    return tuple(values[quantity])


def total_value(quantity: Quantity, summary: Summary) -> int | tuple[int, ...] | str:
    """The true value of `quantity` for the whole network (its output for shapes and the
    receptive field)."""
    totals = summary.totals
    if quantity.of_output:
        return layer_value(quantity, summary.row(summary.output))
    values = {
        Quantity.PARAMS: totals.params,
        Quantity.WEIGHTS: sum(row.weights for row in summary.layers),
        Quantity.BIASES: sum(row.biases for row in summary.layers),
        Quantity.TRAINABLE_PARAMS: totals.trainable_params,
        Quantity.NON_TRAINABLE_PARAMS: totals.non_trainable_params,
        Quantity.MULTS: totals.mults,
        Quantity.FLOPS: totals.flops,
        Quantity.ACTIVATIONS: totals.activations,
        Quantity.MEMORY: totals.params_bytes + totals.activations_bytes + totals.input_bytes,
    }
    return values[quantity]


_COORDINATE = re.compile(r"[+\-−]?\d{1,9}(?:\.\d{1,9})?(?:/\d{1,9})?")


def read_point(raw: Any) -> tuple[Fraction, Fraction]:
    """A point (row, column) in input pixels, as exact fractions: ``(5, 5)``, ``[5, 5]``,
    ``5, 5``, ``5`` (both equal), ``-0.5``, ``1/2``; a YAML list of two numbers.

    >>> read_point("(4.5, -1)"), read_point(9)
    ((Fraction(9, 2), Fraction(-1, 1)), (Fraction(9, 1), Fraction(9, 1)))
    """
    from .values import UnreadableAnswer

    if isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, (int, float)):
        raw = [raw]
    if isinstance(raw, list):
        parts = [str(item) for item in raw]
    else:
        text = str(raw).strip()
        if len(text) > 100:
            raise UnreadableAnswer("the answer is longer than 100 characters; a point is two "
                                   "numbers such as (5, 5)")
        parts = [part.strip() for part in text.strip("()[]").split(",")]
    if not 1 <= len(parts) <= 2 or not all(_COORDINATE.fullmatch(part) for part in parts) \
            or any(part.endswith("/0") or re.search(r"/0+$", part) for part in parts):
        raise UnreadableAnswer(f"{str(raw)[:100]!r} is not a point; write the row and the column "
                               "of the centre in input pixels, such as (5, 5) or (4.5, -1), or "
                               "one number when they are equal")
    values = [Fraction(part.replace("−", "-")) for part in parts]
    return (values[0], values[-1])
