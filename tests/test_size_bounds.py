"""Every setting and every size a layer computes is bounded: whole numbers and sizes at most
2³¹ − 1, a feature map at most 2⁶² elements. Each hostile value found against the layers ends
in a located sentence with exit code 2, fast."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.cli import main
from cnncalc.layers.pool import adaptive_bins
from cnncalc.errors import SettingError
from cnncalc.layers.settings import MAX_SIZE, number

LARGEST = "2,147,483,647 (2³¹ − 1)"


def refused(text: str, tmp_path: Path) -> str:
    """The sentence of ``cnncalc summarize h.yaml --json``: exit 2, no traceback, in 2 s."""
    path = tmp_path / "h.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["summarize", str(path), "--json"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert time.perf_counter() - start < 2
    return result.output.strip().replace(str(path), "h.yaml")


@pytest.mark.parametrize("layer, message", [
    ("conv: {filters: 4, kernel: 1, padding: 1.0e+300}",
     "h.yaml:3:44: layer 1 'conv1': padding: received 1e+300, beyond the largest size a "
     f"setting may have, {LARGEST}; padding is a number, [ph, pw], 'same' or 'valid'"),
    ("conv: {filters: 1.0e+300, kernel: 1}",
     f"h.yaml:3:21: layer 1 'conv1': filters: received 1e+300, beyond the largest size a "
     f"setting may have, {LARGEST}"),
    ("conv: {filters: 4, kernel: .inf}",
     "h.yaml:3:32: layer 1 'conv1': kernel: expected a whole number, received inf"),
    ("conv: {filters: 4, kernel: .nan}",
     "h.yaml:3:32: layer 1 'conv1': kernel: expected a whole number, received nan"),
    ("conv: {filters: 4, kernel: 1, stride: 2147483648}",
     f"h.yaml:3:43: layer 1 'conv1': stride: received 2147483648, beyond the largest size a "
     f"setting may have, {LARGEST}"),
    ("conv: {filters: 4, kernel: 1, groups: 1" + "0" * 60 + "}",
     "h.yaml:3:43: layer 1 'conv1': groups: received a number of 61 digits, beyond the "
     f"largest size a setting may have, {LARGEST}"),
    ("adaptive_avgpool: {size: 1000000000000000}",
     f"h.yaml:3:30: layer 1 'pool1': size: received 1000000000000000, beyond the largest size "
     f"a setting may have, {LARGEST}"),
    ("upsample: {scale: 1.0e+300}",
     "h.yaml:3:23: layer 1 'up1': scale: must be a number above 0 and at most 2,147,483,647, "
     "received 1e+300"),
    ("batchnorm: {eps: .nan}",
     "h.yaml:3:22: layer 1 'bn1': eps: expected a finite number, received nan"),
], ids=["padding-1e300", "filters-1e300", "kernel-inf", "kernel-nan", "stride-2^31",
        "groups-61-digits", "adaptive-10^15", "scale-1e300", "eps-nan"])
def test_a_setting_beyond_the_bounds_is_a_located_sentence(layer, message, tmp_path):
    assert refused(f"input: 8x8x3\nlayers:\n  - {layer}\n", tmp_path) == message


def test_a_number_no_float_can_hold_is_a_sentence():
    """10⁴⁰⁰ (a block argument may hold what no YAML number can write)."""
    with pytest.raises(SettingError, match="expected a number a float can hold, received a "
                                           "number of 401 digits"):
        number(10**400)


@pytest.mark.parametrize("kind", ["upsample: 2", "deconv: {filters: 3, kernel: 2, stride: 2}"])
def test_sizes_doubled_a_thousand_times_stop_at_the_first_layer_over(kind, tmp_path):
    """8 · 2²⁷ = 2³⁰ after 27 layers; the 28th would make 2³¹, one over 2³¹ − 1 (a transposed
    conv of kernel 2, stride 2: (W − 1)·2 + (2 − 1) + 1 = 2W, the same doubling)."""
    text = "input: 8x8x3\nlayers:\n" + f"  - {kind}\n" * 1100
    prefix = "up" if kind.startswith("upsample") else "deconv"
    message = refused(text, tmp_path)
    assert message == (f"h.yaml:30:5: layer 28 '{prefix}28': the output would be "
                       f"{2**31}×{2**31}×3, with a size above {LARGEST}, the largest cnncalc "
                       "works with; no network has maps that large (input "
                       f"{2**30}×{2**30}×3)")


def test_a_map_of_more_than_two_to_the_62_elements_is_refused(tmp_path):
    """2³⁰ · 2³⁰ · 8 = 2⁶³ elements, each size within the bound."""
    text = "input: 1073741824x1073741824x3\nlayers:\n  - conv: {filters: 8, kernel: 1}\n"
    assert refused(text, tmp_path) == (
        f"h.yaml:3:5: layer 1 'conv1': the output would be {2**30}×{2**30}×8, more than 2⁶² "
        f"elements, the most cnncalc works with; no network has maps that large (input "
        f"{2**30}×{2**30}×3)")


def test_an_input_beyond_the_bound_is_refused(tmp_path):
    message = refused("input: 8x8x3000000000\nlayers: [relu]\n", tmp_path)
    assert message.startswith("h.yaml:1:8: input '8x8x3000000000' is not a shape")
    assert "every size at least 1 and at most 2,147,483,647" in message


def test_an_input_of_five_thousand_digits_is_refused_unconverted(tmp_path):
    """int() of more than 4,300 digits raises ValueError: the shape's text is refused first."""
    message = refused(f"input: '{'9' * 5000}x3x3'\nlayers: [relu]\n", tmp_path)
    assert message.startswith("h.yaml:1:8: input '99999") and "is not a shape" in message
    assert len(message) < 400


