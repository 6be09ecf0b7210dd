"""Teaching notes that need the graph: what feeds a layer, not just the layer.

One note so far, the 1×1 reduction: a conv that reads (through activations, BatchNorm and the
like) a 1×1 conv which cut the channels from C to C_r costs
``H·W·C_r · 1·1·C + H_out·W_out·K · Fh·Fw·C_r`` instead of ``H_out·W_out·K · Fh·Fw·C``
(GoogLeNet's inception branches, ResNet's bottlenecks).
"""

from __future__ import annotations

from typing import NamedTuple

from .layers import Layer, Shape
from .text import thousands


class Evaluated(NamedTuple):
    """A node once the calculator has its shapes (per image: no batch). (A named tuple: the
    calculator makes one per node.)"""

    name: str
    layer: Layer
    inputs: tuple[str, ...]
    input_shapes: tuple[Shape, ...]
    output: Shape


def graph_notes(node: Evaluated, done: dict[str, Evaluated]) -> tuple[str, ...]:
    """Every graph-level note for `node`; `done` holds the nodes evaluated before it."""
    note = reduction_note(node, done)
    return (note,) if note else ()


def feeder(node: Evaluated, done: dict[str, Evaluated]) -> Evaluated | None:
    """The nearest node before `node` that changes the shape (looking through relu, BN…)."""
    if len(node.inputs) != 1:
        return None
    source = done.get(node.inputs[0])
    while source is not None and source.layer.keeps_shape:
        source = done.get(source.inputs[0])
    return source


def reduction_note(node: Evaluated, done: dict[str, Evaluated]) -> str | None:
    if type(node.layer).mults_on_channels is Layer.mults_on_channels:
        return None  # a kind that cannot say what it would cost on more channels: no walk back
    reducer = feeder(node, done)
    if reducer is None or not reducer.layer.is_channel_reduction(reducer.input_shapes,
                                                                 reducer.output):
        return None
    wide, narrow = reducer.input_shapes[0][2], reducer.output[2]
    direct = node.layer.mults_on_channels(node.input_shapes, node.output, wide)
    if direct is None:
        return None
    direct_mults, direct_text = direct
    reduce_mults = reducer.layer.mults(reducer.input_shapes, reducer.output)
    own_mults = node.layer.mults(node.input_shapes, node.output)
    reduced = reduce_mults + own_mults
    return (f"1×1 reduction: this conv reads '{reducer.name}', which cut {wide} channels to "
            f"{narrow}. Straight on the {wide} channels it would take {direct_text} = "
            f"{thousands(direct_mults)} multiplications per image; with the reduction "
            f"{reducer.layer.mults_formula(reducer.input_shapes, reducer.output)} + "
            f"{node.layer.mults_formula(node.input_shapes, node.output)} = "
            f"{thousands(reduce_mults)} + {thousands(own_mults)} = {thousands(reduced)}, "
            f"{direct_mults / reduced:.1f}× fewer")
