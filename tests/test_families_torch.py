"""The family specs' variants (ResNet, ResNeXt, Wide ResNet, VGG, DenseNet, RegNet, ConvNeXt)
against torchvision's own models, counted with the forward hooks of tests/torch_models.py: the
totals exactly (trainable parameters, BN running statistics, multiply-accumulates), and each conv
and fc layer's parameters and multiplications in execution order. Skipped without torch and
torchvision (`make test-torch` installs them); torchvision's published rounded figures are
checked in tests/test_torchvision_table.py without them."""

from __future__ import annotations

import pytest

from cnncalc.calculator import summarize
from cnncalc.spec import load_spec

from torchvision_figures.families_a import FIGURES
from torchvision_import import import_torchvision

torch = pytest.importorskip("torch")




def build(name: str):
    """torchvision's model on the meta device (no weights allocated). RegNet computes its
    stage widths with tensors at build time, which the meta device cannot read back: that one
    computation runs on the CPU."""
    torchvision = import_torchvision()
    from torchvision.models import regnet
    rule = regnet.BlockParams.__dict__["from_init_params"].__func__

    def on_cpu(cls, *args, **kwargs):
        with torch.device("cpu"):
            return rule(cls, *args, **kwargs)
    regnet.BlockParams.from_init_params = classmethod(on_cpu)
    try:
        with torch.device("meta"):
            return torchvision.models.get_model(name)
    finally:
        regnet.BlockParams.from_init_params = classmethod(rule)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_a_variant_counts_as_torchvisions_model(name):
    from torch_models import count
    ours = summarize(load_spec(name))
    theirs = count(build(name), ours.input_shape)
    assert (ours.totals.trainable_params, ours.totals.non_trainable_params, ours.totals.mults) \
        == (theirs.trainable, theirs.non_trainable, theirs.mults)
    # ConvNeXt's Linear layers on channels-last maps are 1×1 convs in the spec: conv and fc
    # are compared as one category
    assert [(row.params, row.mults) for row in ours.layers if row.kind in ("conv", "fc")] \
        == [(layer.params, layer.mults) for layer in theirs.layers if layer.kind != "pool"]
