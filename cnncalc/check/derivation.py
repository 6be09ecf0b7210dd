"""The right value of a quantity as people write it, and the one line that derives it from the
layer's formulas (the same text `explain` shows), for homework feedback and the answer key."""

from __future__ import annotations

from math import prod

from ..report import BYTES_PER_FLOAT32, LayerRow, Summary, mib
from ..text import number_text, product_text, shape_text, thousands
from .quantities import Quantity

MAX_TERMS = 6
"""A network total lists its terms when at most this many layers contribute."""


def value_text(quantity: Quantity, value) -> str:
    """``55×55×96``, ``34,944``, ``1,161,600 bytes (1.108 MiB)``.

    >>> value_text(Quantity.MEMORY, 4 * 290_400)
    '1,161,600 bytes (1.108 MiB)'
    """
    if quantity.is_shape:
        return shape_text(value)
    if quantity.is_size:
        return value if isinstance(value, str) else "×".join(map(number_text, value))
    if quantity.is_point:
        return "(" + ", ".join(map(number_text, value)) + ")"
    if quantity is Quantity.MEMORY:
        return f"{thousands(value)} bytes ({mib(value):,} MiB)"
    return thousands(value)


def field_derivation(row: LayerRow) -> str:
    """``51×51: jump 8×8, first centre at (9, 9)``; for a global field, why."""
    field = row.receptive_field
    if field is None:
        return "none: the network's input is a vector"
    if field.is_global:
        return f"global (the whole input): {field.note.removeprefix('global: ')}"
    text = (f"{'×'.join(map(number_text, field.size))}: jump "
            f"{'×'.join(map(number_text, field.jump))}, first centre at "
            f"({', '.join(map(number_text, field.start))})")
    return f"{text}; {field.note}" if field.note else text


def left_side(formula: str) -> str:
    """The formula without its result: ``55·55·96 · 11·11·3 = 105,415,200`` → the product."""
    return formula.rsplit(" = ", 1)[0]


def axis_part(output_formula: str, axis: str) -> str:
    """The part of an output formula about one axis (``H`` or ``W``), or all of it."""
    for part in output_formula.split("; "):
        if part.startswith("H, W: "):
            return part[len("H, W: "):]
        if part.startswith(f"{axis}: "):
            return part[len(axis) + 2:]
    return output_formula


def channels_part(output_formula: str) -> str:
    for part in output_formula.split("; "):
        if part.startswith("C ") or part.startswith("C="):
            return part
    return output_formula


def params_part(formula: str, word: str) -> str:
    """The terms of a parameter formula that name `word`: BatchNorm's
    ``2·64 = 128 trainable (γ, β) + 2·64 = 128 running statistics (mean, variance)`` asked for
    its trainable parameters is its first term.

    >>> params_part("2·64 = 128 trainable (γ, β) + 2·64 = 128 running statistics", "trainable")
    '2·64 = 128 trainable (γ, β)'
    """
    terms = [term for term in formula.split(" + ") if word in term]
    return " + ".join(terms) if terms else formula


def batched(formula: str, total: int, batch: int) -> str:
    """A per-image formula times the batch."""
    if batch == 1:
        return formula
    return f"{batch} × ({left_side(formula)}) = {thousands(total)}"


