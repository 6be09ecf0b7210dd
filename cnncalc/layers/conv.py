"""Convolutions: `conv` (with groups, dilation, depthwise) and `conv_transpose`."""

from __future__ import annotations

from math import prod
from typing import Sequence

from ..errors import SettingError, ShapeError
from ..receptive import AxisWindow
from ..operations import Op
from ..shapes import (axis_paddings, conv_output_size, conv_transpose_output_size,
                      effective_kernel)
from ..text import pair_text, product_text, shape_text, thousands
from .base import GridAxis, Layer, Params, Shape, feature_map, register
from .settings import (SAME, Setting, boolean, explicit_padding, non_negative_int, padding,
                       pair_of, positive_int)
from .window_text import floor_note, per_axis, same_padding_note, size_formula

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


@register
class Conv(Layer):
    """A 2-D convolution: K filters of Fh×Fw×(C_in/groups), each with a bias unless disabled."""

    kind = "conv"
    aliases = ("conv2d",)
    prefix = "conv"
    engine_scratch = {"output": 1, "conv tiles": 1}
    doc = "2-D convolution"
    settings = {
        "filters": Setting(positive_int, None, "the number of filters K, i.e. output channels "
                           "(may be left out with depthwise)", unset="required"),
        "kernel": Setting(pair_of(positive_int), doc="the filter size F or [Fh, Fw]"),
        "stride": Setting(pair_of(positive_int), ONE, "the step S or [Sh, Sw]"),
        "padding": Setting(padding, NO_PADDING, "P, [Ph, Pw], 'same' or 'valid'"),
        "dilation": Setting(pair_of(positive_int), ONE, "D, 1 for none (PyTorch's convention)"),
        "gaps": Setting(pair_of(non_negative_int), None,
                        "empty positions between taps, 0 for none: the other way to give the "
                        "dilation (gaps g = dilation g + 1)"),
        "groups": Setting(positive_int, 1, "input and output channels split into this many groups"),
        "bias": Setting(boolean, True, "whether each filter has a bias"),
        "depthwise": Setting(boolean, False, "one filter group per input channel"),
        "multiplier": Setting(positive_int, 1, "filters per input channel, with depthwise"),
    }
    ceil = False
    """Round the output size up: never set by a spec, only by `rounded_up` (a slip's variant)."""

    @classmethod
    def from_settings(cls, raw):
        if "dilation" in raw and "gaps" in raw:
            raise SettingError(
                "the dilation is given twice, as dilation and as gaps; received dilation: "
                f"{raw['dilation']} and gaps: {raw['gaps']}; keep one: dilation D (PyTorch's, 1 = "
                "none) and gaps g (empty positions between taps, 0 = none) say the same, "
                "D = g + 1", key="gaps")
        return super().from_settings(raw)

    def validate(self) -> None:
        if self.gaps is not None:
            self.dilation = (self.gaps[0] + 1, self.gaps[1] + 1)
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
        pads = axis_paddings(self.padding, (h, w), self.kernel, self.stride, self.dilation)
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
            sizes.append(conv_output_size(size, k, s, before, after, d, ceil=self.ceil))
        return sizes[0], sizes[1], filters

    def rounded_up(self):
        return None if self.ceil else self.copy(ceil=True)

    def window(self, inputs):
        _, _, pads = self.resolve(inputs)
        return tuple(AxisWindow(effective_kernel(k, d), s, before)
                     for k, s, d, (before, _) in zip(self.kernel, self.stride, self.dilation, pads))

    def grid_axes(self, inputs):
        _, _, pads = self.resolve(inputs)
        return tuple(GridAxis(n, k, s, d, before, after) for n, k, s, d, (before, after)
                     in zip(inputs[0][:2], self.kernel, self.stride, self.dilation, pads))

    # Each question below resolves its input once and hands (groups, filters, pads) on to the
    # helpers it uses (`_per_filter`, `_params`, `_factors`…), which do not resolve again.
    def weights_per_filter(self, inputs) -> int:
        return self._per_filter(inputs, self.resolve(inputs))

    def _per_filter(self, inputs, resolved) -> int:
        return self.kernel[0] * self.kernel[1] * inputs[0][2] // resolved[0]

    def params(self, inputs):
        return self._params(inputs, self.resolve(inputs))

    def _params(self, inputs, resolved) -> Params:
        filters = resolved[1]
        return Params((self._per_filter(inputs, resolved) + self.bias) * filters,
                      biases=self.bias * filters)

    def mults(self, inputs, output):
        h, w, k = output
        return h * w * k * self.weights_per_filter(inputs)

    def mults_formula(self, inputs, output) -> str:
        """``H_out·W_out·K · Fh·Fw·C_in/groups``, with the numbers put in."""
        return self._mults_formula(inputs, output, self.resolve(inputs))

    def _mults_formula(self, inputs, output, resolved) -> str:
        return f"{product_text(output)} · {product_text(self._factors(inputs, resolved))}"

    def is_channel_reduction(self, inputs, output) -> bool:
        """A 1×1, stride-1, ungrouped conv with fewer filters than input channels."""
        groups, _, _ = self.resolve(inputs)
        return (self.kernel == ONE and self.stride == ONE and groups == 1
                and output[2] < inputs[0][2])

    def mults_on_channels(self, inputs, output, channels):
        if self.kernel == ONE or self.depthwise or self.groups != 1:
            return None
        wider = [(*inputs[0][:2], channels)]
        return self.mults(wider, output), self.mults_formula(wider, output)

    def notes(self, inputs, output):
        h, w, c = inputs[0]
        resolved = self.resolve(inputs)
        geometry = ((h, w), self.kernel, self.stride, resolved[2], self.dilation, output[:2])
        notes = [self.dilation_note(), floor_note(*geometry, window="filter")]
        if self.padding == SAME:
            notes.append(same_padding_note(*geometry))
        notes.append(self._sharing_note(inputs, output, resolved))
        return tuple(note for note in notes if note)

    def dilation_note(self) -> str | None:
        """Both conventions side by side: PyTorch's dilation D and the gaps between taps."""
        if self.dilation == ONE:
            return None
        gaps = [d - 1 for d in self.dilation]
        if gaps[0] == gaps[1]:
            torch = f"dilation={self.dilation[0]}"
            apart = "one gap" if gaps[0] == 1 else f"{gaps[0]} gaps"
            apart += " between taps"
        else:
            torch = f"dilation=({self.dilation[0]}, {self.dilation[1]})"
            apart = f"gaps {gaps[0]},{gaps[1]} between taps (H, W)"
        spans = [effective_kernel(k, d) for k, d in zip(self.kernel, self.dilation)]
        arithmetic = per_axis([f"{d}·({k} − 1) + 1 = {span}" for d, k, span
                               in zip(self.dilation, self.kernel, spans)])
        given = (f"gaps: {pair_text(self.gaps, sep=None)} means "
                 if self.gaps is not None else "")
        return (f"{given}dilation {pair_text(self.dilation, sep=None)} ({torch} in PyTorch, "
                f"{apart}): the {pair_text(self.kernel)} kernel spans {pair_text(spans)} "
                f"({arithmetic}) with the same {product_text(self.kernel)} taps")

    def sharing_note(self, inputs, output) -> str | None:
        """What a fully connected layer between the same input and output would cost."""
        return self._sharing_note(inputs, output, self.resolve(inputs))

    def _sharing_note(self, inputs, output, resolved) -> str | None:
        positions = output[0] * output[1]
        if positions == 1:
            return None
        n_in, n_out = product_text(inputs[0]), product_text(output)
        dense = (prod(inputs[0]) + self.bias) * prod(output)
        params = self._params(inputs, resolved).trainable
        per_filter = (product_text(self._factors(inputs, resolved))
                      + (" + 1" if self.bias else ""))
        weights = f"({n_in} + 1)·{n_out}" if self.bias else f"{n_in}·{n_out}"
        return (f"parameter sharing: each filter's {per_filter} = "
                f"{thousands(self._per_filter(inputs, resolved) + self.bias)} parameters serve all "
                f"{output[0]}·{output[1]} = {thousands(positions)} positions; a fully connected "
                f"layer from the same {shape_text(inputs[0])} input to the same "
                f"{shape_text(output)} output would need {weights} = {thousands(dense)} "
                f"parameters, {dense / params:,.0f}× the conv's {thousands(params)}")

    def operations(self, inputs, output):
        h, w, k = output
        return {Op.CONV_MACS: self.mults(inputs, output), Op.LINEAR_OUTPUTS: h * w * k,
                Op.BIAS_ADDS: h * w * k * self.bias}

    def _factors(self, inputs, resolved) -> list[str]:
        groups, c = resolved[0], inputs[0][2]
        return [*self.kernel, f"{c}/{groups}" if groups != 1 else c]

    def formulas(self, inputs, output):
        h, w, c = inputs[0]
        resolved = groups, filters, pads = self.resolve(inputs)
        axes = [size_formula(size, k, s, p, d, out, self.ceil) for size, k, s, p, d, out
                in zip((h, w), self.kernel, self.stride, pads, self.dilation, output)]
        per_filter = product_text(self._factors(inputs, resolved))
        params = self._params(inputs, resolved).trainable
        weights = f"({per_filter} + 1)·{filters}" if self.bias else f"{per_filter}·{filters}"
        return {
            "output": f"{per_axis(axes)}; C = K = {filters}",
            "params": f"{weights} = {thousands(params)}",
            "mults": f"{self._mults_formula(inputs, output, resolved)} = "
                     f"{thousands(self.mults(inputs, output))}",
        }


