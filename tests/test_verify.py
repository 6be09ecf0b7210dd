"""`cnncalc verify`: the engine confirms the calculator, and catches it when it is wrong."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cnncalc.bundled import bundled_names, variant_index
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
    # the larger family members: EfficientNet-B7 at 600 px about 8 s, V2-L 5 s, the rest 1-3 s
    *(f"efficientnet_b{i}" for i in range(1, 8)), "efficientnet_v2_s", "efficientnet_v2_m",
    "efficientnet_v2_l", "mnasnet0_5", "mnasnet0_75", "mnasnet1_3",
    "deeplabv3_mobilenet_v3_large", "lraspp_mobilenet_v3_large",
    # family files read by their own names: their defaults, the members above
    "efficientnet", "efficientnet_v2", "mnasnet", "mobilenet_v3", "mobilenet_v3_segmentation",
    "densenet", "convnext",   # the family files as written: densenet121, convnext_tiny
    # FCN and DeepLabV3 at 520×520 (150–260 G multiplications): 14–17 s each
    "fcn", "fcn_resnet50", "fcn_resnet101", "deeplabv3", "deeplabv3_resnet50",
    "deeplabv3_resnet101",
}
# A family's variants share its blocks (the family file as written is verified): `make test`
# verifies these of them, the others (about a second each, regnet_y_128gf 10 s) are slow.
QUICK_VARIANTS = {"resnet34", "resnet50", "vgg11", "regnet_y_400mf"}


def slow_to_verify(name: str) -> bool:
    """Slow: the big networks above, and a family's variants but those few (the family file's
    own default network runs in make test: the same blocks at other sizes)."""
    return name in SLOW_TO_VERIFY or (name in variant_index() and name not in QUICK_VARIANTS)


@pytest.mark.parametrize("spec", [
    pytest.param(name, marks=pytest.mark.slow) if slow_to_verify(name) else name
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


# The memory guard: what the engine will hold is estimated per kind (Layer.engine_scratch) and
# a run above --max-memory is refused before anything is allocated.

def refused_without_allocating(monkeypatch, tmp_path, spec: str, *options: str):
    import cnncalc.engine.network as engine

    def never(*args, **kwargs):
        raise AssertionError("the engine ran although the guard should have refused")

    monkeypatch.setattr(engine, "run", never)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "net.yaml").write_text(spec)
    result = run("verify", "net.yaml", *options)
    assert result.exit_code == 2, result.output
    assert "nothing was allocated" in result.output
    return result.output


def estimated_gib(output: str) -> float:
    import re
    return float(re.search(r"would need about ([0-9.]+) GiB", output).group(1))


def test_gelu_temporaries_are_counted(monkeypatch, tmp_path):
    """Estimated 3.1 GiB (input and output) and let through by the default 4 GiB, this run took
    15.8 GB: GELU's erf works in float64 with up to 14 output-sized arrays at once."""
    output = refused_without_allocating(monkeypatch, tmp_path,
                                        "input: 512x512x1536\nlayers:\n  - gelu\n")
    # input 512·512·1536·4 bytes = 1.5 GiB, and 14 outputs of 1.5 GiB: 22.5 GiB (+ 1 MiB slack)
    assert "would need about 22.50 GiB (at layer 'gelu1'), more than --max-memory 4.00 GiB" \
        in output


def test_lrn_window_is_counted(monkeypatch, tmp_path):
    """lrn size 250001 zero-pads the squares to 250,003 channels in float64 (a 7.6 GiB array)."""
    output = refused_without_allocating(monkeypatch, tmp_path,
                                        "input: 64x64x3\nlayers:\n  - lrn: {size: 250001}\n",
                                        "--max-memory", "1GiB")
    # 64·64 positions · (8·3 + 2·(3 + 250001 − 1)) · 4 bytes = 8,193,392,640 bytes = 7.63 GiB
    assert f"about {64 * 64 * (8 * 3 + 2 * 250003) * 4 / 2**30:.2f} GiB" in output
    assert "7.63 GiB (at layer 'lrn1'), more than --max-memory 1.00 GiB" in output


