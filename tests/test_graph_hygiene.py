"""Graph hygiene (issue 15): Xception's block without a skip keeps its main path, a layer whose
output nothing reads is warned of in every view, and `global` is true when every output sees
the whole input. Expected numbers are hand arithmetic."""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.bundled import bundled_names
from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.errors import SpecError
from cnncalc.graph_notes import unread_warnings
from cnncalc.report import as_dict
from cnncalc.spec import load_spec, parse_spec

# Xception's block without a skip, written the natural way (issue 15): the shortcut and the add
# left out by `if: false`. The head reads the block's output: 2048 channels, not the 1024 of
# the block's input that the left-out shortcut would pass on.
XCEPTION_NO_SKIP = """
    name: no-skip
    input: 10x10x1024
    blocks:
      exit_unit:
        layers:
          - conv: {name: main, filters: 2048, kernel: 1, bias: false}
          - conv: {name: shortcut, from: input, filters: 2048, kernel: 1, bias: false,
                   if: false}
          - add: {from: [main, shortcut], if: false}
    layers:
      - exit_unit: {name: exit}
      - global_avgpool: {name: pool}
      - fc: {name: head, units: 1000}
"""


def test_xceptions_no_skip_block_keeps_its_main_path(calc_text):
    summary = calc_text(XCEPTION_NO_SKIP)
    assert [row.name for row in summary.layers] == ["exit/main", "pool", "head"]
    assert summary.row("pool").inputs == ("exit/main",)
    head = summary.row("head")
    assert head.input_shapes == ((1, 1, 2048),)
    assert head.params == 2048 * 1000 + 1000            # 2,049,000 (not 1024·1000 + 1000)
    assert head.mults == 2048 * 1000                     # 2,048,000 (not 1,024,000)
    main = summary.row("exit/main")
    assert main.params == 1024 * 2048
    assert main.mults == 10 * 10 * 2048 * 1024
    assert summary.totals.params == 1024 * 2048 + 2048 * 1000 + 1000


# --- `global`: every output's field covers the whole image --------------------------------

def test_two_5x5_convs_on_a_5x5_image_see_it_all_from_every_output(calc):
    summary = calc("5x5x1", "conv: {name: one, filters: 1, kernel: 5, padding: 2}",
                   "conv: {name: two, filters: 1, kernel: 5, padding: 2}")
    one = summary.row("one").receptive_field
    # r = 5 centred on output o: output 0 reads −2 … 2, not pixels 3 and 4
    assert not one.is_global and one.size == (5, 5) and one.start == (0, 0)
    # r = 5 + 4 = 9: output 0 reads −4 … 4 and output 4 reads 0 … 8, both cover 0 … 4
    assert summary.row("two").receptive_field.is_global
    assert "9×9" in summary.row("two").receptive_field.note


def test_densenet121_denseblock4_is_global_at_224():
    # conv0 7×7/2 p3: r 7, j 2, centre 0; pool0 3×3/2 p1: r 7 + 2·2 = 11, j 4, centre 0;
    # block1: 6 × 3×3 at j 4: 11 + 6·8 = 59; transition1 2×2/2 pool: 59 + 4 = 63, j 8, centre
    # 0 + ½·4 = 2; block2: 63 + 12·16 = 255; transition2: 255 + 8 = 263, j 16, centre
    # 2 + ½·8 = 6.
    # In block3 layer k's 3×3 reads the union of what came before: r = 263 + 32·k. The 14×14
    # outputs' last centre is 6 + 13·16 = 214, so every output covers pixels 0 … 223 when
    # (r − 1)/2 ≥ 214 and 6 + (r − 1)/2 ≥ 223: r ≥ 435, first at k = 6 (r = 455; k = 5:
    # 423).
    summary = summarize(load_spec("densenet121"))
    block3 = "features.denseblock3.denselayer"
    assert summary.row(f"{block3}.5/conv2").receptive_field.size == (263 + 32 * 5,) * 2
    assert summary.row(f"{block3}.6/conv2").receptive_field.is_global
    block4 = [row for row in summary.layers if ".denseblock4." in row.name]
    assert len(block4) == 16 * 7                  # norm, relu, conv, norm, relu, conv, concat
    assert all(row.receptive_field.is_global for row in block4)


def test_resnet34_layer4_is_global_but_resnet50s_is_not():
    # Published fields (tests/test_receptive.py): ResNet-34's layer4 899, ResNet-50's 427, both
    # 7×7 outputs at jump 32 with the first centre at 0 (every window is centred: 3×3 pad 1,
    # 7×7 pad 3). The last centre is 6·32 = 192: 449 ≥ 223 covers, 213 < 223 does not.
    resnet34 = summarize(load_spec("resnet34"))
    assert resnet34.row("layer4.2/add1").receptive_field.is_global
    resnet50 = summarize(load_spec("resnet50"))
    field = resnet50.row("layer4.2/add1").receptive_field
    assert not field.is_global and field.size == (427, 427) and field.start == (0, 0)


