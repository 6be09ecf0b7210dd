"""Views of a `Comparison` (`cnncalc diff`): a rich report that fits 80 columns, and JSON.

The report: which network is A and which B; the first difference and why; a table with one row
per differing number of each pair that differs (every pair with ``show_all``); the layers named
differently; the totals side by side with B − A; a one-line verdict.
"""

from __future__ import annotations

from rich import box
from rich.columns import Columns
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..diff import Cause, Comparison, LayerPair, Status
from ..report import LayerRow
from ..text import shape_text, thousands
from .cells import kind_cell
from .columns import exact, params_text
from .escape import one_line
from .jsontext import json_document

TOTAL_LABELS = {"params": "Parameters", "trainable_params": "  trainable",
                "non_trainable_params": "  non-trainable", "mults": "Mults (MACs)",
                "flops": "FLOPs", "activations": "Activations"}
FIELD_LABELS = {"output_shape": "output", "params": "params", "mults": "mults"}
ONLY = {Status.ONLY_A: "only in A", Status.ONLY_B: "only in B"}
LISTED = 200
"""The report's table lists the pairs that differ up to this many (``--all``: every pair), and
the renamed pairs likewise: past that a table is read by a program (``--json``), not a person,
and rich lays out about a thousand rows a second."""
FIELD_TEXT = {"output_shape": lambda row: shape_text(row.output_shape),
              "params": lambda row: params_text(row, exact), "mults": lambda row: exact(row.mults)}
"""Each compared number as the summary table writes it."""


# ---- text shared by the report and its sentences -------------------------------------------

def field_text(field: str, row: LayerRow) -> str:
    """``54×54×256``, ``1,180,160`` (``a + b`` with non-trainable), ``—`` for no mults."""
    return FIELD_TEXT[field](row)


def cause_text(cause: Cause, pair: LayerPair) -> str:
    a, b = pair.a, pair.b
    if cause is Cause.INPUT:
        inputs = [" + ".join(shape_text(shape) for shape in row.input_shapes) for row in (a, b)]
        return f"it reads a different input, {inputs[0]} in A and {inputs[1]} in B"
    if cause is Cause.KIND:
        return f"it is a different kind of layer, {kind_cell(a)} in A and {kind_cell(b)} in B"
    if cause is Cause.SETTINGS:
        return f"its settings differ, {kind_cell(a)} in A and {kind_cell(b)} in B"
    return "a setting the summary does not show differs (bias: false?)"


def pair_names(pair: LayerPair) -> str:
    if pair.a is None or pair.b is None:
        return (pair.a or pair.b).name
    return pair.a.name if pair.a.name == pair.b.name else f"{pair.a.name} (A) ↔ {pair.b.name} (B)"


def divergence_text(comparison: Comparison) -> str | None:
    """``First difference: …`` — where the two networks part, and why."""
    index = comparison.first_divergence
    if index is None:
        return None
    pair = comparison.pairs[index]
    if pair.status is Status.CHANGED:
        numbers = ", ".join(f"{FIELD_LABELS[field]} {field_text(field, pair.a)} → "
                            f"{field_text(field, pair.b)}" for field in pair.differences)
        because = "; ".join(cause_text(cause, pair) for cause in pair.causes)
        return f"First difference: {pair_names(pair)}: {because}; {numbers}."
    row = pair.a or pair.b
    side, other = ("A", "B") if pair.status is Status.ONLY_A else ("B", "A")
    same_side = [earlier.a if side == "A" else earlier.b for earlier in comparison.pairs[:index]]
    before = next((earlier for earlier in reversed(same_side) if earlier is not None), None)
    place = f"after {before.name}" if before else "first"
    return (f"First difference: {row.name} ({kind_cell(row)}, {place}) is only in {side}; "
            f"{other} has no layer like it there.")


