"""The messages of issue 15: each a located sentence that names the fix."""

from __future__ import annotations

import textwrap

import pytest

from cnncalc.errors import CnnCalcError, SpecError
from cnncalc.layers import REGISTRY
from cnncalc.one_layer import layer_class
from cnncalc.spec import parse_spec
from cnncalc.text import closest_kind


def error_of(text: str) -> str:
    with pytest.raises(SpecError) as caught:
        parse_spec(textwrap.dedent(text), "net.yaml")
    return str(caught.value)


def test_a_default_that_reads_a_later_argument_names_the_order_fix():
    message = error_of("""
        name: t
        input: 8x8x3
        blocks:
          unit:
            args: {a: $c, c: 3}
            layers:
              - conv: {filters: $a, kernel: 1}
        layers:
          - unit
    """)
    assert message.startswith("net.yaml:6:11: ")        # at the block's args
    assert "the default of 'a' reads 'c', which is declared after it" in message
    assert "a default may read only the arguments before it" in message
    assert "put 'c' before 'a' in args ({c: …, a: …})" in message
    assert "only layers inside a block with args" not in message


def test_a_default_inside_an_expression_that_reads_a_later_argument():
    message = error_of("""
        name: t
        input: 8x8x3
        blocks:
          unit:
            args: {b: 1, a: "${b + c}", c: 3}
            layers:
              - conv: {filters: $a, kernel: 1}
        layers:
          - unit
    """)
    assert "the default of 'a' reads 'c'" in message and "put 'c' before 'a'" in message


def test_a_default_reading_an_earlier_argument_still_works(calc_text):
    summary = calc_text("""
        name: t
        input: 8x8x3
        blocks:
          unit:
            args: {c: 3, a: "${2 * c}"}
            layers:
              - conv: {filters: $a, kernel: 1}
        layers:
          - unit
    """)
    assert summary.layers[0].output_shape == (8, 8, 2 * 3)


def test_a_default_reading_an_unknown_name_keeps_its_message():
    message = error_of("""
        name: t
        input: 8x8x3
        blocks:
          unit:
            args: {c: 3, a: $nope}
            layers:
              - conv: {filters: $a, kernel: 1}
        layers:
          - unit
    """)
    assert "'nope' is no argument here (the arguments here: c;" in message


def kind_error(kind: str) -> str:
    return error_of(f"name: t\ninput: 8x8x3\nlayers:\n  - {kind}: 3\n")


def test_pixel_shuffle_is_not_offered_channel_shuffle():
    # as it was before pixel_shuffle was a kind: the registry without it
    without = {name: cls for name, cls in REGISTRY.items() if cls.kind != "pixel_shuffle"}
    assert closest_kind("pixel_shuffle", without) == (
        " (not the same as 'channel_shuffle', a different operation)")


def test_space_to_depth_is_not_offered_depth_to_space():
    message = kind_error("space_to_depth")
    assert "did you mean" not in message
    assert message.startswith("net.yaml:4:5: layer 1: unknown layer kind 'space_to_depth' (not "
                              "the same as 'pixel_shuffle', a different operation)")


def test_max_unpool_is_not_offered_max_pool():
    # one word more ("un") is another operation, not a slip of the keyboard
    assert closest_kind("max_unpool", {"max_pool": "maxpool", "maxpool": "maxpool"}) == (
        " (not the same as 'maxpool', a different operation)")


@pytest.mark.parametrize("word, kind", [
    ("convolution", "conv"),
    ("Conv2D", "conv"),
    ("MaxPooling2D", "maxpool"),
    ("max_pooling2d", "maxpool"),
    ("batch_normalization", "batchnorm"),
    ("BatchNorm2d", "batchnorm"),
    ("upsampling", "upsample"),
    ("UpSampling2D", "upsample"),
    ("relu_", "relu"),
    ("concatenate", "concat"),
    ("GlobalAveragePooling2D", "global_avgpool"),
    ("LeakyReLU", "leaky_relu"),
    ("maxpol", "maxpool"),
    ("batchnrom", "batchnorm"),
    ("PixelShuffle", "pixel_shuffle"),
    ("PReLU", "prelu"),
])
def test_another_frameworks_name_or_a_slip_gets_the_kind(word, kind):
    assert f"unknown layer kind '{word}' (did you mean '{kind}'?)" in kind_error(word)


def test_a_far_word_gets_no_suggestion():
    assert "(did you mean" not in kind_error("transformer")
    assert "not the same" not in kind_error("transformer")


def test_the_one_layer_calculator_suggests_alike():
    with pytest.raises(CnnCalcError, match=r"'convolution' \(did you mean 'conv'\?\)"):
        layer_class("convolution")


def test_an_unquoted_expression_in_a_flow_mapping_says_quote_it():
    message = error_of("""
        name: t
        input: 8x8x3
        blocks:
          unit:
            args: {w: 2}
            layers:
              - conv: {filters: ${4 * w}, kernel: 1}
        layers:
          - unit
    """)
    # line 8, the '$' at column 25 (counted from 1)
    assert message.startswith("net.yaml:8:25: this is not valid YAML")
    assert 'quote it: "${4 * w}"' in message


def test_an_unquoted_expression_in_a_flow_list_says_quote_it():
    message = error_of("name: t\ninput: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: "
                       "[${1 + 2}, 3]}\n")
    assert 'quote it: "${1 + 2}"' in message


def test_other_yaml_errors_get_no_quoting_hint():
    message = error_of("name: t\ninput: 8x8x3\nlayers:\n  - conv: {filters: 4, kernel: 3\n")
    assert "this is not valid YAML" in message and "quote it" not in message


def test_a_quoted_expression_in_a_flow_mapping_works(calc_text):
    summary = calc_text("""
        name: t
        input: 8x8x3
        blocks:
          unit:
            args: {w: 2}
            layers:
              - conv: {filters: "${4 * w}", kernel: 1}
        layers:
          - unit
    """)
    assert summary.layers[0].output_shape == (8, 8, 4 * 2)
