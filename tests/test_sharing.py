"""Frozen layers (``trainable: false``) and shared weights (``shares:``): counted by hand below,
and, with torch, as PyTorch counts a module used twice (its parameters once) and a frozen one
(``requires_grad_(False)``: in ``parameters()``, not trainable)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnncalc.calculator import summarize
from cnncalc.errors import SpecError
from cnncalc.memory import Optimizer, memory
from cnncalc.spec import load_spec, parse_spec
from cnncalc.verify import verify

SIAMESE = Path(__file__).resolve().parent.parent / "examples" / "siamese.yaml"

# one tower: conv 5×5 1→16, conv 5×5 16→32, fc 32→64
TOWER_PARAMS = (5*5*1 + 1) * 16 + (5*5*16 + 1) * 32 + (32 + 1) * 64
TOWER_MULTS = 24*24*16 * 5*5*1 + 8*8*32 * 5*5*16 + 32*64


def test_a_siamese_pair_counts_its_towers_weights_once_and_their_work_twice():
    totals = summarize(load_spec(SIAMESE)).totals
    assert totals.trainable_params == TOWER_PARAMS + (64 + 1) * 1
    assert totals.non_trainable_params == 0
    assert totals.mults == 2 * TOWER_MULTS + 64 * 1


def test_the_sharing_layer_says_whose_weights_and_verify_uses_the_same_arrays():
    summary = summarize(load_spec(SIAMESE))
    row = summary.row("right/conv2")
    assert (row.trainable_params, row.non_trainable_params, row.mults) == \
        (0, 0, 8*8*32 * 5*5*16)
    assert row.notes[0].startswith("shares the weights of 'left/conv2'")
    assert verify(load_spec(SIAMESE)).ok


FROZEN = """\
input: 8x8x3
layers:
  - conv: {name: frozen, filters: 4, kernel: 3, trainable: false}
  - bn: {name: frozen_bn, trainable: false}
  - conv: {name: trained, filters: 2, kernel: 1}
"""


def test_a_frozen_layer_counts_its_parameters_as_not_trainable():
    summary = summarize(parse_spec(FROZEN))
    conv = (3*3*3 + 1) * 4
    assert summary.row("frozen").trainable_params == 0
    assert summary.row("frozen").non_trainable_params == conv
    # BN: γ, β frozen with its 2·4 running statistics
    assert summary.row("frozen_bn").non_trainable_params == 2*4 + 2*4
    assert summary.totals.trainable_params == (4 + 1) * 2
    assert verify(parse_spec(FROZEN)).ok


def test_frozen_parameters_take_no_gradients_or_optimizer_state():
    report = memory(summarize(parse_spec(FROZEN)), optimizer=Optimizer.ADAM)
    assert report.trainable_params == (4 + 1) * 2


def test_a_frozen_block_freezes_every_layer_inside():
    spec = """\
input: 8x8x3
include: [units]
layers:
  - conv_bn_act: {filters: 4, kernel: 3, trainable: false}
  - fc: 10
