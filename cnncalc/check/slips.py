"""Typical slips and other counting conventions: for one homework question, every value a known
slip would give, and one sentence saying how — so that a wrong answer can be told *which*
mistake it is.

Nothing here is a table of wrong numbers. Each candidate comes from re-running the layers' own
formulas with the slip made (`slip_rules`: variants of the layer, misreadings of its numbers).
Which quantities each slip can change (a candidate equal to the right value is dropped):

=========================  ===============================================================
flops_for_mults            mults (given 2 × mults)
mults_for_flops            flops (given mults)
no_bias, extra_bias        params, trainable_params, biases (a layer with a ``bias`` setting)
ceil_for_floor             output shape, height, width, activations, memory, mults, flops
floor_for_ceil             the same, for pooling with ``ceil_mode``
groups_ignored             params, trainable_params, weights, mults, flops
padding_forgotten          output shape, height, width, activations, memory, mults, flops
hw_swapped                 output shape, height, width (the output read W×H, or the input)
channels_first             output shape
wrong_input_channels       params, trainable_params, weights, mults, flops
bn_statistics_counted      trainable_params
bn_statistics_left_out     params, non_trainable_params
transposed_over_output     mults, flops
=========================  ===============================================================

Pairs of slips that both touch the asked quantity follow the single ones (e.g. ceil_for_floor
with flops_for_mults, groups_ignored with no_bias). For network totals: flops_for_mults,
mults_for_flops, the BatchNorm statistics, and no_bias or groups_ignored made in every layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from itertools import combinations

from ..graph import Network, Node
from ..report import Summary
from ..text import thousands
from . import slip_rules as rules
from .quantities import Quantity as Q
from .quantities import layer_value, total_value
from .slip_numbers import (PER_BATCH, computed, derivation, everywhere, formula, network_values,
                           row_values, value_or_none)


class Slip(str, Enum):
    FLOPS_FOR_MULTS = "flops_for_mults"
    MULTS_FOR_FLOPS = "mults_for_flops"
    NO_BIAS = "no_bias"
    EXTRA_BIAS = "extra_bias"
    CEIL_FOR_FLOOR = "ceil_for_floor"
    FLOOR_FOR_CEIL = "floor_for_ceil"
    GROUPS_IGNORED = "groups_ignored"
    PADDING_FORGOTTEN = "padding_forgotten"
    HW_SWAPPED = "hw_swapped"
    CHANNELS_FIRST = "channels_first"
    WRONG_INPUT_CHANNELS = "wrong_input_channels"
    BN_STATISTICS_COUNTED = "bn_statistics_counted"
    BN_STATISTICS_LEFT_OUT = "bn_statistics_left_out"
    TRANSPOSED_OVER_OUTPUT = "transposed_over_output"

    @property
    def text(self) -> str:
        """One phrase: ``FLOPs given for multiplications (FLOPs = 2 × multiply-accumulates)``."""
        return SLIP_TEXT[self]

    @property
    def is_convention(self) -> bool:
        """True where another tool, paper or course counts this way on purpose; False for a
        plain mistake."""
        return self in CONVENTIONS


SLIP_TEXT = {
    Slip.FLOPS_FOR_MULTS: "FLOPs given for multiplications (FLOPs = 2 × multiply-accumulates)",
    Slip.MULTS_FOR_FLOPS: "multiplications given for FLOPs (FLOPs = 2 × multiply-accumulates)",
    Slip.NO_BIAS: "biases left out",
    Slip.EXTRA_BIAS: "biases counted for a layer without them (bias: false)",
    Slip.CEIL_FOR_FLOOR: "output size rounded up (⌈⌉) where the layer rounds down (⌊⌋)",
    Slip.FLOOR_FOR_CEIL: "output size rounded down (⌊⌋) where the layer rounds up (ceil_mode)",
    Slip.GROUPS_IGNORED: "groups ignored (computed as if groups = 1)",
    Slip.PADDING_FORGOTTEN: "padding forgotten (computed with padding 0)",
    Slip.HW_SWAPPED: "height and width exchanged",
    Slip.CHANNELS_FIRST: "shape written channels first (C×H×W)",
    Slip.WRONG_INPUT_CHANNELS: "the wrong number of input channels",
    Slip.BN_STATISTICS_COUNTED: "BatchNorm's running statistics counted as trainable",
    Slip.BN_STATISTICS_LEFT_OUT: "BatchNorm's running statistics (non-trainable) left out",
    Slip.TRANSPOSED_OVER_OUTPUT: "transposed convolution counted over its output positions "
                                 "(as ptflops and thop do)",
}

CONVENTIONS = frozenset({
    Slip.FLOPS_FOR_MULTS, Slip.MULTS_FOR_FLOPS, Slip.NO_BIAS, Slip.CHANNELS_FIRST,
    Slip.BN_STATISTICS_COUNTED, Slip.BN_STATISTICS_LEFT_OUT, Slip.TRANSPOSED_OVER_OUTPUT})

SIZES = frozenset({Q.OUTPUT_SHAPE, Q.HEIGHT, Q.WIDTH, Q.CHANNELS, Q.ACTIVATIONS, Q.MEMORY,
                   Q.MULTS, Q.FLOPS})
WEIGHTED = frozenset({Q.PARAMS, Q.TRAINABLE_PARAMS, Q.WEIGHTS, Q.MULTS, Q.FLOPS})
BIASED = frozenset({Q.PARAMS, Q.TRAINABLE_PARAMS, Q.BIASES})

APPLIES = {
    Slip.FLOPS_FOR_MULTS: {Q.MULTS}, Slip.MULTS_FOR_FLOPS: {Q.FLOPS},
    Slip.NO_BIAS: BIASED, Slip.EXTRA_BIAS: BIASED,
    Slip.CEIL_FOR_FLOOR: SIZES, Slip.FLOOR_FOR_CEIL: SIZES,
    Slip.GROUPS_IGNORED: WEIGHTED, Slip.PADDING_FORGOTTEN: SIZES,
    Slip.HW_SWAPPED: {Q.OUTPUT_SHAPE, Q.HEIGHT, Q.WIDTH}, Slip.CHANNELS_FIRST: {Q.OUTPUT_SHAPE},
    Slip.WRONG_INPUT_CHANNELS: WEIGHTED,
    Slip.BN_STATISTICS_COUNTED: {Q.TRAINABLE_PARAMS},
    Slip.BN_STATISTICS_LEFT_OUT: {Q.PARAMS, Q.NON_TRAINABLE_PARAMS},
    Slip.TRANSPOSED_OVER_OUTPUT: {Q.MULTS, Q.FLOPS},
}
"""The quantities a slip can change, for one layer."""

TOTAL_APPLIES = {
    Slip.FLOPS_FOR_MULTS: {Q.MULTS}, Slip.MULTS_FOR_FLOPS: {Q.FLOPS},
    Slip.NO_BIAS: {Q.PARAMS, Q.TRAINABLE_PARAMS},
    Slip.GROUPS_IGNORED: {Q.PARAMS, Q.TRAINABLE_PARAMS, Q.MULTS, Q.FLOPS},
    Slip.BN_STATISTICS_COUNTED: {Q.TRAINABLE_PARAMS},
    Slip.BN_STATISTICS_LEFT_OUT: {Q.PARAMS, Q.NON_TRAINABLE_PARAMS},
}
"""The same for network totals; a variant slip here is made in every layer (it must leave the
shapes alone, as no_bias and groups_ignored do)."""

VARIANTS = {
    Slip.NO_BIAS: rules.no_bias, Slip.EXTRA_BIAS: rules.extra_bias,
    Slip.CEIL_FOR_FLOOR: rules.ceil_for_floor, Slip.FLOOR_FOR_CEIL: rules.floor_for_ceil,
    Slip.GROUPS_IGNORED: rules.groups_ignored, Slip.PADDING_FORGOTTEN: rules.padding_forgotten,
    Slip.HW_SWAPPED: rules.hw_swapped_input, Slip.WRONG_INPUT_CHANNELS: rules.wrong_input_channels,
    Slip.TRANSPOSED_OVER_OUTPUT: rules.transposed_over_output,
}
MISREADINGS = {
    Slip.FLOPS_FOR_MULTS: rules.flops_for_mults, Slip.MULTS_FOR_FLOPS: rules.mults_for_flops,
    Slip.HW_SWAPPED: rules.hw_swapped, Slip.CHANNELS_FIRST: rules.channels_first,
    Slip.BN_STATISTICS_COUNTED: rules.bn_statistics_counted,
    Slip.BN_STATISTICS_LEFT_OUT: rules.bn_statistics_left_out,
}


@dataclass(frozen=True)
class Candidate:
    """A value a slip (or a pair of slips) gives for the asked quantity, and how."""

    slips: tuple[Slip, ...]
    value: int | tuple[int, ...]
    why: str
    """One sentence with the slip's own numbers; it may reveal the right value."""


