"""2-D convolution (cross-correlation, as in every deep-learning framework), NHWC.

``y[n, p, q, k] = b[k] + sum_{i, j, c} xpad[n, p*sh + i*dh, q*sw + j*dw, g(k)*Cg + c] * w[i, j, c, k]``

where ``xpad`` is ``x`` zero-padded by ``((top, bottom), (left, right))``, ``Cg = C_in / groups``
and ``g(k) = k // (K / groups)`` is the group of output channel ``k``.

Shapes: ``x`` (N, H, W, C_in) float32; ``w`` (kh, kw, C_in/groups, K) — PyTorch's
(K, C_in/g, kh, kw) permuted by (2, 3, 1, 0); ``b`` (K,) or None; ``y`` (N, H_out, W_out, K).

Three strategies compute the same thing (see :func:`choose_strategy`):

* ``"shifted"`` (:mod:`.conv_shifted`): per tile of output rows, sum over the kernel's taps of
  shifted views of the input times the taps' weights, accumulated in a tile-sized buffer; no
  im2col of the input (one einsum per tile for depthwise convolutions).
* ``"im2col_rows"`` (:mod:`.conv_im2col`): im2col per tile of output rows in one reused buffer,
  one matrix product per tile.
* ``"im2col"``: im2col of whole images (the whole batch when it fits the budget), one product.

Every product goes through :mod:`.tally`, so ``tally`` ends up holding the multiplications
performed: ``N * H_out * W_out * K * kh * kw * C_in/g`` for every strategy.
"""
from __future__ import annotations

import numpy as np

from . import conv_im2col as im2col, conv_shifted as shifted
from .conv_im2col import conv_im2col
from .conv_shifted import conv_shifted
from .tally import Tally
from .geometry import ConvGeometry, _geometry, conv_geometry
from .windows import BUDGET_BYTES

__all__ = ["conv2d", "conv2d_scratch", "choose_strategy", "ConvGeometry", "STRATEGIES"]

STRATEGIES = ("shifted", "im2col_rows", "im2col")


def choose_strategy(geo: ConvGeometry) -> str:
    """The strategy ``"auto"`` picks; measured with bench/kernels.py (2-core AVX2 machine).

    * depthwise (C_in/g == 1, g > 1) → ``"shifted"``: one einsum over shifted views per tile;
    * 1×1 kernels → ``"shifted"``: a single product per tile (per call at stride 1, no padding);
    * few input channels, ungrouped, with short columns, C_in < 16 and kh·kw·C_in ≤ 160 (VGG
      conv1_1's 27, ResNet conv1's 147) → ``"im2col"``: whole images in as few products as the
      budget allows; 7–12% faster than row tiles on VGG conv1_1 and 2–7% on ResNet conv1
      (one thread);
    * other few-channel layers, C_in/g < 16 (AlexNet conv1's 363 columns, ResNeXt's 4-channel
      groups) → ``"im2col_rows"``: per-tap products would be too thin (kw·C_in/g columns),
      gathering all kh·kw taps gives one useful product per row tile;
    * small outputs, H_out·W_out ≤ 196 (14×14 and smaller) → ``"im2col"``: one product for the
      batch; it tied ``"shifted"`` at batch 1 and won by 0–15% at batch 8;
    * otherwise → ``"shifted"`` (it beat both im2col variants by 5–25% on VGG-16 conv1_2 to
      conv4_2, ResNet-50 layer1/2 and AlexNet conv2).
    """
    if (geo.cg == 1 and geo.groups > 1) or geo.kh == geo.kw == 1:
        return "shifted"
    if geo.cg < 16 and geo.groups == 1 and geo.kh * geo.kw * geo.cg <= 160:
        return "im2col"
    if geo.cg < 16:
        return "im2col_rows"
    if geo.ho * geo.wo <= 196:
        return "im2col"
    return "shifted"


def conv2d_scratch(x_shape, w_shape, *, stride=1, padding=0, dilation=1, groups: int = 1,
                   strategy: str = "auto", budget_bytes: int = BUDGET_BYTES) -> int:
    """Float32 elements :func:`conv2d` will allocate besides its output for these shapes, read
    from the plan of the strategy it will follow: nothing is allocated here."""
    geo = conv_geometry(x_shape, w_shape, stride, padding, dilation, groups)
    if strategy == "auto":
        strategy = choose_strategy(geo)
    if strategy == "shifted":
        return shifted.scratch_elements(geo, budget_bytes)
    return im2col.scratch_elements(geo, budget_bytes, whole_images=strategy == "im2col")


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, *, stride=1, padding=0,
           dilation=1, groups: int = 1, tally: Tally | None = None, strategy: str = "auto",
           budget_bytes: int = BUDGET_BYTES) -> np.ndarray:
    """Convolve ``x`` (N, H, W, C_in) with ``w`` (kh, kw, C_in/groups, K); returns (N, H_out, W_out, K).

    ``stride``, ``dilation``: int or (h, w). ``padding``: int, (ph, pw) or ((top, bottom), (left, right)).
    ``strategy``: ``"auto"`` or one of :data:`STRATEGIES`. ``budget_bytes`` bounds the temporaries
    (the output excluded). Multiplications performed are added to ``tally``.

    >>> x = np.ones((1, 6, 6, 3), np.float32); w = np.ones((3, 3, 3, 2), np.float32)
    >>> t = Tally(); conv2d(x, w, tally=t).shape, t.multiplications == 4 * 4 * 2 * 27
    ((1, 4, 4, 2), True)
    """
    x = np.asarray(x, np.float32)
    w = np.asarray(w, np.float32)
    geo = _geometry(x, w, stride, padding, dilation, groups)
    if b is not None:
        b = np.asarray(b, np.float32)
        if b.shape != (geo.k,):
            raise ValueError(f"bias must have shape (K,) = ({geo.k},); received {b.shape}")
    if strategy == "auto":
        strategy = choose_strategy(geo)
    out = np.empty((geo.n, geo.ho, geo.wo, geo.k), np.float32)
    if strategy == "shifted":
        conv_shifted(x, w, geo, out, tally, budget_bytes)
    elif strategy in ("im2col_rows", "im2col"):
        conv_im2col(x, w, geo, out, tally, budget_bytes, whole_images=strategy == "im2col")
    else:
        raise ValueError(f"unknown conv2d strategy {strategy!r}; use 'auto' or one of {STRATEGIES}")
    if b is not None:
        out += b
    return out
