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


def test_a_frozen_layer_still_has_its_weights_and_biases():
    from cnncalc.check.derivation import layer_derivation
    from cnncalc.check.quantities import Quantity, layer_value, total_value
    from cnncalc.report import as_dict
    summary = summarize(network(FROZEN))
    row = summary.row("frozen")
    assert (row.trainable_params, row.non_trainable_params, row.frozen_params) == (0, 112, 112)
    assert layer_value(Quantity.TRAINABLE_PARAMS, row) == 0
    assert layer_value(Quantity.WEIGHTS, row) == 3 * 3 * 3 * 4      # frozen, but there
    assert layer_value(Quantity.BIASES, row) == 4
    assert layer_derivation(Quantity.WEIGHTS, row) == "frozen parameters − biases = 112 − 4 = 108"
    assert total_value(Quantity.WEIGHTS, summary) == 108 + 4 * 2     # and the head's 4·2
    assert total_value(Quantity.TRAINABLE_PARAMS, summary) == 10
    layers = as_dict(summary)["layers"]
    assert layers[0]["frozen_params"] == 112 and "frozen_params" not in layers[1]


def test_frozen_convention_notes_count_the_frozen_weights():
    """torchinfo, thop and the others count a frozen conv's 112 parameters (requires_grad
    changes only what is trained); only BN statistics may be left out by a profile."""
    from cnncalc.render.conventions import convention_notes
    row = summarize(network(FROZEN)).row("frozen")
    notes = convention_notes(row)
    assert notes and not any("0 parameters" in note for note in notes)


def test_a_slip_on_a_frozen_layer_is_frozen_too():
    """The no_bias slip of the frozen conv: 3·3·3·4 = 108 weights, still not trained."""
    from cnncalc.check.slip_numbers import recompute
    from cnncalc.check.slip_rules import Variant
    summary = summarize(network(FROZEN))
    row = summary.row("frozen")
    layer = network(FROZEN).nodes[0].layer.copy(bias=False)
    variant = recompute(Variant(layer, row.input_shapes, lambda row: ""), row, 1)
    assert (variant.trainable_params, variant.non_trainable_params, variant.frozen_params) == (
        0, 108, 108)


def test_upsample_size_of_a_vector_says_the_named_layer_is_one():
    import pytest
    from cnncalc.errors import SpecError
    with pytest.raises(SpecError) as caught:
        summarize(network("""
            input: 8x8x3
            layers:
              - fc: {name: v, units: 10}
              - upsample: {size_of: v, from: input}
            """))
    assert caught.value.message.startswith(
        "size_of: v is a vector of 10 values, which has no H×W; name a layer with an H×W×C "
        "output")
    assert caught.value.location.line == 4


def test_the_memory_guard_counts_shared_weights_while_they_are_held():
    """A 3×3 conv of 256 → 256 (9·256·256 floats, 2.25 MiB of weights) on a pooled 4×4 map,
    shared by one on the full 32×32 map: at the second the engine holds those arrays, and the
    estimate made before the run must count them there too."""
    from cnncalc.verify import estimate_peak, verify
    text = """
        input: 32x32x256
        layers:
          - maxpool: {name: small, kernel: 8}
          - conv: {name: a, filters: 256, kernel: 3, padding: 1, bias: false}
          - conv: {name: b, from: input, filters: 256, kernel: 3, padding: 1, bias: false,
                   shares: a}
          - add: {from: [b, input]}
        """
    result = verify(network(text))
    assert result.ok and result.peak_bytes <= result.estimated_bytes
    alone = network(text.replace(", bias: false,\n                   shares: a", ", bias: false"))
    shared = network(text)
    # the estimate at b: its own scratch and what is live, plus the shared weights, as when b
    # had weights of its own
    assert estimate_peak(shared, summarize(shared)).bytes == \
        estimate_peak(alone, summarize(alone)).bytes
