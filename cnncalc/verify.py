"""Check the calculator against the reference engine, layer by layer.

`verify` calculates the network, estimates the engine's peak memory and refuses (nothing
allocated) above the limit, runs the engine, and pairs each layer's calculated output shape,
parameters and multiplications with the measured ones. The result is plain data for the views.
"""

from __future__ import annotations

from dataclasses import dataclass

from .calculator import summarize
from .engine.memory import DEFAULT_MAX_MEMORY, FLOAT32, MemoryRefused, gib
from .graph import INPUT, Network
from .report import Summary

KERNEL_TEMPORARIES = 96 * 2**20
"""A bound on the engine's per-layer scratch space (its kernels tile under 64 MiB), with room."""


@dataclass(frozen=True)
class LayerCheck:
    name: str
    kind: str
    calculated_shape: tuple[int, ...]
    measured_shape: tuple[int, ...]
    calculated_params: tuple[int, int]
    """(trainable, non-trainable)"""
    measured_params: tuple[int, int]
    calculated_mults: int
    measured_mults: int
    seconds: float

    @property
    def ok(self) -> bool:
        return (self.calculated_shape == self.measured_shape
                and self.calculated_params == self.measured_params
                and self.calculated_mults == self.measured_mults)


@dataclass(frozen=True)
class Verification:
    name: str
    batch: int
    seed: int
    layers: tuple[LayerCheck, ...]
    seconds: float
    peak_bytes: int
    estimated_bytes: int
    blas: str

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.layers)

    @property
    def forward_seconds(self) -> float:
        """The layers' compute time (the rest of `seconds` is making weights and inputs)."""
        return sum(check.seconds for check in self.layers)

    @property
    def failures(self) -> list[LayerCheck]:
        return [check for check in self.layers if not check.ok]


def estimate_peak_bytes(network: Network, summary: Summary) -> int:
    """The most memory the engine will hold at once: the live activations (each freed after its
    last reader), the largest layer's weights and the kernels' scratch space."""
    sizes = {INPUT: summary.totals.input_bytes}
    sizes.update({row.name: row.activations * FLOAT32 for row in summary.layers})
    last_reader = {}
    for step, node in enumerate(network.nodes):
        for name in node.inputs:
            last_reader[name] = step
    live, peak = sizes[INPUT], 0
    for step, (node, row) in enumerate(zip(network.nodes, summary.layers)):
        live += sizes[node.name]
        peak = max(peak, live + row.params * FLOAT32 + KERNEL_TEMPORARIES)
        for name in set(node.inputs):
            if last_reader[name] == step and name != network.output:
                live -= sizes[name]
    return peak


def verify(network: Network, batch: int = 1, seed: int = 0,
           max_memory: int = DEFAULT_MAX_MEMORY, blas: str = "") -> Verification:
    """Run the engine on `network` and compare every layer with the calculator."""
    summary = summarize(network, batch)
    estimate = estimate_peak_bytes(network, summary)
    if estimate > max_memory:
        smaller = max(1, batch * max_memory // estimate)
        hint = f"try --batch {smaller}" if batch > 1 else "use a smaller input"
        raise MemoryRefused(
            f"{network.name}: verifying at batch {batch} would need about {gib(estimate)}, more "
            f"than --max-memory {gib(max_memory)}; {hint}, or raise --max-memory")
    from .engine.network import run  # NumPy is loaded only when a run is really wanted

    measured = run(network, batch, seed)
    checks = tuple(
        LayerCheck(name=row.name, kind=row.kind, calculated_shape=row.output_shape,
                   measured_shape=seen.output_shape,
                   calculated_params=(row.trainable_params, row.non_trainable_params),
                   measured_params=(seen.trainable_params, seen.non_trainable_params),
                   calculated_mults=row.mults, measured_mults=seen.mults, seconds=seen.seconds)
        for row, seen in zip(summary.layers, measured.layers))
    return Verification(name=network.name, batch=batch, seed=seed, layers=checks,
                        seconds=measured.seconds, peak_bytes=measured.peak_bytes,
                        estimated_bytes=estimate, blas=blas)
