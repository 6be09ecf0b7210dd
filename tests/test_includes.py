"""`include:` — block definitions shared between files, and the bundled `units` library."""

from __future__ import annotations

import re
import textwrap

import pytest
from click.testing import CliRunner

from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.errors import SpecError
from cnncalc.spec import load_spec


def write(path, text):
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_a_spec_includes_a_file_next_to_it_and_a_bundled_library(tmp_path):
    write(tmp_path / "mine.yaml", """
        blocks:
          cbr:
            args: {f: null}
            layers: [{conv: {filters: $f, kernel: 3, padding: 1}}, bn, relu]
    """)
    spec = write(tmp_path / "net.yaml", """
        input: 32x32x3
        include: [mine.yaml, units]
        layers:
          - cbr: {name: stem, f: 16}
          - basic: {name: res, c: 16}
          - fire: {name: f, squeeze: 4, e1: 8, e3: 8}
    """)
    s = summarize(load_spec(str(spec)))
    assert s.row("stem/conv1").params == (3 * 3 * 3 + 1) * 16
    assert s.row("res/add1").inputs == ("res/bn2", "stem/relu1")   # identity: same shape
    assert s.row("f/concat1").output_shape == (32, 32, 8 + 8)


def test_the_units_basic_block_projects_only_when_the_shape_changes(tmp_path):
    spec = write(tmp_path / "net.yaml", """
        input: 56x56x64
        include: units
        layers:
          - basic: {name: a, c: 64}
          - basic: {name: b, c: 128, stride: 2}
    """)
    s = summarize(load_spec(str(spec)))
    names = [row.name for row in s.layers]
    assert "a/downsample" not in names
    assert s.row("b/downsample").params == 64 * 128          # 1×1, no bias
    assert s.row("b/add1").output_shape == (28, 28, 128)


@pytest.mark.parametrize("files, message", [
    ({"net.yaml": "input: 8x8x3\ninclude: [nope.yaml]\nlayers: [relu]\n"},
     "net.yaml:2:11: include 'nope.yaml': no such file next to this one"),
    ({"net.yaml": "input: 8x8x3\ninclude: [unitz]\nlayers: [relu]\n"},
     "(did you mean 'units'?)"),
    ({"net.yaml": "input: 8x8x3\ninclude: [a.yaml]\nlayers: [relu]\n",
      "a.yaml": "include: [b.yaml]\nblocks: {x: {layers: [relu]}}\n",
      "b.yaml": "include: [a.yaml]\nblocks: {y: {layers: [relu]}}\n"},
     "'a.yaml' includes itself through a.yaml → b.yaml → a.yaml"),
    ({"net.yaml": "input: 8x8x3\ninclude: [a.yaml]\nblocks: {x: {layers: [relu]}}\n"
                  "layers: [relu]\n",
      "a.yaml": "blocks: {x: {layers: [tanh]}}\n"},
     "net.yaml:3:10: block 'x' is defined twice: here and at "),
    ({"net.yaml": "input: 8x8x3\ninclude: [a.yaml]\nlayers: [x]\n",
      "a.yaml": "blocks:\n  x:\n    layers:\n      - conv: {filters: 2, kernal: 3}\n"},
     "a.yaml:4:28: layer 1 'x1/conv1' (in block 'x' used at line 3): unknown setting 'kernal'"),
    ({"net.yaml": "input: 8x8x3\ninclude: [a.yaml]\nlayers: [relu]\n",
      "a.yaml": "layers: [relu]\n"},
     "a.yaml is a spec (it has 'layers'); to reuse a whole spec, write extends: a.yaml"),
    ({"net.yaml": "input: 8x8x3\ninclude: [a.yaml]\nlayers: [relu]\n",
      "a.yaml": "name: nothing\n"},
     "an included file is a mapping with 'blocks'"),
    ({"net.yaml": "input: 8x8x3\ninclude: 7\nlayers: [relu]\n"},
     "'include' is a file name or a list of them"),
])
def test_include_errors_are_located_sentences(tmp_path, monkeypatch, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["summarize", "net.yaml"])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_included_paths_are_relative_to_the_including_file(tmp_path):
    (tmp_path / "lib").mkdir()
    write(tmp_path / "lib" / "outer.yaml", "include: [inner.yaml]\nblocks: {o: {layers: [i]}}\n")
    write(tmp_path / "lib" / "inner.yaml", "blocks: {i: {layers: [relu]}}\n")
    spec = write(tmp_path / "net.yaml", "input: 4x4x1\ninclude: lib/outer.yaml\nlayers: [o]\n")
    assert [row.name for row in summarize(load_spec(str(spec))).layers] == ["o1/i1/relu1"]


