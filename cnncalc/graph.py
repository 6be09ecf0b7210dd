"""The layer graph a spec becomes: named nodes, each reading one or more others.

`Network.nodes` is in evaluation order (every node after the nodes it reads); `INPUT` names the
network's input. Building the order checks that every reference resolves and nothing is a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Location, SpecError
from .layers import Layer, Shape

INPUT = "input"


@dataclass
class Node:
    """One layer in the graph."""

    name: str
    kind: str
    layer: Layer
    inputs: tuple[str, ...]
    location: Location
    label: str
    """How errors name it: ``layer 3 'conv2'`` (with the block it came from, if any)."""
    blocks: tuple[str, ...] = ()
    """The blocks it sits in, outermost first: ``layer1.0/conv1`` of ResNet-50 has
    ``('bottleneck',)``; one entry per ``/``-separated instance in its name."""
    trainable: bool = True
    """False for a frozen layer (``trainable: false``, on it or on a block it sits in): its
    parameters are counted, but as not trainable."""
    functional: bool = False
    """True for a layer the model performs by a function call in ``forward()`` rather than a
    module (``functional: true``): tools that count modules (ptflops, thop, torchscan) see it
    differently."""
    is_output: bool = False
    """True for a layer marked ``output: true``: an output of the network besides its last
    layer (an auxiliary classifier), which no layer needs to read."""
    shares: str | None = None
    """The full name of the layer whose weights this one uses (``shares: <layer>``): its
    parameters are that layer's, counted once; its multiplications are its own."""
    shares_by_block: bool = False
    """True when `shares` comes from the block the layer sits in (``shares: <instance>`` on
    it): each layer of the instance shares its twin's weights, those without weights none."""


@dataclass
class Network:
    name: str
    input_shape: Shape
    nodes: list[Node]
    file: str
    source: str | None = None
    output: str = field(default="")
    """The name of the network's output: the last layer in the spec."""


def evaluation_order(nodes: list[Node]) -> list[Node]:
    """Nodes sorted so that each comes after its inputs, otherwise in document order (a node
    waits only for what it reads). A cycle is a `SpecError` that spells the cycle out."""
    by_name = {node.name: node for node in nodes}
    done, order = {INPUT}, []
    for first in nodes:
        if first.name in done:
            continue
        if all(name in done for name in first.inputs):  # most nodes: what they read is placed
            done.add(first.name)
            order.append(first)
            continue
        stack, visiting = [first], set()
        while stack:
            node = stack[-1]
            if node.name in done:
                stack.pop()
                continue
            waiting = [by_name[name] for name in node.inputs if name not in done]
            if not waiting:
                done.add(node.name)
                order.append(node)
                visiting.discard(node.name)
                stack.pop()
                continue
            if node.name in visiting:
                raise _cycle_error(node, by_name, done)
            visiting.add(node.name)
            stack.extend(reversed(waiting))
    return order


def _cycle_error(start: Node, by_name: dict[str, Node], done: set[str]) -> SpecError:
    path, node = [], start
    while node.name not in path:
        path.append(node.name)
        node = next(by_name[name] for name in node.inputs if name not in done)
    cycle = path[path.index(node.name):] + [node.name]
    return SpecError("the layers make a cycle: " + " → ".join(f"'{name}'" for name in cycle) +
                     " (each reads the next, by 'from' or by a setting that names a layer such "
                     "as pool: or size_of:); a layer may only read layers that do not depend "
                     "on it", node.location, node.label)
