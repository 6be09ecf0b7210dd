"""Layers that change H×W without weights: upsample, crop, zero padding. No parameters and no
counted multiplications; the channels are unchanged."""

from __future__ import annotations

from fractions import Fraction
from math import floor, prod

from ..errors import ShapeError
from ..operations import Op
from ..receptive import AxisWindow
from ..text import pair_text
from .base import Layer, feature_map, register
from .settings import (Setting, either, layer_name, non_negative_int, one_of, pair_of,
                       positive_int, positive_number, sides)


def centre_offset(big: int, small: int) -> int:
    """Where a centred crop of `small` from `big` starts: ``round((big − small)/2)`` with
    Python's rounding of halves to even, as torchvision's ``center_crop`` computes it. An odd
    difference leaves one extra row after the crop when ⌊(big − small)/2⌋ is even, before it
    when odd.

    >>> centre_offset(64, 56), centre_offset(5, 4), centre_offset(7, 4)
    (4, 0, 2)
    """
    return round(Fraction(big - small, 2))


def edges_text(top: int, bottom: int, left: int, right: int) -> str:
    return f"top {top}, bottom {bottom}, left {left}, right {right}"


def edges_summary(top: int, bottom: int, left: int, right: int) -> str:
    """Short: ``1`` for one number everywhere, ``[1, 2]`` per axis, else all four."""
    if top == bottom == left == right:
        return str(top)
    if (top, left) == (bottom, right):
        return f"[{top}, {left}]"
    return f"[{top}, {bottom}, {left}, {right}]"


def factor_text(scale) -> str:
    """``2`` for ×2 on both axes, ``2×1.5`` otherwise."""
    return f"{scale[0]:g}" if scale[0] == scale[1] else f"{scale[0]:g}×{scale[1]:g}"


