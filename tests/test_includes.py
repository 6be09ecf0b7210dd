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
     # told at the line that used the block, the included file's line after it
     "net.yaml:3:10: layer 1 'x1' → layer 1 'x1/conv1' at a.yaml:4:28: unknown setting "
     "'kernal'"),
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
    for name in ("resnet", "densenet", "convnext", "mobilenet_v2", "googlenet",
                 "squeezenet"):   # resnet.yaml: ResNet-18 … 152, ResNeXt, Wide ResNet
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


# --- the units of issue #15: rectangular kernels, dilation, bias, act settings, separable ------

def units_net(tmp_path, layers: str, input_shape: str = "17x17x8"):
    spec = write(tmp_path / "net.yaml", f"input: {input_shape}\ninclude: [units]\nlayers:\n"
                                        + textwrap.indent(textwrap.dedent(layers).strip(), "  ")
                                        + "\n")
    return load_spec(str(spec))


def test_conv_bn_act_pads_a_rectangular_kernel_per_axis(tmp_path):
    """Regression: kernel [1, 7] failed on '(kernel - 1) // 2' with a list. Now (k − 1) // 2 on
    each axis: [0, 3], so a 17×17 map stays 17×17 (Inception-v3's 1×7 and 7×1)."""
    s = summarize(units_net(tmp_path, """
        - conv_bn_act: {name: a, filters: 4, kernel: [1, 7]}
        - conv_bn_act: {name: b, filters: 4, kernel: [7, 1]}
    """))
    assert s.row("a/conv").output_shape == (17, 17, 4)
    assert s.row("a/conv").params == 1 * 7 * 8 * 4          # no bias beside a BN
    assert s.row("b/conv").output_shape == (17, 17, 4)
    assert s.row("b/conv").mults == 17 * 17 * 4 * (7 * 1 * 4)


def test_same_padding_is_pytorchs_symmetric_padding():
    from cnncalc.spec.expressions import evaluate
    assert evaluate("same_padding(kernel)", {"kernel": [1, 7]}) == [0, 3]
    assert evaluate("same_padding(3, 12)", {}) == 12           # ASPP's 3×3 at rate 12
    assert evaluate("same_padding(kernel, d)", {"kernel": 3, "d": [1, 2]}) == [1, 2]
    assert evaluate("same_padding(5)", {}) == 2


@pytest.mark.parametrize("expression, message", [
    ("same_padding(kernel)", "takes a number or a pair [h, w], received a list of 3"),
    ("same_padding(0)", "takes whole numbers of at least 1"),
    ("same_padding(2.5)", "takes whole numbers of at least 1"),
    ("same_padding(word)", "takes whole numbers of at least 1"),
    ("same_padding(1, 2, 3)", "same_padding takes 1 to 2 arguments, received 3"),
])
def test_same_padding_refuses_what_is_no_kernel(expression, message):
    from cnncalc.errors import SettingError
    from cnncalc.spec.expressions import evaluate
    with pytest.raises(SettingError, match=re.escape(message)):
        evaluate(expression, {"kernel": [1, 2, 3], "word": "relu"})


def test_conv_bn_act_without_bn_has_a_bias_and_a_dilation(tmp_path):
    s = summarize(units_net(tmp_path, """
        - conv_bn_act: {name: head, filters: 5, bn: false, act: none}
        - conv_bn_act: {name: rate, filters: 4, kernel: 3, dilation: 6}
        - conv_bn_act: {name: both, filters: 4, bias: true}
    """, "32x32x8"))
    names = {row.name for row in s.layers}
    assert "head/bn" not in names and "head/act" not in names
    assert s.row("head/conv").params == (8 + 1) * 5                 # bias: not bn
    assert s.row("rate/conv").output_shape == (32, 32, 4)           # padded 6 = (3 − 1)//2 · 6
    assert s.row("rate/conv").params == 3 * 3 * 5 * 4
    assert s.row("both/conv").params == (4 + 1) * 4 and "both/bn" in names


