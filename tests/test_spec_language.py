"""The spec language: inputs, names, from:, blocks, repeats and shorthands."""

from __future__ import annotations

import pytest

from cnncalc.spec import parse_spec


@pytest.mark.parametrize("text, shape", [
    ("227x227x3", (227, 227, 3)),
    ("227×227×3", (227, 227, 3)),
    ("227 x 227 x 3", (227, 227, 3)),
    ("[227, 227, 3]", (227, 227, 3)),
    ("784", (784,)),
    ("[784]", (784,)),
])
def test_input_forms(text, shape):
    assert parse_spec(f"input: {text}\nlayers: [relu]").input_shape == shape


def test_mlp_on_a_vector(calc):
    s = calc("784", "fc: 300", "relu", "fc: 100", "relu", "fc: 10", "softmax")
    assert s.totals.params == (784 + 1) * 300 + (300 + 1) * 100 + (100 + 1) * 10
    assert s.totals.mults == 784 * 300 + 300 * 100 + 100 * 10


def test_automatic_names_count_per_prefix(calc):
    s = calc("32x32x3", "conv: {filters: 8, kernel: 3}", "relu", "maxpool: 2",
             "conv: {name: middle, filters: 8, kernel: 3}", "relu", "avgpool: 2",
             "conv: {filters: 8, kernel: 3}")
    assert [row.name for row in s.layers] == [
        "conv1", "relu1", "pool1", "middle", "relu2", "pool2", "conv2"]  # 'middle' uses no number


def test_from_and_add_make_a_residual(calc_text):
    s = calc_text("""
        input: 56x56x64
        layers:
          - conv: {name: a, filters: 64, kernel: 3, padding: 1}
          - relu
          - conv: {name: b, filters: 64, kernel: 3, padding: 1}
          - add: {from: [b, input]}
    """)
    add = s.row("add1")
    assert add.inputs == ("b", "input")
    assert add.output_shape == (56, 56, 64)


def test_forward_reference_is_evaluated_in_dependency_order(calc_text):
    s = calc_text("""
        input: 8x8x3
        layers:
          - concat: {from: [left, right]}
          - conv: {name: left, from: input, filters: 4, kernel: 1}
          - conv: {name: right, from: input, filters: 5, kernel: 1}
    """)
    assert [row.name for row in s.layers] == ["left", "right", "concat1"]
    assert s.row("concat1").output_shape == (8, 8, 4 + 5)
    assert s.output == "right"  # the last item in the file is the network's output


INCEPTION = """
    input: 28x28x192
    blocks:
      inception:
        args: [c1, c3r, c3, c5r, c5, pp]
        layers:
          - conv: {name: b1, filters: $c1, kernel: 1}
          - conv: {name: b2r, from: input, filters: $c3r, kernel: 1}
          - conv: {name: b2, filters: $c3, kernel: 3, padding: 1}
          - conv: {name: b3r, from: input, filters: $c5r, kernel: 1}
          - conv: {name: b3, filters: $c5, kernel: 5, padding: 2}
          - maxpool: {name: b4p, from: input, kernel: 3, stride: 1, padding: 1}
          - conv: {name: b4, filters: $pp, kernel: 1}
          - concat: {name: out, from: [b1, b2, b3, b4]}
    layers:
      - inception: {name: inception3a, c1: 64, c3r: 96, c3: 128, c5r: 16, c5: 32, pp: 32}
      - inception: {name: inception3b, c1: 128, c3r: 128, c3: 192, c5r: 32, c5: 96, pp: 64}
"""


def test_blocks_with_arguments(calc_text):
    s = calc_text(INCEPTION)
    assert s.row("inception3a/out").output_shape == (28, 28, 64 + 128 + 32 + 32)
    assert s.row("inception3b/out").output_shape == (28, 28, 128 + 192 + 96 + 64)
    assert s.row("inception3b/b1").inputs == ("inception3a/out",)
    # GoogLeNet Table 1, inception (3a): params 159K, ops 128M (with biases here)
    a = [row for row in s.layers if row.name.startswith("inception3a/")]
    assert sum(row.params for row in a) == (
        (192 + 1) * 64 + (192 + 1) * 96 + (9 * 96 + 1) * 128 + (192 + 1) * 16 +
        (25 * 16 + 1) * 32 + (192 + 1) * 32)
    assert s.row("inception3a/b3").mults == (28 * 28 * 32) * (5 * 5 * 16)


def test_block_expressions_defaults_and_repeat(calc_text):
    s = calc_text("""
        input: 56x56x256
        blocks:
          bottleneck:
            args: {width: null, expansion: 4}
            layers:
              - conv: {filters: $width, kernel: 1, bias: false}
              - conv: {filters: $width, kernel: 3, padding: 1, bias: false}
              - conv: {name: expand, filters: "${width * expansion}", kernel: 1, bias: false}
              - add: {from: [expand, input]}
        layers:
          - bottleneck: {name: layer1, width: 64, repeat: 2}
          - bottleneck: {width: 64}
    """)
    names = [row.name for row in s.layers]
    assert names[:4] == ["layer1.1/conv1", "layer1.1/conv2", "layer1.1/expand", "layer1.1/add1"]
    # the counter counts unnamed instances only: this is the first unnamed one
    assert "layer1.2/add1" in names and "bottleneck1/add1" in names
    assert s.row("layer1.2/conv1").inputs == ("layer1.1/add1",)
    assert s.row("bottleneck1/conv1").inputs == ("layer1.2/add1",)
    per_block = 256 * 64 + 9 * 64 * 64 + 64 * 256
    assert s.totals.params == 3 * per_block


