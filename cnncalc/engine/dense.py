"""Fully connected layer: ``y = x @ w + b``.

Shapes: ``x`` (N, in) float32 — flatten an NHWC activation first with :func:`flatten`, which
keeps (H, W, C) order (PyTorch flattens (C, H, W): permute weights accordingly when comparing);
``w`` (in, out) — PyTorch's ``Linear.weight`` transposed; ``b`` (out,) or None; ``y`` (N, out).
One product of (N, in) @ (in, out): N·in·out multiplications tallied.
"""
from __future__ import annotations

import numpy as np

from .tally import Tally, matmul

__all__ = ["dense", "flatten"]


def flatten(x: np.ndarray) -> np.ndarray:
    """(N, H, W, C) -> (N, H·W·C), row-major, i.e. (H, W, C) order; (N, D) is returned as is."""
    x = np.asarray(x, np.float32)
    return x.reshape(x.shape[0], -1)


def dense(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, *, tally: Tally | None = None) -> np.ndarray:
    """``x`` (N, in) @ ``w`` (in, out) + ``b`` -> (N, out).

    >>> t = Tally(); dense(np.ones((2, 3), np.float32), np.ones((3, 4), np.float32), tally=t).shape
    (2, 4)
    >>> t.multiplications == 2 * 3 * 4
    True
    """
    x = np.asarray(x, np.float32)
    w = np.asarray(w, np.float32)
    if x.ndim != 2 or w.ndim != 2 or x.shape[1] != w.shape[0]:
        raise ValueError(f"dense wants x (N, in) and w (in, out); received x {x.shape}, w {w.shape}"
                         + ("; flatten an (N, H, W, C) input first" if x.ndim == 4 else ""))
    y = matmul(x, w, tally)
    if b is not None:
        b = np.asarray(b, np.float32)
        if b.shape != (w.shape[1],):
            raise ValueError(f"bias must have shape (out,) = ({w.shape[1]},); received {b.shape}")
        y += b
    return y
