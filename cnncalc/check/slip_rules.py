"""How each slip is computed, without a table of wrong numbers.

Two sorts of rule:

- a **variant** is the layer with the slip made in it — a setting changed (``bias``,
  ``ceil_mode``, ``groups``/``depthwise``, ``padding``, only where the kind declares it), a kind's
  own variant method (`Layer.rounded_up`, `Layer.counted_over_output`) or other input shapes —
  and is computed again by the kind's own methods;
- a **misreading** takes the right numbers and reports one for another: FLOPs for
  multiplications, a shape written C×H×W, parameters with or without BatchNorm's statistics.

`slips.py` names them and puts them together; nothing here knows a layer kind by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..graph import INPUT, Network
from ..layers import Layer, Shape
from ..report import LayerRow, Summary
from ..text import shape_text, thousands
from .quantities import Quantity

Values = Callable[[Quantity], "int | tuple[int, ...]"]
"""The value of any quantity, for a layer row or for a network."""


@dataclass(frozen=True)
class Context:
    """What a rule may look at besides the layer: its true numbers and where it sits."""

    row: LayerRow
    summary: Summary
    network: Network


@dataclass(frozen=True)
class Variant:
    """The layer with a slip made in it, and what the slip did, said from the variant's numbers
    (`because` receives the recomputed row)."""

    layer: Layer
    inputs: tuple[Shape, ...]
    because: Callable[[LayerRow], str]


def flipped(layer: Layer, key: str, old, new) -> Layer | None:
    """The layer with setting `key` changed from `old` to `new`; None when the kind has no such
    setting or the layer has another value."""
    if key not in layer.settings or getattr(layer, key) != old:
        return None
    return layer.with_settings(**{key: new})


def hw(shape: Shape) -> str:
    return shape_text(shape[:2])


# Variants -----------------------------------------------------------------------------------

def one(variant: Layer | None, inputs, because: Callable[[LayerRow], str]) -> list[Variant]:
    return [Variant(variant, inputs, because)] if variant else []


def no_bias(layer, inputs, ctx):
    biases = thousands(ctx.row.biases)
    return one(flipped(layer, "bias", True, False), inputs,
               lambda row: f"leaves out the {biases} biases")


def extra_bias(layer, inputs, ctx):
    return one(flipped(layer, "bias", False, True), inputs,
               lambda row: f"adds {thousands(row.biases)} biases, but this layer has none "
                           "(bias: false)")


def ceil_for_floor(layer, inputs, ctx):
    return one(flipped(layer, "ceil_mode", False, True) or layer.rounded_up(), inputs,
               lambda row: "rounds the output size up (⌈⌉) where the layer rounds down (⌊⌋)")


def floor_for_ceil(layer, inputs, ctx):
    return one(flipped(layer, "ceil_mode", True, False), inputs,
               lambda row: "rounds the output size down (⌊⌋) where the layer rounds up "
                           "(ceil_mode)")


def groups_ignored(layer, inputs, ctx):
    """As if groups = 1: every filter reads every input channel. A depthwise layer becomes as
    many ordinary filters as it has output channels."""
    if "groups" in layer.settings and layer.groups != 1:
        variant = layer.with_settings(groups=1)
    elif "depthwise" in layer.settings and layer.depthwise:
        variant = layer.with_settings(depthwise=False, multiplier=1,
                                      filters=ctx.row.output_shape[-1])
    else:
        return []
    channels = inputs[0][-1]
    return one(variant, inputs,
               lambda row: f"ignores the groups: each filter would read all {channels} input "
                           "channels")


def padding_forgotten(layer, inputs, ctx):
    variant = layer.with_settings(padding=0)
    if variant is None or variant.padding == layer.padding:
        return []
    return one(variant, inputs, lambda row: "leaves the padding out (P = 0)")


def hw_swapped_input(layer, inputs, ctx):
    """The input read as W×H: differs from a swapped output where kernel, stride or padding is
    not square."""
    if any(len(shape) != 3 for shape in inputs) or all(h == w for h, w, _ in inputs):
        return []
    h, w, _ = inputs[0]
    swapped = tuple((w, h, c) for h, w, c in inputs)
    return one(layer, swapped, lambda row: f"reads the {h}×{w} input as {w}×{h}")


def wrong_input_channels(layer, inputs, ctx):
    """C_in replaced by a count a student may take by mistake (see `channel_guesses`)."""
    if len(inputs) != 1 or len(inputs[0]) != 3:
        return []
    h, w, channels = inputs[0]
    return [Variant(layer, ((h, w, guess),),
                    lambda row, guess=guess, source=source:
                    f"uses {guess} input channels ({source}) where the layer receives {channels}")
            for guess, source in channel_guesses(ctx) if guess != channels]


def channel_guesses(ctx: Context) -> list[tuple[int, str]]:
    """Plausible wrong input-channel counts: the layer's own output channels; the input channels
    of the nearest earlier layer that changed the channel count (walking back along the first
    input: conv1's 3 for AlexNet's conv2); the network input's channels."""
    row, summary = ctx.row, ctx.summary
    guesses = [(row.output_shape[-1], "its own output channels")]
    channels, name = row.input_shapes[0][-1], row.inputs[0]
    while name != INPUT:
        earlier = summary.row(name)
        shape = earlier.input_shapes[0]
        if len(shape) == 3 and shape[-1] != channels:
            guesses.append((shape[-1], f"the input channels of {earlier.name}"))
            break
        name = earlier.inputs[0]
    if len(ctx.network.input_shape) == 3:
        guesses.append((ctx.network.input_shape[-1], "the network input's channels"))
    return guesses


