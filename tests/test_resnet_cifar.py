"""The CIFAR-10 ResNets of He et al. 2016 (Section 4.2, Table 6), variants of
specs/resnet_cifar.yaml. Exact figures: PyTorch 2.13's parameter and buffer counts and
conv/linear hook count of a plain torch.nn twin (option-A shortcuts: F.pad(x[:, :, ::2, ::2],
(0, 0, 0, 0, n, n))); the paper's rounded parameter counts beside them."""

from __future__ import annotations

import pytest

from cnncalc.calculator import summarize
from cnncalc.spec import load_spec, parse_spec

# name: (trainable, BN running statistics, multiplications) of the twin; Table 6's params in M
DEPTHS = {
    "resnet20": ((269_722, 1_376, 40_551_040), 0.27),
    "resnet32": ((464_154, 2_272, 68_862_592), 0.46),
    "resnet44": ((658_586, 3_168, 97_174_144), 0.66),
    "resnet56": ((853_018, 4_064, 125_485_696), 0.85),
    "resnet110": ((1_727_962, 8_096, 252_887_680), 1.7),
    "resnet1202": ((19_421_274, 89_632, 2_829_238_912), 19.4),
}


@pytest.mark.parametrize("name", DEPTHS)
def test_each_depth_has_the_twins_counts_and_table_6s(name):
    (trainable, statistics, mults), paper = DEPTHS[name]
    totals = summarize(load_spec(name)).totals
    assert (totals.trainable_params, totals.non_trainable_params, totals.mults) == \
        (trainable, statistics, mults)
    assert round(trainable / 1e6, 2 if paper < 1 else 1) == paper


def test_resnet20_by_hand():
    """conv1 3·3·3·16; per stage of 3 blocks two 3×3 convs each (the first of stages 2 and 3
    reading 16 and 32 channels); BN 2·C per conv; fc (64 + 1)·10."""
    convs = 3*3*3*16 + 6 * 3*3*16*16 + (3*3*16*32 + 5 * 3*3*32*32) + (3*3*32*64 + 5 * 3*3*64*64)
    bn = 2 * (16 + 6*16 + 6*32 + 6*64)
    assert summarize(load_spec("resnet20")).totals.trainable_params == convs + bn + 65 * 10


def test_zero_channels_pad_the_channels_only():
    network = parse_spec("input: 16x16x16\nlayers: [zeropad: {channels: [8, 8]}, "
                         "zeropad: {padding: 1, channels: 2}]")
    rows = summarize(network).layers
    assert [row.output_shape for row in rows] == [(16, 16, 32), (18, 18, 36)]
