"""`cnncalc diff`: pairing the layers of two networks and what differs. Expected numbers are
written as the arithmetic that gives them (conv params (F·F·C_in + 1)·K, mults H·W·K·F·F·C_in)."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
import pytest
from rich.console import Console
from hypothesis import given
from hypothesis import strategies as st

from cnncalc.align import (align, alignment, anchors, banded_alignment,
                           best_alignment)
from cnncalc.bundled import bundled_dir
from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.diff import Cause, Status, compare, spec_file
from cnncalc.render.diff import print_comparison
from cnncalc.spec import load_spec


HOMEWORK = Path(__file__).parent.parent / "examples" / "homework" / "write_vgg11"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "checking.md"
GOLDEN = Path(__file__).parent / "golden" / "diff_student_vgg11_80.txt"

# A small VGG-like network on 32×32×3: two conv stages and a classifier.
SMALL = ["conv: {name: c1, filters: 16, kernel: 3, padding: 1}",   # 32×32×16
         "relu: {name: r1}",
         "maxpool: {name: p1, kernel: 2}",                         # 16×16×16
         "conv: {name: c2, filters: 32, kernel: 3, padding: 1}",   # 16×16×32
         "relu: {name: r2}",
         "maxpool: {name: p2, kernel: 2}",                         # 8×8×32
         "dropout: {name: d1, rate: 0.5}",
         "fc: {name: out, units: 10}"]                             # reads 8·8·32 = 2048


def compared(calc, a_layers, b_layers, a_input="32x32x3", b_input="32x32x3"):
    return compare(calc(a_input, *a_layers), calc(b_input, *b_layers))


def statuses(comparison):
    return [(pair.a and pair.a.name, pair.b and pair.b.name, pair.status)
            for pair in comparison.pairs]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def write(path: Path, layers, input_shape="32x32x3") -> str:
    body = "".join(f"  - {layer}\n" for layer in layers)
    path.write_text(f"name: {path.stem}\ninput: {input_shape}\nlayers:\n{body}")
    return str(path)


# ---- the alignment ------------------------------------------------------------------------

@given(st.lists(st.sampled_from("abcd"), max_size=12), st.lists(st.sampled_from("abcd"), max_size=12))
def test_alignment_keeps_every_item_once_in_order_and_pairs_only_kin(a, b):
    pairs = align(a, b, lambda x, y: int(x == y))
    assert [i for i, _ in pairs if i is not None] == list(range(len(a)))
    assert [j for _, j in pairs if j is not None] == list(range(len(b)))
    matched = [(i, j) for i, j in pairs if i is not None and j is not None]
    assert all(a[i] == b[j] for i, j in matched)
    # as many pairs as the longest common subsequence: nothing pairable is left unpaired
    longest = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            longest[i + 1][j + 1] = (longest[i][j] + 1 if x == y
                                     else max(longest[i][j + 1], longest[i + 1][j]))
    assert len(matched) == longest[-1][-1]


@given(st.lists(st.sampled_from("abcdefgh"), max_size=40),
       st.lists(st.sampled_from("abcdefgh"), max_size=40), st.integers(0, 3))
def test_alignment_cut_short_by_anchors_and_bands_still_keeps_every_item_once_in_order(a, b, band):
    """With no exact table allowed, the pairing is by anchors and bands: not always a best one,
    but every item still comes out once, in order on both sides, paired only with kin."""
    found = alignment(a, b, lambda x, y: int(x == y), exact_cells=0, gap_cells=4)
    assert found.exact or len(a) * len(b) > 4
    assert [i for i, _ in found.pairs if i is not None] == list(range(len(a)))
    assert [j for _, j in found.pairs if j is not None] == list(range(len(b)))
    assert all(a[i] == b[j] for i, j in found.pairs if i is not None and j is not None)
    pairs = banded_alignment(a, b, lambda x, y: int(x == y), band) if a else []
    assert [i for i, _ in pairs if i is not None] == list(range(len(a)))
    assert [j for _, j in pairs if j is not None] == (list(range(len(b))) if a else [])
    assert all(a[i] == b[j] for i, j in pairs if i is not None and j is not None)


def test_past_its_reading_budget_the_anchor_search_gives_way_to_the_band(monkeypatch):
    """Patience diff can be led into quadratic work by crafted input; past `ANCHOR_PASSES`
    readings of both sequences every stretch left goes to the band, and the pairing stays
    whole."""
    from cnncalc import align as alignment_module

    monkeypatch.setattr(alignment_module, "ANCHOR_PASSES", 0)
    a, b = "xayb" * 50 + "z", "ybxa" * 50 + "z"
    found = alignment(a, b, lambda x, y: int(x == y), exact_cells=0, gap_cells=4)
    assert [i for i, _ in found.pairs if i is not None] == list(range(len(a)))
    assert [j for _, j in found.pairs if j is not None] == list(range(len(b)))
    assert found.pairs[-1] == (len(a) - 1, len(b) - 1) and not found.exact


def test_a_band_as_wide_as_the_table_finds_what_the_whole_table_finds():
    a, b = "abcabdcbaddcab", "bacdcabdcabbad"
    kinship = lambda x, y: int(x == y)  # noqa: E731
    assert banded_alignment(a, b, kinship, band=len(a) + len(b)) == best_alignment(a, b, kinship)


def test_anchors_are_the_longest_run_of_items_found_once_on_each_side():
    # x, y, z once in each; y before x in b, so only one of them anchors; q twice in a
    assert anchors("xqyqz", "yxz", 0, 5, 0, 3) in ([(0, 1), (4, 2)], [(2, 0), (4, 2)])
    assert anchors("xqyqz", "yxz", 1, 5, 0, 3) == [(2, 0), (4, 2)]      # x left out


# ---- the comparison -----------------------------------------------------------------------

def test_a_bundled_spec_against_a_copy_of_itself_is_the_same(tmp_path):
    copy = tmp_path / "my_vgg11.yaml"
    shutil.copy(bundled_dir() / "vgg.yaml", copy)   # the VGG family as written: VGG-11
    comparison = compare(summarize(load_spec(str(copy))), summarize(load_spec("vgg11")))
    assert comparison.same and comparison.first_divergence is None
    assert {pair.status for pair in comparison.pairs} == {Status.SAME}
    assert len(comparison.pairs) == 8 * 2 + 5 + 3 + 2 + 2 + 1  # conv+relu, pools, fc, relu, dropout, softmax
    assert all(total.difference == 0 for total in comparison.totals)
    result = run("diff", str(copy), "vgg11")
    assert result.exit_code == 0, result.output
    assert "Same numbers, same names." in result.output


def test_renamed_layers_are_the_same_network(calc):
    renamed = [line.replace("name: c1", "name: conv_a").replace("name: r1", "name: act_a")
               .replace("name: out", "name: logits") for line in SMALL]
    comparison = compared(calc, SMALL, renamed)
    assert comparison.same
    assert [(a, b) for a, b, status in statuses(comparison) if status is Status.RENAMED] == [
        ("c1", "conv_a"), ("r1", "act_a"), ("out", "logits")]
    assert all(pair.matched_by == "position" for pair in comparison.pairs
               if pair.status is Status.RENAMED)


def test_a_changed_padding_lists_that_layer_and_every_layer_its_shape_reaches(calc):
    unpadded = [line.replace("c2, filters: 32, kernel: 3, padding: 1",
                             "c2, filters: 32, kernel: 3") for line in SMALL]
    comparison = compared(calc, SMALL, unpadded)      # c2's output: 16×16 in A, 14×14 in B
    assert not comparison.same
    changed = {pair.a.name: pair for pair in comparison.pairs if pair.status is Status.CHANGED}
    assert list(changed) == ["c2", "r2", "p2", "d1", "out"]
    first = comparison.pairs[comparison.first_divergence]
    assert first.a.name == "c2" and first.causes == (Cause.SETTINGS,)
    assert first.differences == ("output_shape", "mults")       # the params do not change
    assert (first.a.output_shape, first.b.output_shape) == ((16, 16, 32), (14, 14, 32))
    assert (first.a.mults, first.b.mults) == (16 * 16 * 32 * 3 * 3 * 16, 14 * 14 * 32 * 3 * 3 * 16)
    assert changed["r2"].causes == (Cause.INPUT,) and changed["p2"].b.output_shape == (7, 7, 32)
    assert changed["out"].differences == ("params", "mults")
    assert (changed["out"].a.params, changed["out"].b.params) == ((8 * 8 * 32 + 1) * 10,
                                                                  (7 * 7 * 32 + 1) * 10)
    totals = {total.quantity: total for total in comparison.totals}
    assert totals["params"].difference == (7 * 7 - 8 * 8) * 32 * 10
    a_params = ((3 * 3 * 3 + 1) * 16 + (3 * 3 * 16 + 1) * 32 + (8 * 8 * 32 + 1) * 10)
    assert totals["params"].a == a_params
    assert abs(totals["params"].percent - 100 * (7 * 7 - 8 * 8) * 32 * 10 / a_params) < 1e-9
    assert totals["mults"].difference == ((14 * 14 - 16 * 16) * 32 * 3 * 3 * 16
                                          + (7 * 7 - 8 * 8) * 32 * 10)
    assert totals["flops"].difference == 2 * totals["mults"].difference
    # c2 and r2 lose 16·16 − 14·14 positions of 32 channels, p2 and d1 lose 8·8 − 7·7
    assert totals["activations"].difference == -(2 * (16 * 16 - 14 * 14) + 2 * (8 * 8 - 7 * 7)) * 32


def test_an_inserted_and_a_deleted_layer_leave_the_rest_paired(calc):
    """Automatic names shift after an insertion (B's conv2 is A's conv2 in name only); the
    alignment pairs layers by what they are."""
    a = ["conv: {filters: 16, kernel: 3, padding: 1}", "relu", "maxpool: 2",
         "conv: {filters: 32, kernel: 3, padding: 1}", "relu", "maxpool: 2",
         "dropout: 0.5", "fc: 10"]
    b = a[:2] + ["conv: {filters: 16, kernel: 3, padding: 1}", "relu"] + a[2:6] + a[7:]
    comparison = compared(calc, a, b)
    assert statuses(comparison) == [
        ("conv1", "conv1", Status.SAME), ("relu1", "relu1", Status.SAME),
        (None, "conv2", Status.ONLY_B), (None, "relu2", Status.ONLY_B),
        ("pool1", "pool1", Status.SAME),
        ("conv2", "conv3", Status.RENAMED), ("relu2", "relu3", Status.RENAMED),
        ("pool2", "pool2", Status.SAME),
        ("dropout1", None, Status.ONLY_A),
        ("fc1", "fc1", Status.SAME)]
    assert comparison.first_divergence == 2
    assert comparison.count(Status.ONLY_B) == 2 and comparison.count(Status.ONLY_A) == 1
    totals = {total.quantity: total.difference for total in comparison.totals}
    assert totals["params"] == (3 * 3 * 16 + 1) * 16
    assert totals["mults"] == 32 * 32 * 16 * 3 * 3 * 16
    assert totals["activations"] == 2 * 32 * 32 * 16 - 8 * 8 * 32


def test_different_input_sizes_part_at_the_first_layer_because_of_the_input(calc):
    comparison = compared(calc, SMALL, SMALL, b_input="64x64x3")
    first = comparison.pairs[comparison.first_divergence]
    assert comparison.first_divergence == 0 and first.causes == (Cause.INPUT,)
    assert {pair.status for pair in comparison.pairs} == {Status.CHANGED}
    out = comparison.pairs[-1]
    assert (out.a.params, out.b.params) == ((8 * 8 * 32 + 1) * 10, (16 * 16 * 32 + 1) * 10)
    mults = {total.quantity: total for total in comparison.totals}["mults"]
    assert mults.b == 4 * (mults.a - 8 * 8 * 32 * 10) + 16 * 16 * 32 * 10  # 4× the positions


def test_a_setting_the_summary_does_not_show_is_still_named_as_a_cause(calc):
    comparison = compared(calc, SMALL, [SMALL[0].replace("}", ", bias: false}"), *SMALL[1:]])
    first = comparison.pairs[comparison.first_divergence]
    assert first.causes == (Cause.HIDDEN_SETTINGS,) and first.differences == ("params",)
    assert {total.quantity: total.difference for total in comparison.totals}["params"] == -16


def test_batch_scales_both_sides(calc):
    a, b = calc("32x32x3", *SMALL, batch=4), calc("32x32x3", *SMALL, batch=4)
    assert compare(a, b).same
    mults = {total.quantity: total for total in compare(a, b).totals}["mults"]
    assert mults.a == mults.b == 4 * (32 * 32 * 16 * 3 * 3 * 3 + 16 * 16 * 32 * 3 * 3 * 16
                                             + 8 * 8 * 32 * 10)


# ---- the command --------------------------------------------------------------------------

def test_exit_codes_same_different_bad_spec(tmp_path):
    small = write(tmp_path / "small.yaml", SMALL)
    renamed = write(tmp_path / "renamed.yaml", [SMALL[0].replace("c1", "first"), *SMALL[1:]])
    bigger = write(tmp_path / "bigger.yaml", SMALL, "64x64x3")
    result = run("diff", small, renamed)
    assert result.exit_code == 0 and "Same numbers; 1 layer named differently." in result.output
    assert "c1 = first" in result.output
    result = run("diff", small, bigger)
    assert result.exit_code == 1
    assert "First difference: c1: it reads a different input, 32×32×3 in A and 64×64×3 in B" \
        in result.output.replace("\n", " ").replace("  ", " ")
    (tmp_path / "bad.yaml").write_text("input: 32x32x3\nlayers:\n  - conv: {filters: 8, kernal: 3}\n")
    result = run("diff", small, str(tmp_path / "bad.yaml"))
    assert result.exit_code == 2 and "bad.yaml:3:" in result.output and "kernel" in result.output
    assert run("diff", small, "no_such_spec").exit_code == 2


def test_report_fits_80_columns_and_all_lists_every_pair(tmp_path):
    a = write(tmp_path / "a.yaml", SMALL)
    b = write(tmp_path / "b.yaml", [line.replace("c2, filters: 32, kernel: 3, padding: 1",
                                                 "c2, filters: 32, kernel: 3") for line in SMALL])
    for args in ((), ("--all",), ("--batch", "64")):
        output = run("diff", a, b, *args).output
        assert max(len(line) for line in output.splitlines()) <= 80, output
    assert "c1 " not in run("diff", a, b).output.split("Layer in A")[1].split("Totals")[0]
    assert re.search(r"^c1 +c1 +same", run("diff", a, b, "--all").output, re.M)


def test_names_are_printed_as_written_never_as_markup(tmp_path):
    a = write(tmp_path / "a.yaml", ['conv: {name: "[red]x", filters: 2, kernel: 3}'])
    b = write(tmp_path / "b.yaml", ['conv: {name: "[b]y", filters: 2, kernel: 3, padding: 1}'])
    output = run("diff", a, b).output
    assert re.search(r"^\[red\]x +\[b\]y +settings", output, re.M), output


def test_json_keys_and_values(tmp_path):
    a = write(tmp_path / "a.yaml", SMALL)
    b = write(tmp_path / "b.yaml", [line for line in SMALL if "dropout" not in line])
    result = run("diff", a, b, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"same", "exact", "a", "b", "batch", "counts", "first_divergence", "pairs",
                         "totals"}
    assert data["exact"] is True and set(data["a"]) == {"name", "file", "label", "input"}
    assert data["same"] is False and data["a"]["input"] == [32, 32, 3]
    assert data["counts"] == {"same": 7, "renamed": 0, "changed": 0, "only_a": 1, "only_b": 0}
    pair = data["pairs"][data["first_divergence"]]
    assert set(pair) == {"status", "matched_by", "a", "b", "differences", "causes"}
    assert pair["status"] == "only_a" and pair["a"]["name"] == "d1" and pair["b"] is None
    assert set(pair["a"]) == {"name", "kind", "summary", "input_shapes", "output_shape", "params",
                              "mults"}
    assert data["pairs"][0]["matched_by"] == "name"
    assert set(data["totals"]) == {"params", "trainable_params", "non_trainable_params", "mults",
                                   "flops", "activations"}
    # A's outputs layer by layer: c1, r1, p1, c2, r2, p2, d1, out; B lacks d1
    activations = (2 * 32*32*16 + 16*16*16 + 2 * 16*16*32 + 8*8*32 + 8*8*32 + 10)
    totals = data["totals"]["activations"]
    assert (totals["a"], totals["b"], totals["difference"]) == (
        activations, activations - 8*8*32, -8*8*32)
    assert totals["percent"] == pytest.approx(100 * -8*8*32 / activations, abs=0.05)


def test_the_readme_section_documents_every_json_key(tmp_path):
    a = write(tmp_path / "a.yaml", SMALL)
    data = json.loads(run("diff", a, write(tmp_path / "b.yaml", SMALL[:-1]), "--json").output)
    pair = next(pair for pair in data["pairs"] if pair["a"] and pair["b"])
    keys = (set(data) | set(data["a"]) | set(data["counts"]) | set(pair) | set(pair["a"])
            | set(data["totals"]) | set(data["totals"]["params"]))
    section = DOCS.read_text().split("## Comparing two networks", 1)[1]
    documented = set(re.findall(r"`(\w+)`", section))
    assert keys <= documented, keys - documented


# ---- which files: the same file twice, and bundled specs ----------------------------------

def test_the_homework_file_named_twice_is_compared_with_itself_and_said_so(tmp_path, monkeypatch):
    """The homework names the student's file vgg11.yaml; ``diff vgg11.yaml vgg11.yaml`` then
    reads that file twice, and the verdict "same" says nothing about the student's work."""
    shutil.copy(HOMEWORK / "student_vgg11.yaml", tmp_path / "vgg11.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("diff", "vgg11.yaml", "vgg11.yaml")
    assert result.exit_code == 0
    assert "same file" in result.stderr and "compared with itself" in result.stderr
    assert "cnncalc diff vgg11.yaml vgg11" in result.stderr
    assert "warning" not in result.stdout
    # what was meant: the file against the bundled spec, which the report calls so
    result = run("diff", "vgg11.yaml", "vgg11")
    assert result.exit_code == 1 and result.stderr == ""
    assert re.search(r"^A  VGG-11 \(Ada\) — vgg11\.yaml, input", result.stdout, re.M)
    assert re.search(r"^B  VGG-11 — bundled vgg11, input", result.stdout, re.M)


def test_one_file_by_two_paths_is_the_same_file(tmp_path):
    spec = write(tmp_path / "net.yaml", SMALL)
    (tmp_path / "sub").mkdir()
    os.link(spec, tmp_path / "hard.yaml")
    for other in (str(tmp_path / "sub" / ".." / "net.yaml"), str(tmp_path / "hard.yaml")):
        result = run("diff", spec, other)
        assert result.exit_code == 0 and "are the same file" in result.stderr, other
        assert "bundled" not in result.stderr      # net is no bundled name: no hint
    assert run("diff", spec, write(tmp_path / "copy.yaml", SMALL)).stderr == ""


def test_a_bundled_spec_twice_is_warned_about_and_labelled_bundled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                    # no vgg11.yaml here: both name the bundled one
    result = run("diff", "vgg11.yaml", "vgg11", "--json")
    assert result.exit_code == 0 and "both the bundled vgg11" in result.stderr
    data = json.loads(result.stdout)
    assert data["a"]["label"] == data["b"]["label"] == "bundled vgg11"
    output = run("diff", "vgg11", "vgg16").stdout
    assert "— bundled vgg11, input" in output and "— bundled vgg16, input" in output
    assert "vgg11.yaml" not in output


# ---- the homework: write VGG-11 from the paper ---------------------------------------------

def test_homework_student_spec_with_a_missing_padding_is_caught():
    student = summarize(load_spec(str(HOMEWORK / "student_vgg11.yaml")))
    comparison = compare(student, summarize(load_spec("vgg11")))
    first = comparison.pairs[comparison.first_divergence]
    assert (first.a.name, first.b.name, first.causes) == ("conv3_1", "block3/conv1",
                                                          (Cause.SETTINGS,))
    assert (first.a.output_shape, first.b.output_shape) == ((54, 54, 256), (56, 56, 256))
    assert first.b.params == (3 * 3 * 128 + 1) * 256 == first.a.params
    changed = [pair.a.name for pair in comparison.pairs if pair.status is Status.CHANGED]
    assert changed == ["conv3_1", "relu3_1", "conv3_2", "relu3_2", "pool3",   # 54, then 27
                       "conv4_1", "relu4_1", "conv4_2", "relu4_2", "pool4",   # 27, then 13
                       "conv5_1", "relu5_1", "conv5_2", "relu5_2", "pool5",   # 13, then 6
                       "fc6"]                                                 # 6·6·512 inputs
    totals = {total.quantity: total.difference for total in comparison.totals}
    assert totals["params"] == (7 * 7 - 6 * 6) * 512 * 4096
    assert totals["mults"] == ((56 * 56 - 54 * 54) * 256 * 3 * 3 * (128 + 256)
                               + (28 * 28 - 27 * 27) * 512 * 3 * 3 * (256 + 512)
                               + (14 * 14 - 13 * 13) * 512 * 3 * 3 * (512 + 512)
                               + (7 * 7 - 6 * 6) * 512 * 4096)
    result = run("diff", str(HOMEWORK / "student_vgg11.yaml"), "vgg11")
    assert result.exit_code == 1 and "conv 256 × 3×3 pad 1 in B" in result.output


def test_homework_fixed_spec_is_vgg11_by_the_numbers():
    result = run("diff", str(HOMEWORK / "student_vgg11_fixed.yaml"), "vgg11")
    assert result.exit_code == 0, result.output
    assert "conv3_1 = block3/conv1" in result.output
    renamed = 8 * 2 + 5 + 2 + 2 + 1       # all but fc6, fc7, fc8, which keep the paper's names
    assert f"Same numbers; {renamed} layers named differently." in result.output
    # written differently: no blocks, no repeats
    assert "repeat" not in (HOMEWORK / "student_vgg11_fixed.yaml").read_text()


def test_report_layout_matches_golden_file(monkeypatch):
    """Pins the layout only (the numbers are asserted above). After an intended change of
    layout: ``CNNCALC_REGENERATE_GOLDEN=1 make test``, then read the diff."""
    monkeypatch.chdir(HOMEWORK)
    console = Console(width=80, record=True, color_system=None, file=open(os.devnull, "w"))
    comparison = compare(summarize(load_spec("student_vgg11.yaml")), summarize(load_spec("vgg11")))
    files = (spec_file("student_vgg11.yaml").label, spec_file("vgg11").label)
    print_comparison(replace(comparison, files=files), console)
    text = console.export_text()
    if os.environ.get("CNNCALC_REGENERATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
