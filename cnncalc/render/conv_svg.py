"""The sliding window as a picture (after Dumoulin & Visin's convolution-arithmetic figures): the
padded input grid, the kernel's taps at each position, the output grid with the current cell, the
output-size formula with its numbers, and a legend.

Two forms: one animated SVG (SMIL: each frame's group is made visible in turn; a viewer without
animation shows the first frame), or, for print, a grid of small frames laid out like the output.
"""

from __future__ import annotations

from ..errors import CnnCalcError
from ..sliding_window import Cell, Frame, SlidingWindow
from ..text import and_list
from .svg import attrs, document, num, text, text_width

FILLS = {Cell.INPUT: "#fff6d6", Cell.PADDING: "#cfcfcf", Cell.SPREAD: "#ececec"}
UNCOVERED = "#f6b26b"
TAP, TAP_EDGE = "#3d7cc9", "#1c4f8c"
OUTPUT_ON = "#3d7cc9"
SECONDS_PER_FRAME = 0.8
MAX_PRINTED_FRAMES = 144


def conv_svg(window: SlidingWindow, frames: bool = False) -> str:
    """The picture of `window`: animated, or with `frames` one small panel per output cell."""
    return (printed(window) if frames else animated(window))


def title(window: SlidingWindow) -> str:
    what = "Transposed convolution" if window.transposed else "Convolution"
    (h, w), (oh, ow) = window.input_size, window.output_size
    return f"{what}: {h}×{w} input, {window.row.summary.removeprefix('1 × ')} → {oh}×{ow} output"


def grid_label(window: SlidingWindow) -> str:
    kinds = {cell for line in window.grid for cell in line}
    if Cell.SPREAD in kinds:
        return "input, spread out and padded"
    return "input, padded" if Cell.PADDING in kinds else "input"


def cell_size(window: SlidingWindow) -> float:
    """Cells shrink for big grids so the picture stays about 400 px wide."""
    return max(10.0, min(32.0, 400 / max(window.grid_size)))


def grid(window: SlidingWindow, x: float, y: float, size: float) -> list[str]:
    """The input grid: input cells white, padding grey, spread zeros light; input no window
    reads in orange."""
    uncovered_rows, uncovered_cols = set(window.uncovered_rows), set(window.uncovered_columns)
    body = []
    for i, line in enumerate(window.grid):
        for j, cell in enumerate(line):
            fill = FILLS[cell]
            if cell is Cell.INPUT and (i in uncovered_rows or j in uncovered_cols):
                fill = UNCOVERED
            dash = ' stroke-dasharray="2,2"' if cell is not Cell.INPUT else ""
            body.append(f"<rect {attrs(x=x + j * size, y=y + i * size, width=size, height=size)}"
                        f' fill="{fill}" stroke="#888888" stroke-width="0.8"{dash}/>')
            if cell is not Cell.INPUT and size >= 14:
                body.append(text(x + (j + 0.5) * size, y + (i + 0.5) * size + size * 0.16, "0",
                                 size=size * 0.45, fill="#777777"))
    return body


def output_grid(window: SlidingWindow, x: float, y: float, size: float) -> list[str]:
    rows, cols = window.output_size
    return [f"<rect {attrs(x=x + j * size, y=y + i * size, width=size, height=size)}"
            ' fill="#ffffff" stroke="#888888" stroke-width="0.8"/>'
            for i in range(rows) for j in range(cols)]


def frame_marks(frame: Frame, x: float, y: float, size: float, out_x: float, out_y: float,
                out_size: float) -> list[str]:
    """The kernel taps over the grid, the window's span, and the output cell they make."""
    rows = [r for r, _ in frame.taps]
    cols = [c for _, c in frame.taps]
    span = attrs(x=x + min(cols) * size, y=y + min(rows) * size,
                 width=float((max(cols) - min(cols) + 1) * size),
                 height=float((max(rows) - min(rows) + 1) * size))
    body = [f'<rect {span} fill="none" stroke="{TAP_EDGE}" stroke-width="2"/>']
    for r, c in frame.taps:
        tap = attrs(x=x + c * size + 2, y=y + r * size + 2, width=size - 4, height=size - 4)
        body.append(f'<rect {tap} fill="{TAP}" fill-opacity="0.55" stroke="{TAP_EDGE}" '
                    'stroke-width="0.8"/>')
    i, j = frame.output
    cell = attrs(x=out_x + j * out_size, y=out_y + i * out_size, width=out_size,
                 height=out_size)
    body.append(f'<rect {cell} fill="{OUTPUT_ON}" fill-opacity="0.75" stroke="{TAP_EDGE}" '
                'stroke-width="1.5"/>')
    return body


