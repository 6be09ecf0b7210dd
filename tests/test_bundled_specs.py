"""The bundled specs' numbers, each from a source outside cnncalc.

Every expected value names where it comes from: the issue's table of required totals, a paper,
torchvision's documented ``num_params``, Keras' model summary, or the PyTorch 2.13 hook count of
tests/torch_models.py. Where it is short, the value is written as the arithmetic that produces
it. None is pasted from cnncalc's own output.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from cnncalc.bundled import bundled_names, variant_index
from cnncalc.calculator import summarize
from cnncalc.spec import load_spec

from torchvision_figures import all_figures

SPECS = Path(__file__).resolve().parent.parent / "specs"


@lru_cache(maxsize=None)
def summary(name: str):
    """A bundled spec by name: a file of specs/ or a variant of a family file."""
    return summarize(load_spec(name))


def conv3(c_in, c_out):
    """A 3×3 conv with bias: (3·3·C_in + 1)·K."""
    return (3*3*c_in + 1) * c_out


def upconv(c_in, c_out):
    """A 2×2 up-convolution with bias: C_in·2·2·K + K."""
    return c_in * 2*2 * c_out + c_out


# U-Net (Ronneberger et al. 2015, Fig. 1): 18 valid 3×3 convs, 4 up-convs, a 1×1 conv to 2.
# Keras summaries of this network list 31,030,658 parameters too; the often-quoted 31,031,685 is
# zhixuhao's Keras variant, whose head is a 3×3 conv to 2 and a 1×1 conv to 1:
# 31,030,658 − (64 + 1)·2 + (3·3·64 + 1)·2 + (2 + 1)·1 = 31,031,685.
UNET_PARAMS = (
    conv3(1, 64) + conv3(64, 64) + conv3(64, 128) + conv3(128, 128) + conv3(128, 256)
    + conv3(256, 256) + conv3(256, 512) + conv3(512, 512) + conv3(512, 1024) + conv3(1024, 1024)
    + upconv(1024, 512) + conv3(1024, 512) + conv3(512, 512)
    + upconv(512, 256) + conv3(512, 256) + conv3(256, 256)
    + upconv(256, 128) + conv3(256, 128) + conv3(128, 128)
    + upconv(128, 64) + conv3(128, 64) + conv3(64, 64)
    + (64 + 1) * 2)
# conv mults = H_out·W_out·K · 3·3·C_in; an up-conv's are counted over its input:
# H_in·W_in·C_in · 2·2·K. Sizes: 570, 568 | 282, 280 | 138, 136 | 66, 64 | 30, 28 going down;
# up 28 → 56, 54, 52 | 104, 102, 100 | 200, 198, 196 | 392, 390, 388.
UNET_MULTS = (
    570*570*64 * 9*1 + 568*568*64 * 9*64
    + 282*282*128 * 9*64 + 280*280*128 * 9*128
    + 138*138*256 * 9*128 + 136*136*256 * 9*256
    + 66*66*512 * 9*256 + 64*64*512 * 9*512
    + 30*30*1024 * 9*512 + 28*28*1024 * 9*1024
    + 28*28*1024 * 4*512 + 54*54*512 * 9*1024 + 52*52*512 * 9*512
    + 52*52*512 * 4*256 + 102*102*256 * 9*512 + 100*100*256 * 9*256
    + 100*100*256 * 4*128 + 198*198*128 * 9*256 + 196*196*128 * 9*128
    + 196*196*128 * 4*64 + 390*390*64 * 9*128 + 388*388*64 * 9*64
    + 388*388*2 * 64)

# spec, trainable params, non-trainable params (BN running mean + var), multiplications
TOTALS = [
    pytest.param(
        "lenet5",
        # issue table: 61,706 = c1, c3 (fully connected), c5, f6, output
        (5*5*1 + 1) * 6 + (5*5*6 + 1) * 16 + (5*5*16 + 1) * 120 + (120 + 1) * 84 + (84 + 1) * 10,
        0,
        # issue table: 416,520 = outputs × inputs per output, layer by layer
        28*28*6 * 5*5*1 + 10*10*16 * 5*5*6 + 1*1*120 * 5*5*16 + 120 * 84 + 84 * 10,
        id="lenet5"),
    pytest.param(
        "alexnet",
        60_965_224,      # issue table; per layer in ALEXNET_LAYERS below
        0,
        724_406_816,     # issue table; per layer in ALEXNET_LAYERS below
        id="alexnet"),
    pytest.param(
        "zfnet",
        # 62,357,608: published per-layer ZFNet tables (Zeiler & Fergus 2014, Fig. 3 sizes)
        (7*7*3 + 1) * 96 + (5*5*96 + 1) * 256 + (3*3*256 + 1) * 384 + (3*3*384 + 1) * 384
        + (3*3*384 + 1) * 256 + (6*6*256 + 1) * 4096 + (4096 + 1) * 4096 + (4096 + 1) * 1000,
        0,
        # 1,168,032,896: Fig. 3's map sizes 110, 26, 13, 13, 13 and the fc layers; equals the
        # PyTorch 2.13 hook count, tests/torch_models.py
        110*110*96 * 7*7*3 + 26*26*256 * 5*5*96 + 13*13*384 * 3*3*256 + 13*13*384 * 3*3*384
        + 13*13*256 * 3*3*384 + 6*6*256 * 4096 + 4096 * 4096 + 4096 * 1000,
        id="zfnet"),
    pytest.param(
        "vgg11",
        132_863_336,     # torchvision VGG11_Weights num_params
        0,
        7_609_090_048,   # PyTorch 2.13 hook count, tests/torch_models.py (torchvision: 7.61G)
        id="vgg11"),
    pytest.param(
        "vgg16",
        138_357_544,     # issue table; torchvision VGG16_Weights num_params
        0,
        15_470_264_320,  # issue table (torchvision: 15.47 GFLOPS)
        id="vgg16"),
    pytest.param(
        "vgg19",
        143_667_240,     # torchvision VGG19_Weights num_params
        0,
        19_632_062_464,  # PyTorch 2.13 hook count, tests/torch_models.py (torchvision: 19.63G)
        id="vgg19"),
    pytest.param(
        "googlenet",
        6_998_552,       # issue table (paper Table 1 with 5×5 branches and biases, no aux heads)
        0,
        1_582_671_872,   # issue table
        id="googlenet"),
    pytest.param(
        "googlenet_torchvision",
        6_624_904,       # torchvision GoogLeNet_Weights num_params (without the aux heads)
        # 2 × BN channels: the stem's 64 + 64 + 192, then each inception module's six conv widths
        2 * (64 + 64 + 192
             + (64+96+128+16+32+32) + (128+128+192+32+96+64)                  # 3a, 3b
             + (192+96+208+16+48+64) + (160+112+224+24+64+64)                 # 4a, 4b
             + (128+128+256+24+64+64) + (112+144+288+32+64+64)                # 4c, 4d
             + 2 * (256+160+320+32+128+128) + (384+192+384+48+128+128)),      # 4e, 5a; 5b
        1_498_376_192,   # PyTorch 2.13 hook count of torchvision's googlenet (torchvision: 1.498)
        id="googlenet_torchvision"),
    pytest.param(
        "resnet18",
        11_689_512,      # torchvision ResNet18_Weights num_params
        # 2 × BN channels: bn1, then per stage 2 BNs per block × 2 blocks (+ 1 downsample BN);
        # 11,699,112 in all, as MXOP's README lists for gluon's resnet18_v1
        2 * (64 + 4*64 + 5*128 + 5*256 + 5*512),
        1_814_073_344,   # PyTorch 2.13 hook count, tests/torch_models.py (torchvision: 1.81 GFLOPS)
        id="resnet18"),
    pytest.param(
        "resnet34",
        21_797_672,      # torchvision ResNet34_Weights num_params
        # 2 × BN channels: bn1; 3, 4, 6, 3 blocks × 2 BNs (+ 1 downsample BN from layer2 on);
        # 21,814,696 in all, as MXOP's README lists for gluon's resnet34_v1
        2 * (64 + 6*64 + 9*128 + 13*256 + 7*512),
        3_663_761_408,   # PyTorch 2.13 hook count, tests/torch_models.py (torchvision: 3.66 GFLOPS)
        id="resnet34"),
    pytest.param(
        "resnet50",
        25_557_032,      # issue table; torchvision ResNet50_Weights num_params
        # issue table: 53,120 = 2 × BN channels: bn1; blocks × (w + w + 4w) + downsample 4w
        2 * (64 + 3*(64 + 64 + 256) + 256 + 4*(128 + 128 + 512) + 512
             + 6*(256 + 256 + 1024) + 1024 + 3*(512 + 512 + 2048) + 2048),
        4_089_184_256,   # issue table (torchvision: 4.09 GFLOPS)
        id="resnet50"),
    pytest.param(
        "mobilenet_v1",
        4_231_976,       # Keras MobileNet summary: trainable params (paper: 4.2M)
        # Keras: 21,888 non-trainable = 2 × BN channels: conv1; each block dw (C_in) + pw (C_out)
        2 * (32 + (32 + 64) + (64 + 128) + (128 + 128) + (128 + 256) + (256 + 256)
             + (256 + 512) + 5*(512 + 512) + (512 + 1024) + (1024 + 1024)),
        568_740_352,     # PyTorch 2.13 hook count, tests/torch_models.py (paper: 569M mult-adds)
        id="mobilenet_v1"),
    pytest.param(
        "resnet50_160",  # extends: resnet50, input 160×160×3
        25_557_032,      # the parameters do not depend on the input size
        53_120,
        # every conv map is (160/224)² = 25/49 of ResNet-50's at 224; the fc's 2048·1000 stay
        (4_089_184_256 - 2048 * 1000) * 25 // 49 + 2048 * 1000,
        id="resnet50_160"),
    pytest.param(
        "resnet_cifar",  # its variants: tests/test_resnet_cifar.py
        269_722,         # PyTorch 2.13 twin of He et al.'s ResNet-20 (Table 6: 0.27M)
        2 * (16 + 6*16 + 6*32 + 6*64),   # 2 × BN channels: conv1, then two BNs per block
        40_551_040,      # PyTorch 2.13 conv/linear hook count of the twin
        id="resnet_cifar"),
    pytest.param(
        "mobilenet_v2",
        3_504_872,       # issue table; torchvision MobileNet_V2_Weights num_params
        # issue table: 34,112 = 2 × BN channels: conv1; per block expand (6·C_in, not in the
        # first), depthwise (6·C_in) and project (C_out), Table 2's rows; conv_last 1280
        2 * (32 + (32 + 16) + (2*96 + 24) + (2*144 + 24) + (2*144 + 32) + 2*(2*192 + 32)
             + (2*192 + 64) + 3*(2*384 + 64) + (2*384 + 96) + 2*(2*576 + 96)
             + (2*576 + 160) + 2*(2*960 + 160) + (2*960 + 320) + 1280),
        300_774_272,     # issue table (torchvision: 0.30 GFLOPS)
        id="mobilenet_v2"),
    pytest.param(
        "squeezenet1_0",
        1_248_424,       # torchvision SqueezeNet1_0_Weights num_params; paper's Table 1 total
        0,
        # PyTorch 2.13 hook count, tests/torch_models.py; the same figure is in the README of
        # MXOP (hey-yahei/OpSummary.MXNet) for gluon's squeezenet1.0 (torchvision: 0.82 GFLOPS)
        818_924_576,
        id="squeezenet1_0"),
    pytest.param(
        "resnet101",
        44_549_160,      # torchvision ResNet101_Weights num_params
        # 2 × BN channels: bn1; 3, 4, 23, 3 blocks × (w + w + 4w) + one downsample 4w per stage
        2 * (64 + 3*(64 + 64 + 256) + 256 + 4*(128 + 128 + 512) + 512
             + 23*(256 + 256 + 1024) + 1024 + 3*(512 + 512 + 2048) + 2048),
        7_801_405_440,   # PyTorch 2.13 hook count, tests/torch_models.py (torchvision: 7.80)
        id="resnet101"),
    pytest.param(
        "resnet152",
        60_192_808,      # torchvision ResNet152_Weights num_params
        2 * (64 + 3*(64 + 64 + 256) + 256 + 8*(128 + 128 + 512) + 512
             + 36*(256 + 256 + 1024) + 1024 + 3*(512 + 512 + 2048) + 2048),
        11_513_626_624,  # PyTorch 2.13 hook count, tests/torch_models.py (torchvision: 11.51)
        id="resnet152"),
    pytest.param(
        "resnext50_32x4d",
        25_028_904,      # torchvision ResNeXt50_32X4D_Weights num_params (Xie et al. Table 1: 25.0M)
        # 2 × BN channels: bn1; 3, 4, 6, 3 blocks × (2w + 2w + 4w) + one downsample 4w per stage
        2 * (64 + 3*(128 + 128 + 256) + 256 + 4*(256 + 256 + 512) + 512
             + 6*(512 + 512 + 1024) + 1024 + 3*(1024 + 1024 + 2048) + 2048),
        4_230_479_872,   # PyTorch 2.13 hook count, tests/torch_models.py (torchvision: 4.23)
        id="resnext50_32x4d"),
    pytest.param(
        "wide_resnet50_2",
        68_883_240,      # torchvision Wide_ResNet50_2_Weights num_params
        # the same BN channels as resnext50_32x4d: groups change no widths
        2 * (64 + 3*(128 + 128 + 256) + 256 + 4*(256 + 256 + 512) + 512
             + 6*(512 + 512 + 1024) + 1024 + 3*(1024 + 1024 + 2048) + 2048),
        11_398_021_120,  # PyTorch 2.13 hook count, tests/torch_models.py (torchvision: 11.40)
        id="wide_resnet50_2"),
    pytest.param(
        "vgg16_bn",
        138_365_992,     # torchvision VGG16_BN_Weights num_params = vgg16's 138,357,544 + 2 × 4,224
        2 * (2*64 + 2*128 + 3*256 + 6*512),       # one BN per conv of configuration D
        15_470_264_320,  # PyTorch 2.13 hook count (= vgg16's: BN adds none; torchvision: 15.47)
        id="vgg16_bn"),
    pytest.param(
        "alexnet_torchvision",
        61_100_840,      # torchvision AlexNet_Weights num_params
        0,
        # by hand, 224 -> 55 -> 27 -> 13 -> 6: outputs × inputs per output, layer by layer; the
        # PyTorch 2.13 hook count agrees (tests/torch_models_classic.py; torchvision: 0.71)
        55*55*64 * 11*11*3 + 27*27*192 * 5*5*64 + 13*13*384 * 3*3*192 + 13*13*256 * 3*3*384
        + 13*13*256 * 3*3*256 + 6*6*256 * 4096 + 4096 * 4096 + 4096 * 1000,
        id="alexnet_torchvision"),
    pytest.param(
        "squeezenet1_1",
        1_235_496,       # torchvision SqueezeNet1_1_Weights num_params
        0,
        349_151_936,     # PyTorch 2.13 hook count, tests/torch_models_classic.py (torchvision: 0.35)
        id="squeezenet1_1"),
    pytest.param(
        "mobilenet_v3_large",
        5_483_032,       # torchvision MobileNet_V3_Large_Weights num_params
        # 2 × BN channels: stem 16; per bneck of Table 1 expand (exp size, absent when it equals
        # the input width), depthwise (exp size) and projection (#out); the last 1×1 conv 960
        2 * (16 + (16 + 16) + (2*64 + 24) + (2*72 + 24) + (2*72 + 40) + 2*(2*120 + 40)
             + (2*240 + 80) + (2*200 + 80) + 2*(2*184 + 80) + (2*480 + 112) + (2*672 + 112)
             + (2*672 + 160) + 2*(2*960 + 160) + 960),
        216_589_760,     # PyTorch 2.13 hook count, tests/torch_models_mobile.py (torchvision: 0.22
                         # GFLOPS; paper Table 3: 219M multiply-adds)
        id="mobilenet_v3_large"),
    pytest.param(
        "mobilenet_v3_small",
        2_542_856,       # torchvision MobileNet_V3_Small_Weights num_params
        # 2 × BN channels: stem 16; per bneck of Table 2 expand (absent in the first, exp size
        # 16 = input), depthwise (exp size) and projection (#out); the last 1×1 conv 576
        2 * (16 + (16 + 16) + (2*72 + 24) + (2*88 + 24) + (2*96 + 40) + 2*(2*240 + 40)
             + (2*120 + 48) + (2*144 + 48) + (2*288 + 96) + 2*(2*576 + 96) + 576),
        56_510_400,      # PyTorch 2.13 hook count, tests/torch_models_mobile.py (torchvision: 0.06
                         # GFLOPS; paper Table 3: 56M multiply-adds)
        id="mobilenet_v3_small"),
    pytest.param(
        "efficientnet_b0",
        5_288_548,       # torchvision EfficientNet_B0_Weights num_params
        # 2 × BN channels: stem 32; per MBConv expand (t·C_in, absent at t = 1), depthwise
        # (t·C_in) and projection (C_out), Table 1's rows; the last 1×1 conv 1280
        2 * (32 + (32 + 16) + (2*96 + 24) + (2*144 + 24) + (2*144 + 40) + (2*240 + 40)
             + (2*240 + 80) + 2*(2*480 + 80) + (2*480 + 112) + 2*(2*672 + 112)
             + (2*672 + 192) + 3*(2*1152 + 192) + (2*1152 + 320) + 1280),
        385_814_752,     # PyTorch 2.13 hook count, tests/torch_models_mobile.py (torchvision: 0.39
                         # GFLOPS; paper Table 2: 0.39B FLOPS)
        id="efficientnet_b0"),
    pytest.param(
        "mnasnet1_0",
        4_383_312,       # torchvision MNASNet1_0_Weights num_params
        # 2 × BN channels: stem 32, separable conv 32 + 16; per MBConv expand and depthwise
        # (t·C_in each) and projection (C_out), the six stacks; the last 1×1 conv 1280
        2 * (32 + 32 + 16 + (2*48 + 24) + 2*(2*72 + 24) + (2*72 + 40) + 2*(2*120 + 40)
             + (2*240 + 80) + 2*(2*480 + 80) + (2*480 + 96) + (2*576 + 96) + (2*576 + 192)
             + 3*(2*1152 + 192) + (2*1152 + 320) + 1280),
        314_415_872,     # PyTorch 2.13 hook count, tests/torch_models_mobile.py (torchvision: 0.31
                         # GFLOPS; the paper's MnasNet-A1, with SE: 312M)
        id="mnasnet1_0"),
    pytest.param(
        "inception_v3",
        27_161_264,      # torchvision Inception_V3_Weights num_params (with the aux classifier)
        # 2 × BN channels, one BN per BasicConv2d: the stem; modules A (432 + pool features),
        # B; C (768 + 6·c7); the aux head; D; E (320 + 3·384 + 448 + 3·384 + 192)
        2 * ((32 + 32 + 64 + 80 + 192) + (432 + 32) + 2*(432 + 64) + (384 + 64 + 96 + 96)
             + (768 + 6*128) + 2*(768 + 6*160) + (768 + 6*192) + (128 + 768)
             + (192 + 320 + 4*192) + 2*(320 + 3*384 + 448 + 3*384 + 192)),
        # PyTorch 2.13 hook count, tests/torch_models_mobile.py, with the aux head's
        # 5·5·128 · 768 + 1·1·768 · 5·5·128 + 768 · 1000 = 5,683,200 (torchvision's 5.71 GFLOPS
        # leaves the head out: 5,713,216,096)
        5_718_899_296,
        id="inception_v3"),
    pytest.param(
        "densenet121",
        7_978_856,       # torchvision DenseNet121_Weights num_params (Huang et al.: 8.0M)
        # 2 × BN channels: norm0; each dense layer norm1 (its input: 32 more each time) + norm2
        # (4 · 32); each transition's norm; norm5
        2 * (64 + sum(64 + 32*i + 128 for i in range(6)) + 256
             + sum(128 + 32*i + 128 for i in range(12)) + 512
             + sum(256 + 32*i + 128 for i in range(24)) + 1024
             + sum(512 + 32*i + 128 for i in range(16)) + 1024),
        2_834_161_664,   # PyTorch 2.13 hook count, tests/torch_models_classic.py (torchvision: 2.83)
        id="densenet121"),
    pytest.param(
        "dcgan_generator",
        # transposed convs, no bias: C_in · 4·4 · C_out each; BN γ, β: 2 × (512 + 256 + 128 + 64)
        100*4*4*512 + 512*4*4*256 + 256*4*4*128 + 128*4*4*64 + 64*4*4*3 + 2*(512 + 256 + 128 + 64),
        2 * (512 + 256 + 128 + 64),
        # over the input positions: H_in·W_in·C_in · 4·4·C_out, sizes 1 -> 4 -> 8 -> 16 -> 32 -> 64
        1*1*100 * 4*4*512 + 4*4*512 * 4*4*256 + 8*8*256 * 4*4*128 + 16*16*128 * 4*4*64
        + 32*32*64 * 4*4*3,
        id="dcgan_generator"),
    pytest.param(
        "shufflenet_v2_x1_0",
        2_278_604,       # torchvision ShuffleNet_V2_X1_0_Weights num_params
        # 2 × BN channels: conv1 24; a stride-2 unit: branch1 dw C_in + pw c/2, branch2 3 × c/2;
        # a stride-1 unit: 3 × c/2; Table 5's stages (116, 1 + 3), (232, 1 + 7), (464, 1 + 3);
        # conv5 1024
        2 * (24 + (24 + 58 + 3*58) + 3*3*58 + (116 + 116 + 3*116) + 7*3*116
             + (232 + 232 + 3*232) + 3*3*232 + 1024),
        # PyTorch 2.13 hook count, tests/torch_models_new_kinds.py (torchvision: 0.14 GFLOPS)
        144_907_992,
        id="shufflenet_v2_x1_0"),
    pytest.param(
        "convnext_tiny",
        28_589_128,      # torchvision ConvNeXt_Tiny_Weights num_params
        0,               # LayerNorm keeps no running statistics
        # PyTorch 2.13 hook count, tests/torch_models_new_kinds.py (torchvision: 4.46 GFLOPS)
        4_455_531_264,
        id="convnext_tiny"),
    pytest.param(
        "unet",
        UNET_PARAMS,     # by hand below: 31,030,658
        0,
        UNET_MULTS,      # by hand below; equals the PyTorch 2.13 hook count
        id="unet"),
]

from test_kinds_a_specs import TOTALS as KINDS_A_TOTALS  # noqa: E402  (espcn, nin, the Inceptions)
TOTALS += KINDS_A_TOTALS
from test_unpool import SEGNET_MULTS, SEGNET_PARAMS, SEGNET_STATISTICS  # noqa: E402  (by hand)
TOTALS.append(pytest.param("segnet", SEGNET_PARAMS, SEGNET_STATISTICS, SEGNET_MULTS, id="segnet"))

# torchvision's published GFLOPS (its weights tables; multiply-accumulates, 2 decimals), to
# cross-check the multiplications above at the precision published: 3 significant figures and
# more, 2 for the two below 1 G
TORCHVISION_GFLOPS = {
    "resnet18": 1.81, "resnet34": 3.66, "resnet50": 4.09, "resnet101": 7.80, "resnet152": 11.51,
    "resnext50_32x4d": 4.23, "wide_resnet50_2": 11.40, "vgg11": 7.61, "vgg16": 15.47,
    "vgg19": 19.63, "vgg16_bn": 15.47, "alexnet_torchvision": 0.71, "mobilenet_v2": 0.30,
    "squeezenet1_0": 0.82, "squeezenet1_1": 0.35, "densenet121": 2.83,
    "mobilenet_v3_large": 0.22, "mobilenet_v3_small": 0.06, "efficientnet_b0": 0.39,
    "mnasnet1_0": 0.31, "shufflenet_v2_x1_0": 0.14, "convnext_tiny": 4.46,
    "inception_v3": 5.71, "googlenet_torchvision": 1.50,
}
# torchvision's 5.71 for Inception v3 leaves out the auxiliary head the spec (and its parameter
# count) keeps: 5·5·128 · 768 (its 5×5 conv on 5×5) + 1·1·768 · 5·5·128 (the 1×1 before it,
# on 5×5) + 768 · 1000 (its fc)
NOT_IN_THE_PUBLISHED_FIGURE = {"inception_v3": 5*5*768 * 128 + 1*1*128 * 5*5*768 + 768 * 1000}


def test_every_bundled_spec_has_expected_totals():
    """Each bundled file has its totals here; a family file's variants have theirs here or in
    the torchvision table (tests/torchvision_figures)."""
    listed = {p.values[0] for p in TOTALS}
    families = variant_index()
    assert listed <= set(bundled_names())
    files = {path.stem for path in SPECS.glob("*.yaml")} - set(families.values())
    assert sorted(files - listed - OTHER_FAMILY_TESTS) == []
    elsewhere = {*all_figures(), *OTHER_FAMILY_TESTS}
    assert sorted(set(families) - listed - elsewhere) == []


# variants whose exact totals are asserted in a family's own test file
from test_mobilenet_v1_family import FAMILY as MOBILENET_V1  # noqa: E402
from test_resnet_cifar import DEPTHS as RESNET_CIFAR  # noqa: E402
from test_units_specs import TOTALS as UNITS  # noqa: E402  (xception, darknet53, fcn, deeplabv3)
OTHER_FAMILY_TESTS = {*MOBILENET_V1, *RESNET_CIFAR, "espcn_x2", "espcn_x4",  # ESPCN: test_kinds_a_specs
                      *UNITS}


@pytest.mark.parametrize(("name", "trainable", "non_trainable", "mults"), TOTALS)
def test_totals(name, trainable, non_trainable, mults):
    totals = summary(name).totals
    assert totals.trainable_params == trainable
    assert totals.non_trainable_params == non_trainable
    assert totals.params == trainable + non_trainable
    assert totals.mults == mults


@pytest.mark.parametrize("name", sorted(TORCHVISION_GFLOPS))
def test_mults_match_torchvision_gflops(name):
    mults = next(p.values[3] for p in TOTALS if p.values[0] == name)
    mults -= NOT_IN_THE_PUBLISHED_FIGURE.get(name, 0)
    assert round(mults / 1e9, 2) == TORCHVISION_GFLOPS[name]


@pytest.mark.parametrize("name", [p.values[0] for p in TOTALS])
def test_spec_says_where_it_comes_from(name):
    result = summary(name)
    assert result.name and result.source and len(result.source) > 80


# AlexNet by hand: 227×227×3 in; output size (W − K + 2P) / S + 1; conv params
# (K·K·C_in/groups + 1) · filters; conv mults = output elements · K·K·C_in/groups.
ALEXNET_LAYERS = [
    # name, output (H, W, C), parameters, multiplications
    ("conv1", (55, 55, 96), (11*11*3 + 1) * 96,            # 34,944; (227 − 11)/4 + 1 = 55
     55*55*96 * 11*11*3),
    ("lrn1", (55, 55, 96), 0, 0),
    ("pool1", (27, 27, 96), 0, 0),                         # (55 − 3)/2 + 1 = 27
    ("conv2", (27, 27, 256), (5*5*48 + 1) * 256,           # 2 groups: each filter sees 96/2 maps
     27*27*256 * 5*5*48),                                  # (27 − 5 + 2·2)/1 + 1 = 27
    ("lrn2", (27, 27, 256), 0, 0),
    ("pool2", (13, 13, 256), 0, 0),                        # (27 − 3)/2 + 1 = 13
    ("conv3", (13, 13, 384), (3*3*256 + 1) * 384,          # not grouped: reads both halves
     13*13*384 * 3*3*256),
    ("conv4", (13, 13, 384), (3*3*192 + 1) * 384,          # 2 groups of 384/2 = 192 maps
     13*13*384 * 3*3*192),
    ("conv5", (13, 13, 256), (3*3*192 + 1) * 256,
     13*13*256 * 3*3*192),
    ("pool5", (6, 6, 256), 0, 0),                          # (13 − 3)/2 + 1 = 6
    ("fc6", (4096,), (6*6*256 + 1) * 4096, 6*6*256 * 4096),
    ("fc7", (4096,), (4096 + 1) * 4096, 4096 * 4096),
    ("fc8", (1000,), (4096 + 1) * 1000, 4096 * 1000),
]


@pytest.mark.parametrize(("name", "shape", "params", "mults"), ALEXNET_LAYERS,
                         ids=[layer[0] for layer in ALEXNET_LAYERS])
def test_alexnet_layer(name, shape, params, mults):
    row = summary("alexnet").row(name)
    assert (tuple(row.output_shape), row.params, row.mults) == (shape, params, mults)


def test_alexnet_layers_add_up_to_the_issue_totals():
    assert sum(layer[2] for layer in ALEXNET_LAYERS) == 60_965_224
    assert sum(layer[3] for layer in ALEXNET_LAYERS) == 724_406_816


def test_alexnet_layer_order_follows_the_paper():
    # ReLU after every conv and fc6/fc7, LRN then max pool in layers 1–2, dropout on fc6/fc7
    assert [row.kind for row in summary("alexnet").layers] == [
        "conv", "relu", "lrn", "maxpool",
        "conv", "relu", "lrn", "maxpool",
        "conv", "relu", "conv", "relu", "conv", "relu", "maxpool",
        "fc", "relu", "dropout", "fc", "relu", "dropout", "fc", "softmax",
    ]


# Names a student refers to: the paper's or the framework's, stable across releases.
NAMED_LAYERS = {
    "lenet5": ["c1", "s2", "c3", "s4", "c5", "f6", "output"],
    "alexnet": ["conv1", "pool1", "conv2", "pool2", "conv3", "conv4", "conv5", "pool5",
                "fc6", "fc7", "fc8"],
    "zfnet": ["conv1", "pool1", "conv2", "pool2", "conv5", "pool5", "fc6", "fc8"],
    "vgg16": ["block1/conv1", "block1/pool", "block5/conv3", "block5/pool", "fc6", "fc7", "fc8"],
    "googlenet": ["conv1", "pool1", "conv2_reduce", "conv2", "pool2", "pool3", "pool4", "pool5",
                  "fc"] + [f"inception{stage}/b1" for stage in
                           ("3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b")],
    "resnet18": ["conv1", "maxpool", "layer1.0/conv1", "layer1.1/conv2", "layer2.0/downsample",
                 "layer4.1/conv2", "avgpool", "fc"],
    "resnet34": ["layer1.2/conv2", "layer2.3/conv2", "layer3.5/conv2", "layer4.2/conv2"],
    "resnet50": ["conv1", "maxpool", "layer1.0/downsample", "layer1.2/conv3",
                 "layer2.3/conv3", "layer3.5/conv3", "layer4.2/conv3", "avgpool", "fc"],
    "mobilenet_v1": ["conv1", "block1/dw", "block1/pw", "block13/pw", "avgpool", "fc"],
    "mobilenet_v2": ["conv1", "stage1.0/dw", "stage2.0/expand", "stage4.3/project",
                     "stage7.0/project", "conv_last", "avgpool", "fc"],
    "squeezenet1_0": ["conv1", "maxpool1", "fire2/squeeze", "fire9/expand3x3", "maxpool8",
                      "conv10", "avgpool10"],
    "resnet101": ["conv1", "maxpool", "layer1.0/downsample", "layer3.0/conv2", "layer3.22/conv2",
                  "layer3.22/conv3", "layer4.2/conv3", "avgpool", "fc"],
    "resnet152": ["layer2.7/conv3", "layer3.0/downsample", "layer3.35/conv2", "layer4.2/conv3",
                  "fc"],
    "resnext50_32x4d": ["conv1", "layer1.0/conv2", "layer2.0/downsample", "layer3.5/conv2",
                        "layer4.2/conv3", "fc"],
    "wide_resnet50_2": ["conv1", "layer1.0/conv2", "layer3.5/conv3", "layer4.2/conv3", "fc"],
    "vgg16_bn": ["block1/conv1", "block1/bn1", "block1/pool", "block5/conv3", "block5/bn3",
                 "block5/pool", "fc6", "fc7", "fc8"],
    "alexnet_torchvision": ["conv1", "pool1", "conv2", "pool2", "conv3", "conv4", "conv5",
                            "pool5", "avgpool", "fc6", "fc7", "fc8"],
    "squeezenet1_1": ["conv1", "maxpool1", "fire2/squeeze", "maxpool3", "maxpool5",
                      "fire9/expand3x3", "conv10", "avgpool10"],
    "densenet121": ["features.conv0", "features.pool0", "features.denseblock1.denselayer.1/conv1",
                    "features.transition1/conv", "features.transition1/pool",
                    "features.denseblock3.denselayer.24/conv2",
                    "features.denseblock4.denselayer.16/conv2",
                    "features.norm5", "avgpool", "classifier"],
    "shufflenet_v2_x1_0": ["conv1/conv", "maxpool", "stage2.0/branch1_dw", "stage2.0/branch2_pw1",
                           "stage2.1/left", "stage2.1/right", "stage3.7/shuffle",
                           "stage4.3/branch2_pw2", "conv5/conv", "avgpool", "fc"],
    "convnext_tiny": ["stem", "stem_norm", "stage1.1/dwconv", "stage1.1/pwconv1",
                      "stage1.3/layer_scale", "down2", "stage3.9/pwconv2", "down4", "avgpool",
                      "head_norm", "fc"],
    "unet": ["enc1/conv1", "pool1", "enc4/conv2", "bottom/conv2", "up4", "crop4", "cat4",
             "dec4/conv1", "up1", "crop1", "dec1/conv2", "output"],
    "mobilenet_v3_large": ["features.0/conv", "features.1/dw", "features.3/expand", "features.4/dw",
                           "features.4/se/fc1", "features.15/project", "features.16/conv",
                           "avgpool", "classifier.0", "classifier.3"],
    "mobilenet_v3_small": ["features.0/conv", "features.1/dw", "features.1/se/fc2",
                           "features.2/expand", "features.11/project", "features.12/conv",
                           "classifier.3"],
    "efficientnet_b0": ["features.0/conv", "features.1.0/dw", "features.2.0/expand",
                        "features.4.2/se/fc1", "features.6.3/project", "features.8/conv",
                        "avgpool", "classifier.1"],
    "mnasnet1_0": ["layers.0/conv", "layers.3/conv", "layers.6/conv", "layers.8.0/expand",
                   "layers.8.2/dw", "layers.12.3/project", "layers.14/conv", "classifier.1"],
    "inception_v3": ["Conv2d_1a_3x3/conv", "maxpool1", "Conv2d_4a_3x3/bn", "maxpool2",
                     "Mixed_5b/branch5x5_2/conv", "Mixed_6a/branch_pool",
                     "Mixed_6e/branch7x7dbl_5/conv", "AuxLogits.conv1/conv", "AuxLogits.fc",
                     "Mixed_7a/branch7x7x3_4/conv", "Mixed_7c/branch3x3_2a/conv",
                     "Mixed_7c/branch3x3dbl_3b/conv", "avgpool", "fc"],
}


# Shapes a student checks on U-Net's Fig. 1, and the crops' margins.
UNET_SHAPES = [
    ("enc1/conv2", (568, 568, 64)), ("enc4/conv2", (64, 64, 512)),
    ("bottom/conv2", (28, 28, 1024)),
    ("up4", (2 * 28, 2 * 28, 1024 // 2)), ("crop4", (56, 56, 512)), ("cat4", (56, 56, 512 + 512)),
    ("crop1", (392, 392, 64)), ("dec1/conv2", (388, 388, 64)), ("output", (388, 388, 2)),
]


@pytest.mark.parametrize(("name", "shape"), UNET_SHAPES, ids=[row[0] for row in UNET_SHAPES])
def test_unet_follows_figure_1(name, shape):
    assert summary("unet").row(name).output_shape == shape


def test_shufflenet_stride_one_unit_splits_and_stride_two_does_not():
    names = {row.name for row in summary("shufflenet_v2_x1_0").layers}
    assert "stage2.1/left" in names and "stage2.0/left" not in names
    assert "stage2.0/branch1_dw" in names and "stage2.1/branch1_dw" not in names
    assert summary("shufflenet_v2_x1_0").row("stage2.1/right").output_shape == (28, 28, 116 // 2)


@pytest.mark.parametrize("name", sorted(NAMED_LAYERS))
def test_named_layers_exist(name):
    names = {row.name for row in summary(name).layers}
    assert [layer for layer in NAMED_LAYERS[name] if layer not in names] == []


# DenseNet-121 by hand: the 24th layer of dense block 3 reads the block's 256 input maps plus the
# 32 of each of the 23 layers before it; 1×1 conv params K·C_in (no bias), mults H·W·K · C_in.
DENSE = 256 + 23*32   # 992
DENSENET_LAYERS = [
    ("features.denseblock3.denselayer.24/conv1", (14, 14, 128), DENSE * 128,
     14*14*128 * DENSE),
    ("features.denseblock3.denselayer.24/conv2", (14, 14, 32), 3*3*128 * 32,
     14*14*32 * 3*3*128),
    ("features.denseblock3.denselayer.24/concat1", (14, 14, DENSE + 32), 0, 0),
    ("features.transition3/conv", (14, 14, 1024 // 2), 1024 * 512, 14*14*512 * 1024),
    ("features.transition3/pool", (7, 7, 512), 0, 0),
    ("features.denseblock4.denselayer.16/concat1", (7, 7, 512 + 16*32), 0, 0),
    ("classifier", (1000,), (1024 + 1) * 1000, 1024 * 1000),
]


@pytest.mark.parametrize(("name", "shape", "params", "mults"), DENSENET_LAYERS,
                         ids=[layer[0] for layer in DENSENET_LAYERS])
def test_densenet121_layer(name, shape, params, mults):
    row = summary("densenet121").row(name)
    assert (tuple(row.output_shape), row.params, row.mults) == (shape, params, mults)


def test_mobilenet_v3_squeeze_is_a_quarter_of_the_exp_size_rounded_to_eights():
    s = summary("mobilenet_v3_large")
    # features.4: exp size 72 → 72 / 4 = 18 → 24 (16 would be more than 10 % below 18)
    assert s.row("features.4/se/fc1").params == (72 + 1) * 24
    assert s.row("features.4/se/fc2").params == (24 + 1) * 72
    # features.5: 120 / 4 = 30 → 32; features.11: 480 / 4 = 120, already a multiple of 8
    assert s.row("features.5/se/fc1").output_shape == (1, 1, 32)
    assert s.row("features.11/se/fc1").output_shape == (1, 1, 120)
    # features.4: 5×5 depthwise, stride 2: ⌊(28·2 + 2·2 − 5)/2⌋ + 1 = 28
    assert s.row("features.4/dw").output_shape == (28, 28, 72)
    assert s.row("features.4/dw").params == 5 * 5 * 72


def test_efficientnet_squeeze_is_a_quarter_of_the_block_input():
    s = summary("efficientnet_b0")
    # features.2.0 reads 16 channels, expands them to 6·16 = 96: squeeze 16 // 4 = 4
    assert s.row("features.2.0/se/fc1").params == (96 + 1) * (16 // 4)
    # features.2.1 reads 24 (the row's width), expands to 144: squeeze 24 // 4 = 6
    assert s.row("features.2.1/se/fc1").params == (144 + 1) * (24 // 4)
    # MBConv1 (features.1.0): no expansion; the SE reads the 32 stem channels: 32 // 4 = 8
    names = {row.name for row in s.layers}
    assert "features.1.0/expand" not in names
    assert s.row("features.1.0/se/fc2").params == (8 + 1) * 32


def test_inception_v3_asymmetric_kernels():
    s = summary("inception_v3")
    # Mixed_6b's 1×7 then 7×1 (c7 = 128) on 17×17: padding [0, 3] then [3, 0] keeps 17×17
    assert s.row("Mixed_6b/branch7x7_2/conv").output_shape == (17, 17, 128)
    assert s.row("Mixed_6b/branch7x7_2/conv").params == 1 * 7 * 128 * 128
    assert s.row("Mixed_6b/branch7x7_3/conv").mults == 17 * 17 * 192 * 7 * 1 * 128
    # Mixed_7c: one 1×1 stem split into 1×3 and 3×1 side by side, 8×8 each
    assert s.row("Mixed_7c/branch3x3_2b/conv").inputs == ("Mixed_7c/branch3x3_1/act",)
    assert s.row("Mixed_7c/concat1").output_shape == (8, 8, 320 + 2 * 384 + 2 * 384 + 192)
    # the aux head: 5×5/3 average pool on 17×17 → ⌊(17 − 5)/3⌋ + 1 = 5, then a 5×5 conv → 1×1
    assert s.row("AuxLogits.pool").output_shape == (5, 5, 768)
    assert s.row("AuxLogits.conv1/conv").output_shape == (1, 1, 768)


def test_the_readme_table_lists_every_bundled_spec_with_its_totals():
    """The README's bundled-spec table: every spec once, its parameters as trainable + BN
    statistics and its mults equal to the calculator's (the rows list specs with ' / ')."""
    import re
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Bundled specs", 1)[1]
    table = section[section.index("| spec |"):].split("\n\n", 1)[0]
    listed = {}
    for line in table.splitlines()[2:]:
        names_cell, params_cell, mults_cell, _ = [cell.strip() for cell in line.strip("|").split("|")]
        names = re.findall(r"`(\w+)`", names_cell)
        for name, params, mults in zip(names, params_cell.split(" / "), mults_cell.split(" / ")):
            listed[name] = (params, mults)
    # a family file's own name reads its defaults, usually one of its variants: listing it is
    # optional (espcn, at ×3, is no variant of its own)
    names, families = set(bundled_names()), set(variant_index().values())
    assert sorted(names - families - set(listed)) == []
    assert sorted(set(listed) - names) == []
    for name, (params, mults) in listed.items():
        totals = summary(name).totals
        expected = f"{totals.trainable_params:,}" + (
            f" + {totals.non_trainable_params:,}" if totals.non_trainable_params else "")
        assert (params, mults) == (expected, f"{totals.mults:,}"), name


