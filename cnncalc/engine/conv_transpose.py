"""Transposed 2-D convolution ("deconvolution"), NHWC, computed by scattering.

Every input pixel adds its contribution to a kh×kw patch of the output:

``y[n, h*sh + i*dh − ph, w*sw + j*dw − pw, g*Kg + k] += sum_c x[n, h, w, g*Cg + c] * wt[i, j, g*Cg + c, k]``

Shapes: ``x`` (N, H_in, W_in, C_in); ``wt`` (kh, kw, C_in, K/groups) — PyTorch's
(C_in, K/g, kh, kw) permuted by (2, 3, 0, 1); ``b`` (K,) or None; ``y`` (N, H_out, W_out, K) with

``H_out = (H_in − 1)·sh − 2·ph + dh·(kh − 1) + oph + 1``   (the same for W)

i.e. the scattered extent ``(H_in − 1)·sh + dh·(kh − 1) + 1`` cropped by ``ph`` on each side and
grown by ``output_padding`` at the bottom/right. Per tile of input rows one product
``x_tile (g, M, Cg) @ wmat (g, Cg, kh·kw·Kg)`` gives every contribution, then kh·kw strided adds
place them; contributions that fall in the cropped border are computed and dropped, so the
tally is over the input positions: ``N·H_in·W_in·C_in·(K/g)·kh·kw``.
"""
from __future__ import annotations

import numpy as np

from .tally import Tally, matmul
from .windows import BUDGET_BYTES, pair, plan_tiles, row_tiles, span

__all__ = ["conv_transpose2d", "conv_transpose2d_scratch"]

TILE_BYTES = 2**23