def caption(frame: Frame) -> str:
    """``output (1, 2) ← rows 1–3, columns 3–5``: the cell and the grid span it reads (1-based)."""
    rows = [r for r, _ in frame.taps]
    cols = [c for _, c in frame.taps]
    i, j = frame.output
    return (f"output ({i + 1}, {j + 1}) ← rows {min(rows) + 1}–{max(rows) + 1}, "
            f"columns {min(cols) + 1}–{max(cols) + 1}")


def uncovered_texts(window: SlidingWindow) -> list[str]:
    """Legend lines for input no window reads, in the input's own 1-based rows and columns:
    past the last window (what the floor drops) and between windows (what the steps pass over)."""
    first_row = next(i for i, line in enumerate(window.grid) if Cell.INPUT in line)
    first_col = window.grid[first_row].index(Cell.INPUT)
    last_row = max(r for frame in window.frames for r, _ in frame.taps)
    last_col = max(c for frame in window.frames for _, c in frame.taps)
    past, between = [], []
    for noun, lines, first, last in (("row", window.uncovered_rows, first_row, last_row),
                                     ("column", window.uncovered_columns, first_col, last_col)):
        for group, chosen in ((past, [n for n in lines if n > last]),
                              (between, [n for n in lines if n < last])):
            if chosen:
                numbers = and_list([str(n - first + 1) for n in chosen])
                group.append(f"{noun}{'s' if len(chosen) > 1 else ''} {numbers}")
    texts = []
    if past:
        texts.append(f"never read: input {' and '.join(past)}, past the last window — the "
                     "window does not fit there, so the floor in ⌊…/S⌋ drops it")
    if between:
        texts.append(f"never read: input {' and '.join(between)}, between the windows — the "
                     "steps pass over them (stride larger than the window, or dilation gaps)")
    return texts


def legend(window: SlidingWindow, x: float, y: float) -> tuple[list[str], float, float]:
    """Swatches and their meaning; returns the lines, the height and the width used."""
    entries = [(FILLS[Cell.INPUT], "input")]
    if any(Cell.PADDING in line for line in window.grid):
        entries.append((FILLS[Cell.PADDING], "padding (zeros)"))
    if any(Cell.SPREAD in line for line in window.grid):
        entries.append((FILLS[Cell.SPREAD], "zeros spread between input cells by the stride"))
    entries.append((TAP, "kernel taps at this position; output cell they make"))
    entries += [(UNCOVERED, note) for note in uncovered_texts(window)]
    body = []
    for number, (fill, meaning) in enumerate(entries):
        top = y + number * 20
        body.append(f"<rect {attrs(x=x, y=top, width=14, height=14)} fill=\"{fill}\" "
                    'stroke="#888888" stroke-width="0.8"/>')
        body.append(text(x + 22, top + 11, meaning, size=11, anchor="start"))
    return body, len(entries) * 20, 22 + max(text_width(meaning, 11) for _, meaning in entries)


def formula_lines(window: SlidingWindow) -> list[str]:
    """The output-size formula as the calculator writes it, and for a transposed convolution the
    equivalent direct one."""
    lines = [f"Output size: {window.size_formula}"]
    if window.transposed:
        lines.append("Drawn as its equivalent convolution, stride 1, over the input spread out:")
        lines.append(window.equivalent)
    return lines


def footer(window: SlidingWindow, x: float, y: float) -> tuple[list[str], float, float]:
    """Formula and legend below the grids; returns the lines, height and width used."""
    lines = formula_lines(window)
    body = [text(x, y + 16 + 18 * i, line, size=12, anchor="start") for i, line in
            enumerate(lines)]
    top = y + 18 * len(lines) + 16
    legend_body, height, legend_width = legend(window, x, top)
    width = max([legend_width] + [text_width(line, 12) for line in lines])
    return body + legend_body, top + height - y, width


