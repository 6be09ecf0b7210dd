"""Counting conventions: named rule sets for what "the number of operations" and "the number of
parameters" mean, so that cnncalc can count as a given tool counts and say how they differ.

A convention weighs the operation categories each layer reports (`cnncalc.operations.Op`): the
counted number of a layer is ``Σ weight · count``. A layer the model performs by a function call
in ``forward()`` (``F.relu(x)``, ``F.adaptive_avg_pool2d(x, 1)``: ``functional: true`` in a spec)
is weighed by the convention's `Convention.functional_weights` instead: a tool that hooks modules
does not see it, ptflops sees it once through its patched ``torch.nn.functional``. It also says what its total is called and
whether BatchNorm's running statistics count as parameters. ``cnncalc`` is the default: conv and
fc multiply-accumulates, transposed convolutions over their input, BN statistics shown as
non-trainable parameters. The others reproduce what a tool prints for the same network; each
names the tool version and source file its rules were read from (docs/readme/conventions.md
compares them with the tools' real output).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Mapping

from .errors import CnnCalcError
from .operations import Op, Operations


class Unit(str, Enum):
    """What a tool calls its total."""

    MACS = "MACs"
    MULT_ADDS = "mult-adds"
    FLOPS = "FLOPs"


class ConventionError(CnnCalcError):
    """An unknown convention name."""


@dataclass(frozen=True)
class Convention:
    name: str
    title: str
    """The tool (and version) whose count it reproduces."""
    unit: Unit
    weights: Mapping[Op, int]
    """Each counted category and its weight; categories left out count 0."""
    bn_statistics: bool
    """Whether BatchNorm's running mean and variance count as (non-trainable) parameters."""
    short: str
    """What counts, in a few words (the line under every summary)."""
    rule: str
    """What counts, in full."""
    source: str
    """Where the rules were read."""
    flops_per_count: int = 2
    """FLOPs = this × the counted number: 2 for counts of multiply-accumulates (one multiply
    and one add each), 1 for a count that is FLOPs already."""
    functional_weights: Mapping[Op, int] | None = None
    """The weights for a layer done by a function call in ``forward()`` (``functional: true``):
    what the tool sees of ``F.relu(x)`` where a module would be ``nn.ReLU()``. None: the same as
    `weights` (the tool traces operators, or is no tool, and cannot tell a call from a
    module)."""
    functional_rule: str = "counted as a module"
    """What happens to a ``functional: true`` layer, in a few words."""

    def weights_for(self, functional: bool = False) -> Mapping[Op, int]:
        """`weights`, or `functional_weights` for a layer done by a function call."""
        if functional and self.functional_weights is not None:
            return self.functional_weights
        return self.weights

    def count(self, operations: Operations, functional: bool = False) -> int:
        """The counted operations: ``Σ weight · count``, by `weights_for` (`functional`).

        >>> THOP.count({Op.CONV_MACS: 100, Op.BIAS_ADDS: 10, Op.BN_ELEMENTS: 5})
        110
        >>> PTFLOPS.count({Op.RELU_ELEMENTS: 50}), PTFLOPS.count({Op.RELU_ELEMENTS: 50}, True)
        (100, 50)
        """
        weights = self.weights_for(functional)
        return sum(weights.get(op, 0) * count for op, count in operations.items())

    def non_trainable(self, non_trainable_params: int) -> int:
        """The non-trainable parameters (BN statistics) this convention counts."""
        return non_trainable_params if self.bn_statistics else 0

    @property
    def line(self) -> str:
        """The sentence printed under every summary's totals.

        >>> CNNCALC.line
        'Counted by the cnncalc convention: conv/fc multiply-accumulates (--convention)'
        """
        return f"Counted by the {self.name} convention: {self.short} (--convention)"

    @property
    def params_rule(self) -> str:
        return "BN statistics included" if self.bn_statistics else "BN statistics left out"


LINEAR_MACS = {Op.CONV_MACS: 1, Op.TRANSPOSED_MACS_OVER_INPUT: 1, Op.FC_MACS: 1}

CNNCALC = Convention(
    name="cnncalc", title="cnncalc (the textbook count)", unit=Unit.MACS,
    weights=LINEAR_MACS, bn_statistics=True,
    short="conv/fc multiply-accumulates",
    rule="conv/fc multiply-accumulates, transposed convolutions over their input",
    source="course notes and papers (README, 'What the numbers mean')")

