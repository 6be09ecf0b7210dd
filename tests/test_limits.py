"""Hostile files are refused with one located sentence and exit code 2 — never a traceback,
never minutes of work. The files are those of `make bench` (bench/specgen.py); `make bench`
times them, these tests check the refusals."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.cli import main

SPECGEN = Path(__file__).resolve().parent.parent / "bench" / "specgen.py"
_spec = importlib.util.spec_from_file_location("specgen", SPECGEN)
specgen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(specgen)


def refused(path: Path) -> str:
    """The message of ``cnncalc summarize PATH --json``, which must be a user error."""
    result = CliRunner().invoke(main, ["summarize", str(path), "--json"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.output.strip()


@pytest.mark.parametrize("make, message", [
    (specgen.deep_nesting, "h.yaml:3:108: the YAML nests more than 100 levels deep"),
    (specgen.many_items, "h.yaml:100004:5: a list of more than 100,000 items; a spec has at "
                         "most 100,000 layers"),
    (specgen.alias_bomb, "h.yaml:9:10: the YAML holds more than 2,000,000 values (aliases "
                         "counted as often as they are used)"),
    (specgen.long_number, "h.yaml:4:21: a number of 5,000 characters is not a layer setting"),
    (specgen.long_expression_number, "gives a number of 990 digits, beyond any layer's size"),
], ids=["nesting", "items", "aliases", "yaml-number", "expression-number"])
def test_hostile_text_is_refused_with_a_sentence(make, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("h.yaml").write_text(make(), encoding="utf-8")
    assert message in refused(Path("h.yaml"))


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "big.yaml"
    specgen.big_file(str(path))
    assert "is 100,000,000 bytes; a spec is at most 16,000,000 bytes" in refused(path)


def test_an_alias_inside_its_own_collection_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("input: 8x8x3\nlayers: &l [relu, *l]\n", encoding="utf-8")
    assert "the alias '*l' stands inside the collection it names" in refused(path)


def test_a_repeat_of_nothing_ends_at_once(calc_text):
    """``repeat`` of items that are all left out makes nothing, however many times."""
    summary = calc_text(specgen.endless_repeat())
    assert [row.kind for row in summary.layers] == ["relu"]


def test_more_layers_than_the_limit_are_refused_while_unrolling(calc_text):
    from cnncalc.errors import SpecError

    with pytest.raises(SpecError, match="unrolls to more than 100,000 layers"):
        calc_text("input: 8x8x3\nlayers:\n  - relu: {repeat: 1000000000000}\n")


def nested_blocks(inner: str, levels: int = 100, grouped: int = 50, groups: int = 1) -> str:
    """Blocks b0 … b(levels − 1), each using the next; the first `grouped` wrap that use in
    `groups` repeat groups; the last holds the layer `inner`."""
    lines = ["input: 8x8x3", "blocks:"]
    for level in range(levels):
        item = "{" + (f"b{level + 1}: {{c: 1}}" if level < levels - 1 else inner) + "}"
        for _ in range(groups if level < grouped else 0):
            item = f"{{repeat: {{times: 1, layers: [{item}]}}}}"
        lines += [f"  b{level}:", "    args: [c]", f"    layers: [{item}]"]
    return "\n".join(lines + ["layers: [{b0: {c: 1}}]"]) + "\n"


def test_blocks_and_groups_nested_past_the_stack_are_refused(tmp_path):
    """99 blocks, each using the next inside 30 repeat groups: 3,000 levels, which recursed
    past Python's stack; refused at the 151st level (each block and its 30 groups are 31
    levels: b4 holds levels 125 to 155)."""
    path = tmp_path / "h.yaml"
    path.write_text(nested_blocks("relu", levels=99, grouped=99, groups=30), encoding="utf-8")
    assert refused(path).endswith(
        "layer 1 (in block 'b4' used at line 14) (repeat): blocks and repeat groups are nested "
        "inside one another more than 150 levels deep; a network needs a few levels")


def test_the_deepest_nesting_allowed_still_reads_a_deep_expression(tmp_path):
    """150 levels (100 blocks, 50 groups) around an expression 95 signs deep: the stack left
    is enough, and −(−(…3…)) with 95 minus signs is −3, refused as a filter count."""
    expression = "-(" * 95 + "3" + ")" * 95
    path = tmp_path / "h.yaml"
    path.write_text(nested_blocks(f'conv: {{filters: "${{{expression}}}", kernel: 1}}'),
                    encoding="utf-8")
    assert refused(path).endswith("(in block 'b99' used at line 299): filters: must be a whole "
                                  "number of at least 1, received -3")
