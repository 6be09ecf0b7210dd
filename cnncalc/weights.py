"""Whose weights a layer's parameters are: its own and trained, frozen, or another layer's.

The one place a layer's `Params` become the numbers of its row (`counted_params`):

* a trained layer: its trainable parameters are trainable; its non-trainable ones (BatchNorm's
  running statistics) as the counting convention says;
* a frozen layer (``trainable: false``): every parameter it has is non-trainable — the
  weights and biases it would train too (`Counted.frozen` of them) — so the totals, the
  training memory (no gradients, no optimizer state), ``diff`` and ``cnncalc check``'s
  ``trainable_params`` leave them out of what is trained;
* a layer that ``shares: X`` uses X's weights: 0 parameters of its own, counted once at X; its
  multiplications are its own. `check_sharing` refuses a layer that could not use X's
  weights: another kind, other weight shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import SpecError
from .graph import INPUT, Node
from .layers import Params, Shape

PLACEMENT = ("stride", "padding", "dilation", "gaps", "output_padding")
"""Settings that say where a layer's weights are applied, not what shape they have: layers
that share weights may differ in them (TridentNet's branches share one kernel at three
dilations)."""


@dataclass(frozen=True)
class Counted:
    """A layer's parameters as its row counts them."""

    trainable: int
    non_trainable: int
    biases: int
    """Its biases (BN's β included), trained or frozen; 0 when shared (counted at the owner)."""
    frozen: int = 0
    """Of `non_trainable`, the weights and biases a frozen layer would otherwise train."""


def counted_params(params: Params, non_trainable, trainable: bool = True,
                   shared: bool = False) -> Counted:
    """The row's parameters for a layer with `params`, trained or frozen (`trainable`, its
    node's), using another's weights or not (`shared`); `non_trainable` is the convention's
    rule for running statistics (`Convention.non_trainable`)."""
    if shared:
        return Counted(0, 0, 0)
    statistics = non_trainable(params.non_trainable)
    if trainable:
        return Counted(params.trainable, statistics, params.biases)
    return Counted(0, params.trainable + statistics, params.biases, frozen=params.trainable)


def params_formula(node: Node, formula: str, params: Params, owner: str | None) -> str:
    """The parameters' formula, with what freezing or sharing changes said."""
    if node.shares is not None:
        return (f"0 here: shared with '{owner}', whose {params.total:,} parameters are "
                f"counted there ({formula})")
    if not node.trainable and params.trainable:
        return (f"{formula} — frozen (trainable: false): all {params.total:,} counted as "
                "non-trainable")
    return formula


def summary_text(node: Node, summary: str, owner: str | None) -> str:
    """The row's summary with ``frozen`` or ``shares X`` after the kind's own."""
    if node.shares is not None:
        return f"{summary} shares {owner}".strip()
    return f"{summary} frozen".strip() if not node.trainable else summary


def owners(nodes: list[Node]) -> dict[str, str]:
    """For every layer that ``shares:``, the layer whose weights it uses: its ``shares``,
    followed through layers that share in turn (each chain walked once, however long); a
    `SpecError` for a layer that names itself or the input, or a chain that comes back."""
    by_name = {node.name: node for node in nodes}
    found: dict[str, str] = {}
    for start in nodes:
        if start.shares is None or start.name in found:
            continue
        path, node = [], start
        while node.shares is not None and node.name not in found:
            if node.shares == node.name:
                raise SpecError(f"'shares: {node.name}' names this layer itself; name the "
                                "layer whose weights it uses", node.location, node.label)
            if node.shares == INPUT:
                raise SpecError(f"'shares: {INPUT}' names the network's input, which has no "
                                "weights; name the layer whose weights this one uses",
                                node.location, node.label)
            if node in path:
                raise SpecError(f"'shares' goes round in a circle through '{node.name}'; one "
                                "of the layers must have weights of its own", start.location,
                                start.label)
            path.append(node)
            node = by_name[node.shares]
        root = found.get(node.name, node.name)
        for member in path:
            found[member.name] = root
    return found


def check_sharing(node: Node, owner: Node, params: Params, owner_params: Params,
                  inputs: tuple[Shape, ...], owner_inputs: tuple[Shape, ...]) -> None:
    """Refuse a layer that cannot use `owner`'s weights: another kind, no weights to share,
    another weight shape (settings other than `PLACEMENT`, input or output channels, or
    counts), or frozen where the owner is trained (one tensor is trained or not)."""
    def fail(what: str):
        raise SpecError(f"'shares: {owner.name}': {what}; a layer that shares weights must "
                        "be the same kind with the same weight shapes (only stride, padding and "
                        "dilation may differ)", node.location, node.label)

    if node.kind != owner.kind:
        fail(f"it is a {owner.kind}, this layer a {node.kind}")
    if not owner_params.total:
        fail(f"{owner.kind} '{owner.name}' has no parameters to share")
    ours, theirs = vars(node.layer), vars(owner.layer)
    for key in node.layer.settings:
        if key not in PLACEMENT and ours.get(key) != theirs.get(key):
            fail(f"its {key} is {theirs.get(key)!r}, this layer's {ours.get(key)!r}")
    channels = inputs[0][-1], owner_inputs[0][-1]
    if channels[0] != channels[1] or (len(inputs[0]) == 1 and inputs[0] != owner_inputs[0]):
        fail(f"it reads {owner_inputs[0][-1]:,} channels or values, this layer "
             f"{inputs[0][-1]:,}")
    if params != owner_params:
        fail(f"it has {owner_params.total:,} parameters, this layer's weights would be "
             f"{params.total:,}")
    if node.trainable != owner.trainable:
        frozen, trained = (owner, node) if not owner.trainable else (node, owner)
        raise SpecError(f"'shares: {owner.name}': '{frozen.name}' is frozen (trainable: false) "
                        f"but '{trained.name}' is not; shared weights are one tensor, trained "
                        "or not: freeze both or neither", node.location, node.label)