def test_an_activation_argument_carries_its_settings(tmp_path):
    network = units_net(tmp_path, """
        - conv_bn_act: {name: a, filters: 4, kernel: 3, act: {leaky_relu: 0.1}}
        - conv_bn_act: {name: b, filters: 4, act: {leaky_relu: {slope: 0.2}}}
        - conv_bn_act: {name: c, filters: 4, act: {relu6: null}}
        - conv_bn_act: {name: d, filters: 4, act: leaky_relu}
    """)
    nodes = {node.name: node for node in network.nodes}
    assert nodes["a/act"].kind == "leaky_relu" and nodes["a/act"].layer.slope == 0.1
    assert nodes["b/act"].layer.slope == 0.2
    assert nodes["c/act"].kind == "relu6"
    assert nodes["d/act"].layer.slope == 0.01                        # the kind's default


@pytest.mark.parametrize("act, message", [
    ("{leaky_relu: 0.1, relu: 1}", "a layer kind from an argument must be a word such as relu, "
                                   "or a kind with its settings"),
    ("{nope: 0.1}", "unknown layer kind 'nope'"),
    ("{relu: 0.1}", "'relu' takes a mapping of settings"),
    ("{leaky_relu: {slop: 0.1}}", "unknown setting 'slop' (did you mean 'slope'?)"),
    ("{leaky_relu: word}", "slope: expected a number, received 'word'"),
    ("[leaky_relu]", "a layer kind from an argument must be a word"),
])
def test_a_wrong_activation_argument_is_a_located_sentence(tmp_path, act, message):
    with pytest.raises(SpecError, match=re.escape(message)) as caught:
        units_net(tmp_path, f"- conv_bn_act: {{name: a, filters: 4, act: {act}}}\n")
    assert caught.value.location.file.endswith("net.yaml")
    assert caught.value.location.line == 4


def test_bottleneck_dilation_keeps_the_size_as_torchvision_replaces_a_stride(tmp_path):
    """torchvision's replace_stride_with_dilation: stride 1, 3×3 at dilation 2 padded 2."""
    s = summarize(units_net(tmp_path, """
        - bottleneck: {name: a, width: 4, dilation: 2}
        - basic: {name: b, c: 16, dilation: 4}
    """, "9x9x8"))
    assert s.row("a/conv2").output_shape == (9, 9, 4)
    assert s.row("a/conv2").params == 3 * 3 * 4 * 4
    assert s.row("a/downsample").params == 8 * 16                   # 8 → 16 channels
    assert s.row("b/conv1").output_shape == (9, 9, 16) == s.row("b/conv2").output_shape
    assert "b/downsample" not in {row.name for row in s.layers}


def test_separable_switches_give_each_papers_unit(tmp_path):
    s = summarize(units_net(tmp_path, """
        - separable: {name: mobilenet, filters: 16}
        - separable: {name: keras, filters: 16, dw_bn: false, dw_act: none, bn: false, act: none,
                      bias: true}
        - separable: {name: legacy, filters: 16, pre_act: relu, dw_bn: false, dw_act: none,
                      act: none}
        - separable: {name: aligned, filters: 32, stride: 2, dw_act: none, act: none}
    """, "8x8x16"))
    kinds = {row.name: row.kind for row in s.layers}
    layers = lambda unit: [name.split("/")[1] for name in kinds if name.startswith(unit + "/")]
    assert layers("mobilenet") == ["conv_dw", "bn_dw", "act_dw", "conv_pw", "bn_pw", "act_pw"]
    assert layers("keras") == ["conv_dw", "conv_pw"]
    assert layers("legacy") == ["pre_act", "conv_dw", "conv_pw", "bn_pw"]
    assert layers("aligned") == ["conv_dw", "bn_dw", "conv_pw", "bn_pw"]
    assert s.row("mobilenet/conv_dw").params == 3 * 3 * 16
    assert s.row("mobilenet/conv_pw").params == 16 * 16
    assert s.row("keras/conv_pw").params == (16 + 1) * 16           # Keras use_bias: one bias
    assert s.row("aligned/conv_dw").output_shape == (4, 4, 16)      # the stride on the dw conv
    assert s.row("aligned/conv_pw").mults == 4 * 4 * 32 * 16


