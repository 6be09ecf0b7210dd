"""The numbers every student meets, written out as the arithmetic of the course notes."""

from __future__ import annotations


def test_alexnet_conv1(calc):
    # (227 − 11)/4 + 1 = 55; params (11·11·3 + 1)·96; mults 55·55·96 · 11·11·3
    row = calc("227x227x3", "conv: {filters: 96, kernel: 11, stride: 4}").layers[0]
    assert row.output_shape == (55, 55, 96)
    assert row.params == (11 * 11 * 3 + 1) * 96 == 34_944
    assert row.mults == 55 * 55 * 96 * 11 * 11 * 3 == 105_415_200


def test_alexnet_pool1(calc):
    # ⌊(55 − 3)/2⌋ + 1 = 27, channels unchanged, no parameters
    row = calc("55x55x96", "maxpool: {kernel: 3, stride: 2}").layers[0]
    assert row.output_shape == (27, 27, 96)
    assert row.params == 0 and row.mults == 0


def test_6x6_with_3x3_filter(calc):
    row = calc("6x6x1", "conv: {filters: 1, kernel: 3}").layers[0]
    assert row.output_shape == (4, 4, 1)
    assert row.mults == 4 * 4 * 3 * 3 == 144


def test_6x6_stride_2_floor_drops_a_column(calc):
    # (6 − 3)/2 + 1 = 2.5 → 2
    row = calc("6x6x1", "conv: {filters: 1, kernel: 3, stride: 2}").layers[0]
    assert row.output_shape == (2, 2, 1)
    assert row.mults == 2 * 2 * 3 * 3 == 36


def test_6x6x3_one_and_two_filters(calc):
    one = calc("6x6x3", "conv: {filters: 1, kernel: 3}").layers[0]
    assert one.mults == 4 * 4 * 3 * 3 * 3 == 432
    two = calc("6x6x3", "conv: {filters: 2, kernel: 3}").layers[0]
    assert two.output_shape == (4, 4, 2)
    assert two.mults == 4 * 4 * 2 * 3 * 3 * 3 == 864


def test_inception_5x5_branch(calc):
    # (28·28·32)·(5·5·192) ≈ 120 M
    row = calc("28x28x192", "conv: {filters: 32, kernel: 5, padding: same}").layers[0]
    assert row.output_shape == (28, 28, 32)
    assert row.mults == (28 * 28 * 32) * (5 * 5 * 192) == 120_422_400


def test_same_padding_keeps_32x32(calc):
    row = calc("32x32x3", "conv: {filters: 16, kernel: 3, padding: same}").layers[0]
    assert row.output_shape == (32, 32, 16)


def test_same_padding_with_stride_is_ceil(calc):
    # TensorFlow "same": ⌈W/S⌉ = ⌈225/2⌉ = 113
    row = calc("225x225x3", "conv: {filters: 8, kernel: 3, stride: 2, padding: same}").layers[0]
    assert row.output_shape == (113, 113, 8)


def test_fully_connected(calc):
    # fc6 of AlexNet: 6·6·256 = 9216 inputs; params (9216 + 1)·4096, mults 9216·4096
    row = calc("6x6x256", "fc: 4096").layers[0]
    assert row.output_shape == (4096,)
    assert row.params == (9216 + 1) * 4096 == 37_752_832
    assert row.mults == 9216 * 4096


def test_batchnorm_counts_running_statistics_apart(calc):
    row = calc("56x56x64", "batchnorm").layers[0]
    assert row.trainable_params == 2 * 64
    assert row.non_trainable_params == 2 * 64


def test_dilated_conv(calc):
    # effective kernel 2·(3 − 1) + 1 = 5: (32 + 2·2 − 5)/1 + 1 = 32
    row = calc("32x32x8", "conv: {filters: 8, kernel: 3, dilation: 2, padding: 2}").layers[0]
    assert row.output_shape == (32, 32, 8)
    assert row.mults == 32 * 32 * 8 * 3 * 3 * 8


def test_grouped_conv_alexnet_conv2(calc):
    # two groups of 48 input channels: (5·5·48 + 1)·256
    row = calc("27x27x96", "conv: {filters: 256, kernel: 5, padding: 2, groups: 2}").layers[0]
    assert row.output_shape == (27, 27, 256)
    assert row.params == (5 * 5 * 48 + 1) * 256 == 307_456
    assert row.mults == 27 * 27 * 256 * 5 * 5 * 48


