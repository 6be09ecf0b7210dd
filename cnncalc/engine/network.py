"""Run a network forward on real arrays and measure, per layer, what the calculator claims.

The engine is an independent witness: weights are arrays whose shapes follow from each layer's
meaning (their sizes are the parameter count), the output shape is read off the output array,
and multiplications are tallied by the kernels from the operands of the products they perform.
Nothing here calls the calculator's formulas. Activations are float32 NHWC; an activation is
freed as soon as every layer that reads it has run.

Weights follow the model's meaning too: a frozen layer's (``trainable: false``) are all
measured as non-trainable; layers that share weights (``shares:``) run on one set of arrays,
made once and kept until its last user has run, and measured at the layer that owns them (0 at
the others).
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..graph import INPUT, Network
from .layers import ENGINE_LAYERS
from .tally import Tally


@dataclass(frozen=True)
class Measured:
    """What the engine saw for one layer (its multiplications over the whole batch)."""

    name: str
    output_shape: tuple[int, ...]
    trainable_params: int
    non_trainable_params: int
    mults: int
    seconds: float


@dataclass(frozen=True)
class EngineRun:
    layers: tuple[Measured, ...]
    batch: int

    seconds: float
    """Wall time of the whole run: making weights and inputs, the forward pass, bookkeeping."""
    peak_bytes: int
    """The peak of memory allocated during the run (tracemalloc), weights included."""


@contextmanager
def small_pages():
    """NumPy's huge-page advice (``madvise(MADV_HUGEPAGE)`` on arrays ≥ 4 MiB) switched off for
    the block, then restored.

    A run touches every weight once, in memory fresh from the kernel. With transparent huge
    pages on ``madvise`` and defrag ``madvise`` (this VM; a common default), each huge-page fault
    may compact memory first: VGG-16's 552 MB of weights took 0.6–0.8 s to fault in with the
    advice and 0.3 s without. The arrays here are read once or twice, so the fewer TLB misses
    of huge pages do not pay that back. Uses NumPy's private switch when it has one.
    """
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # another NumPy: leave its allocator alone
        yield
        return
    previous = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(previous)


@contextmanager
def threads_on_idle_cores():
    """OpenBLAS runs on the cores other processes leave idle (at least one) for the block.

    OpenBLAS splits every product over one thread per core and each product waits for its
    slowest thread; when another process holds a core, that thread waits for the scheduler.
    Measured on 2 cores with one held by another process: VGG-16's forward took 1.48 s on
    2 threads and 0.44 s on 1 (PyTorch alike: 0.86 s and 0.42 s). An explicit
    ``OPENBLAS_NUM_THREADS`` is the user's choice and is left alone.
    """
    from . import blas
    current = None if "OPENBLAS_NUM_THREADS" in os.environ else blas.openblas_threads()
    idle = None if current is None or current < 2 else blas.idle_cores()
    wanted = None if idle is None else max(1, min(current, int(idle + 0.5)))
    if wanted is None or wanted == current:
        yield
        return
    blas.set_openblas_threads(wanted)
    try:
        yield
    finally:
        blas.set_openblas_threads(current)


def run(network: Network, batch: int = 1, seed: int = 0) -> EngineRun:
    """Forward `batch` random inputs through `network`, measuring every layer."""
    rng = np.random.default_rng(seed)
    readers = Counter(name for node in network.nodes for name in node.inputs)
    owners = weight_owners(network)
    users = Counter(owners.values())
    shared: dict = {}
    # the pages and threads are set first: finding OpenBLAS imports modules (0.8 MiB on a first
    # call), which belong to the process, not to the run's peak. Random weights through a
    # thousand residual blocks (ResNet-1202) overflow float32: the values are not what is
    # checked (shapes and counts are), so NumPy is not to warn about them.
    with small_pages(), threads_on_idle_cores(), np.errstate(over="ignore", invalid="ignore"):
        tracing = tracemalloc.is_tracing()
        if not tracing:
            tracemalloc.start()
        tracemalloc.reset_peak()
        try:
            started = time.perf_counter()  # after the idle cores were sampled (50 ms)
            values = {INPUT: rng.standard_normal((batch, *network.input_shape), np.float32)}
            measured = []
            for node in network.nodes:
                inputs = [values[name] for name in node.inputs]
                engine_layer = ENGINE_LAYERS[node.kind]
                owner = owners.get(node.name)
                if owner is None:
                    weights = engine_layer.weights(node.layer, [x.shape[1:] for x in inputs], rng)
                else:   # one set of arrays for every user, made by the first to run
                    weights = shared.get(owner)
                    if weights is None:
                        weights = shared[owner] = engine_layer.weights(
                            node.layer, [x.shape[1:] for x in inputs], rng)
                tally = Tally()
                layer_start = time.perf_counter()
                output = engine_layer.forward(node.layer, inputs, weights, tally)
                seconds = time.perf_counter() - layer_start
                trained = sum(w.size for w in weights.trainable.values())
                kept = sum(w.size for w in weights.buffers.values())
                if node.shares is not None:
                    trained = kept = 0   # another layer's arrays
                elif not node.trainable:
                    trained, kept = 0, trained + kept
                measured.append(Measured(
                    name=node.name, output_shape=tuple(output.shape[1:]),
                    trainable_params=trained, non_trainable_params=kept,
                    mults=tally.multiplications, seconds=seconds))
                del weights
                if owner is not None:
                    users[owner] -= 1
                    if users[owner] == 0:
                        del shared[owner]
                values[node.name] = output
                for name in node.inputs:
                    readers[name] -= 1
                    if readers[name] == 0 and name != network.output:
                        values.pop(name, None)
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            if not tracing:
                tracemalloc.stop()
    return EngineRun(tuple(measured), batch, elapsed, peak)


def weight_owners(network: Network) -> dict[str, str]:
    """For every layer that shares weights and every layer whose weights are shared, the name
    of the layer that owns them (``shares:`` followed to a layer without it)."""
    by_name = {node.name: node for node in network.nodes}
    owners: dict[str, str] = {}
    for start in network.nodes:
        path, node = [], start
        while node.shares is not None and node.name not in owners and len(path) <= len(by_name):
            path.append(node.name)
            node = by_name[node.shares]
        owner = owners.get(node.name, node.name)
        if path:
            owners[owner] = owner
        for name in path:
            owners[name] = owner
    return owners
