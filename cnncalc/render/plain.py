"""Machine- and document-friendly views: JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io

from ..report import Summary, as_dict
from ..text import shape_text
from .jsontext import dumps
from .cells import (count_cell, input_cell, jump_cell, kind_cell, pair_cell, params_cell, rf_cell,
                    title, totals_lines)

CSV_COLUMNS = ("name", "kind", "summary", "inputs", "input_shape", "output_shape", "params",
               "trainable_params", "non_trainable_params", "mults", "flops", "activations")
RF_CSV_COLUMNS = ("rf_size", "rf_jump", "rf_start")
"""With ``rf``: ``195x195`` (or ``global``), ``32x32``, ``33x33``; empty when global."""


def to_json(summary: Summary) -> str:
    return dumps(as_dict(summary))


def rf_csv_cells(row) -> dict[str, str]:
    field = row.receptive_field
    if field is None:
        return dict.fromkeys(RF_CSV_COLUMNS, "")
    if field.is_global:
        return {"rf_size": "global", "rf_jump": "", "rf_start": ""}
    return {"rf_size": pair_cell(field.size, False).replace("×", "x"),
            "rf_jump": pair_cell(field.jump, False).replace("×", "x"),
            "rf_start": pair_cell(field.start, False).replace("×", "x")}


def to_csv(summary: Summary, rf: bool = False) -> str:
    """One row per layer; shapes as ``55x55x96``, input names joined by ``+``; with `rf` the
    receptive field columns `RF_CSV_COLUMNS`."""
    out = io.StringIO()
    columns = CSV_COLUMNS + (RF_CSV_COLUMNS if rf else ())
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row, layer in zip(summary.layers, as_dict(summary)["layers"]):
        writer.writerow({**layer, **(rf_csv_cells(row) if rf else {}),
                         "inputs": "+".join(layer["inputs"]),
                         "input_shape": "+".join("x".join(map(str, shape))
                                                 for shape in layer["input_shapes"]),
                         "output_shape": "x".join(map(str, layer["output_shape"]))})
    return out.getvalue()


def to_markdown(summary: Summary, rf: bool = False) -> str:
    """The layer table and totals; with `rf` the RF and Jump columns after the output."""
    lines = [f"### {title(summary)}", ""]
    if summary.source:
        lines += [f"*{summary.source}*", ""]
    rf_head, rf_rule, rf_blank = (" RF | Jump |", "--:|--:|", " | |") if rf else ("", "", "")
    lines += [f"| Layer | Kind | Input | Output |{rf_head} Params | Mults |",
              f"|---|---|---|---|{rf_rule}--:|--:|"]
    for row in summary.layers:
        rf_cells = f" {rf_cell(row)} | {jump_cell(row)} |" if rf else ""
        lines.append(f"| {row.name} | {kind_cell(row)} | {input_cell(row)} | "
                     f"{shape_text(row.output_shape)} |{rf_cells} {params_cell(row)} | "
                     f"{count_cell(row.mults)} |")
    totals = summary.totals
    lines.append(f"| **Total** | | | |{rf_blank} **{count_cell(totals.params)}** | "
                 f"**{count_cell(totals.mults)}** |")
    lines.append("")
    lines += [f"- **{label}:** {value}" for label, value in totals_lines(summary)]
    return "\n".join(lines) + "\n"
