"""The layered layout (`cnncalc.layout`): layers, dummies, order, and a drawing without overlaps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc.layout import (add_dummies, crossings, fit_in_order, layered_layout, layering,
                            order_layers)


def test_longest_path_layering_puts_a_join_below_its_lowest_input():
    # a → b → c → d and a → d: d sits below c (layer 3), not below a
    rank = layering("abcd", [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")])
    assert rank == {"a": 0, "b": 1, "c": 2, "d": 3}


def test_a_long_edge_gets_one_dummy_per_layer_crossed():
    ranks, short, chains = add_dummies({"a": 0, "b": 1, "c": 2, "d": 3}, [("a", "d")])
    assert len(chains[0]) == 2 + (3 - 0 - 1)      # a, two dummies, d
    assert len(short) == 3 - 0                     # one short edge per layer step
    assert sorted(ranks[node] for node in chains[0]) == [0, 1, 2, 3]


def test_barycentre_ordering_removes_a_crossing():
    edges = [("a", "d"), ("b", "c")]
    assert crossings(["a", "b"], ["c", "d"], edges) == 1
    rows = order_layers({"a": 0, "b": 0, "c": 1, "d": 1}, edges)
    assert crossings(rows[0], rows[1], edges) == 0


def test_fit_in_order_keeps_the_gaps_and_the_order():
    assert fit_in_order([5, 5], [10]) == [0.0, 10.0]        # pulled apart around their mean
    assert fit_in_order([0, 100, 30], [10, 10]) == [0.0, 60.0, 70.0]


def overlapping(layout) -> list[tuple[str, str]]:
    pairs = []
    for row in layout.rows:
        boxes = sorted((layout.boxes[name] for name in row), key=lambda box: box.left)
        pairs += [(a, b) for a, b in zip(boxes, boxes[1:]) if a.right > b.left]
    return pairs


def inside(point, box) -> bool:
    x, y = point
    return box.left < x < box.right and box.top < y < box.bottom


def routes_through_boxes(layout) -> list[tuple[str, str, str]]:
    """Edges with a point strictly inside a box that is neither end (sampled along segments)."""
    hits = []
    for route in layout.routes:
        for (x1, y1), (x2, y2) in zip(route.points, route.points[1:]):
            for step in range(1, 20):
                point = (x1 + (x2 - x1) * step / 20, y1 + (y2 - y1) * step / 20)
                hits += [(route.source, route.target, name) for name, box in layout.boxes.items()
                         if name not in (route.source, route.target) and inside(point, box)]
    return hits


# Random DAGs: node i reads some of the nodes before it.
dags = st.integers(2, 14).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=20)))


@settings(max_examples=60, deadline=None)
@given(dags, st.integers(20, 120))
def test_random_graphs_draw_without_overlaps_or_edges_through_boxes(dag, width):
    n, pairs = dag
    nodes = [f"n{i}" for i in range(n)]
    edges = sorted({(f"n{min(a, b)}", f"n{max(a, b)}") for a, b in pairs if a != b})
    layout = layered_layout(nodes, edges, {name: (width, 30) for name in nodes})
    assert overlapping(layout) == []
    assert routes_through_boxes(layout) == []
    assert len(layout.routes) == len(edges)
    for route in layout.routes:  # every edge runs downward, from its source to its target
        assert route.points[0][1] == layout.boxes[route.source].bottom
        assert route.points[-1][1] == layout.boxes[route.target].top
        assert all(b[1] >= a[1] for a, b in zip(route.points, route.points[1:]))


def test_chains_and_long_edges_are_straight():
    # a residual unit: a → b → c → d → e with a shortcut a → e; boxes of different widths
    nodes = list("abcde")
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "e")]
    widths = {"a": 60, "b": 140, "c": 40, "d": 100, "e": 60}
    layout = layered_layout(nodes, edges, {name: (w, 30) for name, w in widths.items()})
    assert len({layout.boxes[name].x for name in "bcd"}) == 1          # the chain: one column
    shortcut = next(route for route in layout.routes if route.source == "a" and
                    route.target == "e")
    inner_x = {x for x, _ in shortcut.points[2:-2]}                   # through the dummies
    assert len(inner_x) == 1
    assert overlapping(layout) == [] and routes_through_boxes(layout) == []


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=30))
def test_crossings_by_merge_sort_count_every_crossing_pair(edges):
    """Two edges cross when one starts left of the other and ends right of it: counted here pair
    by pair, the way the merge sort's inversions must agree with."""
    upper, lower = [f"u{i}" for i in range(6)], [f"l{i}" for i in range(6)]
    named = [(f"u{a}", f"l{b}") for a, b in edges]
    by_pairs = sum(1 for i, (a1, b1) in enumerate(edges) for a2, b2 in edges[i + 1:]
                   if (a1 - a2) * (b1 - b2) < 0)
    assert crossings(upper, lower, named) == by_pairs


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=2),
       st.lists(st.floats(0, 1e3), min_size=1, max_size=1))
def test_fit_in_order_of_one_or_two_is_the_general_fit(wanted, gaps):
    """The short cuts for rows of one and two nodes give the general loop's floats exactly."""
    gaps = gaps[:len(wanted) - 1]
    # two far to the right, never pooled with the others, take the general loop (three or more)
    far = [wanted[-1] + 10**7, wanted[-1] + 2 * 10**7]
    general = fit_in_order(wanted + far, gaps + [0.0, 0.0])[:len(wanted)]
    assert fit_in_order(wanted, gaps) == general
