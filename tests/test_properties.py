"""Property tests: the size formulas against counting window positions one by one, and hostile
specs that must end in numbers or a `CnnCalcError`, never anything else."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnncalc.calculator import summarize
from cnncalc.errors import CnnCalcError
from cnncalc.shapes import conv_output_size, pool_output_size
from cnncalc.spec import parse_spec


def windows_that_fit(size, kernel, stride, before, after, dilation):
    """Count the placements of a dilated window on a padded axis, one start at a time."""
    span = dilation * (kernel - 1) + 1
    return sum(1 for start in range(0, size + before + after, stride)
               if start + span <= size + before + after)


@given(size=st.integers(1, 60), kernel=st.integers(1, 9), stride=st.integers(1, 5),
       before=st.integers(0, 4), after=st.integers(0, 4), dilation=st.integers(1, 4))
def test_conv_size_formula_counts_window_positions(size, kernel, stride, before, after,
                                                   dilation):
    counted = windows_that_fit(size, kernel, stride, before, after, dilation)
    if counted:
        assert conv_output_size(size, kernel, stride, before, after, dilation) == counted


@given(size=st.integers(1, 60), kernel=st.integers(1, 7), stride=st.integers(1, 4),
       pad=st.integers(0, 3))
def test_pool_ceil_mode_counts_windows_that_start_inside(size, kernel, stride, pad):
    """Ceil mode adds a last, partial window when the full windows leave elements uncovered at
    the end, provided it starts inside the input or its left padding (PyTorch)."""
    if 2 * pad > kernel or size + 2 * pad < kernel:
        return
    padded = size + 2 * pad
    starts = [start for start in range(0, padded, stride) if start + kernel <= padded]
    uncovered = starts[-1] + kernel < padded
    partial = starts[-1] + stride
    expected = len(starts) + (1 if uncovered and partial < size + pad else 0)
    assert pool_output_size(size, kernel, stride, pad, pad, ceil_mode=True) == expected


KINDS = ["conv", "maxpool", "avgpool", "fc", "relu", "batchnorm", "add", "concat", "multiply",
         "conv_transpose", "flatten", "global_avgpool", "adaptive_avgpool", "dropout", "lrn",
         "leaky_relu", "softmax", "convv", "repeat", "blk", "split", "chunk", "channel_shuffle",
         "upsample", "crop", "zeropad", "layernorm", "scale", "conv_bn_act", "shuffle_v2",
         "convnext"]
KEYS = ["filters", "kernel", "stride", "padding", "dilation", "groups", "bias", "depthwise",
        "units", "ceil_mode", "size", "rate", "from", "name", "repeat", "output_padding",
        "times", "layers", "c", "multiplier", "parts", "sizes", "take", "mode", "scale",
        "margins", "count_include_pad", "eps", "if", "out"]
VALUES = st.recursive(
    st.one_of(st.integers(-3, 12), st.sampled_from(["same", "valid", "conv1", "input", "$c",
                                                    "${c * 2}", "${c / 0}", "x", "",
                                                    "nearest", "bilinear",
                                                    "${input.channels // 2}",
                                                    "${input.height > 4}", "${input.nope}",
                                                    "${c > 1 and input.width}"]),
              st.booleans(), st.none(), st.floats(-2, 5, allow_nan=False)),
    lambda inner: st.lists(inner, max_size=4), max_leaves=6)
LAYER = st.one_of(
    st.sampled_from(KINDS),
    st.dictionaries(st.sampled_from(KINDS), st.dictionaries(st.sampled_from(KEYS), VALUES,
                                                            max_size=4), min_size=1, max_size=2),
    VALUES)
SPEC = st.fixed_dictionaries({
    "input": st.one_of(st.sampled_from(["8x8x4", "16x16x3", "5x5x2", "12", "0x4x4", "4x4"]),
                       VALUES),
    "layers": st.lists(LAYER, min_size=0, max_size=6),
    "blocks": st.just({"blk": {"args": ["c"], "layers": [{"conv": {"filters": "$c",
                                                                   "kernel": 1}}, "relu"]}}),
    # the units library takes ~0.1 s to read: included in about one spec in ten
    "include": st.sampled_from([[]] * 16 + [["units"], ["nowhere"], "units", [3]]),
})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=SPEC)
def test_hostile_specs_give_numbers_or_a_user_error(spec):
    text = yaml.safe_dump(spec, allow_unicode=True)
    try:
        summary = summarize(parse_spec(text, "fuzz.yaml"))
    except CnnCalcError as error:
        assert str(error)  # a sentence, not an empty message
        return
    totals = summary.totals
    assert totals.params == sum(row.params for row in summary.layers)
    assert all(min(row.output_shape) >= 1 for row in summary.layers)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200))
def test_arbitrary_text_gives_numbers_or_a_user_error(text):
    try:
        parse_spec(text, "fuzz.yaml")
    except CnnCalcError:
        pass
