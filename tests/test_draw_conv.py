"""`cnncalc draw-conv`: one frame per output cell, the taps where the formula says, the input
the floor drops marked, transposed convolution as its equivalent direct one; errors exit 2."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from cnncalc.cli import main
from cnncalc.errors import CnnCalcError
from cnncalc.render.conv_svg import conv_svg
from cnncalc.sliding_window import Cell, size_from_text, sliding_window

SVG = "{http://www.w3.org/2000/svg}"


def frames(svg: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "frame"]


def test_5x5_k3_s2_p1_has_nine_frames():
    window = sliding_window((5, 5), {"kernel": 3, "stride": 2, "padding": 1})
    side = (5 - 3 + 2 * 1) // 2 + 1                       # ⌊(W − F + 2P)/S⌋ + 1 = 3
    assert window.output_size == (side, side)
    assert len(window.frames) == side * side == 9
    assert window.grid_size == (5 + 2 * 1, 5 + 2 * 1)
    assert window.uncovered_rows == window.uncovered_columns == ()
    # the last window starts at 2·S = 4 and ends at the bottom padding row 4 + 2 = 6
    assert max(window.frames[-1].taps) == (2 * 2 + 2, 2 * 2 + 2)
    assert len(frames(conv_svg(window))) == 9
    assert len(frames(conv_svg(window, frames=True))) == 9


def test_6x6_k3_s2_the_floor_drops_a_row_and_a_column():
    window = sliding_window((6, 6), {"kernel": 3, "stride": 2})
    side = (6 - 3) // 2 + 1                               # ⌊3/2⌋ + 1 = 2: 1.5 rounds down
    assert len(window.frames) == side * side == 4
    # windows cover rows 0–2 and 2–4; row 5 (the 6th) is never read
    assert window.uncovered_rows == (5,) and window.uncovered_columns == (5,)
    svg = conv_svg(window)
    assert "never read: input row 6 and column 6, past the last window" in svg
    assert "⌊(6 − 3 + 2·0)/2⌋ + 1 = 2" in svg              # the calculator's own formula text


def test_dilation_spreads_the_taps():
    window = sliding_window((7, 7), {"kernel": 3, "dilation": 2})
    side = (7 + 2 * 0 - 2 * (3 - 1) - 1) // 1 + 1          # ⌊(W + 2P − D·(F−1) − 1)/S⌋ + 1 = 3
    assert len(window.frames) == side * side
    assert window.frames[0].taps == tuple((2 * t, 2 * u) for t in range(3) for u in range(3))


def test_transposed_spreads_the_input_and_pads_k_minus_1_minus_p():
    window = sliding_window((3, 3), {"kernel": 3, "stride": 2, "padding": 1}, transposed=True)
    out = (3 - 1) * 2 - 2 * 1 + 1 * (3 - 1) + 1            # (W−1)·S − 2P + D·(F−1) + 1 = 5
    assert window.output_size == (out, out)
    assert len(window.frames) == out * out
    spread = (3 - 1) * 2 + 1                               # 3 cells with one zero between
    around = 3 - 1 - 1                                     # k − 1 − p
    assert window.grid_size == (spread + 2 * around,) * 2
    first_line = window.grid[around]
    assert [cell.value for cell in first_line] == ["padding", "input", "spread", "input", "spread",
                                                  "input", "padding"]
    assert "1·(3−1) − 1 = 1 around" in conv_svg(window)


def test_transposed_output_padding_adds_at_the_end():
    window = sliding_window((3, 3), {"kernel": 3, "stride": 2, "padding": 1,
                                     "output_padding": 1}, transposed=True)
    assert window.output_size == ((3 - 1) * 2 - 2 * 1 + (3 - 1) + 1 + 1,) * 2
    assert window.grid[-1][0] is Cell.PADDING and window.grid_size == (8, 8)


def test_uneven_settings_per_axis():
    window = sliding_window((5, 7), {"kernel": [3, 1], "stride": [1, 2]})
    assert window.output_size == (5 - 3 + 1, (7 - 1) // 2 + 1)
    assert len(window.frames) == 3 * 4


@pytest.mark.parametrize("text,size", [("5x5", (5, 5)), ("5", (5, 5)), ("4×6", (4, 6))])
def test_input_text(text, size):
    assert size_from_text(text) == size


def run(*args: str):
    return CliRunner().invoke(main, ["draw-conv", *args])


def test_cli_writes_an_svg(tmp_path):
    out = tmp_path / "conv.svg"
    result = run("5x5", "--kernel", "3", "--stride", "2", "--padding", "1", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert len(frames(out.read_text(encoding="utf-8"))) == 9


@pytest.mark.parametrize("args,words", [
    (("5x5", "--kernel", "7"), "kernel 7×7 is larger than its padded input 5×5"),
    (("five", "--kernel", "3"), "the input is a size H×W like 5x5"),
    (("5x5x", "--kernel", "3"), "received '5x5x'"),
    (("5", "--kernel", "3", "--output-padding", "1"), "only applies to a transposed"),
    (("3", "--kernel", "3", "--stride", "3", "--padding", "3", "--transposed"),
     "padding 3 is more than"),
    (("40", "--kernel", "3"), "at most 32 per side"),
    (("20", "--kernel", "3", "--frames"), "at most 144 fit a page"),
])
def test_errors_are_sentences_with_exit_2(args, words):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "Traceback" not in result.output


def test_error_is_a_cnncalc_error():
    with pytest.raises(CnnCalcError):
        size_from_text("0x5")


def visible_at(animate: ET.Element, t: float) -> str:
    """The value a discrete SMIL animation holds at fraction `t` of its loop: the value of the
    last key time at or before t."""
    times = [float(time) for time in animate.get("keyTimes").split(";")]
    values = animate.get("values").split(";")
    return values[max(i for i, time in enumerate(times) if time <= t)]


@pytest.mark.parametrize("size,count", [(4, (4 - 3 + 1) ** 2), (7, (7 - 3 + 1) ** 2)])
def test_the_animation_shows_one_frame_at_a_time_in_order(size, count):
    groups = frames(conv_svg(sliding_window((size, size), {"kernel": 3})))
    assert len(groups) == count
    assert [g.get("visibility") for g in groups] == ["visible"] + ["hidden"] * (count - 1)
    for k in range(count):                      # the middle of each frame's slice of the loop
        shown = [n for n, g in enumerate(groups)
                 if visible_at(g.find(f"{SVG}animate"), (k + 0.5) / count) == "visible"]
        assert shown == [k]


def test_a_stride_larger_than_the_kernel_steps_over_rows():
    window = sliding_window((9, 9), {"kernel": 2, "stride": 3})
    # windows start at rows 0, 3, 6 (⌊(9 − 2)/3⌋ + 1 = 3) and read two rows each
    assert window.uncovered_rows == (2, 5, 8)
    svg = conv_svg(window)
    assert "input rows 3 and 6 and columns 3 and 6, between the windows" in svg
    assert "input row 9 and column 9, past the last window" in svg


def test_png_needs_a_file():
    result = run("5", "--kernel", "3", "--format", "png")
    assert result.exit_code == 2
    assert "a PNG picture needs a file" in result.output


def test_grid_axes_is_the_layers_own():
    # conv: the padding around the input; transposed: spread by S, D·(F − 1) − P around, stride 1
    from cnncalc.layers.base import GridAxis
    from cnncalc.one_layer import build_layer
    conv = build_layer("conv", {"filters": 1, "kernel": 3, "stride": 2, "padding": 1})
    assert conv.grid_axes([(5, 5, 1)]) == (GridAxis(5, 3, 2, 1, 1, 1),) * 2
    deconv = build_layer("conv_transpose", {"filters": 1, "kernel": 4, "stride": 2, "padding": 1})
    assert deconv.grid_axes([(4, 4, 1)]) == (GridAxis(4, 4, 1, 1, 4 - 1 - 1, 4 - 1 - 1, 2),) * 2
    assert build_layer("maxpool", {"kernel": 2}).grid_axes([(4, 4, 1)]) is None
