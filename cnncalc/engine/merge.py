"""Layers that combine or pass activations: add, concat, multiply, dropout. NHWC, float32.

* add(a, b, ..., weights=None): elementwise sum, shapes equal; with one weight per input the
  weighted sum ``Σ wᵢ·xᵢ`` (the products elementwise, not tallied);
* concat(xs): along channels (last axis), all other dimensions equal;
* multiply(a, b): elementwise product with NumPy broadcasting ((N, H, W, C) · (N, 1, 1, C) for
  squeeze-and-excitation) — a gate, not a layer's linear arithmetic, so not tallied;
* dropout(x): the identity at inference.
"""
from __future__ import annotations

import numpy as np

__all__ = ["add", "concat", "multiply", "dropout"]


CHUNK = 1 << 16
"""Elements scaled at a time by a weighted add: the product's temporary stays at 256 KiB."""


def add(*xs, weights=None):
    if len(xs) < 2 or any(np.shape(x) != np.shape(xs[0]) for x in xs):
        raise ValueError(f"add wants ≥ 2 inputs of the same shape; received {[np.shape(x) for x in xs]}")
    weights = [1.0] * len(xs) if weights is None else list(weights)
    if len(weights) != len(xs):
        raise ValueError(f"add wants one weight per input; received {len(weights)} for {len(xs)}")
    total = np.array(xs[0], np.float32)
    if weights[0] != 1:
        total *= np.float32(weights[0])
    flat = total.reshape(-1)
    for x, weight in zip(xs[1:], weights[1:]):
        x = np.asarray(x, np.float32)
        if weight == 1:
            total += x
            continue
        values, weight = x.reshape(-1), np.float32(weight)
        for start in range(0, flat.size, CHUNK):
            flat[start:start + CHUNK] += weight * values[start:start + CHUNK]
    return total


def concat(xs):
    xs = [np.asarray(x, np.float32) for x in xs]
    if len(xs) < 2 or any(x.shape[:-1] != xs[0].shape[:-1] for x in xs):
        raise ValueError(f"concat wants ≥ 2 inputs equal in all but the channel axis; "
                         f"received {[x.shape for x in xs]}")
    return np.concatenate(xs, axis=-1)


def multiply(a, b):
    a, b = np.asarray(a, np.float32), np.asarray(b, np.float32)
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"multiply wants shapes that broadcast; received {a.shape} and {b.shape}") from None
    return a * b


def dropout(x, rate: float = 0.5):
    """Inference: the identity (PyTorch scales at training time, so nothing to undo)."""
    return np.asarray(x, np.float32)
