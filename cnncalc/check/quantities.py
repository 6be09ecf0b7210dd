"""What a homework question may ask for, and the true value of each, read off the numbers model.

A quantity is asked about one layer (a `LayerRow`) or about the whole network (the `Summary`'s
totals). Shapes are tuples (H, W, C) or (N,); a receptive field is a tuple (H, W), answered
``7x7`` or, when square, ``7``, or the word ``global``; every other quantity is a whole number.
"""

from __future__ import annotations

from enum import Enum

from ..report import BYTES_PER_FLOAT32, LayerRow, Summary


class Quantity(str, Enum):
    OUTPUT_SHAPE = "output_shape"
    HEIGHT = "height"
    WIDTH = "width"
    CHANNELS = "channels"
    PARAMS = "params"
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

    @property
    def is_shape(self) -> bool:
        return self is Quantity.OUTPUT_SHAPE

    @property
    def is_size(self) -> bool:
        """Answered as ``H×W`` (one number when square) or ``global``, not a count."""
        return self is Quantity.RECEPTIVE_FIELD

    @property
    def text(self) -> str:
        """How a question about it reads: ``output shape``, ``multiplications``."""
        return QUANTITY_TEXT[self]


QUANTITY_TEXT = {
    Quantity.OUTPUT_SHAPE: "output shape", Quantity.HEIGHT: "output height",
    Quantity.WIDTH: "output width", Quantity.CHANNELS: "output channels",
    Quantity.PARAMS: "parameters", Quantity.WEIGHTS: "weights", Quantity.BIASES: "biases",
    Quantity.TRAINABLE_PARAMS: "trainable parameters",
    Quantity.NON_TRAINABLE_PARAMS: "non-trainable parameters",
    Quantity.MULTS: "multiplications", Quantity.FLOPS: "FLOPs",
    Quantity.ACTIVATIONS: "activations", Quantity.MEMORY: "memory (bytes, float32)",
    Quantity.RECEPTIVE_FIELD: "receptive field",
}

ALIASES = {
    "output": Quantity.OUTPUT_SHAPE, "shape": Quantity.OUTPUT_SHAPE,
    "output_size": Quantity.OUTPUT_SHAPE, "h": Quantity.HEIGHT, "output_height": Quantity.HEIGHT,
    "w": Quantity.WIDTH, "output_width": Quantity.WIDTH, "c": Quantity.CHANNELS,
    "depth": Quantity.CHANNELS, "output_channels": Quantity.CHANNELS,
    "parameters": Quantity.PARAMS, "total_params": Quantity.PARAMS,
    "trainable": Quantity.TRAINABLE_PARAMS, "non_trainable": Quantity.NON_TRAINABLE_PARAMS,
    "multiplications": Quantity.MULTS, "macs": Quantity.MULTS,
    "multiply_accumulates": Quantity.MULTS, "output_elements": Quantity.ACTIVATIONS,
    "rf": Quantity.RECEPTIVE_FIELD, "receptive_field_size": Quantity.RECEPTIVE_FIELD,
}


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
    if quantity is Quantity.RECEPTIVE_FIELD:
        return receptive_field_value(row)
    shape = row.output_shape
    spatial = len(shape) == 3
    values = {
        Quantity.OUTPUT_SHAPE: shape,
        Quantity.HEIGHT: shape[0] if spatial else None,
        Quantity.WIDTH: shape[1] if spatial else None,
        Quantity.CHANNELS: shape[-1],
        Quantity.PARAMS: row.params,
        Quantity.WEIGHTS: row.trainable_params - row.biases,
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


def receptive_field_value(row: LayerRow) -> tuple[int, ...] | str:
    """(H, W) of a layer's receptive field, or ``"global"``.

    >>> from cnncalc.receptive import ReceptiveField
    >>> row = LayerRow("conv1", "conv", "", ("input",), ((227, 227, 3),), (55, 55, 96), 0, 0, 0,
    ...                0, receptive_field=ReceptiveField((11, 11), (4, 4), (5, 5)))
    >>> receptive_field_value(row)
    (11, 11)
    """
    field = row.receptive_field
    if field is None:
        raise ValueError(f"{row.name} has no receptive field: the network's input is a vector")
    return "global" if field.is_global else tuple(field.size)


def total_value(quantity: Quantity, summary: Summary) -> int | tuple[int, ...] | str:
    """The true value of `quantity` for the whole network (its output for shapes and the
    receptive field)."""
    totals = summary.totals
    if quantity in (Quantity.OUTPUT_SHAPE, Quantity.HEIGHT, Quantity.WIDTH, Quantity.CHANNELS,
                    Quantity.RECEPTIVE_FIELD):
        return layer_value(quantity, summary.row(summary.output))
    values = {
        Quantity.PARAMS: totals.params,
        Quantity.WEIGHTS: totals.trainable_params - sum(row.biases for row in summary.layers),
        Quantity.BIASES: sum(row.biases for row in summary.layers),
        Quantity.TRAINABLE_PARAMS: totals.trainable_params,
        Quantity.NON_TRAINABLE_PARAMS: totals.non_trainable_params,
        Quantity.MULTS: totals.mults,
        Quantity.FLOPS: totals.flops,
        Quantity.ACTIVATIONS: totals.activations,
        Quantity.MEMORY: totals.params_bytes + totals.activations_bytes + totals.input_bytes,
    }
    return values[quantity]
