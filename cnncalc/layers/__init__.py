"""The layer registry. Importing this package registers every kind."""

from . import (channels, conv, dense, elementwise, merge, norm, pixel_shuffle, pool,  # noqa: F401
               prelu, resize, unpool)  # (registration)
from .base import NO_PARAMS, REGISTRY, Layer, Params, Shape, kinds, register

__all__ = ["REGISTRY", "Layer", "Params", "NO_PARAMS", "Shape", "kinds", "register"]
