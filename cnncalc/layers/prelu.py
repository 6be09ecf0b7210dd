"""PReLU: a ReLU whose slope below zero is learned."""

from __future__ import annotations

from math import prod

from ..operations import Op
from .base import Params, register
from .elementwise import ShapePreserving
from .settings import Setting, one_of

CHANNEL, ONE, ELEMENT = "channel", "one", "element"


@register
class PReLU(ShapePreserving):
    """``y = x`` for x ≥ 0, ``a·x`` otherwise, the slopes ``a`` trained (He et al. 2015): one
    per channel (``nn.PReLU(num_parameters=C)``, Keras ``shared_axes=[1, 2]``), one shared by
    all (``nn.PReLU()``'s default), or one per element (Keras ``PReLU()``'s default,
    H·W·C). The products are elementwise, not counted as multiplications."""

    kind = prefix = "prelu"
    engine_scratch = {"output": 2.25}  # x ≥ 0 (bool), a·x, np.where's result
    elementwise_op = Op.PRELU_ELEMENTS
    doc = "x for x ≥ 0, a · x otherwise, the slope a learned"
    settings = {"per": Setting(one_of(CHANNEL, ONE, ELEMENT), CHANNEL,
                               "how many slopes: one per channel, one for all, or one per "
                               "element")}
    shorthand = "per"

    def describe(self) -> str:
        return {CHANNEL: "per channel", ONE: "one slope", ELEMENT: "per element"}[self.per]

    def slopes(self, inputs) -> int:
        """The number of learned slopes: 1, C, or every element of the input."""
        shape = inputs[0]
        return {ONE: 1, CHANNEL: shape[-1], ELEMENT: prod(shape)}[self.per]

    def params(self, inputs):
        return Params(self.slopes(inputs))

    def operations(self, inputs, output):
        return {Op.PRELU_ELEMENTS: prod(output), Op.PRELU_PARAMS: self.slopes(inputs)}

    def formulas(self, inputs, output):
        shape = inputs[0]
        if self.per == ONE:
            params = "1 trainable (one slope a for every element, nn.PReLU()'s default)"
        elif self.per == CHANNEL:
            params = (f"C = {shape[-1]} trainable (a slope a per channel, "
                      f"nn.PReLU(num_parameters={shape[-1]}))")
        else:
            sizes = "·".join(str(n) for n in shape)
            params = (f"{sizes} = {prod(shape):,} trainable (a slope a per element, Keras "
                      "PReLU()'s default)")
        return {"output": "unchanged", "params": params, "mults": "none counted (elementwise)"}

    def notes(self, inputs, output):
        if self.per == ELEMENT:
            return ("a slope per element ties the layer to this input size (Keras "
                    "PReLU(shared_axes=[1, 2]) is per: channel)",)
        if self.per == CHANNEL:
            return ("PyTorch's nn.PReLU() without num_parameters learns one slope for all "
                    "channels: that is per: one",)
        return ()
