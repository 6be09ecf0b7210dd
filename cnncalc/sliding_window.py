"""Where a convolution's window goes: the data behind `cnncalc draw-conv`, after the pictures of
Dumoulin & Visin, "A guide to convolution arithmetic for deep learning" (2016).

The layer is built and calculated by the calculator itself (`cnncalc.one_layer`), so its output
size and formula text are the calculator's; the grid is the layer's own `grid_axes`; this module
follows the window over it:

- convolution: the grid is the input with P rows/columns of padding around it; output cell
  (i, j) reads the taps at rows ``i·S + D·t`` and columns ``j·S + D·u`` (t, u < F).
- transposed convolution: the grid is the input spread out by the stride (S − 1 zeros between
  neighbours) with D·(F − 1) − P rows/columns of zeros around it (plus the output padding at the
  end), and the window slides over it with stride 1 — the equivalent direct convolution.

Input cells that no window ever covers are what the floor in ⌊…/S⌋ drops (or what a stride larger
than the window steps over).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .calculator import summarize
from .errors import CnnCalcError
from .layers.base import GridAxis
from .one_layer import one_layer_network
from .report import LayerRow

MAX_GRID = 32
"""The largest grid side drawn: every cell is a square in the picture."""


class Cell(str, Enum):
    """What a grid cell holds."""

    INPUT = "input"
    PADDING = "padding"
    SPREAD = "spread"
    """A zero inserted between input cells by a transposed convolution's stride."""


@dataclass(frozen=True)
class Frame:
    """One position of the window: the output cell it makes and the grid cells it reads."""

    output: tuple[int, int]
    taps: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SlidingWindow:
    """The whole picture as data: the grid, the output size, one frame per output cell."""

    input_size: tuple[int, int]
    grid: tuple[tuple[Cell, ...], ...]
    output_size: tuple[int, int]
    frames: tuple[Frame, ...]
    uncovered_rows: tuple[int, ...]
    """Grid rows holding input that no window reads (likewise `uncovered_columns`)."""
    uncovered_columns: tuple[int, ...]
    transposed: bool
    row: LayerRow
    """The calculator's row for this layer: its formulas are the picture's formulas."""
    equivalent: str = ""
    """For a transposed convolution, how its equivalent direct convolution's grid is made, with
    the numbers put in."""

    @property
    def grid_size(self) -> tuple[int, int]:
        return len(self.grid), len(self.grid[0])

    @property
    def size_formula(self) -> str:
        """The output-size formula with the numbers put in, as the calculator writes it
        (the channel part left out: the picture has one channel)."""
        return self.row.formulas["output"].split("; C =")[0]


_SIZE = re.compile(r"\s*(\d{1,30})\s*(?:[x×X,]\s*(\d{1,30})\s*)?")


def size_from_text(text: str) -> tuple[int, int]:
    """``5x5`` or ``5`` (a square) → (5, 5); ``4×6`` → (4, 6).

    >>> size_from_text("5"), size_from_text("4×6"), size_from_text(" 7 x 3 ")
    ((5, 5), (4, 6), (7, 3))
    """
    match = _SIZE.fullmatch(text)
    if not match or int(match.group(1)) < 1 or int(match.group(2) or 1) < 1:
        raise CnnCalcError(f"draw-conv: the input is a size H×W like 5x5, or one number for a "
                           f"square like 5; received {text[:40]!r}")
    height = int(match.group(1))
    return height, int(match.group(2) or height)


