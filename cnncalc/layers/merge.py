"""Layers that join branches of a graph: residual add, channel concat, broadcast multiply."""

from __future__ import annotations

from math import prod

from ..errors import ShapeError
from ..operations import Op
from ..text import shape_text
from .base import Layer, register
from .settings import Setting, list_of, number


def shapes_text(inputs) -> str:
    return ", ".join(shape_text(shape) for shape in inputs)


@register
class Add(Layer):
    """Elementwise sum of two or more inputs of one shape (a residual connection); with
    ``weights``, one per input, the weighted sum ``Σ wᵢ·xᵢ`` (``weights: [1, 0.17]`` is
    Inception-ResNet's ``x + 0.17·branch``). A weight other than 1 costs one product per
    element, elementwise work that is not counted as multiplications."""

    kind = prefix = "add"
    engine_scratch = {"output": 1}  # a copy of the first, the rest added in place (w·x in chunks)
    doc = "elementwise sum (residual connection), optionally weighted"
    min_inputs, max_inputs = 2, None
    settings = {"weights": Setting(list_of(number), None,
                                   "one factor per input, e.g. [1, 0.17]: Σ wᵢ·xᵢ",
                                   unset="all 1")}

    def describe(self) -> str:
        return "" if self.weights is None else "w " + ", ".join(f"{w:g}" for w in self.weights)

    def weighted_inputs(self, inputs) -> int:
        """How many inputs are multiplied by a weight other than 1."""
        if self.weights is None:
            return 0
        if len(self.weights) != len(inputs):
            raise ShapeError(f"add has {len(inputs)} inputs but {len(self.weights)} weights; "
                             "give one weight per input, in the order of 'from'")
        return sum(weight != 1 for weight in self.weights)

    def output_shape(self, inputs):
        if len(set(inputs)) != 1:
            raise ShapeError(f"add needs inputs of one shape, but receives {shapes_text(inputs)}; "
                             "a projection (1×1 conv with the right filters and stride) on the "
                             "shortcut makes them match")
        self.weighted_inputs(inputs)
        return inputs[0]

    def operations(self, inputs, output):
        elements, weighted = prod(output), self.weighted_inputs(inputs)
        operations = {Op.ADD_ELEMENTS: elements * (len(inputs) - 1)}
        if weighted:
            operations[Op.WEIGHTED_ADD_PRODUCTS] = elements * weighted
        return operations

    def formulas(self, inputs, output):
        shape = f"{shape_text(output)} (the inputs' common shape)"
        if self.weights is None:
            return {"output": shape, "params": "none"}
        terms = " + ".join(f"{w:g}·x{i}" for i, w in enumerate(self.weights, start=1))
        products = self.weighted_inputs(inputs)
        return {"output": f"{terms}: {shape}", "params": "none (the weights are constants)",
                "mults": f"none counted (elementwise: {prod(output):,}·{products} products "
                         "by the weights other than 1)"}


@register
class Concat(Layer):
    """Stack inputs along the channels: H×W must match, channels add up."""

    kind = prefix = "concat"
    engine_scratch = {"output": 1}
    doc = "join along the channels"
    min_inputs, max_inputs = 2, None

    def output_shape(self, inputs):
        ranks = {len(shape) for shape in inputs}
        if len(ranks) != 1 or len({shape[:-1] for shape in inputs}) != 1:
            raise ShapeError(f"concat joins along the channels, so all but the channels must "
                             f"match, but receives {shapes_text(inputs)}")
        return *inputs[0][:-1], sum(shape[-1] for shape in inputs)

    def formulas(self, inputs, output):
        channels = " + ".join(str(shape[-1]) for shape in inputs)
        return {"output": f"C = {channels} = {output[-1]}", "params": "none"}


@register
class Multiply(Layer):
    """Elementwise product with NumPy broadcasting (H×W×C · 1×1×C in squeeze-and-excitation)."""

    kind = "multiply"
    aliases = ("mul",)
    prefix = "mul"
    engine_scratch = {"output": 1, "running product": 1}
    doc = "elementwise product with broadcasting"
    min_inputs, max_inputs = 2, None

    def output_shape(self, inputs):
        rank = max(len(shape) for shape in inputs)
        padded = [(1,) * (rank - len(shape)) + tuple(shape) for shape in inputs]
        result = []
        for sizes in zip(*padded):
            larger = set(sizes) - {1}
            if len(larger) > 1:
                raise ShapeError(f"multiply cannot broadcast {shapes_text(inputs)}: each axis "
                                 "must match or be 1 (e.g. H×W×C with 1×1×C)")
            result.append(larger.pop() if larger else 1)
        return tuple(result)

    def operations(self, inputs, output):
        return {Op.MUL_ELEMENTS: prod(output) * (len(inputs) - 1)}

    def formulas(self, inputs, output):
        return {"output": f"{shapes_text(inputs)} broadcast to {shape_text(output)}",
                "params": "none", "mults": "none counted (elementwise)"}
