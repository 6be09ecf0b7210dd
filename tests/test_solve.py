"""`cnncalc.solve`: every valid value of an unknown hyper-parameter, the "same" one marked, and a
reason computed from the numbers when there is none. Expected values are worked out by hand from
``⌊(W + 2P − D·(F − 1) − 1)/S⌋ + 1`` in each test."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cnncalc.cli import main
from cnncalc.errors import CnnCalcError
from cnncalc.one_layer import calculate_layer
from cnncalc.solve import solution_layer, solve

CONV = {"filters": 6}


def test_one_solution_padding_for_same_size():
    # (32 + 2P − 5) + 1 = 32  →  2P = 4  →  P = 2
    result = solve("conv", {**CONV, "kernel": 5, "stride": 1}, ["padding"], (32, 32, 3), 32)
    assert result.values == ((2,),)
    assert result.searched == {}          # one unknown: solved, not searched
    assert result.same == (2,)
    assert result.reason is None
    assert result.assignments() == [{"padding": 2}]


def test_several_solutions_alexnet_conv1_stride_and_padding():
    # ⌊(227 + 2P − 11)/S⌋ + 1 = 55  →  54·S ≤ 216 + 2P < 55·S, with P in 0…10 (216 … 236):
    # S = 3: 55·3 = 165 ≤ 216, too small a stride; S = 5: 54·5 = 270 > 236, too large;
    # S = 4: 216 ≤ 216 + 2P < 220  →  P = 0 or 1.
    result = solve("conv", {**CONV, "kernel": 11}, ["stride", "padding"], (227, 227, 3), 55)
    assert result.values == ((4, 0), (4, 1))
    assert result.searched == {"stride": (1, 227), "padding": (0, 10)}
    assert result.same is None        # ⌈227/4⌉ = 57, not 55
    for values in result.values:      # each one really gives 55×55 through the calculator
        settings, shape = solution_layer({**CONV, "kernel": 11}, (227, 227, 3), result, values)
        assert calculate_layer("conv", settings, shape).output_shape == (55, 55, 6)


def test_a_padding_beyond_the_span_counts_when_it_gives_the_output():
    # 32 + 2P − 5 + 1 = 40  →  2P = 12  →  P = 6 (edge windows then see only padding: allowed)
    result = solve("conv", {**CONV, "kernel": 5, "stride": 1}, ["padding"], (32, 32, 3), 40)
    assert result.values == ((6,),) and result.same is None


def test_no_solution_output_larger_than_any_stride_allows():
    # the most, at S = 1: ⌊(227 − 11)/1⌋ + 1 = 217 < 300
    result = solve("conv", {**CONV, "kernel": 11, "padding": 0}, ["stride"], (227, 227, 3), 300)
    assert result.values == ()
    assert result.reason == ("the output 300 is larger than any stride allows at input "
                             "227×227×3, kernel 11, padding 0: the most is 217 (stride 1)")


def test_no_solution_stride_cannot_reach_the_output():
    # ⌊216/S⌋ + 1: S = 3 → 73, S = 4 → 55; nothing gives 56
    result = solve("conv", {**CONV, "kernel": 11, "padding": 0}, ["stride"], (227, 227, 3), 56)
    assert result.values == ()
    assert result.reason == ("no stride gives the output 56 exactly at input 227×227×3, "
                             "kernel 11, padding 0: the nearest are 55 (stride 4) and 73 "
                             "(stride 3)")


def test_no_solution_channels_do_not_match():
    result = solve("conv", {"filters": 96, "kernel": 11}, ["stride"], (227, 227, 3), (55, 55, 64))
    assert result.values == ()
    assert "gives 96 channels" in result.reason and "not 64" in result.reason


def test_no_solution_when_the_axes_need_different_values():
    # kernel 3×5: height 32 + 2P − 3 + 1 = 32 needs P = 1, width 32 + 2P − 5 + 1 = 32 needs P = 2
    result = solve("conv", {**CONV, "kernel": [3, 5]}, ["padding"], (32, 32, 3), 32)
    assert result.values == ()
    assert "the height 32 needs padding 1, the width 32 needs padding 2" in result.reason
    # a non-square input: the height 32 + 2P − 3 + 1 = 32 needs P = 1, the width
    # 16 + 2P − 3 + 1 = 32 needs 2P = 18, P = 9
    wide = solve("conv", {**CONV, "kernel": 3}, ["padding"], (32, 16, 3), (32, 32))
    assert "the height 32 needs padding 1, the width 32 needs padding 9" in wide.reason


def test_solve_for_kernel():
    # ⌊(227 − F)/4⌋ + 1 = 55  →  216 ≤ 227 − F ≤ 219  →  F = 8 … 11
    result = solve("conv", {**CONV, "stride": 4}, ["kernel"], (227, 227, 3), 55)
    assert result.values == ((8,), (9,), (10,), (11,))
    assert result.searched == {}


def test_solve_for_dilation():
    # 32 + 2·2 − (D·(3 − 1) + 1) + 1 = 32  →  2D = 4  →  D = 2; padding 2 = "same" at span 5
    result = solve("conv", {**CONV, "kernel": 3, "padding": 2}, ["dilation"], (32, 32, 3), 32)
    assert result.values == ((2,),)
    assert result.same == (2,)


def test_solve_for_input_size():
    # ⌊(W − 11)/4⌋ + 1 = 55  →  216 ≤ W − 11 ≤ 219  →  W = 227 … 230
    result = solve("conv", {**CONV, "kernel": 11, "stride": 4}, ["input"], None, 55)
    assert result.values == ((227,), (228,), (229,), (230,))
    # pool: ⌊(W − 3)/2⌋ + 1 = 27  →  W − 3 = 52 or 53
    pool = solve("maxpool", {"kernel": 3, "stride": 2}, ["input"], None, (27, 27, 96))
    assert pool.values == ((55,), (56,))


def test_same_marked_at_stride_two():
    # S = 2: 30 ≤ 32 + 2P − 3 < 32  →  P = 1; S = 3 needs 45 ≤ 29 + 2P, beyond P ≤ 2
    result = solve("conv", {**CONV, "kernel": 3}, ["stride", "padding"], (32, 32, 3), 16)
    assert result.values == ((2, 1),)
    assert result.same == (2, 1)      # ⌈32/2⌉ = 16 with padding 1 on each side


def test_even_kernel_has_no_same_at_stride_one():
    # 32 + 2P − 4 + 1 = 32 needs 2P = 3
    result = solve("conv", {**CONV, "kernel": 4}, ["padding"], (32, 32, 3), 32)
    assert result.values == () and "the nearest are 31 (padding 1) and 33 (padding 2)" in \
        result.reason


def test_deconv_stride_and_padding():
    # (4 − 1)·S − 2P + 4 = 8  →  3S = 4 + 2P, P in 0…3  →  P = 1, S = 2
    result = solve("conv_transpose", {"filters": 256, "kernel": 4}, ["stride", "padding"],
                   (4, 4, 512), 8)
    assert result.values == ((2, 1),)
    assert result.same is None        # 'same' is not defined for a transposed convolution


def test_padding_stays_below_each_kernels_span():
    # S = 2: ⌊(16 + 2P − F)/2⌋ + 1 = 8  →  14 ≤ 16 + 2P − F ≤ 15  →  2P = F − 2 or F − 1
    result = solve("conv", {**CONV, "stride": 2}, ["kernel", "padding"], (16, 16, 3), 8)
    assert result.values[:4] == ((1, 0), (2, 0), (3, 1), (4, 1))
    assert all(padding < kernel for kernel, padding in result.values)


def test_no_solution_when_the_kernel_never_fits():
    result = solve("conv", {**CONV, "kernel": 11, "padding": 0}, ["stride"], (5, 5, 3), 1)
    assert result.values == ()
    assert result.reason.startswith("no stride gives a layer that fits at input 5×5×3, "
                                    "kernel 11, padding 0: kernel 11×11 is larger than its "
                                    "padded input 5×5")


@pytest.mark.parametrize("kind, settings, unknowns, words", [
    ("maxpool", {"kernel": 3}, ["dilation"], "maxpool has no setting 'dilation' to find"),
    ("conv", {**CONV, "kernel": 3, "stride": 1, "padding": 1}, [], "nothing to find"),
    ("conv", {**CONV, "kernel": 3, "stride": 1.5}, ["padding"],
     "conv: stride: expected a whole number, received 1.5"),
    ("conv", {**CONV, "kernel": 3, "stride": 0}, ["padding"], "at least 1, received 0"),
    ("conv", {**CONV, "kernel": 3, "stride": 1}, ["stride"], "both given"),
    ("conv", {**CONV, "kernel": 3}, ["groups"], "cannot solve for 'groups'"),
    ("convolution", {}, ["padding"], "unknown layer kind 'convolution'"),
    ("conv", {**CONV}, ["padding"], "conv needs 'kernel'"),
])
def test_malformed_requests_are_errors(kind, settings, unknowns, words):
    with pytest.raises(CnnCalcError, match=words):
        solve(kind, settings, unknowns, (32, 32, 3), 32)


def test_bad_output_and_missing_input_are_errors():
    with pytest.raises(CnnCalcError, match="not a size"):
        solve("conv", {**CONV, "kernel": 3}, ["padding"], (32, 32, 3), (0, 32))
    with pytest.raises(CnnCalcError, match="the input shape is missing"):
        solve("conv", {**CONV, "kernel": 3}, ["padding"], None, 32)
    with pytest.raises(CnnCalcError, match="both given"):
        solve("conv", {**CONV, "kernel": 3}, ["input"], (32, 32, 3), 32)
    with pytest.raises(CnnCalcError, match="fc has no padding, stride, kernel or dilation"):
        solve("fc", {"units": 10}, ["input"], None, 10)


# --- the command ---------------------------------------------------------------------------------
GOLDEN = Path(__file__).parent / "golden"


def run(*args: str):
    return CliRunner().invoke(main, ["solve", *args], env={"COLUMNS": "80"})


def test_cli_one_solution_marks_same_and_works_it_out():
    result = run("--input", "32x32x3", "--kernel", "5", "--output", "32x32x6", "--stride", "1")
    assert result.exit_code == 0, result.output
    assert 'padding = 2 ("same")' in result.output
    assert "The only solution." in result.output
    assert "32 − 5 + 2·2 + 1 = 32" in result.output
    assert "(5·5·3 + 1)·6 = 456" in result.output       # worked out with the real channels


def test_cli_missing_settings_are_the_unknowns():
    data = json.loads(run("--input", "227", "--output", "55", "--kernel", "11", "--json").output)
    assert data["unknowns"] == ["stride", "padding"]
    assert data["solutions"] == [{"stride": 4, "padding": 0}, {"stride": 4, "padding": 1}]
    assert data["count"] == 2 and data["same"] is None and data["reason"] is None
    assert data["searched"] == {"stride": [1, 227], "padding": [0, 10]}
    assert data["layer"]["output_shape"][:2] == [55, 55]


def test_cli_find_dilation_explicitly():
    data = json.loads(run("--input", "32", "--output", "32", "--kernel", "3", "--padding", "2",
                          "--find", "dilation", "--json").output)
    assert data["solutions"] == [{"dilation": 2}]      # 32 + 4 − (2·2 + 1) + 1 = 32


def test_cli_deconv_and_pool():
    deconv = json.loads(run("--kind", "deconv", "--input", "4x4x512", "--output", "8x8x256",
                            "--kernel", "4", "--json").output)
    assert deconv["solutions"] == [{"stride": 2, "padding": 1}]   # 3·2 − 2·1 + 4 = 8
    assert deconv["layer"]["params"] == 512 * 4 * 4 * 256 + 256
    pool = json.loads(run("--kind", "pool", "--input", "55", "--output", "27", "--kernel", "3",
                          "--padding", "0", "--json").output)
    assert pool["solutions"] == [{"stride": 2}]       # ⌊(55 − 3)/2⌋ + 1 = 27


def test_cli_no_solution_is_a_sentence_and_exit_2():
    # 32 + 2P − 4 + 1 = 32 needs 2P = 3: P = 1 gives 31, P = 2 gives 33
    result = run("--input", "32", "--output", "32", "--kernel", "4", "--stride", "1")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1                       # one line
    assert "no solution: no padding gives the output 32 exactly" in result.output
    assert "the nearest are 31 (padding 1) and 33 (padding 2)" in result.output


@pytest.mark.parametrize("args, words", [
    (("--kind", "convolution", "--input", "32", "--output", "32", "--kernel", "3"),
     "unknown kind 'convolution'"),
    (("--input", "32", "--output", "32", "--kernel", "3", "--stride", "1.5"),
     "stride: expected a whole number, received 1.5"),
    (("--kind", "pool", "--input", "32", "--output", "16", "--kernel", "2", "--find",
      "dilation"), "maxpool has no setting 'dilation' to find"),
    (("--input", "32", "--kernel", "3"), "solve needs --output"),
    (("--input", "32x", "--output", "32", "--kernel", "3"), "--input '32x' is not a size"),
])
def test_cli_malformed_requests_exit_2_with_a_sentence(args, words):
    result = run(*args)
    assert result.exit_code == 2
    assert words in result.output
    assert len(result.output.strip().splitlines()) == 1


WORKED_EXAMPLES = {
    "solve_padding_32_k5.txt": ("--input", "32", "--kernel", "5", "--output", "32", "--stride",
                                "1"),
    "solve_alexnet_conv1.txt": ("--input", "227x227x3", "--output", "55x55x96", "--kernel",
                                "11"),
}


@pytest.mark.parametrize("filename", WORKED_EXAMPLES)
def test_worked_examples_match_golden_files(filename):
    """Layout only; the numbers are asserted above. Regenerate with CNNCALC_REGENERATE_GOLDEN=1."""
    text = run(*WORKED_EXAMPLES[filename]).output
    path = GOLDEN / filename
    if os.environ.get("CNNCALC_REGENERATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= 80


@settings(max_examples=60, deadline=None)
@given(size=st.integers(4, 40), kernel=st.integers(1, 7), stride=st.integers(1, 4),
       padding=st.integers(0, 6), unknown=st.sampled_from(["padding", "stride", "kernel",
                                                           "input"]))
def test_solve_finds_the_setting_that_made_the_output(size, kernel, stride, padding, unknown):
    """Run a layer forward, then solve backwards: the true value is among the solutions, and
    every solution gives the output through the calculator."""
    assume(padding < kernel and kernel <= size + 2 * padding)
    truth = {"kernel": kernel, "stride": stride, "padding": padding, "input": size}
    out = calculate_layer("conv", {**CONV, "kernel": kernel, "stride": stride,
                                   "padding": padding}, (size, size, 3)).output_shape
    known = {**CONV, **{name: value for name, value in truth.items()
                           if name not in (unknown, "input")}}
    shape = None if unknown == "input" else (size, size, 3)
    result = solve("conv", known, [unknown], shape, out[:2])
    assert (truth[unknown],) in result.values or (
        result.open_from is not None and truth[unknown] >= result.open_from)
    for values in result.values:
        layer_settings, layer_input = solution_layer(known, shape, result, values, 3)
        assert calculate_layer("conv", layer_settings, layer_input).output_shape[:2] == out[:2]


# --- one unknown, exactly: unbounded sets, pooling, 'same', transposed -----------------------

def test_every_stride_from_the_input_on_gives_one_output():
    # kernel 1: ⌊(32 − 1)/S⌋ + 1 = 1 ⇔ S > 31
    result = solve("conv", {**CONV, "kernel": 1}, ["stride"], (32, 32, 3), 1)
    assert result.values == ((32,),) and result.open_from == 32
    # kernel 5: ⌊(32 − 5)/S⌋ + 1 = 1 ⇔ S > 27
    assert solve("conv", {**CONV, "kernel": 5}, ["stride"], (32, 32, 3), 1).open_from == 28


def test_a_one_wide_kernel_takes_any_dilation():
    result = solve("conv", {**CONV, "kernel": 1}, ["dilation"], (32, 32, 3), 32)
    assert result.values == ((1,),) and result.open_from == 1


def test_same_padding_takes_any_kernel():
    # ⌈32/2⌉ = 16 whatever the kernel
    result = solve("conv", {**CONV, "stride": 2, "padding": "same"}, ["kernel"], (32, 32, 3), 16)
    assert result.open_from == 1
    for kernel in (1, 4, 33, 1000):
        assert calculate_layer("conv", {**CONV, "stride": 2, "padding": "same",
                                        "kernel": kernel}, (32, 32, 3)).output_shape[:2] == (16, 16)


def test_pooling_ceil_mode_input():
    # ⌈(W − 3)/2⌉ + 1 = 56 ⇔ W ∈ {112, 113}
    result = solve("maxpool", {"kernel": 3, "stride": 2, "ceil_mode": True}, ["input"], None, 56)
    assert result.values == ((112,), (113,))


def test_cli_says_or_any_larger():
    result = run("--input", "32", "--kernel", "1", "--padding", "0", "--output", "1")
    assert result.exit_code == 0, result.output
    assert "stride = 32 or any larger" in result.output
    assert "Infinitely many solutions." in result.output
    data = json.loads(run("--input", "32", "--kernel", "1", "--padding", "0", "--output", "1",
                          "--json").output)
    assert data["and_every_value_from"] == 32 and data["searched"] == {}


KINDS = st.sampled_from([
    ("conv", {"filters": 2}), ("maxpool", {}), ("maxpool", {"ceil_mode": True}),
    ("avgpool", {"padding": "same"}), ("conv", {"filters": 2, "padding": "same"}),
    ("conv_transpose", {"filters": 2}),
])


@settings(max_examples=150, deadline=None)
@given(kind=KINDS, size=st.integers(1, 24), kernel=st.integers(1, 6), stride=st.integers(1, 4),
       padding=st.integers(0, 3), dilation=st.integers(1, 3), out=st.integers(1, 30),
       unknown=st.sampled_from(["padding", "stride", "kernel", "dilation", "input"]))
def test_the_exact_set_is_what_evaluation_finds(kind, size, kernel, stride, padding, dilation,
                                                out, unknown):
    """Against a brute force that builds every layer up to a bound past any change: a value is
    in the solution set (listed, or at least `open_from`) exactly when the calculator gives the
    output with it."""
    name, extra = kind
    given = {"kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation}
    if name != "conv" and name != "conv_transpose":
        given.pop("dilation")
    if "padding" in extra:
        given.pop("padding")
    assume(unknown in given or unknown == "input")
    known = {**extra, **{key: value for key, value in given.items() if key != unknown}}
    shape = None if unknown == "input" else (size, size, 2)
    try:
        result = solve(name, known, [unknown], shape, out)
    except CnnCalcError:
        return  # a setting the kind refuses (output_padding, a pooling's padding…)
    listed = {values[0] for values in result.values}
    bound = 3 * (size + 2 * padding + dilation * kernel + out * stride) + 10
    for value in range(0 if unknown == "padding" else 1, bound):
        settings_ = {**known, **({} if unknown == "input" else {unknown: value})}
        layer_input = (value, value, 2) if unknown == "input" else shape
        try:
            gives = calculate_layer(name, settings_, layer_input).output_shape[:2] == (out, out)
        except CnnCalcError:
            gives = False
        solved = value in listed or (result.open_from is not None and value >= result.open_from)
        assert solved == gives, (value, result)


def test_no_solution_below_the_least_output_still_gives_a_reason():
    # (2 − 1)·S − 0 + 1·(2 − 1) + 1 = S + 2 ≥ 3: the closed form asks for S = −1
    result = solve("conv_transpose", {"filters": 2, "kernel": 2}, ["stride"], (2, 2, 2), 1)
    assert result.values == ()
    assert result.reason == ("the output 1 is smaller than any stride allows at input 2×2×2, "
                             "kernel 2: the least is 3 (stride 1)")
