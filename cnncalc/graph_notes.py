"""Teaching notes and warnings that need the graph: what feeds a layer, not just the layer.

`unread_warnings`: a layer whose output nothing reads (and which is not the network's output)
is computed and counted but never used — Xception's block without a skip, written so that
its main path fed nothing, lost 1,024,000 parameters that way without a word (issue 15).

One note so far, the 1×1 reduction: a conv that reads (through activations, BatchNorm and the
like) a 1×1 conv which cut the channels from C to C_r costs
``H·W·C_r · 1·1·C + H_out·W_out·K · Fh·Fw·C_r`` instead of ``H_out·W_out·K · Fh·Fw·C``
(GoogLeNet's inception branches, ResNet's bottlenecks).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .graph import Network, Node
from .layers import Layer, Shape
from .text import thousands

MAX_UNREAD_WARNINGS = 20
"""At most this many unread-layer sentences, then one that counts the rest."""
UNREAD_FIX = ("name it in the 'from:' of the layer meant to read it, leave it out with "
              "'if: false', or mark an output of its own (an auxiliary head) 'output: true'")


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


def unread_warnings(network: Network) -> tuple[str, ...]:
    """One located sentence per layer whose output no layer reads (every name in any `from:`
    counts as read, a crop's reference input too) and which is not the network's output:
    computed and counted, never used. The same layer in several instances of a block (the
    names equal once the instances' counters are set aside: ``exit.1/main``, ``exit.2/main``)
    is one sentence; at most `MAX_UNREAD_WARNINGS`, then one that counts the rest. Linear in
    the nodes and their inputs."""
    read = {name for node in network.nodes for name in node.inputs}
    unread = [node for node in network.nodes
              if node.name not in read and node.name != network.output and not node.is_output]
    if not unread:
        return ()
    groups: dict[str, list[Node]] = {}
    for node in unread:
        groups.setdefault((instance_pattern(node.name), node.location), []).append(node)
    worded = list(groups.values())[:MAX_UNREAD_WARNINGS]
    warnings = [unread_sentence(nodes, network.output) for nodes in worded]
    rest = len(groups) - len(worded)
    if rest:
        warnings.append(f"{network.file}: {rest:,} more layers (or a block's layer in several "
                        "instances) are computed and counted, but no layer reads their output")
    return tuple(warnings)


_COUNTER = re.compile(r"\d+")
"""A counter in an instance's part of a name (before its last ``/``): ``exit.3/main``."""


_COPY = re.compile(r"\.\d+$")
"""The number a repeated item's copy takes at the end of its name (``d.2``)."""


def instance_pattern(name: str) -> str:
    """`name` with the instances' counters set aside: the layers that differ only there
    are one layer of a block, repeated.

    >>> instance_pattern("exit.3/main"), instance_pattern("unit12/sub.2/a1"), instance_pattern("c1")
    ('exit.#/main', 'unit#/sub.#/a1', 'c1')
    >>> instance_pattern("d.2")
    'd.#'

    Only layers made by one item of the spec (one location) are grouped: features.1 and
    features.2 written apart stay apart.
    """
    instance, _, local = name.rpartition("/")
    local = _COPY.sub(".#", local)   # a repeated item's copies: d.1, d.2 …
    return f"{_COUNTER.sub('#', instance)}/{local}" if instance else local


def unread_sentence(nodes: list[Node], output: str) -> str:
    """``file:line:column: layer 1 'main': computed and counted, but no layer reads its
    output…`` for one layer, or for the same layer in several instances."""
    first = nodes[0]
    where = f"{first.location}: {first.label}"
    if len(nodes) > 1:
        where += f", in {len(nodes):,} instances ('{first.name}' … '{nodes[-1].name}')"
    return (f"{where}: computed and counted, but no layer reads its output and it is not the "
            f"network's output ('{output}'); {UNREAD_FIX}")