def verdict_text(comparison: Comparison) -> str:
    renamed = comparison.count(Status.RENAMED)
    named = f"{renamed} layer{'s' * (renamed != 1)} named differently"
    if comparison.same:
        return f"Same numbers; {named}." if renamed else "Same numbers, same names."
    return (f"Different: {comparison.count(Status.CHANGED)} changed, "
            f"{comparison.count(Status.ONLY_A)} only in A, {comparison.count(Status.ONLY_B)} "
            f"only in B" + (f"; {named}." if renamed else "."))


def signed(number: int) -> str:
    return f"{number:+,}" if number else "0"


def percent_text(percent: float | None) -> str:
    return "—" if percent is None else f"{percent:+.1f}%" if percent else "0%"


# ---- the rich report ------------------------------------------------------------------------

def file_label(comparison: Comparison, side: str) -> str:
    """What A's or B's file is called: ``bundled vgg11``, or the path as given."""
    summary = comparison.a if side == "A" else comparison.b
    if comparison.files is None:
        return summary.file
    return comparison.files[0 if side == "A" else 1]


def network_line(side: str, comparison: Comparison) -> Text:
    summary = comparison.a if side == "A" else comparison.b
    text = Text(f"{side}  ", style="bold")
    text.append(one_line(summary.name), style="bold")
    text.append(f" — {one_line(file_label(comparison, side))}, input "
                f"{shape_text(summary.input_shape)}")
    return text


def more_text(left: int, what: str) -> Text:
    return Text(f"… and {thousands(left)} more {what}: --json lists every one"
                f"{'' if what.startswith('named') else ', --all too'}.", style="dim")


def settings_cell(row: LayerRow) -> Text:
    """A layer's kind and settings: text, so left-aligned in the right-aligned number columns."""
    return Text(one_line(kind_cell(row)), justify="left")


def pair_rows(pair: LayerPair) -> list[tuple]:
    """(A name, B name, what, value in A, value in B) lines for one pair."""
    a_name = Text(one_line(pair.a.name) if pair.a else "—")  # Text: never read as rich markup
    b_name = Text(one_line(pair.b.name) if pair.b else "—")
    if pair.status in ONLY:
        row = pair.a or pair.b
        values = [(ONLY[pair.status], settings_cell(row))] + [
            (FIELD_LABELS[field], field_text(field, row)) for field in
            ("output_shape", "params", "mults") if field == "output_shape" or getattr(row, field)]
        lines = [(what, value, "") if pair.a else (what, "", value) for what, value in values]
    elif pair.status is Status.CHANGED:
        lines = []
        if Cause.KIND in pair.causes or Cause.SETTINGS in pair.causes:
            lines.append(("settings", settings_cell(pair.a), settings_cell(pair.b)))
        lines += [(FIELD_LABELS[field], field_text(field, pair.a), field_text(field, pair.b))
                  for field in pair.differences]
    else:
        lines = [(pair.status.value, "", "")]
    return [((a_name, b_name) if index == 0 else ("", "")) + line
            for index, line in enumerate(lines)]


def listed_pairs(comparison: Comparison, show_all: bool) -> tuple[list[LayerPair], int]:
    """The pairs the report's table lists, and how many more it leaves out."""
    if show_all:
        return list(comparison.pairs), 0
    differing = [pair for pair in comparison.pairs
                 if pair.status not in (Status.SAME, Status.RENAMED)]
    return differing[:LISTED], max(0, len(differing) - LISTED)


def pairs_table(pairs: list[LayerPair]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 0, 0, 1))
    table.add_column("Layer in A", style="cyan", overflow="fold")
    table.add_column("Layer in B", style="cyan", overflow="fold")
    table.add_column("What", style="bold", no_wrap=True)
    table.add_column("A", justify="right", overflow="fold")
    table.add_column("B", justify="right", overflow="fold")
    for pair in pairs:
        for row in pair_rows(pair):
            table.add_row(*row)
    return table