def test_the_largest_sizes_still_calculate_at_once(calc):
    """An adaptive pool to 2³¹ − 1 bins, its window worked out without listing them, and
    parameters counted exactly: an fc of 2³¹ − 1 units on a vector of 2³¹ − 1 has
    (2³¹ − 1 + 1)·(2³¹ − 1) parameters."""
    start = time.perf_counter()
    summary = calc(f"{MAX_SIZE}x1x1", f"adaptive_avgpool: {{size: [{MAX_SIZE}, 1]}}",
                   "flatten", f"fc: {MAX_SIZE}")
    assert time.perf_counter() - start < 2
    assert summary.layers[0].output_shape == (MAX_SIZE, 1, 1)
    assert summary.layers[2].params == (MAX_SIZE + 1) * MAX_SIZE


def bins_listed(n: int, o: int) -> tuple[set[int], set[int]]:
    """PyTorch's adaptive bins listed one by one: bin i spans ⌊i·n/o⌋ … ⌈(i + 1)·n/o⌉ − 1."""
    starts = [i * n // o for i in range(o)]
    widths = {-(-(i + 1) * n // o) - start for i, start in enumerate(starts)}
    steps = {after - before for before, after in zip(starts, starts[1:])} or {n}
    return widths, steps


def test_adaptive_bins_in_closed_form_agree_with_the_bins_listed():
    for n in range(1, 70):
        for o in range(1, 70):
            assert adaptive_bins(n, o) == bins_listed(n, o), (n, o)


def like_chain(links: int) -> str:
    """Blocks l{links} like … like l1 like l0, written from the end of the chain back."""
    lines = ["input: 8x8x3", "blocks:"]
    lines += [f"  l{i}: {{like: l{i - 1}}}" for i in range(links, 0, -1)]
    return "\n".join(lines + ["  l0: {layers: [relu]}", "layers:", f"  - l{links}"]) + "\n"


def test_a_like_chain_of_three_thousand_links_in_reverse_order_is_followed(calc_text):
    summary = calc_text(like_chain(3000))
    assert [row.name for row in summary.layers] == ["l3000_1/relu1"]


def test_a_list_setting_of_more_than_ten_thousand_items_is_refused(tmp_path):
    ones = ", ".join(["1"] * 10_001)
    message = refused(f"input: 8x8x10001\nlayers:\n  - split: {{sizes: [{ones}], take: 0}}\n",
                      tmp_path)
    assert message == ("h.yaml:3:20: layer 1 'split1': sizes: expected a list of at most "
                       "10,000 items, received one of 10,001")


def test_a_deeply_nested_argument_is_shown_cut_short(tmp_path):
    """A value nested 90 levels deep (YAML allows 100) in a whole-number setting: the sentence
    shows its first levels, not a repr that recursion or length would break."""
    nested = "[" * 90 + "1" + "]" * 90
    message = refused(f"input: 8x8x3\nlayers:\n  - conv: {{filters: 3, kernel: 1, groups: "
                      f"{nested}}}\n", tmp_path)
    assert message == ("h.yaml:3:43: layer 1 'conv1': groups: expected a whole number, "
                       "received [[[[...]]]]")


def test_a_long_list_in_a_block_used_many_times_spends_the_budget(tmp_path, monkeypatch):
    """Each use looks at the layer's 5,000 sizes again (for a $ to fill in): 5,000 steps a
    use, over a budget of 100,000 at the 21st."""
    from cnncalc.spec import expressions

    monkeypatch.setattr(expressions, "BUDGET", 100_000)
    ones = ", ".join(["1"] * 5000)
    text = ("input: 8x8x5000\nblocks:\n  b:\n    layers:\n"
            f"      - split: {{sizes: [{ones}], take: 0}}\n      - conv: {{filters: 5000, "
            "kernel: 1}\nlayers:\n  - b: {repeat: 100000}\n")
    assert refused(text, tmp_path) == (
        "h.yaml:5:9: layer 1 (in block 'b' used at line 8): this spec's expressions need more "
        "than 100,000 steps of work; the limit keeps a spec from hanging the calculator")


def test_draw_conv_of_the_largest_input_is_refused_before_any_cell_is_listed():
    result = CliRunner().invoke(main, ["draw-conv", f"{MAX_SIZE}x{MAX_SIZE}", "--kernel", "3"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"draw-conv draws every cell, and this grid would be {MAX_SIZE}×{MAX_SIZE}; at most 32 "
        "per side can be drawn: try the same settings on a smaller input, e.g. 7x7")


def test_a_batch_beyond_the_bound_is_a_sentence():
    """The batch multiplies every count: bounded like a size, or a float of the totals would
    overflow (10⁴⁰⁰ made summarize raise OverflowError)."""
    result = CliRunner().invoke(main, ["summarize", "alexnet", "--batch", "1" + "0" * 400])
    assert result.exit_code == 2
    assert "the batch size must be a whole number from 1 to 2,147,483,647" in result.output


@pytest.mark.parametrize("args, message", [
    (["conv", "8x8x3", "--filters", "3", "--kernel", "9" * 5000],
     "99999999999999999999…: a number of more than 30 digits is not a layer setting"),
    (["conv", "8x8x3", "--filters", "3", "--kernel", "9" * 5000 + "x3"],
     "99999999999999999999…: a number of more than 30 digits is not a layer setting"),
    (["solve", "--input", "9" * 5000, "--output", "3", "--kernel", "3"],
     f"--input '{'9' * 40}' is not a size"),
    (["draw-conv", "9" * 5000 + "x3", "--kernel", "3"],
     f"draw-conv: the input is a size H×W like 5x5, or one number for a square like 5; "
     f"received '{'9' * 40}'"),
], ids=["conv-kernel", "conv-kernel-pair", "solve-input", "draw-conv-input"])
def test_a_five_thousand_digit_number_on_the_command_line_is_a_sentence(args, message):
    """int() of more than 4,300 digits raises ValueError: such text is refused first."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output) < 400


def test_fractions_of_uneven_resizing_keep_bounded_denominators(calc):
    """A 2×2/2 pool of 7 to 3 and an upsample back to 7 multiply the jump by 2 · 3/7 = 6/7:
    after 2,000 pairs the exact jump would be 6²⁰⁰⁰/7²⁰⁰⁰ (1,700 digits each; 36,000 layers
    took a minute). Denominators stay at most 2⁶², the value within 2⁻⁶² of exact."""
    from fractions import Fraction

    pairs = ["maxpool: {kernel: 2, stride: 2}", "upsample: {size: 7}"] * 2000
    summary = calc("7x7x1", *pairs)
    jump = summary.layers[-1].receptive_field.jump[0]
    assert Fraction(jump).denominator <= 2**62
    assert abs(Fraction(jump) - Fraction(6, 7) ** 2000) < Fraction(1, 2**62)
