"""Settings that name another layer: ``max_unpool: {pool: pool3}``, ``upsample: {size_of: skip}``.

A kind declares them in ``Layer.references`` (setting → `Reference`) and parses the value with
`layer_name`. The spec expander resolves each name exactly as it resolves ``from:`` (block
scopes, ``instance/name``, forward references, did-you-mean) and appends the named layer to the
node's inputs, after the inputs ``from:`` gives — and, for a reference ``through`` the named
layer, that layer's own first input after it. So the graph has the edge (evaluation order, the
picture, memory lifetimes and the engine all follow it) and the layer's methods see the shapes
they need as ordinary inputs:

* ``upsample: {size_of: skip}`` reads (x, skip): the output takes skip's H×W;
* ``max_unpool: {pool: pool3}`` reads (x, pool3, pool3's input): the output takes the size the
  pool saw, and the layer copies the pool's window (`Layer.resolved`).

A layer counts only its own inputs against ``min_inputs``/``max_inputs`` (`own_input_count`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import SettingError
from .settings import shown


@dataclass(frozen=True)
class Reference:
    """One setting that names a layer."""

    means: str
    """What the named layer is to this one, for messages: ``the maxpool whose indices it
    puts back``."""
    kinds: tuple[str, ...] = ()
    """The kinds it may name (empty: any layer, or the network's input)."""
    through: bool = False
    """Whether the named layer's own first input is read too (a pool's input: its size)."""
    hint: str = ""
    """Said when the layer is given more inputs than it reads: how to write the reference
    instead (``upsample: {from: [c, skip]}`` → ``size_of: skip``)."""

    @property
    def extra_inputs(self) -> int:
        return 1 + self.through


def layer_name(value: Any) -> str:
    """A layer's name, as in ``from:``: a word, or ``instance/name`` inside a block instance."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise SettingError(f"expected the name of a layer, received {shown(value)}")
    return str(value).strip()


def given(layer) -> list[tuple[str, Reference]]:
    """The references `layer` has a value for, in declared order."""
    return [(key, reference) for key, reference in type(layer).references.items()
            if getattr(layer, key, None) is not None]


def extra_input_count(layer) -> int:
    """How many inputs the references add after the layer's own."""
    return sum(reference.extra_inputs for _, reference in given(layer))


def own_input_count(layer, inputs) -> int:
    """The number of the layer's own inputs (``from:``), the references' left out."""
    return len(inputs) - extra_input_count(layer)


def wrong_kind(ref, what: str, reference: Reference, reader: str) -> str:
    """The sentence for a reference (`ref`: its ``key`` and ``name``) that names `what` (``a
    conv layer``), which it cannot use."""
    wanted = " or ".join(reference.kinds)
    return (f"'{ref.key}: {ref.name}' names {what}, but {reader} needs {reference.means}: "
            f"a {wanted} layer")
