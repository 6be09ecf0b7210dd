"""Batch normalization (inference form) and local response normalization, NHWC.

* batchnorm: ``y = (x − mean) / sqrt(var + eps) · gamma + beta`` per channel (last axis), with
  the running statistics; ``gamma``/``beta`` None for ``affine: false``.
* lrn (PyTorch's LocalResponseNorm): ``y_c = x_c / (k + alpha/size · Σ_{c'} x_{c'}²)^beta``
  over channels ``c − ⌊size/2⌋ <= c' <= c + ⌊(size−1)/2⌋`` that exist (alpha divided by size).
* layernorm: ``y = (x − mean) / sqrt(var + eps) · gamma + beta`` with the statistics of each
  position's own C values (no running statistics).

No multiplications of the kind the calculator counts (conv/fc only): no tally.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["batchnorm", "lrn", "layernorm"]


def batchnorm(x, mean, var, gamma=None, beta=None, eps: float = 1e-5):
    """x (..., C); mean, var, gamma, beta (C,). Returns the normalized x, float32."""
    x = np.asarray(x, np.float32)
    c = x.shape[-1]
    params = {"mean": mean, "var": var, "gamma": gamma, "beta": beta}
    for name, value in params.items():
        if value is not None and np.shape(value) != (c,):
            raise ValueError(f"batchnorm {name} must have shape (C,) = ({c},); received {np.shape(value)}")
    scale = 1 / np.sqrt(np.asarray(var, np.float64) + eps)
    if gamma is not None:
        scale = scale * np.asarray(gamma, np.float64)
    shift = -np.asarray(mean, np.float64) * scale
    if beta is not None:
        shift = shift + np.asarray(beta, np.float64)
    return x * scale.astype(np.float32) + shift.astype(np.float32)


def lrn(x, size: int = 5, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0):
    """x (N, H, W, C) (any shape: channels last). Returns float32."""
    x = np.asarray(x, np.float32)
    if size < 1:
        raise ValueError(f"lrn size must be ≥ 1; received {size}")
    squares = np.square(x, dtype=np.float64)
    pad = [(0, 0)] * (x.ndim - 1) + [(size // 2, (size - 1) // 2)]
    sums = sliding_window_view(np.pad(squares, pad), size, axis=-1).sum(axis=-1)
    return (x / (k + alpha / size * sums) ** beta).astype(np.float32)


def layernorm(x, gamma=None, beta=None, eps: float = 1e-5):
    """x (..., C): ``(x − mean) / sqrt(var + eps) · gamma + beta`` with the mean and (biased)
    variance over the last axis at each position; gamma, beta (C,). Returns float32."""
    x64 = np.asarray(x, np.float64)
    mean = x64.mean(axis=-1, keepdims=True)
    var = x64.var(axis=-1, keepdims=True)
    y = (x64 - mean) / np.sqrt(var + eps)
    if gamma is not None:
        y = y * np.asarray(gamma, np.float64)
    if beta is not None:
        y = y + np.asarray(beta, np.float64)
    return y.astype(np.float32)
