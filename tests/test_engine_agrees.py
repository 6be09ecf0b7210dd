"""Property test: for random valid layer settings and input sizes, the calculator and the engine
agree on output shape, parameters and multiplications — every kind, with conditions (`if:`),
expressions of the input's shape and a block from the included units library."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cnncalc.calculator import summarize
from cnncalc.errors import CnnCalcError
from cnncalc.spec import parse_spec
from cnncalc.verify import verify

small = st.integers(1, 4)


@st.composite
def conv_layer(draw):
    groups = draw(st.sampled_from([1, 1, 2]))
    depthwise = draw(st.booleans()) and groups == 1
    settings = {
        "kernel": draw(st.one_of(small, st.lists(small, min_size=2, max_size=2))),
        "stride": draw(st.one_of(st.integers(1, 3), st.lists(st.integers(1, 3), min_size=2,
                                                             max_size=2))),
        "padding": draw(st.one_of(st.integers(0, 2), st.sampled_from(["same", "valid"]),
                                  st.lists(st.integers(0, 2), min_size=2, max_size=2))),
        "dilation": draw(st.integers(1, 2)),
        "bias": draw(st.booleans()),
    }
    if depthwise:
        settings.update(depthwise=True, multiplier=draw(st.integers(1, 2)))
    else:
        settings.update(filters=groups * draw(st.integers(1, 4)), groups=groups)
    return {"conv": settings}


@st.composite
def transpose_layer(draw):
    stride = draw(st.integers(1, 3))
    return {"conv_transpose": {
        "filters": draw(st.integers(1, 4)), "kernel": draw(small), "stride": stride,
        "padding": draw(st.integers(0, 1)), "output_padding": draw(st.integers(0, stride - 1)),
        "bias": draw(st.booleans())}}


@st.composite
def pool_layer(draw):
    kernel = draw(small)
    return {draw(st.sampled_from(["maxpool", "avgpool"])): {
        "kernel": kernel, "stride": draw(st.integers(1, 3)),
        "padding": draw(st.integers(0, kernel // 2)), "ceil_mode": draw(st.booleans())}}


@st.composite
def resize_layer(draw):
    """upsample (a scale or a size), zeropad, crop by margins: H×W change, channels do not."""
    kind = draw(st.sampled_from(["upsample", "zeropad", "crop"]))
    if kind == "upsample":
        size = draw(st.one_of(st.builds(lambda s: {"scale": s}, st.sampled_from(
            [1, 2, 1.5, [2, 1], 0.5])), st.builds(lambda h, w: {"size": [h, w]}, small, small)))
        return {"upsample": {"mode": draw(st.sampled_from(["nearest", "bilinear"])), **size}}
    edges = draw(st.one_of(st.integers(0, 2), st.lists(st.integers(0, 2), min_size=2,
                                                        max_size=2),
                           st.lists(st.integers(0, 2), min_size=4, max_size=4)))
    return {kind: {"padding" if kind == "zeropad" else "margins": edges}}


@st.composite
def channel_layer(draw):
    """split and channel_shuffle, with groups that may not divide (a user error, rejected),
    and a conv whose filters are an expression of the network input's channels."""
    kind = draw(st.sampled_from(["split", "channel_shuffle", "conv"]))
    if kind == "split":
        parts = draw(st.integers(1, 2))
        return {"split": {"parts": parts, "take": draw(st.integers(0, parts - 1))}}
    if kind == "channel_shuffle":
        return {"channel_shuffle": draw(st.integers(1, 2))}
    return {"conv": {"filters": "${max(1, input.channels // 2)}", "kernel": 1}}


SIMPLE = st.sampled_from(["relu", "relu6", "tanh", "sigmoid", "silu", "hardswish",
                          "hardsigmoid", "gelu", "softmax", "batchnorm", "dropout",
                          {"lrn": {"size": 3}}, {"leaky_relu": 0.2}, "layernorm", "scale",
                          {"avgpool": {"kernel": 3, "stride": 1, "padding": 1,
                                       "count_include_pad": False}},
                          {"conv_bn_act": {"filters": 3, "kernel": 3}},
                          {"relu": {"if": "${input.channels > 2}"}}])
LAYER = st.one_of(conv_layer(), transpose_layer(), pool_layer(), SIMPLE, resize_layer(),
                  channel_layer(),
                  st.builds(lambda n: {"adaptive_avgpool": n}, st.integers(1, 3)),
                  st.just("global_avgpool"))
HALVES = "${input.channels % 2 == 0}"
HEAD = st.sampled_from([[], ["flatten", {"fc": 5}], [{"fc": {"units": 3, "bias": False}}]])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(height=st.integers(1, 12), width=st.integers(1, 12), channels=st.sampled_from([1, 2, 4]),
       layers=st.lists(LAYER, min_size=1, max_size=3), head=HEAD, batch=st.integers(1, 2),
       join=st.sampled_from(["", "add", "concat", "multiply", "halves", "crop"]))
def test_calculator_and_engine_agree(height, width, channels, layers, head, batch, join):
    items = list(layers)
    if join == "add":
        items += [{"conv": {"name": "side", "from": "input", "filters": channels, "kernel": 1}},
                  {"add": {"from": ["side", "input"]}}]
    elif join == "concat":
        items += [{"concat": {"from": ["input", "input"]}}]
    elif join == "multiply":
        items += ["global_avgpool", {"sigmoid": {"name": "gate"}},
                  {"multiply": {"from": ["input", "gate"]}}]
    elif join == "halves":   # both halves of the input, when the channels are even
        items += [{"split": {"name": "l", "from": "input", "parts": 2, "take": 0, "if": HALVES}},
                  {"split": {"name": "r", "from": "input", "parts": 2, "take": 1, "if": HALVES}},
                  {"concat": {"from": ["r", "l"]}}]
    elif join == "crop":     # the input cropped to a pooled copy of itself
        items += [{"maxpool": {"name": "small", "from": "input", "kernel": 2}},
                  {"crop": {"from": ["input", "small"]}}]
    spec = {"name": "random", "input": [height, width, channels], "layers": items + head}
    if "conv_bn_act" in str(items):   # reading the units library takes ~0.1 s: only when used
        spec["include"] = ["units"]
    text = yaml.safe_dump(spec)
    try:
        network = parse_spec(text, "random.yaml")
        summarize(network)
    except CnnCalcError:
        assume(False)
    result = verify(network, batch=batch, seed=0)
    assert result.ok, [(c.name, c.calculated_shape, c.measured_shape, c.calculated_params,
                        c.measured_params, c.calculated_mults, c.measured_mults)
                       for c in result.failures]
