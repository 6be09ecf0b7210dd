"""What the fast paths of reading and unrolling a spec must keep: locations made only when asked
for are those of the file, the file's own mappings are never changed by unrolling (they are
read in place, and shared by every use of a block), the garbage collector is left as it was,
and long chains are followed in loops, not by recursion."""

from __future__ import annotations

import copy
import gc

import pytest

from cnncalc.errors import Location, SpecError
from cnncalc.spec import source
from cnncalc.spec.document import network_from_document, parse_spec


def test_locations_are_made_from_the_marks_when_asked_for():
    document = source.load_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert "key_locations" not in document.__dict__  # nothing made while reading
    assert document.location == Location("f.yaml", 1, 1)
    assert document.key_location("b") == Location("f.yaml", 2, 1)
    assert document.value_location("a") == Location("f.yaml", 1, 4)
    items = document["b"]
    assert items.item_location(1) == Location("f.yaml", 4, 5)
    assert items.item_location(5) == items.location == Location("f.yaml", 3, 3)
    assert items.item_locations == [Location("f.yaml", 3, 5), Location("f.yaml", 4, 5)]
    assert document.key_location("missing") == document.location


def test_locations_assigned_in_code_are_used():
    mapping = source.MarkedDict(a=1)
    mapping.location = Location("g", 5, 1)
    mapping.key_locations, mapping.value_locations = {"a": Location("g", 6, 2)}, {}
    assert mapping.key_location("a") == Location("g", 6, 2)
    assert mapping.value_location("a") == Location("g", 5, 1)
    like = mapping.marked_like([("a", 2)])
    assert like == {"a": 2} and like.key_location("a") == Location("g", 6, 2)


def test_unrolling_leaves_the_document_as_it_was():
    text = ("input: 8x8x3\nblocks:\n  unit:\n    args: {c: 4}\n    layers:\n"
            "      - conv: {name: a, filters: $c, kernel: 3, padding: 1}\n"
            "      - relu: {name: r, if: true, repeat: 2, count_from: 0}\n"
            "      - conv: {filters: 4, kernel: 1, repeat: 2, first: {stride: 1}}\n"
            "      - add: {from: [input, a]}\n"
            "layers:\n  - unit: {repeat: 3}\n  - unit: {c: 4, name: last}\n"
            "  - repeat: {times: 2, layers: [relu, {relu: {name: z}}]}\n")
    document = source.load_yaml(text, "f.yaml")
    before = copy.deepcopy(dict(document))
    network = network_from_document(document, "f.yaml")
    assert dict(document) == before
    again = network_from_document(document, "f.yaml")
    assert [(n.name, n.inputs) for n in again.nodes] == [(n.name, n.inputs)
                                                          for n in network.nodes]
    assert len(network.nodes) == 4 * 6 + 4  # a, r.0, r.1, two convs, add; the group: 2 × 2


@pytest.mark.parametrize("text", ["input: 8x8x3\nlayers: [relu]\n", "a: [1, 2\n"])
def test_the_collector_is_left_as_it_was(text):
    for running in (True, False):
        (gc.enable if running else gc.disable)()
        try:
            try:
                parse_spec(text, "f.yaml")
            except SpecError:
                pass
            assert gc.isenabled() is running
        finally:
            gc.enable()


def test_a_long_chain_of_left_out_items_is_followed_without_recursion():
    """Each left-out item passes on what it reads: 5,000 of them, each reading the one before."""
    lines = ["input: 8x8x3", "layers:", "  - relu: {name: a0}"]
    lines += [f"  - relu: {{name: a{i}, from: a{i - 1}, if: false}}" for i in range(1, 5000)]
    lines.append("  - relu: {from: a4999}")
    network = parse_spec("\n".join(lines) + "\n", "f.yaml")
    assert [node.inputs for node in network.nodes] == [("input",), ("a0",)]


def test_a_plain_argument_and_its_expression_give_the_same():
    text = ("input: 8x8x3\nblocks:\n  b:\n    args: {c: 4, k: [1, 3]}\n    layers:\n"
            "      - conv: {filters: $c, kernel: $k}\n"
            "      - conv: {filters: '${c + 0}', kernel: '${k if c > 0 else k}'}\n"
            "layers:\n  - b\n")
    first, second = parse_spec(text, "f.yaml").nodes
    assert vars(first.layer) == vars(second.layer)
    with pytest.raises(SpecError, match="'input.channels' or|write input.channels"):
        parse_spec(text.replace("$c,", "$input,"), "f.yaml")


