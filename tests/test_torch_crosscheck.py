"""Every bundled spec against an independent PyTorch count of the same network.

`tests/torch_models.py` writes each network by hand in plain ``torch.nn`` and counts it with
forward hooks. Here cnncalc's totals must equal torch's exactly, and the conv, pooling and fc
layers, taken in execution order, must have the same output shapes, parameters and
multiplications. Skipped where torch is not installed: torch is a test-only witness.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from cnncalc.bundled import bundled_names, variant_index  # noqa: E402
from cnncalc.calculator import summarize  # noqa: E402
from cnncalc.spec import load_spec  # noqa: E402

from torchvision_figures import all_figures  # noqa: E402

HERE = Path(__file__).resolve().parent
SPECS = HERE.parent / "specs"


def _import_torch_models():
    """tests/ is not a package (pytest runs with --import-mode=importlib): load it by path."""
    spec = importlib.util.spec_from_file_location("cnncalc_torch_models", HERE / "torch_models.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


torch_models = _import_torch_models()
NETWORKS = list(torch_models.MODELS)


@lru_cache(maxsize=None)
def cnncalc_summary(name: str):
    return summarize(load_spec(name))   # a bundled file, or a variant of a family file


@lru_cache(maxsize=None)
def torch_count(name: str):
    return torch_models.count_model(name)


def _category(kind: str) -> str | None:
    """cnncalc's kinds grouped as torch_models groups its modules."""
    if kind in ("conv", "conv_transpose"):
        return "conv"
    if kind == "fc":
        return "fc"
    if kind.endswith("pool"):
        return "pool"
    return None


def test_every_bundled_spec_has_a_torch_twin():
    """Every twin is a bundled name; every bundled file has a twin, or (a family file, or a
    network of torchvision's) is checked against torchvision's counts in
    tests/test_torchvision_table.py."""
    assert sorted(set(NETWORKS) - set(bundled_names())) == []
    files = {path.stem for path in SPECS.glob("*.yaml")} - set(variant_index().values())
    assert sorted(files - set(NETWORKS) - set(all_figures())) == []


@pytest.mark.parametrize("name", NETWORKS)
def test_input_shape(name):
    assert cnncalc_summary(name).input_shape == torch_models.MODELS[name][1]


@pytest.mark.parametrize("name", NETWORKS)
def test_totals_equal_torch(name):
    ours, theirs = cnncalc_summary(name).totals, torch_count(name)
    assert (ours.params, ours.trainable_params, ours.non_trainable_params, ours.mults) == (
        theirs.params, theirs.trainable, theirs.non_trainable, theirs.mults)


@pytest.mark.parametrize("name", NETWORKS)
def test_conv_pool_fc_layers_equal_torch(name):
    ours = [(row.name, _category(row.kind), tuple(row.output_shape), row.params, row.mults)
            for row in cnncalc_summary(name).layers if _category(row.kind)]
    theirs = [(layer.name, layer.kind, layer.output_shape, layer.params, layer.mults)
              for layer in torch_count(name).layers]
    for index, (mine, torch_layer) in enumerate(zip(ours, theirs)):
        assert mine[1:] == torch_layer[1:], (
            f"{name}: layer #{index} differs\n  cnncalc {mine}\n  torch   {torch_layer}\n"
            "  (name, kind, output shape, params, mults)")
    assert len(ours) == len(theirs), (
        f"{name}: cnncalc has {len(ours)} conv/pool/fc layers, torch {len(theirs)}")
