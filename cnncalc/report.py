"""The numbers model: what the calculator produces and every view renders. Plain data only.

`as_dict` gives the stable JSON form (documented in the README):
``{name, source, file, input, batch, output, layers: [...], totals: {...}, warnings: [...]}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from math import prod

from typing import Mapping

from .layers import Shape
from .receptive import ReceptiveField, field_dict
from .operations import Op

BYTES_PER_FLOAT32 = 4


@dataclass(frozen=True)
class LayerRow:
    """One layer's numbers. `mults` and `activations` already include the batch."""

    name: str
    kind: str
    summary: str
    inputs: tuple[str, ...]
    input_shapes: tuple[Shape, ...]
    output_shape: Shape
    trainable_params: int
    non_trainable_params: int
    mults: int
    activations: int
    biases: int = 0
    """The layer's biases (BN's β included): part of `trainable_params`, or of
    `non_trainable_params` for a frozen layer; 0 for one that shares another's weights."""
    formulas: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """Teaching notes computed for this layer (shown by `explain`)."""
    in_place: bool = False
    """The kind's memory rule (`Layer.in_place`): its output reuses its input's memory."""
    receptive_field: ReceptiveField | None = None
    """Per axis, the input pixels one output sees (None when the input has no spatial axes)."""
    operations: Mapping[Op, int] = field(default_factory=dict)
    """What the layer does by category (× batch); `mults` is these counted by the convention."""
    flops_per_count: int = 2
    """FLOPs = this × `mults` (1 when the convention counts FLOPs itself)."""
    blocks: tuple[str, ...] = ()
    """The blocks the layer sits in, outermost first, one per ``/``-separated instance in its
    name (``layer1.0/conv1`` → ``('bottleneck',)``): what `draw --collapse` names a box by."""
    functional: bool = False
    """Done by a function call in ``forward()`` (``functional: true``): how tools that hook
    modules count it (`Convention.weights_for`)."""
    frozen_params: int = 0
    """Of `non_trainable_params`, the parameters a frozen layer (``trainable: false``) would
    otherwise train: its weights and biases, which every tool still counts as parameters."""

    @property
    def params(self) -> int:
        return self.trainable_params + self.non_trainable_params

    @property
    def weights(self) -> int:
        """Its weights without the biases, trained or frozen."""
        return self.trainable_params + self.frozen_params - self.biases

    @property
    def flops(self) -> int:
        return self.flops_per_count * self.mults


_ROW_FIELDS = frozenset(LayerRow.__dataclass_fields__)


def layer_row(**fields) -> LayerRow:
    """`LayerRow(**fields)` with every field given, for the calculator's loop: the same frozen
    row (equal, hashed and printed alike), built with one ``__dict__`` update instead of the
    frozen dataclass's ``object.__setattr__`` per field (about 4 µs of a row's cost)."""
    if fields.keys() != _ROW_FIELDS:
        return LayerRow(**fields)   # a field missing or unknown: the dataclass says which
    row = object.__new__(LayerRow)
    row.__dict__.update(fields)
    return row


@dataclass(frozen=True)
class Totals:
    """Sums over the layers, and memory at float32 (MiB = 2^20 bytes)."""

    trainable_params: int
    non_trainable_params: int
    mults: int
    activations: int
    input_elements: int
    flops_per_count: int = 2
    """1 when the convention counts FLOPs itself."""

    @property
    def params(self) -> int:
        return self.trainable_params + self.non_trainable_params

    @property
    def weights(self) -> int:
        """Its weights without the biases, trained or frozen."""
        return self.trainable_params + self.frozen_params - self.biases

    @property
    def flops(self) -> int:
        """FLOPs = 2 × multiply-accumulates (one multiply and one add each), or the counted
        number itself when the convention counts FLOPs."""
        return self.flops_per_count * self.mults

    @property
    def params_bytes(self) -> int:
        return self.params * BYTES_PER_FLOAT32

    @property
    def activations_bytes(self) -> int:
        return self.activations * BYTES_PER_FLOAT32

    @property
    def input_bytes(self) -> int:
        return self.input_elements * BYTES_PER_FLOAT32


