"""``functional: true``: a layer done by a function call in ``forward()`` (``F.relu(x)``), counted
as each tool sees a call: ptflops once through its patched ``torch.nn.functional`` (a module is
its hook + the call inside it), thop, torchscan and torchinfo not at all (they hook modules),
fvcore and ptflops' aten backend as a module (they see operators), ultralytics-thop only
``F.linear``. Hand counts; the tools themselves are in tests/test_tool_conventions.py.
"""

from __future__ import annotations

from math import ceil, floor

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.conventions import CONVENTIONS, convention_named
from cnncalc.layers.pool import window_sizes
from cnncalc.shapes import pool_output_size
from cnncalc.spec import load_spec, parse_spec

# 8×8×3 → conv 4 × 3×3 pad 1 → BN → F.relu → F.max_pool2d 2 → F.avg_pool2d 2 →
# F.adaptive_avg_pool2d → fc 10 → F.softmax
FUNCTIONAL_NET = """
name: functional
input: 8x8x3
layers:
  - conv: {filters: 4, kernel: 3, padding: 1}
  - bn
  - relu: {functional: true}
  - maxpool: {kernel: 2, functional: true}
  - avgpool: {kernel: 2, functional: true}
  - global_avgpool: {functional: true}
  - fc: 10
  - softmax: {functional: true}
"""
CONV, FC = 8*8*4 * 3*3*3, 4 * 10
BIASES = 8*8*4 + 10
BN = 8*8*4
RELU, MAXPOOL_IN, AVGPOOL_IN, GLOBAL_IN, SOFTMAX = 8*8*4, 8*8*4, 4*4*4, 2*2*4, 10

FUNCTIONAL_EXPECTED = {
    "cnncalc": CONV + FC,
    "keras": CONV + FC,
    "torchinfo": CONV + FC + BIASES + 2*4,           # pools and ReLU count 0 there anyway
    # each call once (as a module: its hook + the call inside it, twice)
    "ptflops": CONV + FC + BIASES + 2*BN + RELU + MAXPOOL_IN + AVGPOOL_IN + GLOBAL_IN + SOFTMAX,
    "ptflops-aten": CONV + FC + BIASES,
    "fvcore": CONV + FC + 2*BN + GLOBAL_IN,          # the trace sees aten::adaptive_avg_pool2d
    "thop": CONV + FC + 4*BN,                        # softmax and the pools are calls: 0
    "ultralytics-thop": CONV + FC + 4*BN,
    "torchscan": CONV + FC + 2*BN,
    "torchscan-flops": 8*8*4 * (2 * 3*3*3 - 1) + 10 * (2*4 - 1) + BIASES + 2*4 + 4*BN,
}


def counted(text: str, name: str, batch: int = 1):
    return summarize(parse_spec(text, "test.yaml"), batch, convention_named(name)).totals


def test_every_convention_has_an_expected_functional_count():
    assert set(FUNCTIONAL_EXPECTED) == set(CONVENTIONS)


@pytest.mark.parametrize("name", list(FUNCTIONAL_EXPECTED))
def test_function_calls_count_as_the_tool_sees_them(name):
    assert counted(FUNCTIONAL_NET, name).mults == FUNCTIONAL_EXPECTED[name]
    assert counted(FUNCTIONAL_NET, name, 3).mults == 3 * FUNCTIONAL_EXPECTED[name]


def test_the_flag_changes_no_shape_parameter_or_default_count():
    plain = summarize(parse_spec(FUNCTIONAL_NET.replace(", functional: true", "")
                                 .replace(": {functional: true}", ""), "t.yaml"))
    functional = summarize(parse_spec(FUNCTIONAL_NET, "t.yaml"))
    assert [row.output_shape for row in plain.layers] == [
        row.output_shape for row in functional.layers]
    assert plain.totals == functional.totals
    assert [row.functional for row in functional.layers] == [
        False, False, True, True, True, True, False, True]


# F.linear, F.conv2d and F.batch_norm as calls (a model holding its own weights)
FUNCTIONAL_WEIGHTS = """
name: calls
input: 4x4x2
layers:
  - conv: {filters: 3, kernel: 3, functional: true}
  - bn: {functional: true}
  - fc: {units: 5, functional: true}
"""


