"""The numbers of a slip's variant, computed by the layer's own methods, and how they are said:
the kind's formula with the variant's numbers put in."""

from __future__ import annotations

from dataclasses import replace
from math import prod
from typing import Callable

from ..calculator import layer_numbers
from ..conventions import DEFAULT, Convention, convention_named
from ..errors import CnnCalcError
from ..graph import Network
from ..layers import Layer
from ..report import LayerRow, Summary
from ..text import shape_text, thousands
from .quantities import Quantity as Q
from .quantities import layer_value, total_value
from .slip_rules import Context, Values, Variant

Make = Callable[[Layer, tuple, Context], "list[Variant]"]
"""A variant rule of `slip_rules`."""


def computed(make: Make, layer: Layer, inputs, ctx: Context) -> list[tuple[Variant, LayerRow]]:
    """The variants a rule makes of a layer, each with its recomputed numbers; a variant the
    layer cannot take (a setting error, a kernel larger than its input) is no candidate."""
    try:
        variants = make(layer, inputs, ctx)
    except CnnCalcError:
        return []
    convention = convention_named(ctx.summary.convention)
    rows = [(variant, recompute(variant, ctx.row, ctx.summary.batch, convention))
            for variant in variants]
    return [(variant, row) for variant, row in rows if row is not None]


def recompute(variant: Variant, like: LayerRow, batch: int,
              convention: Convention = DEFAULT) -> LayerRow | None:
    """The variant's numbers, by the calculator's own `layer_numbers`; None when the variant
    cannot take its input. Its mults are the variant's own `mults`: a slip such as counting a
    transposed convolution over its output changes what the layer counts, which the
    convention's weighing of the (unchanged) operations would not show. A variant of a frozen
    layer (`like.frozen_params`) is frozen too: its parameters counted as not trainable."""
    layer, inputs = variant.layer, variant.inputs
    try:
        numbers = layer_numbers(layer, inputs, batch, convention)
    except CnnCalcError:
        return None
    params = numbers.params
    statistics = convention.non_trainable(params.non_trainable)
    frozen = params.trainable if like.frozen_params else 0
    return replace(like, summary=layer.describe(), input_shapes=tuple(inputs),
                   output_shape=numbers.output, trainable_params=params.trainable - frozen,
                   non_trainable_params=statistics + frozen, frozen_params=frozen,
                   biases=params.biases,
                   mults=layer.mults(inputs, numbers.output) * batch,
                   activations=prod(numbers.output) * batch, formulas=numbers.formulas,
                   operations=numbers.operations, notes=())


def everywhere(make: Make, network: Network, summary: Summary):
    """(the summary with a slip made in every layer that allows it, how many layers), or None.
    Only for slips that leave every shape alone (no_bias, groups_ignored): the rows are
    recomputed from the input shapes they had."""
    nodes = {node.name: node for node in network.nodes}
    rows, layers = [], 0
    for row in summary.layers:
        ctx = Context(row, summary, network)
        variants = computed(make, nodes[row.name].layer, row.input_shapes, ctx)
        rows.append(variants[0][1] if variants else row)
        layers += bool(variants)
    return (replace(summary, layers=tuple(rows)), layers) if layers else None


def row_values(row: LayerRow) -> Values:
    return lambda quantity: layer_value(quantity, row)


def network_values(summary: Summary) -> Values:
    return lambda quantity: total_value(quantity, summary)


def value_or_none(quantity: Q, row: LayerRow):
    try:
        return layer_value(quantity, row)
    except ValueError:
        return None


FORMULA_KEY = {Q.PARAMS: "params", Q.TRAINABLE_PARAMS: "params", Q.WEIGHTS: "params",
               Q.BIASES: "params", Q.NON_TRAINABLE_PARAMS: "params", Q.MULTS: "mults",
               Q.FLOPS: "mults"}
PER_BATCH = {Q.MULTS, Q.FLOPS, Q.ACTIVATIONS, Q.MEMORY}


def formula(quantity: Q, row: LayerRow) -> str:
    """The layer's own formula behind the quantity, with its numbers put in."""
    return row.formulas.get(FORMULA_KEY.get(quantity, "output"), "")


def derivation(quantity: Q, row: LayerRow, batch: int) -> str:
    """The formula, with the value added where the formula does not end in it:
    ``H, W: ⌈(112 + 2·0 − 3)/2⌉ + 1 = 56; C = 64 (unchanged); output shape: 56×56×64``."""
    text, value = formula(quantity, row), layer_value(quantity, row)
    shown = shape_text(value) if isinstance(value, tuple) else thousands(value)
    if f"= {shown}" in text:
        return text
    per = f" for a batch of {batch}" if batch > 1 and quantity in PER_BATCH else ""
    return f"{text}; {quantity.text}{per}: {shown}" if text else f"{quantity.text}: {shown}"