def animated(window: SlidingWindow) -> str:
    size = cell_size(window)
    gh, gw = window.grid_size
    oh, ow = window.output_size
    x0, y0 = 20.0, 80.0
    out_x = x0 + gw * size + 70
    out_y = y0 + (gh - oh) * size / 2
    body = [text(20, 28, title(window), size=16, anchor="start", weight="bold"),
            text(20, 50, f"{len(window.frames)} positions of the window, one per output cell",
                 size=11, anchor="start", fill="#444444"),
            text(x0 + gw * size / 2, y0 - 10, grid_label(window), size=11),
            text(out_x + ow * size / 2, out_y - 10, "output", size=11),
            text(out_x - 35, y0 + gh * size / 2 + 6, "→", size=20)]
    body += grid(window, x0, y0, size) + output_grid(window, out_x, out_y, size)
    count = len(window.frames)
    for k, frame in enumerate(window.frames):
        visibility = "visible" if k == 0 else "hidden"
        body.append(f'<g {attrs(class_="frame", visibility=visibility)}>')
        if count > 1:
            body.append(visible_in_turn(k, count))
        body += frame_marks(frame, x0, y0, size, out_x, out_y, size)
        body.append(text(out_x, out_y + oh * size + 18, caption(frame), size=11, anchor="start"))
        body.append("</g>")
    bottom = max(y0 + gh * size, out_y + oh * size + 24) + 16
    lines, height, width = footer(window, 20, bottom)
    body += lines
    widest = max(text_width(caption(frame), 11) for frame in window.frames)
    total_width = max(out_x + max(ow * size, widest) + 20, 40 + width,
                      40 + text_width(title(window), 16))
    return document(total_width, bottom + height + 20, title(window), body)


def visible_in_turn(k: int, count: int) -> str:
    """A SMIL animation showing frame `k` of `count` during its own slice of the loop
    (discrete values: each holds from its key time to the next).

    >>> visible_in_turn(1, 4).split()[3:6]
    ['values="hidden;visible;hidden"', 'keyTimes="0;0.25;0.5"', 'dur="3.2s"']
    >>> visible_in_turn(0, 4).split()[3:5], visible_in_turn(3, 4).split()[3:5]
    (['values="visible;hidden"', 'keyTimes="0;0.25"'], ['values="hidden;visible"', 'keyTimes="0;0.75"'])
    """
    values, times = ["hidden", "visible", "hidden"], [0.0, k / count, (k + 1) / count]
    if k == 0:
        values, times = values[1:], times[1:]
    if k == count - 1:
        values, times = values[:-1], times[:-1]
    key_times = ";".join(f"{t:.6f}".rstrip("0").rstrip(".") for t in times)
    return (f'<animate attributeName="visibility" calcMode="discrete" '
            f'{attrs(values=";".join(values), keyTimes=key_times)} '
            f'dur="{num(count * SECONDS_PER_FRAME)}s" repeatCount="indefinite"/>')


def printed(window: SlidingWindow) -> str:
    """One small panel per output cell, in the output's own rows and columns."""
    count = len(window.frames)
    if count > MAX_PRINTED_FRAMES:
        raise CnnCalcError(f"draw-conv --frames prints one small picture per output cell, and "
                           f"this layer has {count}; at most {MAX_PRINTED_FRAMES} fit a page: "
                           "use a smaller input, or the animated picture (without --frames)")
    gh, gw = window.grid_size
    oh, ow = window.output_size
    size = max(6.0, min(14.0, 150 / max(gh, gw)))
    out_size = size
    panel_w = gw * size + 16 + ow * out_size
    panel_h = max(gh, oh) * size + 22
    x0, y0 = 20.0, 70.0
    body = [text(20, 28, title(window), size=16, anchor="start", weight="bold"),
            text(20, 50, f"{count} positions of the window, one per output cell, in the "
                 "output's rows and columns", size=11, anchor="start", fill="#444444")]
    for frame in window.frames:
        i, j = frame.output
        px, py = x0 + j * (panel_w + 24), y0 + i * (panel_h + 14)
        out_x, out_y = px + gw * size + 16, py + 16 + (gh - oh) * size / 2
        body.append(f'<g {attrs(class_="frame", data_output=f"{i},{j}")}>')
        body.append(text(px, py + 10, f"output ({i + 1}, {j + 1})", size=10, anchor="start"))
        body += grid(window, px, py + 16, size) + output_grid(window, out_x, out_y, out_size)
        body += frame_marks(frame, px, py + 16, size, out_x, out_y, out_size)
        body.append("</g>")
    bottom = y0 + oh * (panel_h + 14)
    lines, height, width = footer(window, 20, bottom)
    body += lines
    total_width = max(x0 + ow * (panel_w + 24), 40 + width, 40 + text_width(title(window), 16))
    return document(total_width, bottom + height + 20, title(window), body)
