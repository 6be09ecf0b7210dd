"""A total quoted in a bundled spec's ``notes:`` is the total cnncalc computes for that name.

The convention (how notes quote a total, so that this test finds every one):

- a total is a whole number written with thousands commas (``25,557,032``; a number below
  1,000 is written as it is) followed by one space and one of these words:

  ==============================  =========================================
  ``… trainable parameters``      the trainable parameters
  ``… parameters``                the trainable parameters (no BN in the net)
  ``… BN running statistics``     the non-trainable ones (BatchNorm's mean, var)
  ``… multiplications``           the multiply-accumulates (cnncalc's convention)
  ==============================  =========================================

  A product ``2 × 21,008 BN running statistics`` (a mean and a variance per channel) is read
  as its value, 42,016;
- it is a total of the network the notes belong to: a file's top-level ``notes`` are those of
  the file as written (its ``args`` at their defaults), a variant's ``notes`` (under
  ``variants:``) those of that variant. A variant without notes has none checked (the family's
  describe the defaults);
- a number quoted for another reason — another network's count, a layer's, another tool's —
  is written some other way (``25.6 M``, ``ResNet-50's 25,557,032 params``,
  ``conv1: 34,944 weights``) and is not checked.
"""

from __future__ import annotations

import re

import pytest

from cnncalc.bundled import bundled_names, bundled_spec
from cnncalc.calculator import summarize
from cnncalc.spec import load_spec
from cnncalc.spec.source import load_yaml

NUMBER = r"\d{1,3}(?:,\d{3})*"
TOTAL = re.compile(rf"(?<![\d,.])(?:({NUMBER}) × )?({NUMBER}) (trainable parameters|parameters|"
                   r"BN running statistics|multiplications)\b")
QUANTITY = {"trainable parameters": "trainable_params", "parameters": "trainable_params",
            "BN running statistics": "non_trainable_params", "multiplications": "mults"}


def quoted_totals(notes: str) -> list[tuple[str, int]]:
    """(the quantity, the number) of every total `notes` quotes by the convention above.

    >>> quoted_totals("Totals 25,557,032 trainable parameters + 53,120 BN running "
    ...               "statistics / 4,089,184,256 multiplications; 25.6 M params")
    [('trainable_params', 25557032), ('non_trainable_params', 53120), ('mults', 4089184256)]
    >>> quoted_totals("+ 2 × 21,008 BN running statistics")
    [('non_trainable_params', 42016)]
    """
    text = " ".join(notes.split())   # a folded line may break between number and word
    return [(QUANTITY[match.group(3)], number(match.group(1) or "1") * number(match.group(2)))
            for match in TOTAL.finditer(text)]


def number(text: str) -> int:
    return int(text.replace(",", ""))


def notes_of(name: str) -> str:
    """The notes that belong to the bundled name: the variant's, or the file's own."""
    found = bundled_spec(name)
    document = load_yaml(found.path.read_text(encoding="utf-8"), found.shown)
    if found.variant is None:
        return str(document.get("notes") or "")
    return str(document["variants"][found.variant].get("notes") or "")


QUOTED = [(name, quantity, number) for name in bundled_names()
          for quantity, number in quoted_totals(notes_of(name))]


@pytest.mark.parametrize("name, quantity, number", QUOTED,
                         ids=[f"{name}-{quantity}-{number}" for name, quantity, number in QUOTED])
def test_a_total_in_the_notes_is_the_computed_one(name, quantity, number):
    totals = summarize(load_spec(name)).totals
    assert getattr(totals, quantity) == number, (
        f"{name}'s notes quote {number:,} as its {quantity}; cnncalc computes "
        f"{getattr(totals, quantity):,}")


def test_the_notes_quote_totals_at_all():
    """The convention finds the totals written today (ResNet-50's, the issue's example)."""
    assert ("resnet50", "trainable_params", 25_557_032) in QUOTED
    assert ("resnet50", "mults", 4_089_184_256) in QUOTED
