"""Max, average and adaptive average pooling, NHWC, with PyTorch's semantics.

Window starts along an axis of ``size`` positions padded by ``(before, after)``, kernel ``k``,
stride ``s``:

* floor mode: starts ``0, s, 2s, ...`` while the window fits: ``floor((P − k)/s) + 1`` outputs,
  ``P = before + size + after``;
* ceil mode: also the start whose window runs past the padded edge (``ceil((P − k)/s) + 1``),
  but only if it begins inside the input or the leading padding, ``start < before + size``.

Max pooling pads with −inf. Average pooling divides the window sum (padding counts as zeros)
by the window's area clipped to the padded edge (``count_include_pad=True``, PyTorch's default;
``False`` divides by the area inside the input). Pooling performs no multiplications of the
kind the calculator counts (conv/fc only), so these kernels take no tally.
"""
from __future__ import annotations

import numpy as np

from .windows import BUDGET_BYTES, PaddedRows, pair, padding_pairs, plan_tiles, row_tiles

__all__ = ["pool_outputs", "max_pool2d", "max_pool2d_with_indices", "max_unpool2d",
           "avg_pool2d", "adaptive_avg_pool2d", "pool2d_scratch"]

TILE_BYTES = 2**23


def pool_outputs(size: int, kernel: int, stride: int, before: int, after: int, ceil_mode: bool) -> int:
    """Number of pooling windows along one axis (see the module docstring).

    >>> pool_outputs(6, 2, 2, 0, 0, False), pool_outputs(7, 2, 2, 0, 0, False), pool_outputs(7, 2, 2, 0, 0, True)
    (3, 3, 4)
    >>> pool_outputs(5, 2, 2, 1, 1, True)    # a 4th window would start in the trailing padding
    3
    """
    padded = before + size + after
    if ceil_mode:
        return len(range(0, min(padded - kernel + stride, before + size), stride))
    return len(range(0, padded - kernel + 1, stride))


def _windows(shape, kernel, stride, padding, ceil_mode):
    if len(shape) != 4:
        raise ValueError(f"pooling input must be NHWC (batch, H, W, C); received shape {tuple(shape)}")
    (kh, kw) = pair(kernel, "kernel")
    (sh, sw) = (kh, kw) if stride is None else pair(stride, "stride")
    pads = padding_pairs(padding)
    n, h, w, c = shape
    ho = pool_outputs(h, kh, sh, *pads[0], ceil_mode)
    wo = pool_outputs(w, kw, sw, *pads[1], ceil_mode)
    if min(kh, kw, sh, sw) < 1 or ho < 1 or wo < 1:
        raise ValueError(f"a {kh}×{kw} pooling window with stride {(sh, sw)} and padding {pads} "
                         f"does not fit the {h}×{w} input")
    # rows/columns past the padded edge that ceil mode's last window reaches
    extra_h = max(0, (ho - 1) * sh + kh - (pads[0][0] + h + pads[0][1]))
    extra_w = max(0, (wo - 1) * sw + kw - (pads[1][0] + w + pads[1][1]))
    grown = ((pads[0][0], pads[0][1] + extra_h), (pads[1][0], pads[1][1] + extra_w))
    return (kh, kw), (sh, sw), pads, grown, ho, wo


def _separable(kernel) -> bool:
    """Rows then columns when that takes fewer array operations, kh + kw < kh·kw (from 3×3 on;
    a 2×2 window takes 4 either way, and the direct path needs no rows buffer)."""
    kh, kw = kernel
    return kh + kw < kh * kw


def _plan(shape, kernel, stride, grown, ho: int) -> tuple[int, int, dict[str, int]]:
    """(images per tile, rows per tile, elements of each buffer): the padded band (none without
    padding) and, when separable, the band's rows reduced over the kh taps."""
    (kh, _), (sh, _) = kernel, stride
    n, _, w, c = shape
    width = grown[1][0] + w + grown[1][1]
    rows_too = 1 if _separable(kernel) else 0

    def tile_bytes(images: int, rows: int) -> int:
        return 4 * images * ((rows - 1) * sh + kh + rows_too * rows) * width * c

    n_tile, r_tile = plan_tiles(n, ho, width, tile_bytes, TILE_BYTES, BUDGET_BYTES)
    band_rows = (r_tile - 1) * sh + kh
    return n_tile, r_tile, {"band": PaddedRows.buffer_elements(grown, n_tile, band_rows, w, c),
                            "rows": rows_too * n_tile * r_tile * width * c}


