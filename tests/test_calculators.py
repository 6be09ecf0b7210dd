"""The one-layer calculators (`cnncalc conv`, `pool`, `fc`, `deconv`): the numbers by hand,
options made from the registry, and errors as one sentence with exit code 2."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cnncalc.cli import main
from cnncalc.cli.calculators import POOL_SETTINGS, option_name
from cnncalc.layers import REGISTRY
from cnncalc.one_layer import calculate_layer, setting_from_text


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def row_json(*args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_alexnet_conv1():
    args = ("conv", "227x227x3", "--filters", "96", "--kernel", "11", "--stride", "4")
    row = row_json(*args)
    assert row["output_shape"] == [(227 - 11) // 4 + 1, (227 - 11) // 4 + 1, 96] == [55, 55, 96]
    assert row["params"] == (11 * 11 * 3 + 1) * 96 == 34_944
    assert row["biases"] == 96
    assert row["mults"] == 55 * 55 * 96 * 11 * 11 * 3
    text = run(*args).output
    assert "⌊(227 − 11 + 2·0)/4⌋ + 1 = 55" in text
    assert "(11·11·3 + 1)·96 = 34,944" in text


def test_pool_55_to_27_max_and_avg():
    for kind in ("max", "avg"):
        row = row_json("pool", "55x55x96", "--kernel", "3", "--stride", "2", "--type", kind)
        assert row["kind"] == kind + "pool"
        assert row["output_shape"] == [(55 - 3) // 2 + 1, (55 - 3) // 2 + 1, 96] == [27, 27, 96]
        assert row["params"] == 0


def test_fc_9216_to_4096():
    row = row_json("fc", "9216", "--units", "4096")
    assert row["output_shape"] == [4096]
    assert row["params"] == (9216 + 1) * 4096
    assert row["mults"] == 9216 * 4096
    flattened = row_json("fc", "6x6x256", "--units", "4096", "--bias", "false")
    assert flattened["params"] == 6 * 6 * 256 * 4096


def test_deconv_4_to_8():
    row = row_json("deconv", "4x4x512", "--filters", "256", "--kernel", "4", "--stride", "2",
                   "--padding", "1")
    assert row["output_shape"] == [(4 - 1) * 2 - 2 * 1 + 4, (4 - 1) * 2 - 2 * 1 + 4, 256]
    assert row["output_shape"][0] == 8
    assert row["params"] == 512 * 4 * 4 * 256 + 256


def test_values_read_like_spec_values():
    row = row_json("conv", "32x32x3", "--filters", "8", "--kernel", "3,5", "--padding", "same",
                   "--bias", "false")
    assert row["output_shape"] == [32, 32, 8]
    assert row["params"] == 3 * 5 * 3 * 8
    pair = row_json("conv", "32x32x3", "--filters", "8", "--kernel", "3x5", "--stride", "[1, 2]")
    assert pair["output_shape"] == [32 - 3 + 1, (32 - 5) // 2 + 1, 8]
    depthwise = row_json("conv", "56x56x32", "--kernel", "3", "--depthwise", "true",
                         "--padding", "1")
    assert depthwise["output_shape"] == [56, 56, 32] and depthwise["params"] == (3 * 3 + 1) * 32


@pytest.mark.parametrize("command, kind", [("conv", "conv"), ("fc", "fc"),
                                           ("deconv", "conv_transpose")])
def test_every_setting_of_the_kind_is_an_option(command, kind):
    options = {opt for param in main.commands[command].params for opt in param.opts}
    for name in REGISTRY[kind].settings:
        assert option_name(name) in options, name


def test_pool_takes_every_pooling_setting():
    options = {opt for param in main.commands["pool"].params for opt in param.opts}
    for kind in ("maxpool", "avgpool"):
        assert set(REGISTRY[kind].settings) <= set(POOL_SETTINGS)
    assert {option_name(name) for name in POOL_SETTINGS} <= options
    assert "--ceil-mode" in options


def test_same_numbers_as_a_spec(calc):
    spec_row = calc("227x227x3", "conv: {filters: 96, kernel: 11, stride: 4}").layers[0]
    row = calculate_layer("conv", {"filters": 96, "kernel": 11, "stride": 4}, (227, 227, 3))
    assert (row.output_shape, row.params, row.mults, row.formulas) == (
        spec_row.output_shape, spec_row.params, spec_row.mults, spec_row.formulas)


@pytest.mark.parametrize("args, words", [
    (("conv", "5x5x3", "--filters", "4", "--kernel", "11"), "larger than its padded input 5×5"),
    (("conv", "227x227", "--filters", "4", "--kernel", "3"), "input '227x227' is not a shape"),
    (("conv", "9216", "--filters", "4", "--kernel", "3"), "needs an H×W×C input"),
    (("conv", "5x5x3", "--filters", "4", "--kernel", "3", "--bias", "maybe"),
     "bias: expected true or false, received 'maybe'"),
    (("conv", "5x5x3", "--filters", "4", "--kernel", "1.5"), "kernel: expected a whole number"),
    (("conv", "5x5x3", "--filters", "4"), "conv needs 'kernel'"),
    (("fc", "100"), "fc needs 'units'"),
    (("pool", "8x8x3", "--kernel", "2", "--type", "min"), "--type is max or avg"),
    (("deconv", "4x4x8", "--filters", "4", "--kernel", "4", "--padding", "same"),
     "'same' is not defined"),
])
def test_errors_are_one_sentence_with_exit_code_2(args, words):
    result = run(*args)
    assert result.exit_code == 2
    assert words in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_setting_from_text_reads_pairs_and_words():
    assert setting_from_text(" 3 × 5 ") == [3, 5]
    assert setting_from_text("[2, 1]") == [2, 1]
    assert setting_from_text("valid") == "valid"
    assert setting_from_text("true") is True