@register
class Upsample(Layer):
    """H×W scaled up (or down) by ``scale`` — ``⌊H·s⌋`` per axis, as PyTorch's
    ``nn.Upsample(scale_factor=s)`` — or set to ``size``, or to the H×W of the layer
    ``size_of`` names (``F.interpolate(x, size=skip.shape[-2:])``: FCN, DeepLab, LR-ASPP; that
    layer is an extra input whose values are not read); C unchanged. Interpolation is not a
    multiply-accumulate of a layer's weights: no multiplications are counted (nearest copies;
    bilinear takes a weighted mean of 2×2 neighbours, a few operations per output)."""

    kind = "upsample"
    prefix = "up"
    engine_scratch = {"output": 1, "interpolation": 1}
    doc = "resize H×W by nearest or bilinear interpolation"
    settings = {
        "mode": Setting(one_of("nearest", "bilinear"), "nearest", "nearest or bilinear"),
        "scale": Setting(pair_of(positive_number), None, "the factor s or [sh, sw]"),
        "size": Setting(pair_of(positive_int), None, "the output size or [h, w] instead"),
        "size_of": Setting(layer_name, None, "a layer whose H×W the output takes instead"),
    }
    shorthand = "scale"
    layer_settings = {"size_of": "output"}
    inputs_hint = ("; the two-input form from: [x, reference] exists only for crop: to resize "
                   "to another layer's H×W write size_of: <layer>, e.g. upsample: {size_of: "
                   "skip, mode: bilinear}")

    def operations(self, inputs, output):
        category = (Op.UPSAMPLE_BILINEAR_OUTPUT if self.mode == "bilinear"
                    else Op.UPSAMPLE_NEAREST_OUTPUT)
        return {category: prod(output)}

    def validate(self) -> None:
        scale = ("scale", self.scale, self.scale and factor_text(self.scale))
        size = ("size", self.size, self.size and pair_text(self.size))
        either(scale, size, None if self.size_of else
               "upsample needs 'scale' (e.g. scale: 2), 'size' (e.g. size: [56, 56]) or "
               "'size_of' (e.g. size_of: skip)")
        either(scale if self.scale else size, ("size_of", self.size_of, self.size_of))

    def describe(self) -> str:
        if self.size_of is not None:
            what = f"→ size of {self.size_of}"
        else:
            what = f"×{factor_text(self.scale)}" if self.scale else f"→ {pair_text(self.size)}"
        return f"{what} {self.mode}"

    def target(self, inputs) -> tuple[int, int] | None:
        """The H×W asked for (``size``, or the size of ``size_of``'s layer), None for a scale."""
        if self.size_of is not None:
            if len(inputs) < 2:
                raise ShapeError(f"size_of: {self.size_of} needs that layer's shape, which only "
                                 "a network gives; use 'size' for a single layer")
            if len(inputs[1]) != 3:
                raise ShapeError(f"size_of: {self.size_of} is a vector of {inputs[1][0]:,} "
                                 "values, which has no H×W; name a layer with an H×W×C output")
            return inputs[1][:2]
        return self.size

    def output_shape(self, inputs):
        h, w, c = feature_map(inputs[0], self)
        target = self.target(inputs)
        if target is not None:
            return *target, c
        return floor(h * self.scale[0]), floor(w * self.scale[1]), c

    def fed_by(self, inputs):
        return (0,)   # size_of's layer gives just its size

    def factors(self, inputs, output) -> tuple[Fraction, Fraction]:
        """The scale per axis as out/in: exactly what the outputs' spacing divides by."""
        return tuple(Fraction(out, size) for out, size in zip(output[:2], inputs[0][:2]))

    def window(self, inputs):
        """Like a transposed convolution, the jump divides by the scale s = out/in (the
        outputs lie 1/s input pixels apart). Nearest: output o copies input ⌊o/s⌋, so the
        field keeps its size and output 0 sits on input 0. Bilinear (PyTorch,
        align_corners=False): output o reads the two inputs around (o + ½)/s − ½, so the
        field grows by one input jump, and output 0 sits at (1/s − 1)/2. Both are the
        transposed-window recurrence with span 1, pad 0 (nearest) or span s + 1, pad ½
        (bilinear)."""
        output = self.output_shape(inputs)
        if self.mode == "nearest":
            return tuple(AxisWindow(1, s, 0, transposed=True)
                         for s in self.factors(inputs, output))
        return tuple(AxisWindow(s + 1, s, Fraction(1, 2), transposed=True)
                     for s in self.factors(inputs, output))

    def formulas(self, inputs, output):
        h, w, c = inputs[0]
        if self.size_of is not None:
            size = f"H, W = {pair_text(output[:2])} (the size of {self.size_of})"
        elif self.size is not None:
            size = f"H, W = {pair_text(self.size)} (the size asked for)"
        else:
            size = "; ".join(f"{axis}: ⌊{n}·{s:g}⌋ = {out}" for axis, n, s, out
                             in zip("HW", (h, w), self.scale, output))
        return {"output": f"{size}; C = {c} (unchanged)", "params": "none",
                "mults": f"none counted ({self.mode} interpolation is not a multiply-"
                         "accumulate of weights)"}

    def notes(self, inputs, output):
        if self.size_of is None:
            return ()
        h, w, _ = inputs[0]
        factors = " × ".join(f"{s}" for s in self.factors(inputs, output))
        return (f"resized to the H×W of {self.size_of}: {h}×{w} → {pair_text(output[:2])}, "
                f"factors {factors} (out/in per axis; {self.size_of}'s values are not read)",)


@register
class ZeroPad(Layer):
    """Keras' ZeroPadding2D: zeros added around H×W: ``H + top + bottom``,
    ``W + left + right``; and zero channels around C: ``C + before + after`` (``channels``:
    the CIFAR ResNets' "option A" shortcut, torch's ``F.pad(x, (0, 0, 0, 0, n, n))``)."""

    kind = "zeropad"
    aliases = ("zero_padding",)
    prefix = "pad"
    engine_scratch = {"output": 1}
    doc = "zeros added around the feature map (Keras ZeroPadding2D), or its channels"
    settings = {
        "padding": Setting(sides, (0, 0, 0, 0), "P, [ph, pw] or [top, bottom, left, right]"),
        "channels": Setting(pair_of(non_negative_int), (0, 0),
                            "zero channels before and after the input's: n (each side) or "
                            "[before, after]"),
    }
    shorthand = "padding"

    def describe(self) -> str:
        spatial = edges_summary(*self.padding)
        if self.channels == (0, 0):
            return spatial
        before, after = self.channels
        channels = f"channels +{before}/+{after}"
        return channels if self.padding == (0, 0, 0, 0) else f"{spatial}, {channels}"

    def output_shape(self, inputs):
        h, w, c = feature_map(inputs[0], self)
        top, bottom, left, right = self.padding
        before, after = self.channels
        return h + top + bottom, w + left + right, before + c + after

    def window(self, inputs):
        """Output o is input o − top: a 1×1 window, stride 1, `top` rows of padding before."""
        top, _, left, _ = self.padding
        return AxisWindow(1, 1, top), AxisWindow(1, 1, left)

    def formulas(self, inputs, output):
        h, w, c = inputs[0]
        top, bottom, left, right = self.padding
        before, after = self.channels
        channels = (f"C = {c} (unchanged)" if (before, after) == (0, 0)
                    else f"C: {before} + {c} + {after} = {output[2]} (zero channels)")
        return {"output": f"H: {h} + {top} + {bottom} = {output[0]}; W: {w} + {left} + "
                          f"{right} = {output[1]}; {channels}", "params": "none"}


