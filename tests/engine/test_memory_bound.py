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


PLANNED = [case for case in CASES if kind_of(case) in
           {"conv", "conv_transpose", "maxpool", "avgpool", "adaptive_avgpool", "upsample"}]
"""The cases whose terms are more than the output's size times the batch: tiling plans (which
put several images in a tile), row gathers."""


@pytest.mark.parametrize("case", PLANNED)
def test_estimate_bounds_the_peak_of_a_batch(case):
    """Batch 3 of 64×64×64: the terms count the whole batch. The peaks are 4–45 MiB, so the
    guard's fixed slack is left out of the upper bound."""
    from cnncalc.verify import SLACK_BYTES
    estimate, peak = measure(case, batch=3, shape="64x64x64")
    assert peak <= estimate <= 1.5 * peak + SLACK_BYTES, (
        f"{case}: estimated {estimate / 2**20:.2f} MiB, measured {peak / 2**20:.2f} MiB")


def _temporaries(call) -> int:
    """Bytes a kernel call held at its peak beyond the output it returned (tracemalloc)."""
    import tracemalloc
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        out = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - out.nbytes


NOISE = 3 * 8192 * 8
"""NumPy's own buffers, not the kernel's: a buffered ufunc (np.add into a strided view) holds
8,192 elements per operand (96 KiB measured for 3 float32 operands; float64 at most doubles it)."""


@pytest.mark.parametrize("strategy", ["shifted", "im2col_rows", "im2col"])
@pytest.mark.parametrize("n, h, c, k, kernel, stride, padding, dilation, groups", [
    (2, 40, 32, 32, 3, 1, 1, 1, 1),
    (1, 40, 32, 64, 3, 2, 2, 1, 4),
    (2, 33, 16, 16, 5, (2, 1), 4, 2, 1),
    (1, 30, 24, 24, 3, 1, 30, 1, 1),      # padding wider than the input
    (1, 16, 8, 8, 3, 1, 40, 20, 1),       # one output row reads a 41-row band
    (1, 40, 32, 32, 3, 2, 1, 1, 32),      # depthwise
    (1, 40, 16, 32, 3, 1, 1, 1, 16),      # depthwise, two filters per channel
])
def test_conv_plan_counts_what_the_kernel_allocates(strategy, n, h, c, k, kernel, stride,
                                                    padding, dilation, groups):
    """Every strategy, forced, on small budgets (several tiles): the plan's buffers are what the
    call allocated besides its output."""
    import numpy as np
    from cnncalc.engine.conv import conv2d, conv2d_scratch
    x = np.ones((n, h, h, c), np.float32)
    w = np.ones((kernel, kernel, c // groups, k), np.float32)
    options = dict(stride=stride, padding=padding, dilation=dilation, groups=groups,
                   strategy=strategy, budget_bytes=2**20)
    estimate = 4 * conv2d_scratch(x.shape, w.shape, **options)
    measured = _temporaries(lambda: conv2d(x, w, **options))
    assert measured <= estimate + NOISE and estimate <= 1.5 * measured + NOISE, (
        f"estimated {estimate:,} bytes, measured {measured:,}")


@pytest.mark.parametrize("kernel, stride, padding, ceil_mode", [
    (2, 2, 0, False), (3, 2, 1, True), (5, 1, 2, False), (7, 3, 3, True)])
@pytest.mark.parametrize("average", [False, True])
def test_pool_plan_counts_what_the_kernel_allocates(kernel, stride, padding, ceil_mode, average):
    import numpy as np
    from cnncalc.engine.pool import avg_pool2d, max_pool2d, pool2d_scratch
    x = np.ones((2, 64, 64, 32), np.float32)
    pool = avg_pool2d if average else max_pool2d
    estimate = 4 * pool2d_scratch(x.shape, kernel, stride, padding, ceil_mode, average=average)
    measured = _temporaries(lambda: pool(x, kernel, stride, padding, ceil_mode))
    assert measured <= estimate + NOISE and estimate <= 1.5 * measured + NOISE, (
        f"estimated {estimate:,} bytes, measured {measured:,}")


@pytest.mark.parametrize("kernel, stride, groups", [(3, 2, 1), (4, 2, 2), (1, 1, 1)])
def test_transposed_conv_plan_counts_what_the_kernel_allocates(kernel, stride, groups):
    import numpy as np
    from cnncalc.engine.conv_transpose import conv_transpose2d, conv_transpose2d_scratch
    x = np.ones((2, 24, 24, 32), np.float32)
    w = np.ones((kernel, kernel, 32, 32 // groups), np.float32)
    estimate = 4 * conv_transpose2d_scratch(x.shape, w.shape, groups=groups, budget_bytes=2**20)
    measured = _temporaries(lambda: conv_transpose2d(x, w, stride=stride, groups=groups,
                                                     budget_bytes=2**20))
    assert measured <= estimate + NOISE and estimate <= 1.5 * measured + NOISE, (
        f"estimated {estimate:,} bytes, measured {measured:,}")
