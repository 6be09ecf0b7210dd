"""Walk a network's graph and compute every layer's numbers from its registry class."""

from __future__ import annotations

import marshal
from dataclasses import dataclass
from math import prod
from typing import NamedTuple, Sequence

from .conventions import DEFAULT, Convention
from .errors import SettingError, ShapeError, SpecError
from .graph import INPUT, Network
from .graph_notes import Evaluated, graph_notes, unread_warnings
from .layers import Layer, Params, Shape
from .layers.base import checked_output
from .layers.settings import MAX_SIZE, shown
from .operations import scaled
from .receptive import INPUT_FIELD, layer_field
from .report import Summary, layer_row
from .sharing import Owner, counted
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
    output = checked_output(layer.output_shape(inputs))
    operations = scaled(layer.operations(inputs, output), batch)
    return LayerNumbers(output, layer.params(inputs), operations, convention.count(operations),
                        layer.formulas(inputs, output))


class OwnNumbers(NamedTuple):
    """Everything a layer answers about itself for one input, whatever its place in the graph:
    its `LayerNumbers`, its own notes, its summary, the inputs it reads and its window. Pure in
    the layer's settings and input shapes (a layer knows no names), so a summary asks it once
    per distinct (kind, settings, inputs) and shares it among identical layers. (A named tuple:
    one is made per distinct layer, so it should cost little.)"""

    numbers: LayerNumbers
    notes: tuple[str, ...]
    summary: str
    fed_by: tuple[int, ...]
    window: object


def own_numbers(layer: Layer, inputs: Sequence[Shape], batch: int,
                convention: Convention) -> OwnNumbers:
    """The layer's own answers, each asked once (a `ShapeError` as `layer_numbers`)."""
    numbers = layer_numbers(layer, inputs, batch, convention)
    notes = tuple(layer.notes(inputs, numbers.output))
    fed_by = tuple(layer.fed_by(inputs))
    window = layer.window(inputs)
    return OwnNumbers(numbers, notes, layer.describe(), fed_by, window)


def settings_key(layer: Layer, inputs: tuple[Shape, ...]):
    """What a layer's own numbers depend on: its class, every attribute (settings, and the
    variants' ``ceil`` or ``over_output``) and its input shapes, written out exactly: by
    `marshal` (version 2, without back-references), which tells apart values that compare
    equal (``1``, ``True`` and ``1.0``; ``(3, 3)`` and ``(3.0, 3.0)``); None when marshal
    cannot write an attribute (then the layer is computed on its own: never shared on a key
    that might not tell two values apart)."""
    try:
        return type(layer), marshal.dumps((vars(layer), inputs), 2)
    except ValueError:   # an attribute of a type marshal does not know
        return None


def summarize(network: Network, batch: int = 1, convention: Convention = DEFAULT) -> Summary:
    """Every layer's output shape, parameters, multiplications (× batch) and activations.
    `mults` and the parameters are counted by `convention` (default: conv/fc MACs, BN
    statistics as non-trainable parameters); `operations` keeps every category's count.

    Identical layers (same kind, settings and input shapes: a ResNet's repeated blocks) are
    computed once: `OwnNumbers` is shared through a memo that lives for this call only. What
    depends on the graph (names, graph notes, receptive fields) is worked out per node."""
    if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= MAX_SIZE:
        raise SettingError("the batch size must be a whole number from 1 to "
                           f"{MAX_SIZE:,}, received {shown(batch)}")
    shapes = {INPUT: network.input_shape}
    rows, done = [], {}
    fields = {INPUT: INPUT_FIELD if len(network.input_shape) == 3 else None}
    image_hw = spatial(network.input_shape)
    non_trainable, flops_per_count = convention.non_trainable, convention.flops_per_count
    memo: dict = {}
    shared = {node.shares for node in network.nodes if node.shares is not None}
    owners: dict[str, Owner] = {}
    for node in network.nodes:
        inputs = tuple([shapes[name] for name in node.inputs])
        layer = node.layer
        key = settings_key(layer, inputs)
        own = memo.get(key) if key is not None else None
        try:
            if own is None:
                own = own_numbers(layer, inputs, batch, convention)
                if key is not None:
                    memo[key] = own
                formulas, operations = own.numbers.formulas, own.numbers.operations
            else:   # each row its own dicts (the first row's are the memo's, which dies here)
                formulas, operations = dict(own.numbers.formulas), dict(own.numbers.operations)
            numbers, own_notes, summary, fed_by, window = own
            output, params = numbers.output, numbers.params
            evaluated = Evaluated(node.name, layer, node.inputs, inputs, output)
            notes = own_notes + graph_notes(evaluated, done)
            read = [node.inputs[index] for index in fed_by]
            field = layer_field([fields[name] for name in read], read, window,
                                spatial(output), image_hw)
        except ShapeError as error:
            received = ", ".join(shape_text(shape) for shape in inputs)
            raise SpecError(f"{error} (input {received})", node.location, node.label) from None
        shapes[node.name] = output
        done[node.name] = evaluated
        fields[node.name] = field
        kept = counted(node, params, owners, non_trainable)
        if kept.note is not None:
            notes = (kept.note, *notes)
        if node.name in shared:
            owners[node.name] = Owner(node.kind, layer, params)
        rows.append(layer_row(
            name=node.name, kind=node.kind, summary=summary, inputs=node.inputs,
            input_shapes=inputs, output_shape=output,
            trainable_params=kept.trainable, non_trainable_params=kept.non_trainable,
            mults=(convention.count(operations, functional=True) if node.functional
                   else numbers.mults), activations=prod(output) * batch,
            biases=kept.biases, formulas=formulas, notes=notes,
            in_place=layer.in_place, receptive_field=field,
            operations=operations, flops_per_count=flops_per_count,
            blocks=node.blocks, functional=node.functional, frozen_params=kept.frozen))
    return Summary(name=network.name, source=network.source, file=network.file,
                   input_shape=network.input_shape, batch=batch, output=network.output,
                   layers=tuple(rows), convention=convention.name,
                   warnings=unread_warnings(network))


def spatial(shape):
    """(H, W) of a feature map; None for a vector."""
    return tuple(shape[:2]) if len(shape) == 3 else None
