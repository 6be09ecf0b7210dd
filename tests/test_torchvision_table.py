"""Every torchvision CNN by its torchvision name: the bundled spec's trainable parameters equal
torchvision's published ``num_params`` and its multiplications round to the published ``_ops``
(GMACs, three decimals). The figures are written out in tests/torchvision_figures/ (read from
torchvision 0.28's source); with torch installed the figures themselves are checked against
torchvision (`make test-torch`)."""

from __future__ import annotations

import pytest

from cnncalc.calculator import summarize
from cnncalc.spec import load_spec

from torchvision_figures import all_figures
from torchvision_import import import_torchvision

FIGURES = all_figures()


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_the_bundled_spec_has_torchvisions_counts(name):
    figure = FIGURES[name]
    totals = summarize(load_spec(name)).totals
    assert totals.trainable_params == figure.num_params
    assert round((totals.mults - figure.aux_mults) / 1e9, 3) == pytest.approx(figure.ops,
                                                                        abs=0.0005 + 1e-12)




@pytest.mark.parametrize("name", sorted(FIGURES))
def test_the_written_figures_are_torchvisions(name):
    torchvision = import_torchvision()
    figure = FIGURES[name]
    weights = torchvision.models.get_weight(figure.weights)
    assert weights in list(torchvision.models.get_model_weights(figure.builder or name))
    assert weights.meta["num_params"] == figure.num_params
    assert weights.meta["_ops"] == pytest.approx(figure.ops, abs=1e-9)


TRANSFORMERS = ("vit_", "swin_", "maxvit_")
"""torchvision's classification models that are not CNNs (attention, not convolution)."""


def test_every_torchvision_cnn_is_in_the_table():
    """Every classification and segmentation builder of torchvision but its transformers has
    its figures here (68 classification CNNs and 6 segmentation CNNs in 0.28)."""
    torchvision = import_torchvision()
    models = torchvision.models
    builders = {figure.builder or name for name, figure in FIGURES.items()}
    cnns = [name for name in models.list_models(module=models)
            if not name.startswith(TRANSFORMERS)]
    segmentation = models.list_models(module=models.segmentation)
    assert sorted(set(cnns) - builders) == []
    assert sorted(set(segmentation) - builders) == []
    assert (len(cnns), len(segmentation)) == (68, 6)
