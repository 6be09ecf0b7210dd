"""Batch normalisation."""

from __future__ import annotations

from math import prod

from ..operations import Op
from .base import Params, register
from .elementwise import ShapePreserving
from .settings import Setting, boolean, non_negative_number, number


@register
class BatchNorm(ShapePreserving):
    """Per channel: γ and β are trained (2·C); the running mean and variance (2·C) are not."""

    kind = "batchnorm"
    aliases = ("bn", "batch_norm")
    prefix = "bn"
    doc = "batch normalisation"
    settings = {
        "affine": Setting(boolean, True, "whether γ and β are learned"),
        "eps": Setting(non_negative_number, 1e-5, "added to the variance"),
        "momentum": Setting(number, 0.1, "running-statistics update rate"),
    }

    def params(self, inputs):
        channels = inputs[0][-1]
        return Params(2 * channels if self.affine else 0, 2 * channels,
                      biases=channels if self.affine else 0)

    def operations(self, inputs, output):
        elements, channels = prod(output), output[-1]
        return {Op.BN_ELEMENTS: elements, Op.BN_AFFINE_ELEMENTS: elements * self.affine,
                Op.BN_CHANNELS: channels,
                Op.BN_AFFINE_PARAMS: 2 * channels * self.affine}

    def formulas(self, inputs, output):
        c = inputs[0][-1]
        trained = f"2·{c} = {2 * c} trainable (γ, β)" if self.affine else "0 trainable"
        return {"output": "unchanged",
                "params": f"{trained} + 2·{c} = {2 * c} running statistics (mean, variance)"}
