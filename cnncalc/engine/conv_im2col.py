"""Convolution as im2col + one matrix product per tile.

For a tile of output positions (n, rows, W_out) the columns buffer holds, per group,

``cols[g, (n, p, q), (i, j, c)] = xpad[n, p*sh + i*dh, q*sw + j*dw, g*Cg + c]``

— (g, M, kh·kw·Cg), gathered from a ``sliding_window_view`` of the padded band without loops —
and the tile's output is ``cols @ wmat`` with ``wmat[g, (i, j, c), k] = w[i, j, c, g*Kg + k]``,
(g, kh·kw·Cg, Kg): g·M·kh·kw·Cg·Kg multiplications tallied per tile.

Grouped convolutions first copy the band group-major, (g, n, rows, W, Cg).

``whole_images=False`` ("im2col_rows"): tiles of output rows, one small buffer reused.
``whole_images=True`` ("im2col"): tiles of whole images, as many as the budget allows (usually
the whole batch, so one product).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .tally import Tally, matmul
from .windows import PaddedRows, plan_tiles, row_tiles

if TYPE_CHECKING:
    from .geometry import ConvGeometry

TILE_BYTES = 2**23
"""Working set a row tile aims at (band + columns + output), tuned with bench/kernels.py."""
MIN_POSITIONS = 256
"""Fewest output positions per row tile, so that the matrix product keeps the BLAS busy."""


def _copy_into(buffer: np.ndarray, array: np.ndarray) -> np.ndarray:
    """``array`` copied into the front of ``buffer``, as a contiguous array of its shape."""
    target = buffer[: array.size].reshape(array.shape)
    np.copyto(target, array)
    return target


def _plan(geo: ConvGeometry, budget: int, whole_images: bool) -> tuple[int, int, dict[str, int]]:
    """(images per tile, rows per tile, elements of each buffer): the padded band, the columns,
    and with groups the weights rearranged group-major, the group-major band and an accumulator."""
    sh, g, kh, kw, wo = geo.stride[0], geo.groups, geo.kh, geo.kw, geo.wo
    span_h = geo.span[0]

    def band_rows(rows: int) -> int:
        return (rows - 1) * sh + span_h

    def tile_bytes(images: int, rows: int) -> int:
        m = images * rows * wo
        acc = m * geo.k  # the tile's output, in ``out`` or (grouped) in a buffer
        band = images * band_rows(rows) * geo.padded_width * geo.c
        return 4 * (m * kh * kw * geo.c + (acc + band) * (1 if g == 1 else 2))

    target = budget if whole_images else TILE_BYTES
    n_tile, r_tile = plan_tiles(geo.n, geo.ho, wo, tile_bytes, target, budget, MIN_POSITIONS)
    max_m = n_tile * r_tile * wo
    band_size = n_tile * band_rows(r_tile) * geo.padded_width * geo.c
    return n_tile, r_tile, {
        "band": PaddedRows.buffer_elements(geo.pads, n_tile, band_rows(r_tile), geo.w, geo.c),
        "columns": g * max_m * kh * kw * geo.cg,
        "weights": 0 if g == 1 else kh * kw * geo.cg * geo.k,
        "acc": 0 if g == 1 else max_m * geo.k,
        "groups": 0 if g == 1 else band_size}


def scratch_elements(geo: ConvGeometry, budget: int, whole_images: bool) -> int:
    """Float32 elements of every buffer a call allocates besides ``out``, from the kernel's plan."""
    return sum(_plan(geo, budget, whole_images)[2].values())


def conv_im2col(x: np.ndarray, w: np.ndarray, geo: ConvGeometry, out: np.ndarray,
                tally: Tally | None, budget: int, whole_images: bool) -> None:
    """Fill ``out`` (N, H_out, W_out, K) with the bias-free convolution of ``x`` by ``w``."""
    (sh, sw), (dh, dw) = geo.stride, geo.dilation
    g, cg, kg, wo = geo.groups, geo.cg, geo.kg, geo.wo
    kh, kw = geo.kh, geo.kw
    span_h, span_w = geo.span
    wmat = w.reshape(kh, kw, cg, g, kg).transpose(3, 0, 1, 2, 4).reshape(g, kh * kw * cg, kg)
    n_tile, r_tile, sizes = _plan(geo, budget, whole_images)
    source = PaddedRows(x, geo.pads, 0.0, n_tile, (r_tile - 1) * sh + span_h)
    cols_buffer = np.empty(sizes["columns"], np.float32)
    acc_buffer = None if g == 1 else np.empty(sizes["acc"], np.float32)
    group_buffer = None if g == 1 else np.empty(sizes["groups"], np.float32)

    for n0, n1, r0, r1 in row_tiles(geo.n, geo.ho, r_tile, n_tile):
        nt, rt = n1 - n0, r1 - r0
        m = nt * rt * wo
        band = source.band(n0, n1, r0 * sh, (r1 - 1) * sh + span_h)       # (n, rows_in, Wp, C)
        band = band.reshape(band.shape[:3] + (g, cg)).transpose(3, 0, 1, 2, 4)  # (g, n, rows_in, Wp, Cg)
        if g > 1:  # group-major first: the gather below then copies kw·Cg-long runs, not Cg-long
            band = _copy_into(group_buffer, band)
        windows = sliding_window_view(band, (span_h, span_w), axis=(2, 3))  # (g, n, ., ., Cg, span_h, span_w)
        windows = windows[:, :, ::sh, ::sw, :, ::dh, ::dw]                  # (g, n, rt, W_out, Cg, kh, kw)
        windows = windows.transpose(0, 1, 2, 3, 5, 6, 4)                    # (g, n, rt, W_out, kh, kw, Cg)
        cols = cols_buffer[: g * m * kh * kw * cg]
        np.copyto(cols.reshape(windows.shape), windows)
        cols = cols.reshape(g, m, kh * kw * cg)
        if g == 1:
            matmul(cols, wmat, tally, out=out[n0:n1, r0:r1].reshape(1, m, geo.k))
        else:
            acc = acc_buffer[: m * geo.k].reshape(g, m, kg)
            matmul(cols, wmat, tally, out=acc)
            out[n0:n1, r0:r1].reshape(m, g, kg)[...] = acc.transpose(1, 0, 2)
