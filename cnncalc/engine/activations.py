"""Elementwise activations and softmax. float32 in, float32 out, any shape.

They perform no multiplications of the kind the calculator counts (conv/fc only), so they
take no tally.

* relu(x) = max(x, 0); relu6(x) = min(max(x, 0), 6); leaky_relu(x) = x if x ≥ 0 else slope·x
* sigmoid(x) = 1 / (1 + e^−x) (evaluated without overflow); tanh(x)
* silu(x) = x·sigmoid(x); hardsigmoid(x) = relu6(x + 3)/6; hardswish(x) = x·relu6(x + 3)/6
* gelu(x) = x·Φ(x) = ½x(1 + erf(x/√2)) (``approximate="none"``, PyTorch's default), or
  ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (``approximate="tanh"``)
* softmax(x)_i = e^(x_i − max x) / Σ_j e^(x_j − max x) over ``axis`` (default: the last, the
  channels of NHWC)
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["relu", "relu6", "leaky_relu", "sigmoid", "tanh", "silu", "hardsigmoid",
           "hardswish", "gelu", "softmax", "erf"]


def _f32(x) -> np.ndarray:
    return np.asarray(x, np.float32)


def relu(x):
    return np.maximum(_f32(x), np.float32(0))


def relu6(x):
    return np.clip(_f32(x), np.float32(0), np.float32(6))


def leaky_relu(x, slope: float = 0.01):
    x = _f32(x)
    return np.where(x >= 0, x, np.float32(slope) * x)


def sigmoid(x):
    x = _f32(x)
    e = np.exp(-np.abs(x))                       # ≤ 1: no overflow either side
    inverse = 1 / (1 + e)
    return np.where(x >= 0, inverse, e * inverse).astype(np.float32)


def tanh(x):
    return np.tanh(_f32(x))


def silu(x):
    x = _f32(x)
    return x * sigmoid(x)


def hardsigmoid(x):
    return relu6(_f32(x) + np.float32(3)) / np.float32(6)


def hardswish(x):
    x = _f32(x)
    return x * relu6(x + np.float32(3)) / np.float32(6)


def erf(x) -> np.ndarray:
    """erf by Abramowitz & Stegun 7.1.26 in float64 (absolute error ≤ 1.5e-7; NumPy has none).

    >>> abs(float(erf(np.float64(0.5))) - math.erf(0.5)) < 2e-7
    True
    """
    x = np.asarray(x, np.float64)
    t = 1 / (1 + 0.3275911 * np.abs(x))
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.sign(x) * (1 - poly * np.exp(-x * x))


def gelu(x, approximate: str = "none"):
    x = _f32(x)
    if approximate == "tanh":
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x.astype(np.float64) ** 3)
        return (0.5 * x * (1 + np.tanh(inner))).astype(np.float32)
    if approximate != "none":
        raise ValueError(f"gelu approximate must be 'none' (erf) or 'tanh'; received {approximate!r}")
    return (0.5 * x * (1 + erf(x / math.sqrt(2)))).astype(np.float32)


def softmax(x, axis: int = -1):
    x = _f32(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