# --- the unread-layer warning ---------------------------------------------------------------

DEAD_MAIN = """\
name: dead
input: 8x8x3
layers:
  - conv: {name: main, filters: 4, kernel: 1}
  - conv: {name: side, from: input, filters: 4, kernel: 1}
  - relu
"""
MAIN_WARNING = ("dead.yaml:4:5: layer 1 'main': computed and counted, but no layer reads its "
                "output and it is not the network's output ('relu1'); name it in the 'from:' "
                "of the layer meant to read it, leave it out with 'if: false', or mark an "
                "output of its own (an auxiliary head) 'output: true'")


def summary_of(text: str, file: str = "dead.yaml"):
    return summarize(parse_spec(textwrap.dedent(text), file))


def test_a_layer_nothing_reads_is_named_with_its_place_and_the_fix():
    summary = summary_of(DEAD_MAIN)
    assert summary.warnings == (MAIN_WARNING,)
    # computed and counted all the same: (1·1·3 + 1)·4 parameters each for main and side
    assert summary.totals.params == 2 * (1 * 1 * 3 + 1) * 4


def test_a_sound_graph_has_no_warning(calc_text):
    assert calc_text(XCEPTION_NO_SKIP).warnings == ()
    branches = """
        name: t
        input: 8x8x3
        layers:
          - conv: {name: a, filters: 2, kernel: 1}
          - conv: {name: b, from: input, filters: 2, kernel: 1}
          - concat: {from: [a, b]}
    """
    assert calc_text(branches).warnings == ()


def test_xception_main_path_that_feeds_nothing_is_warned_of_inside_its_block():
    summary = summary_of("""
        name: t
        input: 8x8x4
        blocks:
          unit:
            layers:
              - conv: {name: main, filters: 6, kernel: 1}
              - conv: {name: shortcut, from: input, filters: 6, kernel: 1}
        layers:
          - unit: {name: exit}
          - global_avgpool
    """)
    (warning,) = summary.warnings
    assert warning.startswith("dead.yaml:7:9: layer 1 'exit/main' (in block 'unit' used at "
                              "line 10): computed and counted, but no layer reads its output")


def test_a_crops_reference_input_counts_as_read():
    summary = summary_of("""
        name: t
        input: 16x16x3
        layers:
          - conv: {name: big, filters: 4, kernel: 1}
          - maxpool: {name: small, kernel: 2, stride: 2}
          - crop: {from: [big, small]}
    """)
    assert summary.warnings == ()
    assert summary.layers[-1].output_shape == (8, 8, 4)


def test_the_same_layer_in_every_instance_is_one_sentence():
    summary = summary_of("""
        name: t
        input: 8x8x3
        blocks:
          unit:
            layers:
              - conv: {name: dead, filters: 3, kernel: 1}
              - relu: {from: input}
        layers:
          - unit: {name: u, repeat: 3}
    """)
    (warning,) = summary.warnings
    assert "in 3 instances ('u.1/dead' … 'u.3/dead')" in warning
    assert warning.startswith("dead.yaml:7:9: layer 1 'u.1/dead'")


def test_at_most_twenty_sentences_then_a_count():
    text = "name: t\ninput: 4x4x1\nlayers:\n" + "  - relu: {from: input}\n" * 26
    warnings = summary_of(text).warnings
    assert len(warnings) == 20 + 1
    # 26 layers, the last the network's output: 25 unread, 20 worded, 26 − 1 − 20 = 5 counted
    assert warnings[-1] == ("dead.yaml: 5 more layers (or a block's layer in several instances) "
                            "are computed and counted, but no layer reads their output")


def test_output_true_marks_an_auxiliary_head():
    summary = summary_of(DEAD_MAIN.replace("kernel: 1}", "kernel: 1, output: true}", 1))
    assert summary.warnings == ()
    with pytest.raises(SpecError, match="dead.yaml:4:55: layer 1 'main': 'output' is true or "
                                        "false, received 3"):
        summary_of(DEAD_MAIN.replace("kernel: 1}", "kernel: 1, output: 3}", 1))


def test_output_true_on_a_block_marks_its_last_layer():
    summary = summary_of("""
        name: t
        input: 8x8x3
        blocks:
          head:
            layers:
              - conv: {filters: 2, kernel: 1}
              - relu
        layers:
          - head: {name: aux, output: true}
          - conv: {name: main, from: input, filters: 2, kernel: 1}
    """)
    assert summary.warnings == ()


