"""Sliding-window bookkeeping shared by the convolution and pooling kernels.

Arrays are NHWC: ``(batch, H, W, C)``. A window of ``k`` taps with dilation ``d`` spans
``d*(k-1) + 1`` positions; along an axis padded to ``P`` positions it can start at
``0, s, 2s, ...`` while it still fits, so the number of outputs is ``len(range(0, P - span + 1, s))``
(the textbook ``floor((P - span) / s) + 1``), counted here rather than quoted.

>>> window_starts(6 + 0, span(3, 1), 1)
4
>>> window_starts(227, span(11, 1), 4)
55
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

__all__ = ["pair", "padding_pairs", "span", "window_starts", "PaddedRows", "row_tiles", "plan_tiles"]

BUDGET_BYTES = 64 * 2**20
"""Upper bound on the bytes of all temporaries one kernel call holds at once (output excluded)."""


def pair(value, name: str) -> tuple[int, int]:
    """``3 -> (3, 3)``, ``(2, 1) -> (2, 1)``; rejects anything else with a message."""
    if isinstance(value, (int, np.integer)):
        value = (int(value), int(value))
    try:
        a, b = (int(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an int or a pair (h, w); received {value!r}") from None
    return a, b


def padding_pairs(value, name: str = "padding") -> tuple[tuple[int, int], tuple[int, int]]:
    """``1 -> ((1, 1), (1, 1))``; ``(1, 2) -> ((1, 1), (2, 2))``; ``((t, b), (l, r))`` as is."""
    if isinstance(value, (int, np.integer)):
        value = (value, value)
    try:
        h, w = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an int, (ph, pw) or ((top, bottom), (left, right)); "
                         f"received {value!r}") from None
    result = pair(h, name), pair(w, name)
    if min(result[0] + result[1]) < 0:
        raise ValueError(f"{name} must not be negative; received {value!r}")
    return result


def span(taps: int, dilation: int) -> int:
    """Positions covered by a window of ``taps`` taps, ``dilation`` apart: ``d*(k-1) + 1``."""
    return dilation * (taps - 1) + 1


def window_starts(padded: int, window_span: int, stride: int) -> int:
    """Number of window positions ``0, s, 2s, ...`` that fit in ``padded`` positions."""
    return len(range(0, padded - window_span + 1, stride))


class PaddedRows:
    """Row bands of ``x`` (N, H, W, C) as if padded by ``((top, bottom), (left, right))``.

    ``band(n0, n1, p0, p1)`` returns an array (n1-n0, p1-p0, left+W+right, C) equal to
    ``padded[n0:n1, p0:p1]``, built in one reused buffer of at most ``max_images*max_rows``
    bands (or a view of ``x`` itself when no padding is involved), so a kernel never holds a
    padded copy of the whole input. Rows past ``top+H+bottom`` read as ``fill`` too, which is
    how ceil-mode pooling's clipped last windows are fed.
    """

    def __init__(self, x: np.ndarray, pads, fill: float = 0.0, max_images: int = 1, max_rows: int = 1):
        (self.top, self.bottom), (self.left, self.right) = pads
        self.x, self.fill = x, fill
        n, h, w, c = x.shape
        self.width = self.left + w + self.right
        self.no_padding = self.left == self.right == 0
        self._buffer = None if not self.buffer_elements(pads, max_images, max_rows, w, c) else \
            np.empty((max_images, max_rows, self.width, c), x.dtype)

    @staticmethod
    def buffer_elements(pads, max_images: int, max_rows: int, width: int, channels: int) -> int:
        """Elements of the band buffer a `PaddedRows` of an input ``width`` wide allocates:
        ``max_images·max_rows·(left + width + right)·channels``, none without padding."""
        (top, bottom), (left, right) = pads
        if top == bottom == left == right == 0:
            return 0
        return max_images * max_rows * (left + width + right) * channels

    def band(self, n0: int, n1: int, p0: int, p1: int) -> np.ndarray:
        h = self.x.shape[1]
        lo = max(p0 - self.top, 0)  # rows of x inside the band: lo ≤ hi, an empty run when the
        hi = max(min(p1 - self.top, h), lo)  # band is all padding (else x[0:-1] would wrap)
        if self.no_padding and lo == p0 - self.top and hi == p1 - self.top:
            return self.x[n0:n1, lo:hi]
        out = self._buffer[: n1 - n0, : p1 - p0]
        inner = slice(lo + self.top - p0, hi + self.top - p0)
        out[:, : inner.start] = self.fill
        out[:, inner.stop:] = self.fill
        out[:, inner, : self.left] = self.fill
        out[:, inner, self.left + self.x.shape[2]:] = self.fill
        out[:, inner, self.left: self.left + self.x.shape[2]] = self.x[n0:n1, lo:hi]
        return out


def row_tiles(images: int, rows: int, rows_per_tile: int,
              images_per_tile: int) -> Iterator[tuple[int, int, int, int]]:
    """Tiles ``(n0, n1, r0, r1)`` covering ``images × rows`` output rows.

    With ``images_per_tile > 1`` every tile holds whole images; otherwise a tile is a band of
    ``rows_per_tile`` rows of one image.
    """
    if images_per_tile > 1 or rows_per_tile >= rows:
        step = max(images_per_tile, 1)
        for n0 in range(0, images, step):
            yield n0, min(n0 + step, images), 0, rows
        return
    for n0 in range(images):
        for r0 in range(0, rows, rows_per_tile):
            yield n0, n0 + 1, r0, min(r0 + rows_per_tile, rows)


def plan_tiles(images: int, rows: int, row_width: int, tile_bytes, target_bytes: float,
               budget: int, min_positions: int = 1) -> tuple[int, int]:
    """Choose ``(images_per_tile, rows_per_tile)`` for :func:`row_tiles`.

    The largest tile — whole batch, else whole images, else a band of rows of one image — whose
    temporaries ``tile_bytes(images, rows)`` fit in ``target_bytes`` (the cache-sized working
    set a strategy aims at), grown if needed to ``min_positions`` output positions (the M of its
    matrix products, below which the BLAS idles), and never past ``budget``.
    """
    limit = min(target_bytes, budget)
    candidates = [(n, rows) for n in range(images, 0, -1)] + [(1, r) for r in range(rows - 1, 0, -1)]
    for index, (n, r) in enumerate(candidates):
        if tile_bytes(n, r) <= limit:
            break
    while index > 0 and candidates[index][0] * candidates[index][1] * row_width < min_positions \
            and tile_bytes(*candidates[index - 1]) <= budget:
        index -= 1
    return candidates[index]
