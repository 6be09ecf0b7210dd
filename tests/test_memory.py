"""Memory: activations per layer, the forward total and the training estimate, checked against
the CS231n VGG-16 walkthrough and hand arithmetic."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.layers import kinds
from cnncalc.memory import DType, Optimizer, memory
from cnncalc.spec import load_spec

# CS231n "VGGNet in detail": the memory column, one row per output (input, conv, pool, fc)
WALKTHROUGH_ROWS = [
    224 * 224 * 3,                                            # INPUT
    224 * 224 * 64, 224 * 224 * 64, 112 * 112 * 64,          # CONV3-64 ×2, POOL2
    112 * 112 * 128, 112 * 112 * 128, 56 * 56 * 128,         # CONV3-128 ×2, POOL2
    56 * 56 * 256, 56 * 56 * 256, 56 * 56 * 256, 28 * 28 * 256,
    28 * 28 * 512, 28 * 28 * 512, 28 * 28 * 512, 14 * 14 * 512,
    14 * 14 * 512, 14 * 14 * 512, 14 * 14 * 512, 7 * 7 * 512,
    4096, 4096, 1000,                                         # FC ×3
]
# its weights column (no biases)
WALKTHROUGH_WEIGHTS = [
    3 * 3 * 3 * 64, 3 * 3 * 64 * 64, 3 * 3 * 64 * 128, 3 * 3 * 128 * 128,
    3 * 3 * 128 * 256, 3 * 3 * 256 * 256, 3 * 3 * 256 * 256,
    3 * 3 * 256 * 512, 3 * 3 * 512 * 512, 3 * 3 * 512 * 512,
    3 * 3 * 512 * 512, 3 * 3 * 512 * 512, 3 * 3 * 512 * 512,
    7 * 7 * 512 * 4096, 4096 * 4096, 4096 * 1000,
]
VGG16_BIASES = 2 * 64 + 2 * 128 + 3 * 256 + 6 * 512 + 4096 + 4096 + 1000


@pytest.fixture(scope="module")
def vgg16():
    return summarize(load_spec("vgg16"))


def test_vgg16_forward_counts_what_the_walkthrough_counts(vgg16):
    report = memory(vgg16)
    counted = {layer.kind for layer in report.layers if not layer.in_place}
    assert counted == {"conv", "maxpool", "fc", "softmax"}   # relu and dropout are in place
    walkthrough_kinds = report.input_elements + sum(
        layer.elements for layer in report.layers if layer.kind in {"conv", "maxpool", "fc"})
    assert walkthrough_kinds == sum(WALKTHROUGH_ROWS)
    # we also keep the softmax's 1000 probabilities (not in the walkthrough's listing)
    assert report.activation_elements == sum(WALKTHROUGH_ROWS) + 1000
    # so the walkthrough's rows, our count, are about 15.2 M (≈ 58.1 MiB at float32): not the
    # "24M * 4 bytes ~= 93MB" it prints as their total
    assert round(walkthrough_kinds / 1e6, 1) == 15.2 and round(walkthrough_kinds / 1e6) != 24
    assert 58 < walkthrough_kinds * 4 / 2**20 < 58.2
    assert report.forward_bytes == (sum(WALKTHROUGH_ROWS) + 1000) * 4


def test_vgg16_parameters_are_the_walkthrough_weights_plus_biases(vgg16):
    assert sum(WALKTHROUGH_WEIGHTS) + VGG16_BIASES == memory(vgg16).params == 138_357_544


def test_dtype_sizes_and_optimizer_copies():
    assert [dtype.bytes for dtype in DType] == [4, 2, 2, 1]
    assert [optimizer.copies for optimizer in Optimizer] == [0, 1, 2]


def test_training_estimate_by_hand(calc):
    # 8×8×3 → conv 4 3×3 (6×6×4, (3·3·3 + 1)·4 = 112 params) → relu (in place) → bn (8 + 8)
    summary = calc("8x8x3", "conv: {filters: 4, kernel: 3}", "relu", "batchnorm", batch=2)
    report = memory(summary, DType.FLOAT16, Optimizer.ADAM)
    activations = 2 * (8 * 8 * 3 + 6 * 6 * 4 + 6 * 6 * 4)    # input, conv, bn; × batch 2
    trainable, params = 112 + 2 * 4, 112 + 2 * 4 + 2 * 4
    assert report.activation_elements == activations
    assert report.forward_bytes == 2 * activations
    assert report.params_bytes == 2 * params
    assert report.gradients_bytes == 2 * trainable
    assert report.optimizer_bytes == 2 * 2 * trainable
    assert report.training_bytes == 2 * (activations + params + trainable + 2 * trainable)


def test_an_in_place_layer_whose_input_is_shared_is_counted(calc_text):
    summary = calc_text("""
        name: shared
        input: 4x4x2
        layers:
          - conv: {name: c, filters: 2, kernel: 1}
          - relu: {name: r}
          - add: {name: a, from: [c, r]}
          - relu: {name: last}
        """)
    by_name = {layer.name: layer for layer in memory(summary).layers}
    assert not by_name["r"].in_place          # 'c' is read by the add too
    assert by_name["last"].in_place
    assert memory(summary).activation_elements == 4 * 4 * 2 * 4   # input, c, r, a


def test_the_in_place_rule_is_a_property_of_the_kind():
    assert {cls.kind for cls in kinds() if cls.in_place} == {
        "relu", "relu6", "leaky_relu", "dropout", "flatten"}


def test_rows_sum_to_the_forward_total(vgg16):
    report = memory(vgg16, DType.BFLOAT16)
    assert report.input_bytes + sum(layer.bytes for layer in report.layers) == \
        report.forward_bytes


# --- the command line -----------------------------------------------------------------------

def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_memory_view_shows_rows_and_totals():
    result = run("summarize", "vgg16", "--memory")
    assert result.exit_code == 0, result.output
    assert "in place" in result.output and "58.1 MiB" in result.output
    assert f"{sum(WALKTHROUGH_ROWS) + 1000:,}" in result.output
    assert "Training (sgd)" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_memory_json_dtype_optimizer_batch():
    data = json.loads(run("summarize", "vgg16", "--memory", "--json", "--dtype", "float16",
                          "--optimizer", "momentum", "--batch", "2").output)
    assert (data["dtype"], data["bytes_per_element"], data["optimizer"], data["batch"]) == \
        ("float16", 2, "momentum", 2)
    totals = data["totals"]
    assert totals["activation_elements"] == 2 * (sum(WALKTHROUGH_ROWS) + 1000)
    assert totals["forward_bytes"] == 2 * totals["activation_elements"]
    assert totals["params_bytes"] == 2 * 138_357_544                # the batch does not scale it
    assert totals["optimizer_bytes"] == totals["gradients_bytes"] == 2 * 138_357_544
    assert totals["training_bytes"] == totals["forward_bytes"] + 3 * 2 * 138_357_544
    assert sum(layer["bytes"] for layer in data["layers"]) + totals["input_bytes"] == \
        totals["forward_bytes"]


def test_dtype_alone_implies_memory():
    result = run("summarize", "lenet5", "--dtype", "int8")
    assert result.exit_code == 0 and "memory at int8" in result.output


def test_unknown_dtype_lists_the_valid_ones():
    result = run("summarize", "lenet5", "--memory", "--dtype", "float64")
    assert result.exit_code == 2
    assert "'float64' is not one of 'float32', 'float16', 'bfloat16', 'int8'" in result.output


def test_memory_refuses_csv():
    result = run("summarize", "lenet5", "--memory", "--format", "csv")
    assert result.exit_code == 2 and "--memory prints a table or JSON" in result.output
