"""A spec's own arguments (top-level ``args``), its variants, and values given when it is read.
Each expected count is worked out by hand in the test."""

from __future__ import annotations

import pytest

from cnncalc.bundled import bundled_dir, variant_index
from cnncalc.calculator import summarize
from cnncalc.errors import SpecError
from cnncalc.spec import parse_spec
from cnncalc.spec.source import load_yaml

FAMILY = """\
name: Tiny
args: {width: 8, out: "${2 * width}", size: 32, copies: 2}
variants:
  tiny_wide: {name: Tiny-Wide, args: {width: 16}}
  tiny_deep: {args: {copies: 4}}
input: ${size}x${size}x3
layers:
  - conv: {filters: $width, kernel: 3, padding: 1}
  - conv: {filters: $out, kernel: 3, padding: 1, repeat: $copies}
  - global_avgpool
  - fc: "${size // 4}"
"""


def conv3(c_in, k):
    return (3 * 3 * c_in + 1) * k


def tiny_params(width, copies, size):
    out = 2 * width
    return (conv3(3, width) + conv3(width, out) + (copies - 1) * conv3(out, out)
            + (out + 1) * (size // 4))


@pytest.mark.parametrize("variant, settings, name, params", [
    (None, None, "Tiny", tiny_params(8, 2, 32)),
    ("tiny_wide", None, "Tiny-Wide", tiny_params(16, 2, 32)),
    ("tiny_deep", None, "tiny_deep", tiny_params(8, 4, 32)),
    ("tiny_wide", {"copies": 3, "size": 64}, "Tiny-Wide (copies=3, size=64)",
     tiny_params(16, 3, 64)),
])
def test_defaults_then_the_variant_then_the_settings(variant, settings, name, params):
    network = parse_spec(FAMILY, "tiny.yaml", variant=variant, settings=settings)
    assert network.name == name
    assert summarize(network).totals.params == params


def test_the_input_is_filled_in_and_may_be_replaced():
    assert parse_spec(FAMILY, "tiny.yaml", settings={"size": 64}).input_shape == (64, 64, 3)
    assert parse_spec(FAMILY, "tiny.yaml", input_shape=(16, 16, 3)).input_shape == (16, 16, 3)


@pytest.mark.parametrize("kwargs, words", [
    ({"variant": "tiny_tall"}, "has no variant 'tiny_tall'"),
    ({"settings": {"widht": 3}}, "did you mean 'width'"),
])
def test_what_is_not_declared_is_a_sentence(kwargs, words):
    with pytest.raises(SpecError, match=words):
        parse_spec(FAMILY, "tiny.yaml", **kwargs)


def test_a_spec_without_args_takes_no_settings():
    with pytest.raises(SpecError, match="takes no arguments"):
        parse_spec("input: 8x8x3\nlayers: [relu]", "x.yaml", settings={"depth": 3})


def test_every_argument_has_a_default():
    with pytest.raises(SpecError, match="'depth' has no default"):
        parse_spec("args: {depth: null}\ninput: 8x8x3\nlayers: [relu]", "x.yaml")


def test_the_variant_index_agrees_with_the_parsed_files():
    """`variant_index` reads the bundled files' lines; the YAML must say the same."""
    parsed = {}
    for path in sorted(bundled_dir().glob("*.yaml")):
        variants = load_yaml(path.read_text(encoding="utf-8"), path.name).get("variants") or {}
        for name in variants:
            assert name not in parsed, f"{name} is a variant of {parsed.get(name)} and {path.stem}"
            assert not (bundled_dir() / f"{name}.yaml").exists(), f"{name} is a file and a variant"
            parsed[name] = path.stem
    assert variant_index() == parsed


def test_a_bundled_name_written_with_a_folder_is_told_to_stand_alone(tmp_path, monkeypatch):
    """specs/resnet152.yaml does not exist (resnet152 is a variant of resnet.yaml): the message
    says so, and does not suggest the very name typed."""
    from cnncalc.spec import load_spec
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as caught:
        load_spec("specs/resnet152.yaml")
    message = str(caught.value)
    assert "resnet152 is a variant of the bundled resnet.yaml" in message
    assert "did you mean" not in message


def test_a_spec_argument_reading_a_later_one_says_the_order():
    spec = 'args: {a: "${c * 2}", c: 3}\ninput: 8x8x3\nlayers:\n  - conv: {filters: $a, kernel: 1}\n'
    with pytest.raises(SpecError, match=r"reads 'c', which is declared after it.*put 'c' before 'a'"):
        parse_spec(spec, "x.yaml")


def test_a_block_that_reads_the_specs_argument_is_told_to_have_it_passed():
    spec = ("args: {c: 3}\ninput: 8x8x3\nblocks:\n  b: {layers: [{conv: {filters: $c, kernel: 1}}]}"
            "\nlayers:\n  - b\n")
    with pytest.raises(SpecError, match=r"a block sees only its own arguments, so pass a value on"):
        parse_spec(spec, "x.yaml")


@pytest.mark.parametrize("variants, words", [
    ("  big: {args: {zz: 3}}\n", "variant 'big': 'zz' is no argument of this spec"),
    ("  - 1\n", "'variants' maps each variant's name"),
])
def test_every_variant_is_checked_whichever_is_read(variants, words):
    spec = f"args: {{w: 4}}\nvariants:\n{variants}input: 8x8x3\nlayers:\n  - conv: {{filters: $w, kernel: 1}}\n"
    with pytest.raises(SpecError, match=words):
        parse_spec(spec, "x.yaml")