TORCHINFO = Convention(
    name="torchinfo", title="torchinfo 1.8.0 summary(): Total mult-adds", unit=Unit.MULT_ADDS,
    weights={Op.CONV_MACS: 1, Op.TRANSPOSED_MACS_OVER_OUTPUT: 1, Op.FC_MACS: 1,
             Op.BIAS_ADDS: 1, Op.BN_AFFINE_PARAMS: 1, Op.PRELU_PARAMS: 1},
    bn_statistics=False,
    short="params × output positions",
    rule="each parameter × the output positions it is used at: conv/fc MACs + biases, "
         "transposed convolutions over their output, BatchNorm's γ and β once",
    source="torchinfo/layer_info.py LayerInfo.calculate_macs; totals from "
           "model_statistics.py (parameters only, buffers left out)",
    functional_weights={}, functional_rule="not counted (module hooks only)")

PTFLOPS = Convention(
    name="ptflops", title="ptflops 0.7.5 (pytorch backend)", unit=Unit.MACS,
    weights={**LINEAR_MACS, Op.BIAS_ADDS: 1, Op.BN_ELEMENTS: 1, Op.BN_AFFINE_ELEMENTS: 1,
             Op.RELU_ELEMENTS: 2, Op.GELU_ELEMENTS: 2,      # module hook + patched F.relu/F.gelu
             Op.PRELU_ELEMENTS: 2,                               # module hook + patched F.prelu
             Op.RELU6_ELEMENTS: 1, Op.LEAKY_RELU_ELEMENTS: 1,     # module hook only
             Op.SILU_ELEMENTS: 1, Op.SOFTMAX_ELEMENTS: 1,        # patched functional only
             Op.MAXPOOL_INPUT: 2, Op.AVGPOOL_INPUT: 2, Op.GLOBAL_POOL_INPUT: 2,
             Op.LRN_ELEMENTS: 4, Op.LRN_PADDING: 1},             # LRN's mul, avg_pool3d, mul, add
    bn_statistics=False,
    short="MACs, bias, BN, ReLU, pools",
    rule="conv/fc MACs + biases, transposed convolutions over their input, BatchNorm 2 per "
         "element, ReLU and pooling inputs twice (module hook and patched functional), ReLU6 "
         "and softmax once, LRN 4 per element + its channel padding",
    source="ptflops/pytorch_ops.py MODULES_MAPPING, FUNCTIONAL_MAPPING; "
           "pytorch_engine.py patch_functional",
    # a call reaches only the patched functions: F.relu, F.relu6, F.gelu, F.silu, F.softmax,
    # the pools (input elements), LRN's mul/avg_pool3d/mul/add; F.linear's patch is commented
    # out, and F.conv2d, F.batch_norm, F.leaky_relu, F.dropout are not patched
    functional_weights={Op.RELU_ELEMENTS: 1, Op.RELU6_ELEMENTS: 1, Op.GELU_ELEMENTS: 1,
                        Op.SILU_ELEMENTS: 1, Op.SOFTMAX_ELEMENTS: 1, Op.MAXPOOL_INPUT: 1,
                        Op.AVGPOOL_INPUT: 1, Op.GLOBAL_POOL_INPUT: 1, Op.LRN_ELEMENTS: 4,
                        Op.LRN_PADDING: 1, Op.PRELU_ELEMENTS: 1},
    functional_rule="counted once when ptflops patches the function (F.relu, relu6, gelu, "
                    "silu, softmax, the pools, LRN), else 0")

PTFLOPS_ATEN = Convention(
    name="ptflops-aten", title="ptflops 0.7.5 (aten backend)", unit=Unit.MACS,
    weights={**LINEAR_MACS, Op.BIAS_ADDS: 1},
    bn_statistics=False,
    short="conv/fc MACs + biases",
    rule="conv/fc MACs + biases (aten.convolution, aten.addmm), transposed convolutions over "
         "their input; nothing else",
    source="ptflops/aten_ops.py ATEN_OPS_MAPPING",
    functional_rule="counted as a module (aten operators are traced)")

FVCORE = Convention(
    name="fvcore", title="fvcore 0.1.5 FlopCountAnalysis (one 'flop' per MAC)", unit=Unit.FLOPS,
    weights={**LINEAR_MACS, Op.BN_ELEMENTS: 1, Op.BN_AFFINE_ELEMENTS: 1,
             Op.GLOBAL_POOL_INPUT: 1},
    bn_statistics=False,
    short="conv/fc MACs, BN, global pools",
    rule="conv/fc MACs, transposed convolutions over their input, BatchNorm 2 per element "
         "(eval), adaptive/global average pooling 1 per input element; no biases, "
         "activations, max/avg pooling, additions or softmax",
    source="fvcore/nn/flop_count.py _DEFAULT_SUPPORTED_OPS (operators without a handle "
           "count 0); jit_handles.py conv_flop_count, batchnorm_flop_jit",
    functional_rule="counted as a module (the jit trace sees operators)")

