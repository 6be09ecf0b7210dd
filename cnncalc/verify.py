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

SLACK_BYTES = 2**20
"""Room for what no layer's declaration counts, about half of it measured at most: the random
blocks weights are copied from (4,093 values, their signs and indices, 64 KiB), per-channel
statistics in float64 (BatchNorm's scale and shift), NumPy's ufunc buffers (8,192 elements per
operand, 96–192 KiB)."""
PER_LAYER_BYTES = 2**9
"""The run's record of each layer (timings, shapes) and its bookkeeping, kept to the end (225 bytes
measured over 10,000 layers)."""

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


@dataclass(frozen=True)
class Estimate:
    """The most memory a run will hold at once, and the layer at which it does."""

    bytes: int
    layer: str


def estimate_peak(network: Network, summary: Summary) -> Estimate:
    """The engine's peak, walked in the engine's order before anything is allocated: at each
    layer, the live activations (each freed after its last reader; a view's memory is its
    input's, freed after the last reader of either), the layer's weights and what its kernel
    holds (`Layer.engine_scratch`: its output and every temporary, padded copies and tiles
    included), plus `SLACK_BYTES` and `PER_LAYER_BYTES` for each layer run so far. Weights
    that other layers share (``shares:``) stay live from their owner to the last layer of its
    chain of sharers."""
    from .engine.scratch import is_view, scratch_bytes

    batch = summary.batch
    shapes = {INPUT: network.input_shape}
    shapes.update({row.name: row.output_shape for row in summary.layers})
    owner = {INPUT: INPUT}
    size = {INPUT: summary.totals.input_bytes}
    last_use: dict[str, int] = {}
    for step, (node, row) in enumerate(zip(network.nodes, summary.layers)):
        view = is_view(node.layer)
        owner[node.name] = owner[node.inputs[0]] if view else node.name
        size[node.name] = 0 if view else row.activations * FLOAT32  # batch × the output
        for name in node.inputs:
            last_use[owner[name]] = step
    kept = owner[network.output]
    root, last_sharer = {}, {}
    for step, node in enumerate(network.nodes):
        root[node.name] = node.name if node.shares is None else root.get(node.shares,
                                                                         node.shares)
        if node.shares is not None:
            last_sharer[root[node.name]] = step
    params_of = {row.name: row.params for row in summary.layers} if last_sharer else {}
    live, peak, at = size[INPUT], 0, INPUT
    for step, (node, row) in enumerate(zip(network.nodes, summary.layers)):
        working = scratch_bytes(node.layer, [shapes[name] for name in node.inputs],
                                shapes[node.name], batch)
        held = live + row.params * FLOAT32 + working + SLACK_BYTES + step * PER_LAYER_BYTES
        if held > peak:
            peak, at = held, node.name
        live += size[node.name]
        if node.name in last_sharer:
            live += row.params * FLOAT32   # the shared weights, held for their sharers
        if node.shares is not None and last_sharer[root[node.name]] == step:
            live -= params_of[root[node.name]] * FLOAT32
        for name in {owner[name] for name in node.inputs}:
            if last_use[name] == step and name != kept:
                live -= size[name]
    return Estimate(peak, at)


def verify(network: Network, batch: int = 1, seed: int = 0,
           max_memory: int = DEFAULT_MAX_MEMORY, blas: str = "") -> Verification:
    """Run the engine on `network` and compare every layer with the calculator."""
    summary = summarize(network, batch)
    peak = estimate_peak(network, summary)
    estimate = peak.bytes
    if estimate > max_memory:
        smaller = max(1, batch * max_memory // estimate)
        hint = f"try --batch {smaller}" if batch > 1 else "use a smaller input"
        raise MemoryRefused(
            f"{network.name}: verifying at batch {batch} would need about {gib(estimate)} (at "
            f"layer {peak.layer!r}), more than --max-memory {gib(max_memory)}; nothing was "
            f"allocated; {hint}, or raise --max-memory")
    from .engine.network import run  # the run itself (the estimate read the kernels' plans)

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