def _reduce(x, kernel, stride, grown, ho, wo, fill, combine):
    """``combine`` the kh·kw strided views of ``x`` padded by ``grown`` with ``fill``. A window's
    max or sum is separable: from 3×3 on, first over the kh rows of each window, then over its
    kw columns, kh + kw array operations per tile rather than kh·kw (a 20,001-tap window took
    4·10^8 and never ended)."""
    (kh, kw), (sh, sw) = kernel, stride
    n, _, _, c = x.shape
    n_tile, r_tile, sizes = _plan(x.shape, kernel, stride, grown, ho)
    source = PaddedRows(x, grown, fill, n_tile, (r_tile - 1) * sh + kh)
    width = source.width
    rows_buffer = np.empty(sizes["rows"], np.float32) if sizes["rows"] else None
    out = np.empty((n, ho, wo, c), np.float32)
    for n0, n1, r0, r1 in row_tiles(n, ho, r_tile, n_tile):
        nt, rt = n1 - n0, r1 - r0
        band = source.band(n0, n1, r0 * sh, (r1 - 1) * sh + kh)
        if rows_buffer is None:
            acc = out[n0:n1, r0:r1]
            for i in range(kh):
                for j in range(kw):
                    view = band[:, i: i + sh * (rt - 1) + 1: sh, j: j + sw * (wo - 1) + 1: sw]
                    if i == j == 0:
                        acc[...] = view
                    else:
                        combine(acc, view, out=acc)
            continue
        rows = rows_buffer[: nt * rt * width * c].reshape(nt, rt, width, c)
        for i in range(kh):
            view = band[:, i: i + sh * (rt - 1) + 1: sh]
            if i == 0:
                rows[...] = view
            else:
                combine(rows, view, out=rows)
        acc = out[n0:n1, r0:r1]
        for j in range(kw):
            view = rows[:, :, j: j + sw * (wo - 1) + 1: sw]
            if j == 0:
                acc[...] = view
            else:
                combine(acc, view, out=acc)
    return out


def pool2d_scratch(x_shape, kernel, stride=None, padding=0, ceil_mode: bool = False,
                   average: bool = False) -> int:
    """Float32 elements :func:`max_pool2d` (or, ``average``, :func:`avg_pool2d`) allocates
    besides its output: the buffers of its plan, and for averages the divisor per output
    position (an int64 product and its float32 copy, 3·H_out·W_out)."""
    kernel, stride, _, grown, ho, wo = _windows(x_shape, kernel, stride, padding, ceil_mode)
    buffers = sum(_plan(x_shape, kernel, stride, grown, ho)[2].values())
    return buffers + (3 * ho * wo if average else 0)


def max_pool2d(x: np.ndarray, kernel, stride=None, padding=0, ceil_mode: bool = False) -> np.ndarray:
    """Max over each window of ``x`` (N, H, W, C); −inf padding. Returns (N, H_out, W_out, C).

    ``kernel``, ``stride`` (default: kernel): int or (h, w); ``padding``: int, (ph, pw) or
    ((top, bottom), (left, right)).
    """
    x = np.asarray(x, np.float32)
    kernel, stride, _, grown, ho, wo = _windows(x.shape, kernel, stride, padding, ceil_mode)
    return _reduce(x, kernel, stride, grown, ho, wo, -np.inf, np.maximum)


