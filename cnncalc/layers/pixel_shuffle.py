"""Pixel shuffle (depth to space): the channels of each position laid out as an r×r patch.
A permutation of the values: no parameters, no multiplications."""

from __future__ import annotations

from fractions import Fraction

from ..errors import ShapeError
from ..receptive import AxisWindow
from .base import Layer, checked_output, feature_map, register
from .settings import Setting, one_of, positive_int

CRD, DCR = "crd", "dcr"
"""The two channel orders. CRD (PyTorch's ``nn.PixelShuffle``, ONNX DepthToSpace
``mode=CRD``): output channel c at sub-position (i, j) of its r×r patch is input channel
``c·r² + i·r + j``. DCR (TensorFlow's ``tf.nn.depth_to_space``, ONNX's default ``mode=DCR``):
input channel ``(i·r + j)·C_out + c``."""


@register
class PixelShuffle(Layer):
    """ESPCN's sub-pixel convolution step: H×W×C·r² → rH×rW×C, each position's C·r² channels
    spread over an r×r patch of the output (PyTorch's ``nn.PixelShuffle(r)``; TensorFlow's
    ``depth_to_space`` with ``order: dcr``). The values move, none is computed."""

    kind = "pixel_shuffle"
    aliases = ("depth_to_space",)
    prefix = "pixel_shuffle"
    engine_scratch = {"output": 1}
    doc = "H×W×C·r² → rH×rW×C: channels laid out as r×r patches (sub-pixel convolution)"
    settings = {
        "factor": Setting(positive_int, doc="r, the upscale factor (C must divide by r²)"),
        "order": Setting(one_of(CRD, DCR), CRD,
                         "which input channel goes where: crd (PyTorch nn.PixelShuffle) or "
                         "dcr (TensorFlow depth_to_space)"),
    }
    shorthand = "factor"

    def describe(self) -> str:
        return f"×{self.factor}" + (f" {self.order}" if self.order != CRD else "")

    def output_shape(self, inputs):
        h, w, c = feature_map(inputs[0], self)
        square = self.factor * self.factor
        if c % square:
            raise ShapeError(f"pixel_shuffle ×{self.factor} needs channels divisible by "
                             f"r² = {square}, but its input has {c}; give the layer before it "
                             f"a multiple of {square} channels (C·{square} for C out)")
        return checked_output((h * self.factor, w * self.factor, c // square))

    def window(self, inputs):
        """Output o reads input ⌊o/r⌋ (one input, outputs 1/r input pixels apart): the nearest
        upsample's window, whatever the channel order."""
        return tuple(AxisWindow(1, Fraction(self.factor), 0, transposed=True) for _ in "HW")

    def formulas(self, inputs, output):
        h, w, c = inputs[0]
        r = self.factor
        return {"output": f"H: {h}·{r} = {output[0]}; W: {w}·{r} = {output[1]}; "
                          f"C: {c}/{r}² = {output[2]}",
                "params": "none", "mults": "none (the values are rearranged, not computed)"}

    def notes(self, inputs, output):
        r, c = self.factor, output[2]
        if self.order == CRD:
            return (f"channel order CRD, as PyTorch's nn.PixelShuffle: output channel c at "
                    f"patch position (i, j) is input channel c·{r * r} + i·{r} + j; "
                    f"TensorFlow's depth_to_space reads (i·{r} + j)·{c} + c instead "
                    "(order: dcr) — same counts, other values",)
        return (f"channel order DCR, as TensorFlow's depth_to_space: output channel c at patch "
                f"position (i, j) is input channel (i·{r} + j)·{c} + c; PyTorch's "
                f"nn.PixelShuffle reads c·{r * r} + i·{r} + j (order: crd)",)
