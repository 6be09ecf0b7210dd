"""Run a network forward on real arrays and measure, per layer, what the calculator claims.

The engine is an independent witness: weights are arrays whose shapes follow from each layer's
meaning (their sizes are the parameter count), the output shape is read off the output array,
and multiplications are tallied by the kernels from the operands of the products they perform.
Nothing here calls the calculator's formulas. Activations are float32 NHWC; an activation is
freed as soon as every layer that reads it has run.
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
            shared = {node.shares for node in network.nodes if node.shares is not None}
            kept = {}   # the weights of layers that others share, by name
            last_sharer = {node.shares: step for step, node in enumerate(network.nodes)
                           if node.shares is not None}
            for step, node in enumerate(network.nodes):
                inputs = [values[name] for name in node.inputs]
                engine_layer = ENGINE_LAYERS[node.kind]
                if node.shares is not None:   # the very arrays: the weights exist once
                    weights = kept[node.shares]
                    trainable = buffers = 0
                else:
                    weights = engine_layer.weights(node.layer, [x.shape[1:] for x in inputs],
                                                   rng)
                    trainable = sum(w.size for w in weights.trainable.values())
                    buffers = sum(w.size for w in weights.buffers.values())
                    if not node.trainable:   # frozen: the same arrays, not trained
                        trainable, buffers = 0, buffers + trainable
                if node.name in shared:
                    kept[node.name] = weights
                if last_sharer.get(node.shares) == step:
                    del kept[node.shares]   # held from its owner to its last user, no longer
                tally = Tally()
                layer_start = time.perf_counter()
                output = engine_layer.forward(node.layer, inputs, weights, tally)
                seconds = time.perf_counter() - layer_start
                measured.append(Measured(
                    name=node.name, output_shape=tuple(output.shape[1:]),
                    trainable_params=trainable, non_trainable_params=buffers,
                    mults=tally.multiplications, seconds=seconds))
                del weights
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