@pytest.mark.parametrize("layer, at, inside", [
    ("conv_bn_act: {filters: 8, kernel: 3, groups: 3}", "layer 1 'conv_bn_act1' → layer 1 "
     "'conv_bn_act1/conv' at units.yaml (bundled):", "the number of filters must be divisible"),
    ("bottleneck: {width: 8, stride: 0}", "layer 1 'bottleneck1' → layer 4 'bottleneck1/conv2' "
     "at units.yaml (bundled):", "stride: must be a whole number of at least 1, received 0"),
    ("conv_bn_act: {filters: 8, kernel: 13, padding: 0}", "layer 1 'conv_bn_act1' → layer 1 "
     "'conv_bn_act1/conv' at units.yaml (bundled):", "kernel 13×13 is larger than its padded "
     "input 8×8"),
    ("separable: {filters: 8, kernel: [1, 2, 3]}", "layer 1 'separable1'", "the default of "
     "'padding' in block 'separable', 'same_padding(kernel, dilation)': takes a number or a "
     "pair"),
])
def test_an_error_inside_a_library_block_is_told_at_the_users_line(tmp_path, monkeypatch,
                                                                    layer, at, inside):
    """Not only at the library's line: the user's file, line and column come first (a shape
    error found when counting, a setting found when unrolling, a default that cannot be
    worked out)."""
    write(tmp_path / "net.yaml", f"input: 8x8x3\ninclude: [units]\nlayers:\n  - {layer}\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["summarize", "net.yaml"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"net.yaml:4:5: {at}"), result.output
    assert inside in result.output


def test_an_error_in_a_block_of_the_users_own_file_keeps_its_line(tmp_path, monkeypatch):
    write(tmp_path / "net.yaml", """
        input: 8x8x3
        blocks:
          mine: {layers: [{conv: {filters: 8, kernel: 3, groups: 3}}]}
        layers:
          - mine
    """)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["summarize", "net.yaml"])
    assert result.output.startswith("net.yaml:3:19: layer 1 'mine1/conv1' (in block 'mine' "
                                    "used at line 5)"), result.output


def test_an_error_in_a_library_block_inside_an_included_block_names_both_lines(tmp_path,
                                                                              monkeypatch):
    write(tmp_path / "mine.yaml", "include: [units]\nblocks:\n  two:\n    layers:\n"
                                  "      - conv_bn_act: {filters: 8, groups: 3}\n")
    write(tmp_path / "net.yaml", "input: 8x8x3\ninclude: [mine.yaml]\nlayers: [two]\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["summarize", "net.yaml"])
    assert result.output.startswith("net.yaml:3:10: layer 1 'two1' → layer 1 "
                                    "'two1/conv_bn_act1/conv' (in block 'conv_bn_act' used at "
                                    "mine.yaml:5:9) at units.yaml (bundled):"), result.output


def test_a_default_reading_a_wrong_layers_shape_blames_that_layer(tmp_path, monkeypatch):
    """basic's default `project` reads input.channels: the shape error of the layer before is
    told at that layer's line, not wrapped as the default's."""
    write(tmp_path / "net.yaml", "input: 4x4x3\ninclude: [units]\nlayers:\n"
                                 "  - conv: {filters: 8, kernel: 9}\n  - basic: {c: 8}\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["summarize", "net.yaml"])
    assert result.exit_code == 2
    assert result.output.startswith("net.yaml:4:5: layer 1 'conv1': kernel 9×9 is larger"), \
        result.output


def test_every_act_argument_of_the_library_takes_settings(tmp_path):
    network = units_net(tmp_path, """
        - inverted_residual: {name: ir, out: 8, act: {leaky_relu: 0.2}, se: true, squeeze: 4,
                              se_gate: {hardsigmoid: null}}
        - separable: {name: sep, filters: 8, pre_act: {leaky_relu: 0.3}, dw_act: none}
    """, "8x8x8")
    nodes = {node.name: node for node in network.nodes}
    assert nodes["ir/expand_act"].layer.slope == 0.2 == nodes["ir/dw_act"].layer.slope
    assert nodes["ir/se/gate"].kind == "hardsigmoid"
    assert nodes["sep/pre_act"].layer.slope == 0.3 and "sep/act_dw" not in nodes
    assert nodes["sep/act_pw"].kind == "relu"