THOP = Convention(
    name="thop", title="thop 0.1.1 profile()", unit=Unit.MACS,
    weights={Op.CONV_MACS: 1, Op.TRANSPOSED_MACS_OVER_OUTPUT: 1, Op.FC_MACS: 1,
             Op.BN_ELEMENTS: 2, Op.BN_AFFINE_ELEMENTS: 2, Op.SOFTMAX_ELEMENTS: 3,
             Op.SOFTMAX_ROWS: -1, Op.AVGPOOL_OUTPUT: 1, Op.GLOBAL_POOL_INPUT: 1,
             Op.PRELU_ELEMENTS: 1,                   # count_prelu: one per input element
             Op.GLOBAL_POOL_OUTPUT: 1},
    bn_statistics=False,
    short="MACs, BN, avg pools",
    rule="conv/fc MACs without biases, transposed convolutions over their output, BatchNorm 4 "
         "per element, softmax 3n − 1 per row, average pooling; no ReLU or max pooling",
    source="thop/profile.py register_hooks; vision/basic_hooks.py; vision/calc_func.py",
    functional_weights={}, functional_rule="not counted (module hooks only)")

ULTRALYTICS_THOP = Convention(
    name="ultralytics-thop", title="ultralytics-thop 2.2.3 profile()", unit=Unit.MACS,
    weights={Op.CONV_MACS: 1, Op.TRANSPOSED_MACS_OVER_INPUT: 1, Op.FC_MACS: 1,
             Op.BN_ELEMENTS: 2, Op.BN_AFFINE_ELEMENTS: 2, Op.SOFTMAX_ELEMENTS: 3,
             Op.SOFTMAX_ROWS: -1, Op.AVERAGED_INPUTS: 1, Op.AVGPOOL_OUTPUT: 1,
             Op.GLOBAL_POOL_OUTPUT: 1, Op.LAYERNORM_ELEMENTS: 4,
             Op.PRELU_ELEMENTS: 1},   # count_prelu: one per input element in eval
    bn_statistics=False,
    short="MACs, BN, avg pools",
    rule="conv/fc MACs without biases, transposed convolutions over their input, BatchNorm 4 "
         "per element, softmax 3n − 1 per row, average pooling one addition per window input "
         "(adaptive bins as PyTorch slices them) + one division per output, LayerNorm 4 "
         "per element; no ReLU, GELU, max pooling, layer scale or dropout",
    source="thop/profile.py register_hooks, functional_hooks; vision/basic_hooks.py "
           "count_convNd, count_convtNd, count_normalization, count_avgpool, "
           "count_adap_avgpool; vision/calc_func.py",
    # its TorchFunctionMode counts F.linear (and matmul) run outside any counted module
    functional_weights={Op.FC_MACS: 1},
    functional_rule="not counted, but for F.linear (its functional hooks)")

TORCHSCAN = Convention(
    name="torchscan", title="torchscan 0.2.0 summary(): Multiply-Accumulations", unit=Unit.MACS,
    weights={Op.CONV_MACS: 1, Op.TRANSPOSED_MACS_OVER_OUTPUT: 1, Op.TRANSPOSED_AXES: 4,
             Op.FC_MACS: 1, Op.BN_ELEMENTS: 1, Op.BN_AFFINE_ELEMENTS: 1,
             Op.MAXPOOL_OUTPUT_BY_SIDE: 1, Op.MAXPOOL_OUTPUT: -1,
             Op.AVGPOOL_OUTPUT_BY_SIDE: 1, Op.AVGPOOL_OUTPUT: 1,
             Op.GLOBAL_POOL_INPUT: 1, Op.GLOBAL_POOL_OUTPUT: 1},
    bn_statistics=False,
    short="MACs, BN, pools, no bias",
    rule="conv/fc MACs without biases, transposed convolutions over their output (+ 4 per "
         "axis), BatchNorm 2 per element, pooling by window (F − 1 per max-pool output, F + 1 "
         "per average, F the side)",
    source="torchscan/modules/macs.py module_macs",
    functional_weights={}, functional_rule="not counted (module hooks only)")