@pytest.mark.parametrize("name", sorted(bundled_names()))
def test_no_bundled_spec_has_a_layer_nothing_reads(name):
    assert unread_warnings(load_spec(name)) == ()


def test_the_warning_costs_linear_time_on_100000_unread_layers():
    text = "name: t\ninput: 4x4x1\nlayers:\n" + "  - relu: {from: input}\n" * 100_000
    network = parse_spec(text, "dead.yaml")
    started = time.perf_counter()
    warnings = unread_warnings(network)
    assert time.perf_counter() - started < 5   # about 0.3 s: a set, a pass, 20 sentences
    assert len(warnings) == 21 and "99,979 more layers" in warnings[-1]   # 100,000 − 1 − 20


# --- every view shows it ----------------------------------------------------------------------

def dead_file(tmp_path: Path) -> str:
    path = tmp_path / "dead.yaml"
    path.write_text(DEAD_MAIN)
    return str(path)


def test_the_table_prints_it_under_the_totals(tmp_path):
    result = CliRunner().invoke(main, ["summarize", dead_file(tmp_path)])
    assert result.exit_code == 0
    lines = result.stdout.replace("\n", " ")
    assert "warning: " in result.stdout and "layer 1 'main': computed and counted" in lines
    assert result.stdout.index("warning:") > result.stdout.index("Parameters")
    assert result.stderr == ""     # once: the table shows it


def test_json_holds_it_and_standard_error_says_it_for_a_file(tmp_path):
    result = CliRunner().invoke(main, ["summarize", dead_file(tmp_path), "--json"])
    data = json.loads(result.stdout)
    assert data["warnings"] == [MAIN_WARNING.replace("dead.yaml", dead_file(tmp_path))]
    assert result.stderr == ""     # the document holds it
    assert as_dict(summary_of(DEAD_MAIN))["warnings"] == [MAIN_WARNING]
    written = CliRunner().invoke(main, ["summarize", dead_file(tmp_path), "--output",
                                        str(tmp_path / "net.json")])
    assert "warning: " in written.stderr and "layer 1 'main'" in written.stderr


def test_markdown_and_csv_say_it(tmp_path):
    markdown = CliRunner().invoke(main, ["summarize", dead_file(tmp_path), "--format",
                                         "markdown"])
    assert "**warning: " in markdown.stdout
    csv = CliRunner().invoke(main, ["summarize", dead_file(tmp_path), "--format", "csv"])
    assert "warning" not in csv.stdout and "layer 1 'main'" in csv.stderr


def test_explain_says_it(tmp_path):
    result = CliRunner().invoke(main, ["explain", dead_file(tmp_path), "main"])
    assert result.exit_code == 0
    assert "warning: " in result.stderr and "layer 1 'main': computed and counted" in result.stderr


def test_check_says_it(tmp_path):
    dead_file(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text("network: dead.yaml\nquestions:\n"
                       f"  - {{layer: main, ask: params, answer: {(1 * 1 * 3 + 1) * 4}}}\n")
    result = CliRunner().invoke(main, ["check", str(answers)])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr and "layer 1 'main': computed and counted" in result.stderr
    data = json.loads(CliRunner().invoke(main, ["check", str(answers), "--json"]).stdout)
    assert any("layer 1 'main'" in warning for warning in data["warnings"])


@pytest.mark.parametrize("command", [["verify"], ["draw", "--output", "net.svg"]])
def test_verify_and_draw_say_it(tmp_path, command, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [command[0], dead_file(tmp_path), *command[1:]])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr and "layer 1 'main': computed and counted" in result.stderr


def test_diff_warns_of_a_layer_nothing_reads_on_either_side(tmp_path):
    from click.testing import CliRunner
    from cnncalc.cli import main
    spec = tmp_path / "dead.yaml"
    spec.write_text("input: 8x8x4\nlayers:\n  - conv: {name: dead, filters: 4, kernel: 1}\n"
                    "  - relu: {from: input}\n")
    result = CliRunner().invoke(main, ["diff", str(spec), "lenet5"])
    assert "warning: A: " in result.stderr and "'dead': computed and counted" in result.stderr


def test_the_html_page_and_latex_carry_the_warning_escaped():
    from cnncalc.render.html import html_page
    from cnncalc.render.latex import to_latex
    spec = ("input: 8x8x4\nlayers:\n  - conv: {name: 'a<b>&%', filters: 4, kernel: 1}\n"
            "  - relu: {from: input}\n")
    summary = summarize(parse_spec(spec))
    page = html_page(summary)
    assert '<p class="warning">warning: ' in page and "&#39;a&lt;b&gt;&amp;%&#39;" in page
    comment = next(line for line in to_latex(summary).splitlines() if "warning" in line)
    assert comment.startswith("% warning: ") and "\n" not in comment   # one comment line
