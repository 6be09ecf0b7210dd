"""Views of a `Verification`: a rich table (calculated vs measured) and JSON.

Every text is a `Text` (never rich markup), names through `escape.one_line`."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..text import shape_text, thousands
from ..verify import Verification
from .escape import one_line
from .jsontext import json_document


def pair_cell(calculated: str, measured: str) -> Text:
    """One value when both agree; ``calculated ≠ measured`` in red when they do not."""
    if calculated == measured:
        return Text(calculated)
    return Text(f"{calculated} ≠ {measured}", style="red")


def params_text(params: tuple[int, int]) -> str:
    trainable, buffers = params
    return f"{thousands(trainable)} + {thousands(buffers)}" if buffers else thousands(trainable)


def print_verification(result: Verification, console: Console) -> None:
    title = (f"{one_line(result.name)} — calculated vs measured by a NumPy forward pass, "
             f"batch {result.batch}")
    table = Table(title=Text(title), box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                  title_style="bold")
    table.add_column("Layer", style="cyan", overflow="fold")
    table.add_column("Output", overflow="fold")
    table.add_column("Params", justify="right", overflow="fold")
    table.add_column("Mults", justify="right", overflow="fold")
    table.add_column("ms", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for check in result.layers:
        table.add_row(
            Text(one_line(check.name)),
            pair_cell(shape_text(check.calculated_shape), shape_text(check.measured_shape)),
            pair_cell(params_text(check.calculated_params), params_text(check.measured_params)),
            pair_cell(thousands(check.calculated_mults), thousands(check.measured_mults)),
            f"{check.seconds * 1000:,.1f}",
            Text("✓", style="green") if check.ok else Text("✗", style="red"))
    console.print(table)
    failures = result.failures
    if failures:
        console.print(Text.assemble(
            (f"✗ {len(failures)} of {len(result.layers)} layers disagree", "red bold"),
            ": " + ", ".join(one_line(check.name) for check in failures)))
    else:
        console.print(Text.assemble(
            (f"✓ all {len(result.layers)} layers agree", "green bold"),
            ": output shapes, parameters and multiplications measured on real arrays"))
    console.print(Text(f"Time {result.seconds:.2f} s (forward {result.forward_seconds:.2f} s, the "
                       f"rest making weights) · peak memory {result.peak_bytes / 2**20:,.0f} "
                       f"MiB (estimated ≤ {result.estimated_bytes / 2**20:,.0f} MiB) · seed "
                       f"{result.seed}" + (f" · {one_line(result.blas)}" if result.blas else "")))


def verification_json(result: Verification) -> str:
    return json_document({
        "name": result.name, "batch": result.batch, "seed": result.seed, "ok": result.ok,
        "seconds": round(result.seconds, 4),
        "forward_seconds": round(result.forward_seconds, 4),
        "peak_bytes": result.peak_bytes,
        "estimated_bytes": result.estimated_bytes, "blas": result.blas,
        "layers": [{
            "name": check.name, "kind": check.kind, "ok": check.ok,
            "calculated": {"output_shape": list(check.calculated_shape),
                           "trainable_params": check.calculated_params[0],
                           "non_trainable_params": check.calculated_params[1],
                           "mults": check.calculated_mults},
            "measured": {"output_shape": list(check.measured_shape),
                         "trainable_params": check.measured_params[0],
                         "non_trainable_params": check.measured_params[1],
                         "mults": check.measured_mults},
            "seconds": round(check.seconds, 6)} for check in result.layers],
    })