# ---- a family's arguments: what a variant leaves open -------------------------------------

def test_a_family_variant_takes_other_classes():
    """resnet50's fc is 2048 → classes: 1000 classes out, 10 in (2048 + 1 each)."""
    totals = summarize(load_spec("resnet50", settings={"classes": 10})).totals
    assert totals.trainable_params == 25_557_032 - (2048 + 1) * 1000 + (2048 + 1) * 10


def test_vgg_at_another_size_pools_to_7x7_as_torchvision_does():
    """At 256 the maps are 256, 128, 64, 32, 16 (8·2^k where 224 gives 7·2^k): every conv's
    multiplications scale by (8/7)², the adaptive pool brings 8×8 back to 7×7, and the fc
    layers (25,088·4096 + 4096·4096 + 4096·1000) and all parameters stay vgg16's."""
    fc = 25_088 * 4096 + 4096 * 4096 + 4096 * 1000
    totals = summarize(load_spec("vgg16", settings={"size": 256})).totals
    assert totals.trainable_params == 138_357_544          # torchvision VGG16_Weights
    assert totals.mults == (15_470_264_320 - fc) * 8**2 // 7**2 + fc


def test_regnet_y_128gf_at_224_has_the_figure_of_its_224_weights():
    """regnet_y_128gf is read at 384 (its default SWAG end-to-end weights); at 224 it has
    torchvision's RegNet_Y_128GF_Weights.IMAGENET1K_SWAG_LINEAR_V1 figure, 127.518 GFLOPS."""
    mults = summarize(load_spec("regnet_y_128gf", settings={"size": 224})).totals.mults
    assert round(mults / 1e9, 3) == 127.518
