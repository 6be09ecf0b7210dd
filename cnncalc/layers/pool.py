"""Pooling: windowed max and average, global and adaptive average. No parameters, no counted
multiplications, channels unchanged."""

from __future__ import annotations

from fractions import Fraction
from math import gcd, prod
from typing import ClassVar

from ..errors import SettingError, ShapeError
from ..operations import Op
from ..receptive import GLOBAL, AxisWindow
from ..shapes import axis_paddings, pool_output_size
from ..text import pair_text
from .base import Layer, feature_map, register
from .conv import NO_PADDING, hyper_summary
from .settings import SAME, Setting, boolean, padding, pair_of, positive_int
from .window_text import floor_note, per_axis, same_padding_note, size_formula


class WindowPool(Layer):
    """Shared by max and average pooling: ``⌊(W − F + 2P)/S⌋ + 1`` per axis (⌈⌉ in ceil mode)."""

    prefix = "pool"
    settings = {
        "kernel": Setting(pair_of(positive_int), doc="the window size F or [Fh, Fw]"),
        "stride": Setting(pair_of(positive_int), None, "the step S; defaults to the window size",
                          unset="= kernel"),
        "padding": Setting(padding, NO_PADDING, "P, [Ph, Pw], 'same' or 'valid'"),
        "ceil_mode": Setting(boolean, False, "round the output size up instead of down"),
    }
    shorthand = "kernel"
    dilation = (1, 1)
    window_ops: ClassVar[tuple[Op, Op, Op]]
    """Its categories for (input elements, output elements, output elements × window side)."""

    def validate(self) -> None:
        if self.stride is None:
            self.stride = self.kernel
        if self.padding != SAME:
            for (pad, _), k in zip(self.padding, self.kernel):
                if 2 * pad > k:
                    raise SettingError(f"padding {pad} is more than half the window {k}; a window "
                                       "would then see only padding")

    def describe(self) -> str:
        return hyper_summary(self, "").lstrip(" ×") + (" ceil" if self.ceil_mode else "")

    def pads(self, h: int, w: int):
        return axis_paddings(self.padding, (h, w), self.kernel, self.stride)

    def output_shape(self, inputs):
        h, w, c = feature_map(inputs[0], self)
        pads = self.pads(h, w)
        padded = [size + before + after for size, (before, after) in zip((h, w), pads)]
        if any(k > size for k, size in zip(self.kernel, padded)):
            raise ShapeError(f"window {pair_text(self.kernel)} is larger than its padded input "
                             f"{padded[0]}×{padded[1]}; use a smaller window or a larger input")
        sizes = [pool_output_size(size, k, s, before, after, self.ceil_mode)
                 for size, k, s, (before, after) in zip((h, w), self.kernel, self.stride, pads)]
        return sizes[0], sizes[1], c

    def window(self, inputs):
        h, w, _ = inputs[0]
        return tuple(AxisWindow(k, s, before) for k, s, (before, _)
                     in zip(self.kernel, self.stride, self.pads(h, w)))

    def operations(self, inputs, output):
        fh, fw = self.kernel
        side = fh if fh == fw else fh * fw
        by_input, by_output, by_side = self.window_ops
        return {by_input: prod(inputs[0]), by_output: prod(output),
                by_side: prod(output) * side}

    def formulas(self, inputs, output):
        h, w, c = inputs[0]
        axes = [size_formula(size, k, s, pads, 1, out, self.ceil_mode) for size, k, s, pads, out
                in zip((h, w), self.kernel, self.stride, self.pads(h, w), output)]
        return {"output": f"{per_axis(axes)}; C = {c} (unchanged)",
                "params": "none", "mults": "none counted (comparisons / additions only)"}

    def notes(self, inputs, output):
        h, w, _ = inputs[0]
        geometry = ((h, w), self.kernel, self.stride, self.pads(h, w), self.dilation, output[:2])
        notes = [] if self.ceil_mode else [floor_note(*geometry, window="window")]
        if self.padding == SAME:
            notes.append(same_padding_note(*geometry))
        return tuple(note for note in notes if note)