"""
    totals = summarize(parse_spec(spec)).totals
    # conv_bn_act pads (3 − 1)/2 = 1: 8×8×4 into the fc
    assert totals.trainable_params == (8*8*4 + 1) * 10
    assert totals.non_trainable_params == 3*3*3*4 + 2*4 + 2*4


@pytest.mark.parametrize("line, words", [
    ("- conv: {filters: 4, kernel: 1, shares: nowhere}", "names no layer"),
    ("- conv: {filters: 8, kernel: 3, shares: a}", "its setting filters differs"),
    ("- bn: {shares: a}", "only layers of one kind share weights"),
    ("- relu: {name: r}\n  - relu: {shares: r}", "has no weights to share"),
    ("- conv: {name: gone, filters: 4, kernel: 3, if: false}\n  - conv: {filters: 4, "
     "kernel: 3, shares: gone}", "left out"),
    ("- conv: {filters: 4, kernel: 3, shares: later}\n  - conv: {name: later, filters: 4, "
     "kernel: 3, from: input}", "not computed before this one"),
])
def test_sharing_what_cannot_be_shared_is_a_located_sentence(line, words):
    spec = f"input: 8x8x4\nlayers:\n  - conv: {{name: a, filters: 4, kernel: 3}}\n  {line}\n"
    with pytest.raises(SpecError, match=words) as caught:
        parse_spec_and_sum(spec)
    assert caught.value.location is not None


def test_a_shared_conv_may_be_placed_differently():
    """Another stride, padding or dilation: the same 3×3×4×4 weights."""
    spec = ("input: 8x8x4\nlayers:\n  - conv: {name: a, filters: 4, kernel: 3, padding: 1}\n"
            "  - conv: {filters: 4, kernel: 3, stride: 2, dilation: 2, padding: 2, shares: a}\n")
    totals = summarize(parse_spec(spec)).totals
    assert totals.trainable_params == (3*3*4 + 1) * 4
    assert totals.mults == 8*8*4 * 3*3*4 + 4*4*4 * 3*3*4


def parse_spec_and_sum(spec):
    return summarize(parse_spec(spec))


def test_pytorch_counts_a_module_used_twice_once():
    torch = pytest.importorskip("torch")
    nn = torch.nn
    tower = nn.Sequential(nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 5),
                          nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 64))
    score = nn.Linear(64, 1)
    params = sum(p.numel() for p in [*tower.parameters(), *score.parameters()])
    assert params == summarize(load_spec(SIAMESE)).totals.trainable_params
    frozen = nn.Conv2d(3, 4, 3).requires_grad_(False)
    assert sum(p.numel() for p in frozen.parameters() if not p.requires_grad) == \
        summarize(parse_spec(FROZEN)).row("frozen").non_trainable_params


def test_a_repeat_group_freezes_every_layer_inside():
    """Two 1×1 convs 4 → 4 in a frozen group: 2·(1·1·4 + 1)·4 = 40, none trainable."""
    spec = ("input: 8x8x4\nlayers:\n  - repeat: {times: 2, trainable: false, layers: "
            "[{conv: {filters: 4, kernel: 1}}]}\n")
    totals = summarize(parse_spec(spec)).totals
    assert (totals.trainable_params, totals.non_trainable_params) == (0, 2 * (1*1*4 + 1) * 4)


def test_a_repeat_group_refuses_keys_that_belong_on_a_layer():
    spec = ("input: 8x8x4\nlayers:\n  - repeat: {times: 2, output: true, layers: "
            "[{conv: {filters: 4, kernel: 1}}]}\n")
    with pytest.raises(SpecError, match="put 'output' on a layer inside it"):
        parse_spec(spec)


def test_a_block_may_share_another_instances_weights_layer_by_layer():
    """`two` (shares: one) and `three` (shares: one/c, one layer) use one/c's 3·3·3·4 + 4
    weights; each does its own 8·8·4 · 3·3·3 multiplications; the relus have none to share."""
    spec = """\
input: 8x8x3
blocks:
  b: {layers: [{conv: {name: c, filters: 4, kernel: 3, padding: 1}}, relu]}
layers:
  - b: {name: one}
  - b: {name: two, from: input, shares: one}
  - conv: {name: three, from: input, filters: 4, kernel: 3, padding: 1, shares: one/c}
  - concat: {from: [one, two, three]}
"""
    summary = summarize(parse_spec(spec))
    assert summary.totals.trainable_params == (3*3*3 + 1) * 4
    assert [summary.row(name).trainable_params for name in ("two/c", "three")] == [0, 0]
    assert summary.totals.mults == 3 * 8*8*4 * 3*3*3
    assert verify(parse_spec(spec)).ok


def test_a_block_shares_only_an_instance_used_before_it():
    spec = ("input: 8x8x3\nblocks:\n  b: {layers: [{conv: {filters: 4, kernel: 1}}]}\n"
            "layers:\n  - b: {name: one}\n  - b: {name: two, shares: nobody}\n")
    with pytest.raises(SpecError, match=r"'shares: nobody' on a block names the block instance"):
        parse_spec(spec)
