"""Views of a `Memory`: a terminal table with the totals under it, and JSON. Names in the table
are `Text` through `escape.one_line`: never rich markup, no raw escape sequence."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..layers import kinds
from ..memory import Memory, memory_dict
from ..text import IN_PLACE, shape_text, size_text, thousands
from .escape import one_line
from .jsontext import json_document


def in_place_kinds() -> list[str]:
    """The kinds whose class says their output reuses the input's memory."""
    return [cls.kind for cls in kinds() if cls.in_place]


def memory_table(report: Memory) -> Table:
    batch = f", batch {report.batch}" if report.batch != 1 else ""
    table = Table(title=Text(f"{one_line(report.name)} — memory at {report.dtype.value} "
                             f"({report.dtype.bytes} B a number{batch})"),
                  box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, show_footer=True,
                  title_style="bold", footer_style="bold")
    table.add_column("Layer", "Total", style="cyan", overflow="fold")
    table.add_column("Kind", overflow="fold")
    table.add_column("Output", overflow="fold")
    table.add_column("Elements", thousands(report.activation_elements), justify="right",
                     no_wrap=True)
    table.add_column("Memory", size_text(report.forward_bytes), justify="right", no_wrap=True)
    table.add_row("input", "", shape_text(report.input_shape),
                  thousands(report.input_elements), size_text(report.input_bytes))
    for layer in report.layers:
        table.add_row(Text(one_line(layer.name)), Text(one_line(layer.kind)),
                      shape_text(layer.output_shape),
                      "—" if layer.in_place else thousands(layer.elements),
                      IN_PLACE if layer.in_place else size_text(layer.bytes))
    return table


def memory_lines(report: Memory) -> list[tuple[str, str]]:
    """(label, value) pairs: the forward total and the training estimate."""
    batch = f" (batch {report.batch})" if report.batch != 1 else ""
    in_place = sum(layer.in_place for layer in report.layers)
    optimizer = report.optimizer
    state = (f"{optimizer.copies} × parameters" if optimizer.copies else "none")
    return [
        ("Forward", f"{size_text(report.forward_bytes)} of activations{batch}: the input and "
                    "every layer output" + (f" except the {in_place} in place" if in_place
                                            else "")),
        ("Parameters", f"{size_text(report.params_bytes)} ({thousands(report.params)})"),
        (f"Training ({optimizer.value})",
         f"{size_text(report.training_bytes)} = activations kept "
         f"{size_text(report.forward_bytes)} + parameters {size_text(report.params_bytes)} + "
         f"gradients {size_text(report.gradients_bytes)} + optimizer state "
         f"{size_text(report.optimizer_bytes)} ({state})"),
    ]


def print_memory(report: Memory, console: Console) -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in memory_lines(report):
        grid.add_row(label, value)
    note = Text(f"In place (no memory of its own): {', '.join(in_place_kinds())}, unless "
                "another layer also reads its input. Not counted: activation gradients, "
                "workspace.", style="dim")
    console.print(Group(memory_table(report), grid, note))


def memory_json(report: Memory) -> str:
    return json_document(memory_dict(report))
