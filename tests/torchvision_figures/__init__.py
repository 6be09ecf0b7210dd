"""torchvision's own figures for its models, one module per group of families.

Each module holds ``FIGURES = {name: Figure(...)}``: the model's ``weights.meta["num_params"]``
and ``weights.meta["_ops"]`` (torchvision's "GFLOPS", which count multiply-accumulates) as
torchvision 0.28's source publishes them for the default weights, and the input the spec is
read at. tests/test_torchvision_table.py checks every bundled name against them, and, with torch
(`make test-torch`), checks the figures against torchvision itself.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import NamedTuple


class Figure(NamedTuple):
    num_params: int
    """``weights.meta["num_params"]``: the trainable parameters."""
    ops: float
    """``weights.meta["_ops"]``, in billions, as published (rounded to 3 decimals)."""
    weights: str
    """The weights enum member the figures are read from, e.g. ``ResNet50_Weights.IMAGENET1K_V1``."""
    builder: str = ""
    """The torchvision builder, e.g. ``resnet50`` (default: the bundled name)."""
    aux_mults: int = 0
    """Multiplications of training-only heads that ``num_params`` counts and the spec keeps,
    but that ``_ops`` (measured in eval mode) leaves out, written out as arithmetic."""


def all_figures() -> dict[str, Figure]:
    """Every group's figures, by bundled name (a name in two groups is an error)."""
    found: dict[str, Figure] = {}
    for module in pkgutil.iter_modules(__path__):
        figures = importlib.import_module(f"{__name__}.{module.name}").FIGURES
        clash = found.keys() & figures.keys()
        if clash:
            raise AssertionError(f"{sorted(clash)} appear in two groups of figures")
        found.update(figures)
    return found
