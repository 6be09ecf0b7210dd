"""Each tool profile against the tool itself: the same network, the tool's own totals.

`make test-tools` installs PyTorch 2.13 and the pinned tools (torchinfo 1.8.0, ptflops 0.7.5,
fvcore 0.1.5.post20221221, thop 0.1.1.post2209072238, torchscan 0.2.0, Keras 3.15.1 on the
torch backend) and runs this file with CNNCALC_TEST_TOOLS=1. Each network is built in plain
``torch.nn`` by tests/torch_models.py (the independent twins of the bundled specs); each tool
counts it as its user would call it, and its total must equal what cnncalc prints with
``--convention <tool>`` for the bundled spec. Skipped without the variable (the tools are slow
to import and run) or where a tool is not installed; torch and the tools are test-only.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import sys
import warnings
from functools import lru_cache
from pathlib import Path

import pytest

if not os.environ.get("CNNCALC_TEST_TOOLS"):
    pytest.skip("the tool comparisons run with `make test-tools`", allow_module_level=True)
torch = pytest.importorskip("torch")

from cnncalc.calculator import summarize  # noqa: E402
from cnncalc.conventions import convention_named  # noqa: E402
from cnncalc.spec import load_spec  # noqa: E402

HERE = Path(__file__).resolve().parent
SPECS = HERE.parent / "specs"
NETWORKS = ["resnet50", "mobilenet_v2", "googlenet", "densenet121", "dcgan_generator"]


def _import_torch_models():
    spec = importlib.util.spec_from_file_location("cnncalc_torch_models", HERE / "torch_models.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


torch_models = _import_torch_models()


def _without_broken_torchvision():
    """ptflops imports torchvision.ops when it can; a torchvision that fails to import (its
    compiled ops do not match this torch) is hidden so that ptflops sees an ImportError."""
    try:
        import torchvision  # noqa: F401
    except Exception:  # noqa: BLE001  (any failure: torchvision is not what is tested)
        sys.modules["torchvision"] = None


def model(name: str):
    builder, (h, w, c) = torch_models.MODELS[name]
    torch.manual_seed(0)
    return builder().eval(), (c, h, w)


@lru_cache(maxsize=None)
def ours(name: str, convention: str) -> tuple[int, int]:
    totals = summarize(load_spec(name), 1, convention_named(convention)).totals
    return totals.mults, totals.params


# ----------------------------------------------------------------------------- the tools

def torchinfo_totals(name):
    torchinfo = pytest.importorskip("torchinfo")
    net, chw = model(name)
    stats = torchinfo.summary(net, input_size=(1, *chw), verbose=0)
    text = str(stats)
    assert f"Total params: {stats.total_params:,}" in text
    return stats.total_mult_adds, stats.total_params


def ptflops_totals(name, backend):
    _without_broken_torchvision()
    ptflops = pytest.importorskip("ptflops")
    net, chw = model(name)
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        macs, params = ptflops.get_model_complexity_info(
            net, chw, as_strings=False, print_per_layer_stat=False, backend=backend)
    return macs, params


def fvcore_totals(name):
    pytest.importorskip("fvcore")
    from fvcore.nn import FlopCountAnalysis, parameter_count
    net, chw = model(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = FlopCountAnalysis(net, torch.zeros(1, *chw))
        analysis.unsupported_ops_warnings(False)
        analysis.uncalled_modules_warnings(False)
        return analysis.total(), parameter_count(net)[""]


def thop_totals(name):
    thop = pytest.importorskip("thop")
    net, chw = model(name)
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        macs, params = thop.profile(net, inputs=(torch.zeros(1, *chw),), verbose=False)
    return int(macs), int(params)


def torchscan_totals(name, total="macs"):
    torchscan = pytest.importorskip("torchscan")
    net, chw = model(name)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torchscan.summary(net, chw)
        totals = torchscan.crawl_module(net, chw)["totals"]
    params = int(re.search(r"Total params: ([\d,]+)", printed.getvalue())[1].replace(",", ""))
    # summary() prints MACs rounded (4.11 GMACs); the report holds the exact figure
    return totals[total]["known_value"], params


TOOLS = {
    "torchinfo": torchinfo_totals,
    "ptflops": lambda name: ptflops_totals(name, "pytorch"),
    "ptflops-aten": lambda name: ptflops_totals(name, "aten"),
    "fvcore": fvcore_totals,
    "thop": thop_totals,
    "torchscan": torchscan_totals,
    "torchscan-flops": lambda name: torchscan_totals(name, "module_flops"),
}


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("tool", list(TOOLS))
def test_profile_matches_the_tool(tool, name):
    assert TOOLS[tool](name) == ours(name, tool)


# ----------------------------------------------------------------------------- Keras

def keras_summary_params(keras_model) -> tuple[int, int, int]:
    """(total, trainable, non-trainable) as Model.summary() prints them."""
    lines = []
    keras_model.summary(print_fn=lambda line, **_: lines.append(line), line_length=120)
    text = "\n".join(lines)
    return tuple(int(re.search(rf"{label} params: ([\d,]+)", text)[1].replace(",", ""))
                 for label in ("Total", "Trainable", "Non-trainable"))


def keras_dcgan_generator(keras):
    """The DCGAN generator in Keras layers (channels last), as tests/torch_models.py has it."""
    layers = [keras.Input((1, 1, 100))]
    for index, filters in enumerate((512, 256, 128, 64)):
        layers += [keras.layers.Conv2DTranspose(filters, 4, strides=1 if index == 0 else 2,
                                                padding="valid" if index == 0 else "same",
                                                use_bias=False),
                   keras.layers.BatchNormalization(), keras.layers.ReLU()]
    layers += [keras.layers.Conv2DTranspose(3, 4, strides=2, padding="same", use_bias=False),
               keras.layers.Activation("tanh")]
    return keras.Sequential(layers)


KERAS_MODELS = {
    "mobilenet_v2": lambda keras: keras.applications.MobileNetV2(
        weights=None, input_shape=(224, 224, 3)),
    "densenet121": lambda keras: keras.applications.DenseNet121(
        weights=None, input_shape=(224, 224, 3)),
    "dcgan_generator": keras_dcgan_generator,
}


@pytest.mark.parametrize("name", list(KERAS_MODELS))
def test_keras_summary_params(name):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    keras_model = KERAS_MODELS[name](keras)
    assert keras_model.output_shape[1:] == tuple(
        summarize(load_spec(name)).layers[-1].output_shape)
    total, trainable, non_trainable = keras_summary_params(keras_model)
    totals = summarize(load_spec(name), 1, convention_named("keras")).totals
    assert (total, trainable, non_trainable) == (
        totals.params, totals.trainable_params, totals.non_trainable_params)
