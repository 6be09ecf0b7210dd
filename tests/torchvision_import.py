"""torchvision for the tests that compare with it, or a skip: its CPU wheel registers fake
kernels for compiled ops (nms, roi_align…) that a torch of another build lacks; the models need
none of them, so a registration that fails is skipped while torchvision imports."""

from __future__ import annotations

import pytest


def import_torchvision():
    """The torchvision module (a pytest skip without torch or torchvision)."""
    torch = pytest.importorskip("torch")
    register_fake = torch.library.register_fake

    def tolerant(*args, **kwargs):
        def decorate(function):
            try:
                return register_fake(*args, **kwargs)(function)
            except Exception:  # noqa: BLE001  (an op the CPU wheel does not have)
                return function
        return decorate
    torch.library.register_fake = tolerant
    try:
        return pytest.importorskip("torchvision")
    finally:
        torch.library.register_fake = register_fake
