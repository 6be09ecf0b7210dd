"""Layers that combine or pass activations: add, concat, multiply, dropout. NHWC, float32.

* add(a, b, ...): elementwise sum, shapes equal;
* concat(xs): along channels (last axis), all other dimensions equal;
* multiply(a, b): elementwise product with NumPy broadcasting ((N, H, W, C) · (N, 1, 1, C) for
  squeeze-and-excitation) — a gate, not a layer's linear arithmetic, so not tallied;
* dropout(x): the identity at inference.
"""
from __future__ import annotations

import numpy as np

__all__ = ["add", "concat", "multiply", "dropout"]


def add(*xs):
    if len(xs) < 2 or any(np.shape(x) != np.shape(xs[0]) for x in xs):
        raise ValueError(f"add wants ≥ 2 inputs of the same shape; received {[np.shape(x) for x in xs]}")
    total = np.array(xs[0], np.float32)
    for x in xs[1:]:
        total += np.asarray(x, np.float32)
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
