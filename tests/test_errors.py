"""Every class of user error: one sentence with file:line:column, the layer, what is wrong and
what would be right — through the CLI, with exit code 2 and no traceback."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from cnncalc.cli import main

CASES = {
    "unknown kind": ("""
        input: 32x32x3
        layers:
          - relu
          - convv: {filters: 8, kernel: 3}
        """, "bad.yaml:5:5: layer 2: unknown layer kind 'convv' (did you mean 'conv'?)"),
    "unknown key": ("""
        input: 32x32x3
        layers:
          - conv: {filters: 8, kernal: 3}
        """, "bad.yaml:4:24: layer 1 'conv1': unknown setting 'kernal' (did you mean 'kernel'?)"),
    "unknown top-level key": ("""
        input: 32x32x3
        layyers: [relu]
        """, "bad.yaml:3:1: unknown top-level key 'layyers' (did you mean 'layers'?)"),
    "negative size": ("""
        input: 32x32x3
        layers:
          - conv: {filters: -8, kernel: 3}
        """, "bad.yaml:4:21: layer 1 'conv1': filters: must be a whole number of at least 1, "
             "received -8"),
    "wrong type": ("""
        input: 32x32x3
        layers:
          - conv: {filters: 8, kernel: three}
        """, "bad.yaml:4:32: layer 1 'conv1': kernel: expected a whole number, received 'three'"),
    "missing setting": ("""
        input: 32x32x3
        layers:
          - conv: {filters: 8}
        """, "bad.yaml:4:5: layer 1 'conv1': conv needs 'kernel'"),
    "add shapes differ": ("""
        input: 32x32x3
        layers:
          - conv: {filters: 8, kernel: 3, padding: 1}
          - add: {from: [conv1, input]}
        """, "bad.yaml:5:5: layer 2 'add1': add needs inputs of one shape, but receives "
             "32×32×8, 32×32×3"),
    "concat sizes differ": ("""
        input: 32x32x3
        layers:
          - conv: {filters: 8, kernel: 3}
          - concat: {from: [conv1, input]}
        """, "bad.yaml:5:5: layer 2 'concat1': concat joins along the channels, so all but the "
             "channels must match, but receives 30×30×8, 32×32×3"),
    "from names nothing": ("""
        input: 32x32x3
        layers:
          - conv: {name: stem, filters: 8, kernel: 3}
          - relu: {from: stme}
        """, "bad.yaml:5:18: layer 2 'relu1': 'from: stme' names no layer (did you mean 'stem'?)"),
    "cycle": ("""
        input: 32x32x3
        layers:
          - conv: {name: a, filters: 3, kernel: 1, from: b}
          - conv: {name: b, filters: 3, kernel: 1, from: a}
        """, "the layers make a cycle: 'a' → 'b' → 'a'"),
    "kernel larger than padded input": ("""
        input: 7x7x3
        layers:
          - conv: {filters: 8, kernel: 9}
        """, "bad.yaml:4:5: layer 1 'conv1': kernel 9×9 is larger than its padded input 7×7"),
    "split does not divide the channels": ("""
        input: 8x8x6
        layers:
          - split: {parts: 4, take: 0}
        """, "bad.yaml:4:5: layer 1 'split1': 6 channels do not divide into 4 equal parts; "
             "use parts that divide 6, or give 'sizes' (input 8×8×6)"),
    "split take out of range": ("""
        input: 8x8x6
        layers:
          - split: {parts: 2, take: 2}
        """, "bad.yaml:4:29: layer 1 'split1': take 2 is out of range: there are 2 groups, "
             "numbered 0 to 1"),
    "crop larger than its input": ("""
        input: 8x8x6
        layers:
          - crop: {size: [9, 4]}
        """, "bad.yaml:4:5: layer 1 'crop1': the crop 9×4 is larger than its input 8×8; a crop "
             "can only make the map smaller (input 8×8×6)"),
    "crop to a larger reference": ("""
        input: 8x8x6
        layers:
          - zeropad: {name: wide, padding: 1}
          - crop: {from: [input, wide]}
        """, "bad.yaml:5:5: layer 2 'crop1': the crop 10×10 is larger than its input 8×8"),
    "crop with three inputs": ("""
        input: 8x8x6
        layers:
          - crop: {from: [input, input, input]}
        """, "bad.yaml:4:5: layer 1 'crop1': crop reads 1 to 2 inputs, but receives 3"),
    "upsample with scale and size": ("""
        input: 8x8x6
        layers:
          - upsample: {scale: 2, size: [16, 16]}
        """, "bad.yaml:4:32: layer 1 'up1': give either 'scale' or 'size', not both; received "
             "scale: 2 and size: 16×16"),
    "output zero": ("""
        input: 3x3x3
        layers:
          - conv_transpose: {filters: 8, kernel: 1, padding: 2}
        """, "bad.yaml:4:5: layer 1 'deconv1': the output would be -1×-1"),
    "pool window too large": ("""
        input: 2x2x3
        layers:
          - maxpool: {kernel: 3, stride: 2}
        """, "bad.yaml:4:5: layer 1 'pool1': window 3×3 is larger than its padded input 2×2"),
    "groups do not divide channels": ("""
        input: 8x8x3
        layers:
          - conv: {filters: 4, kernel: 3, groups: 2}
        """, "bad.yaml:4:5: layer 1 'conv1': its 3 input channels cannot be split into groups=2"),
    "filters not divisible by groups": ("""
        input: 8x8x4
        layers:
          - conv: {filters: 5, kernel: 3, groups: 2}
        """, "received filters=5, groups=2"),
    "conv after flatten": ("""
        input: 8x8x4
        layers:
          - flatten
          - conv: {filters: 5, kernel: 3}
        """, "conv needs an H×W×C input, but receives a vector of 256"),
    "settings not indented": ("""
        input: 8x8x4
        layers:
          - conv:
            filters: 5
        """, "bad.yaml:4:5: layer 1: a layer is a mapping with one key, its kind, but this one "
             "has 2: conv, filters"),
    "not yaml": ("""
        input: 8x8x4
        layers: [relu
        """, "bad.yaml:4:1: this is not valid YAML"),
    "bad input shape": ("""
        input: 8x8
        layers: [relu]
        """, "bad.yaml:2:8: input '8x8' is not a shape"),
    "duplicate name": ("""
        input: 8x8x4
        layers:
          - relu: {name: a}
          - relu: {name: a}
        """, "bad.yaml:5:5: layer 2: the name 'a' is already used by the layer at line 4"),
    "block argument missing": ("""
        input: 8x8x4
        blocks:
          unit: {args: [c], layers: [{conv: {filters: $c, kernel: 1}}]}
        layers:
          - unit: {}
        """, "bad.yaml:6:5: layer 1 'unit1': block 'unit' needs the argument 'c'"),
    "block argument unknown": ("""
        input: 8x8x4
        blocks:
          unit: {args: [c], layers: [{conv: {filters: $c, kernel: 1}}]}
        layers:
          - unit: {c: 3, d: 4}
        """, "unknown setting 'd'"),
    "argument outside a block": ("""
        input: 8x8x4
        layers:
          - conv: {filters: $c, kernel: 1}
        """, "bad.yaml:4:21: layer 1: 'c' refers to an argument, but none is declared here: a "
           "spec declares its own at its top (args: {c: …}), a block in its definition"),
    "add with one input": ("""
        input: 8x8x4
        layers:
          - add
        """, "add reads 2 or more inputs, e.g. from: [a, b], but receives 1"),
    "repeat not a number": ("""
        input: 8x8x4
        layers:
          - relu: {repeat: -1}
        """, "repeat must be a whole number of at least 0, received -1"),
    "every layer left out": ("""
        input: 8x8x4
        layers:
          - relu: {repeat: 0}
          - conv: {filters: 2, kernel: 1, if: false}
        """, "bad.yaml:4:3: every layer is left out (by repeat: 0 or if: false); a network "
             "needs at least one layer"),
    "condition not true or false": ("""
        input: 8x8x4
        layers:
          - relu: {if: 3}
        """, "bad.yaml:4:16: layer 1: 'if' must be true or false, received 3"),
    "expression calls what is not allowed": ("""
        input: 8x8x4
        blocks:
          b: {args: [f], layers: [{conv: {filters: "${__import__('os')}", kernel: 1}}]}
        layers:
          - b: {f: 2}
        """, "calls __import__(…); the functions are min, max, round"),
    "dilation given both ways": ("""
        input: 8x8x3
        layers:
          - conv: {filters: 2, kernel: 3, dilation: 2, gaps: 1}
        """, "bad.yaml:4:54: layer 1 'conv1': the dilation is given twice, as dilation and as "
           "gaps; received dilation: 2 and gaps: 1; keep one"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_error_is_one_located_sentence_and_exit_2(case, tmp_path, monkeypatch):
    text, expected = CASES[case]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text(textwrap.dedent(text).lstrip("\n").join(["\n", ""]))
    result = CliRunner().invoke(main, ["summarize", "bad.yaml"])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert result.output.count("\n") == 1


def test_missing_spec_lists_the_bundled_ones():
    result = CliRunner().invoke(main, ["summarize", "alexnett.yaml"])
    assert result.exit_code == 2
    assert "no file 'alexnett.yaml' here and no bundled spec named 'alexnett' (did you mean " \
           "'alexnet'?)" in result.output


def test_bad_batch_is_a_usage_error():
    result = CliRunner().invoke(main, ["summarize", "alexnet", "--batch", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