def nested_blocks(levels: int) -> str:
    """Block b0 a relu, each b(i) using b(i-1): `levels` blocks inside each other."""
    lines = ["input: 8x8x3", "blocks:", "  b0: {layers: [relu]}"]
    lines += [f"  b{i}: {{layers: [b{i - 1}]}}" for i in range(1, levels)]
    return "\n".join(lines + ["layers:", f"  - b{levels - 1}"]) + "\n"


def test_blocks_nest_at_most_a_hundred_deep():
    """A chain of thousands of blocks was a RecursionError; it is refused with a sentence."""
    assert len(parse_spec(nested_blocks(100), "f.yaml").nodes) == 1
    for levels, inner in ((101, "'b0' inside 'b1'"), (3000, "'b2899' inside 'b2900'")):
        with pytest.raises(SpecError, match="blocks are used inside blocks more than 100 levels "
                                            f"deep .here {inner}."):
            parse_spec(nested_blocks(levels), "f.yaml")


@pytest.mark.parametrize("parser", [source.C_PARSER, None], ids=["libyaml", "python"])
@pytest.mark.parametrize("value, said", [
    ("!!timestamp hello", "cannot read 'hello' as timestamp: it is not written as YAML writes a "
                          "timestamp"),
    ("!!bool maybe", "cannot read 'maybe' as bool: it is not written as YAML writes a bool"),
    ("!!timestamp 2001-99-99", "cannot read '2001-99-99' as timestamp: month must be in 1..12"),
])
def test_a_tagged_scalar_that_is_not_what_its_tag_says_is_a_located_sentence(
        parser, value, said, monkeypatch):
    monkeypatch.setattr(source, "C_PARSER", parser)
    with pytest.raises(SpecError) as caught:
        source.load_yaml(f"a: 1\nnotes: {value}\n", "f.yaml")
    assert caught.value.location == Location("f.yaml", 2, 8)
    assert said in str(caught.value)


@pytest.mark.parametrize("parser", [source.C_PARSER, None], ids=["libyaml", "python"])
def test_timestamps_are_plain_values(parser, monkeypatch):
    monkeypatch.setattr(source, "C_PARSER", parser)
    document = source.load_yaml("a: 2001-12-14\nb: !!timestamp 2001-12-14 21:59:43.10 -5\n",
                                "f.yaml")
    assert str(document["a"]) == "2001-12-14"
    assert document["b"].year == 2001


@pytest.mark.parametrize("item, said", [
    ("{foo: 3}", "unknown layer kind 'foo'; the kinds are listed by 'cnncalc kinds'"),
    ("{conb: 3}", "unknown layer kind 'conb' (did you mean 'conv'?)"),
    ("{conb: [3]}", "unknown layer kind 'conb' (did you mean 'conv'?)"),
    ("conb", "unknown layer kind 'conb' (did you mean 'conv'?)"),
])
def test_an_unknown_kind_with_a_scalar_is_said_to_be_unknown(item, said):
    with pytest.raises(SpecError) as caught:
        parse_spec(f"name: t\ninput: 8x8x3\nlayers: [{item}]\n", "f.yaml")
    assert said in str(caught.value)
    assert caught.value.location == Location("f.yaml", 3, 10)


@pytest.mark.parametrize("parser", [source.C_PARSER, None], ids=["libyaml", "python"])
def test_an_alias_may_be_a_key_when_it_names_a_word(parser, monkeypatch):
    monkeypatch.setattr(source, "C_PARSER", parser)
    document = source.load_yaml("a: &k x\nb: {*k : 1, y: 2}\n", "f.yaml")
    assert document["b"] == {"x": 1, "y": 2}
    assert document["b"].key_location("x") == Location("f.yaml", 2, 5)
    for text, at in (("a: &k [1]\n*k : 1\n", (2, 1)), ("a: &k x\nb: {*k : 1, x: 2}\n", (2, 13))):
        with pytest.raises(SpecError) as caught:
            source.load_yaml(text, "f.yaml")
        assert caught.value.location == Location("f.yaml", *at)
