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

FIGURES = all_figures()


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_the_bundled_spec_has_torchvisions_counts(name):
    figure = FIGURES[name]
    totals = summarize(load_spec(name)).totals
    assert totals.trainable_params == figure.num_params
    assert round((totals.mults - figure.aux_mults) / 1e9, 3) == pytest.approx(figure.ops,
                                                                        abs=0.0005 + 1e-12)


def _torchvision():
    torch = pytest.importorskip("torch")
    register_fake = torch.library.register_fake

    def tolerant(*args, **kwargs):   # torchvision's compiled ops are not needed by its models
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


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_the_written_figures_are_torchvisions(name):
    torchvision = _torchvision()
    figure = FIGURES[name]
    weights = torchvision.models.get_weight(figure.weights)
    assert weights in list(torchvision.models.get_model_weights(figure.builder or name))
    assert weights.meta["num_params"] == figure.num_params
    assert weights.meta["_ops"] == pytest.approx(figure.ops, abs=1e-9)
