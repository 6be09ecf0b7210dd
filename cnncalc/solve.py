"""Solve for a hyper-parameter: which padding (stride, kernel, dilation, input size) gives the
wanted output?

`solve` searches small integer ranges and evaluates the registry class itself at every point, so
the size formulas stay written once (in `shapes.py`, called by the layer classes). The ranges:

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
from .layers import Layer, Shape
from .layers.settings import SAME
from .one_layer import layer_class
from .shapes import effective_kernel, same_padding
from .text import and_list, shape_text

SOLVABLE = ("padding", "stride", "kernel", "dilation", "input")
GEOMETRY = ("kernel", "stride", "padding", "dilation", "output_padding", "ceil_mode")
"""The given settings a reason mentions (the ones that shape the output's H and W)."""
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
    """The inclusive range searched per unknown."""
    same: tuple[int, ...] | None
    """The assignment courses call "same" (output ⌈input/stride⌉, symmetric padding), if any."""
    reason: str | None
    """Why there is no solution, when `values` is empty."""

    def assignments(self) -> list[dict[str, int]]:
        """Each solution as ``{unknown: value}``."""
        return [dict(zip(self.unknowns, values)) for values in self.values]


def solve(kind: str, settings: Mapping[str, Any], unknowns: Sequence[str],
          input_shape: Shape | None, output: int | Sequence[int]) -> Solutions:
    """Every assignment of `unknowns` (within the searched ranges) for which a `kind` layer with
    `settings` turns `input_shape` into `output` ((H, W), (H, W, C) or one size for both axes).

    >>> solve("conv", {"filters": 6, "kernel": 5, "stride": 1}, ["padding"], (32, 32, 3), 32)
    ... # doctest: +NORMALIZE_WHITESPACE
    Solutions(unknowns=('padding',), values=((2,),), searched={'padding': (0, 4)}, same=(2,),
              reason=None)
    """
    cls = layer_class(kind)
    unknowns = checked_unknowns(cls, settings, unknowns, input_shape)
    wanted = wanted_output(output)
    base = given_values(cls, settings, unknowns)
    if input_shape is not None:
        input_shape = checked_input(input_shape)
    ranges = search_ranges(base, unknowns, input_shape, wanted)
    count = prod(hi - lo + 1 for lo, hi in ranges.values())
    if count > MAX_CANDIDATES:
        raise CnnCalcError(f"solving for {and_list(unknowns)} would try {count:,} "
                           f"combinations ({range_text(ranges)}); give one of them")
    channels = wanted[2] if len(wanted) == 3 else 1
    compare = len(wanted) if input_shape is not None and len(input_shape) == 3 else 2
    search = Search(cls, base, unknowns, input_shape, channels)
    tried = [(values, search.evaluate(values))
             for values in product(*(range(lo, hi + 1) for lo, hi in ranges.values()))]
    values = tuple(values for values, outcome in tried
                   if isinstance(outcome, tuple) and outcome[:compare] == wanted[:compare])
    same = next((found for found in values if search.is_same(found)), None)
    reason = None
    if not values:
        reason = no_solution_reason(tried, wanted, compare, unknowns, ranges,
                                    given_text(settings, input_shape))
    return Solutions(unknowns, values, ranges, same, reason)


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
        if "padding" in self.unknowns and not self.windows_touch_input(layer):
            return ShapeError("the padding reaches the kernel's span: edge windows would see "
                              "only padding")
        return output

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
            half = -(-sum(same_padding(size, k, s, d)) // 2)
            if out != -(-size // s) or tuple(pads) != (half, half):
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


def no_solution_reason(tried, wanted, compare, unknowns, ranges, given: str) -> str:
    """A sentence computed from the outputs the search reached."""
    reached = [(values, outcome) for values, outcome in tried if isinstance(outcome, tuple)]
    at = f" at {given}" if given else ""
    if not reached:
        errors = [outcome for _, outcome in tried]
        if all(isinstance(error, SettingError) for error in errors):
            raise errors[0]  # no assignment is even a valid layer: the settings are at fault
        first = next(error for error in errors if isinstance(error, ShapeError))
        return f"no {range_text(ranges)} gives a layer that fits{at}: {first}"
    spatial = [(values, shape) for values, shape in reached if shape[:2] == wanted[:2]]
    if spatial:
        channels = spatial[0][1][2]
        return (f"the layer gives {channels} channels{at}, not {wanted[2]}; "
                f"{and_list(unknowns)} change only the height and width")
    per_axis = [[values for values, shape in reached if shape[axis] == wanted[axis]]
                for axis in (0, 1)]
    if all(per_axis):
        return (f"no {range_text(ranges)} gives {shape_text(wanted[:2])} on both axes{at}: "
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
        return (f"{what} {goal} is larger than any {range_text(ranges)} allows{at}: the most is "
                f"{most} ({assignment_text(unknowns, sizes[most])})")
    if not below:
        least = min(above)
        return (f"{what} {goal} is smaller than any {range_text(ranges)} allows{at}: the least "
                f"is {least} ({assignment_text(unknowns, sizes[least])})")
    low, high = max(below), min(above)
    return (f"no {range_text(ranges)} gives {what} {goal} exactly{at}: the nearest are {low} "
            f"({assignment_text(unknowns, sizes[low])}) and {high} "
            f"({assignment_text(unknowns, sizes[high])})")