TORCHSCAN_FLOPS = Convention(
    name="torchscan-flops", title="torchscan 0.2.0 summary(): Module-formula forward FLOPs",
    unit=Unit.FLOPS,
    weights={Op.CONV_MACS: 2, Op.TRANSPOSED_MACS_OVER_OUTPUT: 2, Op.TRANSPOSED_AXES: 8,
             Op.FC_MACS: 2, Op.LINEAR_OUTPUTS: -1, Op.BIAS_ADDS: 1,
             Op.BN_CHANNELS: 2, Op.BN_ELEMENTS: 2, Op.BN_AFFINE_ELEMENTS: 2,
             Op.RELU_ELEMENTS: 1, Op.RELU6_ELEMENTS: 2, Op.LEAKY_RELU_ELEMENTS: 4,
             Op.TANH_ELEMENTS: 6, Op.SIGMOID_ELEMENTS: 4, Op.DROPOUT_ELEMENTS: 1,
             Op.MAXPOOL_OUTPUT_BY_SIDE: 1, Op.MAXPOOL_OUTPUT: -1,
             Op.AVGPOOL_OUTPUT_BY_SIDE: 1, Op.AVGPOOL_OUTPUT: 1,
             Op.GLOBAL_POOL_INPUT: 1, Op.GLOBAL_POOL_OUTPUT: 1},
    bn_statistics=False,
    short="FLOPs of every module",
    rule="n products and n − 1 additions per conv/fc output + 1 per bias, transposed "
         "convolutions over their output (+ 8 per axis), BatchNorm 4 per element + 2 per "
         "channel, ReLU 1, ReLU6 2, leaky ReLU 4, sigmoid 4, tanh 6 per element, dropout 1 "
         "per element (even at inference), pooling as torchscan's MACs; softmax, additions "
         "and concatenation 0",
    source="torchscan/modules/flops.py module_flops", flops_per_count=1,
    functional_weights={}, functional_rule="not counted (module hooks only)")

KERAS = Convention(
    name="keras", title="Keras 3 Model.summary(): Total params", unit=Unit.MACS,
    weights=LINEAR_MACS, bn_statistics=True,
    short="params + BN statistics; MACs",
    rule="Keras prints no operation count (cnncalc's conv/fc MACs shown); Total params = "
         "trainable + non-trainable",
    source="keras/src/utils/summary_utils.py print_summary (moving mean and variance are "
           "non-trainable weights)")

CONVENTIONS: dict[str, Convention] = {c.name: c for c in (
    CNNCALC, TORCHINFO, PTFLOPS, PTFLOPS_ATEN, FVCORE, THOP, ULTRALYTICS_THOP, TORCHSCAN,
    TORCHSCAN_FLOPS, KERAS)}
DEFAULT = CNNCALC


def convention_named(name: str) -> Convention:
    """The convention called `name` (case and ``_``/``-`` ignored); a `ConventionError` listing
    the valid names otherwise."""
    key = name.strip().lower().replace("_", "-")
    if key in CONVENTIONS:
        return CONVENTIONS[key]
    raise ConventionError(f"--convention: there is no counting convention '{name}'; choose one of: "
                          + ", ".join(CONVENTIONS))


@dataclass(frozen=True)
class LayerCount:
    """How one convention counts one layer: the total and its weighted terms."""

    convention: Convention
    count: int
    terms: tuple[tuple[int, Op, int], ...]
    """(weight, category, count) for every category that contributes."""
    params: int


def layer_counts(operations: Operations, trainable: int, non_trainable: int,
                 differing_from: Convention = DEFAULT,
                 functional: bool = False) -> list[LayerCount]:
    """Each convention whose count or parameters for this layer differ from `differing_from`'s
    (`functional`: the layer is a function call, weighed by `Convention.weights_for`).

    >>> ops = {Op.CONV_MACS: 100, Op.BIAS_ADDS: 10}
    >>> [(c.convention.name, c.count) for c in layer_counts(ops, 0, 0)]
    [('torchinfo', 110), ('ptflops', 110), ('ptflops-aten', 110), ('torchscan-flops', 210)]
    >>> relu = {Op.RELU_ELEMENTS: 8}
    >>> [(c.convention.name, c.count) for c in layer_counts(relu, 0, 0)]
    [('ptflops', 16), ('torchscan-flops', 8)]
    >>> [(c.convention.name, c.count) for c in layer_counts(relu, 0, 0, functional=True)]
    [('ptflops', 8)]
    """
    def counted(convention: Convention) -> tuple[int, int]:
        return (convention.count(operations, functional),
                trainable + convention.non_trainable(non_trainable))

    base = counted(differing_from)
    result = []
    for convention in CONVENTIONS.values():
        count, params = counted(convention)
        if (count, params) != base:
            weights = convention.weights_for(functional)
            terms = tuple((weights[op], op, n) for op, n in operations.items()
                          if weights.get(op, 0) and n)
            result.append(LayerCount(convention, count, terms, params))
    return result
