"""The specs built on the units library against their plain ``torch.nn`` twins
(tests/torch_models_units.py), every bundled name of them: totals, and each conv, pool and fc
layer in execution order (output shape, parameters, multiplications). With torchvision
installed, the segmentation twins also against torchvision's own models. Skipped without torch.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from cnncalc.calculator import summarize  # noqa: E402
from cnncalc.spec import load_spec  # noqa: E402
from torchvision_import import import_torchvision  # noqa: E402

HERE = Path(__file__).resolve().parent


def _load(name: str):
    """tests/ is not a package: load a module of it by path (as test_torch_crosscheck does)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


counting = _load("torch_models")
twins = _load("torch_models_units")
NAMES = sorted(twins.VARIANTS)


@lru_cache(maxsize=None)
def twin_count(name: str):
    builder, input_hwc = twins.VARIANTS[name]
    with torch.device("meta"):
        model = builder()
    return counting.count(model, input_hwc)


def _category(kind: str) -> str | None:
    if kind in ("conv", "conv_transpose"):
        return "conv"
    if kind == "fc":
        return "fc"
    return "pool" if kind.endswith("pool") else None


@pytest.mark.parametrize("name", NAMES)
def test_totals_equal_the_twin(name):
    ours, theirs = summarize(load_spec(name)).totals, twin_count(name)
    assert (ours.trainable_params, ours.non_trainable_params, ours.mults) == (
        theirs.trainable, theirs.non_trainable, theirs.mults)
    assert summarize(load_spec(name)).input_shape == twins.VARIANTS[name][1]


@pytest.mark.parametrize("name", NAMES)
def test_each_conv_pool_and_fc_layer_equals_the_twin(name):
    ours = [(_category(row.kind), tuple(row.output_shape), row.params, row.mults, row.name)
            for row in summarize(load_spec(name)).layers if _category(row.kind)]
    theirs = [(layer.kind, layer.output_shape, layer.params, layer.mults, layer.name)
              for layer in twin_count(name).layers]
    for index, (mine, twin) in enumerate(zip(ours, theirs)):
        assert mine[:4] == twin[:4], f"{name}: layer #{index}\n  cnncalc {mine}\n  torch   {twin}"
    assert len(ours) == len(theirs)




@pytest.mark.parametrize("name", [name for name in NAMES if "_resnet" in name])
def test_the_segmentation_twins_equal_torchvisions_models(name):
    torchvision = import_torchvision()
    with torch.device("meta"):
        model = torchvision.models.get_model(name, weights=None, weights_backbone=None,
                                             num_classes=21, aux_loss=True)
    theirs, twin = counting.count(model, (520, 520, 3)), twin_count(name)
    assert (theirs.trainable, theirs.non_trainable, theirs.mults) == (
        twin.trainable, twin.non_trainable, twin.mults)