@dataclass(frozen=True)
class Summary:
    name: str
    source: str | None
    file: str
    input_shape: Shape
    batch: int
    output: str
    layers: tuple[LayerRow, ...]
    convention: str = "cnncalc"
    """The name of the counting convention behind `mults` and the parameters."""
    warnings: tuple[str, ...] = ()
    """What is wrong with the graph though it computes, one located sentence each (a layer
    nothing reads: `graph_notes.unread_warnings`). Every view shows them."""

    @cached_property
    def totals(self) -> Totals:
        """Worked out on first use and kept with the summary (its rows never change): a
        table asks for it once per column, bar and totals line."""
        return Totals(
            trainable_params=sum(row.trainable_params for row in self.layers),
            non_trainable_params=sum(row.non_trainable_params for row in self.layers),
            mults=sum(row.mults for row in self.layers),
            activations=sum(row.activations for row in self.layers),
            input_elements=prod(self.input_shape) * self.batch,
            flops_per_count=self.layers[0].flops_per_count if self.layers else 2,
        )

    def row(self, name: str) -> LayerRow:
        for row in self.layers:
            if row.name == name:
                return row
        raise KeyError(name)

    # Views of the summary for Python and notebooks: each calls the renderer the CLI uses.
    def __repr__(self) -> str:
        """Short: a summary's fields print as many kilobytes (`to_dict` has them all)."""
        from .text import shape_text

        totals = self.totals
        return (f"<Summary {self.name!r}: input {shape_text(self.input_shape)}, batch "
                f"{self.batch}, {len(self.layers)} layers, {totals.params:,} params, "
                f"{totals.mults:,} mults ({self.convention})>")

    def to_dict(self) -> dict:
        """The JSON form as Python data (`as_dict`)."""
        return as_dict(self)

    def _rendered(self, fmt: str) -> str:
        from .render import OutputFormat
        from .render.views import rendered

        return rendered(self, OutputFormat(fmt))

    def to_json(self) -> str:
        """What ``cnncalc summarize --json`` prints: every number, exactly."""
        return self._rendered("json")

    def to_markdown(self) -> str:
        """What ``--format markdown`` writes: a Markdown table and its totals."""
        return self._rendered("markdown")

    def to_html(self) -> str:
        """An HTML fragment (one ``<div>``) whose styles apply inside it only: safe to put
        into a notebook or another page (`render.html.html_fragment`)."""
        from .render.html import html_fragment

        return html_fragment(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __rich__(self):
        """The table and totals the terminal shows, for ``rich.print(summary)``."""
        from rich import get_console
        from rich.console import Group
        from rich.text import Text

        from .render.cells import convention_line
        from .render.table import WIDE_ENOUGH, default_columns, summary_table, totals_grid

        width = get_console().width
        wide = width >= WIDE_ENOUGH
        return Group(summary_table(self, default_columns(wide, False), width, bars=wide),
                     totals_grid(self), Text(convention_line(self)))

    def to_pandas(self):
        """One row per layer (name, kind, shapes and counts) as a `pandas.DataFrame`; pandas
        is not a dependency of cnncalc, so this asks for it when it is not installed."""
        try:
            import pandas
        except ImportError:
            raise ImportError("Summary.to_pandas needs pandas, which cnncalc does not install: "
                              "pip install pandas, or use to_dict() instead") from None
        columns = ("name", "kind", "output_shape", "params", "trainable_params",
                   "non_trainable_params", "mults", "flops", "activations")
        rows = [{key: layer[key] for key in columns} for layer in as_dict(self)["layers"]]
        return pandas.DataFrame(rows, columns=list(columns))


def mib(n_bytes: int) -> float:
    return round(n_bytes / 2**20, 3)


_OP_NAMES = {op: op.value for op in Op}
"""Each category's JSON name, looked up once (an enum's ``.value`` is a property)."""


def layer_dict(row: LayerRow) -> dict:
    input_shapes = row.input_shapes
    return {
        "name": row.name,
        "kind": row.kind,
        "summary": row.summary,
        "inputs": list(row.inputs),
        "input_shape": list(input_shapes[0]),
        "input_shapes": [list(shape) for shape in input_shapes],
        "output_shape": list(row.output_shape),
        "params": row.params,
        "trainable_params": row.trainable_params,
        "non_trainable_params": row.non_trainable_params,
        "biases": row.biases,
        "mults": row.mults,
        "flops": row.flops,
        "activations": row.activations,
        "formulas": dict(row.formulas),
        "notes": list(row.notes),
        "receptive_field": field_dict(row.receptive_field),
        "operations": {_OP_NAMES[op]: count
                       for op, count in row.operations.items()},
        **({"frozen_params": row.frozen_params} if row.frozen_params else {}),
    }


def as_dict(summary: Summary) -> dict:
    """The JSON form: stable keys, shapes as lists [H, W, C] (or [N])."""
    totals = summary.totals
    return {
        "name": summary.name,
        "source": summary.source,
        "file": summary.file,
        "input": list(summary.input_shape),
        "batch": summary.batch,
        "output": summary.output,
        "convention": summary.convention,
        "layers": [layer_dict(row) for row in summary.layers],
        "totals": {
            "params": totals.params,
            "trainable_params": totals.trainable_params,
            "non_trainable_params": totals.non_trainable_params,
            "mults": totals.mults,
            "flops": totals.flops,
            "activations": totals.activations,
            "params_mib": mib(totals.params_bytes),
            "activations_mib": mib(totals.activations_bytes),
            "input_mib": mib(totals.input_bytes),
        },
        "warnings": list(summary.warnings),
    }
