"""Walk a network's graph and compute every layer's numbers from its registry class."""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import Sequence

from .conventions import DEFAULT, Convention
from .errors import SettingError, ShapeError, SpecError
from .graph import INPUT, Network
from .graph_notes import Evaluated, graph_notes
from .layers import Layer, Params, Shape
from .operations import scaled
from .receptive import INPUT_FIELD, layer_field
from .report import LayerRow, Summary
from .text import shape_text


@dataclass(frozen=True)
class LayerNumbers:
    """One layer's own numbers for one input: what a `LayerRow` holds before the graph adds its
    notes and receptive field."""

    output: Shape
    params: Params
    operations: dict
    """By category, × batch."""
    mults: int
    """`operations` counted by the convention."""
    formulas: dict[str, str]


def layer_numbers(layer: Layer, inputs: Sequence[Shape], batch: int = 1,
                  convention: Convention = DEFAULT) -> LayerNumbers:
    """Output shape, parameters, operations and their count, and formulas: the layer's own
    methods, asked once. A `ShapeError` when the layer cannot take its input."""
    output = tuple(layer.output_shape(inputs))
    if min(output) < 1:
        raise ShapeError(f"the output would be {shape_text(output)}, which has no "
                         "elements; the input is too small for this layer")
    operations = scaled(layer.operations(inputs, output), batch)
    return LayerNumbers(output, layer.params(inputs), operations, convention.count(operations),
                        layer.formulas(inputs, output))


def summarize(network: Network, batch: int = 1, convention: Convention = DEFAULT) -> Summary:
    """Every layer's output shape, parameters, multiplications (× batch) and activations.
    `mults` and the parameters are counted by `convention` (default: conv/fc MACs, BN
    statistics as non-trainable parameters); `operations` keeps every category's count."""
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise SettingError(f"the batch size must be a whole number of at least 1, received {batch}")
    shapes = {INPUT: network.input_shape}
    rows, done = [], {}
    fields = {INPUT: INPUT_FIELD if len(network.input_shape) == 3 else None}
    for node in network.nodes:
        inputs = [shapes[name] for name in node.inputs]
        layer = node.layer
        try:
            numbers = layer_numbers(layer, inputs, batch, convention)
            output, params = numbers.output, numbers.params
            evaluated = Evaluated(node.name, layer, node.inputs, tuple(inputs), output)
            notes = layer.notes(inputs, output) + graph_notes(evaluated, done)
            read = [node.inputs[index] for index in layer.fed_by(inputs)]
            field = layer_field([fields[name] for name in read], read,
                                layer.window(inputs), spatial(output),
                                spatial(network.input_shape))
        except ShapeError as error:
            received = ", ".join(shape_text(shape) for shape in inputs)
            raise SpecError(f"{error} (input {received})", node.location, node.label) from None
        shapes[node.name] = output
        done[node.name] = evaluated
        fields[node.name] = field
        rows.append(LayerRow(
            name=node.name, kind=node.kind, summary=layer.describe(), inputs=node.inputs,
            input_shapes=tuple(inputs), output_shape=output,
            trainable_params=params.trainable,
            non_trainable_params=convention.non_trainable(params.non_trainable),
            mults=numbers.mults, activations=prod(output) * batch,
            biases=params.biases, formulas=numbers.formulas, notes=notes, in_place=layer.in_place,
            receptive_field=field, operations=numbers.operations,
            flops_per_count=convention.flops_per_count, blocks=node.blocks))
    return Summary(name=network.name, source=network.source, file=network.file,
                   input_shape=network.input_shape, batch=batch, output=network.output,
                   layers=tuple(rows), convention=convention.name)


def spatial(shape):
    """(H, W) of a feature map; None for a vector."""
    return tuple(shape[:2]) if len(shape) == 3 else None
