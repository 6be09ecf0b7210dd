"""`--memory` against what PyTorch allocates on the CPU. Skipped where torch is not installed.

What is measurable without a GPU: `torch.profiler` with ``profile_memory=True`` records the bytes
each operator allocates (net of what it frees: im2col workspace and max-pool indices come and go
inside the operator). A forward pass at inference, with every layer's output kept alive by a
hook (so nothing is freed early, as our forward total assumes), must allocate exactly the
forward total less the input, which exists before the pass: in-place ReLU, dropout at eval and
flatten (a view) allocate nothing. Training is not compared: what autograd saves depends on the
operator (max-pool indices, BatchNorm's batch statistics), details the estimate leaves out.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from torch import nn  # noqa: E402
from torch.profiler import ProfilerActivity, profile  # noqa: E402

from cnncalc.memory import memory  # noqa: E402

BATCH = 2


def measured_allocations(net: "nn.Module", x) -> list[int]:
    """Net bytes allocated by each top-level operator of one forward pass, outputs kept."""
    kept = []
    for module in net:
        module.register_forward_hook(lambda module, inputs, output: kept.append(output))
    with torch.no_grad():
        net(x)                       # warm-up: one-time allocations stay out of the count
        kept.clear()
        with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
            net(x)
    return [event.cpu_memory_usage for event in prof.events() if event.cpu_parent is None]


def test_forward_allocations_equal_the_forward_total(calc):
    summary = calc("32x32x3", "conv: {filters: 8, kernel: 3}", "relu", "maxpool: 2",
                   "conv: {filters: 16, kernel: 3, padding: 1}", "batchnorm", "relu",
                   "flatten", "dropout", "fc: 10", batch=BATCH)
    net = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(inplace=True), nn.MaxPool2d(2),
                        nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16),
                        nn.ReLU(inplace=True), nn.Flatten(), nn.Dropout(),
                        nn.Linear(16 * 15 * 15, 10)).eval()
    measured = measured_allocations(net, torch.randn(BATCH, 3, 32, 32))
    report = memory(summary)
    assert measured == [layer.bytes for layer in report.layers]
    assert sum(measured) == report.forward_bytes - report.input_bytes
