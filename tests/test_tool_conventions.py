"""Each tool profile against the tool itself: every tool run again, each in a process of its own.

`make test-tools` installs PyTorch 2.13, torchvision 0.28 and the pinned tools (torchinfo 1.8.0,
ptflops 0.7.5, fvcore 0.1.5.post20221221, torchscan 0.2.0 in the venv; thop
0.1.1.post2209072238 and ultralytics-thop 2.2.3, which both install the module ``thop``, each
in a directory of its own under ``.tools/``; Keras 3.15.1 on the torch backend) and runs this
file with CNNCALC_TEST_TOOLS=1. For every network and profile of tests/test_convention_totals.py
the tool runs in a fresh interpreter (tests/tool_count.py: ptflops patches
``torch.nn.functional``, and the two ``thop`` could not both be imported), and must print the
total, parameter count and version written there; that test asserts cnncalc's totals equal
them. Skipped without the variable (the tools are slow to import and run); torch and the tools
are test-only.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

if not os.environ.get("CNNCALC_TEST_TOOLS"):
    pytest.skip("the tool comparisons run with `make test-tools`", allow_module_level=True)

from cnncalc.calculator import summarize  # noqa: E402
from cnncalc.conventions import convention_named  # noqa: E402
from cnncalc.spec import load_spec  # noqa: E402

from test_convention_totals import CASES, MEASURED  # noqa: E402

HERE = Path(__file__).resolve().parent
SPECS = HERE.parent / "specs"
TOOLS_DIR = Path(os.environ.get("CNNCALC_TOOLS_DIR", HERE.parent / ".tools"))
"""Where tools installed apart from the venv live, one directory each (``pip install --target``)."""
TOOL_DIRECTORIES = {"ptflops-aten": "ptflops", "torchscan-flops": "torchscan"}


def tool_path(profile: str) -> list[str]:
    """The tool's own directory, when it has one, first on the path of its process."""
    directory = TOOLS_DIR / TOOL_DIRECTORIES.get(profile, profile)
    return [str(directory)] if directory.is_dir() else []


def run_tool(profile: str, network: str) -> dict:
    path = tool_path(profile) + [str(HERE)] + os.environ.get("PYTHONPATH", "").split(os.pathsep)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path if p)}
    done = subprocess.run([sys.executable, str(HERE / "tool_count.py"), profile, network],
                          capture_output=True, text=True, env=env, timeout=1200)
    if done.returncode != 0 and "ModuleNotFoundError" in done.stderr:
        pytest.skip(f"{profile} is not installed: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("network,profile", CASES)
def test_the_tool_prints_the_measured_total(network, profile):
    total, params, tool = MEASURED[network][profile]
    printed = run_tool(profile, network)
    assert (printed["total"], printed["params"], printed["tool"]) == (total, params, tool)


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
