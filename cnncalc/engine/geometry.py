"""The geometry of one convolution call, read off its arrays: what every strategy of
`cnncalc.engine.conv` needs to know (sizes, groups, stride, padding, dilation, output size).
Its own module, so that the strategies and the dispatcher import it without importing each
other."""

from __future__ import annotations

from dataclasses import dataclass

from .windows import pair, padding_pairs, span, window_starts


@dataclass(frozen=True)
class ConvGeometry:
    """Everything a strategy needs to know about one convolution call, read off the arrays."""

    n: int
    h: int
    w: int
    c: int
    kh: int
    kw: int
    k: int
    groups: int
    stride: tuple[int, int]
    pads: tuple[tuple[int, int], tuple[int, int]]
    dilation: tuple[int, int]
    ho: int
    wo: int

    @property
    def cg(self) -> int:
        """Input channels per group."""
        return self.c // self.groups

    @property
    def kg(self) -> int:
        """Output channels per group."""
        return self.k // self.groups

    @property
    def span(self) -> tuple[int, int]:
        return span(self.kh, self.dilation[0]), span(self.kw, self.dilation[1])

    @property
    def padded_width(self) -> int:
        return self.pads[1][0] + self.w + self.pads[1][1]


def _geometry(x, w, stride, padding, dilation, groups) -> ConvGeometry:
    return conv_geometry(x.shape, w.shape, stride, padding, dilation, groups)


def conv_geometry(x_shape, w_shape, stride, padding, dilation, groups) -> ConvGeometry:
    """The geometry of convolving an array of ``x_shape`` (N, H, W, C_in) with weights of
    ``w_shape`` (kh, kw, C_in/groups, K): from shapes alone, so that the memory a call will
    take can be planned before anything is allocated (`cnncalc.engine.scratch`)."""
    if len(x_shape) != 4:
        raise ValueError(f"conv2d input must be NHWC (batch, H, W, C); received shape {tuple(x_shape)}")
    if len(w_shape) != 4:
        raise ValueError(f"conv2d weights must be (kh, kw, C_in/groups, K); received shape {tuple(w_shape)}")
    n, h, wd, c = x_shape
    kh, kw, cg, k = w_shape
    groups = int(groups)
    if groups < 1 or c % groups or k % groups:
        raise ValueError(f"groups must divide both C_in and K; received groups={groups}, "
                         f"C_in={c}, K={k}")
    if cg != c // groups:
        raise ValueError(f"weights have {cg} input channels per group but the input has "
                         f"C_in={c} in {groups} group(s), i.e. {c // groups}; "
                         f"pack weights as (kh, kw, C_in/groups, K)")
    stride, dilation, pads = pair(stride, "stride"), pair(dilation, "dilation"), padding_pairs(padding)
    if min(stride + dilation) < 1:
        raise ValueError(f"stride and dilation must be ≥ 1; received stride={stride}, dilation={dilation}")
    ho = window_starts(pads[0][0] + h + pads[0][1], span(kh, dilation[0]), stride[0])
    wo = window_starts(pads[1][0] + wd + pads[1][1], span(kw, dilation[1]), stride[1])
    if ho < 1 or wo < 1:
        raise ValueError(f"the {kh}×{kw} kernel (dilation {dilation}) does not fit in the padded "
                         f"{h}×{wd} input (padding {pads}); use a smaller kernel or more padding")
    return ConvGeometry(n, h, wd, c, kh, kw, k, groups, stride, pads, dilation, ho, wo)
