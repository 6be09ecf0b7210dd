"""`calculator.summarize` asks identical layers (same kind, settings and input shapes) once and
shares their own numbers: the rows must be what asking each layer would give, names and graph
notes each node's own, and layers that differ in any way (a setting that only compares equal,
a variant's attribute, an input shape) never share."""

from __future__ import annotations

import textwrap

from cnncalc.calculator import layer_numbers, summarize
from cnncalc.errors import Location
from cnncalc.graph import Network, Node
from cnncalc.layers.base import REGISTRY
from cnncalc.spec import parse_spec


def test_identical_layers_keep_their_names_and_their_own_graph_notes(calc_text):
    summary = calc_text("""
        name: twins
        input: 28x28x64
        layers:
          - conv: {name: reduce_a, filters: 16, kernel: 1}
          - conv: {name: wide_a, filters: 32, kernel: 3, padding: 1}
          - conv: {name: reduce_b, from: input, filters: 16, kernel: 1}
          - conv: {name: wide_b, filters: 32, kernel: 3, padding: 1}
          - concat: {name: both, from: [wide_a, wide_b]}
        """)
    a, b = summary.row("wide_a"), summary.row("wide_b")
    assert a.formulas == b.formulas and a.mults == b.mults and a.summary == b.summary
    assert a.formulas is not b.formulas and a.operations is not b.operations
    [note_a] = [note for note in a.notes if note.startswith("1×1 reduction")]
    [note_b] = [note for note in b.notes if note.startswith("1×1 reduction")]
    assert "'reduce_a'" in note_a and "'reduce_b'" in note_b
    assert a.inputs == ("reduce_a",) and b.inputs == ("reduce_b",)


def test_shared_numbers_are_what_each_layer_gives():
    network = parse_spec(textwrap.dedent("""
        name: repeated
        input: 32x32x8
        blocks:
          unit:
            layers:
              - conv: {name: a, filters: 8, kernel: 3, padding: 1}
              - relu
              - conv: {name: b, filters: 8, kernel: 3, padding: 1}
              - add: {from: [input, b]}
        layers:
          - unit: {repeat: 3}
          - conv: {filters: 8, kernel: 3, stride: 2}
          - conv: {filters: 8, kernel: 3, stride: 2}
        """), "test.yaml")
    rows = {row.name: row for row in summarize(network, 2).layers}
    shapes = {"input": network.input_shape}
    for node in network.nodes:
        inputs = [shapes[name] for name in node.inputs]
        numbers = layer_numbers(node.layer, inputs, 2)
        shapes[node.name] = numbers.output
        row = rows[node.name]
        assert row.output_shape == numbers.output and row.formulas == numbers.formulas
        assert row.mults == numbers.mults and dict(row.operations) == numbers.operations
        own = node.layer.notes(inputs, numbers.output)
        assert row.notes[:len(own)] == tuple(own) and row.summary == node.layer.describe()


def test_settings_that_only_compare_equal_are_not_shared():
    """``(3, 3) == (3.0, 3.0)`` and a rounded-up variant differs only in ``ceil``: the memo's
    key (the attributes written by marshal) tells them apart."""
    conv = REGISTRY["conv"]
    one = conv(**conv.parse_settings({"filters": 4, "kernel": 3, "stride": 2}))
    where = Location("n.yaml", 1, 1)
    nodes = [Node("a", "conv", one, ("input",), where, "a"),
             Node("b", "conv", one.copy(kernel=(3.0, 3.0)), ("input",), where, "b"),
             Node("c", "conv", one.rounded_up(), ("input",), where, "c")]
    rows = summarize(Network("n", (8, 8, 2), nodes, "n.yaml")).layers
    assert rows[0].summary == "4 × 3×3 /2" and rows[1].summary == "4 × 3.0×3.0 /2"
    assert "⌊" in rows[0].formulas["output"] and "⌈" in rows[2].formulas["output"]
