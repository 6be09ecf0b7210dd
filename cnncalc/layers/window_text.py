"""The words of sliding-window arithmetic, shared by convolution and pooling so that one formula
reads the same everywhere: the output-size formula per axis and the notes about it (a floor
that drops input, `same` padding that cannot be symmetric).

The size formula is always written in the conv order ``⌊(W − F + 2P)/S⌋ + 1``; a dilated kernel
or unequal padding switches to the general form ``⌊(W + P_before + P_after − D·(F−1) − 1)/S⌋ + 1``.
"""

from __future__ import annotations

from typing import Sequence

from ..receptive import AxisWindow, uncovered
from ..shapes import effective_kernel

AXES = (("H", "row", "rows", "top", "bottom"), ("W", "column", "columns", "left", "right"))


def size_numerator(size: int, kernel: int, pads: tuple[int, int], dilation: int = 1) -> str:
    """What the stride divides, with the numbers put in.

    >>> size_numerator(227, 11, (0, 0))
    '227 − 11 + 2·0'
    >>> size_numerator(32, 3, (2, 2), dilation=2)
    '32 + 2·2 − 2·(3−1) − 1'
    >>> size_numerator(224, 3, (0, 1))
    '224 + 0 + 1 − 3'
    """
    before, after = pads
    if dilation == 1 and before == after:
        return f"{size} − {kernel} + 2·{before}"
    span = f"{dilation}·({kernel}−1) − 1" if dilation != 1 else f"{kernel}"
    pad = f"2·{before}" if before == after else f"{before} + {after}"
    return f"{size} + {pad} − {span}"


def size_formula(size: int, kernel: int, stride: int, pads: tuple[int, int], dilation: int,
                 out: int, ceil: bool = False) -> str:
    """The output-size formula for one axis with the numbers put in.

    >>> size_formula(227, 11, 4, (0, 0), 1, 55)
    '⌊(227 − 11 + 2·0)/4⌋ + 1 = 55'
    >>> size_formula(55, 3, 2, (0, 0), 1, 27)
    '⌊(55 − 3 + 2·0)/2⌋ + 1 = 27'
    >>> size_formula(32, 3, 1, (1, 1), 1, 32)
    '32 − 3 + 2·1 + 1 = 32'
    """
    inner = size_numerator(size, kernel, pads, dilation)
    if stride == 1:
        return f"{inner} + 1 = {out}"
    left, right = ("⌈", "⌉") if ceil else ("⌊", "⌋")
    return f"{left}({inner})/{stride}{right} + 1 = {out}"


def per_axis(texts: Sequence[str]) -> str:
    """``H, W: …`` when both axes read the same, else ``H: …; W: …``."""
    if texts[0] == texts[1]:
        return f"H, W: {texts[0]}"
    return f"H: {texts[0]}; W: {texts[1]}"


def _the_last(count: int, one: str, many: str) -> str:
    return f"the last {one}" if count == 1 else f"the last {count} {many}"


def floor_note(sizes, kernels, strides, paddings, dilations, outputs, window: str) -> str | None:
    """Which input rows and columns the floor of the size formula leaves uncovered, or None
    when every input row and column is covered (padding alone may be left over).

    The windows cover ``(out − 1)·S + D·(F − 1) + 1`` positions of the padded input; what is
    left at the end, less the padding after, is input that never reaches the output.
    """
    lost = []
    for (_, one, many, _, _), size, k, s, (before, after), d, out in zip(
            AXES, sizes, kernels, strides, paddings, dilations, outputs):
        left_over = size + before + after - ((out - 1) * s + effective_kernel(k, d))
        dropped = uncovered(size, out, AxisWindow(effective_kernel(k, d), s, before))
        if dropped > 0:
            inner = size_numerator(size, k, (before, after), d)
            value = size + before + after - effective_kernel(k, d)
            lost.append((f"{inner} = {value} is not a multiple of the stride {s}: the floor "
                         f"drops a remainder of {left_over}", _the_last(dropped, one, many),
                         left_over - dropped))
    if not lost:
        return None
    h, w = sizes
    if len(lost) == 2 and lost[0][0] == lost[1][0]:
        reason, padding = lost[0][0], lost[0][2]
        what = f"{lost[0][1]} and {lost[1][1]}"
    else:
        reason = "; ".join(f"{axis}: {text}" for (axis, *_), (text, _, _) in zip(AXES, lost)
                           ) if len(lost) == 2 else lost[0][0]
        what = " and ".join(item[1] for item in lost)
        padding = max(item[2] for item in lost)
    aside = f" ({padding} of the remainder is padding)" if padding else ""
    plural = len(lost) == 2 or not what.endswith(("row", "column"))
    verb, pronoun = ("are", "they do") if plural else ("is", "it does")
    return (f"{reason}{aside}, so {what} of the {h}×{w} input {verb} never covered by a "
            f"{window}: {pronoun} not affect the output")


def same_padding_note(sizes, kernels, strides, paddings, dilations, outputs) -> str | None:
    """How `same` padding is split when it cannot be symmetric, or None when it is."""
    if all(before == after for before, after in paddings):
        return None
    texts = []
    for (_, _, _, first, second), size, k, s, (before, after), d, out in zip(
            AXES, sizes, kernels, strides, paddings, dilations, outputs):
        total = before + after
        texts.append(f"⌈{size}/{s}⌉ = {out} outputs need ({out} − 1)·{s} + "
                     f"{effective_kernel(k, d)} − {size} = {total} padding: {first} {before}, "
                     f"{second} {after}")
    return ("same padding cannot be symmetric here; " + per_axis(texts) + ". An odd total "
            "cannot be split evenly: TensorFlow (and PyTorch's padding='same', which allows "
            "stride 1 only) puts the extra row or column after, at the bottom and right")
