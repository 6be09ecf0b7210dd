"""Fully connected layers and flatten."""

from __future__ import annotations

from math import prod

from ..receptive import GLOBAL
from ..operations import Op
from ..text import product_text, shape_text, thousands
from .base import Layer, Params, register
from .settings import Setting, boolean, positive_int


@register
class Flatten(Layer):
    """H×W×C → a vector of H·W·C."""

    kind = "flatten"
    prefix = "flatten"
    in_place = True  # a view: the same numbers, read as a vector
    engine_scratch = {"view": 1}
    doc = "reshape to a vector"

    def output_shape(self, inputs):
        return (prod(inputs[0]),)

    def formulas(self, inputs, output):
        return {"output": f"{product_text(inputs[0])} = {output[0]}"}


@register
class Dense(Layer):
    """Every output connected to every input: params ``(in + 1)·out``, mults ``in·out``.
    A feature-map input is flattened first."""

    kind = "fc"
    aliases = ("dense", "linear", "fully_connected")
    prefix = "fc"
    engine_scratch = {"output": 1}
    doc = "fully connected"
    settings = {
        "units": Setting(positive_int, doc="the number of outputs"),
        "bias": Setting(boolean, True, "whether each output has a bias"),
    }
    shorthand = "units"

    def describe(self) -> str:
        return str(self.units) + ("" if self.bias else " no bias")

    def output_shape(self, inputs):
        return (self.units,)

    def params(self, inputs):
        return Params((prod(inputs[0]) + self.bias) * self.units, biases=self.bias * self.units)

    def window(self, inputs):
        return GLOBAL

    def mults(self, inputs, output):
        return prod(inputs[0]) * self.units

    def operations(self, inputs, output):
        return {Op.FC_MACS: self.mults(inputs, output), Op.LINEAR_OUTPUTS: self.units,
                Op.BIAS_ADDS: self.units * self.bias}

    def formulas(self, inputs, output):
        n_in = prod(inputs[0])
        flattened = f"in = {shape_text(inputs[0])} = {n_in}; " if len(inputs[0]) > 1 else ""
        weights = f"({n_in} + 1)·{self.units}" if self.bias else f"{n_in}·{self.units}"
        return {
            "output": f"{flattened}out = {self.units}",
            "params": f"{weights} = {thousands(self.params(inputs).trainable)}",
            "mults": f"{n_in}·{self.units} = {thousands(self.mults(inputs, output))}",
        }
