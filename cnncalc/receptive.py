"""Receptive fields: the recurrences, written once as pure functions of one spatial axis.

Per axis a feature map's field is three numbers, in input pixels (pixel centres at 0, 1, 2 …):
``size`` r (how many input pixels one output sees), ``jump`` j (the distance in the input
between neighbouring outputs: the product of the strides so far) and ``start`` (the centre of
the first output's field). The input itself has r = 1, j = 1, start = 0. A window of effective
span ``k' = D·(k − 1) + 1``, stride s and padding p_before (before the first input row) maps
them as (Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks",
Distill 2019, eqs. for r, S and the centre; Dumoulin & Visin 2016 for k')::

    j_out     = j_in · s
    r_out     = r_in + (k' − 1) · j_in
    start_out = start_in + ((k' − 1)/2 − p_before) · j_in

A transposed convolution is a direct convolution with stride 1 over its input "stretched" by
s − 1 zeros between units, padded by k' − 1 − p (Dumoulin & Visin, "A guide to convolution
arithmetic for deep learning", 2016, Relationships 13–14): its jump divides by s. See
`through_transposed`. A layer whose every output reads the whole map (global pooling, fc) makes
the field `GLOBAL`: every output from there on sees the whole input.

Numbers are exact: `Fraction` where a stride divides (a transposed convolution, an adaptive
pool) or a centre falls between pixels, `int` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence, Union

from .text import number_text

Number = Union[int, Fraction]


@dataclass(frozen=True)
class AxisWindow:
    """One axis of a layer's sliding window: what the recurrence needs to know about a kind.
    ``span`` is the effective kernel ``D·(k − 1) + 1``; ``transposed`` marks a transposed
    convolution, whose stride spreads its input apart instead of skipping over it."""

    span: int
    stride: Number
    pad_before: int
    transposed: bool = False


GLOBAL = "global"
"""What `Layer.window` returns for a layer whose every output reads its whole input."""


@dataclass(frozen=True)
class ReceptiveField:
    """A layer's receptive field per axis (H, W), or ``is_global`` when every output sees the
    whole input (then size, jump and start mean nothing and are None). ``note`` says how a
    merge or a global layer was treated; ``warnings`` name where windows meet the padding."""

    size: tuple[Number, Number] | None
    jump: tuple[Number, Number] | None
    start: tuple[Number, Number] | None
    is_global: bool = False
    note: str = ""
    warnings: tuple[str, ...] = ()


INPUT_FIELD = ReceptiveField(size=(1, 1), jump=(1, 1), start=(0, 0))
"""The input image: each pixel sees itself."""


MAX_DENOMINATOR = 2**62
"""A fraction's denominator stays at most this: resizing by uneven ratios (a 2×2/2 pool of 7
to 3, then back up to 7: jumps × 2 · 3/7) multiplies denominators layer after layer, and
sums of 4,000-digit fractions took a minute for 36,000 layers."""


def exact(value: Number) -> Number:
    """An int when the value is whole, else the Fraction; one whose denominator passes
    `MAX_DENOMINATOR` becomes the closest of denominator at most that (off by less than
    2⁻⁶² of a pixel: only thousands of uneven resizings get there).

    >>> exact(Fraction(4, 2)), exact(Fraction(1, 2))
    (2, Fraction(1, 2))
    >>> exact(Fraction(6, 7) ** 40) == (Fraction(6, 7) ** 40).limit_denominator(2**62)
    True
    """
    if type(value) is int:  # the common case, without building a Fraction
        return value
    value = Fraction(value)
    if value.denominator > MAX_DENOMINATOR:
        value = value.limit_denominator(MAX_DENOMINATOR)
    return int(value) if value.denominator == 1 else value


def through_window(size: Number, jump: Number, start: Number, window: AxisWindow):
    """(r, j, start) after a convolution or pooling window on one axis.

    Three stacked 3×3 convolutions, stride 1, padding 1: r = 1 + 2 + 2 + 2 = 7.

    >>> field = (1, 1, 0)
    >>> for _ in range(3):
    ...     field = through_window(*field, AxisWindow(span=3, stride=1, pad_before=1))
    >>> field
    (7, 1, 0)

    AlexNet conv1 (11×11 /4, no padding): r = 11, j = 4, the first centre at (11 − 1)/2 = 5.

    >>> through_window(1, 1, 0, AxisWindow(span=11, stride=4, pad_before=0))
    (11, 4, 5)

    A 2×2/2 pool after VGG's first two convs: the centre falls between pixels.

    >>> through_window(5, 1, 0, AxisWindow(span=2, stride=2, pad_before=0))
    (6, 2, Fraction(1, 2))
    """
    if window.transposed:
        return through_transposed(size, jump, start, window)
    reach = window.span - 1
    if reach % 2 == 0 and type(size) is type(jump) is type(start) is type(window.stride) is int:
        # whole numbers throughout (the usual odd kernel): the same sums without Fractions
        return (size + reach * jump, jump * window.stride,
                start + (reach // 2 - window.pad_before) * jump)
    half = Fraction(window.span - 1, 2)
    return (exact(size + (window.span - 1) * jump),
            exact(jump * window.stride),
            exact(start + (half - window.pad_before) * jump))


def through_transposed(size: Number, jump: Number, start: Number, window: AxisWindow):
    """(r, j, start) after a transposed convolution on one axis.

    Its equivalent direct convolution (Dumoulin & Visin 2016, Relationship 14) runs with
    stride 1 over the input stretched by s − 1 zeros between units, padded by k' − 1 − p, so
    on the input's grid: ``j_out = j_in / s`` and
    ``start_out = start_in + (p − (k' − 1)/2) · j_in / s``. Of the k' stretched positions a
    window covers, the inserted zeros are no input: it reads at most ``⌊(k' − 1)/s⌋ + 1``
    real units, so ``r_out = r_in + ⌊(k' − 1)/s⌋ · j_in`` — the largest field any output has
    (with k' not a multiple of s, neighbouring outputs alternate between two sizes). Which
    inputs an output reads depends on its phase (o mod s): neighbouring outputs may read the
    same inputs, so true centres step unevenly and ``start + o·j_out`` is their even fit,
    off by less than j_in/2 for any one output and right on average.

    A 4×4 /2 pad 1 transposed convolution (the usual ×2 upsampling): each output reads 2
    inputs, the outputs are half an input apart, and the first sits a quarter before input 0.

    >>> through_transposed(1, 1, 0, AxisWindow(span=4, stride=2, pad_before=1, transposed=True))
    (2, Fraction(1, 2), Fraction(-1, 4))
    """
    reach = (window.span - 1) // window.stride
    step = Fraction(jump) / window.stride
    return (exact(size + reach * jump), exact(step),
            exact(start + (window.pad_before - Fraction(window.span - 1, 2)) * step))


def uncovered(size: int, out: int, window: AxisWindow) -> int:
    """How many rows (or columns) at the end of a layer's input no window reaches: the last
    window covers padded positions ``(out − 1)·s … (out − 1)·s + k' − 1``, i.e. input rows up to
    ``(out − 1)·s + k' − 1 − p_before``; the floor in the output size drops the rest.

    >>> uncovered(6, 2, AxisWindow(span=3, stride=2, pad_before=0))   # 6 wide, 3×3 /2: 2 out
    1
    >>> uncovered(227, 55, AxisWindow(span=11, stride=4, pad_before=0))  # AlexNet conv1: none
    0
    """
    if window.transposed or (window.span, window.stride) == (1, 1):
        return 0   # nothing floors: a one-pixel step-one window (a crop) cuts on purpose
    last = (out - 1) * window.stride + window.span - 1 - window.pad_before
    return max(0, int(size - 1 - last))


def union(fields: Sequence[tuple[Number, Number, Number]]):
    """(r, j, start) covering every input's field on one axis, for a layer that merges
    branches (add, concat, multiply): an output reads all of them, so it sees their union:
    from the leftmost first pixel ``start − (r − 1)/2`` to the rightmost last pixel
    ``start + (r − 1)/2``. When the centres agree (ResNet's residual add, Inception's concat)
    that is simply the largest field. The jump is the largest of the inputs' jumps.

    >>> union([(7, 2, 3), (3, 2, 3)])      # aligned: the largest
    (7, 2, 3)
    >>> union([(3, 1, 1), (3, 1, 2)])      # centres one apart: 4 pixels in all
    (4, 1, Fraction(3, 2))
    """
    if all(type(size) is type(jump) is type(start) is int and size % 2
           for size, jump, start in fields):
        # odd whole sizes and whole centres (the usual case): the same sums without Fractions
        firsts, lasts = [], []
        for size, _, start in fields:
            half = (size - 1) // 2
            firsts.append(start - half)
            lasts.append(start + half)
        first, last = min(firsts), max(lasts)
        middle = first + last
        return (last - first + 1, max([jump for _, jump, _ in fields]),
                middle // 2 if middle % 2 == 0 else Fraction(middle, 2))
    first = min(start - Fraction(size - 1, 2) for size, _, start in fields)
    last = max(start + Fraction(size - 1, 2) for size, _, start in fields)
    return (exact(last - first + 1), exact(max(jump for _, jump, _ in fields)),
            exact((first + last) / 2))


Window = Union[tuple[AxisWindow, AxisWindow], str, None]
"""What `Layer.window` answers: a window per axis (H, W), `GLOBAL`, or None for a layer that
passes its input's field through (activations, normalisation, flatten, merges)."""

AXES = (("row", "rows"), ("column", "columns"))


def count_text(number: int, axis: int) -> str:
    """``1 row``, ``3 columns``."""
    singular, plural = AXES[axis]
    return f"{number} {singular if number == 1 else plural}"


def axes_text(counts: Sequence[int]) -> str:
    """The non-zero counts of rows and columns joined: ``2 rows and 1 column``."""
    return " and ".join([count_text(count, axis) for axis, count in enumerate(counts) if count])


def merged(fields: Sequence[ReceptiveField], names: Sequence[str]) -> ReceptiveField:
    """The field of a layer that reads several inputs: global when any input is (its outputs
    then depend on the whole image: a squeeze-and-excitation multiply), else the union per axis
    (`union`), which is the largest field when the centres agree."""
    for field, name in zip(fields, names):
        if field.is_global:
            return ReceptiveField(None, None, None, is_global=True, note=(
                f"global: its input '{name}' already sees the whole input, so every output "
                "does too (as in squeeze-and-excitation, whose scale comes from a global pool)"))
    first = fields[0]
    if all(field.jump == first.jump and field.start == first.start for field in fields):
        # the centres and jumps agree (a residual add, an inception concat): the union of
        # fields around one centre is the largest, per axis
        size = tuple(map(max, zip(*[field.size for field in fields])))
        jump, start, largest = first.jump, first.start, True
    else:
        (size_h, jump_h, start_h), (size_w, jump_w, start_w) = (
            union([(f.size[axis], f.jump[axis], f.start[axis]) for f in fields])
            for axis in (0, 1))
        size, jump, start = (size_h, size_w), (jump_h, jump_w), (start_h, start_w)
        largest = size == tuple(map(max, zip(*[f.size for f in fields])))
    note = (f"the largest of its {len(fields)} inputs' fields: every output reads all of them"
            if largest else
            f"the union of its {len(fields)} inputs' fields: every output reads all of them, "
            "and their centres differ")
    return ReceptiveField(size, jump, start, note=note)


def layer_field(inputs: Sequence[ReceptiveField | None], names: Sequence[str], window: Window,
                output_hw: Sequence[int] | None,
                image_hw: Sequence[int] | None = None) -> ReceptiveField | None:
    """A layer's field from its inputs' fields and its own window (`Layer.window`), with the
    warnings its window earns: a first window that reaches into the padding and a first centre
    outside the image (rows the floor leaves out are the layer's note). None when
    the network's input has no spatial axes. A layer whose every output's field covers the
    whole image (`image_hw`, see `covers_image`) is global like a global pool: GoogLeNet's
    7×7 average pool on a 7×7 map, and DenseNet-121's denseblock4 at 224 px (7×7 outputs,
    each seeing far beyond the image on both sides).

    >>> first = layer_field([INPUT_FIELD], ["input"], (AxisWindow(3, 2, 0),) * 2, (2, 2))
    >>> first.size, first.jump, first.start
    ((3, 3), (2, 2), (1, 1))
    >>> first.warnings
    ()
    >>> layer_field([INPUT_FIELD], ["input"], (AxisWindow(6, 1, 0),) * 2, (1, 1),
    ...             image_hw=(6, 6)).is_global
    True
    """
    if len(inputs) == 1:
        field, note = inputs[0], ""
        if field is None:
            return None
    else:
        if any(field is None for field in inputs):
            return None
        field = merged(inputs, names)
        note = field.note
    if field.is_global:
        if len(inputs) == 1:
            field = ReceptiveField(None, None, None, is_global=True,
                                   note="global: its input already sees the whole image")
        return field
    if window == GLOBAL:
        return ReceptiveField(None, None, None, is_global=True, note=(
            "global: every output reads its whole input map, so it sees the whole image"))
    if window is None:
        if len(inputs) > 1 and covers_image(field.size, field.jump, field.start, output_hw,
                                            image_hw):
            return covering_field(field.size, ())   # branches that each see it all, merged
        if field.note == note and not field.warnings:
            return field   # the same field (frozen: shared, as equal as a copy)
        return ReceptiveField(field.size, field.jump, field.start, note=note)
    (size_h, size_w), (jump_h, jump_w), (start_h, start_w) = field.size, field.jump, field.start
    size_h, jump_h, start_h = through_window(size_h, jump_h, start_h, window[0])
    size_w, jump_w, start_w = through_window(size_w, jump_w, start_w, window[1])
    size, jump, start = (size_h, size_w), (jump_h, jump_w), (start_h, start_w)
    warnings = window_warnings(window, field.start, start)
    if covers_image(size, jump, start, output_hw, image_hw):
        return covering_field(size, warnings)
    return ReceptiveField(size, jump, start, note=note, warnings=warnings)


def covers_image(size, jump, start, output_hw, image_hw) -> bool:
    """Whether every output's field covers the whole image on both axes. Output o's field
    spans input positions ``start + o·j ± (r − 1)/2`` (padding included: it may reach past
    the image); the first output reaches least far right and the last least far left, so
    every one covers pixels 0 … n − 1 when ``start + (r − 1)/2 ≥ n − 1`` and
    ``start + (out − 1)·j − (r − 1)/2 ≤ 0``, doubled below to stay in whole numbers.

    DenseNet-121's transition3 pool at 224 px (7×7 outputs, jump 32, first centre 14):
    r = 1,047, so each output reaches (1,047 − 1)/2 = 523 pixels either side of its centre,
    past pixel 0 from the last centre 14 + 6·32 = 206 and past pixel 223 from the first.

    >>> covers_image((1047, 1047), (32, 32), (14, 14), (7, 7), (224, 224))
    True
    >>> covers_image((212, 212), (32, 32), (Fraction(31, 2),) * 2, (7, 7), (224, 224))  # VGG
    False
    """
    if output_hw is None or image_hw is None or len(output_hw) != 2:
        return False
    return all(2 * centre + r - 1 >= 2 * (n - 1) and 2 * (centre + (out - 1) * j) - (r - 1) <= 0
               for r, j, centre, out, n in zip(size, jump, start, output_hw, image_hw))


def covering_field(size, warnings: tuple[str, ...]) -> ReceptiveField:
    """The global field of a layer whose every output's field covers the image."""
    return ReceptiveField(None, None, None, is_global=True, warnings=warnings, note=(
        "global: every output's field covers the whole image on both axes (the recurrence "
        f"gives {number_text(size[0])}×{number_text(size[1])})"))


def window_warnings(window, start_in, start) -> tuple[str, ...]:
    """Where a layer's windows meet the padding (see `layer_field`). A
    first centre outside the image is named where it moves out, not again on every layer."""
    warnings = []
    padded = [0 if axis.transposed else max(axis.pad_before, 0) for axis in window]
    if padded[0] or padded[1]:
        warnings.append(f"the first window reaches {axes_text(padded)} into the padding")
    if (start[0] < 0 or start[1] < 0) and any(new < 0 <= old
                                              for old, new in zip(start_in, start)):
        where = ", ".join(number_text(value) for value in start)
        warnings.append(f"the first output's centre lies outside the image, at ({where})")
    # The rows the floor leaves outside every window (`uncovered`) are the layer's own note
    # (`Layer.notes`, with the arithmetic), not repeated here.
    return tuple(warnings)


def json_number(value: Number) -> int | float:
    return value if isinstance(value, int) else float(value)


def json_pair(values) -> list | None:
    """A (h, w) pair as JSON writes it: whole numbers (the usual case) as they are, fractions
    as decimals; None stays None (a global field)."""
    if values is None:
        return None
    first, second = values
    if type(first) is int and type(second) is int:
        return [first, second]
    return [json_number(first), json_number(second)]


def field_dict(field: ReceptiveField | None) -> dict | None:
    """The JSON form: ``{"size": [h, w], "jump": [h, w], "start": [h, w], "global": false,
    "note": "", "warnings": []}``; size, jump and start are null when global; fractions as
    decimals (``0.5``)."""
    if field is None:
        return None
    return {"size": json_pair(field.size), "jump": json_pair(field.jump),
            "start": json_pair(field.start), "global": field.is_global, "note": field.note,
            "warnings": list(field.warnings)}
