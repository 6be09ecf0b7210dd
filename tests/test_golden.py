"""Rendered views compared with golden files (80 columns, no colour).

The numbers in them are asserted independently elsewhere; these files pin the layout. After an
intended change of layout, regenerate them with ``CNNCALC_REGENERATE_GOLDEN=1 make test`` and
read the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from cnncalc.calculator import summarize
from cnncalc.render.explanation import print_explanations
from cnncalc.render.plain import to_markdown
from cnncalc.render.table import print_summary
from cnncalc.spec import load_spec, parse_spec

GOLDEN = Path(__file__).parent / "golden"
README = Path(__file__).parent.parent / "README.md"


def table_text(name: str, width: int) -> str:
    console = Console(width=width, record=True, color_system=None, file=open(os.devnull, "w"))
    print_summary(summarize(load_spec(name)), console)
    return console.export_text()


def explain_text(summary, *names: str, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=open(os.devnull, "w"))
    print_explanations([summary.row(name) for name in names], console)
    return console.export_text()


NOTES_SPEC = """
name: worked examples of the notes
input: 6x6x3
layers:
  - conv: {name: floor, filters: 2, kernel: 3, stride: 2}
  - conv: {name: same_stride_2, from: input, filters: 2, kernel: 3, stride: 2, padding: same}
  - conv: {name: dilated, from: input, filters: 2, kernel: 3, dilation: 2, padding: 2}
  - conv: {name: gaps, from: input, filters: 2, kernel: 3, gaps: 1, padding: 2}
"""


VIEWS = {
    "alexnet_table_80.txt": lambda: table_text("alexnet", 80),
    "resnet50_table_80.txt": lambda: table_text("resnet50", 80),
    "googlenet_table_132.txt": lambda: table_text("googlenet", 132),
    "lenet5.md": lambda: to_markdown(summarize(load_spec("lenet5"))),
    "explain_alexnet_conv1_80.txt": lambda: explain_text(summarize(load_spec("alexnet")),
                                                         "conv1"),
    "explain_inception_reduction_80.txt": lambda: explain_text(
        summarize(load_spec("googlenet")), "inception3a/b3_reduce", "inception3a/b3"),
    "explain_notes_80.txt": lambda: explain_text(
        summarize(parse_spec(NOTES_SPEC, "notes.yaml")), "floor", "same_stride_2", "dilated",
        "gaps"),
}


@pytest.mark.parametrize("filename", VIEWS)
def test_rendered_view_matches_golden_file(filename):
    text = VIEWS[filename]()
    path = GOLDEN / filename
    if os.environ.get("CNNCALC_REGENERATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("filename", [name for name in VIEWS if name.endswith(".txt")])
def test_tables_fit_their_width(filename):
    width = int(re.search(r"_(\d+)\.txt$", filename).group(1))
    assert max(len(line) for line in VIEWS[filename]().splitlines()) <= width


def test_readme_tutorial_spec_works():
    """The first spec in the README's tutorial parses and gives the numbers it implies."""
    text = re.search(r"```yaml\n(name: tiny.*?)```", README.read_text(), re.S).group(1)
    summary = summarize(parse_spec(text, "README.md"))
    assert [row.name for row in summary.layers] == ["conv1", "relu1", "pool1", "features",
                                                    "flatten1", "fc1"]
    # 32×32 same → 32×32×16; pool 2 → 16×16; H (16 + 2 − 3)/2 + 1 = 8, W (16 + 4 − 5) + 1 = 16
    assert summary.row("features").output_shape == (8, 16, 32)
    assert summary.row("fc1").params == (8 * 16 * 32 + 1) * 10


def test_readme_bottleneck_example_works():
    """The README's one-block bottleneck: a projection only where the shape changes."""
    text = re.search(r"```yaml\n(blocks:\n  bottleneck:.*?)```", README.read_text(), re.S).group(1)
    text = "name: t\ninput: 56x56x64\n" + text.replace("  # … the stem …\n", "")
    summary = summarize(parse_spec(text, "README.md"))
    names = [row.name for row in summary.layers]
    assert "layer1.0/downsample" in names and "layer1.1/downsample" not in names
    assert "layer2.0/downsample" in names
    assert summary.row("layer1.1/add1").inputs == ("layer1.1/bn3", "layer1.0/relu3")
    assert summary.row("layer2.0/add1").output_shape == (28, 28, 4 * 128)