@register
class MaxPool(WindowPool):
    kind = "maxpool"
    aliases = ("max_pool", "maxpool2d")
    engine_scratch = {"output": 1, "pool tiles": 1}
    doc = "max pooling"
    window_ops = (Op.MAXPOOL_INPUT, Op.MAXPOOL_OUTPUT, Op.MAXPOOL_OUTPUT_BY_SIDE)


@register
class AvgPool(WindowPool):
    kind = "avgpool"
    aliases = ("avg_pool", "avgpool2d")
    engine_scratch = {"output": 1, "average pool tiles": 1}
    doc = "average pooling"
    window_ops = (Op.AVGPOOL_INPUT, Op.AVGPOOL_OUTPUT, Op.AVGPOOL_OUTPUT_BY_SIDE)
    settings = {**WindowPool.settings, "count_include_pad": Setting(
        boolean, True, "whether padded zeros count in each window's average (PyTorch: true)")}

    def describe(self) -> str:
        return super().describe() + ("" if self.count_include_pad else " excl. pad")

    def notes(self, inputs, output):
        """What ``count_include_pad`` changes: no count, only the divisor at the border."""
        h, w, _ = inputs[0]
        pads = self.pads(h, w)
        if not any(any(pair) for pair in pads):
            return super().notes(inputs, output)
        area = self.kernel[0] * self.kernel[1]
        (top, _), (left, _) = pads
        corner = min(self.kernel[0] - top, h) * min(self.kernel[1] - left, w)
        if self.count_include_pad:
            divisor = (f"count_include_pad: the padded zeros count in the average, so every "
                       f"window divides by {self.kernel[0]}·{self.kernel[1]} = {area}, even the "
                       f"first, which covers {corner} real inputs (PyTorch's default; "
                       "count_include_pad: false divides by those alone)")
        else:
            divisor = (f"count_include_pad: false: a window divides by the real inputs it "
                       f"covers, {corner} for the first rather than {area} (TensorFlow's and "
                       "Keras' rule)")
        return super().notes(inputs, output) + (divisor,)

    def operations(self, inputs, output):
        h, w, c = inputs[0]
        averaged = c
        for size, k, s, (before, after), out in zip((h, w), self.kernel, self.stride,
                                                    self.pads(h, w), output):
            averaged *= window_sizes(size, k, s, before, after, out, self.count_include_pad)
        return {**super().operations(inputs, output), Op.AVERAGED_INPUTS: averaged}


