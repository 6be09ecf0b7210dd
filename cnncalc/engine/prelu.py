"""PReLU, NHWC float32: ``y = x`` for x ≥ 0, ``a·x`` otherwise, with learned slopes ``a`` of
shape (1,) (one shared), (C,) (per channel, the last axis) or x.shape[1:] (per element).
Elementwise: no tally."""
from __future__ import annotations

import numpy as np

__all__ = ["prelu"]


def prelu(x, slope):
    """x (N, ..., C); slope broadcasting against one example's shape. Returns float32."""
    x, slope = np.asarray(x, np.float32), np.asarray(slope, np.float32)
    try:
        np.broadcast_shapes(x.shape[1:], slope.shape)
    except ValueError:
        raise ValueError(f"prelu slopes of shape {slope.shape} do not fit an input of "
                         f"{x.shape[1:]}") from None
    return np.where(x >= 0, x, slope * x)
