"""The operations a layer performs, by category: plain counts that a counting convention weighs.

Every layer kind answers `Layer.operations(inputs, output)` with a mapping ``Op → count`` for one
sample. The categories are facts about the layer (how many multiply-accumulates a convolution
does, how many elements a BatchNorm normalises, how many windows a pooling layer reads); which of
them count, and how much, is a convention's choice (`cnncalc.conventions`). Tools disagree
exactly there, so the facts are kept apart from the choices.
"""

from __future__ import annotations

from enum import Enum
from typing import Mapping


class Op(str, Enum):
    """A category of work. The value is its stable name (JSON, docs)."""

    CONV_MACS = "conv_macs"
    """Convolution multiply-accumulates: ``H_out·W_out·K · Fh·Fw·C_in/groups``."""
    TRANSPOSED_MACS_OVER_INPUT = "transposed_macs_over_input"
    """Transposed convolution, counted over its input: ``H_in·W_in·C_in · Fh·Fw·K/groups``."""
    TRANSPOSED_MACS_OVER_OUTPUT = "transposed_macs_over_output"
    """Transposed convolution counted as a convolution over its output positions:
    ``H_out·W_out·K · Fh·Fw·C_in/groups`` (about S² times the products it really does)."""
    TRANSPOSED_AXES = "transposed_axes"
    """Spatial axes of a transposed convolution (2): torchscan charges each for working out the
    output padding."""
    FC_MACS = "fc_macs"
    """Fully connected multiply-accumulates: ``in·out``."""
    LINEAR_OUTPUTS = "linear_outputs"
    """Output elements of conv, transposed conv and fc: each sums n products with n − 1
    additions, so exact FLOPs are ``2·MACs − outputs``."""
    BIAS_ADDS = "bias_adds"
    """One addition per output element that has a bias (conv, transposed conv, fc)."""
    BN_ELEMENTS = "bn_elements"
    """Elements a BatchNorm normalises: ``(x − mean) / √(var + eps)``, one per element."""
    BN_AFFINE_ELEMENTS = "bn_affine_elements"
    """Elements a BatchNorm scales and shifts (``γ·x̂ + β``): all of them when it learns γ or β
    (``affine``; with only one of them, Keras' ``scale``/``center`` switches, still all)."""
    BN_CHANNELS = "bn_channels"
    """BatchNorm's channels: ``√(var + eps)`` is worked out once per channel."""
    BN_AFFINE_PARAMS = "bn_affine_params"
    """BatchNorm's γ and β: ``C`` for each it learns, ``2·C`` when ``affine`` (torchinfo counts a
    layer's parameters)."""
    RELU_ELEMENTS = "relu_elements"
    """Outputs of ``relu``."""
    RELU6_ELEMENTS = "relu6_elements"
    """Outputs of ``relu6``."""
    LEAKY_RELU_ELEMENTS = "leaky_relu_elements"
    """Outputs of ``leaky_relu``."""
    TANH_ELEMENTS = "tanh_elements"
    """Outputs of ``tanh``."""
    SIGMOID_ELEMENTS = "sigmoid_elements"
    """Outputs of ``sigmoid``."""
    SILU_ELEMENTS = "silu_elements"
    """Outputs of ``silu``."""
    GELU_ELEMENTS = "gelu_elements"
    """Outputs of ``gelu``."""
    HARD_ACTIVATION_ELEMENTS = "hard_activation_elements"
    """Outputs of ``hardswish`` and ``hardsigmoid``."""
    DROPOUT_ELEMENTS = "dropout_elements"
    """Elements a dropout with a nonzero rate passes (the identity at inference)."""
    SOFTMAX_ELEMENTS = "softmax_elements"
    """Outputs of ``softmax`` (each needs an exponential, a sum term and a division)."""
    SOFTMAX_ROWS = "softmax_rows"
    """Vectors a ``softmax`` normalises (one sum each)."""
    MAXPOOL_INPUT = "maxpool_input"
    """Input elements of a max pool."""
    MAXPOOL_OUTPUT = "maxpool_output"
    """Output elements of a max pool."""
    MAXPOOL_OUTPUT_BY_SIDE = "maxpool_output_by_side"
    """Output elements × the window's side F (F×F window; Fh·Fw when not square)."""
    AVGPOOL_INPUT = "avgpool_input"
    """Input elements of a windowed average pool."""
    AVGPOOL_OUTPUT = "avgpool_output"
    """Output elements of a windowed average pool."""
    AVGPOOL_OUTPUT_BY_SIDE = "avgpool_output_by_side"
    """Output elements × the window's side F (F×F window; Fh·Fw when not square)."""
    GLOBAL_POOL_INPUT = "global_pool_input"
    """Input elements of a global or adaptive average pool."""
    GLOBAL_POOL_OUTPUT = "global_pool_output"
    """Output elements of a global or adaptive average pool."""
    AVERAGED_INPUTS = "averaged_inputs"
    """The inputs an average pool adds up, once per window they fall in: the windows' sizes
    summed (a window clipped to the padded input, or to the input without
    ``count_include_pad``, as PyTorch divides); ``n + o − gcd(n, o)`` per axis for o adaptive
    bins over n inputs; a global pool's input elements."""
    ADD_ELEMENTS = "add_elements"
    """Additions of an elementwise sum: output elements × (inputs − 1)."""
    MUL_ELEMENTS = "mul_elements"
    """Products of an elementwise (broadcast) multiply: output elements × (inputs − 1)."""
    LRN_ELEMENTS = "lrn_elements"
    """Outputs of a local response normalisation."""
    LAYERNORM_ELEMENTS = "layernorm_elements"
    """Elements a layer normalisation normalises, scales and shifts. Weighed by the
    ultralytics-thop profile only (checked on ConvNeXt-T)."""
    SCALE_ELEMENTS = "scale_elements"
    """Products of a scale, learned per channel (layer scale) or a constant factor
    (Inception-ResNet's residual ×0.17): one per element. No tool weighs it (PyTorch writes
    both as ``x * s``, a tensor product no module hook or patched function sees)."""
    WEIGHTED_ADD_PRODUCTS = "weighted_add_products"
    """Products of a weighted sum ``Σ wᵢ·xᵢ``: output elements × the inputs whose weight is not
    1 (elementwise, not multiply-accumulates). No tool weighs it (``x + 0.17 * y`` is tensor
    arithmetic, not a module)."""
    PRELU_ELEMENTS = "prelu_elements"
    """Outputs of ``prelu`` (a comparison and, below zero, a product with the slope)."""
    PRELU_PARAMS = "prelu_params"
    """PReLU's learned slopes: 1, C or H·W·C (torchinfo charges each parameter once per
    sample)."""
    UPSAMPLE_NEAREST_OUTPUT = "upsample_nearest_output"
    """Output elements of a nearest-neighbour upsample (copies). Not weighed by the profiles."""
    UPSAMPLE_BILINEAR_OUTPUT = "upsample_bilinear_output"
    """Output elements of a bilinear upsample (a weighted mean of 2×2 inputs each). Not weighed
    by the tool profiles yet."""
    LRN_PADDING = "lrn_padding"
    """The zeros a local response normalisation pads its squared input with across the
    channels: ``(size − 1)·H·W`` (PyTorch averages over the padded stack)."""


Operations = Mapping[Op, int]
"""What one layer does, by category (categories it does not do are left out)."""


def scaled(operations: Operations, factor: int) -> dict[Op, int]:
    """Every count × `factor` (the batch), zero counts dropped.

    >>> scaled({Op.CONV_MACS: 10, Op.BIAS_ADDS: 0}, 3)
    {<Op.CONV_MACS: 'conv_macs'>: 30}
    """
    return {op: count * factor for op, count in operations.items() if count}
