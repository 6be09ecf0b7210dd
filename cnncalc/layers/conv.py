"""Convolutions: `conv` (with groups, dilation, depthwise) and `conv_transpose`."""

from __future__ import annotations

from typing import Sequence

from ..errors import SettingError, ShapeError
from ..operations import Op
from ..shapes import conv_output_size, conv_transpose_output_size, effective_kernel, same_padding
from ..text import pair_text, product_text, thousands
from .base import Layer, Params, Shape, feature_map, register
from .settings import (SAME, Setting, boolean, explicit_padding, non_negative_int, padding,
                       pair_of, positive_int)

ONE = (1, 1)
NO_PADDING = ((0, 0), (0, 0))


def hyper_summary(layer, filters: str) -> str:
    """``96 × 11×11 /4 pad 2 g2``: what a paper's table would say about a conv-like layer."""
    text = f"{filters} × {pair_text(layer.kernel)}"
    if layer.stride != ONE:
        text += f" /{pair_text(layer.stride, sep=None)}"
    if layer.padding == SAME:
        text += " same"
    elif layer.padding != NO_PADDING:
        pads = {side for axis in layer.padding for side in axis}
        text += f" pad {pads.pop()}" if len(pads) == 1 else f" pad {layer.padding[0][0]},{layer.padding[1][0]}"
    if layer.dilation != ONE:
        text += f" dil {pair_text(layer.dilation, sep=None)}"
    return text


def per_axis(texts: Sequence[str]) -> str:
    """``H, W: …`` when both axes read the same, else ``H: …; W: …``."""
    if texts[0] == texts[1]:
        return f"H, W: {texts[0]}"
    return f"H: {texts[0]}; W: {texts[1]}"


def conv_axis_formula(size, kernel, stride, pads, dilation, out) -> str:
    """The output-size formula for one axis with the numbers put in."""
    before, after = pads
    if dilation == 1 and before == after:
        inner = f"{size} − {kernel} + 2·{before}"
    else:
        span = f"{dilation}·({kernel}−1) − 1" if dilation != 1 else f"{kernel}"
        pad = f"2·{before}" if before == after else f"{before} + {after}"
        inner = f"{size} + {pad} − {span}"
    return f"⌊({inner})/{stride}⌋ + 1 = {out}" if stride != 1 else f"{inner} + 1 = {out}"