@register
class ConvTranspose(Layer):
    """A transposed ("de-")convolution. Each input position scatters a Fh×Fw×(K/groups) patch,
    so its multiplications are counted over the input: ``H_in·W_in·C_in · Fh·Fw·K/groups``, as
    fvcore and torch.utils.flop_counter count it. ptflops and thop apply their forward
    convolution's rule, over the output positions: ``H_out·W_out·C_in · Fh·Fw·K/groups``, about
    S² times more, since most output positions receive only part of the kernel."""

    kind = "conv_transpose"
    aliases = ("deconv", "conv2d_transpose")
    prefix = "deconv"
    engine_scratch = {"output": 1, "transposed conv tiles": 1}
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
    over_output = False
    """Count mults over the output positions: only set by `counted_over_output` (a variant)."""

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

    def window(self, inputs):
        return tuple(AxisWindow(effective_kernel(k, d), s, before, transposed=True)
                     for k, s, d, (before, _) in zip(self.kernel, self.stride, self.dilation,
                                                     self.padding))

    def grid_axes(self, inputs):
        """The equivalent direct convolution (as in Dumoulin & Visin's guide): the input
        spread out by the stride, D·(F − 1) − P zeros around it (and the output padding after),
        stride 1. A padding beyond D·(F − 1) makes `before` negative: the grid is cropped."""
        axes = []
        for n, k, s, d, (p, _), extra in zip(inputs[0][:2], self.kernel, self.stride,
                                            self.dilation, self.padding, self.output_padding):
            around = d * (k - 1) - p
            axes.append(GridAxis(n, k, 1, d, around, around + extra, spread=s))
        return tuple(axes)

    def weights_per_input_channel(self) -> int:
        return self.kernel[0] * self.kernel[1] * self.filters // self.groups

    def params(self, inputs):
        c = inputs[0][2]
        return Params(c * self.weights_per_input_channel() + self.filters * self.bias,
                      biases=self.filters * self.bias)

    def mults(self, inputs, output):
        return self.macs(inputs, output, self.over_output)

    def macs(self, inputs, output, over_output: bool) -> int:
        """``H·W·C_in · Fh·Fw·K/groups`` over the input positions, or over the output's."""
        h, w = output[:2] if over_output else inputs[0][:2]
        return h * w * inputs[0][2] * self.weights_per_input_channel()

    def counted_over_output(self):
        return None if self.over_output else self.copy(over_output=True)

    def operations(self, inputs, output):
        h, w, k = output
        return {Op.TRANSPOSED_MACS_OVER_INPUT: self.macs(inputs, output, False),
                Op.TRANSPOSED_MACS_OVER_OUTPUT: self.macs(inputs, output, True),
                Op.TRANSPOSED_AXES: 2,
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
        where, (ph, pw) = ("output", output[:2]) if self.over_output else ("input", (h, w))
        positions = f"{ph}·{pw}"
        return {
            "output": f"{per_axis(axes)}; C = K = {self.filters}",
            "params": f"{c}·{per_channel}{bias} = {thousands(self.params(inputs).trainable)}",
            "mults": f"{positions}·{c} · {per_channel} = "
                     f"{thousands(self.mults(inputs, output))} (over the {where} positions)",
        }