def test_bundled_resnets_share_the_library_blocks():
    from cnncalc.bundled import bundled_dir
    for name in ("resnet18", "resnet34", "resnet50", "mobilenet_v2", "googlenet",
                 "squeezenet"):
        text = (bundled_dir() / f"{name}.yaml").read_text()
        assert "include: [units]" in text and "\nblocks:" not in text, name


def test_a_spec_that_is_not_found_by_its_include_raises_spec_error(tmp_path):
    from cnncalc.spec import parse_spec
    with pytest.raises(SpecError, match="no such file"):
        parse_spec("input: 8x8x3\ninclude: [missing.yaml]\nlayers: [relu]\n", "t.yaml", tmp_path)


def test_a_block_like_another_takes_its_layers_with_new_defaults(tmp_path):
    spec = write(tmp_path / "net.yaml", """
        input: 56x56x24
        include: units
        blocks:
          mbconv: {like: inverted_residual, args: {act: silu, se: true, se_act: silu,
                                                   squeeze: "${max(1, input.channels // 4)}"}}
        layers:
          - mbconv: {name: b, out: 40, kernel: 5, stride: 2}
          - inverted_residual: {name: v2, out: 40}
    """)
    s = summarize(load_spec(str(spec)))
    assert s.row("b/expand").params == 24 * 144                # hidden = 6 · 24, no bias
    assert s.row("b/dw").params == 5 * 5 * 144
    assert s.row("b/se/fc1").params == (144 + 1) * (24 // 4)   # squeeze from the block input
    assert s.row("b/expand_act").kind == "silu" and s.row("b/se/act").kind == "silu"
    assert s.row("v2/dw_act").kind == "relu6"                  # the original keeps its defaults
    assert "v2/se/fc1" not in {row.name for row in s.layers}


@pytest.mark.parametrize("blocks, message", [
    ("{a: {like: nope}}", "block 'a' is like 'nope', but no block of that name"),
    ("{a: {like: b}, b: {like: a}}", "a circle"),
    ("{a: {like: inverted_residual, args: {colour: 3}}}", "sets colour, which 'inverted_residual'"
                                                           " does not take"),
    ("{a: {like: fire, layers: [relu]}}", "takes 'args' (new defaults) and 'notes' only"),
])
def test_like_errors_are_sentences(tmp_path, blocks, message):
    spec = write(tmp_path / "net.yaml", f"input: 8x8x3\ninclude: units\nblocks: {blocks}\n"
                                        "layers: [relu]\n")
    with pytest.raises(SpecError, match=re.escape(message)):
        load_spec(str(spec))


def test_every_unit_of_the_library_is_documented():
    from pathlib import Path

    import yaml

    from cnncalc.spec.includes import library_dir
    units = yaml.safe_load((library_dir() / "units.yaml").read_text())["blocks"]
    doc = (Path(__file__).parent.parent / "docs" / "spec-language.md").read_text()
    assert [name for name in units if f"`{name}`" not in doc] == []


def test_a_library_included_by_two_files_counts_once(tmp_path):
    """Regression: units included by the spec and by a file it includes was 'defined twice'."""
    write(tmp_path / "mine.yaml",
          "include: [units]\nblocks: {twice: {layers: [{basic: {c: 16}}]}}\n")
    spec = write(tmp_path / "net.yaml", """
        input: 8x8x16
        include: [units, mine.yaml]
        layers:
          - basic: {name: a, c: 16}
          - twice
    """)
    names = [row.name for row in summarize(load_spec(str(spec))).layers]
    assert "a/conv1" in names and "twice1/basic1/conv1" in names