def layer_derivation(quantity: Quantity, row: LayerRow, batch: int = 1) -> str:
    """How `quantity` of one layer follows from its formulas.

    >>> from cnncalc.report import LayerRow
    >>> row = LayerRow("conv1", "conv", "", ("input",), ((227, 227, 3),), (55, 55, 96),
    ...                34_944, 0, 105_415_200, 55 * 55 * 96, biases=96,
    ...                formulas={"mults": "55·55·96 · 11·11·3 = 105,415,200"})
    >>> layer_derivation(Quantity.FLOPS, row)
    '2 × 55·55·96 · 11·11·3 = 210,830,400'
    >>> layer_derivation(Quantity.WEIGHTS, row)
    'trainable parameters − biases = 34,944 − 96 = 34,848'
    """
    formulas = row.formulas
    output = formulas.get("output", shape_text(row.output_shape))
    params = formulas.get("params", "none")
    if quantity is Quantity.OUTPUT_SHAPE:
        return output
    if quantity is Quantity.HEIGHT:
        return axis_part(output, "H")
    if quantity is Quantity.WIDTH:
        return axis_part(output, "W")
    if quantity is Quantity.CHANNELS:
        return channels_part(output)
    if quantity in (Quantity.RECEPTIVE_FIELD, Quantity.JUMP, Quantity.RF_START):
        return field_derivation(row)
    if quantity is Quantity.PARAMS:
        return params
    if quantity is Quantity.TRAINABLE_PARAMS:
        return params_part(params, "trainable") if row.non_trainable_params else params
    if quantity is Quantity.NON_TRAINABLE_PARAMS:
        return params_part(params, "running statistics") if row.non_trainable_params else \
            "none: only BatchNorm keeps non-trainable running statistics"
    if quantity is Quantity.WEIGHTS:
        kind, counted = (("frozen", row.frozen_params) if row.frozen_params
                         else ("trainable", row.trainable_params))
        return (f"{kind} parameters − biases = {thousands(counted)} − "
                f"{thousands(row.biases)} = {thousands(row.weights)}")
    if quantity is Quantity.BIASES:
        if not row.biases:
            return "this layer has no biases"
        if row.biases == row.output_shape[-1]:
            return f"one per output channel: {thousands(row.biases)}"
        return f"{thousands(row.biases)} of its {thousands(row.trainable_params)} parameters"
    if quantity is Quantity.MULTS:
        if not row.mults:
            return formulas.get("mults", "no counted multiplications")
        return batched(formulas.get("mults", thousands(row.mults)), row.mults, batch)
    if quantity is Quantity.FLOPS:
        if not row.mults:
            return "no counted multiplications: 0"
        mults = left_side(formulas.get("mults", thousands(row.mults // batch)))
        factor = "2" if batch == 1 else f"2 × {batch}"
        return f"{factor} × {mults} = {thousands(row.flops)}"
    if quantity is Quantity.ACTIVATIONS:
        return batched(f"{product_text(row.output_shape)} = {thousands(prod(row.output_shape))}",
                       row.activations, batch)
    if quantity is Quantity.MEMORY:
        return (f"{BYTES_PER_FLOAT32} bytes × {thousands(row.activations)} activations = "
                f"{value_text(quantity, row.activations * BYTES_PER_FLOAT32)}")
    raise ValueError(f"no derivation for {quantity}")


def total_derivation(quantity: Quantity, summary: Summary) -> str:
    """How a network total follows: the output layer's formula for shapes, else a sum."""
    if quantity.of_output:
        row = summary.row(summary.output)
        return f"the output of {row.name}: {layer_derivation(quantity, row, summary.batch)}"
    totals = summary.totals
    if quantity is Quantity.FLOPS:
        return f"2 × {thousands(totals.mults)} multiplications = {thousands(totals.flops)}"
    if quantity is Quantity.MEMORY:
        total = totals.params_bytes + totals.activations_bytes + totals.input_bytes
        return (f"{BYTES_PER_FLOAT32} bytes × ({thousands(totals.params)} parameters + "
                f"{thousands(totals.activations)} activations + "
                f"{thousands(totals.input_elements)} input) = {value_text(quantity, total)}")
    per_row = {
        Quantity.PARAMS: lambda row: row.params,
        Quantity.WEIGHTS: lambda row: row.weights,
        Quantity.BIASES: lambda row: row.biases,
        Quantity.TRAINABLE_PARAMS: lambda row: row.trainable_params,
        Quantity.NON_TRAINABLE_PARAMS: lambda row: row.non_trainable_params,
        Quantity.MULTS: lambda row: row.mults,
        Quantity.ACTIVATIONS: lambda row: row.activations,
    }[quantity]
    terms = [(row.name, per_row(row)) for row in summary.layers if per_row(row)]
    total = sum(value for _, value in terms)
    if not terms:
        return "no layer has any: 0"
    if len(terms) <= MAX_TERMS:
        listed = " + ".join(f"{thousands(value)} ({name})" for name, value in terms)
        return f"{listed} = {thousands(total)}" if len(terms) > 1 else \
            f"{terms[0][0]} alone: {thousands(total)}"
    return f"the sum over the {len(terms)} layers that have them = {thousands(total)}"


# --- the formula to use, in symbols: a hint that gives no number away -------------------------


SPATIAL_OUTPUT = "⌊(H + 2P − D·(F − 1) − 1)/S⌋ + 1 per axis (H, W)"
TRANSPOSED_OUTPUT = "(H − 1)·S − 2P + D·(F − 1) + output_padding + 1 per axis (H, W)"
FIELD_HINTS = {
    Quantity.RECEPTIVE_FIELD: "r_out = r_in + (k' − 1)·j_in layer by layer, with "
                              "k' = D·(k − 1) + 1 and r = 1 at the input",
    Quantity.JUMP: "j_out = j_in·s layer by layer (the product of the strides), j = 1 at the "
                   "input",
    Quantity.RF_START: "start_out = start_in + ((k' − 1)/2 − p)·j_in layer by layer, with "
                       "k' = D·(k − 1) + 1 and start = 0 at the input",
}
KIND_HINTS = {
    (Quantity.TRAINABLE_PARAMS, "conv"): "(Fh·Fw·C_in/groups + 1)·K (without the +1 when the "
                                         "layer has no bias)",
    (Quantity.TRAINABLE_PARAMS, "conv_transpose"): "Fh·Fw·C_in·K/groups + K (without + K when "
                                                   "the layer has no bias)",
    (Quantity.TRAINABLE_PARAMS, "fc"): "(N_in + 1)·N_out (without the +1 when the layer has no "
                                       "bias)",
    (Quantity.TRAINABLE_PARAMS, "batchnorm"): "2·C: a scale γ and a shift β per channel (the "
                                              "running mean and variance are not trained)",
    (Quantity.NON_TRAINABLE_PARAMS, "batchnorm"): "2·C: a running mean and variance per channel",
    (Quantity.PARAMS, "batchnorm"): "4·C: γ, β, and the running mean and variance per channel",
    (Quantity.WEIGHTS, "conv"): "Fh·Fw·C_in/groups·K",
    (Quantity.WEIGHTS, "fc"): "N_in·N_out",
    (Quantity.BIASES, "conv"): "K: one per filter (0 without bias)",
    (Quantity.BIASES, "fc"): "N_out: one per output (0 without bias)",
    (Quantity.MULTS, "conv"): "H_out·W_out·K · Fh·Fw·C_in/groups",
    (Quantity.MULTS, "conv_transpose"): "H_in·W_in·C_in · Fh·Fw·K/groups (over the input "
                                        "positions)",
    (Quantity.MULTS, "fc"): "N_in·N_out",
}
OUTPUT_HINTS = {"conv": f"{SPATIAL_OUTPUT}; C = K", "maxpool": f"{SPATIAL_OUTPUT}; C unchanged",
                "avgpool": f"{SPATIAL_OUTPUT}; C unchanged",
                "conv_transpose": f"{TRANSPOSED_OUTPUT}; C = K", "fc": "N_out"}
TOTAL_HINTS = {
    Quantity.PARAMS: "the sum of every layer's parameters and BatchNorm's running statistics",
    Quantity.TRAINABLE_PARAMS: "the sum of every layer's trainable parameters (BatchNorm's "
                               "running statistics are not trained)",
    Quantity.NON_TRAINABLE_PARAMS: "the sum of BatchNorm's running statistics: 2·C per "
                                   "BatchNorm layer",
    Quantity.MULTS: "the sum of every layer's multiplications",
    Quantity.ACTIVATIONS: "the sum of every layer's output elements",
    Quantity.MEMORY: "4 bytes × (parameters + activations + input elements)",
}
FIND_HINT = ("solve the output size ⌊(H + 2P − D·(F − 1) − 1)/S⌋ + 1 = H_out for the unknown; "
             "it must hold on both axes")


def formula_hint(quantity: Quantity | None, kind: str | None, whole_network: bool = False
                 ) -> str | None:
    """The formula a question needs, in symbols only (F the kernel, S the stride, P the padding,
    D the dilation, K the filters): what hidden feedback may say, as it holds no number.

    >>> formula_hint(Quantity.TRAINABLE_PARAMS, "conv")
    '(Fh·Fw·C_in/groups + 1)·K (without the +1 when the layer has no bias)'
    >>> formula_hint(Quantity.FLOPS, "fc")
    '2 × multiplications, with multiplications = N_in·N_out'
    """
    if quantity is None:
        return FIND_HINT
    if quantity in FIELD_HINTS:
        return FIELD_HINTS[quantity]
    if whole_network and not quantity.of_output:
        if quantity is Quantity.FLOPS:
            return f"2 × multiplications, with multiplications = {TOTAL_HINTS[Quantity.MULTS]}"
        if quantity in (Quantity.WEIGHTS, Quantity.BIASES):
            return f"the sum of every layer's {quantity.text}"
        return TOTAL_HINTS.get(quantity)
    if quantity is Quantity.FLOPS:
        mults = KIND_HINTS.get((Quantity.MULTS, kind))
        return f"2 × multiplications, with multiplications = {mults}" if mults else \
            "2 × multiplications (a multiply and an add each)"
    if quantity is Quantity.PARAMS and (quantity, kind) not in KIND_HINTS:
        quantity = Quantity.TRAINABLE_PARAMS   # no running statistics: all are trainable
    if quantity in (Quantity.OUTPUT_SHAPE, Quantity.HEIGHT, Quantity.WIDTH, Quantity.CHANNELS):
        return OUTPUT_HINTS.get(kind)
    if quantity is Quantity.ACTIVATIONS:
        return "H_out·W_out·C_out (× the batch)"
    if quantity is Quantity.MEMORY:
        return "4 bytes × H_out·W_out·C_out (× the batch)"
    return KIND_HINTS.get((quantity, kind))