def test_a_padded_dilated_band_is_counted(monkeypatch, tmp_path):
    """The estimate was input + output + 96 MiB; one output row of this conv reads a band of
    6,001 padded rows of 6,008 columns and 64 channels."""
    output = refused_without_allocating(
        monkeypatch, tmp_path, "input: 8x8x64\nlayers:\n  - conv: {filters: 8, kernel: 3, "
        "dilation: 3000, padding: 3000, stride: 3000}\n")
    band = (2 * 3000 + 1) * (3000 + 8 + 3000) * 64 * 4
    assert band / 2**30 - 0.005 <= estimated_gib(output) <= band / 2**30 + 0.01
    assert "(at layer 'conv1'), more than --max-memory 4.00 GiB" in output


def test_a_padded_band_is_counted(monkeypatch, tmp_path):
    """Padding 1,000,000 with stride 1,000,000: a 3×3×8 output, but each output row reads
    3 padded rows of 2,000,008 columns and 512 channels (it asked for 11.4 GiB unannounced)."""
    output = refused_without_allocating(
        monkeypatch, tmp_path, "input: 8x8x512\nlayers:\n  - conv: {filters: 8, kernel: 3, "
        "stride: 1000000, padding: 1000000}\n")
    band = 3 * (1000000 + 8 + 1000000) * 512 * 4
    assert band / 2**30 - 0.005 <= estimated_gib(output) <= band / 2**30 + 0.01  # + 1 MiB slack
    assert "(at layer 'conv1'), more than --max-memory 4.00 GiB" in output


def test_a_huge_padded_pool_is_refused_quickly(monkeypatch, tmp_path):
    """8×8 input, a 20,001-tap window padded by 10,000: one output row's band is 20,001 × 20,008."""
    output = refused_without_allocating(
        monkeypatch, tmp_path, "input: 8x8x1\nlayers:\n  - maxpool: {kernel: 20001, stride: 1, "
        "padding: 10000}\n", "--max-memory", "1GiB")
    band = 20001 * 20008 * 4
    assert band / 2**30 - 0.005 <= estimated_gib(output) <= band / 2**30 + 0.01


def test_a_large_pool_window_runs_in_bounded_time(tmp_path, monkeypatch):
    """Pooling took kh·kw array operations per tile: 2001² = 4 million here (minutes; a 20,001
    window never ended). Rows then columns take 2 · 2001."""
    import time
    monkeypatch.chdir(tmp_path)
    (tmp_path / "net.yaml").write_text(
        "input: 8x8x1\nlayers:\n  - maxpool: {kernel: 2001, stride: 1, padding: 1000}\n")
    started = time.perf_counter()
    result = run("verify", "net.yaml", "--json")
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 20
    data = json.loads(result.output)
    assert data["layers"][0]["measured"]["output_shape"] == [8 + 2 * 1000 - 2001 + 1] * 2 + [1]
    assert data["peak_bytes"] <= data["estimated_bytes"] <= 1.5 * data["peak_bytes"]


def test_a_dilated_conv_stays_within_its_estimate():
    """A band-dominated dilated conv (was 1,526 MiB measured against 96 MiB estimated)."""
    from cnncalc.spec.document import parse_spec
    from cnncalc.verify import verify
    network = parse_spec("input: 32x32x32\nlayers:\n  - conv: {filters: 32, kernel: 3, "
                         "dilation: 200, padding: 200}\n")
    result = verify(network)
    assert result.ok
    # one output row reads 2·200 + 1 = 401 padded rows of 200 + 32 + 200 = 432 columns
    assert result.estimated_bytes >= 401 * 432 * 32 * 4
    assert result.peak_bytes <= result.estimated_bytes <= 1.5 * result.peak_bytes


def test_an_interrupt_is_not_a_disagreement(monkeypatch):
    """Ctrl-C in the middle of a run propagates as KeyboardInterrupt (the CLI's top level exits
    130), it is not reported as a layer that disagrees (exit 1), and the run cleans up."""
    import tracemalloc

    import cnncalc.engine.kernels as kernels
    from cnncalc.cli.verify import verify as command
    from cnncalc.spec import load_spec
    from cnncalc.verify import verify

    def interrupted(x):
        raise KeyboardInterrupt

    monkeypatch.setattr(kernels, "tanh", interrupted)  # LeNet-5's activation
    with pytest.raises(KeyboardInterrupt):
        verify(load_spec("lenet5"))
    assert not tracemalloc.is_tracing()
    with pytest.raises(KeyboardInterrupt):
        command.callback(spec="lenet5", batch=1, seed="0", max_memory="4GiB", as_json=True,
                         sets=(), input_text=None, allow_paths=())
