"""A spec read with other settings: ``--set``, ``--input`` on every command that reads a spec,
``extends:``, networks in ``check`` files, and ``cnncalc specs NAME``. Every hostile case ends
in a sentence and exit code 2. Expected counts are worked out by hand in the test, or are
PyTorch's (torchvision's resnet50 at 160×160, counted by tests/torch_models.py's hooks)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import cnncalc.bundled
import cnncalc.diff
import cnncalc.files.inputs
import cnncalc.spec.extends
import cnncalc.spec.includes
from cnncalc.bundled import bundled_dir, variant_index
from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.errors import SpecError
from cnncalc.spec import load_spec
from cnncalc.spec.arguments import MAX_SETTING_CHARS, parse_setting, parse_settings

TINY = """\
name: Tiny
source: "a test"
notes: "Totals 1 parameters"
args: {width: 8, size: 32, classes: 10}
input: ${size}x${size}x3
layers:
  - conv: {filters: $width, kernel: 3, padding: 1}
  - relu
  - global_avgpool
  - fc: $classes
"""


def tiny_params(width=8, classes=10):
    """conv 3×3×3 → width (+ bias), fc width → classes (+ bias)."""
    return (3 * 3 * 3 + 1) * width + (width + 1) * classes


def tiny_mults(width=8, classes=10, size=32):
    return size * size * width * 3 * 3 * 3 + width * classes


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def totals(*args: str) -> dict:
    result = run("summarize", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["totals"]


def refused(result, *words: str) -> None:
    """Exit code 2 and a sentence (no traceback) holding `words`."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    for word in words:
        assert word in result.output, result.output


@pytest.fixture
def folder(tmp_path, monkeypatch):
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- the example: ResNet-50 at 160×160 -------------------------------------------

RESNET50_PARAMS = 25_557_032
RESNET50_FC_MULTS = 2048 * 1000
RESNET50_MULTS_224 = 4_089_184_256


def test_resnet50_at_160():
    """Every feature map of ResNet-50 is (160/224)² = (5/7)² the size at 160 px (112 → 80, 56 →
    40, 28 → 20, 14 → 10, 7 → 5), so its convolutions cost (5/7)² as much; the fc is the same.
    PyTorch's hook count of torchvision's resnet50 at 160×160: 2,087,321,600."""
    counted = totals("resnet50", "--input", "160x160x3")
    conv_mults = (RESNET50_MULTS_224 - RESNET50_FC_MULTS) * 25 // 49
    assert conv_mults * 49 == (RESNET50_MULTS_224 - RESNET50_FC_MULTS) * 25   # exact
    assert counted["mults"] == conv_mults + RESNET50_FC_MULTS == 2_087_321_600
    assert counted["trainable_params"] == RESNET50_PARAMS


def test_resnet50_at_160_by_extends(folder):
    (folder / "r160.yaml").write_text("extends: resnet50\ninput: 160x160x3\n", encoding="utf-8")
    counted = totals("r160.yaml")
    assert (counted["trainable_params"], counted["mults"]) == (RESNET50_PARAMS, 2_087_321_600)


# --- --set and --input on every command --------------------------------------------------

def test_set_and_input_reach_summarize(folder):
    counted = totals("tiny.yaml", "--set", "width=4", "--set", "classes=100", "--input",
                     "16x16x3")
    assert counted["trainable_params"] == tiny_params(4, 100)
    assert counted["mults"] == tiny_mults(4, 100, 16)


def test_a_set_value_may_be_an_expression_of_the_others(folder):
    counted = totals("tiny.yaml", "--set", "classes=${2 * width}")
    assert counted["trainable_params"] == tiny_params(8, 16)


