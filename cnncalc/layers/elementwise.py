"""Layers that keep their input's shape and have no parameters: activations, dropout, LRN."""

from __future__ import annotations

from .base import Layer, register
from .settings import Setting, fraction, non_negative_number, number, positive_int


class ShapePreserving(Layer):
    """Output shape = input shape; no parameters; no counted multiplications."""

    keeps_shape = True

    def output_shape(self, inputs):
        return inputs[0]

    def formulas(self, inputs, output):
        return {"output": "unchanged", "params": "none"}


def activation(kind: str, doc: str, **extra) -> type[Layer]:
    """Register a parameter-free activation named `kind`."""
    cls = type(kind.title().replace("_", ""), (ShapePreserving,),
               {"kind": kind, "prefix": kind, "doc": doc, **extra})
    return register(cls)


ReLU = activation("relu", "max(0, x)", in_place=True)
ReLU6 = activation("relu6", "min(max(0, x), 6)", in_place=True)
Tanh = activation("tanh", "tanh(x)")
Sigmoid = activation("sigmoid", "1 / (1 + e^−x)")
Softmax = activation("softmax", "e^x / Σ e^x over the channels")
SiLU = activation("silu", "x · sigmoid(x)", aliases=("swish",))
HardSwish = activation("hardswish", "x · relu6(x + 3) / 6")
HardSigmoid = activation("hardsigmoid", "relu6(x + 3) / 6")
GELU = activation("gelu", "x · Φ(x)")
Identity = activation("identity", "x unchanged: a block's placeholder, e.g. `act: identity` for "
                      "no activation")


@register
class LeakyReLU(ShapePreserving):
    kind = prefix = "leaky_relu"
    in_place = True
    doc = "x for x > 0, slope · x otherwise"
    settings = {"slope": Setting(number, 0.01, "the slope for negative inputs")}
    shorthand = "slope"

    def describe(self) -> str:
        return f"slope {self.slope:g}"


@register
class Dropout(ShapePreserving):
    kind = prefix = "dropout"
    in_place = True
    doc = "zeroes a random fraction while training; identity at inference"
    settings = {"rate": Setting(fraction, 0.5, "the fraction dropped while training")}
    shorthand = "rate"

    def describe(self) -> str:
        return f"p={self.rate:g}"


@register
class LRN(ShapePreserving):
    """Local response normalisation across channels (AlexNet, GoogLeNet)."""

    kind = prefix = "lrn"
    doc = "local response normalisation across channels"
    settings = {
        "size": Setting(positive_int, 5, "how many neighbouring channels"),
        "alpha": Setting(non_negative_number, 1e-4, "scale"),
        "beta": Setting(non_negative_number, 0.75, "exponent"),
        "k": Setting(non_negative_number, 1.0, "additive constant"),
    }

    def describe(self) -> str:
        return f"size {self.size}"