def _placed(start: int, count: int, stride: int, offset: int, size: int) -> tuple[int, int]:
    """Input indices ``a <= r < b`` within ``[start, start + count)`` whose output position
    ``r*stride + offset`` lies in ``[0, size)``."""
    first = max(start, -(offset // stride))          # ceil(−offset / stride)
    last = min(start + count, (size - 1 - offset) // stride + 1)
    return first, max(first, last)


def _plan(n: int, h: int, wd: int, kh: int, kw: int, k: int, budget: int):
    """(images per tile, rows per tile, elements of the products buffer): every input pixel's
    kh·kw·K contributions for a tile of input rows."""
    def tile_bytes(images: int, rows: int) -> int:
        return 4 * images * rows * wd * kh * kw * k

    n_tile, r_tile = plan_tiles(n, h, wd, tile_bytes, TILE_BYTES, budget)
    return n_tile, r_tile, n_tile * r_tile * wd * kh * kw * k


def conv_transpose2d_scratch(x_shape, w_shape, *, groups: int = 1,
                             budget_bytes: int = BUDGET_BYTES) -> int:
    """Float32 elements :func:`conv_transpose2d` allocates besides its output: the products
    buffer of its plan, and the weights rearranged (kh·kw·C_in·K/g, a copy unless 1×1)."""
    n, h, wd, _ = x_shape
    kh, kw, c, kg = w_shape
    weights = kh * kw * c * kg if kh * kw > 1 else 0
    return weights + _plan(n, h, wd, kh, kw, int(groups) * kg, budget_bytes)[2]


def conv_transpose2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, *, stride=1,
                     padding=0, output_padding=0, dilation=1, groups: int = 1,
                     tally: Tally | None = None, budget_bytes: int = BUDGET_BYTES) -> np.ndarray:
    """Transposed convolution of ``x`` (N, H, W, C_in) by ``w`` (kh, kw, C_in, K/groups).

    ``stride``, ``padding`` (symmetric, as in PyTorch), ``output_padding``, ``dilation``:
    int or (h, w). Returns (N, H_out, W_out, K).

    >>> t = Tally(); y = conv_transpose2d(np.ones((1, 2, 2, 1), np.float32),
    ...                                   np.ones((3, 3, 1, 1), np.float32), stride=2, tally=t)
    >>> y.shape, t.multiplications == 2 * 2 * 1 * 1 * 3 * 3
    ((1, 5, 5, 1), True)
    """
    x = np.asarray(x, np.float32)
    w = np.asarray(w, np.float32)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(f"conv_transpose2d wants x (N, H, W, C_in) and w (kh, kw, C_in, K/groups); "
                         f"received x {x.shape}, w {w.shape}")
    n, h, wd, c = x.shape
    kh, kw, c_w, kg = w.shape
    g = int(groups)
    if c_w != c or g < 1 or c % g:
        raise ValueError(f"weights must be (kh, kw, C_in, K/groups) with groups dividing C_in; "
                         f"received w {w.shape} for C_in={c}, groups={g}")
    (sh, sw), (ph, pw) = pair(stride, "stride"), pair(padding, "padding")
    (oph, opw), (dh, dw) = pair(output_padding, "output_padding"), pair(dilation, "dilation")
    if min(sh, sw, dh, dw) < 1 or min(ph, pw, oph, opw) < 0:
        raise ValueError(f"stride and dilation must be ≥ 1, padding and output_padding ≥ 0; "
                         f"received stride={stride}, dilation={dilation}, padding={padding}, "
                         f"output_padding={output_padding}")
    if oph >= max(sh, dh) or opw >= max(sw, dw):
        raise ValueError(f"output_padding must be smaller than stride or dilation; received "
                         f"output_padding={(oph, opw)}, stride={(sh, sw)}, dilation={(dh, dw)}")
    cg, k = c // g, g * kg
    ho = (h - 1) * sh + span(kh, dh) - 2 * ph + oph
    wo = (wd - 1) * sw + span(kw, dw) - 2 * pw + opw
    if ho < 1 or wo < 1:
        raise ValueError(f"padding {(ph, pw)} crops away the whole {ho + 2 * ph - oph}×"
                         f"{wo + 2 * pw - opw} scattered output; use less padding")
    if b is not None:
        b = np.asarray(b, np.float32)
        if b.shape != (k,):
            raise ValueError(f"bias must have shape (K,) = ({k},); received {b.shape}")

    wmat = w.reshape(kh, kw, g, cg, kg).transpose(2, 3, 0, 1, 4).reshape(g, cg, kh * kw * kg)
    out = np.zeros((n, ho, wo, k), np.float32)

    n_tile, r_tile, products_size = _plan(n, h, wd, kh, kw, k, budget_bytes)
    products = np.empty(products_size, np.float32)
    for n0, n1, r0, r1 in row_tiles(n, h, r_tile, n_tile):
        nt, rt = n1 - n0, r1 - r0
        m = nt * rt * wd
        pixels = x[n0:n1, r0:r1].reshape(m, g, cg).transpose(1, 0, 2)          # (g, M, Cg)
        y = matmul(pixels, wmat, tally, out=products[: g * m * kh * kw * kg].reshape(g, m, kh * kw * kg))
        y = y.reshape(g, nt, rt, wd, kh, kw, kg)
        for i in range(kh):
            a0, a1 = _placed(r0, rt, sh, i * dh - ph, ho)
            for j in range(kw):
                c0, c1 = _placed(0, wd, sw, j * dw - pw, wo)
                if a0 == a1 or c0 == c1:
                    continue
                p0, q0 = a0 * sh + i * dh - ph, c0 * sw + j * dw - pw
                target = out[n0:n1, p0: p0 + sh * (a1 - a0 - 1) + 1: sh, q0: q0 + sw * (c1 - c0 - 1) + 1: sw]
                target = target.reshape(nt, a1 - a0, c1 - c0, g, kg)
                np.add(target, y[:, :, a0 - r0: a1 - r0, c0:c1, i, j].transpose(1, 2, 3, 0, 4), out=target)
    if b is not None:
        out += b
    return out
