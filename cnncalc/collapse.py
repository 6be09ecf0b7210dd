"""The layer graph as nodes and edges to draw: one node per layer, or one per block instance.

A layer named ``layer1.0/conv1`` sits in block instance ``layer1.0`` (its `LayerRow.blocks` says
of which block: ``bottleneck``). Collapsing at depth n merges the layers whose names share their
first n instance parts into one node, named by that prefix: the node's output is the instance's
output (its last layer, as in the spec language), its parameters and multiplications the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

from .graph import INPUT
from .layers import Shape
from .report import Summary


@dataclass(frozen=True)
class GraphNode:
    """One box: a layer, a collapsed block instance, or the network input."""

    name: str
    kind: str
    """The layer kind, the block's name for a collapsed instance, or ``input``."""
    summary: str
    """What a paper's table says about it (``96 × 11×11 /4``), or ``12 layers``."""
    output_shape: Shape
    params: int
    mults: int
    layers: int
    """How many layers the box stands for (1 for a layer, 0 for the input)."""

    @property
    def is_input(self) -> bool:
        """The network's input: the one box that stands for no layer."""
        return self.layers == 0

    @property
    def volume(self) -> int:
        """The number of elements of its output tensor."""
        return prod(self.output_shape)


@dataclass(frozen=True)
class NetworkGraph:
    nodes: tuple[GraphNode, ...]
    """In evaluation order: each node after the nodes it reads; the input first."""
    edges: tuple[tuple[str, str], ...]
    """(source, target) pairs: one per input a layer reads, or per distinct link when collapsed."""


def group_name(name: str, depth: int) -> str:
    """The node a layer belongs to when blocks are collapsed at `depth` (0: no collapsing).

    >>> group_name("layer1.0/conv1", 1), group_name("a/b/c", 1), group_name("a/b/c", 2)
    ('layer1.0', 'a', 'a/b')
    >>> group_name("conv1", 1), group_name("layer1.0/conv1", 0)
    ('conv1', 'layer1.0/conv1')
    """
    parts = name.split("/")
    return "/".join(parts[:depth]) if 0 < depth < len(parts) else name


def network_graph(summary: Summary, depth: int = 0) -> NetworkGraph:
    """The graph of `summary`, with block instances collapsed at `depth` (0 keeps every layer)."""
    members: dict[str, list] = {}
    for row in summary.layers:
        members.setdefault(group_name(row.name, depth), []).append(row)
    nodes = [GraphNode(INPUT, "input", "", summary.input_shape, 0, 0, 0)]
    edges: list[tuple[str, str]] = []
    linked: set[tuple[str, str]] = set()  # the links of collapsed nodes, each drawn once
    group_of = {INPUT: INPUT}
    for name, rows in members.items():
        for row in rows:
            group_of[row.name] = name
        if len(rows) == 1 and rows[0].name == name:
            row = rows[0]
            nodes.append(GraphNode(name, row.kind, row.summary, row.output_shape, row.params,
                                   row.mults, 1))
            edges += [(group_of[source], name) for source in row.inputs]
            continue
        level = name.count("/")
        kind = rows[0].blocks[level] if len(rows[0].blocks) > level else "block"
        nodes.append(GraphNode(name, kind, f"{len(rows)} layers", rows[-1].output_shape,
                               sum(row.params for row in rows), sum(row.mults for row in rows),
                               len(rows)))
        for row in rows:
            for source in row.inputs:
                link = (group_of[source], name)
                if group_of[source] != name and link not in linked:
                    linked.add(link)
                    edges.append(link)
    return NetworkGraph(tuple(nodes), tuple(edges))
