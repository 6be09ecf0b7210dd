"""Solve for a hyper-parameter: which padding (stride, kernel, dilation, input size) gives the
wanted output?

**One unknown** is solved exactly (`solve_one`): the output formula
``O = ⌊(W + P_before + P_after − D·(F − 1) − 1)/S⌋ + 1`` (a transposed convolution's
``(W − 1)·S − 2P + D·(F − 1) + output_padding + 1``, 'same' padding's ``⌈W/S⌉``) is solved for
the unknown on each axis by the pure functions `conv_padding_values` … `transpose_values`
(each states its algebra), and every value they allow is then evaluated by the registry class
itself, so what counts is the calculator's own `output_shape`, however large the value. The
solutions may be unbounded (``any stride ≥ 32`` for 32 → 1 with a 1-wide kernel): past the
value where outputs stop changing (the padded input + 1 for a stride) one evaluation decides
the rest, and `Solutions.open_from` says where they begin. No search cap applies.

**Several unknowns** are searched in stated ranges, each assignment evaluated:

- padding 0 … span − 1, span = D·(F − 1) + 1 (a larger padding makes windows that see only
  padding); with the kernel unknown too, F is the largest kernel searched and each candidate
  keeps its padding below its own span;
- stride and dilation 1 … N, N the largest side of the input and the output (of the output when
  the input is the unknown);
- kernel 1 … N + 2P (P the given padding; 0 when the padding is unknown too);
- input 1 … O·S + 2·span, O the larger output side and S the largest stride in play: a conv
  input beyond O·S + span gives more than O outputs, a transposed conv's beyond O + 2P + 1.

Scalar values apply to both axes. A malformed request (an unknown the kind does not have, a bad
given value, nothing to find) raises `CnnCalcError`; a well-formed one without a solution returns
`Solutions` with no values and a `reason` computed from the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from math import prod
from typing import Any, Mapping, Sequence

from .errors import CnnCalcError, SettingError, ShapeError
from .layers import REGISTRY, Layer, Shape
from .layers.conv import NO_PADDING
from .layers.pool import WindowPool
from .layers.settings import SAME
from .one_layer import layer_class
from .shapes import conv_transpose_output_size, effective_kernel, same_padding
from .text import and_list, shape_text

SOLVABLE = ("padding", "stride", "kernel", "dilation", "input")
GEOMETRY = ("kernel", "stride", "padding", "dilation", "output_padding", "ceil_mode")
"""The given settings a reason mentions (the ones that shape the output's H and W)."""
POOLS = tuple(sorted({cls.kind for cls in REGISTRY.values() if issubclass(cls, WindowPool)}))
MAX_CANDIDATES = 250_000
"""About 10 µs each: a search stays within a few seconds."""


@dataclass(frozen=True)
class Solutions:
    """The answer to a `solve` request: plain data, rendered by `render.solutions`."""

    unknowns: tuple[str, ...]
    """What was solved for, e.g. ("stride", "padding")."""
    values: tuple[tuple[int, ...], ...]
    """Every valid assignment, in the order of `unknowns`, ascending."""
    searched: dict[str, tuple[int, int]]
    """The inclusive range searched per unknown; empty for one unknown (solved, not searched)."""
    same: tuple[int, ...] | None
    """The assignment courses call "same" (output ⌈input/stride⌉, symmetric padding), if any."""
    reason: str | None
    """Why there is no solution, when `values` is empty."""
    open_from: int | None = None
    """One unknown only: every value from this one on is a solution too (``any stride ≥ 32``);
    it is the last of `values`."""

    def assignments(self) -> list[dict[str, int]]:
        """Each solution as ``{unknown: value}``."""
        return [dict(zip(self.unknowns, values)) for values in self.values]


def solve(kind: str, settings: Mapping[str, Any], unknowns: Sequence[str],
          input_shape: Shape | None, output: int | Sequence[int]) -> Solutions:
    """Every assignment of `unknowns` (one: all of them; several: within the searched ranges)
    for which a `kind` layer with `settings` turns `input_shape` into `output` ((H, W),
    (H, W, C) or one size for both axes).

    >>> solve("conv", {"filters": 6, "kernel": 5, "stride": 1}, ["padding"], (32, 32, 3), 32)
    ... # doctest: +NORMALIZE_WHITESPACE
    Solutions(unknowns=('padding',), values=((2,),), searched={}, same=(2,), reason=None,
              open_from=None)
    >>> solve("conv", {"filters": 6, "kernel": 1}, ["stride"], (32, 32, 3), 1).open_from
    32
    """
    cls = layer_class(kind)
    unknowns = checked_unknowns(cls, settings, unknowns, input_shape)
    wanted = wanted_output(output)
    base = given_values(cls, settings, unknowns)
    if input_shape is not None:
        input_shape = checked_input(input_shape)
    channels = wanted[2] if len(wanted) == 3 else 1
    compare = len(wanted) if input_shape is not None and len(input_shape) == 3 else 2
    search = Search(cls, base, unknowns, input_shape, channels)
    given = given_text(settings, input_shape)
    if len(unknowns) == 1:
        return solve_one(search, wanted, compare, given)
    ranges = search_ranges(base, unknowns, input_shape, wanted)
    count = prod(hi - lo + 1 for lo, hi in ranges.values())
    if count > MAX_CANDIDATES:
        raise CnnCalcError(f"solving for {and_list(unknowns)} would try {count:,} "
                           f"combinations ({range_text(ranges)}); give one of them")
    tried = [(values, search.evaluate(values))
             for values in product(*(range(lo, hi + 1) for lo, hi in ranges.values()))]
    values = tuple(values for values, outcome in tried if search.gives(outcome, wanted, compare))
    same = next((found for found in values if search.is_same(found)), None)
    reason = None
    if not values:
        reason = no_solution_reason(tried, wanted, compare, unknowns, range_text(ranges), given)
    return Solutions(unknowns, values, ranges, same, reason)


def solve_one(search: "Search", wanted: tuple[int, ...], compare: int, given: str) -> Solutions:
    """One unknown, exactly: each axis's `axis_values`, every value they allow (and the ones
    next to them, for the reason when none works) evaluated by the layer itself, and an
    unbounded interval decided by evaluating up to the value where outputs stop changing."""
    unknown = search.unknowns[0]
    sizes = (None, None) if search.input_shape is None else search.input_shape[:2]
    axes = [axis_values(search.cls.kind, search.base, unknown, axis, sizes[axis], wanted[axis])
            for axis in (0, 1)]
    lowest = LOWEST[unknown]
    near: list[tuple[int, int]] = []
    for (low, high), settle in axes:
        top = max(low, settle) if high is None else max(low, high)
        near.append((min(low, high if high is not None else low) - 1, top + 1))
    start, stop = max(lowest, min(a for a, _ in near)), max(b for _, b in near)
    if stop - start + 1 > MAX_CANDIDATES:
        raise CnnCalcError(f"solving for {unknown} would evaluate {stop - start + 1:,} values "
                           f"({start}…{stop}); give the layer another way")
    candidates = [lowest] * (start > lowest or stop < start) + list(range(start, stop + 1))
    tried = [((value,), search.evaluate((value,))) for value in candidates]
    found = [values for values, outcome in tried if search.gives(outcome, wanted, compare)]
    open_from = None
    if all(high is None for (_, high), _ in axes) and found and found[-1][0] == stop:
        open_from = stop  # every axis unbounded, and a value past where outputs settle works
        valid = {values[0] for values in found}
        while open_from - 1 in valid:
            open_from -= 1
        found = [values for values in found if values[0] <= open_from]
    values = tuple(found)
    same = next((found for found in values if search.is_same(found)), None)
    reason = None
    if not values:
        reason = no_solution_reason(tried, wanted, compare, (unknown,), unknown, given)
    return Solutions((unknown,), values, {}, same, reason, open_from)


def solution_layer(settings: Mapping[str, Any], input_shape: Sequence[int] | None,
                   solutions: Solutions, values: Sequence[int],
                   channels: int = 1) -> tuple[dict[str, Any], Shape]:
    """The raw settings and the H×W×C input of one solution, ready for the calculator; an input
    without channels (or a solved input size) gets `channels`."""
    chosen = dict(zip(solutions.unknowns, values))
    size = chosen.pop("input", None)
    shape = (size, size) if size is not None else tuple(input_shape)
    return {**settings, **chosen}, shape[:2] + (shape[2:] or (channels,))


# --- the request -----------------------------------------------------------------------------
def checked_unknowns(cls: type[Layer], settings, unknowns, input_shape) -> tuple[str, ...]:
    unknowns = tuple(dict.fromkeys(unknowns))
    if not unknowns:
        raise CnnCalcError("there is nothing to find; leave out one of "
                           f"{', '.join(SOLVABLE)} and say which")
    can = [name for name in SOLVABLE if name in cls.settings]
    if not can:
        raise CnnCalcError(f"{cls.kind} has no padding, stride, kernel or dilation, so no size "
                           "to solve for; solve works with conv, pooling and conv_transpose")
    can.append("input")
    for name in unknowns:
        if name not in SOLVABLE:
            raise CnnCalcError(f"cannot solve for '{name}'; solve finds {', '.join(SOLVABLE)}")
        if name not in can:
            raise CnnCalcError(f"{cls.kind} has no setting '{name}' to find; it can find "
                               f"{', '.join(can)}")
        if name in settings:
            raise CnnCalcError(f"'{name}' is both given ({settings[name]}) and to be found; "
                               "leave it out of the settings")
    if "input" in unknowns and input_shape is not None:
        raise CnnCalcError(f"the input is both given ({shape_text(input_shape)}) and to be "
                           "found; leave the input shape out")
    if "input" not in unknowns and input_shape is None:
        raise CnnCalcError("the input shape is missing; give it, or find 'input'")
    return unknowns


def wanted_output(output: int | Sequence[int]) -> tuple[int, ...]:
    """(H, W) or (H, W, C); one size stands for both axes.

    >>> wanted_output(32), wanted_output((55, 55, 96))
    ((32, 32), (55, 55, 96))
    """
    sizes = [output, output] if isinstance(output, int) else list(output)
    if len(sizes) not in (2, 3) or not all(
            isinstance(size, int) and not isinstance(size, bool) and size >= 1 for size in sizes):
        raise CnnCalcError(f"the wanted output {output!r} is not a size: give H×W, H×W×C or one "
                           "number for both axes, every size a whole number of at least 1")
    return tuple(sizes)


def checked_input(shape: Sequence[int]) -> Shape:
    if len(shape) not in (2, 3) or not all(
            isinstance(size, int) and not isinstance(size, bool) and size >= 1 for size in shape):
        raise CnnCalcError(f"the input {shape!r} is not a feature map: give H×W or H×W×C, every "
                           "size a whole number of at least 1")
    return tuple(shape)


def given_values(cls: type[Layer], settings: Mapping[str, Any], unknowns) -> dict[str, Any]:
    """Every setting parsed, the defaults filled in; the unknowns are left out."""
    for key in settings:
        if key not in cls.settings:
            raise SettingError(f"{cls.kind} has no setting '{key}'; it takes: "
                               f"{', '.join(cls.settings)}", key=key)
    try:
        return cls.parse_settings(settings, skip=unknowns)
    except SettingError as error:
        if error.key in settings:  # say which kind, as the solver's requests name no layer
            raise SettingError(f"{cls.kind}: {error}", key=error.key) from None
        raise


# --- one unknown, exactly: the output formula solved for it ----------------------------------
Interval = tuple[int, "int | None"]
"""(low, high) of the whole numbers that solve one axis; high None: every number from low on;
low > high: none."""


def ceil_div(a: int, b: int) -> int:
    """⌈a/b⌉ for b > 0, exactly."""
    return -(-a // b)


def conv_padding_values(out: int, size: int, span: int, stride: int) -> Interval:
    """The paddings P (each side) for which ``⌊(W + 2P − span)/S⌋ + 1 = O``: that floor is O − 1
    exactly when ``(O − 1)·S ≤ W + 2P − span ≤ O·S − 1``, so
    ``⌈((O − 1)·S + span − W)/2⌉ ≤ P ≤ ⌊(O·S + span − W − 1)/2⌋``, and P ≥ 0.

    >>> conv_padding_values(32, 32, 5, 1)    # 5×5 keeps 32: 2P = 4
    (2, 2)
    >>> conv_padding_values(38, 28, 1, 1)    # 28 + 2·5 − 1 + 1 = 38
    (5, 5)
    >>> conv_padding_values(32, 32, 4, 1)    # 2P = 3: none
    (2, 1)
    """
    low = ceil_div((out - 1) * stride + span - size, 2)
    return max(low, 0), (out * stride + span - size - 1) // 2


def conv_stride_values(out: int, padded: int, span: int) -> Interval:
    """The strides S for which ``⌊A/S⌋ + 1 = O``, A = W + 2P − span ≥ 0 (the window fits):
    ``(O − 1)·S ≤ A < O·S``, so ``⌊A/O⌋ + 1 ≤ S ≤ ⌊A/(O − 1)⌋``; for O = 1 every S > A.

    >>> conv_stride_values(55, 227, 11)      # A = 216: ⌊216/55⌋ + 1 = 4 … ⌊216/54⌋ = 4
    (4, 4)
    >>> conv_stride_values(1, 32, 1)         # A = 31: any stride from 32 on
    (32, None)
    """
    room = padded - span
    if room < 0:
        return 1, 0
    if out == 1:
        return room + 1, None
    return room // out + 1, room // (out - 1)


def conv_span_values(out: int, padded: int, stride: int) -> Interval:
    """The spans ``D·(F − 1) + 1`` for which ``⌊(W + 2P − span)/S⌋ + 1 = O``:
    ``W + 2P − O·S + 1 ≤ span ≤ W + 2P − (O − 1)·S``, and span ≥ 1.

    >>> conv_span_values(55, 227, 4)         # 227 − 220 + 1 = 8 … 227 − 216 = 11
    (8, 11)
    """
    return max(padded - out * stride + 1, 1), padded - (out - 1) * stride


def conv_kernel_values(out: int, padded: int, stride: int, dilation: int) -> Interval:
    """The kernels F whose span ``D·(F − 1) + 1`` is one of `conv_span_values`:
    ``⌈(low − 1)/D⌉ + 1 ≤ F ≤ ⌊(high − 1)/D⌋ + 1``.

    >>> conv_kernel_values(55, 227, 4, 1), conv_kernel_values(28, 32, 1, 2)
    ((8, 11), (3, 3))
    """
    low, high = conv_span_values(out, padded, stride)
    return ceil_div(low - 1, dilation) + 1, (high - 1) // dilation + 1


def conv_dilation_values(out: int, padded: int, stride: int, kernel: int) -> Interval:
    """The dilations D whose span ``D·(F − 1) + 1`` is one of `conv_span_values`:
    ``⌈(low − 1)/(F − 1)⌉ ≤ D ≤ ⌊(high − 1)/(F − 1)⌋``, D ≥ 1; a 1-wide kernel spans 1 at any
    D, so then every D or none.

    >>> conv_dilation_values(32, 36, 1, 3), conv_dilation_values(32, 32, 1, 1)
    ((2, 2), (1, None))
    """
    low, high = conv_span_values(out, padded, stride)
    if kernel == 1:
        return (1, None) if low <= 1 <= high else (1, 0)
    return max(ceil_div(low - 1, kernel - 1), 1), (high - 1) // (kernel - 1)


def conv_input_values(out: int, pads: int, span: int, stride: int) -> Interval:
    """The input sizes W for which ``⌊(W + P_total − span)/S⌋ + 1 = O``:
    ``(O − 1)·S + span − P_total ≤ W ≤ O·S + span − P_total − 1``, and W ≥ 1.

    >>> conv_input_values(55, 0, 11, 4)      # 216 + 11 = 227 … 220 + 10 = 230
    (227, 230)
    """
    return max((out - 1) * stride + span - pads, 1), out * stride + span - pads - 1


def same_stride_values(out: int, size: int) -> Interval:
    """With 'same' padding the output is ``⌈W/S⌉`` at any kernel and dilation; it is O when
    ``W/O ≤ S < W/(O − 1)``: ``⌈W/O⌉ ≤ S ≤ ⌈W/(O − 1)⌉ − 1``; for O = 1 every S ≥ W.

    >>> same_stride_values(16, 32), same_stride_values(1, 7)
    ((2, 2), (7, None))
    """
    if out == 1:
        return size, None
    return ceil_div(size, out), ceil_div(size, out - 1) - 1


def same_input_values(out: int, stride: int) -> Interval:
    """With 'same' padding, ``⌈W/S⌉ = O`` for ``(O − 1)·S + 1 ≤ W ≤ O·S``.

    >>> same_input_values(16, 2)
    (31, 32)
    """
    return (out - 1) * stride + 1, out * stride


def transpose_values(out: int, rest: int, factor: int) -> Interval:
    """The unknown x ≥ 0 of the transposed output ``O = rest + factor·x`` (the formula
    ``(W − 1)·S − 2P + D·(F − 1) + output_padding + 1`` is linear in each of S, P, F, D and W):
    ``x = (O − rest)/factor`` when that is whole; every x when factor is 0 and O = rest.

    >>> transpose_values(8, 2, 3)            # W 4, P 1, F 4: 3·S + 2 = 8 → S = 2
    (2, 2)
    >>> transpose_values(8, 8, 0)            # W 1: every stride gives 8
    (0, None)
    """
    if factor == 0:
        return (0, None) if out == rest else (1, 0)
    steps, remainder = divmod(out - rest, factor)
    return (steps, steps) if remainder == 0 else (1, 0)


LOWEST = {"padding": 0, "stride": 1, "kernel": 1, "dilation": 1, "input": 1}
"""The least value each unknown can take."""


def hull(first: Interval, second: Interval) -> Interval:
    """The smallest interval holding both (an empty one adds nothing).

    >>> hull((2, 3), (5, None)), hull((2, 3), (1, 0))
    ((2, None), (2, 3))
    """
    if first[1] is not None and first[0] > first[1]:
        return second
    if second[1] is not None and second[0] > second[1]:
        return first
    high = None if None in (first[1], second[1]) else max(first[1], second[1])
    return min(first[0], second[0]), high


def axis_values(kind: str, base: Mapping[str, Any], unknown: str, axis: int, size: int | None,
                out: int) -> tuple[Interval, int]:
    """The values of `unknown` that give `out` on one axis, by the closed forms above, and the
    value from which an unbounded interval's outputs (and the layer's checks) no longer change:
    evaluating up to it decides the rest. A pooling's ceil mode gives the floor's output or one
    more, so its candidates are the floor's solutions for O and O − 1; a pooling whose stride
    follows its unknown window has the candidates 1 … its padded input."""
    def pick(name: str, default: int) -> int:
        value = base.get(name)
        return default if value is None or unknown == name else value[axis]

    kernel, dilation, extra = pick("kernel", 1), pick("dilation", 1), pick("output_padding", 0)
    window_stride = kind in POOLS and base.get("stride") is None  # the stride is the window
    stride = kernel if window_stride else pick("stride", 1)
    padding = base.get("padding", NO_PADDING)
    same = padding == SAME
    before, after = (0, 0) if same or unknown == "padding" else padding[axis]
    span = effective_kernel(kernel, dilation)
    if kind == "conv_transpose":
        values = transpose_axis(unknown, out, size, kernel, stride, before, extra, dilation)
        return values, extra + 1
    padded = (size or 0) + before + after
    settle = 1
    if unknown == "stride" or (unknown == "kernel" and window_stride):
        settle = size + 1 if same else padded + 1

    def floor_values(target: int) -> Interval:
        if unknown == "padding":
            return conv_padding_values(target, size, span, stride)
        if unknown == "input":
            return (same_input_values(target, stride) if same else
                    conv_input_values(target, before + after, span, stride))
        if unknown == "stride":
            return (same_stride_values(target, size) if same else
                    conv_stride_values(target, padded, span))
        if unknown == "kernel" and window_stride:
            return same_stride_values(target, size) if same else (1, padded)
        if same:  # ⌈W/S⌉ at every kernel and dilation
            return (1, None) if ceil_div(size, stride) == target else (1, 0)
        if unknown == "kernel":
            return conv_kernel_values(target, padded, stride, dilation)
        return conv_dilation_values(target, padded, stride, kernel)

    values = floor_values(out)
    if base.get("ceil_mode") and out > 1:
        values = hull(values, floor_values(out - 1))
    return values, settle


def transpose_axis(unknown: str, out: int, size: int | None, kernel: int, stride: int,
                   padding: int, extra: int, dilation: int) -> Interval:
    """`transpose_values` for the unknown of `shapes.conv_transpose_output_size`,
    ``(W − 1)·S − 2P + D·(F − 1) + extra + 1``, which is affine in each one: its value at the
    unknown's first value (0, or 1 for the input and the kernel) plus a step per unit."""
    settings = {"size": size, "kernel": kernel, "stride": stride, "padding": padding,
                "output_padding": extra, "dilation": dilation}
    name = "size" if unknown == "input" else unknown
    start = 1 if unknown in ("input", "kernel") else 0

    def output(value: int) -> int:
        return conv_transpose_output_size(**{**settings, name: value})

    low, high = transpose_values(out, output(start), output(start + 1) - output(start))
    return low + start, None if high is None else high + start


# --- the search ------------------------------------------------------------------------------
def largest(value: Any, fallback: int) -> int:
    """The largest number in a parsed setting (a pair, a padding) or `fallback` when unset."""
    if value is None or value == SAME:
        return fallback
    if isinstance(value, tuple):
        return max(largest(part, fallback) for part in value)
    return value


def search_ranges(base: dict[str, Any], unknowns, input_shape, wanted) -> dict[str, tuple]:
    """The inclusive range of each unknown (the module docstring states them)."""
    side = max((*input_shape[:2], *wanted[:2]) if input_shape is not None else wanted[:2])
    pad = 0 if "padding" in unknowns else largest(base.get("padding"), 0)
    bounds = {"kernel": (1, side + 2 * pad), "dilation": (1, side), "stride": (1, side)}
    kernel = bounds["kernel"][1] if "kernel" in unknowns else largest(base.get("kernel"), 1)
    dilation = side if "dilation" in unknowns else largest(base.get("dilation"), 1)
    span = dilation * (kernel - 1) + 1
    bounds["padding"] = (0, span - 1)
    stride = side if "stride" in unknowns else largest(base.get("stride"), kernel)
    bounds["input"] = (1, max(wanted[:2]) * stride + 2 * span)
    return {name: bounds[name] for name in unknowns}


class Search:
    """Builds the layer for one assignment and asks the registry class for its output."""

    def __init__(self, cls: type[Layer], base: dict[str, Any], unknowns, input_shape,
                 channels: int):
        self.cls, self.base, self.unknowns = cls, base, unknowns
        self.input_shape, self.channels = input_shape, channels

    def layer_and_input(self, values) -> tuple[Layer, Shape]:
        chosen = dict(self.base)
        shape = self.input_shape
        for name, value in zip(self.unknowns, values):
            if name == "input":
                shape = (value, value, self.channels)
            else:
                chosen[name] = self.cls.settings[name].parse(value)
        if len(shape) == 2:
            shape = (*shape, 1)
        return self.cls(**chosen), shape

    def evaluate(self, values) -> tuple[int, ...] | CnnCalcError:
        """The output shape, or the error that rules this assignment out."""
        try:
            layer, shape = self.layer_and_input(values)
            output = tuple(layer.output_shape([shape]))
        except (SettingError, ShapeError) as error:
            return error
        if len(output) != 3:
            return ShapeError(f"{self.cls.kind} gives a vector, not a feature map")
        if min(output) < 1:
            return ShapeError(f"the output would be {shape_text(output)}, which has no elements")
        if ("padding" in self.unknowns and len(self.unknowns) > 1
                and not self.windows_touch_input(layer)):
            return ShapeError("the padding reaches the kernel's span: edge windows would see "
                              "only padding")
        return output

    @staticmethod
    def gives(outcome, wanted: tuple[int, ...], compare: int) -> bool:
        """Whether an `evaluate` outcome is the wanted output (its first `compare` sizes)."""
        return isinstance(outcome, tuple) and outcome[:compare] == wanted[:compare]

    @staticmethod
    def windows_touch_input(layer: Layer) -> bool:
        """Padding below the span ``D·(F − 1) + 1`` on every side."""
        return all(max(pads) < effective_kernel(k, d) for pads, k, d
                   in zip(layer.padding, layer.kernel, layer.dilation))

    def is_same(self, values) -> bool:
        """Whether this assignment is what courses call "same": output ⌈input/stride⌉ on each
        axis with a symmetric padding, the smallest that covers TensorFlow's "same" padding."""
        try:
            self.cls.settings["padding"].parse(SAME)
        except (KeyError, SettingError):
            return False  # the kind has no 'same'
        layer, shape = self.layer_and_input(values)
        if layer.padding == SAME:
            return True
        output = layer.output_shape([shape])
        for size, out, k, s, d, pads in zip(shape[:2], output[:2], layer.kernel, layer.stride,
                                            layer.dilation, layer.padding):
            half = ceil_div(sum(same_padding(size, k, s, d)), 2)
            if out != ceil_div(size, s) or tuple(pads) != (half, half):
                return False
        return True


# --- no solution -----------------------------------------------------------------------------
def range_text(ranges: dict[str, tuple[int, int]]) -> str:
    """``stride 1…227, padding 0…10``."""
    return ", ".join(f"{name} {lo}…{hi}" for name, (lo, hi) in ranges.items())


def assignment_text(unknowns, values) -> str:
    """``stride 4, padding 0``."""
    return ", ".join(f"{name} {value}" for name, value in zip(unknowns, values))


def raw_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "×".join(raw_text(part) for part in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def given_text(settings: Mapping[str, Any], input_shape) -> str:
    """``input 32×32×3, kernel 5, stride 1``: what the answer was sought at."""
    parts = [f"input {shape_text(input_shape)}"] if input_shape is not None else []
    parts += [f"{key} {raw_text(value)}" for key, value in settings.items() if key in GEOMETRY]
    return ", ".join(parts)


def no_solution_reason(tried, wanted, compare, unknowns, searched: str, given: str) -> str:
    """A sentence computed from the outputs the evaluations reached; `searched` names what was
    tried (``stride`` or ``stride 1…227, padding 0…10``)."""
    reached = [(values, outcome) for values, outcome in tried if isinstance(outcome, tuple)]
    at = f" at {given}" if given else ""
    if not reached:
        errors = [outcome for _, outcome in tried]
        if all(isinstance(error, SettingError) for error in errors):
            raise errors[0]  # no assignment is even a valid layer: the settings are at fault
        first = next(error for error in errors if isinstance(error, ShapeError))
        return f"no {searched} gives a layer that fits{at}: {first}"
    spatial = [(values, shape) for values, shape in reached if shape[:2] == wanted[:2]]
    if spatial:
        channels = spatial[0][1][2]
        return (f"the layer gives {channels} channels{at}, not {wanted[2]}; "
                f"{and_list(unknowns)} change only the height and width")
    per_axis = [[values for values, shape in reached if shape[axis] == wanted[axis]]
                for axis in (0, 1)]
    if all(per_axis):
        return (f"no {searched} gives {shape_text(wanted[:2])} on both axes{at}: "
                f"the height {wanted[0]} needs {assignment_text(unknowns, per_axis[0][0])}, "
                f"the width {wanted[1]} needs {assignment_text(unknowns, per_axis[1][0])}, "
                "and solve gives each unknown one value for both axes")
    axis = 1 if per_axis[0] else 0
    square = all(shape[0] == shape[1] for _, shape in reached) and wanted[0] == wanted[1]
    what = "the output" if square else ("the output height", "the output width")[axis]
    goal = wanted[axis]
    sizes: dict[int, tuple] = {}
    for values, shape in reached:
        sizes.setdefault(shape[axis], values)
    below = [size for size in sizes if size < goal]
    above = [size for size in sizes if size > goal]
    if not above:
        most = max(below)
        return (f"{what} {goal} is larger than any {searched} allows{at}: the most is "
                f"{most} ({assignment_text(unknowns, sizes[most])})")
    if not below:
        least = min(above)
        return (f"{what} {goal} is smaller than any {searched} allows{at}: the least "
                f"is {least} ({assignment_text(unknowns, sizes[least])})")
    low, high = max(below), min(above)
    return (f"no {searched} gives {what} {goal} exactly{at}: the nearest are {low} "
            f"({assignment_text(unknowns, sizes[low])}) and {high} "
            f"({assignment_text(unknowns, sizes[high])})")
