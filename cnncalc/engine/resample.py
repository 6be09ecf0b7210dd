"""Resizing H×W by interpolation, NHWC float32, as PyTorch's ``F.interpolate`` with
``align_corners=False`` computes source coordinates from the sizes (``recompute_scale_factor``):

* nearest: output o copies input ``⌊o · in/out⌋``;
* bilinear: output o reads inputs ``i0 = ⌊src⌋`` and ``i1 = min(i0 + 1, in − 1)`` at
  ``src = max((o + ½) · in/out − ½, 0)``, weighted ``1 − λ`` and ``λ = src − i0``; per axis, so
  a 2×2 neighbourhood in all.

Interpolation is not a layer's multiply-accumulate of weights: no tally.
"""
from __future__ import annotations

import numpy as np

__all__ = ["resize_nearest", "resize_bilinear"]


def _nearest_indices(size: int, out: int) -> np.ndarray:
    return np.minimum((np.arange(out) * size) // out, size - 1)


def resize_nearest(x, height: int, width: int):
    """x (N, H, W, C) → (N, height, width, C)."""
    _, h, w, _ = x.shape
    rows, cols = _nearest_indices(h, height), _nearest_indices(w, width)
    return np.asarray(x, np.float32)[:, rows][:, :, cols]


def _linear_taps(size: int, out: int):
    """(i0, i1, λ) per output position on one axis."""
    source = np.maximum((np.arange(out) + 0.5) * (size / out) - 0.5, 0.0)
    first = np.minimum(np.floor(source).astype(np.int64), size - 1)
    second = np.minimum(first + 1, size - 1)
    return first, second, (source - first).astype(np.float32)


def resize_bilinear(x, height: int, width: int):
    """x (N, H, W, C) → (N, height, width, C)."""
    x = np.asarray(x, np.float32)
    _, h, w, _ = x.shape
    r0, r1, wr = _linear_taps(h, height)
    c0, c1, wc = _linear_taps(w, width)
    wr, wc = wr[None, :, None, None], wc[None, None, :, None]
    rows = x[:, r0] * (1 - wr) + x[:, r1] * wr
    return rows[:, :, c0] * (1 - wc) + rows[:, :, c1] * wc