@register
class Crop(Layer):
    """U-Net's copy-and-crop: H×W cut down, C unchanged. By ``margins`` (rows and columns
    removed at each edge), to a centred ``size``, or — with two inputs ``from: [big,
    reference]`` — the first centred on the second's H×W. Centring follows torchvision's
    ``center_crop`` (`centre_offset`)."""

    kind = prefix = "crop"
    engine_scratch = {"output": 1}
    doc = "cut H×W down by margins, to a centred size, or to a second input's H×W"
    min_inputs, max_inputs = 1, 2
    settings = {
        "margins": Setting(sides, None, "removed at each edge: M, [mv, mh] or "
                                        "[top, bottom, left, right]"),
        "size": Setting(pair_of(positive_int), None, "a centred crop to [h, w] instead"),
    }

    def validate(self) -> None:
        either(("margins", self.margins, self.margins and edges_summary(*self.margins)),
               ("size", self.size, self.size and pair_text(self.size)))

    def describe(self) -> str:
        if self.margins is not None:
            return f"margins {edges_summary(*self.margins)}"
        return f"→ {pair_text(self.size)}" if self.size is not None else "to its reference"

    def edges(self, inputs) -> tuple[int, int, int, int]:
        """(top, bottom, left, right) removed from the first input."""
        h, w, _ = feature_map(inputs[0], self)
        if len(inputs) == 2:
            if self.margins is not None or self.size is not None:
                raise ShapeError("a crop with a reference input takes its size from it; leave "
                                 "out 'margins' and 'size', or the second input")
            target = feature_map(inputs[1], self)[:2]
        elif self.margins is not None:
            top, bottom, left, right = self.margins
            if top + bottom >= h or left + right >= w:
                raise ShapeError(f"margins {edges_text(*self.margins)} leave nothing of the "
                                 f"{h}×{w} input; crop less than the input's size")
            return self.margins
        elif self.size is not None:
            target = self.size
        else:
            raise ShapeError("crop needs 'margins', 'size' or a reference input "
                             "(from: [big, reference])")
        if target[0] > h or target[1] > w:
            raise ShapeError(f"the crop {pair_text(target)} is larger than its input {h}×{w}; "
                             "a crop can only make the map smaller")
        top, left = (centre_offset(big, small) for big, small in zip((h, w), target))
        return top, h - target[0] - top, left, w - target[1] - left

    def fed_by(self, inputs):
        return (0,)

    def output_shape(self, inputs):
        h, w, c = feature_map(inputs[0], self)
        top, bottom, left, right = self.edges(inputs)
        return h - top - bottom, w - left - right, c

    def window(self, inputs):
        """Output o is input o + top: a 1×1 window, stride 1, starting `top` rows in."""
        top, _, left, _ = self.edges(inputs)
        return AxisWindow(1, 1, -top), AxisWindow(1, 1, -left)

    def formulas(self, inputs, output):
        h, w, c = inputs[0]
        top, bottom, left, right = self.edges(inputs)
        return {"output": f"H: {h} − {top} − {bottom} = {output[0]}; W: {w} − {left} − "
                          f"{right} = {output[1]}; C = {c} (unchanged)", "params": "none"}

    def notes(self, inputs, output):
        if len(inputs) == 1 and self.size is None:
            return ()
        h, w, _ = inputs[0]
        top, bottom, left, right = self.edges(inputs)
        reference = (f"to the reference's {pair_text(output[:2])}" if len(inputs) == 2
                     else f"to {pair_text(output[:2])}")
        text = (f"centred crop {reference}: {edges_text(top, bottom, left, right)} removed "
                f"from {h}×{w}")
        uneven = [f"the extra {line} is cut at the {ends[after > before]}"
                  for line, ends, before, after in (("row", ("top", "bottom"), top, bottom),
                                                    ("column", ("left", "right"), left, right))
                  if before != after]
        if uneven:
            text += ("; the difference is odd, so " + " and ".join(uneven) +
                     " (torchvision's center_crop: round((big − small)/2) rows before, halves "
                     "rounded to even)")
        return (text,)
