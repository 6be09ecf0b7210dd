"""The bundled specs built on the units library's separable, dilated and leaky units: exact
totals from sources outside cnncalc, without torch.

- trainable parameters: timm's own count of ``legacy_xception`` and ``xception41`` (timm 1.0,
  ``sum(p.numel() for p in model.parameters())``), torchvision's published ``num_params`` for
  the segmentation models, and Darknet-53 worked out by hand below;
- BN running statistics and multiplications: the PyTorch 2.13 hook count (tests/torch_models.py's
  ``count``) of timm's and torchvision's own models, which equals that of the plain twins in
  tests/torch_models_units.py (tests/test_units_torch.py), and torchvision's published ``_ops``
  (GMACs) to the three decimals published. Darknet-53 again by hand.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from cnncalc.calculator import summarize
from cnncalc.spec import load_spec

SPECS = Path(__file__).resolve().parent.parent / "specs"


def darknet53_counts() -> tuple[int, int, int]:
    """Redmon & Farhadi 2018, Table 1, at 256×256: (trainable, BN statistics, mults). Each conv
    has k²·C_in·K weights, no bias, and a BN of γ, β (trainable) and mean, variance (not)."""
    trainable = statistics = mults = 0

    def conv(c_in, c_out, k, size):   # size: the output's H = W
        nonlocal trainable, statistics, mults
        trainable += k * k * c_in * c_out + 2 * c_out
        statistics += 2 * c_out
        mults += size * size * c_out * k * k * c_in

    conv(3, 32, 3, 256)
    c, size = 32, 256
    for units in (1, 2, 8, 8, 4):          # a 3×3/2 conv doubling C, then residual units
        size //= 2
        conv(c, 2 * c, 3, size)
        c *= 2
        for _ in range(units):
            conv(c, c // 2, 1, size)
            conv(c // 2, c, 3, size)
    trainable += 1024 * 1000 + 1000        # the connected layer on the pooled 1024
    mults += 1024 * 1000
    return trainable, statistics, mults


DARKNET53 = darknet53_counts()

# name → (trainable, BN running statistics, mults, torchvision's _ops in GMACs or None)
TOTALS = {
    # timm legacy_xception: 22,855,952 parameters; hook count of timm's model
    "xception": (22_855_952, 54_528, 8_357_403_496, None),
    # timm xception41: 26,969,560 parameters; hook count of timm's model
    "xception41": (26_969_560, 115_312, 9_204_134_312, None),
    "darknet53": (*DARKNET53, None),
    # torchvision 0.28, models/segmentation/fcn.py and deeplabv3.py (COCO_WITH_VOC_LABELS_V1):
    # num_params and _ops; BN statistics and mults: the hook count of torchvision's models
    "fcn_resnet50": (35_322_218, 54_656, 152_716_512_000, 152.717),
    "fcn_resnet101": (54_314_346, 106_880, 232_737_606_400, 232.738),
    "deeplabv3_resnet50": (42_004_074, 57_216, 178_721_945_088, 178.722),
    "deeplabv3_resnet101": (60_996_202, 109_440, 258_743_039_488, 258.743),
}
TOTALS["fcn"] = TOTALS["fcn_resnet50"]                # a family file read as it is: its defaults
TOTALS["deeplabv3"] = TOTALS["deeplabv3_resnet50"]

FILES = {"fcn_resnet50": "fcn", "fcn_resnet101": "fcn", "deeplabv3_resnet50": "deeplabv3",
         "deeplabv3_resnet101": "deeplabv3"}
"""The family file of each variant (the others are files of their own)."""


@lru_cache(maxsize=None)
def totals(name: str):
    return summarize(load_spec(name)).totals


def test_darknet53_by_hand_is_the_41_6_million_quoted():
    assert round(DARKNET53[0] / 1e6, 1) == 41.6
    # Table 2's 18.7 Bn Ops are Darknet's 2 per multiply-accumulate (and a few more)
    assert round(2 * DARKNET53[2] / 1e9, 1) == 18.6


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_totals(name):
    trainable, statistics, mults, ops = TOTALS[name]
    found = totals(name)
    assert (found.trainable_params, found.non_trainable_params, found.mults) == (
        trainable, statistics, mults)
    if ops is not None:
        assert round(found.mults / 1e9, 3) == pytest.approx(ops, abs=1e-9)


def notes_of(name: str) -> str:
    """The notes a bundled name is read with: its variant's, else its file's."""
    document = yaml.safe_load((SPECS / f"{FILES.get(name, name)}.yaml").read_text("utf-8"))
    variant = (document.get("variants") or {}).get(name) or {}
    return " ".join((variant.get("notes") or document["notes"]).split())


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_the_notes_state_the_totals(name):
    """A total written in the notes cannot go stale: each is the tested one."""
    trainable, statistics, mults, _ = TOTALS[name]
    notes = notes_of(name)
    for number in (trainable, statistics, mults):
        assert f"{number:,}" in notes, (name, number)


@pytest.mark.parametrize("name, layer, shape, params", [
    # legacy Xception: 299 → ⌊(299 − 3)/2⌋ + 1 = 149 → 147, then /2 by each pool: 74, 37, 19, 10
    ("xception", "conv2/conv", (147, 147, 64), 3 * 3 * 32 * 64),
    ("xception", "block1/rep.1/conv_dw", (147, 147, 64), 3 * 3 * 64),   # no ReLU before
    ("xception", "block1/pool", (74, 74, 128), 0),
    ("xception", "block12/rep.1/conv_pw", (19, 19, 728), 728 * 728),    # grow_first false
    ("xception", "block12/skip", (10, 10, 1024), 728 * 1024),
    ("xception", "conv4/conv_pw", (10, 10, 2048), 1536 * 2048),
    # Xception-41: padded stem 299 → 150; the stride on each module's third depthwise conv
    ("xception41", "blocks.0/conv3/conv_dw", (75, 75, 128), 3 * 3 * 128),
    ("xception41", "blocks.11/conv2/conv_pw", (19, 19, 1024), 728 * 1024),
    ("xception41", "blocks.12/conv3/conv_pw", (10, 10, 2048), 1536 * 2048),
    # Darknet-53: leaky units, padded k // 2
    ("darknet53", "stage5.4/conv2/conv", (8, 8, 1024), 3 * 3 * 512 * 1024),
    # FCN / DeepLabV3: output stride 8 (520 → 65), dilation 2 and 4 padded to match
    ("fcn_resnet101", "layer3.22/conv2", (65, 65, 256), 3 * 3 * 256 * 256),
    ("fcn_resnet50", "layer4.0/downsample", (65, 65, 2048), 1024 * 2048),
    ("fcn_resnet50", "classifier/4", (65, 65, 21), (512 + 1) * 21),
    ("fcn_resnet50", "aux_classifier/0", (65, 65, 256), 3 * 3 * 1024 * 256),
    ("deeplabv3_resnet50", "classifier/0/convs.3/conv", (65, 65, 256), 3 * 3 * 2048 * 256),
    ("deeplabv3_resnet50", "classifier/0/pool_resize", (65, 65, 256), 0),
    ("deeplabv3_resnet50", "classifier/0/project/conv", (65, 65, 256), 5 * 256 * 256),
    ("deeplabv3", "out", (520, 520, 21), 0),
])
def test_layers(name, layer, shape, params):
    row = summarize(load_spec(name)).row(layer)
    assert (tuple(row.output_shape), row.params) == (shape, params)


def test_the_dilations_are_torchvisions():
    """replace_stride_with_dilation [False, True, True]: each stage's first bottleneck at the
    dilation before it (1 in layer3, 2 in layer4), the rest at 2 and 4."""
    nodes = {node.name: node.layer for node in load_spec("deeplabv3_resnet50").nodes}
    assert [nodes[f"layer3.{i}/conv2"].dilation for i in range(6)] == [(1, 1)] + [(2, 2)] * 5
    assert [nodes[f"layer4.{i}/conv2"].dilation for i in range(3)] == [(2, 2), (4, 4), (4, 4)]
    assert nodes["layer4.1/conv2"].padding == ((4, 4), (4, 4))
    assert nodes["classifier/0/convs.2/conv"].dilation == (24, 24)