@pytest.mark.parametrize("name,expected", [
    ("ptflops", 0),                     # F.conv2d, F.batch_norm unpatched; F.linear's patch is off
    ("ultralytics-thop", 2*2*3 * 5),    # its function mode counts F.linear: in · out
    ("thop", 0), ("torchscan", 0), ("torchinfo", 0),
    ("fvcore", 2*2*3 * 3*3*2 + 2 * 2*2*3 + 2*2*3 * 5),   # conv, BN 2 per element, fc
])
def test_convs_bn_and_fc_done_by_calls(name, expected):
    assert counted(FUNCTIONAL_WEIGHTS, name).mults == expected


def test_a_block_item_marks_every_layer_inside():
    text = """
    name: block
    input: 4x4x2
    blocks:
      act_pool:
        layers: [relu, {maxpool: 2}]
    layers:
      - act_pool: {functional: true}
    """
    import textwrap
    # F.relu and F.max_pool2d once each in ptflops: 4·4·2 + 4·4·2
    assert counted(textwrap.dedent(text), "ptflops").mults == 4*4*2 + 4*4*2


def test_explain_says_what_a_tool_does_with_a_call():
    result = CliRunner().invoke(main, ["explain", "densenet121", "avgpool"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert f"ptflops counts {7*7*1024:,} MACs" in text      # once: F.adaptive_avg_pool2d
    assert "as a function call" in text
    assert "thop counts" not in text                          # a call: 0, as cnncalc's


def test_conventions_command_says_how_calls_count():
    result = CliRunner().invoke(main, ["conventions"])
    assert result.exit_code == 0
    assert "functional: true" in " ".join(result.output.split())


# ----------------------------------------------------------------------------- bundled marks

@pytest.mark.parametrize("spec,calls", [
    # torchvision's forward(): nn.functional.adaptive_avg_pool2d(x, (1, 1))
    ("mobilenet_v2", {"avgpool"}),
    # F.relu(features) → F.adaptive_avg_pool2d(out, (1, 1))
    ("densenet121", {"relu1", "avgpool"}),
])
def test_the_torchvision_specs_mark_what_forward_calls(spec, calls):
    assert {node.name for node in load_spec(spec).nodes if node.functional} == calls


def test_torchvision_googlenet_calls_every_relu():
    """BasicConv2d.forward: conv → bn → F.relu: 57 BasicConv2d (3 in the stem, 6 in each of 9
    inception blocks), nothing else a call."""
    nodes = load_spec("googlenet_torchvision").nodes
    assert {node.kind for node in nodes if node.functional} == {"relu"}
    assert sum(node.functional for node in nodes) == 3 + 6 * 9
    assert all(node.functional for node in nodes if node.kind == "relu")


# ----------------------------------------------------------------------------- window sizes

def torch_divisors(size, kernel, stride, before, after, out, include_pad):
    """PyTorch's avg_pool2d divisor per window, window by window (aten AvgPool2d.cpp)."""
    total = 0
    for i in range(out):
        start = i * stride - before
        end = min(start + kernel, size + after)
        if include_pad:
            total += end - start
        else:
            total += min(end, size) - max(start, 0)
    return total


@given(st.integers(1, 60), st.integers(1, 9), st.integers(1, 6), st.data())
def test_window_sizes_equal_torchs_divisors(size, kernel, stride, data):
    before = data.draw(st.integers(0, kernel // 2))
    after = data.draw(st.integers(0, kernel // 2))
    ceil_mode = data.draw(st.booleans())
    include_pad = data.draw(st.booleans())
    if kernel > size + before + after:
        return
    out = pool_output_size(size, kernel, stride, before, after, ceil_mode)
    assert window_sizes(size, kernel, stride, before, after, out, include_pad) == \
        torch_divisors(size, kernel, stride, before, after, out, include_pad)


def test_window_sizes_of_a_huge_axis_take_no_time():
    size = 2**31 - 1
    assert window_sizes(size, 3, 1, 1, 1, size, True) == 3 * size


@given(st.integers(1, 200), st.integers(1, 200))
def test_adaptive_bins_add_up_to_n_plus_o_minus_gcd(n, o):
    """Bin i spans ⌊i·n/o⌋ … ⌈(i + 1)·n/o⌉ − 1 (PyTorch's start_index / end_index)."""
    widths = sum(ceil((i + 1) * n / o) - floor(i * n / o) for i in range(o))
    text = f"name: a\ninput: {n}x1x1\nlayers:\n  - adaptive_avgpool: [{o}, 1]\n"
    # ultralytics-thop: one addition per pooled input + one division per output
    assert counted(text, "ultralytics-thop").mults == widths + o
