"""Batch normalisation."""

from __future__ import annotations

from math import prod

from ..errors import SettingError
from ..operations import Op
from .base import NO_PARAMS, Params, register
from .elementwise import ShapePreserving
from .settings import Setting, boolean, non_negative_number, number


@register
class BatchNorm(ShapePreserving):
    """Per channel: γ and β are trained (2·C); the running mean and variance (2·C) are not.
    ``scale: false`` leaves γ out and ``center: false`` β (Keras' BatchNormalization switches):
    trainable = C·(scale + center); ``affine: false`` (PyTorch) leaves out both."""

    kind = "batchnorm"
    aliases = ("bn", "batch_norm")
    prefix = "bn"
    engine_scratch = {"output": 2}  # x·scale, + shift
    doc = "batch normalisation"
    settings = {
        "affine": Setting(boolean, True, "whether γ and β are learned"),
        "scale": Setting(boolean, None, "whether γ is learned (Keras scale)", unset="as affine"),
        "center": Setting(boolean, None, "whether β is learned (Keras center)",
                          unset="as affine"),
        "eps": Setting(non_negative_number, 1e-5, "added to the variance"),
        "momentum": Setting(number, 0.1, "running-statistics update rate"),
    }

    def validate(self) -> None:
        if not self.affine:
            for key in ("scale", "center"):
                if getattr(self, key):
                    raise SettingError(f"affine: false already leaves γ and β out, so {key}: "
                                       f"true cannot learn one; give scale and center without "
                                       "affine", key=key)

    def learned(self) -> tuple[bool, bool]:
        """(γ learned, β learned)."""
        return (self.affine if self.scale is None else self.scale,
                self.affine if self.center is None else self.center)

    def describe(self) -> str:
        gamma, beta = self.learned()
        if gamma and beta:
            return ""
        return "no γ or β" if not (gamma or beta) else ("no γ" if beta else "no β")

    def params(self, inputs):
        channels = inputs[0][-1]
        gamma, beta = self.learned()
        return Params(channels * (gamma + beta), 2 * channels, biases=channels * beta)

    def operations(self, inputs, output):
        elements, channels = prod(output), output[-1]
        gamma, beta = self.learned()
        return {Op.BN_ELEMENTS: elements, Op.BN_AFFINE_ELEMENTS: elements * (gamma or beta),
                Op.BN_CHANNELS: channels, Op.BN_AFFINE_PARAMS: channels * (gamma + beta)}

    def formulas(self, inputs, output):
        c = inputs[0][-1]
        gamma, beta = self.learned()
        if gamma and beta:
            trained = f"2·{c} = {2 * c} trainable (γ, β)"
        elif gamma or beta:
            trained = (f"C = {c} trainable (γ; center: false, no β)" if gamma
                       else f"C = {c} trainable (β; scale: false, no γ)")
        else:
            trained = "0 trainable"
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
    """y = γ ⊙ x with γ learned per channel (ConvNeXt's layer scale, CaiT): C trainable
    parameters; or, given a ``factor``, y = factor · x with the factor a constant
    (Inception-ResNet scales each residual by 0.17, 0.1 or 0.2): no parameters. Either way the
    elementwise product is not counted as multiplications."""

    kind = "scale"
    aliases = ("layer_scale",)
    prefix = "scale"
    engine_scratch = {"output": 1}
    doc = "a learned per-channel scale γ (layer scale), or a constant factor"
    settings = {"factor": Setting(number, None, "a constant factor instead of a learned γ, "
                                                "e.g. 0.17", unset="learned γ")}
    shorthand = "factor"

    def describe(self) -> str:
        return "" if self.factor is None else f"×{self.factor:g}"

    def params(self, inputs):
        return NO_PARAMS if self.factor is not None else Params(inputs[0][-1])

    def operations(self, inputs, output):
        return {Op.SCALE_ELEMENTS: prod(output)}

    def formulas(self, inputs, output):
        c = inputs[0][-1]
        params = (f"none (a constant factor {self.factor:g})" if self.factor is not None
                  else f"C = {c} trainable (γ, one per channel)")
        return {"output": "unchanged", "params": params, "mults": "none counted (elementwise)"}

    def notes(self, inputs, output):
        if self.factor is None:
            return ()
        return (f"a constant ×{self.factor:g}, nothing learned (Inception-ResNet's residual "
                "scaling, timm's out * self.scale); a learned layer scale is `scale` without a "
                "factor, whatever its initial value (ConvNeXt's 1e-6)",)