def test_repeat_group_unrolls_inline(calc_text):
    s = calc_text("""
        input: 224x224x3
        layers:
          - repeat:
              times: 2
              layers:
                - conv: {filters: 64, kernel: 3, padding: 1}
                - relu
          - maxpool: 2
    """)
    assert [row.name for row in s.layers] == ["conv1", "relu1", "conv2", "relu2", "pool1"]
    assert s.row("conv2").params == (9 * 64 + 1) * 64


def test_nested_blocks(calc_text):
    s = calc_text("""
        input: 8x8x4
        blocks:
          unit:
            args: [c]
            layers: [{conv: {filters: $c, kernel: 1}}, relu]
          pair:
            args: [c]
            layers: [{unit: {c: $c}}, {unit: {c: "${c * 2}"}}]
        layers:
          - pair: {name: p, c: 3}
    """)
    assert [row.name for row in s.layers] == [
        "p/unit1/conv1", "p/unit1/relu1", "p/unit2/conv1", "p/unit2/relu1"]
    assert s.layers[-1].output_shape == (8, 8, 6)


def test_squeeze_and_excitation_multiply(calc_text):
    s = calc_text("""
        input: 14x14x96
        layers:
          - global_avgpool
          - conv: {filters: 24, kernel: 1}
          - relu
          - conv: {filters: 96, kernel: 1}
          - sigmoid
          - multiply: {from: [input, sigmoid1]}
    """)
    assert s.row("mul1").output_shape == (14, 14, 96)


def test_shorthands_and_aliases(calc):
    s = calc("8x8x4", "dense: 10", "dropout: 0.2", "leaky_relu: 0.1")
    assert s.layers[0].kind == "fc" and s.layers[0].params == (8 * 8 * 4 + 1) * 10
    assert s.layers[1].summary == "p=0.2"


def test_valid_padding_and_no_bias(calc):
    row = calc("10x10x3", "conv: {filters: 4, kernel: 3, padding: valid, bias: false}").layers[0]
    assert row.output_shape == (8, 8, 4)
    assert row.params == 3 * 3 * 3 * 4


def test_auto_name_of_a_kind_ending_in_a_digit_gets_a_separator(calc):
    assert [row.name for row in calc("4x4x2", "relu6", "relu6").layers] == ["relu6_1", "relu6_2"]


CBR_BLOCK = """
    name: t
    input: 8x8x3
    blocks:
      cbr: {args: [f], layers: [{conv: {name: c, filters: $f, kernel: 1}}, relu]}
    layers:
"""


def test_from_names_a_block_instance_that_is_not_repeated(calc_text):
    """Regression: an instance's name means its output (it used to end in a KeyError)."""
    summary = calc_text(CBR_BLOCK + """
      - cbr: {name: a, f: 4}
      - cbr: {name: b, from: input, f: 5}
      - concat: {from: [a, b]}
    """)
    concat = summary.row("concat1")
    assert concat.inputs == ("a/relu1", "b/relu1")
    assert concat.output_shape == (8, 8, 4 + 5)


def test_from_names_an_instance_inside_a_block(calc_text):
    summary = calc_text("""
    name: t
    input: 8x8x3
    blocks:
      cbr: {args: [f], layers: [{conv: {filters: $f, kernel: 1}}, relu]}
      pair:
        layers:
          - cbr: {name: x, f: 2}
          - cbr: {name: y, from: input, f: 3}
          - add: {from: [x, y]}
    layers:
      - pair
    """.replace("f: 3", "f: 2"))
    assert summary.row("pair1/add1").inputs == ("pair1/x/relu1", "pair1/y/relu1")


def test_from_reaches_into_an_instance_repeated_or_not(calc_text):
    summary = calc_text(CBR_BLOCK + """
      - cbr: {name: r, f: 4, repeat: 2}
      - cbr: {name: s, f: 6}
      - conv: {name: p, from: r.2/c, filters: 3, kernel: 1}
      - conv: {name: q, from: r.1, filters: 3, kernel: 1}
      - conv: {name: u, from: s/c, filters: 3, kernel: 1}
      - conv: {name: v, from: r/c, filters: 3, kernel: 1}
      - concat: {from: [p, q, u, v]}
    """)
    assert summary.row("p").inputs == ("r.2/c",)
    assert summary.row("q").inputs == ("r.1/relu1",)
    assert summary.row("u").inputs == ("s/c",)
    assert summary.row("v").inputs == ("r.2/c",)  # the name of a repeat means its last copy


@pytest.mark.parametrize("wrong", ["r.2/cc", "r.3/c", "rr", "r.2/c/x", "s/relu"])
def test_a_suggested_name_always_resolves(calc_text, wrong):
    """Whatever 'did you mean' offers must work when the user follows it."""
    import re

    from cnncalc.errors import SpecError
    spec = CBR_BLOCK + """
      - cbr: {name: r, f: 4, repeat: 2}
      - cbr: {name: s, f: 6}
      - conv: {name: p, from: WRONG, filters: 3, kernel: 1}
    """
    with pytest.raises(SpecError) as error:
        calc_text(spec.replace("WRONG", wrong))
    suggestion = re.search(r"did you mean '([^']+)'", str(error.value))
    if suggestion:
        summary = calc_text(spec.replace("WRONG", suggestion.group(1)))
        assert summary.row("p").output_shape == (8, 8, 3)


def test_explicit_names_leave_the_automatic_counter_alone(calc):
    summary = calc("8x8x3", "relu: {name: relu0}", "relu", "conv: {name: conv7, filters: 2, "
                   "kernel: 1}", "conv: {filters: 2, kernel: 1}")
    assert [row.name for row in summary.layers] == ["relu0", "relu1", "conv7", "conv1"]