def test_input_replaces_the_shape_of_a_spec_without_args():
    """LeNet-5 at 36×36×1 instead of 32×32×1: its first conv (5×5, 6 filters) gives 32×32×6."""
    result = run("summarize", "lenet5", "--input", "36x36x1", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["layers"]
    assert rows[0]["output_shape"] == [32, 32, 6]


def test_explain_takes_them(folder):
    result = run("explain", "tiny.yaml", "fc1", "--set", "classes=3")
    assert result.exit_code == 0, result.output
    assert f"{(8 + 1) * 3:,}" in result.output


def test_verify_takes_them(folder):
    result = run("verify", "tiny.yaml", "--set", "width=2", "--input", "8x8x3", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ok"] is True


def test_draw_takes_them(folder):
    result = run("draw", "tiny.yaml", "--set", "width=5", "--input", "12x12x3")
    assert result.exit_code == 0, result.output
    assert "12×12×5" in result.output


def test_diff_reads_both_sides_so_or_one_side(folder):
    same = run("diff", "tiny.yaml", "tiny.yaml", "--set", "width=4", "--json")
    assert same.exit_code == 0, same.output
    result = run("diff", "tiny.yaml", "tiny.yaml", "--set", "width=4", "--set-b", "width=6",
                 "--input-b", "16x16x3", "--json")
    assert result.exit_code == 1, result.output
    counted = json.loads(result.output)["totals"]["params"]
    assert (counted["a"], counted["b"]) == (tiny_params(4), tiny_params(6))
    assert "warning" not in result.output   # one file read two ways is not "the same file"


def test_diff_one_side_error_names_its_option(folder):
    refused(run("diff", "tiny.yaml", "tiny.yaml", "--input-a", "7x7"), "--input-a '7x7'")
    refused(run("diff", "tiny.yaml", "tiny.yaml", "--set-b", "wdth=3"), "--set-b",
            "did you mean 'width'")


@pytest.mark.parametrize("command", ["summarize", "explain", "verify", "draw"])
def test_every_command_refuses_an_unknown_argument(folder, command):
    refused(run(command, "tiny.yaml", "--set", "widht=4"), "'widht' is no argument",
            "did you mean 'width'")


# --- --set and --input: hostile and malformed --------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("width", "is not NAME=VALUE"),
    ("=4", "is not NAME=VALUE"),
    ("1x=4", "is not NAME=VALUE"),
    ("width=", "gives no value"),
    ("width=~", "null"),
    ("width=[", "not valid YAML"),
    ("width=.inf", "not a finite number"),
    ("width=!!python/object:os.system x", "is not part of a spec"),
])
def test_a_malformed_setting_is_a_sentence(text, words):
    with pytest.raises(SpecError, match=words.replace("[", r"\[").replace("(", r"\(")):
        parse_setting(text)


def test_values_are_read_as_yaml():
    assert parse_settings(["blocks=[3, 4, 23, 3]", "act=silu", "scale=0.75", "se=true"]) == {
        "blocks": [3, 4, 23, 3], "act": "silu", "scale": 0.75, "se": True}


def test_a_name_given_twice_is_refused():
    with pytest.raises(SpecError, match="gives 'width' twice"):
        parse_settings(["width=4", "width=5"])


