"""Frozen layers (``trainable: false``) in the views that main's sharing module leaves alone:
``diff``, the convention notes of ``explain``, the homework's weights and biases, and the
homework slips' recomputed rows. Each expected number is hand arithmetic written out."""

from __future__ import annotations

import textwrap

from cnncalc.calculator import summarize
from cnncalc.spec import parse_spec

FROZEN = """
    input: 8x8x3
    layers:
      - conv: {name: frozen, filters: 4, kernel: 3, trainable: false}   # (3·3·3 + 1)·4 = 112
      - conv: {name: head, filters: 2, kernel: 1}                       # (4 + 1)·2 = 10
    """


def network(text: str):
    return parse_spec(textwrap.dedent(text).lstrip("\n"), "net.yaml")


def test_diff_tells_a_frozen_layer_from_a_trained_one():
    from cnncalc.diff import Status, compare
    frozen = summarize(network(FROZEN))
    trained = summarize(network(FROZEN.replace(", trainable: false", "")))
    pair = compare(frozen, trained).pairs[0]
    # the same 112 parameters in all, but 0 + 112 trained + frozen on one side, 112 + 0 on the
    # other: the layer differs, not only the totals
    assert pair.status is Status.CHANGED and pair.differences == ("params",)
    assert compare(frozen, frozen).pairs[0].status is Status.SAME