@register
class Conv(Layer):
    """A 2-D convolution: K filters of Fh×Fw×(C_in/groups), each with a bias unless disabled."""

    kind = "conv"
    aliases = ("conv2d",)
    prefix = "conv"
    doc = "2-D convolution"
    settings = {
        "filters": Setting(positive_int, None, "the number of filters K, i.e. output channels"),
        "kernel": Setting(pair_of(positive_int), doc="the filter size F or [Fh, Fw]"),
        "stride": Setting(pair_of(positive_int), ONE, "the step S or [Sh, Sw]"),
        "padding": Setting(padding, NO_PADDING, "P, [Ph, Pw], 'same' or 'valid'"),
        "dilation": Setting(pair_of(positive_int), ONE, "D, 1 for none"),
        "groups": Setting(positive_int, 1, "input and output channels split into this many groups"),
        "bias": Setting(boolean, True, "whether each filter has a bias"),
        "depthwise": Setting(boolean, False, "one filter group per input channel"),
        "multiplier": Setting(positive_int, 1, "filters per input channel, with depthwise"),
    }

    def validate(self) -> None:
        if self.depthwise:
            if self.groups != 1:
                raise SettingError("depthwise sets groups to the input channels itself; "
                                   f"drop groups: {self.groups}")
        else:
            if self.filters is None:
                raise SettingError("conv needs 'filters' (the number of filters K)")
            if self.multiplier != 1:
                raise SettingError("multiplier only applies with depthwise: true")
            if self.filters % self.groups:
                raise SettingError(
                    "the number of filters must be divisible by groups; received "
                    f"filters={self.filters}, groups={self.groups}")

    def describe(self) -> str:
        if self.depthwise:
            return "dw " + hyper_summary(self, "").lstrip(" ×")
        text = hyper_summary(self, str(self.filters))
        return text + (f" g{self.groups}" if self.groups != 1 else "")

    # The rest of the arithmetic depends on the input: resolved here, once.
    def resolve(self, inputs: Sequence[Shape]):
        """(groups, filters, paddings per axis) for this input."""
        h, w, c = feature_map(inputs[0], self)
        groups = c if self.depthwise else self.groups
        filters = self.filters if self.filters is not None else c * self.multiplier
        if c % groups:
            raise ShapeError(f"its {c} input channels cannot be split into groups={groups}; "
                             "input channels must be divisible by groups")
        if filters % groups:
            raise ShapeError(f"filters={filters} must be a multiple of the {groups} channels "
                             "for a depthwise convolution")
        pads = self.padding
        if pads == SAME:
            pads = tuple(same_padding(size, k, s, d) for size, k, s, d
                         in zip((h, w), self.kernel, self.stride, self.dilation))
        return groups, filters, pads

    def output_shape(self, inputs):
        _, filters, pads = self.resolve(inputs)
        h, w, _ = inputs[0]
        sizes = []
        for size, k, s, d, (before, after) in zip((h, w), self.kernel, self.stride,
                                                  self.dilation, pads):
            span, padded = effective_kernel(k, d), size + before + after
            if span > padded:
                kernel = pair_text(self.kernel) + (f" (dilated to {span})" if d != 1 else "")
                raise ShapeError(
                    f"kernel {kernel} is larger than its padded input "
                    f"{h + sum(pads[0])}×{w + sum(pads[1])}; use a smaller kernel, more padding "
                    "or a larger input")
            sizes.append(conv_output_size(size, k, s, before, after, d))
        return sizes[0], sizes[1], filters

    def weights_per_filter(self, inputs) -> int:
        groups, _, _ = self.resolve(inputs)
        return self.kernel[0] * self.kernel[1] * inputs[0][2] // groups

    def params(self, inputs):
        _, filters, _ = self.resolve(inputs)
        return Params((self.weights_per_filter(inputs) + self.bias) * filters,
                      biases=self.bias * filters)

    def mults(self, inputs, output):
        h, w, k = output
        return h * w * k * self.weights_per_filter(inputs)

    def operations(self, inputs, output):
        h, w, k = output
        return {Op.CONV_MACS: self.mults(inputs, output), Op.LINEAR_OUTPUTS: h * w * k,
                Op.BIAS_ADDS: h * w * k * self.bias}

    def _filter_factors(self, inputs) -> list[str]:
        groups, _, _ = self.resolve(inputs)
        c = inputs[0][2]
        return [*self.kernel, f"{c}/{groups}" if groups != 1 else c]

    def formulas(self, inputs, output):
        h, w, c = inputs[0]
        groups, filters, pads = self.resolve(inputs)
        axes = [conv_axis_formula(size, k, s, p, d, out) for size, k, s, p, d, out in
                zip((h, w), self.kernel, self.stride, pads, self.dilation, output)]
        per_filter = product_text(self._filter_factors(inputs))
        params = self.params(inputs).trainable
        weights = f"({per_filter} + 1)·{filters}" if self.bias else f"{per_filter}·{filters}"
        return {
            "output": f"{per_axis(axes)}; C = K = {filters}",
            "params": f"{weights} = {thousands(params)}",
            "mults": f"{product_text(output)} · {per_filter} = "
                     f"{thousands(self.mults(inputs, output))}",
        }


