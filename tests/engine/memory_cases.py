"""One run per layer kind (and per convolution strategy) where that layer dominates memory: the
guard's estimate against the peak the engine really reached (tracemalloc sees NumPy's arrays).

Used by tests/engine/test_memory_bound.py, and run as a script it prints the table of
docs/performance.md ("The memory guard, kind by kind"):

    .venv/bin/python tests/engine/memory_cases.py
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cnncalc.calculator import summarize
from cnncalc.engine.network import run
from cnncalc.engine.scratch import formula_text
from cnncalc.layers import REGISTRY
from cnncalc.spec.document import parse_spec
from cnncalc.verify import estimate_peak

INPUT = "128x128x128"
"""8 MiB of float32: large enough that the guard's fixed 1 MiB of slack stays small beside it."""

TWO_INPUTS = "{from: [input, relu1]}"

CASES: dict[str, str] = {
    # kind (or kind and variant) → the layer, on INPUT
    "conv": "conv: {filters: 128, kernel: 3, padding: 1}",
    "conv, strided": "conv: {filters: 128, kernel: 3, stride: 2}",
    "conv, dilated": "conv: {filters: 128, kernel: 3, dilation: 4, padding: 4}",
    "conv, grouped": "conv: {filters: 128, kernel: 3, groups: 4, padding: 1}",
    "conv, 1×1": "conv: {filters: 64, kernel: 1}",
    "conv, depthwise": "conv: {kernel: 3, depthwise: true, padding: 1}",
    "conv, depthwise strided": "conv: {kernel: 3, depthwise: true, stride: 2, padding: 1}",
    "conv, depthwise ×2": "conv: {kernel: 3, depthwise: true, multiplier: 2}",
    "conv_transpose": "conv_transpose: {filters: 64, kernel: 3, stride: 2}",
    "maxpool": "maxpool: {kernel: 3, stride: 2, padding: 1}",
    "avgpool": "avgpool: {kernel: 2}",
    "global_avgpool": "global_avgpool",
    "adaptive_avgpool": "adaptive_avgpool: {size: 7}",
    "fc": "fc: 10",
    "flatten": "flatten",
    "relu": "relu", "relu6": "relu6", "tanh": "tanh", "sigmoid": "sigmoid", "silu": "silu",
    "hardswish": "hardswish", "hardsigmoid": "hardsigmoid", "gelu": "gelu",
    "identity": "identity", "softmax": "softmax", "leaky_relu": "leaky_relu",
    "dropout": "dropout", "lrn": "lrn", "batchnorm": "batchnorm", "layernorm": "layernorm",
    "scale": "scale",
    "add": f"add: {TWO_INPUTS}", "concat": f"concat: {TWO_INPUTS}",
    "multiply": f"multiply: {TWO_INPUTS}",
    "split": "split: {parts: 2, take: 0}", "channel_shuffle": "channel_shuffle: {groups: 4}",
    "upsample": "upsample: {scale: 2}",
    "upsample, bilinear": "upsample: {scale: 2, mode: bilinear}",
    "zeropad": "zeropad: {padding: 2}", "crop": "crop: {margins: 2}",
    "scale, constant": "scale: 0.17",
    "add, weighted": "add: {from: [input, relu1], weights: [1, 0.17]}",
    "pixel_shuffle": "pixel_shuffle: 2", "prelu": "prelu",
    "max_unpool": "max_unpool: {pool: pool1}",
}


def kind_of(case: str) -> str:
    return case.split(",")[0]


def spec_text(case: str, shape: str = INPUT) -> str:
    layer = CASES[case]
    before = "  - relu\n" if "relu1" in layer else "  - maxpool: 2\n" if "pool1" in layer else ""
    return f"input: {shape}\nlayers:\n{before}  - {layer}\n"


def warm_up() -> None:
    """One tiny run first: the run's lazy imports and caches are then not in a case's peak."""
    run(parse_spec("input: 4x4x4\nlayers:\n  - relu\n"))


def measure(case: str, batch: int = 1, shape: str = INPUT) -> tuple[int, int]:
    """(the guard's estimate, the peak the engine reached), in bytes."""
    network = parse_spec(spec_text(case, shape))
    estimate = estimate_peak(network, summarize(network, batch)).bytes
    gc.collect()
    return estimate, run(network, batch).peak_bytes


def table() -> str:
    warm_up()
    lines = ["| layer | declared (`engine_scratch`) | estimate | measured peak | ratio |",
             "|---|---|--:|--:|--:|"]
    for case, layer in CASES.items():
        estimate, peak = measure(case)
        declared = formula_text(REGISTRY[kind_of(case)]).replace("|", "\\|")
        lines.append(f"| `{layer}` | {declared} | {estimate / 2**20:,.1f} MiB | "
                     f"{peak / 2**20:,.1f} MiB | {estimate / peak:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