def slip_named(word: str) -> Slip | None:
    """The slip a word in an answer file names (case and ``-``/space insensitive)."""
    try:
        return Slip(str(word).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        return None


class CandidateList:
    """Candidates in the order found: each value once, none equal to the right value."""

    def __init__(self, truth):
        self.seen = {truth}
        self.candidates: list[Candidate] = []

    def add(self, slips, value, why: str) -> None:
        if value is not None and value not in self.seen:
            self.seen.add(value)
            self.candidates.append(Candidate(tuple(slips), value, why))

    def misread(self, slips, quantity: Q, values: rules.Values, lead: str = "") -> None:
        """Add what the last of `slips`, a misreading, makes of `values`."""
        try:
            result = MISREADINGS[slips[-1]](quantity, values)
        except ValueError:  # a shape question about a vector
            return
        if result is not None:
            self.add(slips, result[0], lead + result[1])


def layer_candidates(quantity: Q, node: Node, network: Network,
                     summary: Summary) -> list[Candidate]:
    """What each slip, then each pair of slips, gives for `quantity` of `node`'s layer.

    >>> from cnncalc.calculator import summarize
    >>> from cnncalc.spec import parse_spec
    >>> net = parse_spec("input: 227x227x3\\nlayers: [conv: {filters: 96, kernel: 11, stride: 4}]")
    >>> for c in layer_candidates(Q.PARAMS, net.nodes[0], net, summarize(net)):
    ...     print("+".join(slip.value for slip in c.slips), c.value)
    no_bias 34848
    wrong_input_channels 1115232
    no_bias+wrong_input_channels 1115136
    """
    try:
        row = summary.row(node.name)
        truth = layer_value(quantity, row)
    except (KeyError, ValueError):
        return []
    ctx = rules.Context(row, summary, network)
    found = CandidateList(truth)
    made = {slip: computed(VARIANTS[slip], node.layer, row.input_shapes, ctx)
            for slip in VARIANTS if quantity in APPLIES[slip]}
    for slip in Slip:
        if quantity not in APPLIES[slip]:
            continue
        if slip in MISREADINGS:
            found.misread((slip,), quantity, row_values(row))
        for variant, changed in made.get(slip, ()):
            how = derivation(quantity, changed, summary.batch)
            found.add((slip,), value_or_none(quantity, changed), f"{variant.because(changed)}: {how}")
    for a, b in combinations(Slip, 2):
        if quantity not in APPLIES[a] & APPLIES[b]:
            continue
        if a in made and b in made:
            for first, _ in made[a]:
                for second, changed in computed(VARIANTS[b], first.layer, first.inputs, ctx):
                    found.add((a, b), value_or_none(quantity, changed),
                              f"{first.because(changed)} and {second.because(changed)}: "
                              f"{derivation(quantity, changed, summary.batch)}")
        for varied, misread in ((a, b), (b, a)):
            if varied in made and misread in MISREADINGS:
                for variant, changed in made[varied]:
                    per = " per sample" if summary.batch > 1 and quantity in PER_BATCH else ""
                    lead = f"{variant.because(changed)}: {formula(quantity, changed)}{per}; then "
                    found.misread((varied, misread), quantity, row_values(changed), lead)
    return found.candidates


def total_candidates(quantity: Q, network: Network, summary: Summary) -> list[Candidate]:
    """What a convention (FLOPs, BatchNorm statistics) or a slip made in every layer (no_bias)
    gives for a network total, single slips first, then pairs."""
    try:
        truth = total_value(quantity, summary)
    except ValueError:
        return []
    found = CandidateList(truth)
    applying = [slip for slip in Slip if quantity in TOTAL_APPLIES.get(slip, ())]
    made = {slip: everywhere(VARIANTS[slip], network, summary)
            for slip in applying if slip in VARIANTS}
    made = {slip: result for slip, result in made.items() if result}
    for slip in applying:
        if slip in MISREADINGS:
            found.misread((slip,), quantity, network_values(summary))
        if slip in made:
            changed, layers = made[slip]
            value = total_value(quantity, changed)
            sign = "−" if value < truth else "+"
            found.add((slip,), value, f"{thousands(truth)} {sign} {thousands(abs(truth - value))}"
                                      f" = {thousands(value)}: {slip.text} ({in_layers(layers)})")
    for a, b in combinations(applying, 2):
        for varied, misread in ((a, b), (b, a)):
            if varied in made and misread in MISREADINGS:
                changed, layers = made[varied]
                lead = f"{varied.text} ({in_layers(layers)}), and "
                found.misread((varied, misread), quantity, network_values(changed), lead)
    return found.candidates


def in_layers(count: int) -> str:
    return f"in {count} layer" + ("s" if count != 1 else "")
