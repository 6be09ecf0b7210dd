"""`cnncalc draw`: the layer graph as SVG — valid XML, every layer (or block) drawn, boxes apart,
one arrow per input; collapsing at any depth."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import pytest
from click.testing import CliRunner

from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.collapse import network_graph
from cnncalc.render import png
from cnncalc.render.graph_svg import network_svg
from cnncalc.spec import load_spec, parse_spec

SVG = "{http://www.w3.org/2000/svg}"


@lru_cache(maxsize=None)
def bundled(name: str):
    return summarize(load_spec(name))


@lru_cache(maxsize=None)
def picture(name: str, collapse: bool = False) -> ET.Element:
    return ET.fromstring(network_svg(bundled(name), collapse))


def boxes(root: ET.Element) -> dict[str, tuple[int, float, float]]:
    """name → (row, left, right) of each drawn box."""
    found = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "layer":
            rect = group.find(f"{SVG}rect")
            left = float(rect.get("x"))
            found[group.get("data-name")] = (int(group.get("data-row")), left,
                                             left + float(rect.get("width")))
    return found


def edges(root: ET.Element) -> list[tuple[str, str]]:
    return [(path.get("data-from"), path.get("data-to")) for path in root.iter(f"{SVG}path")
            if path.get("class") == "edge"]


def texts(root: ET.Element) -> set[str]:
    return {element.text for element in root.iter(f"{SVG}text")}


@pytest.mark.parametrize("name", ["alexnet", "googlenet", "resnet50"])
def test_every_layer_is_a_box_with_its_name_and_every_input_an_arrow(name):
    summary, root = bundled(name), picture(name)
    assert root.tag == f"{SVG}svg"
    drawn = boxes(root)
    assert set(drawn) == {row.name for row in summary.layers} | {"input"}
    assert {row.name for row in summary.layers} <= texts(root)
    assert sorted(edges(root)) == sorted((source, row.name) for row in summary.layers
                                         for source in row.inputs)
    assert summary.name in texts(root)


@pytest.mark.parametrize("name,collapse", [("alexnet", False), ("googlenet", False),
                                           ("resnet50", False), ("resnet50", True),
                                           ("googlenet", True)])
def test_no_two_boxes_overlap_in_a_row(name, collapse):
    rows: dict[int, list[tuple[float, float]]] = {}
    for row, left, right in boxes(picture(name, collapse)).values():
        rows.setdefault(row, []).append((left, right))
    for spans in rows.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_alexnet_box_text_kind_summary_and_shape():
    # conv1: 96 filters of 11×11, stride 4 on 227×227×3: ⌊(227 − 11)/4⌋ + 1 = 55
    assert {"conv1", "conv 96 × 11×11 /4", f"{(227 - 11) // 4 + 1}×55×96"} <= texts(
        picture("alexnet"))


def test_resnet50_collapsed_one_box_per_block_instance():
    root = picture("resnet50", True)
    instances = {f"layer{stage}.{i}" for stage, count in enumerate([3, 4, 6, 3], start=1)
                 for i in range(count)}              # Table 1: 3, 4, 6, 3 bottlenecks
    drawn = boxes(root)
    assert instances <= set(drawn)
    assert not any("/" in name for name in drawn)
    assert len(drawn) == 1 + 4 + 3 + 4 + 6 + 3 + 3   # input, stem 4, 16 blocks, pool fc softmax
    # a stage's first block: 3 × (conv, bn), 2 relu inside, projection conv + bn, add, relu
    assert f"bottleneck {3 * 2 + 2 + 2 + 2} layers" in texts(root)
    # the chain of blocks: each reads the one before, once
    assert ("layer1.0", "layer1.1") in edges(root)
    assert len(edges(root)) == len(drawn) - 1


def test_a_collapsed_block_sums_its_layers():
    summary = bundled("resnet50")
    graph = network_graph(summary, depth=1)
    block = next(node for node in graph.nodes if node.name == "layer2.0")
    rows = [row for row in summary.layers if row.name.startswith("layer2.0/")]
    assert block.kind == "bottleneck"
    assert block.params == sum(row.params for row in rows)
    assert block.mults == sum(row.mults for row in rows)
    assert block.output_shape == (28, 28, 4 * 128)   # stage 2: 28×28, 4·width channels


NESTED = """
name: nested
input: 8x8x4
blocks:
  unit:
    args: {width: 4}
    layers:
      - conv: {filters: $width, kernel: 3, padding: 1}
      - relu
  pair:
    layers:
      - unit: {name: first}
      - unit: {name: second}
      - add: {from: [input, second]}
layers:
  - pair: {name: a}
  - pair: {name: b}
"""


def test_collapse_at_any_depth():
    summary = summarize(parse_spec(NESTED, "nested.yaml"))
    assert summary.row("a/first/conv1").blocks == ("pair", "unit")
    top = network_graph(summary, depth=1)
    assert [node.name for node in top.nodes] == ["input", "a", "b"]
    assert [node.kind for node in top.nodes] == ["input", "pair", "pair"]
    assert top.edges == (("input", "a"), ("a", "b"))
    inner = network_graph(summary, depth=2)
    assert [node.name for node in inner.nodes] == ["input", "a/first", "a/second", "a/add1",
                                                   "b/first", "b/second", "b/add1"]
    assert inner.nodes[1].kind == "unit"
    # a/add1 reads the block's input and a/second: two arrows; b/first reads a/add1
    assert ("input", "a/add1") in inner.edges and ("a/second", "a/add1") in inner.edges
    root = ET.fromstring(network_svg(summary, 2))
    assert set(boxes(root)) == {node.name for node in inner.nodes}


def test_names_are_escaped():
    spec = ("name: 'a <b> & \"c\"'\ninput: 8x8x3\nlayers:\n"
            "  - conv: {name: 'x<y>&z', filters: 4, kernel: 3}\n")
    root = ET.fromstring(network_svg(summarize(parse_spec(spec, "t.yaml"))))
    assert "a <b> & \"c\"" in texts(root)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_writes_the_svg(tmp_path):
    out = tmp_path / "alexnet.svg"
    result = run("draw", "alexnet", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert ET.parse(out).getroot().tag == f"{SVG}svg"


def test_cli_collapse_and_stdout():
    result = run("draw", "resnet50", "--collapse")
    assert result.exit_code == 0
    assert "layer4.2" in result.output and "layer4.2/conv1" not in result.output


def test_png_without_a_converter_is_a_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(png, "png_converter", lambda: None)
    result = run("draw", "alexnet", "--output", str(tmp_path / "a.png"))
    assert result.exit_code == 2
    assert re.match(r"PNG needs an SVG converter .*install one", result.output)


@pytest.mark.skipif(png.png_converter() is None, reason="no SVG-to-PNG converter installed")
def test_png_with_a_converter(tmp_path):
    out = tmp_path / "a.png"
    assert run("draw", "alexnet", "-o", str(out)).exit_code == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_spec_is_exit_2():
    result = run("draw", "no_such_net")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cli_depth_collapses_nested_blocks(tmp_path):
    spec = tmp_path / "nested.yaml"
    spec.write_text(NESTED, encoding="utf-8")
    result = run("draw", str(spec), "--depth", "2")
    assert result.exit_code == 0, result.output
    assert set(boxes(ET.fromstring(result.output))) == {
        "input", "a/first", "a/second", "a/add1", "b/first", "b/second", "b/add1"}
