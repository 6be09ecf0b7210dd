"""How the engine computes each layer kind: the weights it allocates and its forward pass.

One small class per kind, keyed like the calculator's registry (a test checks they match), but
sharing nothing with it except the parsed settings. Weight shapes follow from what the layer
means: a convolution has K filters of Fh×Fw×(C_in/groups) and K biases; a batchnorm has γ, β and
running mean and variance per channel; and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod

import numpy as np

from . import kernels
from .tally import Tally

SAME = "same"


@dataclass
class Weights:
    trainable: dict[str, np.ndarray] = field(default_factory=dict)
    buffers: dict[str, np.ndarray] = field(default_factory=dict)


NONE = Weights()


BLOCK = 4093
"""Random values per array; the rest of the array repeats them. A prime, so the pattern does not
line up with channel counts (which are mostly multiples of 8)."""


def random(rng: np.random.Generator, *shape: int) -> np.ndarray:
    """Float32 weights, finite and non-zero, made at memory speed: ``BLOCK`` random values with
    magnitudes in [0.01, 0.1) and random signs, repeated through the array by doubling copies.

    The values do not matter to what ``verify`` measures (shapes and tallies), but every kernel
    still multiplies real numbers. Drawing all 138 M of VGG-16's weights at random took about a
    second; copying a block runs at the speed of memory.

    >>> w = random(np.random.default_rng(0), 3, 3, 64, 64)
    >>> w.shape, w.dtype, bool((np.abs(w) >= 0.01).all() and (np.abs(w) < 0.1).all())
    ((3, 3, 64, 64), dtype('float32'), True)
    """
    size = prod(shape)
    block = rng.random(min(size, BLOCK), np.float32)
    block *= 0.09
    block += 0.01
    block *= rng.choice(np.array([-1, 1], np.float32), block.size)
    weights = np.empty(size, np.float32)
    weights[: block.size] = block
    done = block.size
    while done < size:  # each copy doubles the filled front; reads stay in cache at first
        step = min(done, size - done)
        weights[done: done + step] = weights[:step]
        done += step
    return weights.reshape(shape)


def same_padding(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    """The padding that lets ⌈size/stride⌉ windows fit, the odd one after (TensorFlow)."""
    windows = -(-size // stride)
    reach = (windows - 1) * stride + dilation * (kernel - 1) + 1
    total = max(reach - size, 0)
    return total // 2, total - total // 2


def paddings(layer, height: int, width: int, dilation=(1, 1)):
    if layer.padding == SAME:
        return tuple(same_padding(size, k, s, d) for size, k, s, d in
                     zip((height, width), layer.kernel, layer.stride, dilation))
    return layer.padding


class EngineLayer:
    """Default: no weights; subclasses define `forward`."""

    def weights(self, layer, shapes, rng) -> Weights:
        return NONE

    def forward(self, layer, inputs: list[np.ndarray], weights: Weights, tally: Tally):
        raise NotImplementedError


class Conv(EngineLayer):
    def channels(self, layer, c_in: int) -> tuple[int, int]:
        groups = c_in if layer.depthwise else layer.groups
        filters = layer.filters if layer.filters is not None else c_in * layer.multiplier
        return groups, filters

    def weights(self, layer, shapes, rng):
        c_in = shapes[0][-1]
        groups, filters = self.channels(layer, c_in)
        trainable = {"kernel": random(rng, *layer.kernel, c_in // groups, filters)}
        if layer.bias:
            trainable["bias"] = random(rng, filters)
        return Weights(trainable)

    def forward(self, layer, inputs, weights, tally):
        x = inputs[0]
        groups, _ = self.channels(layer, x.shape[-1])
        return kernels.conv2d(x, weights.trainable["kernel"], weights.trainable.get("bias"),
                              stride=layer.stride, padding=paddings(layer, *x.shape[1:3],
                                                                    layer.dilation),
                              dilation=layer.dilation, groups=groups, tally=tally)


class ConvTranspose(EngineLayer):
    def weights(self, layer, shapes, rng):
        c_in = shapes[0][-1]
        trainable = {"kernel": random(rng, *layer.kernel, c_in, layer.filters // layer.groups)}
        if layer.bias:
            trainable["bias"] = random(rng, layer.filters)
        return Weights(trainable)

    def forward(self, layer, inputs, weights, tally):
        return kernels.conv_transpose2d(
            inputs[0], weights.trainable["kernel"], weights.trainable.get("bias"),
            stride=layer.stride, padding=tuple(p[0] for p in layer.padding),
            output_padding=layer.output_padding, dilation=layer.dilation, groups=layer.groups,
            tally=tally)


class MaxPool(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        x = inputs[0]
        return kernels.max_pool2d(x, layer.kernel, layer.stride, paddings(layer, *x.shape[1:3]),
                                  layer.ceil_mode)


class AvgPool(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        x = inputs[0]
        return kernels.avg_pool2d(x, layer.kernel, layer.stride, paddings(layer, *x.shape[1:3]),
                                  layer.ceil_mode, layer.count_include_pad)


class GlobalAvgPool(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        return inputs[0].mean(axis=(1, 2), keepdims=True, dtype=np.float32)


class AdaptiveAvgPool(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        return kernels.adaptive_avg_pool2d(inputs[0], layer.size)


class Dense(EngineLayer):
    """A feature map is flattened first; the product is (N, in) @ (in, out)."""

    def weights(self, layer, shapes, rng):
        trainable = {"kernel": random(rng, prod(shapes[0]), layer.units)}
        if layer.bias:
            trainable["bias"] = random(rng, layer.units)
        return Weights(trainable)

    def forward(self, layer, inputs, weights, tally):
        return kernels.dense(kernels.flatten(inputs[0]), weights.trainable["kernel"],
                             weights.trainable.get("bias"), tally=tally)


class Flatten(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        return kernels.flatten(inputs[0])


class Function(EngineLayer):
    """An elementwise function of one input."""

    def __init__(self, function):
        self.function = function

    def forward(self, layer, inputs, weights, tally):
        return self.function(inputs[0], layer)


class BatchNorm(EngineLayer):
    """γ unless ``scale: false``, β unless ``center: false``, neither with ``affine: false``
    (scale and center unset follow affine)."""

    def weights(self, layer, shapes, rng):
        c = shapes[0][-1]
        trainable = {}
        if layer.affine if layer.scale is None else layer.scale:
            trainable["gamma"] = 1 + random(rng, c)
        if layer.affine if layer.center is None else layer.center:
            trainable["beta"] = random(rng, c)
        return Weights(trainable, {"running_mean": random(rng, c),
                                   "running_var": 1 + np.abs(random(rng, c))})

    def forward(self, layer, inputs, weights, tally):
        return kernels.batchnorm(inputs[0], weights.buffers["running_mean"],
                                 weights.buffers["running_var"], weights.trainable.get("gamma"),
                                 weights.trainable.get("beta"), layer.eps)


class Add(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        return kernels.add(*inputs, weights=layer.weights)


class Concat(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        return kernels.concat(inputs)


class Multiply(EngineLayer):
    """Broadcast like NumPy over the per-example shapes (the batch axis stays first)."""

    def forward(self, layer, inputs, weights, tally):
        rank = max(x.ndim for x in inputs)
        aligned = [x.reshape(x.shape[0], *(1,) * (rank - x.ndim), *x.shape[1:]) for x in inputs]
        result = aligned[0]
        for x in aligned[1:]:
            result = kernels.multiply(result, x)
        return result


class LayerNorm(EngineLayer):
    def weights(self, layer, shapes, rng):
        c = shapes[0][-1]
        return Weights({"gamma": 1 + random(rng, c), "beta": random(rng, c)})

    def forward(self, layer, inputs, weights, tally):
        return kernels.layernorm(inputs[0], weights.trainable["gamma"], weights.trainable["beta"],
                                 layer.eps)


class LayerScale(EngineLayer):
    """y = γ ⊙ x, γ one per channel, or y = factor · x for a constant factor: elementwise,
    not tallied."""

    def weights(self, layer, shapes, rng):
        if layer.factor is not None:
            return NONE
        return Weights({"gamma": random(rng, shapes[0][-1])})

    def forward(self, layer, inputs, weights, tally):
        if layer.factor is not None:
            return kernels.multiply(inputs[0], np.float32(layer.factor))
        return kernels.multiply(inputs[0], weights.trainable["gamma"])


class PReLU(EngineLayer):
    """Slopes of shape (1,), (C,) or the example's shape, as ``per`` says."""

    def weights(self, layer, shapes, rng):
        shape = {"one": (1,), "channel": shapes[0][-1:], "element": shapes[0]}[layer.per]
        return Weights({"slope": np.abs(random(rng, *shape))})

    def forward(self, layer, inputs, weights, tally):
        return kernels.prelu(inputs[0], weights.trainable["slope"])


