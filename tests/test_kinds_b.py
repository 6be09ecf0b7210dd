"""Layers that name other layers (max_unpool's pool, upsample's size_of), frozen layers
(``trainable: false``) and shared weights (``shares:``), and the specs that use them: SegNet and
the Siamese example. Every expected number is hand arithmetic written out or PyTorch's own count
(tests/torch_models_kinds_b.py, cross-checked in the torch-only tests at the bottom)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cnncalc.calculator import summarize
from cnncalc.check.quantities import Quantity, layer_value, total_value
from cnncalc.cli import main
from cnncalc.engine import kernels
from cnncalc.errors import SpecError
from cnncalc.memory import Optimizer, memory
from cnncalc.report import as_dict
from cnncalc.spec import load_spec, parse_spec
from cnncalc.verify import verify

EXAMPLES = Path(__file__).parent.parent / "examples"


def network(text: str):
    return parse_spec(textwrap.dedent(text).lstrip("\n"), "net.yaml")


def refused(text: str) -> SpecError:
    """The error a spec ends in, whether reading or calculating it."""
    with pytest.raises(SpecError) as caught:
        summarize(network(text))
    return caught.value


# --- max_unpool ------------------------------------------------------------------------------

SEGNET_STAGE = """
    input: 45x60x8
    layers:
      - maxpool: {name: pool4, kernel: 2}            # ⌊(45 − 2)/2⌋ + 1 = 22, ⌊(60 − 2)/2⌋ + 1 = 30
      - conv: {name: mid, filters: 8, kernel: 3, padding: 1}
      - max_unpool: {name: unpool4, pool: pool4}    # back to pool4's input, 45×60
    """


def test_max_unpool_takes_its_pools_input_size():
    summary = summarize(network(SEGNET_STAGE))
    assert summary.row("pool4").output_shape == (22, 30, 8)
    row = summary.row("unpool4")
    assert row.output_shape == (45, 60, 8)            # not 2·22 = 44
    assert row.inputs == ("mid", "pool4", "input")    # its input, the pool, the pool's input
    assert (row.params, row.mults) == (0, 0)
    assert row.formulas["output"] == "H×W = 45×60, the input of its pool 'pool4'; C = 8 (its input's)"
    # nn.MaxUnpool2d without output_size: (22 − 1)·2 − 0 + 2 = 44
    assert any("not the 44×60" in note for note in row.notes)


def test_max_unpool_without_a_dropped_row_has_no_note(calc):
    row = calc("8x8x3", "maxpool: {name: p, kernel: 2}", "max_unpool: p").layers[-1]
    assert row.output_shape == (8, 8, 3) and row.notes == ()


def test_max_unpool_field_is_its_pools_window_transposed(calc):
    summary = calc("8x8x1", "maxpool: {name: p, kernel: 2}", "max_unpool: p")
    pooled, unpooled = summary.row("p").receptive_field, summary.row("unpool1").receptive_field
    assert (pooled.size, pooled.jump) == ((2, 2), (2, 2))
    # output o holds pooled ⌊o/2⌋'s value, which saw inputs 2⌊o/2⌋ and 2⌊o/2⌋ + 1: 2 wide;
    # neighbouring outputs are 2/2 = 1 input pixel apart
    assert (unpooled.size, unpooled.jump) == ((2, 2), (1, 1))


def test_max_unpool_reaches_into_a_block_and_forward(calc_text):
    summary = calc_text("""
        input: 9x9x3
        blocks:
          down:
            layers:
              - conv: {filters: 3, kernel: 1}
              - maxpool: {name: pool, kernel: 2}
        layers:
          - conv: {name: c, filters: 3, kernel: 1, from: later}   # reads a pool further down
          - max_unpool: {pool: later}                            # names it before it is written
          - down: {name: enc, from: input}
          - max_unpool: {name: up, pool: enc/pool}                # inside a block instance
          - maxpool: {name: later, kernel: 2, from: input}
        """)
    assert summary.row("unpool1").output_shape == (9, 9, 3)
    assert summary.row("up").inputs == ("enc/pool", "enc/pool", "enc/conv1")
    assert summary.row("up").output_shape == (9, 9, 3)


@pytest.mark.parametrize(("pool", "said"), [
    ("c", "'pool: c' names a conv layer, but max_unpool needs the max pool whose indices it "
          "puts back: a maxpool layer"),
    ("input", "'pool: input' names the network's input, but max_unpool needs"),
    ("pool_1", "'pool: pool_1' names no layer (did you mean 'pool1'?)"),
])
def test_max_unpool_names_a_maxpool(pool, said):
    error = refused(f"""
        input: 8x8x3
        layers:
          - conv: {{name: c, filters: 3, kernel: 1}}
          - maxpool: 2
          - max_unpool: {{pool: {pool}}}
        """)
    assert said in error.message
    assert (error.location.line, error.location.column) == (5, 24)   # the name's place
    assert "unpool1" in error.layer


def test_max_unpool_input_must_have_its_pools_output_shape():
    error = refused("""
        input: 8x8x3
        layers:
          - maxpool: {name: p, kernel: 2}
          - conv: {filters: 5, kernel: 1}
          - max_unpool: p
        """)
    assert ("max_unpool's input 4×4×5 must have the shape of its pool's output, 4×4×3"
            in error.message)
    assert error.location.line == 5


def test_max_unpool_kernel_matches_pytorch_on_a_hand_example():
    # one image, one channel, 3×5 pooled 2×2/2: windows (rows 0–1) × (columns 0–1, 2–3)
    x = np.array([[1, 9, 2, 3, 7],
                  [4, 5, 8, 6, 0],
                  [0, 0, 0, 0, 0]], np.float32).reshape(1, 3, 5, 1)
    maxima, where = kernels.max_pool2d_indices(x, 2)
    assert maxima.ravel().tolist() == [9, 8] and where.ravel().tolist() == [1, 7]  # 0·5 + 1, 1·5 + 2
    back = kernels.max_unpool2d(maxima, where, 3, 5)
    assert back[0, :, :, 0].tolist() == [[0, 9, 0, 0, 0], [0, 0, 8, 0, 0], [0, 0, 0, 0, 0]]


def test_max_unpool_verifies():
    assert verify(network(SEGNET_STAGE), batch=2).ok
    padded = network("""
        input: 11x13x4
        layers:
          - maxpool: {name: p, kernel: 3, stride: 2, padding: 1, ceil_mode: true}
          - relu
          - max_unpool: p
        """)
    assert verify(padded).ok


# --- upsample to another layer's size ---------------------------------------------------------

FCN_HEAD = """
    input: 33x47x3
    layers:
      - conv: {name: skip, filters: 4, kernel: 3, padding: 1}    # 33×47×4
      - conv: {filters: 4, kernel: 3, stride: 4, padding: 1}    # ⌊(33 + 2 − 3)/4⌋ + 1 = 9, 12
      - upsample: {name: up, size_of: skip, mode: bilinear}     # F.interpolate(size=skip's)
      - add: {from: [up, skip]}
    """


def test_upsample_to_a_named_layers_size():
    summary = summarize(network(FCN_HEAD))
    row = summary.row("up")
    assert row.output_shape == (33, 47, 4)
    assert row.inputs == ("conv1", "skip")
    assert row.formulas["output"].startswith("H, W = 33×47 (the size of 'skip')")
    assert verify(network(FCN_HEAD)).ok


def test_upsample_size_of_reads_only_its_first_input_for_its_field():
    named = summarize(network(FCN_HEAD)).row("up").receptive_field
    fixed = summarize(network(FCN_HEAD.replace("size_of: skip", "size: [33, 47]")))
    # the same field as the fixed size: skip gives only the size, its field is not mixed in
    assert named == fixed.row("up").receptive_field


def test_upsample_size_of_in_a_block(calc_text):
    summary = calc_text("""
        input: 16x16x2
        blocks:
          head:
            layers:
              - conv: {name: wide, filters: 2, kernel: 1}
              - maxpool: 4
              - upsample: {size_of: wide}        # the block's own layer
        layers:
          - head: {name: h}
          - maxpool: 2
          - upsample: {size_of: h/wide}        # inside the instance
        """)
    assert summary.row("h/up1").output_shape == (16, 16, 2)
    assert summary.row("up1").output_shape == (16, 16, 2)


@pytest.mark.parametrize(("settings", "said"), [
    # the case: no size at all, two inputs
    ("{from: [c, input]}",
     "upsample needs 'scale' (e.g. scale: 2), 'size' (e.g. size: [56, 56]) or 'size_of' (e.g. "
     "size_of: skip, the H×W of another layer; a second input in 'from' is only crop's)"),
    ("{scale: 2, from: [c, input]}",
     "upsample reads 1 input, but receives 2; a second input in 'from' is only crop's (cut "
     "to its size); to resize to another layer's H×W, write size_of: <layer>"),
])
def test_upsample_two_inputs_say_the_form_is_crops_and_suggest_size_of(settings, said):
    error = refused(f"""
        input: 8x8x3
        layers:
          - conv: {{name: c, filters: 3, kernel: 3, padding: 1}}
          - upsample: {settings}
        """)
    assert error.message == said
    assert error.location.line == 4


def test_upsample_size_of_misspelt_is_located_with_a_suggestion():
    error = refused("""
        input: 8x8x3
        layers:
          - conv: {name: skip, filters: 3, kernel: 1}
          - upsample: {size_of: skp}
        """)
    assert "'size_of: skp' names no layer (did you mean 'skip'?)" in error.message
    assert (error.location.line, error.location.column) == (4, 25)


def test_upsample_size_of_a_vector_is_refused():
    error = refused("""
        input: 8x8x3
        layers:
          - fc: {name: v, units: 10}
          - upsample: {size_of: v, from: input}
        """)
    assert "size_of: 'v' is a vector of 10 values, which has no H×W" in error.message


def test_upsample_size_of_with_scale_is_refused(calc):
    with pytest.raises(SpecError, match="give either 'scale' or 'size_of', not both"):
        calc("8x8x3", "upsample: {scale: 2, size_of: input}")


# --- trainable: false ------------------------------------------------------------------------

FROZEN = """
    input: 8x8x3
    layers:
      - conv: {name: frozen, filters: 4, kernel: 3, trainable: false}   # (3·3·3 + 1)·4 = 112
      - bn: {trainable: false}                                          # 2·4 + 2·4 statistics
      - conv: {name: head, filters: 2, kernel: 1}                       # (4 + 1)·2 = 10
    """


def test_frozen_parameters_count_as_non_trainable():
    summary = summarize(network(FROZEN))
    frozen, bn, head = summary.layers
    assert (frozen.trainable_params, frozen.non_trainable_params, frozen.frozen_params) == (
        0, (3 * 3 * 3 + 1) * 4, (3 * 3 * 3 + 1) * 4)
    assert (bn.trainable_params, bn.non_trainable_params, bn.frozen_params) == (
        0, 2 * 4 + 2 * 4, 2 * 4)
    assert head.trainable_params == (4 + 1) * 2 and head.frozen_params == 0
    totals = summary.totals
    assert (totals.trainable_params, totals.non_trainable_params) == (10, 112 + 16)
    assert frozen.mults == 6 * 6 * 4 * 3 * 3 * 3        # freezing changes no multiplication
    assert "frozen (trainable: false): all 112 counted as non-trainable" in \
        frozen.formulas["params"]
    assert frozen.summary.endswith("frozen")


def test_frozen_in_json_and_in_check_quantities():
    summary = summarize(network(FROZEN))
    layers = as_dict(summary)["layers"]
    assert layers[0]["trainable_params"] == 0 and layers[0]["frozen_params"] == 112
    assert "frozen_params" not in layers[2]
    frozen = summary.row("frozen")
    assert layer_value(Quantity.TRAINABLE_PARAMS, frozen) == 0
    assert layer_value(Quantity.NON_TRAINABLE_PARAMS, frozen) == 112
    assert layer_value(Quantity.WEIGHTS, frozen) == 3 * 3 * 3 * 4        # still its weights
    assert layer_value(Quantity.BIASES, frozen) == 4
    assert total_value(Quantity.TRAINABLE_PARAMS, summary) == 10
    assert total_value(Quantity.WEIGHTS, summary) == 108 + 4 + 4 * 2     # conv, γ, head


def test_frozen_layers_hold_no_gradients_or_optimizer_state():
    report = memory(summarize(network(FROZEN)), optimizer=Optimizer.ADAM)
    assert report.params == 112 + 16 + 10
    assert report.gradients_bytes == 4 * 10                 # the head alone is trained
    assert report.optimizer_bytes == 2 * 4 * 10


def test_a_frozen_block_freezes_every_layer_inside(calc_text):
    summary = calc_text("""
        input: 8x8x3
        blocks:
          unit:
            layers:
              - conv: {filters: 4, kernel: 3, bias: false}
              - bn
              - relu
        layers:
          - unit: {name: backbone, trainable: false}
          - unit: {name: trained}
        """)
    assert summary.row("backbone/conv1").trainable_params == 0
    assert summary.row("backbone/bn1").non_trainable_params == 4 * 4
    assert summary.row("trained/conv1").trainable_params == 3 * 3 * 4 * 4   # reads 6×6×4
    assert summary.totals.trainable_params == 3 * 3 * 4 * 4 + 2 * 4       # and its BN's γ, β
    assert summary.totals.non_trainable_params == 3 * 3 * 3 * 4 + 2 * 4 + 2 * 4 + 2 * 4


def test_frozen_verifies_and_explains(tmp_path, monkeypatch):
    assert verify(network(FROZEN)).ok
    monkeypatch.chdir(tmp_path)
    (tmp_path / "net.yaml").write_text(textwrap.dedent(FROZEN))
    result = CliRunner().invoke(main, ["explain", "net.yaml", "frozen"])
    assert result.exit_code == 0 and "frozen" in result.output
    diff = CliRunner().invoke(main, ["diff", "net.yaml", "net.yaml", "--json"])
    assert diff.exit_code == 0, diff.output


def test_diff_tells_a_frozen_layer_from_a_trained_one():
    from cnncalc.diff import Status, compare
    trained = summarize(network(FROZEN.replace(", trainable: false", "")))
    comparison = compare(summarize(network(FROZEN)), trained)
    pair = comparison.pairs[0]
    assert pair.status is Status.CHANGED and "params" in pair.differences
    totals = {total.quantity: (total.a, total.b) for total in comparison.totals}
    assert totals["trainable_params"] == (10, 10 + 112)      # the BN stays frozen in both


# --- shares ----------------------------------------------------------------------------------

def test_siamese_example_counts_shared_weights_once():
    summary = summarize(load_spec(str(EXAMPLES / "siamese.yaml")))
    conv1, conv2, fc = (9 * 1 + 1) * 8, (9 * 8 + 1) * 16, (32 + 1) * 1
    assert summary.totals.trainable_params == conv1 + conv2 + fc == 1_281
    tower = 26 * 26 * 8 * 9 + 11 * 11 * 16 * 72
    assert summary.totals.mults == 2 * tower + 32 == 376_160
    b1 = summary.row("b1")
    assert (b1.params, b1.mults, b1.shared_with) == (0, 26 * 26 * 8 * 9, "a1")
    assert b1.formulas["params"].startswith("0 here: shared with 'a1', whose 80 parameters")
    assert any("also used by 'b1'" in note for note in summary.row("a1").notes)
    assert as_dict(summary)["layers"][8]["shared_with"] == "a1"
    assert verify(load_spec(str(EXAMPLES / "siamese.yaml"))).ok


def test_shared_weights_may_be_applied_at_another_stride(calc_text):
    summary = calc_text("""
        input: 9x9x2
        layers:
          - conv: {name: a, filters: 4, kernel: 3, padding: 1}
          - conv: {name: b, from: input, filters: 4, kernel: 3, stride: 2, dilation: 2,
                   padding: 2, shares: a}
        """)
    assert summary.totals.trainable_params == (9 * 2 + 1) * 4
    assert summary.row("b").mults == 5 * 5 * 4 * 9 * 2   # ⌊(9 + 4 − 5)/2⌋ + 1 = 5


def test_the_engine_runs_sharers_on_their_owners_arrays(monkeypatch):
    from cnncalc.engine import network as engine
    seen = {}
    conv = engine.ENGINE_LAYERS["conv"]

    class Recording(type(conv)):
        def forward(self, layer, inputs, weights, tally):
            seen[layer.filters, layer.stride] = weights.trainable["kernel"]
            return conv.forward(layer, inputs, weights, tally)

    monkeypatch.setitem(engine.ENGINE_LAYERS, "conv", Recording())
    spec = network("""
        input: 9x9x2
        layers:
          - conv: {name: b, from: input, filters: 4, kernel: 3, stride: 2, shares: a}
          - conv: {name: a, from: input, filters: 4, kernel: 3}      # after its user
          - conv: {name: other, from: input, filters: 4, kernel: 3, stride: 3}
        """)
    run = engine.run(spec)
    assert seen[4, (2, 2)] is seen[4, (1, 1)]                 # one array, made by its first user
    assert seen[4, (3, 3)] is not seen[4, (1, 1)]
    measured = {layer.name: layer.trainable_params for layer in run.layers}
    assert measured == {"b": 0, "a": (3 * 3 * 2 + 1) * 4, "other": (3 * 3 * 2 + 1) * 4}


@pytest.mark.parametrize(("line", "said"), [
    ("fc: {units: 4, shares: a}", "'shares: a': it is a conv, this layer a fc"),
    ("conv: {filters: 5, kernel: 3, shares: a}", "'shares: a': its filters is 4, this layer's 5"),
    ("conv: {filters: 4, kernel: 3, bias: false, shares: a}", "its bias is True"),
    ("conv: {filters: 4, kernel: 3, shares: input}", "names the network's input"),
    ("conv: {filters: 4, kernel: 3, shares: aa}", "'shares: aa' names no layer (did you mean 'a'?)"),
    ("conv: {from: input, filters: 4, kernel: 3, shares: a, trainable: false}",
     "'shares: a': 'conv1' is frozen (trainable: false) but 'a' is not"),
    ("relu: {shares: r}", "relu 'r' has no parameters to share"),
])
def test_shares_must_be_able_to_use_the_weights(line, said):
    error = refused(f"""
        input: 8x8x3
        layers:
          - conv: {{name: a, filters: 4, kernel: 3}}
          - relu: {{name: r}}
          - {line}
        """)
    assert said in error.message
    assert error.location.line == 5


def test_a_long_chain_of_shares_is_walked_once():
    """3,000 convs, each sharing the one before: every one resolves to the first (a walk per
    layer would take 4.5 million steps), and the weights are counted once."""
    import time
    chain = "\n".join(f"  - conv: {{name: c{i}, filters: 2, kernel: 1, shares: c{i - 1}}}"
                      for i in range(1, 3000))
    started = time.perf_counter()
    summary = summarize(parse_spec("input: 4x4x2\nlayers:\n  - conv: {name: c0, filters: 2, "
                                   "kernel: 1}\n" + chain + "\n"))
    assert summary.totals.trainable_params == (2 + 1) * 2
    assert summary.row("c2999").shared_with == "c0"
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize(("layers", "said"), [
    (["conv: {name: s, filters: 4, kernel: 3, shares: s}"], "'shares: s' names this layer itself"),
    (["conv: {name: x, filters: 4, kernel: 3, shares: y}",
      "conv: {name: y, from: input, filters: 4, kernel: 3, shares: x}"],
     "'shares' goes round in a circle"),
])
def test_shares_needs_a_layer_with_weights_of_its_own(layers, said):
    body = "\n".join(f"          - {line}" for line in layers)
    error = refused(f"""
        input: 8x8x3
        layers:
{body}
        """)
    assert said in error.message and error.location.line == 3


def test_shares_reads_other_channels_is_refused():
    error = refused("""
        input: 8x8x3
        layers:
          - conv: {name: a, filters: 4, kernel: 3, padding: 1}
          - conv: {filters: 4, kernel: 3, shares: a}      # reads a's 4 channels, a read 3
        """)
    assert "it reads 3 channels or values, this layer 4" in error.message


# --- SegNet ----------------------------------------------------------------------------------

ENCODER = [(3, 64), (64, 64), (64, 128), (128, 128), (128, 256), (256, 256), (256, 256),
           (256, 512), (512, 512), (512, 512), (512, 512), (512, 512), (512, 512)]
DECODER = [(512, 512), (512, 512), (512, 512), (512, 512), (512, 512), (512, 256),
           (256, 256), (256, 256), (256, 128), (128, 128), (128, 64), (64, 64)]
# the map each conv works on at 360×480: encoder stages 360×480, 180×240, 90×120, 45×60, 22×30;
# the decoder's back up the other way
ENCODER_SIZES = [(360, 480)] * 2 + [(180, 240)] * 2 + [(90, 120)] * 3 + [(45, 60)] * 3 \
    + [(22, 30)] * 3
DECODER_SIZES = [(22, 30)] * 3 + [(45, 60)] * 3 + [(90, 120)] * 3 + [(180, 240)] * 2 \
    + [(360, 480)]
CLASSES = 12
SEGNET_TRAINABLE = sum((9 * cin + 1) * cout + 2 * cout for cin, cout in ENCODER + DECODER) \
    + (9 * 64 + 1) * CLASSES
SEGNET_STATISTICS = 2 * sum(cout for _, cout in ENCODER + DECODER)
SEGNET_MULTS = sum(h * w * cout * 9 * cin for (cin, cout), (h, w)
                   in zip(ENCODER + DECODER, ENCODER_SIZES + DECODER_SIZES)) \
    + 360 * 480 * CLASSES * 9 * 64

TOTALS = [
    # the PyTorch 2.13 hook count of the plain torch.nn twin (tests/torch_models_kinds_b.py)
    pytest.param("segnet", 29_449_932, 15_872, 106_387_292_160, id="segnet"),
]


def test_segnet_hand_arithmetic_is_the_torch_count():
    assert (SEGNET_TRAINABLE, SEGNET_STATISTICS, SEGNET_MULTS) == TOTALS[0].values[1:]


def test_segnet_totals():
    summary = summarize(load_spec("segnet"))
    totals = summary.totals
    assert (totals.trainable_params, totals.non_trainable_params, totals.mults) == (
        29_449_932, 15_872, 106_387_292_160)
    assert summary.row("enc4/pool").output_shape == (22, 30, 512)      # ⌊45/2⌋
    assert summary.row("unpool4").output_shape == (45, 60, 512)        # not 44×60
    assert summary.row("classifier").output_shape == (360, 480, CLASSES)


def test_segnet_verifies_at_a_small_size():
    # 45×60 pools to 22×30, 11×15, 5×7, 2×3: a dropped row or column at every stage but one
    assert verify(load_spec("segnet", settings={"height": 45, "width": 60})).ok


# --- with torch: the twins counted again, the kernels against PyTorch's ----------------------

def test_the_torch_twins_count_the_same():
    pytest.importorskip("torch")
    import torch_models
    import torch_models_kinds_b
    segnet = torch_models.count(torch_models_kinds_b.SegNet(), (360, 480, 3))
    assert (segnet.trainable, segnet.non_trainable, segnet.mults) == TOTALS[0].values[1:]
    siamese = torch_models.count(torch_models_kinds_b.Siamese(), (28, 28, 2))
    assert (siamese.trainable, siamese.mults) == (1_281, 376_160)


@pytest.mark.parametrize(("shape", "kernel", "stride", "padding", "ceil"), [
    ((2, 45, 61, 3), 2, 2, 0, False),
    ((1, 11, 13, 4), 3, 2, 1, True),
    ((1, 9, 9, 2), 3, 3, 1, False),
])
def test_unpool_kernel_matches_pytorch(shape, kernel, stride, padding, ceil):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype(np.float32)
    maxima, where = kernels.max_pool2d_indices(x, kernel, stride, padding, ceil)
    tx = torch.from_numpy(x).permute(0, 3, 1, 2)
    t_max, t_where = torch.nn.functional.max_pool2d(tx, kernel, stride, padding,
                                                    ceil_mode=ceil, return_indices=True)
    assert np.array_equal(maxima, t_max.permute(0, 2, 3, 1).numpy())
    assert np.array_equal(where, t_where.permute(0, 2, 3, 1).numpy())
    back = kernels.max_unpool2d(maxima, where, *shape[1:3])
    t_back = torch.nn.functional.max_unpool2d(t_max, t_where, kernel, stride, padding,
                                              output_size=shape[1:3])
    assert np.array_equal(back, t_back.permute(0, 2, 3, 1).numpy())


def test_json_of_segnet_round_trips():
    data = json.loads(json.dumps(as_dict(summarize(load_spec("segnet")))))
    assert data["totals"]["trainable_params"] == 29_449_932
