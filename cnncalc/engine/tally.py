"""Counting the multiplications a kernel actually performs.

Every product of a layer's linear arithmetic goes through :func:`matmul` or :func:`multiply`,
which read the count off the shapes of their operands:

* ``matmul(a, b)`` with ``a`` of shape ``(*batch_a, M, K)`` and ``b`` of shape ``(*batch_b, K, N)``
  performs ``prod(broadcast(batch_a, batch_b)) * M * K * N`` multiplications;
* ``multiply(a, b)`` performs one multiplication per element of ``broadcast(a.shape, b.shape)``;
* ``einsum("ab,bc->ac", a, b)`` (two operands, NumPy's unoptimised loop) performs one
  multiplication per point of the joint index space: the product of every label's size.

Nothing here knows which layer is being computed, so the total is a measurement of the work
done, not a formula of the layer.

>>> import numpy as np
>>> t = Tally()
>>> _ = matmul(np.ones((4, 16, 9), np.float32), np.ones((9, 2), np.float32), t)
>>> t.multiplications == 4 * 16 * 9 * 2
True
>>> _ = multiply(np.ones((3, 5), np.float32), np.ones(5, np.float32), t)
>>> t.multiplications - 4 * 16 * 9 * 2 == 3 * 5
True
>>> _ = einsum("pij,ij->p", np.ones((6, 3, 4), np.float32), np.ones((3, 4), np.float32), t)
>>> t.multiplications - 4 * 16 * 9 * 2 - 3 * 5 == 6 * 3 * 4
True
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["Tally", "matmul", "multiply", "einsum"]


class Tally:
    """A running count of multiplications; ``add`` is called at every product performed."""

    def __init__(self) -> None:
        self.multiplications = 0

    def add(self, count: int) -> None:
        self.multiplications += int(count)

    def __repr__(self) -> str:
        return f"Tally(multiplications={self.multiplications})"


def matmul(a: np.ndarray, b: np.ndarray, tally: Tally | None, out: np.ndarray | None = None) -> np.ndarray:
    """``numpy.matmul(a, b, out=out)``, tallying ``prod(batch) * M * K * N`` multiplications.

    a: (*batch_a, M, K), b: (*batch_b, K, N) -> (*broadcast(batch_a, batch_b), M, N).
    """
    if a.ndim < 2 or b.ndim < 2 or a.shape[-1] != b.shape[-2]:
        raise ValueError(f"matmul operands do not chain: received {a.shape} @ {b.shape}")
    result = np.matmul(a, b, out=out)
    if tally is not None:
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        m, k, n = a.shape[-2], a.shape[-1], b.shape[-1]
        tally.add(math.prod(batch) * m * k * n)
    return result


def multiply(a: np.ndarray, b: np.ndarray, tally: Tally | None, out: np.ndarray | None = None) -> np.ndarray:
    """``numpy.multiply(a, b, out=out)``, tallying one multiplication per broadcast element."""
    result = np.multiply(a, b, out=out)
    if tally is not None:
        tally.add(math.prod(np.broadcast_shapes(np.shape(a), np.shape(b))))
    return result


def einsum(subscripts: str, a: np.ndarray, b: np.ndarray, tally: Tally | None,
           out: np.ndarray | None = None) -> np.ndarray:
    """``numpy.einsum(subscripts, a, b, out=out)`` on its plain loop, tallying its products.

    ``subscripts`` is explicit (``"…,…->…"``, one letter per axis, no ellipsis). NumPy's
    unoptimised einsum visits every point of the joint index space once and multiplies the two
    operands' elements there (``out[...] += a[...] * b[...]``), so it performs the product of
    all labels' sizes; ``optimize=False`` is passed so that it never regroups the work.
    """
    inputs, arrow, output = subscripts.partition("->")
    left, comma, right = inputs.partition(",")
    if not (arrow and comma) or "." in subscripts or "," in right \
            or len(left) != a.ndim or len(right) != b.ndim:
        raise ValueError(f"einsum wants explicit two-operand subscripts matching the operands; "
                         f"received {subscripts!r} for {np.shape(a)} and {np.shape(b)}")
    sizes: dict[str, int] = {}
    for labels, shape in ((left, a.shape), (right, b.shape)):
        for label, size in zip(labels, shape):
            if sizes.setdefault(label, size) != size:
                raise ValueError(f"einsum label {label!r} has sizes {sizes[label]} and {size}")
    if set(output) - set(sizes):
        raise ValueError(f"einsum output labels {output!r} not among the operands' {subscripts!r}")
    result = np.einsum(subscripts, a, b, out=out, optimize=False)
    if tally is not None:
        tally.add(math.prod(sizes.values()))
    return result