def test_a_setting_of_ten_megabytes_is_refused_at_once(folder):
    start = time.perf_counter()
    result = run("summarize", "tiny.yaml", "--set", "width=" + "9" * 10_000_000)
    refused(result, "10,000,006 characters long", f"at most {MAX_SETTING_CHARS:,}")
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("depth, words", [
    (12, "more than 1,000 values"),           # 2^13 values: past the setting's own bound
    (40, "more than 2,000,000 values"),       # 2^41: the YAML reader's bound, met first
])
def test_a_yaml_bomb_in_a_setting_is_refused(folder, depth, words):
    """Each anchor doubles the one before: 2^(depth + 1) values from a few hundred
    characters."""
    levels = ["&a0 [1, 1]"] + [f"&a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, depth)]
    bomb = "[" + ", ".join(levels) + "]"
    assert len(bomb) < MAX_SETTING_CHARS
    start = time.perf_counter()
    refused(run("summarize", "tiny.yaml", "--set", "width=" + bomb), words)
    assert time.perf_counter() - start < 5


def test_a_setting_for_a_spec_without_args():
    refused(run("summarize", "lenet5", "--set", "classes=10"), "takes no arguments",
            "--input replaces its input shape")


@pytest.mark.parametrize("shape, words", [
    ("160x160", "'160x160' is not a shape"),
    ("0x4x3", "is not a shape"),
    ("axbxc", "is not a shape"),
    ("1" * 10_000_000, "characters long"),
])
def test_a_bad_input_is_a_sentence(folder, shape, words):
    refused(run("summarize", "tiny.yaml", "--input", shape), "--input", words)


# --- extends ---------------------------------------------------------------------------------

def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_takes_args_input_and_source_not_name_or_notes(folder):
    write(folder, "wide.yaml", "extends: tiny.yaml\nargs: {width: 16}\ninput: 8x8x3\n")
    network = load_spec("wide.yaml")
    assert network.name == "wide"              # not Tiny: its name is its own
    assert network.source == "a test"
    assert network.input_shape == (8, 8, 3)
    assert summarize(network).totals.trainable_params == tiny_params(16)


def test_extends_input_reads_the_arguments(folder):
    write(folder, "big.yaml", "extends: tiny.yaml\nname: Big\nargs: {size: 64}\n"
                              "input: ${size}x${size}x1\n")
    network = load_spec("big.yaml")
    assert (network.name, network.input_shape) == ("Big", (64, 64, 1))
    assert summarize(network).totals.trainable_params == tiny_params() - 2 * 3 * 3 * 8


def test_set_reaches_a_spec_that_extends(folder):
    write(folder, "wide.yaml", "extends: tiny.yaml\nargs: {width: 16}\n")
    assert totals("wide.yaml", "--set", "classes=3")["trainable_params"] == tiny_params(16, 3)


def test_extends_a_spec_that_extends(folder):
    write(folder, "a.yaml", "extends: tiny.yaml\nargs: {width: 2}\n")
    write(folder, "b.yaml", "extends: a.yaml\nargs: {classes: 5}\n")
    assert totals("b.yaml")["trainable_params"] == tiny_params(2, 5)


def test_blocks_replace_the_blocks_of_the_spec_extended(folder):
    write(folder, "net.yaml", """\
input: 8x8x4
blocks:
  unit: {args: {c: 4}, layers: [{conv: {filters: $c, kernel: 1}}]}
layers:
  - unit: {repeat: 2}
""")
    write(folder, "deeper.yaml", """\
extends: net.yaml
blocks:
  unit: {args: {c: 4}, layers: [{conv: {filters: $c, kernel: 3, padding: 1}}]}
""")
    assert totals("net.yaml")["trainable_params"] == 2 * (4 * 4 + 4)
    assert totals("deeper.yaml")["trainable_params"] == 2 * (3 * 3 * 4 * 4 + 4)


def test_extends_of_itself_is_a_cycle(folder):
    write(folder, "me.yaml", "extends: me.yaml\n")
    refused(run("summarize", "me.yaml"), "me.yaml:1:10", "makes a cycle (me.yaml → me.yaml)")


def test_extends_in_a_ring_names_the_ring(folder):
    write(folder, "a.yaml", "extends: b.yaml\n")
    write(folder, "b.yaml", "extends: c.yaml\n")
    write(folder, "c.yaml", "extends: a.yaml\n")
    refused(run("summarize", "a.yaml"), "a.yaml → b.yaml → c.yaml → a.yaml")


def test_extends_is_bounded_in_depth(folder):
    for index in range(30):
        write(folder, f"s{index}.yaml", f"extends: s{index + 1}.yaml\n")
    write(folder, "s30.yaml", TINY)
    refused(run("summarize", "s0.yaml"), "more than 16 deep")


@pytest.mark.parametrize("reference", ["../outside.yaml", "/etc/passwd", "../nothing.yaml"])
def test_extends_of_a_file_outside_the_folder_is_refused_unread(tmp_path, monkeypatch,
                                                                reference):
    write(tmp_path, "outside.yaml", TINY)
    inner = tmp_path / "inner"
    write(inner, "net.yaml", f"extends: {reference}\n")
    monkeypatch.chdir(inner)
    refused(run("summarize", "net.yaml"), "net.yaml:1:10", "is outside the folder of net.yaml",
            "extends names a bundled spec or a spec file in that folder or below it")


def test_extends_of_a_link_leading_out_is_refused(tmp_path, monkeypatch):
    write(tmp_path, "outside.yaml", TINY)
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    write(inner, "net.yaml", "extends: link.yaml\n")
    monkeypatch.chdir(inner)
    refused(run("summarize", "net.yaml"), "is outside the folder")


def test_allow_path_lets_extends_lead_there(tmp_path, monkeypatch):
    write(tmp_path, "lib/tiny.yaml", TINY)
    write(tmp_path, "work/net.yaml", "extends: ../lib/tiny.yaml\n")
    monkeypatch.chdir(tmp_path / "work")
    result = run("summarize", "net.yaml", "--allow-path", "../lib", "--json")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("text, words", [
    ("extends: tiny.yaml\nlayers: [relu]\n", ["2:1", "takes its layers as they are",
                                              "a new layer list is a spec of its own"]),
    ("extends: tiny.yaml\nargs: {widht: 3}\n", ["2:8", "'widht'", "did you mean 'width'",
                                                "the spec this one extends"]),
    ("extends: lenet5\nargs: {classes: 3}\n", ["takes no arguments", "'input' here replaces"]),
    ("extends: [tiny.yaml]\n", ["'extends' names one spec"]),
    ("extends: nothing.yaml\n", ["no file 'nothing.yaml'"]),
    ("extends: resnt50\n", ["did you mean 'resnet50'"]),
    ("extends: tiny.yaml\nargs: [width]\n", ["maps the other's arguments to new values"]),
    ("extends: tiny.yaml\nlike: x\n", ["to reuse a whole spec, write extends: x"]),
])
def test_a_wrong_extends_is_a_located_sentence(folder, text, words):
    write(folder, "net.yaml", text)
    refused(run("summarize", "net.yaml"), *words)


def test_a_base_that_is_not_a_spec(folder):
    write(folder, "lib.yaml", "blocks: {x: {layers: [relu]}}\n")
    write(folder, "net.yaml", "extends: lib.yaml\n")
    refused(run("summarize", "net.yaml"), "net.yaml:1:10", "no spec to extend: it has no 'input'")


def test_an_error_in_the_base_points_into_the_base(folder):
    write(folder, "base.yaml", "input: 8x8x3\nlayers:\n  - conv: {filters: 4, kernal: 3}\n")
    write(folder, "net.yaml", "extends: base.yaml\n")
    refused(run("summarize", "net.yaml"), "base.yaml:3:", "unknown setting 'kernal'")


def test_include_of_a_spec_says_extends(folder):
    write(folder, "net.yaml", "input: 8x8x3\ninclude: [resnet50]\nlayers: [relu]\n")
    refused(run("summarize", "net.yaml"), "net.yaml:2:11",
            "names a bundled spec, not a block library",
            "to reuse a whole spec, write extends: resnet50")


def test_include_of_a_spec_file_says_extends(folder):
    write(folder, "net.yaml", "input: 8x8x3\ninclude: [tiny.yaml]\nlayers: [relu]\n")
    refused(run("summarize", "net.yaml"), "tiny.yaml is a spec",
            "to reuse a whole spec, write extends: tiny.yaml")


def test_a_top_level_like_says_extends(folder):
    write(folder, "net.yaml", "like: resnet50\ninput: 8x8x3\nlayers: [relu]\n")
    refused(run("summarize", "net.yaml"), "net.yaml:1:1", "a spec has no 'like'",
            "to reuse a whole spec, write extends: resnet50")


# --- bundled families, in a folder of our own -------------------------------------------------

FAMILY = """\
name: Fam
args: {width: 8, classes: 10}
variants:
  fam_wide: {name: Fam-Wide, args: {width: 16}, notes: "16 wide"}
input: 32x32x3
layers:
  - conv: {filters: $width, kernel: 3, padding: 1}
  - global_avgpool
  - fc: $classes
"""
SUB = """\
extends: fam_wide
name: Sub
args: {classes: 5}
variants:
  sub_many: {args: {classes: 50}}
"""


def fam_params(width, classes):
    return (3 * 3 * 3 + 1) * width + (width + 1) * classes


@pytest.fixture
def bundled(tmp_path, monkeypatch):
    """A bundled folder of our own: fam.yaml (variant fam_wide) and sub.yaml, which extends
    fam_wide and declares a variant of its own (a variant of a spec extending a variant)."""
    folder = tmp_path / "specs"
    write(folder, "fam.yaml", FAMILY)
    write(folder, "sub.yaml", SUB)
    for library in (bundled_dir() / "blocks").glob("*.yaml"):
        write(folder, f"blocks/{library.name}", library.read_text(encoding="utf-8"))
    for module in (cnncalc.bundled, cnncalc.files.inputs, cnncalc.spec.extends,
                   cnncalc.spec.includes, cnncalc.diff):
        monkeypatch.setattr(module, "bundled_dir", lambda: folder)
    variant_index.cache_clear()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    yield folder
    variant_index.cache_clear()


def test_a_variant_of_a_spec_that_extends_a_variant(bundled):
    assert summarize(load_spec("fam_wide")).totals.trainable_params == fam_params(16, 10)
    sub = load_spec("sub")
    assert sub.name == "Sub" and summarize(sub).totals.trainable_params == fam_params(16, 5)
    many = load_spec("sub_many")
    assert many.name == "sub_many"
    assert summarize(many).totals.trainable_params == fam_params(16, 50)


def test_a_variant_may_not_extend(bundled):
    write(bundled, "bad.yaml", FAMILY.replace("fam_wide: {", "bad_one: {extends: fam, "))
    variant_index.cache_clear()
    with pytest.raises(SpecError, match="a variant gives only name, source, notes, args, "
                                        "not 'extends'"):
        load_spec("bad_one")


def test_extends_a_bundled_variant_from_a_file(bundled):
    write(Path.cwd(), "mine.yaml", "extends: fam_wide\nargs: {classes: 2}\n")
    assert totals("mine.yaml")["trainable_params"] == fam_params(16, 2)


def test_specs_prints_a_file(bundled):
    result = run("specs", "fam")
    assert result.exit_code == 0, result.output
    assert result.output == FAMILY


def test_specs_prints_a_variant_with_a_comment_first(bundled):
    result = run("specs", "fam_wide")
    assert result.exit_code == 0, result.output
    first, rest = result.output.split("\n", 1)
    assert first == ("# fam_wide: the variant {name: Fam-Wide, args: {width: 16}} of this "
                     "family file (fam.yaml); every other value as written below")
    assert rest == FAMILY


def test_specs_path(bundled):
    result = run("specs", "fam_wide", "--path")
    assert result.exit_code == 0, result.output
    assert result.output == f"{(bundled / 'fam.yaml').resolve()}\n"


def test_the_listing_names_every_bundled_name(bundled):
    rows = json.loads(run("specs", "--json").output)
    assert [row["spec"] for row in rows] == ["fam", "fam_wide", "sub", "sub_many"]
    by_spec = {row["spec"]: row for row in rows}
    assert by_spec["fam_wide"]["file"] == str((bundled / "fam.yaml").resolve())
    assert by_spec["fam_wide"]["variant"] == "fam_wide"
    assert by_spec["sub_many"]["name"] == "sub_many"
    assert "params" not in by_spec["fam"]
    counted = {row["spec"]: row for row in json.loads(run("specs", "--json", "--totals").output)}
    assert counted["sub_many"]["trainable_params"] == fam_params(16, 50)


def test_the_listing_unrolls_no_layers_without_totals(bundled, monkeypatch):
    import cnncalc.spec.document as document

    def unrolling(*args, **kwargs):
        raise AssertionError("a layer list was unrolled")
    monkeypatch.setattr(document, "Expander", unrolling)
    result = run("specs")
    assert result.exit_code == 0, result.output
    assert "sub_many" in result.output


@pytest.mark.parametrize("name, words", [
    ("resnt50", "did you mean"),
    ("../etc/passwd", "no bundled spec named"),
    ("fam/../../x", "no bundled spec named"),
    ("a\x1b[2Jb", "no bundled spec named"),
])
def test_specs_of_an_unknown_name(name, words):
    result = run("specs", name)
    refused(result, words)
    assert "\x1b" not in result.output


def test_specs_path_needs_a_name():
    result = run("specs", "--path")
    assert result.exit_code == 2 and "--path needs a NAME" in result.output


def test_the_real_listing_names_every_bundled_name():
    rows = json.loads(run("specs", "--json").output)
    assert [row["spec"] for row in rows] == cnncalc.bundled.bundled_names()
    for row in rows:
        assert Path(row["file"]).is_absolute() and Path(row["file"]).is_file()


# --- networks in check files --------------------------------------------------------------

def test_a_check_network_extends_with_other_settings(folder):
    write(folder, "hw.yaml", """\
networks:
  r160: {extends: resnet50, input: 160x160x3}
  t: {extends: tiny.yaml, args: {classes: 3}}
questions:
  - {network: r160, ask: mults, answer: "2,087,321,600"}
  - {network: t, ask: params, answer: %d}
""" % tiny_params(8, 3))
    result = run("check", "hw.yaml")
    assert result.exit_code == 0, result.output
    assert "2 of 2 questions right" in result.output


def test_a_check_network_may_not_extend_outside_its_folder(tmp_path, monkeypatch):
    write(tmp_path, "secret.yaml", TINY)
    write(tmp_path, "hw/hw.yaml", "network: {extends: ../secret.yaml}\n"
                                  "questions:\n  - {ask: params, answer: 1}\n")
    monkeypatch.chdir(tmp_path / "hw")
    refused(run("check", "hw.yaml"), "hw.yaml:1:20", "is outside the folder of hw.yaml")


def test_in_graded_mode_a_student_cannot_change_the_teachers_network(tmp_path, monkeypatch):
    """The teacher asks about ResNet-50 at 160 px; the student's file redefining the network
    (at 32 px, where the answer would differ) is ignored with a warning."""
    write(tmp_path, "teacher/hw.yaml", """\
networks:
  r: {extends: resnet50, input: 160x160x3}
questions:
  - {id: q1, network: r, ask: mults}
""")
    write(tmp_path, "ada/answers.yaml", """\
networks:
  r: {extends: resnet50, input: 32x32x3}
questions:
  - {id: q1, answer: "2,087,321,600"}
""")
    monkeypatch.chdir(tmp_path)
    result = run("check", "ada/answers.yaml", "--questions", "teacher/hw.yaml")
    assert result.exit_code == 0, result.output
    assert "1 of 1 questions right" in result.output
    assert "'networks' is ignored" in result.output


# --- the witness: torchvision's resnet50 at 160×160 (make test-torch) ------------------------

def test_resnet50_at_160_is_what_pytorch_counts():
    """torchvision's resnet50 at 160×160, counted by tests/torch_models.py's hooks
    (25,557,032 trainable, 53,120 BN statistics, 2,087,321,600 multiplications), against
    `--input 160x160x3`. Runs where torch is installed (``make test-torch``'s venv)."""
    from torch_models import count
    from torchvision_import import import_torchvision

    torchvision = import_torchvision()
    witness = count(torchvision.models.resnet50(), (160, 160, 3))
    counted = totals("resnet50", "--input", "160x160x3")
    assert (counted["trainable_params"], counted["non_trainable_params"], counted["mults"]) == (
        witness.trainable, witness.non_trainable, witness.mults)


def test_a_spec_extended_by_many_networks_is_read_once(folder, monkeypatch):
    import cnncalc.spec.extends as extends

    reads = []
    original = extends.read_source
    monkeypatch.setattr(extends, "read_source",
                        lambda path, shown, *rest: reads.append(shown) or original(path, shown))
    networks = "\n".join(f"  n{index}: {{extends: tiny.yaml, args: {{classes: {index + 1}}}}}"
                         for index in range(50))
    write(folder, "hw.yaml", f"networks:\n{networks}\nquestions:\n"
                             f"  - {{network: n49, ask: params, answer: {tiny_params(8, 50)}}}\n")
    result = run("check", "hw.yaml")
    assert result.exit_code == 0, result.output
    assert "1 of 1 questions right" in result.output
    assert reads == ["tiny.yaml"]


def test_extending_a_block_library_says_to_include_it(tmp_path):
    (tmp_path / "e.yaml").write_text("extends: units\ninput: 8x8x3\n")
    from cnncalc.errors import SpecError
    from cnncalc.spec import load_spec
    with pytest.raises(SpecError, match=r"'units' is a block library, not a spec.*include: \[units\]"):
        load_spec(tmp_path / "e.yaml")


def test_a_setting_may_be_a_kind_with_its_settings():
    """--set act={leaky_relu: 0.2}: the units' activation argument, as a spec may write it."""
    from cnncalc.spec.arguments import parse_setting
    assert parse_setting("act={leaky_relu: 0.2}") == ("act", {"leaky_relu": 0.2})
    from cnncalc.calculator import summarize
    from cnncalc.spec import parse_spec
    spec = ("args: {act: relu}\ninput: 8x8x3\ninclude: [units]\nlayers:\n"
            "  - conv_bn_act: {name: u, filters: 4, kernel: 3, act: $act}\n")
    network = parse_spec(spec, "a.yaml", settings={"act": {"leaky_relu": 0.2}})
    assert summarize(network).row("u/act").kind == "leaky_relu"
