"""The textbook size formulas, each written once as a pure function of one spatial axis.

Layers call these; nothing else re-derives them. Sizes may come out zero or negative: the caller
decides what that means for the user.
"""

from __future__ import annotations


def effective_kernel(kernel: int, dilation: int = 1) -> int:
    """The span a dilated kernel covers: ``D·(F − 1) + 1``.

    >>> effective_kernel(3, dilation=2)
    5
    """
    return dilation * (kernel - 1) + 1


def conv_output_size(size: int, kernel: int, stride: int = 1, pad_before: int = 0,
                     pad_after: int = 0, dilation: int = 1, ceil: bool = False) -> int:
    """``⌊(W + P_before + P_after − D·(F − 1) − 1) / S⌋ + 1``; with symmetric padding P and
    D = 1 this is the familiar ``⌊(W − F + 2P) / S⌋ + 1``. ``ceil`` rounds up instead: no
    convolution does that, but a homework check recognises the slip (``ceil_for_floor``).

    >>> conv_output_size(227, 11, stride=4)      # AlexNet conv1
    55
    >>> conv_output_size(6, 3, stride=2)         # the floor drops a column
    2
    >>> conv_output_size(6, 3, stride=2, ceil=True)
    3
    >>> conv_output_size(32, 3, pad_before=1, pad_after=1)
    32
    """
    span = size + pad_before + pad_after - effective_kernel(kernel, dilation)
    return (-(-span // stride) if ceil else span // stride) + 1


def same_padding(size: int, kernel: int, stride: int = 1, dilation: int = 1) -> tuple[int, int]:
    """Padding (before, after) that makes the output ``⌈W / S⌉``, as TensorFlow's "same" does:
    total ``max((⌈W/S⌉ − 1)·S + D·(F − 1) + 1 − W, 0)``, the odd one out going after.

    >>> same_padding(32, 3)
    (1, 1)
    >>> same_padding(224, 3, stride=2)
    (0, 1)
    """
    out = -(-size // stride)
    total = max((out - 1) * stride + effective_kernel(kernel, dilation) - size, 0)
    return total // 2, total - total // 2


def axis_paddings(padding, sizes, kernels, strides, dilations=(1, 1)):
    """Each axis's (before, after) padding: `padding` as given, or for ``"same"`` the
    `same_padding` of each axis of an input of `sizes`.

    >>> axis_paddings("same", (224, 224), (3, 3), (2, 2))
    ((0, 1), (0, 1))
    >>> axis_paddings(((1, 1), (2, 2)), (8, 8), (3, 5), (1, 1))
    ((1, 1), (2, 2))
    """
    if padding != "same":
        return padding
    return tuple(same_padding(size, k, s, d)
                 for size, k, s, d in zip(sizes, kernels, strides, dilations))


def pool_output_size(size: int, kernel: int, stride: int, pad_before: int = 0,
                     pad_after: int = 0, ceil_mode: bool = False) -> int:
    """``⌊(W − F + 2P) / S⌋ + 1`` as for a conv, or with ``ceil_mode`` ``⌈(W − F + 2P) / S⌉ + 1``
    less one when the last window would start beyond the input and its left padding (PyTorch's
    rule).

    >>> pool_output_size(55, 3, 2)               # AlexNet pool1
    27
    >>> pool_output_size(112, 3, 2, ceil_mode=True)   # GoogLeNet pool1 in Caffe
    56
    >>> pool_output_size(112, 3, 2)
    55
    """
    span = size + pad_before + pad_after - kernel
    if not ceil_mode:
        return span // stride + 1
    out = -(-span // stride) + 1
    if (out - 1) * stride >= size + pad_before:
        out -= 1
    return out


def conv_transpose_output_size(size: int, kernel: int, stride: int = 1, padding: int = 0,
                               output_padding: int = 0, dilation: int = 1) -> int:
    """``(W − 1)·S − 2P + D·(F − 1) + output_padding + 1``: the inverse of the conv formula.

    >>> conv_transpose_output_size(7, 4, stride=2, padding=1)
    14
    """
    return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1

