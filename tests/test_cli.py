"""The command line, through click's CliRunner: exit codes and what the user sees."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from cnncalc.cli import main

LAYER_KEYS = {"name", "kind", "input_shape", "output_shape", "params", "trainable_params",
              "non_trainable_params", "mults", "activations"}
TOTAL_KEYS = {"params", "trainable_params", "non_trainable_params", "mults", "flops"}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_summarize_bundled_alexnet_by_file_name():
    result = run("summarize", "alexnet.yaml")
    assert result.exit_code == 0, result.output
    assert "AlexNet" in result.output
    assert "55×55×96" in result.output and "34,944" in result.output
    assert "60,965,224" in result.output      # the total
    assert "1,448,813,632" in result.output   # FLOPs = 2 · 724,406,816
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_summarize_json_has_the_documented_keys():
    result = run("summarize", "alexnet", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"name", "input", "layers", "totals"} <= set(data)
    assert data["input"] == [227, 227, 3]
    assert all(LAYER_KEYS <= set(layer) for layer in data["layers"])
    conv1 = data["layers"][0]
    assert conv1["output_shape"] == [55, 55, 96] and conv1["input_shape"] == [227, 227, 3]
    assert conv1["params"] == (11 * 11 * 3 + 1) * 96
    assert TOTAL_KEYS <= set(data["totals"])
    assert data["totals"]["flops"] == 2 * data["totals"]["mults"] == 2 * 724_406_816


def test_json_rows_sum_to_totals_and_batch_scales():
    data = json.loads(run("summarize", "resnet50", "--json", "--batch", "4").output)
    assert data["batch"] == 4
    for key in ("params", "trainable_params", "non_trainable_params", "mults", "activations"):
        assert sum(layer[key] for layer in data["layers"]) == data["totals"][key]
    assert data["totals"]["mults"] == 4 * 4_089_184_256


def test_csv_and_markdown_views():
    rows = list(csv.DictReader(io.StringIO(run("summarize", "lenet5", "--format", "csv").output)))
    assert rows[0]["output_shape"] == "28x28x6"
    assert sum(int(row["params"]) for row in rows) == 61_706
    markdown = run("summarize", "lenet5", "--format", "markdown").output
    assert "| Layer | Kind | Input | Output | Params | Mults |" in markdown
    assert "**61,706**" in markdown


def test_user_spec_in_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_net.yaml").write_text(
        "name: mine\ninput: 32x32x3\nlayers:\n  - conv: {filters: 16, kernel: 3, padding: same}\n")
    result = run("summarize", "my_net.yaml", "--batch", "32", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["layers"][0]["output_shape"] == [32, 32, 16]
    assert data["totals"]["mults"] == 32 * (32 * 32 * 16 * 3 * 3 * 3)


def test_specs_lists_every_bundled_spec_with_totals():
    result = run("specs")
    assert result.exit_code == 0
    for name in ("alexnet", "vgg16", "googlenet", "resnet50", "mobilenet_v2", "lenet5"):
        assert name in result.output
    data = json.loads(run("specs", "--json", "--totals").output)
    by_spec = {row["spec"]: row for row in data}
    assert by_spec["vgg16"]["params"] == 138_357_544


def test_kinds_lists_the_registry():
    result = run("kinds")
    assert result.exit_code == 0
    for kind in ("conv", "conv_transpose", "maxpool", "fc", "batchnorm", "concat", "multiply"):
        assert kind in result.output


def test_explain_shows_the_formulas():
    result = run("explain", "alexnet", "conv1")
    assert result.exit_code == 0
    assert "⌊(227 − 11 + 2·0)/4⌋ + 1 = 55" in result.output
    assert "(11·11·3 + 1)·96 = 34,944" in result.output
    assert "55·55·96 · 11·11·3 = 105,415,200" in result.output
    missing = run("explain", "alexnet", "conv9")
    assert missing.exit_code == 2 and "has no layer 'conv9'" in missing.output


def test_every_command_has_help_with_an_example():
    for name, command in main.commands.items():
        assert command.help, name
        assert run(name, "--help").exit_code == 0


def test_readme_documents_every_json_key():
    """The README's JSON section names every key `--json` prints (they are a stable interface)."""
    import re
    from pathlib import Path
    text = (Path(__file__).parent.parent / "README.md").read_text()
    section = text.split("## JSON output", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`(\w+)(?:\[\])?`", section))
    data = json.loads(run("summarize", "resnet18", "--json").output)
    keys = set(data) | set(data["layers"][0]) | set(data["totals"])
    keys |= set(data["layers"][0]["formulas"])
    assert keys <= documented, keys - documented


def test_bundled_specs_are_found_from_a_bare_source_tree(tmp_path):
    """Without cnncalc.specs installed (a copy of the package beside specs/), the specs folder
    beside the package is used: `from . import specs` then fails with a plain ImportError."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).parent.parent
    shutil.copytree(root / "cnncalc", tmp_path / "cnncalc",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "specs").symlink_to(root / "specs")
    done = subprocess.run([sys.executable, "-S", "-c", "import sys; sys.path.insert(0, '.');"
                           "from cnncalc.bundled import bundled_dir; print(bundled_dir())"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.stdout.strip() == str(tmp_path / "specs"), done.stderr
