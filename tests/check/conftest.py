"""Fixtures for the homework checker: write an answers file in a fresh folder and run
`cnncalc check` on it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.cli import main


@pytest.fixture
def check(tmp_path, monkeypatch):
    """``check(yaml_text, "--json")`` → click's Result for ``cnncalc check hw.yaml --json``,
    run in a temporary folder (so messages say ``hw.yaml:…``)."""
    monkeypatch.chdir(tmp_path)

    def run(text: str, *args: str, name: str = "hw.yaml"):
        Path(name).write_text(textwrap.dedent(text), encoding="utf-8")
        return CliRunner().invoke(main, ["check", name, *args])

    return run