def totals_table(comparison: Comparison) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 0, 0, 1))
    table.add_column("Totals", style="bold", no_wrap=True)
    for header in ("A", "B", "B − A", "%"):
        table.add_column(header, justify="right", no_wrap=True)
    for total in comparison.totals:
        table.add_row(TOTAL_LABELS[total.quantity], thousands(total.a), thousands(total.b),
                      signed(total.difference), percent_text(total.percent))
    return table


def renamed_list(comparison: Comparison) -> Group:
    """``A name = B name`` for each renamed pair, in as many columns as fit."""
    renamed = [pair for pair in comparison.pairs if pair.status is Status.RENAMED]
    heading = Text(f"Named differently, same numbers ({thousands(len(renamed))}):", style="bold")
    names = Columns([Text(one_line(f"{pair.a.name} = {pair.b.name}")) for pair in renamed[:LISTED]],
                    padding=(0, 3), column_first=True)
    if len(renamed) > LISTED:
        return Group(heading, names, more_text(len(renamed) - LISTED, "named differently"))
    return Group(heading, names)


def print_comparison(comparison: Comparison, console: Console, show_all: bool = False) -> None:
    parts = [network_line("A", comparison), network_line("B", comparison)]
    if comparison.a.batch != 1:
        parts.append(Text(f"batch {comparison.a.batch}: mults and activations × "
                          f"{comparison.a.batch}", style="dim"))
    if not comparison.exact:
        parts.append(Text(f"{thousands(len(comparison.a.layers))} × "
                          f"{thousands(len(comparison.b.layers))} layers: paired by the layers "
                          "found once in each and in the same order, not by the full search "
                          "(a best pairing is not guaranteed).", style="dim"))
    divergence = divergence_text(comparison)
    if divergence:
        parts += [Text(""), Text(one_line(divergence))]
    if show_all or not comparison.same:
        pairs, left = listed_pairs(comparison, show_all)
        parts += [Text(""), pairs_table(pairs)]
        if left:
            parts.append(more_text(left, "pairs differ"))
    if comparison.count(Status.RENAMED) and not show_all:
        parts += [Text(""), renamed_list(comparison)]
    parts += [Text(""), totals_table(comparison), Text(""),
              Text(verdict_text(comparison), style="bold green" if comparison.same else "bold red")]
    console.print(Group(*parts))


# ---- JSON -----------------------------------------------------------------------------------

def side_dict(row: LayerRow | None) -> dict | None:
    if row is None:
        return None
    return {"name": row.name, "kind": row.kind, "summary": row.summary,
            "input_shapes": [list(shape) for shape in row.input_shapes],
            "output_shape": list(row.output_shape), "params": row.params, "mults": row.mults}


def pair_dict(pair: LayerPair) -> dict:
    return {"status": pair.status.value, "matched_by": pair.matched_by,
            "a": side_dict(pair.a), "b": side_dict(pair.b),
            "differences": list(pair.differences), "causes": [cause.value for cause in pair.causes]}


def network_dict(comparison: Comparison, side: str) -> dict:
    summary = comparison.a if side == "A" else comparison.b
    return {"name": summary.name, "file": summary.file, "label": file_label(comparison, side),
            "input": list(summary.input_shape)}


def comparison_dict(comparison: Comparison) -> dict:
    """The JSON form: stable keys, documented in the README's `cnncalc diff` section."""
    return {
        "same": comparison.same,
        "a": network_dict(comparison, "A"),
        "b": network_dict(comparison, "B"),
        "exact": comparison.exact,
        "batch": comparison.a.batch,
        "counts": {status.value: comparison.count(status) for status in Status},
        "first_divergence": comparison.first_divergence,
        "pairs": [pair_dict(pair) for pair in comparison.pairs],
        "totals": {total.quantity: {"a": total.a, "b": total.b, "difference": total.difference,
                                    "percent": None if total.percent is None
                                    else round(total.percent, 3)}
                   for total in comparison.totals},
    }


def comparison_json(comparison: Comparison) -> str:
    """The JSON text (`jsontext.json_document`: finite numbers, controls escaped)."""
    return json_document(comparison_dict(comparison))
