"""`cnncalc verify`: the engine confirms the calculator, and catches it when it is wrong."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cnncalc.bundled import bundled_names
from cnncalc.cli import main
from cnncalc.engine.layers import ENGINE_LAYERS
from cnncalc.layers import kinds
from cnncalc.layers.conv import Conv


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_engine_implements_every_registered_kind():
    assert set(ENGINE_LAYERS) == {cls.kind for cls in kinds()}


# Bundled specs whose verify run takes more than a few seconds here: checked by `make test-slow`
# (and by `make bench`), so that `make test` stays within its time budget.
SLOW_TO_VERIFY: set[str] = {
    # 3–9 s each on 2 busy cores (measured with pytest --durations); unet about 50 s
    "resnet101", "resnet152", "resnext50_32x4d", "wide_resnet50_2", "vgg16_bn", "densenet121",
    "convnext_tiny", "unet", "mobilenet_v3_large", "efficientnet_b0", "mnasnet1_0",
    "inception_v3",
}


@pytest.mark.parametrize("spec", [
    pytest.param(name, marks=pytest.mark.slow) if name in SLOW_TO_VERIFY else name
    for name in bundled_names()])
def test_every_bundled_spec_verifies(spec):
    result = run("verify", spec, "--json")
    assert result.exit_code == 0, result.output[-2000:]
    data = json.loads(result.output)
    assert data["ok"] and all(layer["ok"] for layer in data["layers"])


def test_verify_table_and_batch():
    result = run("verify", "lenet5", "--batch", "3", "--seed", "7")
    assert result.exit_code == 0
    assert "✓ all 12 layers agree" in result.output
    # conv c1 over a batch of 3: 3 · 28·28·6 · 5·5·1 multiplications, measured
    assert f"{3 * 28 * 28 * 6 * 25:,}" in result.output


def test_a_wrong_formula_is_caught(monkeypatch):
    """Break the calculator's conv multiplication count by one: verify must fail with exit 1."""
    honest = Conv.mults
    monkeypatch.setattr(Conv, "mults", lambda self, inputs, output: honest(self, inputs, output)
                        + 1)
    result = run("verify", "lenet5")
    assert result.exit_code == 1
    assert "✗" in result.output and "layers disagree" in result.output
    # c1: calculated 117,601 against the 28·28·6·25 = 117,600 products the engine performed
    assert "117,601 ≠ 117,600" in result.output


def test_a_wrong_shape_is_caught(monkeypatch):
    honest = Conv.output_shape
    monkeypatch.setattr(Conv, "output_shape",
                        lambda self, inputs: (*honest(self, inputs)[:2], 7))
    result = run("verify", "lenet5", "--json")
    assert result.exit_code == 1
    first = json.loads(result.output)["layers"][0]
    assert first["calculated"]["output_shape"] == [28, 28, 7]
    assert first["measured"]["output_shape"] == [28, 28, 6]


def test_refuses_above_max_memory():
    result = run("verify", "vgg16", "--batch", "64", "--max-memory", "1GiB")
    assert result.exit_code == 2
    assert "more than --max-memory 1.00 GiB" in result.output
    assert "try --batch" in result.output


@pytest.mark.parametrize("size", ["lots", "0GiB", "2 parsecs"])
def test_bad_max_memory_is_a_user_error(size):
    result = run("verify", "lenet5", "--max-memory", size)
    assert result.exit_code == 2 and "--max-memory" in result.output


def test_bad_spec_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("input: 4x4x1\nlayers:\n  - conv: {filters: 1, kernel: 5}\n")
    result = run("verify", "bad.yaml")
    assert result.exit_code == 2 and "larger than its padded input" in result.output


@pytest.mark.parametrize("size, said", [
    ("1" * 400, "more than 20 digits"),          # was an OverflowError (exit 3)
    ("0.5", "0.5 bytes, not a whole number"),    # was "must be more than 0"
    ("１GiB", "is not a size"),                  # full-width digits were read as 1 GiB
    ("2000TiB", "more than 1 PiB"),
])
def test_max_memory_is_parsed_with_bounds(size, said):
    result = run("verify", "lenet5", "--max-memory", size)
    assert result.exit_code == 2, result.output
    assert said in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("seed, said", [
    ("-1", "not a whole number from 0 to 18,446,744,073,709,551,615"),  # was a ValueError
    ("７", "not a whole number"),
    (str(2**64), "more than 18,446,744,073,709,551,615"),
])
def test_seed_is_parsed_with_bounds(seed, said):
    result = run("verify", "lenet5", "--seed", seed)
    assert result.exit_code == 2, result.output
    assert said in result.output and "Traceback" not in result.output


def test_the_largest_seed_runs():
    assert run("verify", "lenet5", "--seed", str(2**64 - 1), "--json").exit_code == 0