def sliding_window(size: tuple[int, int], settings: dict, transposed: bool = False
                   ) -> SlidingWindow:
    """The window's path for a conv (or transposed conv) with `settings` (spec values: kernel,
    stride, padding, dilation, output_padding) over a one-channel input of `size`. The grid
    comes from the layer's own `grid_axes`."""
    kind = "conv_transpose" if transposed else "conv"
    settings = {"filters": 1, **settings}
    network = one_layer_network(kind, settings, (*size, 1))
    row = summarize(network).layers[0]
    axes = network.nodes[0].layer.grid_axes([(*size, 1)])
    for axis in axes:
        if axis.before < 0:
            limit = axis.dilation * (axis.kernel - 1)
            raise CnnCalcError(f"draw-conv --transposed: padding {limit - axis.before} is more "
                               f"than D·(F−1) = {limit}, so the equivalent convolution would "
                               "crop its input, which cannot be drawn; use a padding of at most "
                               f"{limit}")
    sides = [a.before + (a.size - 1) * a.spread + 1 + a.after for a in axes]  # before listing
    if max(sides) > MAX_GRID:
        raise CnnCalcError(f"draw-conv draws every cell, and this grid would be "
                           f"{sides[0]}×{sides[1]}; at most {MAX_GRID} per side can be drawn: "
                           "try the same settings on a smaller input, e.g. 7x7")
    (rows, row_starts, row_taps), (cols, col_starts, col_taps) = [grid_lines(a) for a in axes]
    output = (len(row_starts), len(col_starts))
    if output != tuple(row.output_shape[:2]):  # the window's path must agree with the formula
        raise AssertionError(f"window count {output} ≠ calculator {row.output_shape}")
    frames = tuple(Frame((i, j), tuple((r + t, c + u) for t in row_taps for u in col_taps))
                   for i, r in enumerate(row_starts) for j, c in enumerate(col_starts))
    grid = tuple(tuple(_cell(a, b) for b in cols) for a in rows)
    read_rows = {r + t for r in row_starts for t in row_taps}
    read_cols = {c + u for c in col_starts for u in col_taps}
    return SlidingWindow(
        input_size=size, grid=grid, output_size=output, frames=frames,
        uncovered_rows=tuple(i for i, a in enumerate(rows)
                             if a == Cell.INPUT and i not in read_rows),
        uncovered_columns=tuple(j for j, b in enumerate(cols)
                                if b == Cell.INPUT and j not in read_cols),
        transposed=transposed, row=row,
        equivalent=_equivalent_text(axes) if transposed else "")


def grid_lines(axis: GridAxis) -> tuple[list[Cell], list[int], list[int]]:
    """One axis of the grid: what each line is, where the windows start, the taps' offsets.

    >>> lines, starts, taps = grid_lines(GridAxis(6, 3, 2, 1, 0, 0))   # 6, F 3, S 2: ⌊3/2⌋ + 1
    >>> len(lines), starts, taps
    (6, [0, 2], [0, 1, 2])
    >>> lines, starts, _ = grid_lines(GridAxis(3, 3, 1, 1, 1, 1, spread=2))  # transposed S 2, P 1
    >>> "".join(line.value[0] for line in lines), starts
    ('pisisip', [0, 1, 2, 3, 4])
    """
    spread = [Cell.INPUT if i % axis.spread == 0 else Cell.SPREAD
              for i in range((axis.size - 1) * axis.spread + 1)]
    lines = [Cell.PADDING] * axis.before + spread + [Cell.PADDING] * axis.after
    span = axis.dilation * (axis.kernel - 1) + 1
    starts = list(range(0, len(lines) - span + 1, axis.stride))
    return lines, starts, [axis.dilation * t for t in range(axis.kernel)]


def _cell(row_kind: Cell, column_kind: Cell) -> Cell:
    """A cell is input only where its row and its column both are; padding wins over spread."""
    if Cell.PADDING in (row_kind, column_kind):
        return Cell.PADDING
    if Cell.SPREAD in (row_kind, column_kind):
        return Cell.SPREAD
    return Cell.INPUT


def _equivalent_text(axes: tuple[GridAxis, GridAxis]) -> str:
    """How the grid of a transposed convolution is made, per axis (once when both agree).

    >>> _equivalent_text((GridAxis(3, 3, 1, 1, 1, 1, spread=2),) * 2)
    'H, W: S − 1 = 1 zero between input cells, D·(F − 1) − P = 1·(3−1) − 1 = 1 around'
    """
    texts = []
    for axis in axes:
        s, d, k = axis.spread, axis.dilation, axis.kernel
        padding, extra = d * (k - 1) - axis.before, axis.after - axis.before
        zeros = "zero" if s - 1 == 1 else "zeros"
        text = (f"S − 1 = {s - 1} {zeros} between input cells, D·(F − 1) − P = "
                f"{d}·({k}−1) − {padding} = {axis.before} around")
        texts.append(text + (f" (+ {extra} at the end: the output padding)" if extra else ""))
    if texts[0] == texts[1]:
        return f"H, W: {texts[0]}"
    return f"H: {texts[0]}; W: {texts[1]}"
