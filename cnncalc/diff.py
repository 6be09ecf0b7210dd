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

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .align import EXACT_CELLS, alignment
from .bundled import bundled_dir, bundled_variant, find_spec
from .report import LayerRow, Summary, Totals

COMPARED = ("output_shape", "params", "mults")
"""The numbers of a layer that decide whether two layers are the same (`compared`)."""


def compared(row: LayerRow, field: str):
    """A `COMPARED` number of `row`; the parameters as (trainable, non-trainable), so that a
    layer frozen on one side only (``trainable: false``) differs."""
    if field == "params":
        return row.trainable_params, row.non_trainable_params
    return getattr(row, field)

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
    exact: bool = True
    """False when the networks were too long for the exact pairing (`align.EXACT_CELLS`) and
    were paired by anchors (layers unique on both sides) and bands instead."""
    files: tuple[str, str] | None = None
    """What to call A's and B's files (`SpecFile.label`); None: the summaries' own."""

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
    return tuple(compared(row, field) for field in COMPARED)


Signature = tuple[int, int, int, int]
"""A layer for the alignment: numbers standing for its name, its kind, its kind and settings
summary, and its `numbers`, equal where those are equal. Two layers are identical when their
signatures are equal; comparing and hashing four small numbers is what makes the pairing cheap."""


def signatures(a: Summary, b: Summary) -> tuple[list[Signature], list[Signature]]:
    """The signatures of both networks' layers, numbered across both."""
    ids: dict = {}

    def signature(row: LayerRow) -> Signature:
        return (ids.setdefault(("name", row.name), len(ids)),
                ids.setdefault(("kind", row.kind), len(ids)),
                ids.setdefault(("settings", row.kind, row.summary), len(ids)),
                ids.setdefault(("numbers",) + numbers(row), len(ids)))

    return [signature(row) for row in a.layers], [signature(row) for row in b.layers]


def kinship(a: Signature, b: Signature) -> int:
    """How alike two layers are; 0: never pair them (different kinds and different names).
    (Equal settings mean an equal kind: the settings' number stands for both.)"""
    name, kind = a[0] == b[0], a[1] == b[1]
    if not (name or kind):
        return 0
    return NAME * name + KIND * kind + SETTINGS * (a[2] == b[2]) + NUMBERS * (a[3] == b[3])


def layer_pair(a: LayerRow | None, b: LayerRow | None) -> LayerPair:
    if b is None:
        return LayerPair(a, None, Status.ONLY_A)
    if a is None:
        return LayerPair(None, b, Status.ONLY_B)
    differences = tuple(field for field in COMPARED if compared(a, field) != compared(b, field))
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


def compare(a: Summary, b: Summary, exact_cells: int = EXACT_CELLS) -> Comparison:
    """Pair the layers of `a` and `b` and say how each pair, and the totals, differ. Both are
    calculated with the same batch size (a caller's mistake otherwise, not a user's). Time and
    memory grow as n log n in the layers (`align`)."""
    if a.batch != b.batch:
        raise ValueError(f"compare needs one batch size, received {a.batch} and {b.batch}")
    found = alignment(*signatures(a, b), kinship, exact_cells, loose=lambda sig: sig[1:])
    pairs = tuple(layer_pair(None if i is None else a.layers[i], None if j is None else b.layers[j])
                  for i, j in found.pairs)
    return Comparison(a, b, pairs, total_differences(a.totals, b.totals), found.exact)


# ---- which files are compared ---------------------------------------------------------------

@dataclass(frozen=True)
class SpecFile:
    """A spec as the user named it, and the file that name leads to (`bundled.find_spec`)."""

    reference: str
    path: Path
    bundled: bool
    variant: str | None = None
    """The variant of a bundled family (``resnet101`` of resnet.yaml)."""

    @property
    def label(self) -> str:
        """``bundled vgg11`` for a bundled spec (a file of the user's may have its file name),
        else the path as given."""
        if self.bundled:
            return f"bundled {self.variant or self.path.stem}"
        return self.reference


def spec_file(reference: str) -> SpecFile:
    """Where `reference` leads; a `SpecError` (from `find_spec`) when nowhere."""
    found = find_spec(reference)
    return SpecFile(reference, found.path, found.path.parent.resolve() == bundled_dir().resolve(),
                    found.variant)


def same_file(a: SpecFile, b: SpecFile) -> bool:
    """One file twice: the same real path, or the same inode (a link, a hard link); two
    variants of one family are two networks."""
    if a.variant != b.variant:
        return False
    try:
        return os.path.samefile(a.path, b.path)
    except OSError:
        return a.path.resolve() == b.path.resolve()


def same_file_warning(a: SpecFile, b: SpecFile) -> str | None:
    """A sentence when A and B are one file (a comparison that can only find them the same),
    with what was probably meant: a file named like a bundled spec, against that spec.

    The homework's ``cnncalc diff vgg11.yaml vgg11.yaml``, beside the student's vgg11.yaml,
    reads that file twice; the bundled spec is named without the extension.
    """
    if not same_file(a, b):
        return None
    if a.bundled:
        return (f"A and B are both the {a.label}: the spec is compared with itself. "
                f"To compare a file of yours with it, give the file's path as A.")
    stem = a.path.stem
    bundled = bundled_dir() / f"{stem}.yaml"
    hint = (f" To compare it with the bundled {stem}, name that one without the extension: "
            f"cnncalc diff {a.reference} {stem}"
            if bundled.is_file() or bundled_variant(stem) else "")
    return (f"A ({a.reference}) and B ({b.reference}) are the same file: it is compared with "
            f"itself.{hint}")
