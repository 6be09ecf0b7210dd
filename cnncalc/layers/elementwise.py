"""Layers that keep their input's shape and have no parameters: activations, dropout, LRN."""

from __future__ import annotations

from math import prod
from typing import ClassVar

from ..operations import Op
from .base import Layer, register
from .settings import Setting, fraction, non_negative_number, number, positive_int


class ShapePreserving(Layer):
    """Output shape = input shape; no parameters; no counted multiplications."""

    keeps_shape = True
    elementwise_op: ClassVar[Op | None] = None
    """The category of its one operation per output element (None: no work at inference)."""

    def output_shape(self, inputs):
        return inputs[0]

    def operations(self, inputs, output):
        return {self.elementwise_op: prod(output)} if self.elementwise_op else {}

    def formulas(self, inputs, output):
        return {"output": "unchanged", "params": "none"}


def activation(kind: str, doc: str, **extra) -> type[Layer]:
    """Register a parameter-free activation named `kind`."""
    cls = type(kind.title().replace("_", ""), (ShapePreserving,),
               {"kind": kind, "prefix": kind, "doc": doc, **extra})
    return register(cls)


# engine_scratch, counted from cnncalc/engine/activations.py: sigmoid holds e, 1 + e and its
# inverse, x ≥ 0 (bool, ¼), e·inverse and np.where's result (4¼); GELU's erf in float64 holds
# x/√2, x, t, poly, sign and an operand with its result (13) while 0.5·x waits (14).
ReLU = activation("relu", "max(0, x)", in_place=True, elementwise_op=Op.RELU_ELEMENTS,
                  engine_scratch={"output": 1})
ReLU6 = activation("relu6", "min(max(0, x), 6)", in_place=True,
                   elementwise_op=Op.RELU6_ELEMENTS, engine_scratch={"output": 1})
Tanh = activation("tanh", "tanh(x)", elementwise_op=Op.TANH_ELEMENTS,
                  engine_scratch={"output": 1})
Sigmoid = activation("sigmoid", "1 / (1 + e^−x)", elementwise_op=Op.SIGMOID_ELEMENTS,
                     engine_scratch={"output": 4.25})
SiLU = activation("silu", "x · sigmoid(x)", aliases=("swish",), elementwise_op=Op.SILU_ELEMENTS,
                  engine_scratch={"output": 4.25})
HardSwish = activation("hardswish", "x · relu6(x + 3) / 6",
                       elementwise_op=Op.HARD_ACTIVATION_ELEMENTS, engine_scratch={"output": 2})
HardSigmoid = activation("hardsigmoid", "relu6(x + 3) / 6",
                         elementwise_op=Op.HARD_ACTIVATION_ELEMENTS, engine_scratch={"output": 2})
GELU = activation("gelu", "x · Φ(x)", elementwise_op=Op.GELU_ELEMENTS,
                  engine_scratch={"output": 14})
Identity = activation("identity", "x unchanged: a block's placeholder, e.g. `act: identity` for "
                      "no activation", engine_scratch={"view": 1})


@register
class Softmax(ShapePreserving):
    """Normalises over the channels: each H·W position (or the one vector) is one row."""

    kind = prefix = "softmax"
    doc = "e^x / Σ e^x over the channels"
    engine_scratch = {"output": 2, "positions": 2}  # x − max and its exp; the max, the sum

    def operations(self, inputs, output):
        return {Op.SOFTMAX_ELEMENTS: prod(output), Op.SOFTMAX_ROWS: prod(output) // output[-1]}


@register
class LeakyReLU(ShapePreserving):
    kind = prefix = "leaky_relu"
    in_place = True
    engine_scratch = {"output": 2.25}  # x ≥ 0 (bool), slope·x, np.where's result
    elementwise_op = Op.LEAKY_RELU_ELEMENTS
    doc = "x for x > 0, slope · x otherwise"
    settings = {"slope": Setting(number, 0.01, "the slope for negative inputs")}
    shorthand = "slope"

    def describe(self) -> str:
        return f"slope {self.slope:g}"


@register
class Dropout(ShapePreserving):
    kind = prefix = "dropout"
    in_place = True
    engine_scratch = {"view": 1}
    doc = "zeroes a random fraction while training; identity at inference"
    settings = {"rate": Setting(fraction, 0.5, "the fraction dropped while training")}
    shorthand = "rate"

    def describe(self) -> str:
        return f"p={self.rate:g}"

    def operations(self, inputs, output):
        return {Op.DROPOUT_ELEMENTS: prod(output)} if self.rate else {}


@register
class LRN(ShapePreserving):
    """Local response normalisation across channels (AlexNet, GoogLeNet)."""

    kind = prefix = "lrn"
    doc = "local response normalisation across channels"
    # float64: the squares (2), their zero-padded copy (2 × lrn window), the window sums (2),
    # then an operand and its result (4) beside squares and sums
    engine_scratch = {"output": 8, "lrn window": 2}
    settings = {
        "size": Setting(positive_int, 5, "how many neighbouring channels"),
        "alpha": Setting(non_negative_number, 1e-4, "scale"),
        "beta": Setting(non_negative_number, 0.75, "exponent"),
        "k": Setting(non_negative_number, 1.0, "additive constant"),
    }

    def describe(self) -> str:
        return f"size {self.size}"

    def operations(self, inputs, output):
        positions = prod(output) // output[-1]
        return {Op.LRN_ELEMENTS: prod(output), Op.LRN_PADDING: (self.size - 1) * positions}
