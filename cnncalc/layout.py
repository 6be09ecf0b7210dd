"""A layered (Sugiyama-style) layout of a directed acyclic graph, drawn top to bottom.

The four classic steps, each a small function:

1. `layering`: longest-path layering — a node sits one layer below the lowest node it reads.
2. `add_dummies`: an edge that spans several layers becomes a chain through dummy nodes, one per
   layer crossed, so every edge joins neighbouring layers and long edges get room of their own.
3. `order_layers`: barycentre ordering — sweeping down and up, each node moves to the mean
   position of its neighbours in the layer before; the order with the fewest crossings is kept.
4. `place`: coordinates — layers are rows; within a row each node goes as near the mean x of its
   neighbours as the order and the gaps allow (a least-squares fit under order constraints, solved
   exactly by pool-adjacent-violators).

Edges are routed as polylines that run vertically through a row (so they never cross a box of
that row) and slant only in the gaps between rows.

Written here rather than taken from a library: the one pure-Python candidate on PyPI, grandalf,
last released in January 2023 (0.8, "under development"), is GPL-2.0-only or EPL-1.0, and is
built for experimenting; the four steps fit in this one short module.

>>> layout = layered_layout(["a", "b", "c"], [("a", "b"), ("a", "c"), ("b", "c")],
...                         {"a": (40, 20), "b": (40, 20), "c": (40, 20)})
>>> [layout.boxes[name].row for name in "abc"]
[0, 1, 2]
>>> len(layout.routes), layout.routes[2].source, len(layout.routes[1].points) > 2
(3, 'b', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

Edge = tuple[str, str]


@dataclass(frozen=True)
class Box:
    """A placed node: centre (x, y), size and the row (layer) it sits in."""

    x: float
    y: float
    width: float
    height: float
    row: int

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y - self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Route:
    """An edge drawn as a polyline from the source's bottom to the target's top."""

    source: str
    target: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    routes: tuple[Route, ...]
    width: float
    height: float
    rows: tuple[tuple[str, ...], ...]
    """The real nodes of each row, left to right."""


def layering(nodes: Sequence[str], edges: Iterable[Edge]) -> dict[str, int]:
    """Longest-path layering: a node with no inputs is in layer 0, any other one layer below
    the lowest of its inputs. An edge that would close a cycle is ignored for the ranks.

    >>> layering(["a", "b", "c"], [("a", "c"), ("a", "b"), ("b", "c")])
    {'a': 0, 'b': 1, 'c': 2}
    >>> layering(["c", "b", "a"], [("a", "b"), ("b", "c")])
    {'c': 2, 'b': 1, 'a': 0}
    """
    reads: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in edges:
        reads[target].append(source)
    rank: dict[str, int] = {}
    on_path: set[str] = set()
    for start in nodes:
        stack = [start]
        while stack:
            node = stack[-1]
            if node in rank:
                stack.pop()
                continue
            on_path.add(node)
            waiting = [s for s in reads[node] if s not in rank and s not in on_path]
            if waiting:
                stack.extend(waiting)
                continue
            rank[node] = 1 + max((rank[s] for s in reads[node] if s in rank), default=-1)
            on_path.discard(node)
            stack.pop()
    return {node: rank[node] for node in nodes}


def add_dummies(rank: dict[str, int], edges: Sequence[Edge]
                ) -> tuple[dict[str, int], list[Edge], list[list[str]]]:
    """Split every edge that spans more than one layer into a chain through dummy nodes (named
    ``\\0`` + edge number + layer, which no layer name can be). Returns the extended ranks, the
    short edges and, per original edge, the chain of nodes it passes through.

    >>> ranks, short, chains = add_dummies({"a": 0, "b": 1, "c": 2}, [("a", "c"), ("a", "b")])
    >>> len(short), [len(chain) for chain in chains], ranks[chains[0][1]]
    (3, [3, 2], 1)
    """
    ranks, short, chains = dict(rank), [], []
    for number, (source, target) in enumerate(edges):
        chain = [source]
        for layer in range(rank[source] + 1, rank[target]):
            dummy = f"\0{number}:{layer}"
            ranks[dummy] = layer
            chain.append(dummy)
        chain.append(target)
        short += list(zip(chain, chain[1:]))
        chains.append(chain)
    return ranks, short, chains


def crossings(upper: Sequence[str], lower: Sequence[str], edges: Iterable[Edge]) -> int:
    """How many pairs of edges between two neighbouring rows cross: edges (a₁, b₁), (a₂, b₂)
    with a₁ < a₂ and b₁ > b₂ (positions in their rows). Sorted by (a, b), those are the
    inversions of the b sequence, counted by merge sort in O(k log k) for k edges.

    >>> crossings(["a", "b"], ["c", "d"], [("a", "d"), ("b", "c")])
    1
    """
    if len(upper) < 2 or len(lower) < 2:
        return 0  # two edges with an end in common never cross
    up = {node: i for i, node in enumerate(upper)}
    down = {node: i for i, node in enumerate(lower)}
    pairs = sorted((up[s], down[t]) for s, t in edges if s in up and t in down)
    return inversions([b for _, b in pairs])


def inversions(values: list[int]) -> int:
    """The number of pairs i < j with values[i] > values[j] (merge sort, bottom up).

    >>> inversions([0, 2, 1, 0]), inversions([1, 1]), inversions([])
    (3, 0, 0)
    """
    count, width, items = 0, 1, list(values)
    while width < len(items):
        merged = []
        for start in range(0, len(items), 2 * width):
            left, right = items[start:start + width], items[start + width:start + 2 * width]
            i = j = 0
            while i < len(left) and j < len(right):
                if right[j] < left[i]:
                    merged.append(right[j])
                    count += len(left) - i
                    j += 1
                else:
                    merged.append(left[i])
                    i += 1
            merged += left[i:] + right[j:]
        items, width = merged, 2 * width
    return count


def order_layers(ranks: dict[str, int], edges: Sequence[Edge], sweeps: int = 8
                 ) -> list[list[str]]:
    """Rows ordered by the barycentre heuristic: start in the given order, then sweep down (each
    node placed by the mean position of its inputs in the row above) and up (by its readers in the
    row below), keeping the order with the fewest crossings. Ties keep the current order, so a
    chain stays in a straight column.

    >>> order_layers({"a": 0, "b": 0, "c": 1, "d": 1}, [("a", "d"), ("b", "c")])
    [['a', 'b'], ['d', 'c']]
    """
    rows: list[list[str]] = [[] for _ in range(max(ranks.values(), default=-1) + 1)]
    for node, rank in ranks.items():
        rows[rank].append(node)
    above: dict[str, list[str]] = {node: [] for node in ranks}
    below: dict[str, list[str]] = {node: [] for node in ranks}
    for source, target in edges:
        above[target].append(source)
        below[source].append(target)

    between: list[list[Edge]] = [[] for _ in rows]  # the edges from row i to row i + 1
    for source, target in edges:
        if ranks[target] == ranks[source] + 1:
            between[ranks[source]].append((source, target))

    def total(candidate):
        return sum(crossings(candidate[i], candidate[i + 1], between[i])
                   for i in range(len(candidate) - 1))

    best, best_count = [list(row) for row in rows], total(rows)
    for sweep in range(sweeps if best_count else 0):  # no sweep can do better than none
        downward = sweep % 2 == 0
        indices = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        for i in indices:
            if len(rows[i]) < 2:
                continue
            reference = rows[i - 1] if downward else rows[i + 1]
            neighbours = above if downward else below
            position = {node: p for p, node in enumerate(reference)}

            def barycentre(item):
                p, node = item
                linked = [position[n] for n in neighbours[node] if n in position]
                return sum(linked) / len(linked) if linked else p

            rows[i] = [node for _, node in sorted(enumerate(rows[i]),
                                                  key=lambda item: (barycentre(item), item[0]))]
        count = total(rows)
        if count < best_count:
            best, best_count = [list(row) for row in rows], count
    return best


def fit_in_order(wanted: Sequence[float], gaps: Sequence[float]) -> list[float]:
    """Positions x₀ ≤ x₁ ≤ … as near `wanted` as possible (least squares) with
    x[i+1] − x[i] ≥ gaps[i]. Shifting by the cumulative gaps makes it isotonic regression, solved
    by pool-adjacent-violators: neighbouring blocks that are out of order merge at their mean.

    >>> fit_in_order([0, 0, 0], [10, 10])
    [-10.0, 0.0, 10.0]
    >>> fit_in_order([0, 50], [10])
    [0.0, 50.0]
    """
    if len(wanted) == 1:
        return [wanted[0] + 0.0]
    if len(wanted) == 2:  # the loop below for two, step by step (same arithmetic, same floats)
        offset = 0.0 + gaps[0]
        first, second = wanted[0] - 0.0, wanted[1] - offset
        if first > second:
            first = second = (first * 1 + second * 1) / (1 + 1)
        return [first + 0.0, second + offset]
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    targets = [w - o for w, o in zip(wanted, offsets)]
    blocks: list[list[float]] = []  # [mean, count]
    for target in targets:
        blocks.append([target, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * count) / (blocks[-1][1] + count),
                          blocks[-1][1] + count]
    values = [mean for mean, count in blocks for _ in range(int(count))]
    return [value + offset for value, offset in zip(values, offsets)]


def place(rows: list[list[str]], sizes: Mapping[str, tuple[float, float]],
          edges: Sequence[Edge], gap: float, passes: int = 6) -> dict[str, float]:
    """The x of every node (dummies included): rows start packed, then alternate passes down and
    up pull each node toward the mean x of its neighbours in the row before, within its order."""
    above: dict[str, list[str]] = {node: [] for row in rows for node in row}
    below: dict[str, list[str]] = {node: [] for row in rows for node in row}
    for source, target in edges:
        above[target].append(source)
        below[source].append(target)

    gaps = [[(sizes[a][0] + sizes[b][0]) / 2 + gap for a, b in zip(row, row[1:])]
            for row in rows]
    x: dict[str, float] = {}
    for row, row_gaps in zip(rows, gaps):
        x.update(zip(row, fit_in_order([0.0] * len(row), row_gaps)))
    for n in range(passes):
        downward = n % 2 == 0
        neighbours = above if downward else below
        order = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        for i in order:
            row = rows[i]
            if len(row) == 1:  # fit_in_order of one node: where it is wanted
                node = row[0]
                linked = neighbours[node]
                x[node] = (sum(x[m] for m in linked) / len(linked) if linked else x[node]) + 0.0
                continue
            wanted = [sum(x[m] for m in neighbours[node]) / len(neighbours[node])
                      if neighbours[node] else x[node] for node in row]
            x.update(zip(row, fit_in_order(wanted, gaps[i])))
    return x


def runs(rows: list[list[str]], edges: Sequence[Edge]) -> list[list[str]]:
    """Maximal vertical runs: paths u → v → … where each step is u's only way down and v's only
    way in (a plain chain of layers, or a long edge's dummies).

    >>> runs([["a"], ["b", "c"], ["d"]], [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    [['a'], ['b'], ['c'], ['d']]
    >>> runs([["a"], ["b"], ["c"]], [("a", "b"), ("b", "c")])
    [['a', 'b', 'c']]
    """
    outs: dict[str, list[str]] = {}
    ins: dict[str, list[str]] = {}
    for source, target in edges:
        outs.setdefault(source, []).append(target)
        ins.setdefault(target, []).append(source)

    # each node's next in a run: its only way down, when that has no other way in
    following = {node: below[0] for node, below in outs.items()
                 if len(below) == 1 and len(ins[below[0]]) == 1}
    followers = set(following.values())
    found = []
    for node in (node for row in rows for node in row if node not in followers):
        run = [node]
        while run[-1] in following:
            run.append(following[run[-1]])
        found.append(run)
    return found


def straighten(rows: list[list[str]], x: dict[str, float],
               sizes: Mapping[str, tuple[float, float]], edges: Sequence[Edge],
               gap: float) -> None:
    """Put each vertical run on one x where the rows leave room (the x nearest the run's mean
    within every row's free interval), longest runs first: a chain of layers or a long edge
    then reads as a straight line. Order and gaps are kept."""
    row_of = {node: i for i, row in enumerate(rows) for node in row}
    index = {node: k for row in rows for k, node in enumerate(row)}

    def room(node) -> tuple[float, float]:
        """The interval of x where `node` fits between its row neighbours."""
        row, k, half = rows[row_of[node]], index[node], sizes[node][0] / 2
        low = (x[row[k - 1]] + sizes[row[k - 1]][0] / 2 + gap + half) if k else float("-inf")
        high = (x[row[k + 1]] - sizes[row[k + 1]][0] / 2 - gap - half
                if k < len(row) - 1 else float("inf"))
        return low, high

    for run in sorted(runs(rows, edges), key=len, reverse=True):
        if len(run) < 2:
            continue
        rooms = [room(node) for node in run]
        low, high = max(r[0] for r in rooms), min(r[1] for r in rooms)
        if low <= high:
            mean = sum(x[node] for node in run) / len(run)
            x.update((node, min(max(mean, low), high)) for node in run)


DUMMY_WIDTH = 8.0


def layered_layout(nodes: Sequence[str], edges: Sequence[Edge],
                   sizes: Mapping[str, tuple[float, float]], gap: float = 24.0,
                   row_gap: float = 36.0, margin: float = 20.0) -> Layout:
    """Lay out a DAG top to bottom. `nodes` in an order where each follows its inputs; `sizes`
    gives each node's (width, height). Rows are as tall as their tallest box, boxes centred."""
    rank = layering(nodes, edges)
    ranks, short, chains = add_dummies(rank, edges)
    rows = order_layers(ranks, short)
    all_sizes = {node: sizes.get(node, (DUMMY_WIDTH, 0.0)) for node in ranks}
    x = place(rows, all_sizes, short, gap)
    straighten(rows, x, all_sizes, short, gap)
    left = min((x[n] - all_sizes[n][0] / 2 for n in ranks), default=0.0)
    right = max((x[n] + all_sizes[n][0] / 2 for n in ranks), default=0.0)
    tops, y = [], margin
    for row in rows:
        tops.append(y)
        y += max((all_sizes[n][1] for n in row), default=0.0) + row_gap
    heights = [max((all_sizes[n][1] for n in row), default=0.0) for row in rows]
    shift = margin - left
    boxes = {node: Box(x[node] + shift, tops[ranks[node]] + heights[ranks[node]] / 2,
                       *sizes[node], ranks[node]) for node in nodes}
    where = {node: x[node] + shift for node in ranks}
    leaving = ports([(chain[0], where[chain[1]]) for chain in chains], boxes)
    arriving = ports([(chain[-1], where[chain[-2]]) for chain in chains], boxes)
    routes = []
    for (source, target), chain, start_x, end_x in zip(edges, chains, leaving, arriving):
        start, end = boxes[source], boxes[target]
        points = [(start_x, start.bottom), (start_x, tops[start.row] + heights[start.row])]
        for dummy in chain[1:-1]:
            top = tops[ranks[dummy]]
            points += [(where[dummy], top), (where[dummy], top + heights[ranks[dummy]])]
        points += [(end_x, tops[end.row]), (end_x, end.top)]
        routes.append(Route(source, target, tuple(_without_repeats(points))))
    return Layout(boxes, tuple(routes), right - left + 2 * margin, y - row_gap + margin,
                  tuple(tuple(n for n in row if n in boxes) for row in rows))


PORT_GAP = 14.0


def ports(ends: list[tuple[str, float]], boxes: Mapping[str, Box]) -> list[float]:
    """Where each edge meets its box: the edges at one box spread along its side, in the order of
    the x they come from (or go to), so that arrows into a join do not meet in one point.

    >>> box = Box(100, 0, 60, 20, 0)
    >>> ports([("a", 300), ("a", 0), ("b", 5)], {"a": box, "b": Box(5, 0, 10, 10, 0)})
    [107.0, 93.0, 5.0]
    """
    at: dict[str, list[int]] = {}
    for number, (name, _) in enumerate(ends):
        at.setdefault(name, []).append(number)
    found = [0.0] * len(ends)
    for name, numbers in at.items():
        box = boxes[name]
        step = min(PORT_GAP, box.width / (len(numbers) + 1))
        numbers.sort(key=lambda number: ends[number][1])
        for k, number in enumerate(numbers):
            found[number] = box.x + (k - (len(numbers) - 1) / 2) * step
    return found


def _without_repeats(points):
    kept = []
    for point in points:
        if not kept or kept[-1] != point:
            kept.append(point)
    return kept
