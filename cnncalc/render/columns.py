"""The columns a layer table can show, chosen and ordered with ``--columns``.

Every tabular view (terminal table, Markdown, CSV, HTML, SVG, LaTeX) draws the same `Column`s:
a header, one text cell per layer, a total (or nothing) and, for CSV, machine-readable fields.
Counts are written exactly (``60,965,224``) or, for people skimming, with three significant
figures and an SI prefix (``61.0 M``); CSV always keeps the exact digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable

from ..errors import OptionError
from ..report import LayerRow, Summary
from ..text import IN_PLACE, human_number, shape_text, size_text, thousands
from .cells import counted_header, input_cell, jump_cell, kind_cell, pair_cell, rf_cell

Count = Callable[[int], str]
"""How a count is written: `exact` or `human`."""


def exact(number: int) -> str:
    """Thousands separators; an em dash for zero so the eye finds the layers that count."""
    return thousands(number) if number else "—"


def human(number: int) -> str:
    return human_number(number) if number else "—"


def shape_field(shape) -> str:
    return "x".join(map(str, shape))


def params_text(row: LayerRow, count: Count) -> str:
    """``a + b`` when a layer has non-trainable parameters (BatchNorm's running statistics)."""
    if row.non_trainable_params:
        return f"{count(row.trainable_params)} + {count(row.non_trainable_params)}"
    return count(row.trainable_params)


def float32_memory(summary: Summary):
    """The ``--memory`` report at float32 with SGD, which the memory column shows (the memory
    module is imported here: only a table with that column needs it)."""
    from ..memory import DType, Optimizer, memory

    return memory(summary, DType.FLOAT32, Optimizer.SGD)


def memory_cells(summary: Summary, count: Count) -> list[str]:
    """Each output's float32 memory, as ``--memory`` counts it (``in place`` adds nothing)."""
    report = float32_memory(summary)
    return [IN_PLACE if layer.in_place else size_text(layer.bytes) for layer in report.layers]


def memory_fields(summary: Summary) -> list[dict]:
    report = float32_memory(summary)
    return [{"memory_bytes": layer.bytes} for layer in report.layers]


def memory_total(summary: Summary, count: Count) -> str:
    return size_text(sum(layer.bytes for layer in float32_memory(summary).layers))


def rf_fields(row: LayerRow) -> dict:
    field = row.receptive_field
    if field is None:
        return {"rf_size": ""}
    return {"rf_size": "global" if field.is_global else pair_cell(field.size, False).replace(
        "×", "x")}


def jump_fields(row: LayerRow) -> dict:
    field = row.receptive_field
    if field is None or field.is_global:
        return {"rf_jump": "", "rf_start": ""}
    return {"rf_jump": pair_cell(field.jump, False).replace("×", "x"),
            "rf_start": pair_cell(field.start, False).replace("×", "x")}


def per_row(text: Callable[[LayerRow, Count], str]):
    return lambda summary, count: [text(row, count) for row in summary.layers]


def each(fields: Callable[[LayerRow], dict]):
    return lambda summary: [fields(row) for row in summary.layers]


def summed(attribute: str):
    return lambda summary, count: count(getattr(summary.totals, attribute))


@dataclass(frozen=True)
class ColumnView:
    header: str
    cells: Callable[[Summary, Count], list[str]]
    """The text of each layer's cell."""
    fields: Callable[[Summary], list[dict]]
    """Each layer's CSV fields from this column: exact numbers, shapes as ``55x55x96``."""
    total: Callable[[Summary, Count], str] = lambda summary, count: ""
    is_number: bool = False
    wraps: str = ""
    """How a long cell breaks: ``name`` (after / and .), ``words`` (at spaces) or not at all."""
    heading: Callable[[Summary], str] | None = None
    """The header when it depends on the summary (the counted column takes the convention's
    word: Mults, MACs, FLOPs…)."""

    def title(self, summary: Summary) -> str:
        return self.heading(summary) if self.heading else self.header


class Column(Enum):
    """The columns, by the word ``--columns`` takes."""

    NAME = ColumnView("Layer", per_row(lambda row, count: row.name),
                      each(lambda row: {"name": row.name}),
                      lambda summary, count: "Total", wraps="name")
    KIND = ColumnView("Kind", per_row(lambda row, count: kind_cell(row)),
                      each(lambda row: {"kind": row.kind, "summary": row.summary}),
                      wraps="words")
    INPUT = ColumnView("Input", per_row(lambda row, count: input_cell(row)),
                       each(lambda row: {"inputs": "+".join(row.inputs),
                                         "input_shape": "+".join(shape_field(shape)
                                                                 for shape in row.input_shapes)}),
                       wraps="words")
    OUTPUT = ColumnView("Output", per_row(lambda row, count: shape_text(row.output_shape)),
                        each(lambda row: {"output_shape": shape_field(row.output_shape)}))
    PARAMS = ColumnView("Params", per_row(params_text), each(lambda row: {"params": row.params}),
                        summed("params"), is_number=True)
    TRAINABLE = ColumnView("Trainable", per_row(lambda row, count: count(row.trainable_params)),
                           each(lambda row: {"trainable_params": row.trainable_params}),
                           summed("trainable_params"), is_number=True)
    NON_TRAINABLE = ColumnView(
        "Non-trainable", per_row(lambda row, count: count(row.non_trainable_params)),
        each(lambda row: {"non_trainable_params": row.non_trainable_params}),
        summed("non_trainable_params"), is_number=True)
    MULTS = ColumnView("Mults", per_row(lambda row, count: count(row.mults)),
                       each(lambda row: {"mults": row.mults}), summed("mults"), is_number=True,
                       heading=counted_header)
    FLOPS = ColumnView("FLOPs", per_row(lambda row, count: count(row.flops)),
                       each(lambda row: {"flops": row.flops}), summed("flops"), is_number=True)
    ACTIVATIONS = ColumnView("Activations", per_row(lambda row, count: count(row.activations)),
                             each(lambda row: {"activations": row.activations}),
                             summed("activations"), is_number=True)
    MEMORY = ColumnView("Memory", memory_cells, memory_fields, memory_total, is_number=True)
    RF = ColumnView("RF", per_row(lambda row, count: rf_cell(row)), each(rf_fields),
                    is_number=True)
    JUMP = ColumnView("Jump", per_row(lambda row, count: jump_cell(row)), each(jump_fields),
                      is_number=True)

    @property
    def word(self) -> str:
        return self.name.lower()


NARROW = (Column.NAME, Column.KIND, Column.OUTPUT, Column.PARAMS, Column.MULTS)
WIDE = (Column.NAME, Column.KIND, Column.INPUT, Column.OUTPUT, Column.PARAMS, Column.MULTS,
        Column.ACTIVATIONS)
DOCUMENT = (Column.NAME, Column.KIND, Column.INPUT, Column.OUTPUT, Column.PARAMS, Column.MULTS)
"""Markdown, HTML and LaTeX: every shape, the two counts everyone asks for."""
CSV = (Column.NAME, Column.KIND, Column.INPUT, Column.OUTPUT, Column.PARAMS, Column.TRAINABLE,
       Column.NON_TRAINABLE, Column.MULTS, Column.FLOPS, Column.ACTIVATIONS)


def with_rf(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The receptive field's size and jump just after the output shape."""
    at = columns.index(Column.OUTPUT) + 1
    return columns[:at] + (Column.RF, Column.JUMP) + columns[at:]


def parse_columns(text: str) -> tuple[Column, ...]:
    """``name,output,params`` → the columns in that order.

    >>> [column.word for column in parse_columns("name, output,params")]
    ['name', 'output', 'params']
    """
    valid = {column.word: column for column in Column}
    words = [word.strip().lower().replace("-", "_") for word in text.split(",") if word.strip()]
    unknown = [word for word in words if word not in valid]
    if unknown or not words:
        plural = "s" if len(unknown) > 1 else ""
        problem = (f"unknown column{plural} {', '.join(repr(word) for word in unknown)}"
                   if unknown else "no column named")
        raise OptionError(f"--columns: {problem}; choose from "
                          f"{', '.join(valid)} (comma-separated, in the order wanted)")
    return tuple(valid[word] for word in words)
