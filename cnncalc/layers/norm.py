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
    engine_scratch = {"output": 2}  # x·scale, + shift
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


@register
class LayerNorm(ShapePreserving):
    """Normalisation over the channels at each position (ConvNeXt's LayerNorm2d, a
    channels-last ``nn.LayerNorm(C)``; on a vector, over its N values): γ and β per channel
    are trained (2·C); there are no running statistics — the mean and variance are the
    position's own, at training and at inference alike."""

    kind = "layernorm"
    aliases = ("layer_norm",)
    prefix = "ln"
    engine_scratch = {"output": 6, "positions": 8}  # float64: x, x − mean, y; mean, var, √
    doc = "layer normalisation over the channels at each position"
    settings = {"eps": Setting(non_negative_number, 1e-5, "added to the variance (ConvNeXt: 1e-6)")}

    def params(self, inputs):
        channels = inputs[0][-1]
        return Params(2 * channels, 0, biases=channels)

    def operations(self, inputs, output):
        return {Op.LAYERNORM_ELEMENTS: prod(output)}

    def formulas(self, inputs, output):
        c = inputs[0][-1]
        return {"output": "unchanged",
                "params": f"2·{c} = {2 * c} trainable (γ, β); no running statistics",
                "mults": "none counted (a normalisation, not a layer's multiply-accumulates)"}


@register
class LayerScale(ShapePreserving):
    """A learned per-channel scale γ (ConvNeXt's layer scale, CaiT): y = γ ⊙ x. C trainable
    parameters; the elementwise product is not counted as multiplications."""

    kind = "scale"
    aliases = ("layer_scale",)
    prefix = "scale"
    engine_scratch = {"output": 1}
    doc = "a learned per-channel scale γ (layer scale)"

    def params(self, inputs):
        return Params(inputs[0][-1])

    def operations(self, inputs, output):
        return {Op.SCALE_ELEMENTS: prod(output)}

    def formulas(self, inputs, output):
        c = inputs[0][-1]
        return {"output": "unchanged", "params": f"C = {c} trainable (γ, one per channel)",
                "mults": "none counted (elementwise)"}
