"""Feature probes: True once the real check-values, check-slips and solve modules are in."""

from __future__ import annotations

from cnncalc.calculator import summarize
from cnncalc.check.quantities import Quantity
from cnncalc.check.slips import layer_candidates
from cnncalc.check.values import UnreadableAnswer, read_number
from cnncalc.errors import CnnCalcError
from cnncalc.solve import solve
from cnncalc.spec import parse_spec


def _reads_abbreviations() -> bool:
    try:
        read_number("35K")
    except UnreadableAnswer:
        return False
    return True


def _finds_slips() -> bool:
    network = parse_spec("input: 8x8x3\nlayers: [{conv: {filters: 4, kernel: 3}}]", "probe")
    summary = summarize(network)
    return bool(layer_candidates(Quantity.FLOPS, network.nodes[0], network, summary))


def _solves_inputs() -> bool:
    try:
        solve("conv", {"filters": 4, "kernel": 5}, ("input",), None, (28, 28))
    except CnnCalcError:
        return False
    return True


REAL_VALUES = _reads_abbreviations()
REAL_SLIPS = _finds_slips()
REAL_SOLVE = _solves_inputs()