@register
class ConvTranspose(Layer):
    """A transposed ("de-")convolution. Each input position scatters a Fh×Fw×(K/groups) patch,
    so its multiplications are counted over the input: ``H_in·W_in·C_in · Fh·Fw·K/groups``."""

    kind = "conv_transpose"
    aliases = ("deconv", "conv2d_transpose")
    prefix = "deconv"
    doc = "transposed convolution"
    settings = {
        "filters": Setting(positive_int, doc="the number of output channels K"),
        "kernel": Setting(pair_of(positive_int), doc="the filter size F or [Fh, Fw]"),
        "stride": Setting(pair_of(positive_int), ONE, "the step S or [Sh, Sw]"),
        "padding": Setting(explicit_padding, NO_PADDING, "P or [Ph, Pw] removed from each side"),
        "output_padding": Setting(pair_of(non_negative_int), (0, 0), "extra rows/cols at the end"),
        "dilation": Setting(pair_of(positive_int), ONE, "D, 1 for none"),
        "groups": Setting(positive_int, 1, "channel groups"),
        "bias": Setting(boolean, True, "whether each output channel has a bias"),
    }

    def validate(self) -> None:
        if self.filters % self.groups:
            raise SettingError("the number of filters must be divisible by groups; received "
                               f"filters={self.filters}, groups={self.groups}")
        for extra, s, d in zip(self.output_padding, self.stride, self.dilation):
            if extra >= max(s, d):
                raise SettingError(
                    f"output_padding {extra} must be smaller than the stride or the dilation "
                    f"(here {max(s, d)}); it only picks among the sizes a stride makes possible")

    def describe(self) -> str:
        text = hyper_summary(self, str(self.filters))
        return text + (f" g{self.groups}" if self.groups != 1 else "")

    def output_shape(self, inputs):
        h, w, c = feature_map(inputs[0], self)
        if c % self.groups:
            raise ShapeError(f"its {c} input channels cannot be split into groups={self.groups}")
        sizes = [conv_transpose_output_size(size, k, s, p[0], extra, d) for size, k, s, p, extra, d
                 in zip((h, w), self.kernel, self.stride, self.padding, self.output_padding,
                        self.dilation)]
        if min(sizes) < 1:
            raise ShapeError(f"the output would be {sizes[0]}×{sizes[1]}; "
                             "the padding removes more than the layer produces")
        return sizes[0], sizes[1], self.filters

    def weights_per_input_channel(self) -> int:
        return self.kernel[0] * self.kernel[1] * self.filters // self.groups

    def params(self, inputs):
        c = inputs[0][2]
        return Params(c * self.weights_per_input_channel() + self.filters * self.bias,
                      biases=self.filters * self.bias)

    def mults(self, inputs, output):
        h, w, c = inputs[0]
        return h * w * c * self.weights_per_input_channel()

    def operations(self, inputs, output):
        h, w, k = output
        over_output = h * w * k * self.kernel[0] * self.kernel[1] * inputs[0][2] // self.groups
        return {Op.TRANSPOSED_MACS_OVER_INPUT: self.mults(inputs, output),
                Op.TRANSPOSED_MACS_OVER_OUTPUT: over_output, Op.TRANSPOSED_AXES: 2,
                Op.LINEAR_OUTPUTS: h * w * k, Op.BIAS_ADDS: h * w * k * self.bias}

    def formulas(self, inputs, output):
        h, w, c = inputs[0]
        axes = []
        for size, k, s, p, extra, d, out in zip((h, w), self.kernel, self.stride, self.padding,
                                                self.output_padding, self.dilation, output):
            axes.append(f"({size}−1)·{s} − 2·{p[0]} + {d}·({k}−1) + {extra} + 1 = {out}")
        per_channel = product_text([*self.kernel, f"{self.filters}/{self.groups}"
                                    if self.groups != 1 else self.filters])
        bias = f" + {self.filters}" if self.bias else ""
        return {
            "output": f"{per_axis(axes)}; C = K = {self.filters}",
            "params": f"{c}·{per_channel}{bias} = {thousands(self.params(inputs).trainable)}",
            "mults": f"{h}·{w}·{c} · {per_channel} = {thousands(self.mults(inputs, output))} "
                     "(over the input positions)",
        }
