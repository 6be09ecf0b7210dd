"""Layers that name other layers: `upsample: {size_of: …}` and `max_unpool: {pool: …}`, and the
bundled SegNet. Every expected number is hand arithmetic written out here (the PyTorch
cross-checks are in tests/test_unpool_torch.py)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
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


# --- max_unpool: {pool: layer} ---------------------------------------------------------------

UNPOOL = """
    name: unpool test
    input: 45x60x3
    layers:
      - conv: {filters: 4, kernel: 3, padding: 1}       # 45×60×4
      - maxpool: {kernel: 2, name: p1}                  # ⌊45/2⌋ × ⌊60/2⌋ = 22×30
      - conv: {filters: 4, kernel: 3, padding: 1}
      - max_unpool: {pool: p1, name: un}
      - conv: {filters: 2, kernel: 3, padding: 1}
    """


def test_max_unpool_restores_its_pools_input_size(calc_text):
    summary = calc_text(UNPOOL)
    un = summary.row("un")
    assert un.output_shape == (45, 60, 4)     # not 2·22 = 44 rows, as scale: 2 would give
    assert un.inputs == ("conv2", "conv1")    # the values, and the pool's input
    assert (un.params, un.mults, dict(un.operations)) == (0, 0, {})
    assert un.formulas["output"] == ("H, W = 45×60 (the input of p1, whose 22×30 output this "
                                     "unpools); C = 4 (unchanged)")
    assert "not 44×60" in un.notes[0]
    # conv3 reads the 45×60×4 map: 45·60·2 · 3·3·4 multiplications
    assert summary.row("conv3").mults == 45 * 60 * 2 * 3 * 3 * 4


def test_max_unpool_even_sizes_have_no_note(calc_text):
    row = calc_text(UNPOOL.replace("45x60x3", "44x60x3")).row("un")
    assert row.output_shape == (44, 60, 4) and row.notes == ()


def test_max_unpool_field_is_its_pools_window_backwards(calc_text):
    """conv1 3; p1 3 + 1 = 4, jump 2; conv2 4 + 2·2 = 8; the unpool's window 2 at stride 2,
    transposed: jump 2/2 = 1, each output holds one pooled value, so the field stays 8."""
    field = calc_text(UNPOOL).row("un").receptive_field
    assert (field.size, field.jump) == ((8, 8), (1, 1))


def test_max_unpool_names_a_pool_inside_a_block(calc_text):
    summary = calc_text("""
        input: 32x32x3
        blocks:
          down:
            args: {c: null}
            layers:
              - conv: {filters: $c, kernel: 3, padding: 1}
              - maxpool: {kernel: 2, name: pool}
        layers:
          - down: {name: enc1, c: 8}
          - down: {name: enc2, c: 8}
          - max_unpool: {pool: enc2/pool}
          - max_unpool: enc1/pool              # the shorthand
        """)
    assert [row.output_shape for row in summary.layers[-2:]] == [(16, 16, 8), (32, 32, 8)]
    assert summary.layers[-1].inputs == ("unpool1", "enc1/conv1")


@pytest.mark.parametrize(("line", "said"), [
    ("max_unpool: {pool: p11}", r"test.yaml:7:\d+: .*'pool: p11' names no layer \(did you mean "
                               r"'p1'\?\)"),
    ("max_unpool: {pool: c1}", "pool: c1 names a conv layer; max_unpool needs the maxpool"),
    ("max_unpool: {pool: input}", "names the network input"),
    ("max_unpool: {pool: p1, from: c1}", "receives 45×60, but its pool p1 made 22×30 of 45×60"),
    ("max_unpool: {pool: p1, from: c5}", "receives 5 channels, but its pool p1 pooled 4"),
    ("max_unpool", "max_unpool needs 'pool'"),
    ("max_unpool: {pool: me, name: me}", "pool: me names a max_unpool layer"),
    ("max_unpool: {pool: [p1]}", "pool: expected the name of a layer"),
])
def test_max_unpool_refuses(line, said, calc_text):
    text = f"""
        input: 45x60x3
        layers:
          - conv: {{filters: 4, kernel: 3, padding: 1, name: c1}}
          - maxpool: {{kernel: 2, name: p1}}
          - conv: {{filters: 5, kernel: 1, name: c5}}
          - {line}
        """
    if "c5" not in line:
        text = text.replace("filters: 5, kernel: 1, name: c5", "filters: 4, kernel: 1")
    with pytest.raises(CnnCalcError, match=said):
        calc_text(text)


def test_expressions_read_the_shapes_these_layers_make(calc_text):
    summary = calc_text("""
        input: 45x60x3
        layers:
          - conv: {filters: 4, kernel: 3, padding: 1, name: skip}
          - maxpool: {kernel: 2, name: p1}
          - max_unpool: p1
          - conv: {filters: "${input.height}", kernel: 1, name: after_unpool}
          - maxpool: 2
          - upsample: {size_of: skip}
          - conv: {filters: "${input.width}", kernel: 1, name: after_upsample}
        """)
    assert summary.row("after_unpool").output_shape == (45, 60, 45)
    assert summary.row("after_upsample").output_shape == (45, 60, 60)


def test_max_unpool_verifies(tmp_path):
    from cnncalc.spec import parse_spec
    from cnncalc.verify import verify
    assert verify(parse_spec(UNPOOL, "test.yaml")).ok


def test_max_pool_indices_and_unpool_by_hand():
    from cnncalc.engine import kernels
    x = np.array([[1, 5, 2, 0, 9],
                  [3, 4, 8, 1, 7],
                  [6, 0, 2, 2, 3]], np.float32).reshape(1, 3, 5, 1)
    values, where = kernels.max_pool2d_with_indices(x, 2)     # 2×2 windows, floor: 1×2
    assert values.ravel().tolist() == [5, 8]
    assert where.ravel().tolist() == [0 * 5 + 1, 1 * 5 + 2]   # row·W + column
    back = kernels.max_unpool2d(np.array([10, 20], np.float32).reshape(1, 1, 2, 1), where, 3, 5)
    expected = np.zeros((3, 5), np.float32)
    expected[0, 1], expected[1, 2] = 10, 20
    assert np.array_equal(back[0, :, :, 0], expected)


def test_max_pool_indices_ties_go_to_the_first():
    from cnncalc.engine import kernels
    _, where = kernels.max_pool2d_with_indices(np.ones((1, 2, 2, 1), np.float32), 2)
    assert where.ravel().tolist() == [0]


@pytest.mark.parametrize(("kernel", "stride", "padding", "ceil_mode"), [
    (2, 2, 0, False), (3, 2, 1, False), (3, 2, 0, True), (3, 1, 1, False),
    ((2, 3), (1, 2), ((1, 0), (0, 1)), True)])
def test_max_pool_indices_point_at_the_pools_values(kernel, stride, padding, ceil_mode):
    from cnncalc.engine import kernels
    x = np.random.default_rng(0).standard_normal((2, 7, 9, 3)).astype(np.float32)
    values, where = kernels.max_pool2d_with_indices(x, kernel, stride, padding, ceil_mode)
    assert np.array_equal(values, kernels.max_pool2d(x, kernel, stride, padding, ceil_mode))
    found = np.take_along_axis(x.reshape(2, 63, 3), where.reshape(2, -1, 3), axis=1)
    assert np.array_equal(found.reshape(values.shape), values)


# --- the bundled SegNet ----------------------------------------------------------------------

def conv3(c_in, c_out):
    """A 3×3 conv's parameters with its bias."""
    return 3 * 3 * c_in * c_out + c_out


