"""`verify`'s memory guard is a bound: for every layer kind the estimate made before anything is
allocated is at least the peak the engine then reaches, and at most 1.5 times it."""

from __future__ import annotations

import pytest

from memory_cases import CASES, kind_of, measure, warm_up

from cnncalc.engine.scratch import TERMS, VIEW
from cnncalc.layers import kinds


@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


@pytest.mark.parametrize("cls", kinds(), ids=lambda cls: cls.kind)
def test_every_kind_declares_its_engine_memory(cls):
    """Declared on the class itself (an inherited rule would hide a new kind's kernel), in
    terms the engine knows, and run by a case below."""
    declared = vars(cls).get("engine_scratch")
    assert declared, f"{cls.kind} declares no engine_scratch beside in_place"
    assert set(declared) <= set(TERMS) | {VIEW}
    assert cls.kind in {kind_of(case) for case in CASES}


@pytest.mark.parametrize("case", list(CASES))
def test_estimate_bounds_the_measured_peak(case):
    estimate, peak = measure(case)
    assert peak <= estimate <= 1.5 * peak, (
        f"{case}: estimated {estimate / 2**20:.2f} MiB, measured {peak / 2**20:.2f} MiB")
