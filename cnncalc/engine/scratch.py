"""The memory one layer takes in the reference engine, known before anything is allocated.

Each layer kind declares it once, in the registry beside its in-place rule
(``Layer.engine_scratch``): ``{term: coefficient}``, float32-sized elements over the whole batch,
summed. This module evaluates the terms. The simple ones are sizes of the output (``output``,
``positions``, ``row gather``, ``running product``, ``lrn window``); the windowed kernels' terms (``conv tiles``,
``pool tiles``, …) ask the kernel's own tiling plan what it will allocate — padded bands,
shifted copies, im2col columns, accumulators, rearranged weights — so the estimate follows the
kernel wherever it tiles. ``view`` means the output is its input's memory (identity, dropout,
flatten). Nothing here allocates an array.

Shapes are per example, as the calculator gives them: (H, W, C) or (D,); ``batch`` multiplies.
"""

from __future__ import annotations

from math import prod
from typing import Callable, Sequence

from .layers import Conv, paddings

Shape = tuple[int, ...]
VIEW = "view"


def _output(layer, inputs: Sequence[Shape], output: Shape, batch: int) -> int:
    return batch * prod(output)


def _input(layer, inputs, output, batch) -> int:
    """The first input's elements (max_unpool's pooled values, whose maxima it looks up)."""
    return batch * prod(inputs[0])


def _positions(layer, inputs, output, batch) -> int:
    """Output elements ÷ channels: one value per position (a vector's row is one position)."""
    return batch * prod(output[:-1])


def _row_gather(layer, inputs, output, batch) -> int:
    """Rows picked (or pooled) before columns: output rows × input columns × channels."""
    return batch * output[0] * inputs[0][1] * output[-1]


def _interpolation(layer, inputs, output, batch) -> int:
    """What `resize_nearest` / `resize_bilinear` hold besides the output: nearest, the rows it
    gathered (R); bilinear, ``max(3R, R + 2·output)`` ≤ 3R + 2·output (each pass holds one
    weighted product, the second gather and its product)."""
    rows = _row_gather(layer, inputs, output, batch)
    if layer.mode == "nearest":
        return rows
    return 3 * rows + 2 * _output(layer, inputs, output, batch)


def _running_product(layer, inputs, output, batch) -> int:
    """A chain of more than two factors holds the product so far beside the next one."""
    return _output(layer, inputs, output, batch) if len(inputs) > 2 else 0


def _lrn_window(layer, inputs, output, batch) -> int:
    """The squares zero-padded along the channels: positions × (C + size − 1)."""
    return batch * prod(output[:-1]) * (output[-1] + layer.size - 1)


def _conv_tiles(layer, inputs, output, batch) -> int:
    from .conv import conv2d_scratch
    h, w, c = inputs[0]
    groups, filters = Conv().channels(layer, c)
    return conv2d_scratch((batch, h, w, c), (*layer.kernel, c // groups, filters),
                          stride=layer.stride, padding=paddings(layer, h, w, layer.dilation),
                          dilation=layer.dilation, groups=groups)


def _transposed_conv_tiles(layer, inputs, output, batch) -> int:
    from .conv_transpose import conv_transpose2d_scratch
    h, w, c = inputs[0]
    return conv_transpose2d_scratch((batch, h, w, c),
                                    (*layer.kernel, c, layer.filters // layer.groups),
                                    groups=layer.groups)


def _pool_tiles(average: bool) -> Callable[..., int]:
    def tiles(layer, inputs, output, batch) -> int:
        from .pool import pool2d_scratch
        h, w, c = inputs[0]
        return pool2d_scratch((batch, h, w, c), layer.kernel, layer.stride,
                              paddings(layer, h, w), layer.ceil_mode, average=average)
    return tiles


TERMS: dict[str, Callable[..., int]] = {
    "output": _output,
    "positions": _positions,
    "input": _input,
    "row gather": _row_gather,
    "interpolation": _interpolation,
    "running product": _running_product,
    "lrn window": _lrn_window,
    "conv tiles": _conv_tiles,
    "transposed conv tiles": _transposed_conv_tiles,
    "pool tiles": _pool_tiles(average=False),
    "average pool tiles": _pool_tiles(average=True),
}
"""Each term a layer kind may name in ``engine_scratch``, as float32-sized elements."""


def is_view(layer) -> bool:
    """Whether the engine's output for this layer is its first input's memory."""
    return VIEW in (type(layer).engine_scratch or {})


def scratch_bytes(layer, inputs: Sequence[Shape], output: Shape, batch: int) -> int:
    """Bytes the engine's kernel holds at once for ``layer`` besides its inputs and weights (its
    output included): the kind's declared terms, evaluated. A kind with no declaration is a
    bug (a test runs every kind), so it raises."""
    declared = type(layer).engine_scratch
    if declared is None:
        raise NotImplementedError(f"layer kind {layer.kind!r} declares no engine_scratch")
    if VIEW in declared:
        return 0
    elements = sum(coefficient * TERMS[term](layer, inputs, output, batch)
                   for term, coefficient in declared.items())
    return int(4 * elements + 0.5)


def formula_text(layer_class) -> str:
    """A kind's declaration in words: ``14 × output``, ``output + conv tiles``, ``a view``."""
    declared = layer_class.engine_scratch or {}
    if VIEW in declared:
        return "a view of its input"
    return " + ".join(term if coefficient == 1 else f"{coefficient:g} × {term}"
                      for term, coefficient in declared.items())
