"""Memory of a network, computed from its `Summary`: plain data for the ``--memory`` view.

What is counted, and why:

- **Activations** (forward): the input and the output of every layer, each
  ``elements × bytes per element`` (× batch) — except the outputs of in-place layers
  (`Layer.in_place`: relu, relu6, leaky_relu, dropout at inference, flatten, a view). Their
  output reuses their input's memory, unless that input is also read by another layer, which
  an in-place write would corrupt; then it is counted. Nothing is freed early: this is what a
  forward pass writes, the number the CS231n VGG walkthrough adds up per layer.
- **Training** keeps those same activations for the backward pass (BatchNorm's output
  included), and adds the parameters, one gradient per trainable parameter, and the optimizer's
  state: ``sgd`` 0, ``momentum`` 1 (velocity), ``adam`` 2 (first and second moments) copies of
  the trainable parameters. Every tensor is held in the one chosen dtype. Not counted: the
  gradients of activations (held a layer or two at a time), dropout's training mask, framework
  workspace and allocator slack — a real run needs somewhat more.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .report import Summary
from .layers import Shape


class DType(str, Enum):
    """The number format every tensor is stored in."""

    FLOAT32 = "float32"
    FLOAT16 = "float16"
    BFLOAT16 = "bfloat16"
    INT8 = "int8"

    @property
    def bytes(self) -> int:
        return {"float32": 4, "float16": 2, "bfloat16": 2, "int8": 1}[self.value]


class Optimizer(str, Enum):
    """What the optimizer keeps besides the parameters and their gradients."""

    SGD = "sgd"
    MOMENTUM = "momentum"
    ADAM = "adam"

    @property
    def copies(self) -> int:
        """Extra copies of the trainable parameters held as state."""
        return {"sgd": 0, "momentum": 1, "adam": 2}[self.value]


@dataclass(frozen=True)
class LayerMemory:
    name: str
    kind: str
    output_shape: Shape
    elements: int
    """Output elements × batch."""
    in_place: bool
    """Whether the output reuses the input's memory (then it adds nothing)."""
    bytes: int
    """What the output adds: ``elements × bytes per element``, 0 when in place."""

    @property
    def counted_elements(self) -> int:
        return 0 if self.in_place else self.elements


@dataclass(frozen=True)
class Memory:
    """Per-layer activation memory and the totals for a forward pass and for training."""

    name: str
    dtype: DType
    optimizer: Optimizer
    batch: int
    input_shape: Shape
    input_elements: int
    layers: tuple[LayerMemory, ...]
    params: int
    trainable_params: int

    @property
    def activation_elements(self) -> int:
        """The input and every counted layer output (× batch)."""
        return self.input_elements + sum(layer.counted_elements for layer in self.layers)

    @property
    def input_bytes(self) -> int:
        return self.input_elements * self.dtype.bytes

    @property
    def forward_bytes(self) -> int:
        """Activation memory of a forward pass that frees nothing."""
        return self.activation_elements * self.dtype.bytes

    @property
    def params_bytes(self) -> int:
        return self.params * self.dtype.bytes

    @property
    def gradients_bytes(self) -> int:
        return self.trainable_params * self.dtype.bytes

    @property
    def optimizer_bytes(self) -> int:
        return self.optimizer.copies * self.trainable_params * self.dtype.bytes

    @property
    def training_bytes(self) -> int:
        """Kept activations + parameters + gradients + optimizer state."""
        return (self.forward_bytes + self.params_bytes + self.gradients_bytes
                + self.optimizer_bytes)


def memory(summary: Summary, dtype: DType = DType.FLOAT32,
           optimizer: Optimizer = Optimizer.SGD) -> Memory:
    """The memory of `summary` (its batch included) at `dtype`, training with `optimizer`."""
    readers: dict[str, int] = {}
    for row in summary.layers:
        for name in row.inputs:
            readers[name] = readers.get(name, 0) + 1
    layers = []
    for row in summary.layers:
        in_place = row.in_place and all(readers[name] == 1 for name in row.inputs)
        layers.append(LayerMemory(row.name, row.kind, row.output_shape, row.activations,
                                  in_place, 0 if in_place else row.activations * dtype.bytes))
    totals = summary.totals
    return Memory(name=summary.name, dtype=dtype, optimizer=optimizer, batch=summary.batch,
                  input_shape=summary.input_shape, input_elements=totals.input_elements,
                  layers=tuple(layers), params=totals.params,
                  trainable_params=totals.trainable_params)


def memory_dict(report: Memory) -> dict:
    """The JSON form of ``summarize --memory --json``; sizes in bytes."""
    return {
        "name": report.name,
        "dtype": report.dtype.value,
        "bytes_per_element": report.dtype.bytes,
        "batch": report.batch,
        "optimizer": report.optimizer.value,
        "input_shape": list(report.input_shape),
        "layers": [{"name": layer.name, "kind": layer.kind,
                    "output_shape": list(layer.output_shape), "elements": layer.elements,
                    "in_place": layer.in_place, "bytes": layer.bytes}
                   for layer in report.layers],
        "totals": {
            "input_elements": report.input_elements,
            "input_bytes": report.input_bytes,
            "activation_elements": report.activation_elements,
            "forward_bytes": report.forward_bytes,
            "params": report.params,
            "params_bytes": report.params_bytes,
            "gradients_bytes": report.gradients_bytes,
            "optimizer_bytes": report.optimizer_bytes,
            "training_bytes": report.training_bytes,
        },
    }
