"""A short fuzz campaign in every `make test` (`make fuzz` runs 10,000 cases), and the bugs
campaigns found, each pinned by its smallest case. A failure is an internal error: anything
but a clean answer or a one-line refusal (exit code 2)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from cnncalc.errors import SpecError

FUZZ = Path(__file__).resolve().parent / "fuzz.py"
_spec = importlib.util.spec_from_file_location("cnncalc_fuzz", FUZZ)
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)


CASES = 450
"""Fifty of each of the nine families: damage (four) and hostile (five)."""


def test_a_short_campaign_finds_no_internal_error():
    run = fuzz.campaign(CASES, seed=20261123, light=True)
    shown = "\n\n".join(f"{command}:\n{text[:400]}\n{trace[-1200:]}"
                        for command, text, trace in run.failures[:2])
    assert run.cases == CASES
    assert not run.failures, shown


def test_a_repeat_group_of_zero_times_makes_nothing(calc_text):
    summary = calc_text("""
        input: 8x8x3
        layers:
          - relu
          - repeat: {times: 0, layers: [conv: {filters: 4, kernel: 3}]}
    """)
    assert [row.kind for row in summary.layers] == ["relu"]


def test_an_include_whose_name_the_system_cannot_look_up_is_refused(calc_text):
    for name in ("x" * 300, "a\0b"):
        with pytest.raises(SpecError, match="no such file next to this one"):
            calc_text(f"input: 8x8x3\ninclude: [{name!r}]\nlayers: [relu]\n")


def test_block_args_that_are_not_words_are_refused(calc_text):
    with pytest.raises(SpecError, match=r"argument \['c'\] must be a word"):
        calc_text("""
            input: 8x8x3
            blocks:
              unit: {args: [[c]], layers: [relu]}
            layers: [unit]
        """)