def test_depthwise_conv(calc):
    # MobileNet: 3×3 depthwise on 112×112×32, stride 1, pad 1, no bias: 3·3·32 weights
    row = calc("112x112x32",
               "conv: {depthwise: true, kernel: 3, padding: 1, bias: false}").layers[0]
    assert row.output_shape == (112, 112, 32)
    assert row.params == 3 * 3 * 32
    assert row.mults == 112 * 112 * 32 * 3 * 3


def test_rectangular_kernel_stride_and_padding(calc):
    # H: (20 + 2·1 − 3)/2 + 1 = 10 (floor of 9.5 + 1); W: (30 + 2·2 − 5)/1 + 1 = 30
    row = calc("20x30x4", "conv: {filters: 6, kernel: [3, 5], stride: [2, 1], padding: [1, 2]}"
               ).layers[0]
    assert row.output_shape == (10, 30, 6)
    assert row.params == (3 * 5 * 4 + 1) * 6
    assert row.mults == 10 * 30 * 6 * 3 * 5 * 4


def test_conv_transpose_counts_over_input_positions(calc):
    # 7×7×64 → (7 − 1)·2 − 2·1 + (4 − 1) + 1 = 14; weights 64·32·4·4 + 32 biases;
    # each of the 7·7·64 inputs scatters 4·4·32 products
    row = calc("7x7x64", "conv_transpose: {filters: 32, kernel: 4, stride: 2, padding: 1}"
               ).layers[0]
    assert row.output_shape == (14, 14, 32)
    assert row.params == 64 * 32 * 4 * 4 + 32
    assert row.mults == 7 * 7 * 64 * 4 * 4 * 32


def test_conv_transpose_output_padding(calc):
    # (5 − 1)·2 − 2·1 + (3 − 1) + 1 + 1 = 10
    row = calc("5x5x8", "conv_transpose: {filters: 4, kernel: 3, stride: 2, padding: 1, "
                        "output_padding: 1}").layers[0]
    assert row.output_shape == (10, 10, 4)


def test_pool_ceil_mode(calc):
    # GoogLeNet in Caffe: ⌈(112 − 3)/2⌉ + 1 = 56 (floor would give 55)
    assert calc("112x112x64", "maxpool: {kernel: 3, stride: 2, ceil_mode: true}"
                ).layers[0].output_shape == (56, 56, 64)
    assert calc("112x112x64", "maxpool: {kernel: 3, stride: 2}").layers[0].output_shape == \
        (55, 55, 64)


def test_pool_ceil_mode_last_window_must_start_inside(calc):
    # ⌈(5 + 2·1 − 2)/2⌉ + 1 = 4, but window 4 would start at 6 ≥ 5 + 1: PyTorch drops it → 3
    row = calc("5x5x1", "maxpool: {kernel: 2, stride: 2, padding: 1, ceil_mode: true}").layers[0]
    assert row.output_shape == (3, 3, 1)


def test_global_and_adaptive_pool(calc):
    assert calc("7x7x2048", "global_avgpool").layers[0].output_shape == (1, 1, 2048)
    assert calc("13x13x256", "adaptive_avgpool: 6").layers[0].output_shape == (6, 6, 256)


def test_lenet5_by_hand(calc):
    s = calc("32x32x1",
             "conv: {filters: 6, kernel: 5}", "tanh", "avgpool: 2",
             "conv: {filters: 16, kernel: 5}", "tanh", "avgpool: {kernel: 2}",
             "conv: {filters: 120, kernel: 5}", "tanh", "fc: 84", "tanh", "fc: 10")
    assert [row.output_shape for row in s.layers if row.kind in ("conv", "avgpool", "fc")] == [
        (28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16), (1, 1, 120), (84,), (10,)]
    assert s.totals.params == ((5 * 5 * 1 + 1) * 6 + (5 * 5 * 6 + 1) * 16 +
                               (5 * 5 * 16 + 1) * 120 + (120 + 1) * 84 + (84 + 1) * 10) == 61_706
    assert s.totals.mults == (28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 120 * 400 +
                              120 * 84 + 84 * 10) == 416_520


def test_batch_scales_mults_and_activations_not_params(calc):
    one = calc("227x227x3", "conv: {filters: 96, kernel: 11, stride: 4}")
    many = calc("227x227x3", "conv: {filters: 96, kernel: 11, stride: 4}", batch=32)
    assert many.totals.params == one.totals.params
    assert many.totals.mults == 32 * 105_415_200
    assert many.totals.activations == 32 * 55 * 55 * 96
    assert many.totals.flops == 2 * 32 * 105_415_200
