"""The reference engine's numerical kernels, in one namespace.

Activations are float32 NHWC arrays (batch, H, W, C). Kernels that perform a layer's linear
arithmetic (conv2d, conv_transpose2d, dense) add the multiplications they execute to the
:class:`~cnncalc.engine.tally.Tally` passed as ``tally=``; the others perform none of that kind.

Weight layouts: conv2d (kh, kw, C_in/groups, K); conv_transpose2d (kh, kw, C_in, K/groups);
dense (in, out).
"""
from __future__ import annotations

from .activations import gelu, hardsigmoid, hardswish, leaky_relu, relu, relu6, sigmoid, silu, softmax, tanh
from .conv import STRATEGIES, choose_strategy, conv2d
from .conv_transpose import conv_transpose2d
from .dense import dense, flatten
from .depth_to_space import pixel_shuffle
from .merge import add, concat, dropout, multiply
from .normalization import batchnorm, layernorm, lrn
from .pool import adaptive_avg_pool2d, avg_pool2d, max_pool2d, max_pool2d_with_indices, max_unpool2d
from .prelu import prelu
from .rearrange import centre_crop, channel_shuffle, crop, split, zero_pad
from .resample import resize_bilinear, resize_nearest
from .tally import Tally

__all__ = [
    "Tally", "conv2d", "conv_transpose2d", "dense", "flatten", "STRATEGIES", "choose_strategy",
    "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d",
    "max_pool2d_with_indices", "max_unpool2d",
    "relu", "relu6", "leaky_relu", "sigmoid", "tanh", "silu", "hardsigmoid", "hardswish", "gelu", "softmax",
    "batchnorm", "lrn", "layernorm", "add", "concat", "multiply", "dropout",
    "split", "channel_shuffle", "crop", "centre_crop", "zero_pad", "resize_nearest",
    "resize_bilinear",
    "pixel_shuffle", "prelu",
]
