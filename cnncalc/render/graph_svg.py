"""The network as a picture: an SVG of the layer graph, read top to bottom.

One box per layer (or per block instance when collapsed) with its name, kind summary and output
shape; the fill shows the output tensor's volume on a log scale (legend at the bottom); arrows
follow `LayerRow.inputs`. Layout by `cnncalc.layout` (layered, Sugiyama-style). Hand-written XML:
every name is escaped, no external fonts or files.
"""

from __future__ import annotations

from math import log10

from ..collapse import GraphNode, network_graph
from ..layout import Layout, layered_layout
from ..report import Summary
from ..text import human_number, shape_text, thousands
from .escape import xml_text
from .svg import attrs, document, mix, num, text, text_width

NAME_SIZE = 12
LINE_SIZE = 10.5
LINE_HEIGHT = 14
PAD_X, PAD_Y = 10, 7
HEADER = 64
LEGEND = 72
LOW_FILL, HIGH_FILL = "#f3f7fc", "#7fa8dc"
INPUT_FILL = "#fdf3d8"


def box_lines(node: GraphNode) -> list[str]:
    """The text of a box: name, what it is, output shape (and totals for a block)."""
    if node.is_input:
        return [node.name, shape_text(node.output_shape)]
    what = f"{node.kind} {node.summary}".strip()
    lines = [node.name, what, shape_text(node.output_shape)]
    if node.layers > 1:
        lines.append(f"{human_number(node.params)} params · {human_number(node.mults)} mults")
    return lines


def box_size(lines: list[str]) -> tuple[float, float]:
    width = max(text_width(lines[0], NAME_SIZE),
                *(text_width(line, LINE_SIZE) for line in lines[1:])) + 2 * PAD_X
    return round(width + 0.49), len(lines) * LINE_HEIGHT + 2 * PAD_Y


def collapse_depth(collapse: bool | int) -> int:
    """``False`` → 0 (every layer), ``True`` → 1 (top-level block instances), n → n."""
    return int(collapse) if not isinstance(collapse, bool) else (1 if collapse else 0)


def network_svg(summary: Summary, collapse: bool | int = False) -> str:
    """The SVG picture of `summary`'s layer graph; `collapse` True (or a depth n ≥ 1) draws each
    block instance (at that depth of nesting) as one box."""
    graph = network_graph(summary, collapse_depth(collapse))
    lines = {node.name: box_lines(node) for node in graph.nodes}
    layout = layered_layout([node.name for node in graph.nodes], list(graph.edges),
                            {name: box_size(text_lines) for name, text_lines in lines.items()})
    volumes = [node.volume for node in graph.nodes]
    low, high = log10(min(volumes)), log10(max(volumes))
    top = header(summary, collapse_depth(collapse))
    width = max(layout.width, 40 + max(text_width(line, 18 if i == 0 else 11)
                                       for i, line in enumerate(top)))
    body = [text(20, 26, top[0], size=18, anchor="start", weight="bold"),
            text(20, 46, top[1], size=11, anchor="start", fill="#444444"),
            f'<g transform="translate({num((width - layout.width) / 2)},{HEADER})">']
    body += edges(layout)
    for node in graph.nodes:
        fill = INPUT_FILL if node.is_input else mix(
            LOW_FILL, HIGH_FILL, (log10(node.volume) - low) / (high - low or 1))
        body += box(node, lines[node.name], layout, fill)
    body.append("</g>")
    body += legend(min(volumes), max(volumes), HEADER + layout.height + 8)
    return document(width, HEADER + layout.height + LEGEND, f"{summary.name}: layer graph", body)


def header(summary: Summary, depth: int) -> list[str]:
    """The title and the totals line."""
    totals = summary.totals
    what = "block instances collapsed" if depth == 1 else (
        f"blocks collapsed at depth {depth}" if depth else "one box per layer")
    params = f"{thousands(totals.params)} parameters"
    if totals.non_trainable_params:
        params += f" ({thousands(totals.trainable_params)} trainable)"
    batch = f" (batch {summary.batch})" if summary.batch != 1 else ""
    return [summary.name, f"{params} · {thousands(totals.mults)} multiplications{batch} · "
                          f"{len(summary.layers)} layers, {what}"]


def edges(layout: Layout) -> list[str]:
    body = ['<defs><marker id="cnncalc-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
            'markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#666666"/>'
            '</marker></defs>']
    for route in layout.routes:
        path = " ".join(("M" if i == 0 else "L") + f"{num(x)},{num(y)}"
                        for i, (x, y) in enumerate(route.points))
        body.append(f'<path {attrs(class_="edge", data_from=route.source, data_to=route.target)}'
                    f' d="{path}" fill="none" stroke="#777777" stroke-width="1.2" '
                    'marker-end="url(#cnncalc-arrow)"/>')
    return body


def box(node: GraphNode, lines: list[str], layout: Layout, fill: str) -> list[str]:
    placed = layout.boxes[node.name]
    tip = f"{node.name}: {shape_text(node.output_shape)}"
    if not node.is_input:
        tip += f", {thousands(node.params)} params, {thousands(node.mults)} mults"
    body = [f'<g {attrs(class_="layer", data_name=node.name, data_row=placed.row)}>',
            f"<title>{xml_text(tip)}</title>",
            f"<rect {attrs(x=placed.left, y=placed.top, width=placed.width, height=placed.height)}"
            f' rx="5" fill="{fill}" stroke="#3d5a80" stroke-width="1"/>']
    y = placed.top + PAD_Y + 11
    for number, line in enumerate(lines):
        body.append(text(placed.x, y, line, size=NAME_SIZE if number == 0 else LINE_SIZE,
                         weight="bold" if number == 0 else None,
                         fill="#1a1a1a" if number == 0 else "#333333"))
        y += LINE_HEIGHT
    body.append("</g>")
    return body


def legend(smallest: int, largest: int, top: float) -> list[str]:
    """A strip from the lightest to the darkest fill, labelled with the volumes they stand for."""
    steps = 10
    body = [text(20, top + 14, "fill: output tensor volume (elements, log scale)", size=10.5,
                 anchor="start", fill="#444444")]
    for i in range(steps):
        body.append(f"<rect {attrs(x=20.0 + 18 * i, y=top + 22, width=18, height=12)} "
                    f'fill="{mix(LOW_FILL, HIGH_FILL, i / (steps - 1))}"/>')
    body.append(text(20, top + 48, thousands(smallest), size=10, anchor="start"))
    body.append(text(20 + 18 * steps, top + 48, thousands(largest), size=10, anchor="end"))
    return body
