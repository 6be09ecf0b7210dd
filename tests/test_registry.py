"""Every registered layer kind is documented and exercised: adding a kind without a test here
fails this file."""

from __future__ import annotations

import pytest

from cnncalc.layers import kinds

# kind → (input shape, layer line, expected output shape, expected trainable params),
# each expectation worked out by hand.
EXAMPLES = {
    "conv": ("8x8x3", "conv: {filters: 4, kernel: 3}", (6, 6, 4), (27 + 1) * 4),
    "conv_transpose": ("4x4x2", "conv_transpose: {filters: 3, kernel: 2, stride: 2}",
                       (8, 8, 3), 2 * 3 * 2 * 2 + 3),
    "maxpool": ("8x8x3", "maxpool: 2", (4, 4, 3), 0),
    "avgpool": ("9x9x3", "avgpool: {kernel: 3, stride: 2, padding: 1}", (5, 5, 3), 0),
    "global_avgpool": ("7x7x5", "global_avgpool", (1, 1, 5), 0),
    "adaptive_avgpool": ("13x13x5", "adaptive_avgpool: [6, 4]", (6, 4, 5), 0),
    "fc": ("10", "fc: 3", (3,), (10 + 1) * 3),
    "flatten": ("2x3x4", "flatten", (24,), 0),
    "relu": ("4x4x2", "relu", (4, 4, 2), 0),
    "relu6": ("4x4x2", "relu6", (4, 4, 2), 0),
    "tanh": ("4x4x2", "tanh", (4, 4, 2), 0),
    "sigmoid": ("4x4x2", "sigmoid", (4, 4, 2), 0),
    "softmax": ("10", "softmax", (10,), 0),
    "silu": ("4x4x2", "silu", (4, 4, 2), 0),
    "hardswish": ("4x4x2", "hardswish", (4, 4, 2), 0),
    "hardsigmoid": ("4x4x2", "hardsigmoid", (4, 4, 2), 0),
    "gelu": ("4x4x2", "gelu", (4, 4, 2), 0),
    "identity": ("4x4x2", "identity", (4, 4, 2), 0),
    "leaky_relu": ("4x4x2", "leaky_relu: 0.2", (4, 4, 2), 0),
    "dropout": ("4x4x2", "dropout: 0.3", (4, 4, 2), 0),
    "lrn": ("4x4x8", "lrn: {size: 5}", (4, 4, 8), 0),
    "batchnorm": ("4x4x8", "batchnorm", (4, 4, 8), 2 * 8),
    "add": ("4x4x2", "add: {from: [input, input]}", (4, 4, 2), 0),
    "concat": ("4x4x2", "concat: {from: [input, input]}", (4, 4, 4), 0),
    "multiply": ("4x4x2", "multiply: {from: [input, input]}", (4, 4, 2), 0),
}


def test_every_kind_has_an_example():
    assert {cls.kind for cls in kinds()} == set(EXAMPLES)


@pytest.mark.parametrize("kind", EXAMPLES)
def test_kind_example(kind, calc):
    input_shape, line, shape, params = EXAMPLES[kind]
    row = calc(input_shape, line).layers[0]
    assert row.kind == kind
    assert row.output_shape == shape
    assert row.trainable_params == params


@pytest.mark.parametrize("cls", kinds(), ids=lambda cls: cls.kind)
def test_every_kind_is_documented(cls):
    assert cls.doc, f"{cls.kind} has no doc"
    assert cls.prefix
    for name, setting in cls.settings.items():
        assert setting.doc, f"{cls.kind}.{name} has no doc"


def test_every_kind_is_in_the_spec_language_doc():
    from pathlib import Path
    doc = (Path(__file__).parent.parent / "docs" / "spec-language.md").read_text()
    for cls in kinds():
        assert f"`{cls.kind}`" in doc, cls.kind
