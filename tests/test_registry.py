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
    "split": ("4x4x6", "split: {parts: 3, take: 2}", (4, 4, 6 // 3), 0),
    "channel_shuffle": ("4x4x6", "channel_shuffle: 3", (4, 4, 6), 0),
    "upsample": ("3x5x2", "upsample: {scale: [2, 1.5]}", (3 * 2, int(5 * 1.5), 2), 0),   # ⌊7.5⌋
    "crop": ("9x9x2", "crop: {margins: [1, 2, 0, 3]}", (9 - 1 - 2, 9 - 0 - 3, 2), 0),
    "zeropad": ("4x4x2", "zeropad: [1, 2]", (4 + 1 + 1, 4 + 2 + 2, 2), 0),
    "layernorm": ("4x4x8", "layernorm", (4, 4, 8), 2 * 8),   # γ and β per channel
    "scale": ("4x4x8", "scale", (4, 4, 8), 8),                # γ per channel
    "pixel_shuffle": ("3x5x18", "pixel_shuffle: 3", (3 * 3, 5 * 3, 18 // (3 * 3)), 0),
    "prelu": ("4x4x8", "prelu", (4, 4, 8), 8),                # a slope per channel
    "max_unpool": ("5x6x2", "maxpool: {kernel: 2, name: p}\n  - max_unpool: {pool: p}",
                   (5, 6, 2), 0),                             # ⌊5/2⌋×3 back to its pool's 5×6
}


def test_every_kind_has_an_example():
    assert {cls.kind for cls in kinds()} == set(EXAMPLES)


@pytest.mark.parametrize("kind", EXAMPLES)
def test_kind_example(kind, calc):
    input_shape, line, shape, params = EXAMPLES[kind]
    row = calc(input_shape, line).layers[-1]   # the last: a kind may need a layer before it
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


# Aliases and the other ways of writing the new kinds' settings, worked out by hand.
FORMS = [
    ("4x4x6", "chunk: {sizes: [1, 2, 3], take: 1}", (4, 4, 2)),
    ("4x4x6", "shuffle: {groups: 2}", (4, 4, 6)),
    ("3x5x2", "upsample: {size: [7, 4], mode: bilinear}", (7, 4, 2)),
    ("9x9x2", "crop: {size: [4, 5]}", (4, 5, 2)),
    ("9x9x2", "crop: 2", None),
    ("4x4x2", "zero_padding: [0, 1, 2, 3]", (4 + 0 + 1, 4 + 2 + 3, 2)),
    ("10", "layer_norm", (10,)),
    ("4x4x2", "layer_scale", (4, 4, 2)),
    ("2x2x8", "depth_to_space: {factor: 2, order: dcr}", (2 * 2, 2 * 2, 8 // 4)),
    ("4x4x8", "pixel_shuffle: 3", None),          # 8 channels do not divide by 3² = 9
    ("4x4x2", "scale: 0.17", (4, 4, 2)),
    ("4x4x2", "prelu: one", (4, 4, 2)),
]


@pytest.mark.parametrize(("input_shape", "line", "shape"), FORMS)
def test_new_kind_forms(input_shape, line, shape, calc):
    from cnncalc.errors import CnnCalcError
    if shape is None:
        with pytest.raises(CnnCalcError):
            calc(input_shape, line)
        return
    assert calc(input_shape, line).layers[0].output_shape == shape


def test_layernorm_on_a_vector_has_two_parameters_per_value(calc):
    row = calc("10", "layernorm").layers[0]
    assert (row.trainable_params, row.non_trainable_params, row.biases) == (2 * 10, 0, 10)


def test_split_halves_read_different_channels(calc):
    summary = calc("4x4x6", "split: {name: a, parts: 2, take: 0}",
                   "split: {name: b, parts: 2, take: 1, from: input}")
    assert "channels 0–2" in summary.row("a").formulas["output"]
    assert "channels 3–5" in summary.row("b").formulas["output"]


@pytest.mark.parametrize(("big", "small", "top"), [
    (64, 56, 4),    # even difference: 4 each side
    (5, 4, 0),      # round(0.5) = 0: the extra row at the bottom
    (7, 4, 2),      # round(1.5) = 2: the extra row at the top (halves round to even)
    (9, 4, 2),      # round(2.5) = 2: at the bottom again
])
def test_centred_crop_follows_torchvision_rounding(big, small, top, calc):
    row = calc(f"{big}x{big}x1", f"crop: {{size: {small}}}").layers[0]
    assert row.output_shape == (small, small, 1)
    bottom = big - small - top
    assert f"H: {big} − {top} − {bottom} = {small}" in row.formulas["output"]
    if top != bottom:
        extra = "top" if top > bottom else "bottom"
        assert f"the extra row is cut at the {extra}" in " ".join(row.notes)


def test_crop_to_a_reference_reads_only_the_first_input_for_its_field(calc_text):
    summary = calc_text("""
        input: 12x12x1
        layers:
          - conv: {name: wide, filters: 1, kernel: 5}    # 8×8, field 5
          - crop: {name: cut, from: [input, wide]}        # the input cut to 8×8: field 1
        """)
    field = summary.row("cut").receptive_field
    assert field.size == (1, 1) and field.start == (2, 2)   # (12 − 8)/2 = 2 rows in


def test_avgpool_count_include_pad_says_what_it_changes(calc):
    included = calc("4x4x1", "avgpool: {kernel: 3, stride: 1, padding: 1}").layers[0]
    excluded = calc("4x4x1", "avgpool: {kernel: 3, stride: 1, padding: 1, "
                             "count_include_pad: false}").layers[0]
    assert included.output_shape == excluded.output_shape == (4, 4, 1)
    # the first window covers (3 − 1)·(3 − 1) = 4 real inputs of its 3·3 = 9
    assert any("divides by 3·3 = 9" in note for note in included.notes)
    assert any("4 for the first rather than 9" in note for note in excluded.notes)
    unpadded = calc("4x4x1", "avgpool: {kernel: 2, count_include_pad: false}").layers[0]
    assert not any("count_include_pad" in note for note in unpadded.notes)
