"""Arrays between the engine's NHWC and torch's NCHW, and seeded random inputs, for the tests
that compare the engine's values with PyTorch's (torch must be importable)."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")


def nchw(x):
    """An engine array (N, H, W, C) as a torch tensor (N, C, H, W)."""
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))


def nhwc(t):
    """A torch tensor (N, C, H, W) as an engine array (N, H, W, C)."""
    return t.detach().numpy().transpose(0, 2, 3, 1)


def rand(*shape, seed=0):
    """Standard-normal float32 values of `shape`, the same for the same seed."""
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)
