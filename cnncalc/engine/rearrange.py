"""Kernels that move values without arithmetic, NHWC float32: a group of the channels, channel
shuffle, cropping and zero padding. None performs a multiplication: no tally.

* split(x, first, last): channels first … last − 1 (PyTorch's ``chunk`` keeps such a slice);
* channel_shuffle(x, g): channel ``i·C/g + j`` moves to ``j·g + i`` (ShuffleNet; PyTorch's
  ``view(N, g, C/g, H, W).transpose(1, 2)``);
* crop(x, top, bottom, left, right): rows and columns removed at the edges;
* centre_crop(x, h, w): to h×w, starting ``round((H − h)/2)`` rows in (halves to even, as
  torchvision's ``center_crop``);
* zero_pad(x, top, bottom, left, right): zeros added at the edges.
"""
from __future__ import annotations

import numpy as np

__all__ = ["split", "channel_shuffle", "crop", "centre_crop", "zero_pad"]


def split(x, first: int, last: int):
    """x (N, H, W, C) → (N, H, W, last − first)."""
    if not 0 <= first < last <= x.shape[-1]:
        raise ValueError(f"split wants 0 ≤ first < last ≤ C = {x.shape[-1]}; "
                         f"received {first}, {last}")
    return np.ascontiguousarray(x[..., first:last], np.float32)


def channel_shuffle(x, groups: int):
    """x (N, H, W, C) → the same shape, channels interleaved across `groups`."""
    *rest, c = x.shape
    if c % groups:
        raise ValueError(f"channel_shuffle wants C divisible by groups; received C = {c}, "
                         f"groups = {groups}")
    grouped = np.asarray(x, np.float32).reshape(*rest, groups, c // groups)
    return np.ascontiguousarray(np.swapaxes(grouped, -1, -2)).reshape(*rest, c)


def crop(x, top: int, bottom: int, left: int, right: int):
    """x (N, H, W, C) → (N, H − top − bottom, W − left − right, C)."""
    _, h, w, _ = x.shape
    if top + bottom >= h or left + right >= w or min(top, bottom, left, right) < 0:
        raise ValueError(f"crop leaves nothing of {h}×{w}: {top}, {bottom}, {left}, {right}")
    return np.ascontiguousarray(x[:, top:h - bottom, left:w - right], np.float32)


def centre_crop(x, height: int, width: int):
    """x (N, H, W, C) → (N, height, width, C), centred as torchvision's ``center_crop``."""
    _, h, w, _ = x.shape
    if height > h or width > w:
        raise ValueError(f"centre_crop to {height}×{width} is larger than {h}×{w}")
    top, left = int(round((h - height) / 2.0)), int(round((w - width) / 2.0))
    return crop(x, top, h - height - top, left, w - width - left)


def zero_pad(x, top: int, bottom: int, left: int, right: int, before: int = 0, after: int = 0):
    """x (N, H, W, C) → (N, H + top + bottom, W + left + right, before + C + after), zeros at
    the edges and in the channels added."""
    return np.pad(np.asarray(x, np.float32),
                  ((0, 0), (top, bottom), (left, right), (before, after)))
