"""Slow, obvious twins of the engine's kernels: loops over every output element.

Written from the definitions, not from the engine: same layouts (NHWC activations, conv weights
(kh, kw, C_in/g, K), transposed-conv weights (kh, kw, C_in, K/g)), float64 arithmetic.
"""
from __future__ import annotations

import math

import numpy as np


def conv2d(x, w, b=None, stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1):
    """y[n,p,q,k] = b[k] + Σ_{i,j,c} xpad[n, p·sh + i·dh, q·sw + j·dw, grp(k)·Cg + c] · w[i,j,c,k]."""
    n, h, wd, c = x.shape
    kh, kw, cg, k = w.shape
    (sh, sw), (dh, dw), ((t, bt), (l, r)) = stride, dilation, padding
    kg = k // groups
    xp = np.zeros((n, t + h + bt, l + wd + r, c))
    xp[:, t:t + h, l:l + wd] = x
    ho = (t + h + bt - dh * (kh - 1) - 1) // sh + 1
    wo = (l + wd + r - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((n, ho, wo, k))
    for b_ in range(n):
        for p in range(ho):
            for q in range(wo):
                for o in range(k):
                    grp = o // kg
                    total = 0.0 if b is None else float(b[o])
                    for i in range(kh):
                        for j in range(kw):
                            for ci in range(cg):
                                total += xp[b_, p * sh + i * dh, q * sw + j * dw, grp * cg + ci] * w[i, j, ci, o]
                    y[b_, p, q, o] = total
    return y


def conv_transpose2d(x, w, b=None, stride=(1, 1), padding=(0, 0), output_padding=(0, 0),
                     dilation=(1, 1), groups=1):
    """Scatter: every input pixel adds x[n,h,w,c]·w[i,j,c,k] at (h·sh + i·dh − ph, w·sw + j·dw − pw)."""
    n, h, wd, c = x.shape
    kh, kw, _, kg = w.shape
    (sh, sw), (ph, pw), (oph, opw), (dh, dw) = stride, padding, output_padding, dilation
    cg = c // groups
    ho = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1
    wo = (wd - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1
    y = np.zeros((n, ho, wo, kg * groups))
    for b_ in range(n):
        for hi in range(h):
            for wi in range(wd):
                for ci in range(c):
                    grp = ci // cg
                    for i in range(kh):
                        for j in range(kw):
                            p, q = hi * sh + i * dh - ph, wi * sw + j * dw - pw
                            if 0 <= p < ho and 0 <= q < wo:
                                for o in range(kg):
                                    y[b_, p, q, grp * kg + o] += x[b_, hi, wi, ci] * w[i, j, ci, o]
    if b is not None:
        y += b
    return y


def _pool_outputs(size, k, s, before, after, ceil_mode):
    """PyTorch's pooling output size: floor/ceil((size + before + after − k)/s) + 1, minus the
    last window in ceil mode when it would start past the input and the left padding."""
    padded = size + before + after
    out = (math.ceil if ceil_mode else math.floor)((padded - k) / s) + 1
    if ceil_mode and (out - 1) * s >= size + before:
        out -= 1
    return out


def max_pool2d(x, kernel, stride, padding=((0, 0), (0, 0)), ceil_mode=False):
    n, h, wd, c = x.shape
    (kh, kw), (sh, sw), ((t, bt), (l, r)) = kernel, stride, padding
    ho, wo = _pool_outputs(h, kh, sh, t, bt, ceil_mode), _pool_outputs(wd, kw, sw, l, r, ceil_mode)
    y = np.zeros((n, ho, wo, c))
    for p in range(ho):
        for q in range(wo):
            rows = [i for i in range(p * sh - t, p * sh - t + kh) if 0 <= i < h]
            cols = [j for j in range(q * sw - l, q * sw - l + kw) if 0 <= j < wd]
            y[:, p, q] = x[:, rows][:, :, cols].max(axis=(1, 2))
    return y


def avg_pool2d(x, kernel, stride, padding=((0, 0), (0, 0)), ceil_mode=False, count_include_pad=True):
    """Window sum / divisor; the divisor counts padding (if asked) but not positions past the
    padded edge, which only ceil mode reaches (PyTorch's rule)."""
    n, h, wd, c = x.shape
    (kh, kw), (sh, sw), ((t, bt), (l, r)) = kernel, stride, padding
    ho, wo = _pool_outputs(h, kh, sh, t, bt, ceil_mode), _pool_outputs(wd, kw, sw, l, r, ceil_mode)
    y = np.zeros((n, ho, wo, c))
    for p in range(ho):
        for q in range(wo):
            h0, w0 = p * sh - t, q * sw - l
            h1, w1 = min(h0 + kh, h + bt), min(w0 + kw, wd + r)
            total = np.zeros((n, c))
            inside = 0
            for i in range(h0, h1):
                for j in range(w0, w1):
                    if 0 <= i < h and 0 <= j < wd:
                        total += x[:, i, j]
                        inside += 1
            y[:, p, q] = total / ((h1 - h0) * (w1 - w0) if count_include_pad else inside)
    return y


def adaptive_avg_pool2d(x, output_size):
    """Bin i of H covers rows floor(i·H/oh) .. ceil((i+1)·H/oh) − 1."""
    n, h, wd, c = x.shape
    oh, ow = output_size
    y = np.zeros((n, oh, ow, c))
    for p in range(oh):
        for q in range(ow):
            h0, h1 = (p * h) // oh, -((-(p + 1) * h) // oh)
            w0, w1 = (q * wd) // ow, -((-(q + 1) * wd) // ow)
            y[:, p, q] = x[:, h0:h1, w0:w1].astype(np.float64).mean(axis=(1, 2))
    return y


def channel_shuffle(x, groups):
    """y[..., j·g + i] = x[..., i·(C/g) + j]: member j of group i moves to slot j·g + i."""
    c = x.shape[-1]
    per = c // groups
    y = np.zeros_like(x, dtype=np.float64)
    for i in range(groups):
        for j in range(per):
            y[..., j * groups + i] = x[..., i * per + j]
    return y


def resize_nearest(x, height, width):
    """y[n, p, q] = x[n, ⌊p·H/height⌋, ⌊q·W/width⌋]."""
    n, h, w, c = x.shape
    y = np.zeros((n, height, width, c))
    for p in range(height):
        for q in range(width):
            y[:, p, q] = x[:, p * h // height, q * w // width]
    return y


def resize_bilinear(x, height, width):
    """PyTorch's bilinear, align_corners=False, one output at a time."""
    n, h, w, c = x.shape

    def taps(o, size, out):
        source = max((o + 0.5) * size / out - 0.5, 0.0)
        first = min(math.floor(source), size - 1)
        return first, min(first + 1, size - 1), source - first

    y = np.zeros((n, height, width, c))
    for p in range(height):
        r0, r1, a = taps(p, h, height)
        for q in range(width):
            c0, c1, b = taps(q, w, width)
            y[:, p, q] = ((1 - a) * (1 - b) * x[:, r0, c0] + (1 - a) * b * x[:, r0, c1]
                          + a * (1 - b) * x[:, r1, c0] + a * b * x[:, r1, c1])
    return y


def layernorm(x, gamma, beta, eps):
    """Each position's C values: (v − mean)/sqrt(var + eps)·γ + β, the variance biased."""
    y = np.zeros(x.shape)
    for index in np.ndindex(*x.shape[:-1]):
        values = [float(v) for v in x[index]]
        mean = sum(values) / len(values)
        var = sum((v - mean) ** 2 for v in values) / len(values)
        y[index] = [(v - mean) / math.sqrt(var + eps) * g + b
                    for v, g, b in zip(values, gamma, beta)]
    return y
