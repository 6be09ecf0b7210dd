"""The mobile and Inception families' members: what their arguments change, by hand.

Each bundled family file (efficientnet, efficientnet_v2, mnasnet, shufflenet_v2, squeezenet,
mobilenet_v3_segmentation) reaches its members through `variants:`; their totals are
torchvision's (tests/test_torchvision_table.py). Here the widths, repeats and sizes the
arguments give are worked out from torchvision's builders: make_divisible(c · width, 8),
⌈n · depth⌉, and output sizes ⌊(W + 2P − D(K − 1) − 1)/S⌋ + 1.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from cnncalc.calculator import summarize
from cnncalc.spec import load_spec


@lru_cache(maxsize=None)
def summary(name: str):
    return summarize(load_spec(name))


def names(name: str) -> set[str]:
    return {row.name for row in summary(name).layers}


def test_efficientnet_b7_scales_widths_repeats_and_resolution():
    s = summary("efficientnet_b7")    # width 2.0, depth 3.1, 600×600
    assert s.input_shape == (600, 600, 3)
    # stem: make_divisible(32 · 2.0, 8) = 64 filters, 3×3/2 pad 1: ⌊(600 + 2 − 3)/2⌋ + 1 = 300
    assert s.row("features.0/conv").output_shape == (300, 300, 64)
    # stage 1: ⌈1 · 3.1⌉ = 4 MBConv1 blocks; stage 6: ⌈4 · 3.1⌉ = 13
    assert {"features.1.3/dw", "features.6.12/dw"} <= names("efficientnet_b7")
    assert not {"features.1.4/dw", "features.6.13/dw"} & names("efficientnet_b7")
    # 300 → 150 (3×3/2) → 75 (5×5/2, pad 2) → 38 (3×3/2) → 19 (5×5/2): the head is
    # 4 · make_divisible(320 · 2.0, 8) = 2560 wide, a 1×1 conv from 640
    assert s.row("features.8/conv").output_shape == (19, 19, 4 * 640)
    assert s.row("features.8/conv").params == 640 * 2560


def test_efficientnet_b2_rounds_its_widths_to_eights():
    s = summary("efficientnet_b2")    # width 1.1, depth 1.2, 288×288
    # 32 · 1.1 = 35.2 → 32 (⌊35.2 + 4⌋ // 8 · 8 = 32, not 10 % below 35.2); 16 · 1.1 = 17.6 → 16
    assert s.row("features.0/conv").output_shape == (144, 144, 32)
    assert s.row("features.1.0/project").output_shape == (144, 144, 16)
    # 320 · 1.1 = 352 → 352; the head 4 · 352 = 1408; stage 2: ⌈2 · 1.2⌉ = 3 blocks
    assert s.row("features.8/conv").output_shape == (9, 9, 4 * 352)
    assert "features.2.2/dw" in names("efficientnet_b2")


def test_efficientnet_v2_fused_blocks():
    s = summary("efficientnet_v2_s")
    # Fused-MBConv t = 1: one 3×3 conv to the output width (24 → 24), no projection
    assert s.row("features.1.0/fused/conv").params == 3 * 3 * 24 * 24
    assert "features.1.0/project/conv" not in names("efficientnet_v2_s")
    # t = 4, stride 2: a 3×3/2 conv to 4 · 24 = 96, then a 1×1 projection to 48; 192 → 96
    assert s.row("features.2.0/fused/conv").output_shape == (96, 96, 96)
    assert s.row("features.2.0/project/conv").params == 96 * 48
    # S has six stages: its head is features.7; M and L have seven, their head is features.8
    assert s.row("features.7/conv").output_shape == (12, 12, 1280)
    assert summary("efficientnet_v2_m").row("features.8/conv").params == 512 * 1280


@pytest.mark.parametrize("name, widths", [
    # _get_depths: make_divisible(d · alpha, 8) of 32, 16, 24, 40, 80, 96, 192, 320
    ("mnasnet0_5", (16, 8, 16, 24, 40, 48, 96, 160)),     # 16 · 0.5 = 8; 24 · 0.5 = 12 → 16
    ("mnasnet0_75", (24, 16, 24, 32, 64, 72, 144, 240)),  # 40 · 0.75 = 30 → 32; 16 · .75 = 12 → 16
    ("mnasnet1_3", (40, 24, 32, 56, 104, 128, 248, 416)),  # 41.6 → 40; 124.8 → 128; 249.6 → 248
])
def test_mnasnet_widths(name, widths):
    s = summary(name)
    stem, sep, stacks = widths[0], widths[1], widths[2:]
    assert s.row("layers.0/conv").output_shape == (112, 112, stem)
    assert s.row("layers.6/conv").output_shape == (112, 112, sep)
    outs = [s.row(f"layers.{i}.0/project").output_shape[2] for i in range(8, 14)]
    assert tuple(outs) == stacks
    assert s.row("layers.14/conv").params == stacks[-1] * 1280


def test_shufflenet_v2_x2_0_has_the_wider_head():
    s = summary("shufflenet_v2_x2_0")
    # Table 5, 2×: stages 244, 488, 976; conv5 2048 (not 1024)
    assert s.row("stage4.3/concat1").output_shape == (7, 7, 976)
    assert s.row("conv5/conv").params == 976 * 2048


def test_squeezenet1_1_moves_the_pools_forward():
    s = summary("squeezenet1_1")
    # conv1: 64 filters 3×3/2, unpadded: ⌊(224 − 3)/2⌋ + 1 = 111
    assert s.row("conv1").output_shape == (111, 111, 64)
    assert s.row("conv1").params == (3 * 3 * 3 + 1) * 64
    assert {"maxpool3", "maxpool5"} <= names("squeezenet1_1")
    assert not {"maxpool4", "maxpool8"} & names("squeezenet1_1")
    assert not {"maxpool3", "maxpool5"} & names("squeezenet1_0")


def test_googlenet_torchvision():
    s = summary("googlenet_torchvision")
    # the "5×5" branch is a 3×3 conv without bias: 3·3·16·32 weights in inception3a
    assert s.row("inception3a/branch3.1/conv").params == 3 * 3 * 16 * 32
    # the pool before inception5a is 2×2/2 in ceil mode: 14 → 7
    assert s.row("maxpool4").output_shape == (7, 7, 832)
    # torchvision's BasicConv2d calls F.relu in forward(): each such ReLU is marked functional
    relus = [node for node in load_spec("googlenet_torchvision").nodes if node.kind == "relu"]
    assert len(relus) == 3 + 9 * 6 and all(node.functional for node in relus)


@pytest.mark.parametrize("name", ["lraspp_mobilenet_v3_large", "deeplabv3_mobilenet_v3_large"])
def test_the_dilated_backbone(name):
    s = summary(name)
    # 520 → 260 → 130 → 65 (C2, backbone.4) → 33 (backbone.7: ⌊(65 + 2 − 3)/2⌋ + 1)
    assert s.row("backbone.4/project_bn").output_shape == (65, 65, 40)
    # C5 dilated: backbone.13's 5×5 depthwise has dilation 2, padding 4 and stride 1:
    # ⌊(33 + 8 − 2·4 − 1)/1⌋ + 1 = 33
    assert s.row("backbone.13/dw").output_shape == (33, 33, 672)
    assert s.row("backbone.16/conv").output_shape == (33, 33, 960)
    assert s.layers[-1].output_shape == (520, 520, 21)


def test_lraspp_head():
    s = summary("lraspp_mobilenet_v3_large")
    assert s.row("classifier.resized").output_shape == (65, 65, 128)
    assert s.row("classifier.low_classifier").params == (40 + 1) * 21
    assert s.row("classifier.high_classifier").params == (128 + 1) * 21


def test_deeplabv3_head_and_aux():
    s = summary("deeplabv3_mobilenet_v3_large")
    # ASPP: 3×3 convs of dilation 12, 24, 36 padded as much keep 33×33; 960 → 256 each
    assert s.row("classifier.0.convs.3/conv").output_shape == (33, 33, 256)
    assert s.row("classifier.0.convs.3/conv").params == 3 * 3 * 960 * 256
    assert s.row("classifier.0.cat").output_shape == (33, 33, 5 * 256)
    # the aux FCN head on the 40 low-level channels: 3×3 to 40 // 4 = 10, then 1×1 to 21
    assert s.row("aux_classifier.0").params == 3 * 3 * 40 * 10
    assert s.row("aux").output_shape == (520, 520, 21)


def test_a_variant_answers_to_its_name():
    assert load_spec("efficientnet_b7").name == "EfficientNet-B7 (600)"
    assert load_spec("shufflenet_v2_x0_5").name == "ShuffleNet v2 (0.5×)"
    assert load_spec("mobilenet_v3_small").input_shape == (224, 224, 3)
