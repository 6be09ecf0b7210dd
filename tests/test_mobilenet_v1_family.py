"""MobileNet v1's width and resolution multipliers (Howard et al. 2017, Tables 6 and 7), each a
variant of specs/mobilenet_v1.yaml. The exact figures are PyTorch 2.13's parameter count and
conv/linear hook count of a plain torch.nn twin (every channel count ⌊c·α⌋ as Keras' MobileNet
computes it, the average pool over the last (size/32)² map); the paper's rounded figures are
checked beside them."""

from __future__ import annotations

import pytest

from cnncalc.calculator import summarize
from cnncalc.spec import load_spec

# name: (trainable params, multiplications) from the torch twin; (paper params in M, mult-adds in M)
FAMILY = {
    "mobilenet_v1": ((4_231_976, 568_740_352), (4.2, 569)),
    "mobilenet_v1_075": ((2_585_560, 325_400_448), (2.6, 325)),
    "mobilenet_v1_050": ((1_331_592, 149_497_088), (1.3, 149)),
    "mobilenet_v1_025": ((470_072, 41_030_272), (0.5, 41)),
    "mobilenet_v1_192": ((4_231_976, 418_121_728), (4.2, 418)),
    "mobilenet_v1_160": ((4_231_976, 290_675_200), (4.2, 290)),
    "mobilenet_v1_128": ((4_231_976, 186_400_768), (4.2, 186)),
}


@pytest.mark.parametrize("name", FAMILY)
def test_each_multiplier_has_the_twins_counts_and_the_papers_rounding(name):
    (params, mults), (paper_params, paper_mults) = FAMILY[name]
    totals = summarize(load_spec(name)).totals
    assert (totals.trainable_params, totals.mults) == (params, mults)
    assert round(params / 1e6, 1) == paper_params
    assert abs(mults / 1e6 - paper_mults) < 1   # the paper's M: 568.7 is 569, 290.7 is 290


def test_the_classes_argument_changes_only_the_classifier():
    totals = summarize(load_spec("mobilenet_v1_050", settings={"classes": 10})).totals
    # fc 512 → 1000 replaced by 512 → 10: (512 + 1)·(1000 − 10) fewer parameters
    assert totals.trainable_params == 1_331_592 - (512 + 1) * (1000 - 10)
