"""Shared fixtures: build a network from a few lines of YAML and calculate it."""

from __future__ import annotations

import textwrap

import pytest

from cnncalc.calculator import summarize
from cnncalc.spec import parse_spec


def layers_spec(input_shape: str, *layers: str) -> str:
    """A spec with the given input and layer lines (each a YAML list item without the dash)."""
    body = "\n".join(f"  - {layer}" for layer in layers)
    return f"name: test\ninput: {input_shape}\nlayers:\n{body}\n"


@pytest.fixture
def calc():
    """``calc("227x227x3", "conv: {filters: 96, kernel: 11, stride: 4}")`` → Summary."""

    def run(input_shape: str, *layers: str, batch: int = 1):
        return summarize(parse_spec(layers_spec(input_shape, *layers), "test.yaml"), batch)

    return run


@pytest.fixture
def calc_text():
    """Calculate a whole spec given as (indented) YAML text."""

    def run(text: str, batch: int = 1):
        return summarize(parse_spec(textwrap.dedent(text), "test.yaml"), batch)

    return run