def window_sizes(size: int, kernel: int, stride: int, before: int, after: int, out: int,
                 include_pad: bool) -> int:
    """Σ over the `out` windows of one axis of the inputs each covers: window i spans
    ``[i·S − P_before, i·S − P_before + F)`` clipped to ``[−P_before, W + P_after)`` (padded
    zeros included) or to ``[0, W)``, as PyTorch's divisor is. In closed form (two arithmetic
    series), so a huge axis costs nothing; no window is empty (the padding is at most half the
    window and the last window starts inside the input).

    >>> window_sizes(35, 3, 1, 1, 1, 35, True), window_sizes(35, 3, 1, 1, 1, 35, False)
    (105, 103)
    >>> window_sizes(112, 3, 2, 0, 0, 56, True)     # ceil mode: the last window is 2 wide
    167
    """
    lower, upper = (-before, size + after) if include_pad else (0, size)
    ends_inside = min(out, max(0, (upper + before - kernel) // stride + 1))
    ends = (stride * ends_inside * (ends_inside - 1) // 2 + ends_inside * (kernel - before)
            + (out - ends_inside) * upper)                       # Σ min(start + F, upper)
    clipped = min(out, -(-(lower + before) // stride))           # windows starting below lower
    starts = (clipped * lower + stride * (out * (out - 1) - clipped * (clipped - 1)) // 2
              - (out - clipped) * before)                         # Σ max(start, lower)
    return ends - starts


@register
class GlobalAvgPool(Layer):
    """Averages each channel over the whole map: H×W×C → 1×1×C."""

    kind = "global_avgpool"
    aliases = ("gap", "global_average_pool")
    prefix = "pool"
    engine_scratch = {"output": 1}
    doc = "global average pooling"

    def describe(self) -> str:
        return "global"

    def output_shape(self, inputs):
        _, _, c = feature_map(inputs[0], self)
        return 1, 1, c

    def window(self, inputs):
        return GLOBAL

    def operations(self, inputs, output):
        return {Op.GLOBAL_POOL_INPUT: prod(inputs[0]), Op.GLOBAL_POOL_OUTPUT: prod(output),
                Op.AVERAGED_INPUTS: prod(inputs[0])}

    def formulas(self, inputs, output):
        return {"output": f"1×1×{output[2]} (one average per channel)", "params": "none"}


def adaptive_bins(n: int, o: int) -> tuple[set[int], set[int]]:
    """The widths of PyTorch's o adaptive bins over n inputs (bin i spans ``⌊i·n/o⌋ …
    ⌈(i + 1)·n/o⌉ − 1``) and the steps between their starts ({n} for one bin), worked out
    without listing the bins (o may be 2³¹ − 1).

    With n = q·o + r and g = gcd(n, o), bin i's step is q, plus 1 when the remainder
    i·n mod o is at least o − r, and its width q + ⌈(i·n mod o + r)/o⌉. The remainders of
    i = 0 … o − 1 are the multiples of g below o, so the widths are {q} when r = 0, {q + 1}
    when r = g, else {q + 1, q + 2}. The steps (i = 0 … o − 2) miss the remainder of
    i = o − 1 alone, o − r: they are {q} when r = 0, or when g = 1 and r = 1; else {q, q + 1}.

    >>> adaptive_bins(13, 6), adaptive_bins(10, 4), adaptive_bins(2, 5)
    (({3}, {2}), ({3}, {2, 3}), ({1, 2}, {0, 1}))
    """
    q, r = divmod(n, o)
    g = gcd(n, o)
    widths = {q} if r == 0 else {q + 1} if r == g else {q + 1, q + 2}
    if o == 1:
        steps = {n}
    elif r == 0 or (g == 1 and r == 1):
        steps = {q}
    else:
        steps = {q, q + 1}
    return widths, steps


@register
class AdaptiveAvgPool(Layer):
    """Averages over PyTorch's adaptive bins so that the output is exactly ``size``."""

    kind = "adaptive_avgpool"
    aliases = ("adaptive_avg_pool",)
    prefix = "pool"
    engine_scratch = {"output": 2, "row gather": 2}  # bins of rows, stacked; of columns
    doc = "adaptive average pooling to a fixed output size"
    settings = {"size": Setting(pair_of(positive_int), doc="the output size or [h, w]")}
    shorthand = "size"

    def describe(self) -> str:
        return f"→ {pair_text(self.size)}"

    def output_shape(self, inputs):
        _, _, c = feature_map(inputs[0], self)
        return *self.size, c

    def window(self, inputs):
        """Bin i of n inputs into o outputs spans ``⌊i·n/o⌋ … ⌈(i + 1)·n/o⌉ − 1`` (PyTorch).
        Bins of one width at one step are an ordinary window (13 → 6: 3 wide, step 2); when
        they are not (10 → 4: steps 2, 3, 2), the widest bin and the mean step n/o stand for
        them. One bin on both axes reads the whole map: global."""
        if self.size == (1, 1):
            return GLOBAL
        axes = []
        for n, o in zip(inputs[0][:2], self.size):
            widths, steps = adaptive_bins(n, o)
            if len(widths) == 1 and len(steps) == 1:
                axes.append(AxisWindow(widths.pop(), steps.pop(), 0))
            else:
                axes.append(AxisWindow(max(widths), Fraction(n, o), 0))
        return tuple(axes)

    def operations(self, inputs, output):
        """The bins' widths add up to ``n + o − gcd(n, o)`` per axis (bins overlap when o does
        not divide n): Σ⌈(i + 1)·n/o⌉ − Σ⌊i·n/o⌋ over i < o."""
        h, w, c = inputs[0]
        averaged = c * prod(n + o - gcd(n, o) for n, o in zip((h, w), self.size))
        return {Op.GLOBAL_POOL_INPUT: prod(inputs[0]), Op.GLOBAL_POOL_OUTPUT: prod(output),
                Op.AVERAGED_INPUTS: averaged}

    def formulas(self, inputs, output):
        return {"output": f"{pair_text(self.size)}×{output[2]} (the requested size)",
                "params": "none"}