class PixelShuffle(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        return kernels.pixel_shuffle(inputs[0], layer.factor, layer.order)


class Split(EngineLayer):
    """Equal parts: channels take·C/parts … (take + 1)·C/parts − 1; or the given sizes."""

    def forward(self, layer, inputs, weights, tally):
        x = inputs[0]
        channels = x.shape[-1]
        sizes = layer.sizes or [channels // layer.parts] * layer.parts
        if sum(sizes) != channels:
            raise ValueError(f"split sizes {sizes} do not fill {channels} channels")
        first = sum(sizes[:layer.take])
        return kernels.split(x, first, first + sizes[layer.take])


class ChannelShuffle(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        return kernels.channel_shuffle(inputs[0], layer.groups)


class Upsample(EngineLayer):
    """Output size ⌊H·s⌋ × ⌊W·s⌋ for a scale, the size asked for, or size_of's H×W (the
    second input, whose values are not read)."""

    def forward(self, layer, inputs, weights, tally):
        x = inputs[0]
        if layer.size_of is not None:
            height, width = inputs[1].shape[1:3]
        elif layer.size is not None:
            height, width = layer.size
        else:
            height, width = (int(np.floor(n * s)) for n, s in zip(x.shape[1:3], layer.scale))
        resize = kernels.resize_nearest if layer.mode == "nearest" else kernels.resize_bilinear
        return resize(x, height, width)


class Crop(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        x = inputs[0]
        if len(inputs) == 2:
            return kernels.centre_crop(x, *inputs[1].shape[1:3])
        if layer.size is not None:
            return kernels.centre_crop(x, *layer.size)
        return kernels.crop(x, *layer.margins)


class MaxUnpool(EngineLayer):
    """The named pool's maxima found again on its input (the second input), the values of the
    first put back at them: what ``nn.MaxUnpool2d`` does with ``nn.MaxPool2d``'s indices."""

    def forward(self, layer, inputs, weights, tally):
        x, source = inputs
        pool = layer.pool_layer()
        height, width = source.shape[1:3]
        _, indices = kernels.max_pool2d_with_indices(source, pool.kernel, pool.stride,
                                                     paddings(pool, height, width),
                                                     pool.ceil_mode)
        return kernels.max_unpool2d(x, indices, height, width)


class ZeroPad(EngineLayer):
    def forward(self, layer, inputs, weights, tally):
        return kernels.zero_pad(inputs[0], *layer.padding, *layer.channels)


ENGINE_LAYERS: dict[str, EngineLayer] = {
    "conv": Conv(),
    "conv_transpose": ConvTranspose(),
    "maxpool": MaxPool(),
    "avgpool": AvgPool(),
    "global_avgpool": GlobalAvgPool(),
    "adaptive_avgpool": AdaptiveAvgPool(),
    "fc": Dense(),
    "flatten": Flatten(),
    "relu": Function(lambda x, layer: kernels.relu(x)),
    "relu6": Function(lambda x, layer: kernels.relu6(x)),
    "tanh": Function(lambda x, layer: kernels.tanh(x)),
    "sigmoid": Function(lambda x, layer: kernels.sigmoid(x)),
    "softmax": Function(lambda x, layer: kernels.softmax(x)),
    "silu": Function(lambda x, layer: kernels.silu(x)),
    "hardswish": Function(lambda x, layer: kernels.hardswish(x)),
    "hardsigmoid": Function(lambda x, layer: kernels.hardsigmoid(x)),
    "gelu": Function(lambda x, layer: kernels.gelu(x)),
    "identity": Function(lambda x, layer: x),
    "leaky_relu": Function(lambda x, layer: kernels.leaky_relu(x, layer.slope)),
    "dropout": Function(lambda x, layer: kernels.dropout(x, layer.rate)),  # identity
    "lrn": Function(lambda x, layer: kernels.lrn(x, layer.size, layer.alpha, layer.beta,
                                                 layer.k)),
    "batchnorm": BatchNorm(),
    "add": Add(),
    "concat": Concat(),
    "multiply": Multiply(),
    "layernorm": LayerNorm(),
    "scale": LayerScale(),
    "split": Split(),
    "channel_shuffle": ChannelShuffle(),
    "upsample": Upsample(),
    "crop": Crop(),
    "max_unpool": MaxUnpool(),
    "zeropad": ZeroPad(),
    "prelu": PReLU(),
    "pixel_shuffle": PixelShuffle(),
}
