"""Compare two calculated networks layer by layer: plain data for `cnncalc diff` to render.

Layers are paired along both evaluation orders (`align.align`, pairs never cross). A layer pairs
with a layer of the same name, or — names differing — with a layer of the same kind at the same
place in the graph. Why not names first, then positions: automatic names count by kind
(``relu1``, ``relu2`` …), so one inserted relu shifts every later relu's name, and a student's
``relu1`` (after the first conv) is a reference's ``relu1`` (after fc6) in name only. The
alignment weighs both: a pair scores for an equal name, kind, hyper-parameters and numbers
(`kinship`), and the pairing with the greatest total wins.

A pair is *same* (equal names and numbers), *renamed* (equal numbers, names differ),
*changed* (output shape, parameters or multiplications differ), or a layer *only in A* / *only
in B*. Two networks are the same by the numbers when every pair is same or renamed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .align import align
from .report import LayerRow, Summary, Totals

COMPARED = ("output_shape", "params", "mults")
"""The numbers of a layer that decide whether two layers are the same."""

TOTALS = ("params", "trainable_params", "non_trainable_params", "mults", "flops", "activations")
"""The totals compared side by side (attributes of `report.Totals`)."""

# How much each likeness counts when pairing layers. An equal name (4) outweighs an equal kind
# and settings (1 + 2), so layers that keep their names stay paired downstream of a change, where
# every shape differs. Equal kind, settings and numbers (1 + 2 + 3) outweigh an equal name and
# kind (4 + 1), so after an inserted layer the rest pair by what they are, not by their shifted
# automatic names.
NAME, KIND, SETTINGS, NUMBERS = 4, 1, 2, 3


class Status(str, Enum):
    SAME = "same"
    RENAMED = "renamed"
    CHANGED = "changed"
    ONLY_A = "only_a"
    ONLY_B = "only_b"


class Cause(str, Enum):
    """Why a pair's numbers differ, as far as the rows tell."""

    INPUT = "input"                      # it reads a different input shape
    KIND = "kind"                        # a different kind of layer
    SETTINGS = "settings"                # its hyper-parameter summary differs
    HIDDEN_SETTINGS = "hidden_settings"  # none of these: a setting the summary leaves out (bias)


@dataclass(frozen=True)
class LayerPair:
    """One layer of A and its partner in B; either side None for a layer only in the other."""

    a: LayerRow | None
    b: LayerRow | None
    status: Status
    differences: tuple[str, ...] = ()
    """The `COMPARED` fields whose values differ."""
    causes: tuple[Cause, ...] = ()
    """For a changed pair: what differs before the numbers."""

    @property
    def matched_by(self) -> str | None:
        """``name``, ``position`` (names differ), or None for a layer on one side only."""
        if self.a is None or self.b is None:
            return None
        return "name" if self.a.name == self.b.name else "position"


@dataclass(frozen=True)
class TotalDifference:
    quantity: str
    a: int
    b: int

    @property
    def difference(self) -> int:
        """B − A: what going from A to B costs (negative: saves)."""
        return self.b - self.a

    @property
    def percent(self) -> float | None:
        """The difference as a percentage of A; None when A is 0 and B is not.

        >>> TotalDifference("params", 200, 150).percent, TotalDifference("mults", 0, 5).percent
        (-25.0, None)
        """
        if self.a == 0:
            return 0.0 if self.b == 0 else None
        return 100 * self.difference / self.a


@dataclass(frozen=True)
class Comparison:
    a: Summary
    b: Summary
    pairs: tuple[LayerPair, ...]
    totals: tuple[TotalDifference, ...]

    @property
    def same(self) -> bool:
        """The same network by the numbers: every layer paired with equal numbers (names aside)."""
        return all(pair.status in (Status.SAME, Status.RENAMED) for pair in self.pairs)

    @property
    def first_divergence(self) -> int | None:
        """The index in `pairs` of the first pair that is changed, or only on one side."""
        return next((index for index, pair in enumerate(self.pairs)
                     if pair.status not in (Status.SAME, Status.RENAMED)), None)

    def count(self, status: Status) -> int:
        return sum(pair.status is status for pair in self.pairs)


def numbers(row: LayerRow) -> tuple:
    return tuple(getattr(row, field) for field in COMPARED)


def kinship(a: LayerRow, b: LayerRow) -> int:
    """How alike two layers are; 0: never pair them (different kinds and different names)."""
    if a.kind != b.kind and a.name != b.name:
        return 0
    return (NAME * (a.name == b.name) + KIND * (a.kind == b.kind)
            + SETTINGS * (a.kind == b.kind and a.summary == b.summary)
            + NUMBERS * (numbers(a) == numbers(b)))


def identical(a: LayerRow, b: LayerRow) -> bool:
    return (a.name, a.kind, a.summary, numbers(a)) == (b.name, b.kind, b.summary, numbers(b))


def layer_pair(a: LayerRow | None, b: LayerRow | None) -> LayerPair:
    if b is None:
        return LayerPair(a, None, Status.ONLY_A)
    if a is None:
        return LayerPair(None, b, Status.ONLY_B)
    differences = tuple(field for field in COMPARED if getattr(a, field) != getattr(b, field))
    if not differences:
        return LayerPair(a, b, Status.SAME if a.name == b.name else Status.RENAMED)
    causes = []
    if a.input_shapes != b.input_shapes:
        causes.append(Cause.INPUT)
    if a.kind != b.kind:
        causes.append(Cause.KIND)
    elif a.summary != b.summary:
        causes.append(Cause.SETTINGS)
    return LayerPair(a, b, Status.CHANGED, differences, tuple(causes) or (Cause.HIDDEN_SETTINGS,))


def total_differences(a: Totals, b: Totals) -> tuple[TotalDifference, ...]:
    return tuple(TotalDifference(quantity, getattr(a, quantity), getattr(b, quantity))
                 for quantity in TOTALS)


def compare(a: Summary, b: Summary) -> Comparison:
    """Pair the layers of `a` and `b` and say how each pair, and the totals, differ. Both are
    calculated with the same batch size (a caller's mistake otherwise, not a user's)."""
    if a.batch != b.batch:
        raise ValueError(f"compare needs one batch size, received {a.batch} and {b.batch}")
    pairing = align(a.layers, b.layers, kinship, identical)
    pairs = tuple(layer_pair(None if i is None else a.layers[i], None if j is None else b.layers[j])
                  for i, j in pairing)
    return Comparison(a, b, pairs, total_differences(a.totals, b.totals))
