"""Pixel shuffle (depth to space), NHWC float32: no arithmetic, no tally.

pixel_shuffle(x, r, order) maps (N, H, W, C·r²) → (N, H·r, W·r, C): output (h·r + i, w·r + j, c)
is input (h, w, k) with

* ``order="crd"`` (PyTorch's ``nn.PixelShuffle``): k = c·r² + i·r + j;
* ``order="dcr"`` (TensorFlow's ``depth_to_space``): k = (i·r + j)·C + c.
"""
from __future__ import annotations

import numpy as np

__all__ = ["pixel_shuffle"]


def pixel_shuffle(x, factor: int, order: str = "crd"):
    """x (N, H, W, C·r²) → (N, H·r, W·r, C)."""
    x = np.asarray(x, np.float32)
    n, h, w, channels = x.shape
    r = factor
    if r < 1 or channels % (r * r):
        raise ValueError(f"pixel_shuffle wants channels divisible by r² = {r * r}; "
                         f"received C = {channels}")
    c = channels // (r * r)
    if order == "crd":
        patches = x.reshape(n, h, w, c, r, r).transpose(0, 1, 4, 2, 5, 3)
    elif order == "dcr":
        patches = x.reshape(n, h, w, r, r, c).transpose(0, 1, 3, 2, 4, 5)
    else:
        raise ValueError(f"pixel_shuffle order is 'crd' or 'dcr'; received {order!r}")
    return np.ascontiguousarray(patches).reshape(n, h * r, w * r, c)
