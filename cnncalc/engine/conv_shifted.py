"""Convolution as a sum of shifted products, accumulated per tile: no im2col of the input.

``y[n, p, q, :] = sum_{i, j} xpad[n, p*sh + i*dh, q*sw + j*dw, :] @ w[i, j]``

Dense and grouped (C_in/g > 1): for a tile of output rows, the padded input band is laid out
once with its kw column shifts side by side,

``band[p', n, q, g, j, c] = xpad[n, p', q*sw + j*dw, g*Cg + c]``   (rows p' split by phase mod sh)

so that for kernel row ``i`` the row-shifted view ``band[p*sh + i*dh]`` of the tile is one
contiguous (M, g, kw·Cg) matrix, M = rows·images·W_out: the kw taps of a kernel row share one
matrix product ``view_i @ w_i`` with ``w_i[g, (j, c), k] = w[i, j, c, g*Kg + k]``, (g, kw·Cg, Kg),
and the tile's accumulator (g, M, Kg) sums the kh products. The band costs kw× a few input rows;
the input is never gathered kh·kw times. (One product per tap, kw times thinner, measured 10–40%
slower: the BLAS wants the longer contraction and NumPy runs stacked products one by one.)
A 1×1 convolution with stride 1 and no padding is a single product over all positions.

Depthwise (C_in/g == 1, one output channel per input channel): the whole tile is one
``einsum("npijx,ijx->npx")`` over a strided view of the padded band,

``windows[n, p, i, j, (q, c)] = xpad[n, p*sh + i*dh, q*sw + j*dw, c]``,

against the taps' weights repeated along the output row, (kh, kw, W_out·C): NumPy's plain einsum
loop does ``out += x * w`` over each contiguous W_out·C run, one pass over memory per tap where a
multiply and an add took two (1.4–1.6× faster on MobileNet-V2's layers). With column stride
sw > 1 the band is first copied from the input with its kw column shifts side by side (zeros
where the padding is), so that the strided taps are contiguous rows too. A channel multiplier
``mult = K/C_in > 1`` keeps per-tap products, (n, rows, W_out, C, 1) · (C, mult), accumulated
with an add (columns split by phase mod sw).

Multiplications tallied per tile: kh products of g·M·(kw·Cg)·Kg (dense, grouped), one einsum
over M·K·kh·kw points (depthwise) or kh·kw elementwise products of M·K (channel multiplier);
in total N·H_out·W_out·K·kh·kw·C_in/g.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .tally import Tally, einsum, matmul, multiply
from .windows import PaddedRows, plan_tiles, row_tiles

if TYPE_CHECKING:
    from .geometry import ConvGeometry

TILE_BYTES = 2**23
"""Working set a tile aims at (band + accumulator + product), tuned with bench/kernels.py."""
MIN_POSITIONS = 256
"""Fewest output positions per tile, so that each matrix product keeps the BLAS busy."""
TILE_BYTES_DEPTHWISE = 2**21
"""Working set of a depthwise tile with a channel multiplier (band + accumulator + product)."""
TILE_BYTES_FUSED = 2**22
"""Working set of a depthwise tile without one (band, and with column stride its kw shifts)."""


def conv_shifted(x: np.ndarray, w: np.ndarray, geo: ConvGeometry, out: np.ndarray,
                 tally: Tally | None, budget: int) -> None:
    """Fill ``out`` (N, H_out, W_out, K) with the bias-free convolution of ``x`` by ``w``."""
    if geo.cg == 1 and geo.groups > 1:
        _depthwise(x, w, geo, out, tally, budget)
    else:
        _matrix(x, w, geo, out, tally, budget)


def scratch_elements(geo: ConvGeometry, budget: int) -> int:
    """Float32 elements of every buffer a call allocates besides ``out`` (band, shifted copies,
    accumulators, rearranged weights), from the same plan the kernel follows."""
    if geo.cg == 1 and geo.groups > 1:
        plan = _depthwise_plan(geo, budget) if geo.kg == 1 else _multiplier_plan(geo, budget)
    else:
        plan = _matrix_plan(geo, budget)
    return sum(plan[2].values())


def _band_rows(geo: ConvGeometry, rows: int) -> int:
    """Padded input rows feeding ``rows`` output rows: (rows − 1)·sh + dh·(kh − 1) + 1."""
    return (rows - 1) * geo.stride[0] + geo.span[0]


def _pointwise(geo: ConvGeometry) -> bool:
    """A 1×1 convolution, stride 1, no padding, one group: one product over all positions."""
    return geo.kh == geo.kw == 1 and geo.stride == (1, 1) and geo.pads == ((0, 0), (0, 0)) \
        and geo.groups == 1


def _phase_rows(geo: ConvGeometry, rows: int) -> int:
    return -(-_band_rows(geo, rows) // geo.stride[0])


def _matrix_plan(geo: ConvGeometry, budget: int) -> tuple[int, int, dict[str, int]]:
    """(images per tile, rows per tile, elements of each buffer) of a dense or grouped call."""
    g, k, wo, kw, c = geo.groups, geo.k, geo.wo, geo.kw, geo.c
    # the weights rearranged per kernel row are a copy only when groups move between axes
    weights = geo.kh * kw * geo.cg * k if g > 1 else 0
    if _pointwise(geo):
        return geo.n, geo.ho, {"weights": weights}

    def tile_bytes(images: int, rows: int) -> int:
        m = images * rows * wo
        band = images * _band_rows(geo, rows) * geo.padded_width * c
        stacked = geo.stride[0] * _phase_rows(geo, rows) * images * wo * kw * c
        acc = 0 if g == 1 and images == 1 else m * k
        return 4 * (band + stacked + 2 * m * k + acc)

    n_tile, r_tile = plan_tiles(geo.n, geo.ho, wo, tile_bytes, TILE_BYTES, budget, MIN_POSITIONS)
    tile = n_tile * r_tile * wo * k
    return n_tile, r_tile, {
        "weights": weights,
        "band": PaddedRows.buffer_elements(geo.pads, n_tile, _band_rows(geo, r_tile), geo.w, c),
        "stacked": geo.stride[0] * _phase_rows(geo, r_tile) * n_tile * wo * kw * c,
        "tmp": tile, "acc": tile if g > 1 or n_tile > 1 else 0}


def _matrix(x, w, geo: ConvGeometry, out, tally, budget) -> None:
    (sh, sw), (dh, dw) = geo.stride, geo.dilation
    g, cg, kg, k, wo, kh, kw = geo.groups, geo.cg, geo.kg, geo.k, geo.wo, geo.kh, geo.kw
    # w_i[g, (j, c), k]: (kh, g, kw·Cg, Kg)
    weights = w.reshape(kh, kw, cg, g, kg).transpose(0, 3, 1, 2, 4).reshape(kh, g, kw * cg, kg)
    if _pointwise(geo):
        # a pointwise convolution is one product over all positions: nothing to shift or gather
        matmul(x.reshape(-1, geo.c), weights[0, 0], tally, out=out.reshape(-1, k))
        return

    n_tile, r_tile, sizes = _matrix_plan(geo, budget)
    source = PaddedRows(x, geo.pads, 0.0, n_tile, _band_rows(geo, r_tile))
    stacked_buffer = np.empty(sizes["stacked"], np.float32)
    tmp_buffer = np.empty(sizes["tmp"], np.float32)
    acc_buffer = np.empty(sizes["acc"], np.float32) if sizes["acc"] else None

    for n0, n1, r0, r1 in row_tiles(geo.n, geo.ho, r_tile, n_tile):
        nt, rt = n1 - n0, r1 - r0
        m = rt * nt * wo
        band = source.band(n0, n1, r0 * sh, (r1 - 1) * sh + geo.span[0])  # (n, rows_in, Wp, C)
        t_rows = _phase_rows(geo, rt)
        stacked = stacked_buffer[: sh * t_rows * nt * wo * kw * geo.c]
        stacked = stacked.reshape(sh, t_rows, nt, wo, g, kw, cg)
        for phase in range(sh):
            rows = band[:, phase::sh]
            for j in range(kw):
                shifted = rows[:, :, j * dw: j * dw + sw * (wo - 1) + 1: sw, :]
                stacked[phase, : rows.shape[1], :, :, :, j, :] = \
                    shifted.reshape(nt, rows.shape[1], wo, g, cg).transpose(1, 0, 2, 3, 4)
        direct = g == 1 and nt == 1
        acc = out[n0, r0:r1].reshape(1, m, k) if direct else acc_buffer[: m * k].reshape(g, m, kg)
        tmp = tmp_buffer[: m * k].reshape(g, m, kg)
        for i in range(kh):
            t0, phase = divmod(i * dh, sh)
            view = stacked[phase, t0: t0 + rt].reshape(m, g, kw * cg)           # contiguous
            view = view[:, 0] if g == 1 else view.transpose(1, 0, 2)           # (M, kw·Cg) or (g, M, kw·Cg)
            dest = acc if i == 0 else tmp
            matmul(view, weights[i, 0] if g == 1 else weights[i], tally, out=dest[0] if g == 1 else dest)
            if i:
                np.add(acc, tmp, out=acc)
        if not direct:  # (g, rows, n, W_out, Kg) -> (n, rows, W_out, g, Kg)
            target = out[n0:n1, r0:r1].reshape(nt, rt, wo, g, kg)
            target[...] = acc.reshape(g, rt, nt, wo, kg).transpose(2, 1, 3, 0, 4)


def _depthwise_plan(geo: ConvGeometry, budget: int) -> tuple[int, int, dict[str, int]]:
    """The plan of a depthwise call without a channel multiplier: the taps repeated along the
    output row, and the band (with column stride sw > 1, its kw shifts side by side)."""
    sw, c, wo, kw = geo.stride[1], geo.c, geo.wo, geo.kw
    row = wo * c

    def tile_bytes(images: int, rows: int) -> int:
        return 4 * images * _band_rows(geo, rows) * (kw * row if sw > 1 else geo.padded_width * c)

    n_tile, r_tile = plan_tiles(geo.n, geo.ho, wo, tile_bytes, TILE_BYTES_FUSED, budget)
    rows = _band_rows(geo, r_tile)
    sizes = {"taps": geo.kh * kw * row}
    if sw > 1:
        sizes["stacked"] = n_tile * rows * kw * row
    else:
        sizes["band"] = PaddedRows.buffer_elements(geo.pads, n_tile, rows, geo.w, c)
    return n_tile, r_tile, sizes


def _depthwise(x, w, geo: ConvGeometry, out, tally, budget) -> None:
    if geo.kg > 1:
        _depthwise_multiplier(x, w, geo, out, tally, budget)
        return
    (sh, sw), (dh, dw) = geo.stride, geo.dilation
    c, wo, kh, kw = geo.c, geo.wo, geo.kh, geo.kw
    row = wo * c
    # each tap's weights repeated along the output row, (kh, kw, W_out·C)
    taps = np.tile(w.reshape(kh, kw, c), (1, 1, wo))
    n_tile, r_tile, sizes = _depthwise_plan(geo, budget)
    if sw > 1:
        stacked_buffer = np.empty(sizes["stacked"], np.float32)
    else:
        source = PaddedRows(x, geo.pads, 0.0, n_tile, _band_rows(geo, r_tile))
    for n0, n1, r0, r1 in row_tiles(geo.n, geo.ho, r_tile, n_tile):
        nt, rt = n1 - n0, r1 - r0
        p0, p1 = r0 * sh, (r1 - 1) * sh + geo.span[0]                     # padded input rows
        if sw > 1:  # the kw column shifts side by side: a strided tap becomes a contiguous row
            rows_in = stacked_buffer[: nt * (p1 - p0) * kw * row].reshape(nt, p1 - p0, kw, wo, c)
            _stack_shifts(x, geo, n0, n1, p0, p1, rows_in)
            tap_step = rows_in.strides[2]
        else:
            rows_in = source.band(n0, n1, p0, p1)                           # (n, rows_in, Wp, C)
            if rows_in.strides[2:] != (4 * c, 4):
                rows_in = np.ascontiguousarray(rows_in)
            tap_step = dw * 4 * c
        n_step, row_step = rows_in.strides[:2]
        # windows[n, p, i, j, (q, c)] = xpad[n, p*sh + i*dh, q*sw + j*dw, c]: a read-only view
        windows = as_strided(rows_in, (nt, rt, kh, kw, row),
                             (n_step, sh * row_step, dh * row_step, tap_step, 4), writeable=False)
        einsum("npijx,ijx->npx", windows, taps, tally, out=out[n0:n1, r0:r1].reshape(nt, rt, row))


def _stack_shifts(x, geo: ConvGeometry, n0: int, n1: int, p0: int, p1: int, stacked) -> None:
    """``stacked[n, r, j, q, c] = xpad[n0 + n, p0 + r, q*sw + j*dw, c]``, read from ``x`` itself
    (zeros where ``xpad`` is padding): the band and its kw column shifts in one copy."""
    (top, _), (left, _) = geo.pads
    sw, dw = geo.stride[1], geo.dilation[1]
    lo = min(max(p0 - top, 0), geo.h)                  # rows of x inside the band: [lo, hi)
    hi = min(max(p1 - top, lo), geo.h)
    inner = slice(lo + top - p0, hi + top - p0)
    stacked[:, : inner.start] = 0.0
    stacked[:, inner.stop:] = 0.0
    for j in range(geo.kw):
        start = j * dw - left                          # column of x under q = 0
        q_lo = min(max(-(start // sw), 0), geo.wo)     # first q on a column of x …
        q_hi = min(max((geo.w - 1 - start) // sw + 1, q_lo), geo.wo)  # … and one past the last
        stacked[:, inner, j, :q_lo] = 0.0
        stacked[:, inner, j, q_hi:] = 0.0
        if q_hi > q_lo:
            first = start + q_lo * sw
            columns = slice(first, first + sw * (q_hi - q_lo - 1) + 1, sw)
            stacked[:, inner, j, q_lo:q_hi] = x[n0:n1, lo:hi, columns]


def _multiplier_plan(geo: ConvGeometry, budget: int) -> tuple[int, int, dict[str, int]]:
    """The plan of a depthwise call with a channel multiplier: band, its column phases (sw > 1)
    and one product's buffer."""
    sw, c, wo = geo.stride[1], geo.c, geo.wo
    phase_width = -(-geo.padded_width // sw)

    def tile_bytes(images: int, rows: int) -> int:
        band = images * _band_rows(geo, rows) * geo.padded_width * c
        return 4 * (band * (2 if sw > 1 else 1) + 2 * images * rows * wo * geo.k)

    n_tile, r_tile = plan_tiles(geo.n, geo.ho, wo, tile_bytes, TILE_BYTES_DEPTHWISE, budget)
    rows = _band_rows(geo, r_tile)
    return n_tile, r_tile, {
        "band": PaddedRows.buffer_elements(geo.pads, n_tile, rows, geo.w, c),
        "phases": sw * n_tile * rows * phase_width * c if sw > 1 else 0,
        "tmp": n_tile * r_tile * wo * geo.k}


def _depthwise_multiplier(x, w, geo: ConvGeometry, out, tally, budget) -> None:
    (sh, sw), (dh, dw) = geo.stride, geo.dilation
    c, mult, wo = geo.c, geo.kg, geo.wo
    taps = w.reshape(geo.kh, geo.kw, c, mult)                                  # (kh, kw, C, mult)
    phase_width = -(-geo.padded_width // sw)
    n_tile, r_tile, sizes = _multiplier_plan(geo, budget)
    source = PaddedRows(x, geo.pads, 0.0, n_tile, _band_rows(geo, r_tile))
    phase_buffer = np.empty(sizes["phases"], np.float32) if sw > 1 else None
    tmp_buffer = np.empty(sizes["tmp"], np.float32)
    for n0, n1, r0, r1 in row_tiles(geo.n, geo.ho, r_tile, n_tile):
        nt, rt = n1 - n0, r1 - r0
        band = source.band(n0, n1, r0 * sh, (r1 - 1) * sh + geo.span[0])      # (n, rows_in, Wp, C)
        if sw > 1:  # columns split by phase mod sw: a strided tap becomes a contiguous run
            phases = phase_buffer[: sw * nt * band.shape[1] * phase_width * c]
            phases = phases.reshape(sw, nt, band.shape[1], phase_width, c)
            for phase in range(sw):
                columns = band[:, :, phase::sw]
                phases[phase, :, :, : columns.shape[2]] = columns
        else:
            phases = band[None]
        shape = (nt, rt, wo, c, mult)
        acc = out[n0:n1, r0:r1].reshape(shape)
        tmp = tmp_buffer[: nt * rt * wo * geo.k].reshape(shape)
        for i in range(geo.kh):
            rows = slice(i * dh, i * dh + sh * (rt - 1) + 1, sh)
            for j in range(geo.kw):
                offset, phase = divmod(j * dw, sw)
                view = phases[phase, :, rows, offset: offset + wo]               # (n, r, W_out, C)
                view = view[..., None]
                first = i == j == 0
                multiply(view, taps[i, j], tally, out=acc if first else tmp)
                if not first:
                    np.add(acc, tmp, out=acc)
