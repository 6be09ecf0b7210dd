"""The text of the cells every tabular view shares, so the table, Markdown and CSV agree."""

from __future__ import annotations

from ..conventions import DEFAULT, convention_named
from ..receptive import ReceptiveField
from ..report import LayerRow, Summary, mib
from ..text import number_text, shape_text, thousands


def kind_cell(row: LayerRow) -> str:
    """``conv 96 × 11×11 /4``."""
    return f"{row.kind} {row.summary}".strip()


def input_cell(row: LayerRow) -> str:
    return " + ".join(shape_text(shape) for shape in row.input_shapes)


def counted_header(summary: Summary) -> str:
    """The header of the counted-operations column: ``Mults``, or the convention's unit."""
    convention = convention_named(summary.convention)
    unit = convention.unit.value
    return "Mults" if convention is DEFAULT else unit[0].upper() + unit[1:]


def convention_line(summary: Summary) -> str:
    """The one line under the totals that says how they were counted."""
    return convention_named(summary.convention).line


def counted_lines(summary: Summary, batch: str) -> list[tuple[str, str]]:
    """The operations total: MACs and FLOPs = 2 × MACs by default, else the tool's figure."""
    totals, convention = summary.totals, convention_named(summary.convention)
    if convention is DEFAULT:
        return [("Multiplications", f"{thousands(totals.mults)} multiply-accumulates (MACs)"
                                    f"{batch}"),
                ("FLOPs", f"{thousands(totals.flops)}  (= 2 × MACs: one multiply and one add "
                          "each)")]
    return [("Operations", f"{thousands(totals.mults)} {convention.unit.value} as counted by "
                           f"{convention.title}{batch}")]


def totals_lines(summary: Summary) -> list[tuple[str, str]]:
    """(label, value) pairs for the totals block under every human-readable view."""
    totals = summary.totals
    batch = f" (batch {summary.batch})" if summary.batch != 1 else ""
    return [
        ("Parameters", f"{thousands(totals.params)}  (trainable {thousands(totals.trainable_params)}"
                       f", non-trainable {thousands(totals.non_trainable_params)})"),
        *counted_lines(summary, batch),
        ("Activations", f"{thousands(totals.activations)} output elements{batch}"),
        ("Memory (float32)", f"params {mib(totals.params_bytes):,.1f} MiB · activations "
                             f"{mib(totals.activations_bytes):,.1f} MiB · input "
                             f"{mib(totals.input_bytes):,.1f} MiB{batch}"),
    ]


PARAMS_NOTE = "Params a + b: a trainable + b non-trainable (BatchNorm running statistics)."
FROZEN_PARAMS_NOTE = ("Params a + b: a trainable + b non-trainable (BatchNorm running statistics "
                      "and the parameters of frozen layers).")
MULTS_NOTE = "Mults: multiply-accumulates of conv and fc layers."


def table_notes(summary: Summary) -> str:
    """The key under a table: what ``a + b`` params and the Mults column mean, as far as the
    summary's convention shows them."""
    notes = []
    if any(row.frozen_params for row in summary.layers):
        notes.append(FROZEN_PARAMS_NOTE)
    elif convention_named(summary.convention).bn_statistics:
        notes.append(PARAMS_NOTE)
    if counted_header(summary) == "Mults":
        notes.append(MULTS_NOTE)
    return " ".join(notes)
RF_NOTE = ("RF: the input pixels one output sees per axis (one number when square); Jump: the "
           "input pixels between neighbouring outputs; global: every output sees the whole input.")


def warning_texts(warnings) -> list[str]:
    """``warning: …`` per warning about the graph (`Summary.warnings`), as every view and
    standard error print them; the caller escapes them for its target."""
    return [f"warning: {warning}" for warning in warnings]


def title(summary: Summary) -> str:
    batch = f", batch {summary.batch}" if summary.batch != 1 else ""
    return f"{summary.name} — input {shape_text(summary.input_shape)}{batch}"


def pair_cell(values, square: bool = True) -> str:
    """``195`` for a square pair (when `square`), else ``1×7``."""
    texts = [number_text(value) for value in values]
    return texts[0] if square and texts[0] == texts[1] else "×".join(texts)


def rf_cell(row: LayerRow) -> str:
    """The receptive field size for the table: ``195``, ``1×7``, ``global`` or empty."""
    field = row.receptive_field
    if field is None:
        return ""
    return "global" if field.is_global else pair_cell(field.size)


def jump_cell(row: LayerRow) -> str:
    field = row.receptive_field
    if field is None or field.is_global:
        return "—" if field is not None else ""
    return pair_cell(field.jump)


def field_text(field: ReceptiveField) -> str:
    """``11×11, jump 4×4, first centre at (5, 5)``, then the note on how a merge was treated;
    ``global (whole input): `` and why, when global."""
    if field.is_global:
        return f"global (whole input): {field.note.removeprefix('global: ')}"
    text = (f"{pair_cell(field.size, square=False)}, jump {pair_cell(field.jump, False)}, "
            f"first centre at ({', '.join(number_text(value) for value in field.start)})")
    return f"{text} — {field.note}" if field.note else text