def transposed_over_output(layer, inputs, ctx):
    return one(layer.counted_over_output(), inputs,
               lambda row: f"counts it over the {hw(row.output_shape)} output positions, as "
                           f"ptflops and thop do; each of the {hw(inputs[0])} input positions "
                           "scatters one patch")


# Misreadings --------------------------------------------------------------------------------

def flops_for_mults(quantity: Quantity, values: Values):
    mults, flops = values(Quantity.MULTS), values(Quantity.FLOPS)
    return flops, (f"2 × {thousands(mults)} = {thousands(flops)} are FLOPs; a multiplication "
                   "(multiply-accumulate) counts once")


def mults_for_flops(quantity: Quantity, values: Values):
    mults = values(Quantity.MULTS)
    return mults, (f"{thousands(mults)} are the multiply-accumulates; FLOPs count the multiply "
                   "and the add, 2 × that")


def bn_statistics_counted(quantity: Quantity, values: Values):
    trained, stats = values(Quantity.TRAINABLE_PARAMS), values(Quantity.NON_TRAINABLE_PARAMS)
    if not stats:
        return None
    return trained + stats, (f"{thousands(trained)} + {thousands(stats)} = "
                             f"{thousands(trained + stats)} counts the {thousands(stats)} running "
                             "statistics (BatchNorm's mean and variance), which are not trained")


def bn_statistics_left_out(quantity: Quantity, values: Values):
    stats = values(Quantity.NON_TRAINABLE_PARAMS)
    if not stats:
        return None
    why = (f"leaves out the {thousands(stats)} running statistics (BatchNorm's mean and "
           "variance), parameters that are not trained")
    if quantity is Quantity.NON_TRAINABLE_PARAMS:
        return 0, f"0 {why}"
    total, trained = values(Quantity.PARAMS), values(Quantity.TRAINABLE_PARAMS)
    return trained, f"{thousands(total)} − {thousands(stats)} = {thousands(trained)} {why}"


def hw_swapped(quantity: Quantity, values: Values):
    if quantity is Quantity.OUTPUT_SHAPE:
        shape = values(quantity)
        if len(shape) != 3:
            return None
        swapped = (shape[1], shape[0], shape[2])
        return swapped, f"{shape_text(swapped)} has the height and width exchanged"
    other = Quantity.WIDTH if quantity is Quantity.HEIGHT else Quantity.HEIGHT
    return values(other), f"{values(other)} is the {other.text}, not the {quantity.text}"


def channels_first(quantity: Quantity, values: Values):
    shape = values(quantity)
    if len(shape) != 3:
        return None
    first = (shape[2], shape[0], shape[1])
    return first, (f"{shape_text(first)} is written channels first (C×H×W, PyTorch's order); "
                   "cnncalc writes H×W×C")