def _tap_range(count: int, start: int, stride: int, size: int) -> tuple[int, int]:
    """The outputs p in [p0, p1) of `count` whose tap ``p·stride + start`` lies in [0, size)."""
    first = -(start // stride) if start < 0 else 0   # ⌈−start/stride⌉
    last = min(count, (size - 1 - start) // stride + 1) if start < size else 0
    return first, max(first, last)


def max_pool2d_with_indices(x: np.ndarray, kernel, stride=None, padding=0,
                            ceil_mode: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """:func:`max_pool2d`'s values and, as PyTorch's ``return_indices=True``, where each maximum
    is: the flat position ``row·W + column`` in its own image and channel of the unpadded
    input, int64, (N, H_out, W_out, C). Of equal values the first in the window's row-major
    order wins (PyTorch's CPU kernel compares with ``>``; it also lets a NaN win, which random
    values never are). The window's taps are taken one at a time over the outputs whose tap
    falls inside the input, so padding is never allocated: the peak is the values, the
    indices (2 × float32 each) and one comparison mask (¼)."""
    x = np.asarray(x, np.float32)
    kernel, stride, pads, _, ho, wo = _windows(x.shape, kernel, stride, padding, ceil_mode)
    (kh, kw), (sh, sw), ((top, _), (left, _)) = kernel, stride, pads
    n, h, w, c = x.shape
    best = np.full((n, ho, wo, c), -np.inf, np.float32)
    where = np.zeros((n, ho, wo, c), np.int64)
    better = np.empty((n, ho, wo, c), bool)
    for i in range(kh):
        p0, p1 = _tap_range(ho, i - top, sh, h)
        for j in range(kw):
            q0, q1 = _tap_range(wo, j - left, sw, w)
            if p0 >= p1 or q0 >= q1:
                continue
            r0, c0 = p0 * sh + i - top, q0 * sw + j - left
            view = x[:, r0: r0 + sh * (p1 - p0 - 1) + 1: sh, c0: c0 + sw * (q1 - q0 - 1) + 1: sw]
            values, mask = best[:, p0:p1, q0:q1], better[:, p0:p1, q0:q1]
            np.greater(view, values, out=mask)
            np.copyto(values, view, where=mask)
            flat = (np.arange(r0, r0 + sh * (p1 - p0), sh)[:, None] * w
                    + np.arange(c0, c0 + sw * (q1 - q0), sw)[None, :])
            np.copyto(where[:, p0:p1, q0:q1], flat[None, :, :, None], where=mask)
    return best, where


def max_unpool2d(x: np.ndarray, indices: np.ndarray, height: int, width: int) -> np.ndarray:
    """PyTorch's ``nn.MaxUnpool2d``: a (N, height, width, C) map of zeros with each value of
    ``x`` (N, h, w, C) put at the flat position ``indices`` gives in its image and channel
    (from :func:`max_pool2d_with_indices`); of two values sent to one place the later in
    row-major order stays, as PyTorch's CPU kernel writes them in order."""
    x = np.asarray(x, np.float32)
    n, h, w, c = x.shape
    if indices.shape != x.shape:
        raise ValueError(f"indices {indices.shape} do not match the values {x.shape}")
    out = np.zeros((n, height * width, c), np.float32)
    np.put_along_axis(out, indices.reshape(n, h * w, c), x.reshape(n, h * w, c), axis=1)
    return out.reshape(n, height, width, c)


def avg_pool2d(x: np.ndarray, kernel, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> np.ndarray:
    """Mean over each window of ``x`` (N, H, W, C). Returns (N, H_out, W_out, C).

    divisor[p, q] = area of window (p, q) clipped to the padded edge (``count_include_pad``)
    or to the input (otherwise).
    """
    x = np.asarray(x, np.float32)
    kernel, stride, pads, grown, ho, wo = _windows(x.shape, kernel, stride, padding, ceil_mode)
    total = _reduce(x, kernel, stride, grown, ho, wo, 0.0, np.add)

    def extents(size, k, s, before, after, count):
        starts = np.arange(count) * s - before                   # in input coordinates
        ends = np.minimum(starts + k, size + after)              # clipped to the padded edge
        if not count_include_pad:
            starts, ends = np.maximum(starts, 0), np.minimum(ends, size)
        return ends - starts

    rows = extents(x.shape[1], kernel[0], stride[0], *pads[0], ho)
    cols = extents(x.shape[2], kernel[1], stride[1], *pads[1], wo)
    total /= (rows[:, None] * cols[None, :]).astype(np.float32)[None, :, :, None]
    return total


def adaptive_avg_pool2d(x: np.ndarray, output_size) -> np.ndarray:
    """Mean over PyTorch's adaptive bins: output row i averages input rows
    ``floor(i·H/oh) <= r < ceil((i+1)·H/oh)`` (likewise columns). Global pooling is (1, 1).

    x (N, H, W, C) -> (N, oh, ow, C).

    >>> adaptive_avg_pool2d(np.arange(5, dtype=np.float32).reshape(1, 5, 1, 1), (3, 1)).ravel()
    array([0.5, 2. , 3.5], dtype=float32)
    """
    x = np.asarray(x, np.float32)
    if x.ndim != 4:
        raise ValueError(f"pooling input must be NHWC (batch, H, W, C); received shape {x.shape}")
    oh, ow = pair(output_size, "output_size")
    n, h, w, c = x.shape
    if oh < 1 or ow < 1:
        raise ValueError(f"output_size must be positive; received {(oh, ow)}")

    def bins(size, count):
        return [((i * size) // count, -((-(i + 1) * size) // count)) for i in range(count)]

    row_bins, col_bins = bins(h, oh), bins(w, ow)
    rows = np.stack([x[:, a:b].sum(axis=1) for a, b in row_bins], axis=1)      # (N, oh, W, C)
    out = np.stack([rows[:, :, a:b].sum(axis=2) for a, b in col_bins], axis=2)  # (N, oh, ow, C)
    area = np.array([[(b - a) * (d - c_) for c_, d in col_bins] for a, b in row_bins], np.float32)
    out /= area[None, :, :, None]
    return out
