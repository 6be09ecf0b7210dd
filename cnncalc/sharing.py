"""Frozen and shared weights: how a layer's parameters are counted once the graph says who owns
them.

- ``trainable: false`` (a frozen layer, `Node.trainable`): its parameters are all counted, as
  not trainable — no gradient, no optimizer state (`cnncalc.memory` counts those for trainable
  parameters only), as PyTorch's ``requires_grad_(False)`` and Keras' ``trainable = False``
  report them.
- ``shares: other`` (`Node.shares`): the layer computes with `other`'s weights (a Siamese
  twin, a recursive net's repeated step). The weights exist once, so they are counted once, at
  `other`; this layer counts none, while its multiplications are its own, one set per use.
  Sharing needs the same kind, the same weight shapes and the same settings but where the
  window is placed (stride, padding, dilation…): else a `SpecError` at the sharing layer.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from .errors import SpecError
from .graph import Node
from .layers import Layer, Params
from .render.escape import one_line

PLACEMENT = frozenset({"stride", "padding", "dilation", "gaps", "output_padding", "ceil_mode",
                       "count_include_pad"})
"""Settings that place a window without shaping the weights: two layers that differ only in
these may share weights (a dilated copy of a conv, as in recursive or multi-scale nets)."""


FROZEN = "frozen (trainable: false)"
"""How a frozen layer's note begins (the table's key then says what else is non-trainable)."""


class Counted(NamedTuple):
    """A layer's parameters as the totals count them."""

    trainable: int
    non_trainable: int
    """Every parameter not trained: the convention's share of the running statistics, and the
    frozen ones."""
    frozen: int
    """Parameters that exist but are not trained (of `non_trainable`)."""
    biases: int
    note: str | None


class Owner(NamedTuple):
    """What a layer whose weights another may share is: its kind, layer and parameters."""

    kind: str
    layer: Layer
    params: Params


def counted(node: Node, params: Params, owners: dict[str, Owner],
            statistics: Callable[[int], int]) -> Counted:
    """`params` of `node` as counted (the module docstring), `owners` holding every layer
    computed before it that another shares, `statistics` what the convention counts of the
    running statistics (`Convention.non_trainable`)."""
    total = params.trainable + params.non_trainable
    # a layer without weights in a twin block (shares: on the block) has nothing to share
    if node.shares is not None and (total or not node.shares_by_block):
        check_shared(node, params, owners.get(node.shares))
        return Counted(0, 0, 0, 0, f"shares the weights of '{node.shares}': its {total:,} "
                                   "parameters are counted once, there; its multiplications "
                                   "are its own (one set per use)")
    kept = statistics(params.non_trainable)
    if not node.trainable and params.trainable:
        return Counted(0, kept + params.trainable, params.trainable, params.biases,
                       f"{FROZEN}: its {params.trainable:,} parameters are "
                       "not trained, so they are counted as non-trainable (no gradients, no "
                       "optimizer state)")
    return Counted(params.trainable, kept, 0, params.biases, None)


def check_shared(node: Node, params: Params, owner: Owner | None) -> None:
    """Refuse sharing with a layer that is not computed before this one, or whose weights
    cannot be this layer's."""
    name = one_line(node.shares or "")
    if owner is None:
        raise SpecError(f"'shares: {name}' names a layer that is not computed before this one; "
                        "a layer shares the weights of one that comes earlier in the graph",
                        node.location, node.label)
    if owner.kind != node.kind:
        raise SpecError(f"'shares: {name}': '{name}' is a {owner.kind}, this layer a "
                        f"{node.kind}; only layers of one kind share weights", node.location,
                        node.label)
    if not owner.params.trainable + owner.params.non_trainable:
        raise SpecError(f"'shares: {name}': '{name}' has no weights to share (a {owner.kind} "
                        "has no parameters); share the weights of a layer that has some",
                        node.location, node.label)
    differ = sorted(key for key in set(vars(node.layer)) | set(vars(owner.layer))
                    if key not in PLACEMENT
                    and vars(node.layer).get(key) != vars(owner.layer).get(key))
    if differ or owner.params != params:
        what = ((f"its setting {differ[0]} differs" if len(differ) == 1 else
                 f"its settings {', '.join(differ)} differ") if differ else
                f"its weights are {params.trainable + params.non_trainable:,} parameters, "
                f"those of '{name}' {owner.params.trainable + owner.params.non_trainable:,} "
                "(the input channels differ)")
        raise SpecError(f"'shares: {name}': this layer cannot use the weights of '{name}': "
                        f"{what}; layers that share weights differ at most in "
                        f"{', '.join(sorted(PLACEMENT))}", node.location, node.label)
