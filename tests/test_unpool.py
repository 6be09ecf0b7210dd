"""Layers that name other layers: `upsample: {size_of: …}` and `max_unpool: {pool: …}`, and the
bundled SegNet. Every expected number is hand arithmetic written out here (the PyTorch
cross-checks are in tests/test_unpool_torch.py)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cnncalc.errors import CnnCalcError
from cnncalc.operations import Op

SKIP = """
    name: skip test
    input: 45x60x3
    layers:
      - conv: {filters: 4, kernel: 3, padding: 1, name: skip}   # 45×60×4
      - maxpool: 2                                                # ⌊45/2⌋ = 22 × 30
      - conv: {filters: 4, kernel: 3, padding: 1}
      - upsample: {size_of: skip, mode: bilinear, name: up}
      - add: {from: [up, skip]}
    """


# --- upsample: {size_of: layer} --------------------------------------------------------------

def test_size_of_takes_the_named_layers_height_and_width(calc_text):
    summary = calc_text(SKIP)
    up = summary.row("up")
    assert up.output_shape == (45, 60, 4)
    assert up.inputs == ("conv1", "skip")          # the named layer is an extra input: an edge
    assert (up.params, up.mults) == (0, 0)
    assert dict(up.operations) == {Op.UPSAMPLE_BILINEAR_OUTPUT: 45 * 60 * 4}
    assert up.formulas["output"] == "H, W = 45×60 (the size of skip); C = 4 (unchanged)"
    assert "45/22 × 2" in up.notes[0] and "not read" in up.notes[0]
    # 3·3·3·4 + 4 and 4·3·3·4 + 4
    assert summary.totals.params == (3 * 3 * 3 * 4 + 4) + (4 * 3 * 3 * 4 + 4)


def test_size_of_field_is_the_upsample_by_its_factors(calc_text):
    by_name = calc_text(SKIP).row("up").receptive_field
    by_size = calc_text(SKIP.replace("size_of: skip", "size: [45, 60]")).row("up")
    assert by_name == by_size.receptive_field
    # the pool's jump 2 divided by the factors 45/22 and 60/30
    assert by_name.jump == (2 / Fraction(45, 22), 2 / Fraction(60, 30))
    assert by_name.jump == (Fraction(44, 45), 1)


def test_size_of_the_network_input(calc):
    row = calc("45x60x3", "maxpool: 2", "upsample: {size_of: input}").layers[1]
    assert row.output_shape == (45, 60, 3)


def test_size_of_may_point_forward(calc_text):
    summary = calc_text("""
        input: 45x60x3
        layers:
          - maxpool: 2
          - upsample: {size_of: later, name: up}
          - conv: {from: input, filters: 2, kernel: 1, name: later}
        """)
    assert summary.row("up").output_shape == (45, 60, 3)
    names = [row.name for row in summary.layers]
    assert names.index("later") < names.index("up")   # evaluated after what it names


def test_size_of_looks_inside_a_block_instance(calc_text):
    summary = calc_text("""
        input: 32x32x3
        blocks:
          down:
            layers:
              - conv: {filters: 8, kernel: 3, padding: 1, name: c}
              - maxpool: 2
        layers:
          - down: {name: d1}
          - down: {name: d2}
          - upsample: {size_of: d1/c, name: up}
        """)
    assert summary.row("up").output_shape == (32, 32, 8)
    assert summary.row("up").inputs == ("d2/pool1", "d1/c")


def test_size_of_inside_a_block_means_the_blocks_own_layer(calc_text):
    summary = calc_text("""
        input: 32x32x3
        blocks:
          hourglass:
            layers:
              - conv: {filters: 4, kernel: 1, name: top}
              - maxpool: 4
              - upsample: {size_of: top}
        layers:
          - hourglass: {name: h1}
          - maxpool: 2
          - hourglass: {name: h2}
        """)
    assert summary.row("h1/up1").output_shape == (32, 32, 4)
    assert summary.row("h2/up1").output_shape == (16, 16, 4)
    assert summary.row("h2/up1").inputs == ("h2/pool1", "h2/top")


def test_size_of_verifies(tmp_path):
    from cnncalc.spec import parse_spec
    from cnncalc.verify import verify
    report = verify(parse_spec(SKIP, "test.yaml"))
    assert report.ok


@pytest.mark.parametrize(("line", "said"), [
    ("upsample: {size_of: skp}", r"test.yaml:\d+:\d+.*'size_of: skp' names no layer "
                                 r"\(did you mean 'skip'\?\)"),
    ("upsample: {size_of: skip, scale: 2}", "give either 'scale' or 'size_of', not both"),
    ("upsample: {size_of: skip, size: [4, 4]}", "give either 'size' or 'size_of', not both"),
    ("upsample: {size_of: [skip, a]}", "size_of: expected the name of a layer"),
    ("upsample: {mode: bilinear}", "'scale' .*'size' .*or 'size_of'"),
    ("upsample: {from: [pool1, skip]}", r"test.yaml:6:5: .*upsample reads 1 input, but "
                                        r"'from' names 2; the two-input form .* exists only for "
                                        r"crop.*size_of: <layer>"),
    ("upsample: {size_of: me, name: me}", "cycle|itself"),
    ("upsample: {size_of: vector}", "needs an H×W×C input"),
])
def test_size_of_refuses(line, said, calc_text):
    text = f"""
        input: 8x8x3
        layers:
          - conv: {{filters: 4, kernel: 3, padding: 1, name: skip}}
          - maxpool: 2
          - fc: {{units: 3, from: skip, name: vector}}
          - {line}
        """.replace("- maxpool: 2\n          - fc", "- maxpool: 2\n          - fc")
    if "vector" not in line:
        text = text.replace("          - fc: {units: 3, from: skip, name: vector}\n", "")
    with pytest.raises(CnnCalcError, match=said):
        calc_text(text)
