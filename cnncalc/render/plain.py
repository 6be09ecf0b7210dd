"""Machine- and document-friendly views: JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json

from ..report import Summary, as_dict
from ..text import shape_text
from .cells import (convention_line, count_cell, counted_header, input_cell, kind_cell,
                    params_cell, title, totals_lines)

CSV_COLUMNS = ("name", "kind", "summary", "inputs", "input_shape", "output_shape", "params",
               "trainable_params", "non_trainable_params", "mults", "flops", "activations")


def to_json(summary: Summary) -> str:
    return json.dumps(as_dict(summary), indent=2, ensure_ascii=False)


def to_csv(summary: Summary) -> str:
    """One row per layer; shapes as ``55x55x96``, input names joined by ``+``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for layer in as_dict(summary)["layers"]:
        writer.writerow({**layer,
                         "inputs": "+".join(layer["inputs"]),
                         "input_shape": "+".join("x".join(map(str, shape))
                                                 for shape in layer["input_shapes"]),
                         "output_shape": "x".join(map(str, layer["output_shape"]))})
    return out.getvalue()


def to_markdown(summary: Summary) -> str:
    lines = [f"### {title(summary)}", ""]
    if summary.source:
        lines += [f"*{summary.source}*", ""]
    lines += [f"| Layer | Kind | Input | Output | Params | {counted_header(summary)} |",
              "|---|---|---|---|--:|--:|"]
    for row in summary.layers:
        lines.append(f"| {row.name} | {kind_cell(row)} | {input_cell(row)} | "
                     f"{shape_text(row.output_shape)} | {params_cell(row)} | "
                     f"{count_cell(row.mults)} |")
    totals = summary.totals
    lines.append(f"| **Total** | | | | **{count_cell(totals.params)}** | "
                 f"**{count_cell(totals.mults)}** |")
    lines.append("")
    lines += [f"- **{label}:** {value}" for label, value in totals_lines(summary)]
    lines += ["", convention_line(summary)]
    return "\n".join(lines) + "\n"
