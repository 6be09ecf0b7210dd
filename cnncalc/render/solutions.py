"""The view of a `solve.Solutions`: the problem, every solution (a compact table for two
unknowns), the one courses call "same", how many there are or why there is none, and the first
solution worked out with the shared explanation."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..report import LayerRow, layer_dict
from ..solve import Solutions, range_text
from ..text import and_list
from .explanation import explanation

SAME_MARK = '("same")'


def count_text(solutions: Solutions) -> str:
    """``the only solution``, ``4 solutions`` or ``no solution``."""
    if solutions.open_from is not None:
        return "infinitely many solutions"
    count = len(solutions.values)
    return {0: "no solution", 1: "the only solution"}.get(count, f"{count} solutions")


def value_text(solutions: Solutions, values: tuple[int, ...], index: int) -> str:
    """One value, marked when its assignment is the "same" one."""
    text = str(values[index])
    if values == (solutions.open_from,):
        text += " or any larger"
    return f"{text} {SAME_MARK}" if values == solutions.same else text


def solution_lines(solutions: Solutions) -> RenderableType:
    """One unknown: a line of values. Two: a row per value of the first unknown, with every
    value of the second that goes with it. More: one row per solution."""
    names = solutions.unknowns
    if len(names) == 1:
        values = ", ".join(value_text(solutions, values, 0) for values in solutions.values)
        return Text.assemble("  ", (names[0], "bold"), f" = {values}")
    table = Table.grid(padding=(0, 3))
    for _ in names[:-1]:
        table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row(*(Text(name, "bold") for name in names))
    if len(names) == 2:
        for first in dict.fromkeys(values[0] for values in solutions.values):
            seconds = [value_text(solutions, values, 1) for values in solutions.values
                       if values[0] == first]
            table.add_row(str(first), ", ".join(seconds))
    else:
        for values in solutions.values:
            table.add_row(*map(str, values[:-1]), value_text(solutions, values, len(values) - 1))
    return Padding(table, (0, 0, 0, 2), expand=False)


def solutions_view(problem: str, solutions: Solutions, row: LayerRow | None,
                   note: str | None = None) -> RenderableType:
    """The whole answer, for a request with at least one solution (the command turns one without
    into an error); `row` is the first solution's layer, `note` a line under its working."""
    parts: list[RenderableType] = [
        Text(problem, "bold"),
        Text(f"Find {and_list(solutions.unknowns)} " + (
            f"(searched: {range_text(solutions.searched)})" if solutions.searched else
            "(solved from the output formula, each value checked by the layer)")),
        Text(),
    ]
    parts += [solution_lines(solutions), Text()]
    summary = count_text(solutions).capitalize() + "."
    if solutions.same is not None:
        same = ", ".join(f"{name} {value}" for name, value in
                         zip(solutions.unknowns, solutions.same))
        summary += (f' {SAME_MARK[1:-1]} is {same}: the output is ⌈input/stride⌉, with equal '
                    "padding on each side.")
    parts += [Text(summary), Text()]
    if row is not None:
        first = "Worked out:" if len(solutions.values) == 1 else "The first, worked out:"
        parts += [Text(first), explanation(row)]
    if note:
        parts.append(Text(note))
    return Group(*parts)


def print_solutions(problem: str, solutions: Solutions, row: LayerRow | None, console: Console,
                    note: str | None = None) -> None:
    console.print(solutions_view(problem, solutions, row, note))


def solutions_dict(kind: str, settings: dict, input_shape, output, solutions: Solutions,
                   row: LayerRow | None) -> dict:
    """The JSON form: the request, every solution as ``{unknown: value}``, and the first
    solution's layer row as in ``summarize --json``."""
    return {
        "kind": kind,
        "settings": settings,
        "input": list(input_shape) if input_shape is not None else None,
        "output": list(output),
        "unknowns": list(solutions.unknowns),
        "searched": {name: list(bounds) for name, bounds in solutions.searched.items()},
        "solutions": solutions.assignments(),
        "count": len(solutions.values),
        "and_every_value_from": solutions.open_from,
        "same": dict(zip(solutions.unknowns, solutions.same)) if solutions.same else None,
        "reason": solutions.reason,
        "layer": layer_dict(row) if row is not None else None,
    }
