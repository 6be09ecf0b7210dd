"""Every tool profile's total on real networks, as the tools printed them, checked without torch.

Each number below was printed by the tool named beside it (PyTorch 2.13.0, torchvision 0.28.0),
run in a process of its own by tests/tool_count.py on the network named: ``torchvision:<name>``
is torchvision's own model (``torchvision.models.<name>(weights=None)``, GoogLeNet with
``aux_logits=False`` as torchvision builds it for its weights) followed by ``nn.Softmax(dim=1)``
(the bundled specs end in a softmax); ``twin:<name>`` is the plain ``torch.nn`` twin of the
bundled spec in tests/torch_models.py. `make test-tools` runs the tools again and asserts that
they still print these numbers (tests/test_tool_conventions.py); here cnncalc's
``--convention <profile>`` totals must equal them. The torchvision models call some layers as
functions (``F.relu``, ``F.adaptive_avg_pool2d``) where the twins have modules: the bundled specs
mark those layers ``functional: true``, and a twin is compared with the spec read as modules.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import pytest

from cnncalc.calculator import summarize
from cnncalc.conventions import CONVENTIONS, convention_named
from cnncalc.graph import Network
from cnncalc.spec import load_spec

# network → profile → (total, parameters, the tool and version that printed them)
MEASURED = {
    "torchvision:googlenet": {
        "torchinfo": (1_498_391_752, 6_624_904, "torchinfo 1.8.0"),
        "ptflops": (1_513_908_448, 6_624_904, "ptflops 0.7.5"),
        "ptflops-aten": (1_498_377_192, 6_624_904, "ptflops 0.7.5"),
        "fvcore": (1_504_878_688, 6_624_904, "fvcore 0.1.5.post20221221"),
        "thop": (1_511_335_031, 6_624_904, "thop 0.1.1.post2209072238"),
        "ultralytics-thop": (1_511_335_031, 6_624_904, "ultralytics-thop 2.2.3"),
        "torchscan": (1_507_673_888, 6_624_904, "torchscan 0.2.0"),
        "torchscan-flops": (3_009_291_824, 6_624_904, "torchscan 0.2.0"),
    },
    "torchvision:mobilenet_v2": {
        "torchinfo": (300_809_384, 3_504_872, "torchinfo 1.8.0"),
        "ptflops": (320_301_008, 3_504_872, "ptflops 0.7.5"),
        "ptflops-aten": (300_775_272, 3_504_872, "ptflops 0.7.5"),
        "fvcore": (314_193_216, 3_504_872, "fvcore 0.1.5.post20221221"),
        "thop": (327_489_719, 3_504_872, "thop 0.1.1.post2209072238"),
        "ultralytics-thop": (327_489_719, 3_504_872, "ultralytics-thop 2.2.3"),
        "torchscan": (314_130_496, 3_504_872, "torchscan 0.2.0"),
        "torchscan-flops": (633_829_856, 3_504_872, "torchscan 0.2.0"),
    },
    "torchvision:densenet121": {
        "torchinfo": (2_834_246_312, 7_978_856, "torchinfo 1.8.0"),
        "ptflops": (2_899_844_048, 7_978_856, "ptflops 0.7.5"),
        "ptflops-aten": (2_834_162_664, 7_978_856, "ptflops 0.7.5"),
        "fvcore": (2_865_546_752, 7_978_856, "fvcore 0.1.5.post20221221"),
        "thop": (2_897_010_103, 7_978_856, "thop 0.1.1.post2209072238"),
        "ultralytics-thop": (2_897_712_567, 7_978_856, "ultralytics-thop 2.2.3"),
        "torchscan": (2_866_424_832, 7_978_856, "torchscan 0.2.0"),
        "torchscan-flops": (5_740_723_136, 7_978_856, "torchscan 0.2.0"),
    },
    "torchvision:resnet50": {
        "torchinfo": (4_089_238_376, 25_557_032, "torchinfo 1.8.0"),
        "ptflops": (4_132_437_968, 25_557_032, "ptflops 0.7.5"),
        "ptflops-aten": (4_089_185_256, 25_557_032, "ptflops 0.7.5"),
        "fvcore": (4_111_512_576, 25_557_032, "fvcore 0.1.5.post20221221"),
        "thop": (4_133_745_591, 25_557_032, "thop 0.1.1.post2209072238"),
        "ultralytics-thop": (4_133_745_591, 25_557_032, "ultralytics-thop 2.2.3"),
        "torchscan": (4_111_916_032, 25_557_032, "torchscan 0.2.0"),
        "torchscan-flops": (8_221_876_096, 25_557_032, "torchscan 0.2.0"),
    },
    "twin:googlenet": {
        "torchinfo": (1_585_899_032, 6_998_552, "torchinfo 1.8.0"),
        "ptflops": (1_601_440_480, 6_998_552, "ptflops 0.7.5"),
        "ptflops-aten": (1_585_899_032, 6_998_552, "ptflops 0.7.5"),
        "fvcore": (1_582_671_872, 6_998_552, "fvcore 0.1.5.post20221221"),
        "thop": (1_582_675_895, 6_998_552, "thop 0.1.1.post2209072238"),
        "ultralytics-thop": (1_582_726_071, 6_998_552, "ultralytics-thop 2.2.3"),
        "torchscan": (1_585_515_008, 6_998_552, "torchscan 0.2.0"),
        "torchscan-flops": (3_171_414_064, 6_998_552, "torchscan 0.2.0"),
    },
    "twin:mobilenet_v2": {
        "torchinfo": (300_809_384, 3_504_872, "torchinfo 1.8.0"),
        "ptflops": (320_363_728, 3_504_872, "ptflops 0.7.5"),
        "ptflops-aten": (300_775_272, 3_504_872, "ptflops 0.7.5"),
        "fvcore": (314_193_216, 3_504_872, "fvcore 0.1.5.post20221221"),
        "thop": (327_553_719, 3_504_872, "thop 0.1.1.post2209072238"),
        "ultralytics-thop": (327_553_719, 3_504_872, "ultralytics-thop 2.2.3"),
        "torchscan": (314_194_496, 3_504_872, "torchscan 0.2.0"),
        "torchscan-flops": (633_893_856, 3_504_872, "torchscan 0.2.0"),
    },
    "twin:densenet121": {
        "torchinfo": (2_834_246_312, 7_978_856, "torchinfo 1.8.0"),
        "ptflops": (2_899_944_400, 7_978_856, "ptflops 0.7.5"),
        "ptflops-aten": (2_834_162_664, 7_978_856, "ptflops 0.7.5"),
        "fvcore": (2_865_546_752, 7_978_856, "fvcore 0.1.5.post20221221"),
        "thop": (2_897_061_303, 7_978_856, "thop 0.1.1.post2209072238"),
        "ultralytics-thop": (2_897_763_767, 7_978_856, "ultralytics-thop 2.2.3"),
        "torchscan": (2_866_476_032, 7_978_856, "torchscan 0.2.0"),
        "torchscan-flops": (5_740_824_512, 7_978_856, "torchscan 0.2.0"),
    },
    "twin:resnet50": {
        "torchinfo": (4_089_238_376, 25_557_032, "torchinfo 1.8.0"),
        "ptflops": (4_132_437_968, 25_557_032, "ptflops 0.7.5"),
        "ptflops-aten": (4_089_185_256, 25_557_032, "ptflops 0.7.5"),
        "fvcore": (4_111_512_576, 25_557_032, "fvcore 0.1.5.post20221221"),
        "thop": (4_133_745_591, 25_557_032, "thop 0.1.1.post2209072238"),
        "ultralytics-thop": (4_133_745_591, 25_557_032, "ultralytics-thop 2.2.3"),
        "torchscan": (4_111_916_032, 25_557_032, "torchscan 0.2.0"),
        "torchscan-flops": (8_221_876_096, 25_557_032, "torchscan 0.2.0"),
    },
    "twin:dcgan_generator": {
        "torchinfo": (428_345_216, 3_576_704, "torchinfo 1.8.0"),
        "ptflops": (105_119_744, 3_576_704, "ptflops 0.7.5"),
        "ptflops-aten": (104_628_224, 3_576_704, "ptflops 0.7.5"),
        "fvcore": (104_873_984, 3_576_704, "fvcore 0.1.5.post20221221"),
        "thop": (428_834_816, 3_576_704, "thop 0.1.1.post2209072238"),
        "ultralytics-thop": (105_119_744, 3_576_704, "ultralytics-thop 2.2.3"),
        "torchscan": (428_589_096, 3_576_704, "torchscan 0.2.0"),
        "torchscan-flops": (857_241_552, 3_576_704, "torchscan 0.2.0"),
    },
    # LayerNorm (4 per element) checked on one profile only: the others weigh none of it yet
    "torchvision:convnext_tiny": {
        "ultralytics-thop": (4_467_467_447, 28_589_128, "ultralytics-thop 2.2.3"),
    },
}

SPECS = {"torchvision:googlenet": "googlenet_torchvision"}
"""The bundled spec of each network (otherwise the name after the colon)."""

TOOL_PROFILES = ("torchinfo", "ptflops", "ptflops-aten", "fvcore", "thop", "ultralytics-thop",
                 "torchscan", "torchscan-flops")


def spec_name(network: str) -> str:
    return SPECS.get(network, network.partition(":")[2])


def as_modules(network: Network) -> Network:
    """The network with every layer a module (``functional`` cleared): what a twin is."""
    return dataclasses.replace(network, nodes=[dataclasses.replace(node, functional=False)
                                               for node in network.nodes])


@lru_cache(maxsize=None)
def ours(network: str, profile: str) -> tuple[int, int]:
    spec = load_spec(spec_name(network))
    if network.startswith("twin:"):
        spec = as_modules(spec)
    totals = summarize(spec, 1, convention_named(profile)).totals
    return totals.mults, totals.params


CASES = [(network, profile) for network, profiles in MEASURED.items() for profile in profiles]


def test_every_tool_profile_is_measured_on_every_network():
    assert set(TOOL_PROFILES) == set(CONVENTIONS) - {"cnncalc", "keras"}
    assert all(set(profiles) == set(TOOL_PROFILES) for network, profiles in MEASURED.items()
               if network != "torchvision:convnext_tiny")


@pytest.mark.parametrize("network,profile", CASES)
def test_the_profile_total_is_the_tools(network, profile):
    total, params, _ = MEASURED[network][profile]
    assert ours(network, profile) == (total, params)


# Every ReLU of torchvision GoogLeNet is BasicConv2d's F.relu: the stem's three convs, then each
# inception block's six convs (c1 + c3r + c3 + c5r + c5 + pp channels) at 28², 14² and 7²
GOOGLENET_RELU = (112*112*64 + 56*56*64 + 56*56*192
                  + 28*28 * ((64+96+128+16+32+32) + (128+128+192+32+96+64))
                  + 14*14 * ((192+96+208+16+48+64) + (160+112+224+24+64+64)
                             + (128+128+256+24+64+64) + (112+144+288+32+64+64)
                             + (256+160+320+32+128+128))
                  + 7*7 * ((256+160+320+32+128+128) + (384+192+384+48+128+128)))

# Read as modules, each spec overcounts a tool by what torchvision's forward() does by calls:
# ptflops counts a call once (a module: hook + call), thop and torchscan not at all (a global
# pool: its inputs + its outputs there). Issue #15 measured ptflops' three.
EXCESS = {
    "torchvision:googlenet": {"ptflops": GOOGLENET_RELU, "thop": 0, "torchscan": 0},
    "torchvision:mobilenet_v2": {"ptflops": 7*7*1280, "thop": 7*7*1280 + 1280,
                                 "torchscan": 7*7*1280 + 1280},
    "torchvision:densenet121": {"ptflops": 7*7*1024 + 7*7*1024, "thop": 7*7*1024 + 1024,
                                "torchscan": 7*7*1024 + 1024},
}


@pytest.mark.parametrize("network,profile", [(network, profile) for network in EXCESS
                                             for profile in EXCESS[network]])
def test_read_as_modules_the_spec_overcounts_by_the_calls(network, profile):
    spec = as_modules(load_spec(spec_name(network)))
    modules = summarize(spec, 1, convention_named(profile)).totals.mults
    assert modules - MEASURED[network][profile][0] == EXCESS[network][profile]


def test_the_issue_figures():
    assert (GOOGLENET_RELU, 7*7*1280, 2 * 7*7*1024) == (3_226_160, 62_720, 100_352)