ENCODER = [((360, 480), [(3, 64), (64, 64)]),
           ((180, 240), [(64, 128), (128, 128)]),
           ((90, 120), [(128, 256), (256, 256), (256, 256)]),
           ((45, 60), [(256, 512), (512, 512), (512, 512)]),
           ((22, 30), [(512, 512)] * 3)]                    # ⌊45/2⌋ = 22
DECODER = [((22, 30), [(512, 512)] * 3),
           ((45, 60), [(512, 512), (512, 512), (512, 256)]),  # unpooled to enc4's 45×60
           ((90, 120), [(256, 256), (256, 256), (256, 128)]),
           ((180, 240), [(128, 128), (128, 64)]),
           ((360, 480), [(64, 64), (64, 12)])]              # the last: the classifier
CONVS = [(size, pair) for size, pairs in ENCODER + DECODER for pair in pairs]
BN_CHANNELS = sum(c_out for _, (_, c_out) in CONVS) - 12    # every conv but the classifier's
SEGNET_PARAMS = sum(conv3(*pair) for _, pair in CONVS) + 2 * BN_CHANNELS
SEGNET_STATISTICS = 2 * BN_CHANNELS
SEGNET_MULTS = sum(h * w * c_out * 3 * 3 * c_in for (h, w), (c_in, c_out) in CONVS)


def test_segnet_hand_arithmetic_is_the_figures_quoted():
    assert len(CONVS) == 13 + 13                          # VGG-16's 13, mirrored (12 + classifier)
    assert BN_CHANNELS == (64 + 64 + 128 + 128 + 256 * 3 + 512 * 6) \
        + (512 * 3 + 512 * 2 + 256 + 256 * 2 + 128 + 128 + 64 + 64)
    assert (SEGNET_PARAMS, SEGNET_STATISTICS) == (29_449_932, 15_872)  # the paper: 29.5M
    assert SEGNET_MULTS == 106_387_292_160


def test_segnet_totals():
    from cnncalc.calculator import summarize
    from cnncalc.spec import load_spec
    summary = summarize(load_spec("segnet"))
    totals = summary.totals
    assert (totals.trainable_params, totals.non_trainable_params, totals.mults) == (
        SEGNET_PARAMS, SEGNET_STATISTICS, SEGNET_MULTS)
    assert summary.layers[-1].output_shape == (360, 480, 12)
    unpools = [row for row in summary.layers if row.kind == "max_unpool"]
    assert [row.output_shape for row in unpools] == [
        (22, 30, 512), (45, 60, 512), (90, 120, 256), (180, 240, 128), (360, 480, 64)]
    assert unpools[1].inputs == ("dec5/cbr3/relu", "enc4/cbr3/relu")   # what enc4/pool reads
    assert "not 44×60" in unpools[1].notes[0]


def test_segnet_classes_argument():
    from cnncalc.calculator import summarize
    from cnncalc.spec import load_spec
    summary = summarize(load_spec("segnet", settings={"classes": 32}))
    assert summary.totals.trainable_params == SEGNET_PARAMS - conv3(64, 12) + conv3(64, 32)


@pytest.mark.parametrize("line", ["max_unpool: p", "maxunpool: {pool: p}", "max_unpool2d: p"])
def test_max_unpool_aliases_and_shorthand(line, calc):
    row = calc("5x7x2", "maxpool: {kernel: 2, name: p}", line).layers[-1]
    assert (row.kind, row.output_shape) == ("max_unpool", (5, 7, 2))   # ⌊5/2⌋×⌊7/2⌋ back to 5×7
