"""The networks built on the units library's separable, dilated and leaky units, written by hand
in plain ``torch.nn``: legacy Xception and timm's aligned Xception-41, Darknet-53, and
torchvision's FCN and DeepLabV3 on ResNet-50/101. The independent witnesses for
specs/xception.yaml, xception41.yaml, darknet53.yaml, fcn.yaml and deeplabv3.yaml; registered
into ``torch_models.MODELS`` (under the file names, the family's default variant) by one line at
the bottom of torch_models.py, and every variant counted in tests/test_units_torch.py.

Each module runs in the order the spec lists its layers (a side branch before the main line goes
on), so the hooks see the conv, pool and fc layers in the spec's order. Only torch is imported:
nothing from cnncalc, timm or torchvision.
"""

from __future__ import annotations

from collections import OrderedDict

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional


def _seq(**modules):
    return nn.Sequential(OrderedDict(modules))


def conv_bn_act(cin, cout, kernel=1, stride=1, padding=None, dilation=1, act=None, eps=1e-5):
    """conv (no bias) → BN → act, padded (k − 1) // 2 · d unless told."""
    if padding is None:
        padding = (kernel - 1) // 2 * dilation
    layers = [nn.Conv2d(cin, cout, kernel, stride, padding, dilation, bias=False),
              nn.BatchNorm2d(cout, eps=eps)]
    return nn.Sequential(*layers, *([act] if act is not None else []))


# ----------------------------------------------------------------------------- legacy Xception

class SeparableConv2d(nn.Module):
    """Keras' SeparableConv2D: depthwise 3×3 then pointwise 1×1, nothing between, no biases."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False)
        self.pointwise = nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x):
        return self.pointwise(self.conv1(x))


class XceptionBlock(nn.Module):
    """Chollet 2017, Fig. 5: `reps` × (ReLU → separable → BN), the first to `first` channels
    (`grow_first` false: 728 in block 12), a 3×3/2 max pool when striding; a 1×1 conv + BN
    shortcut when the shape changes, else the identity."""

    def __init__(self, cin, cout, reps, stride=1, start_with_relu=True, first=None):
        super().__init__()
        widths = [first or cout] + [cout] * (reps - 1)
        layers, c = [], cin
        for index, width in enumerate(widths):
            if index or start_with_relu:
                layers.append(nn.ReLU())
            layers += [SeparableConv2d(c, width), nn.BatchNorm2d(width)]
            c = width
        if stride != 1:
            layers.append(nn.MaxPool2d(3, stride, 1))
        self.rep = nn.Sequential(*layers)
        self.skip = None
        if cout != cin or stride != 1:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                      nn.BatchNorm2d(cout))

    def forward(self, x):
        return self.rep(x) + (x if self.skip is None else self.skip(x))


def xception():
    """timm legacy_xception at 299×299: 22,855,952 trainable parameters."""
    return nn.Sequential(
        conv_bn_act(3, 32, 3, 2, padding=0, act=nn.ReLU()),
        conv_bn_act(32, 64, 3, padding=0, act=nn.ReLU()),
        XceptionBlock(64, 128, 2, 2, start_with_relu=False),
        XceptionBlock(128, 256, 2, 2),
        XceptionBlock(256, 728, 2, 2),
        *[XceptionBlock(728, 728, 3) for _ in range(8)],
        XceptionBlock(728, 1024, 2, 2, first=728),
        SeparableConv2d(1024, 1536), nn.BatchNorm2d(1536), nn.ReLU(),
        SeparableConv2d(1536, 2048), nn.BatchNorm2d(2048), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2048, 1000))


# ----------------------------------------------------------------------------- Xception-41

class AlignedSeparable(nn.Module):
    """timm xception_aligned's SeparableConv2d: dw → BN → act → pw → BN → act (act None:
    no activations), BN eps 0.001."""

    def __init__(self, cin, cout, stride=1, act=False):
        super().__init__()
        self.conv_dw = nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False)
        self.bn_dw = nn.BatchNorm2d(cin, eps=1e-3)
        self.conv_pw = nn.Conv2d(cin, cout, 1, bias=False)
        self.bn_pw = nn.BatchNorm2d(cout, eps=1e-3)
        self.act = act

    def forward(self, x):
        x = self.bn_dw(self.conv_dw(x))
        x = F.relu(x) if self.act else x
        x = self.bn_pw(self.conv_pw(x))
        return F.relu(x) if self.act else x


class XceptionModule(nn.Module):
    """timm's XceptionModule: three (ReLU →) separable units, the stride on the third; a 1×1
    conv + BN shortcut where the shape changes, none at all with no_skip."""

    def __init__(self, cin, outs, stride=1, start_with_relu=True, no_skip=False):
        super().__init__()
        outs = outs if isinstance(outs, tuple) else (outs,) * 3
        units, c = [], cin
        for index, width in enumerate(outs):
            if start_with_relu:
                units.append(nn.ReLU())
            units.append(AlignedSeparable(c, width, stride if index == 2 else 1,
                                          act=not start_with_relu))
            c = width
        self.stack = nn.Sequential(*units)
        self.no_skip = no_skip
        self.shortcut = None
        if not no_skip and (outs[-1] != cin or stride != 1):
            self.shortcut = conv_bn_act(cin, outs[-1], 1, stride, eps=1e-3)

    def forward(self, x):
        y = self.stack(x)
        if self.no_skip:
            return y
        return y + (x if self.shortcut is None else self.shortcut(x))


def xception41():
    """timm xception41 at 299×299: 26,969,560 trainable parameters."""
    return nn.Sequential(
        conv_bn_act(3, 32, 3, 2, act=nn.ReLU(), eps=1e-3),
        conv_bn_act(32, 64, 3, act=nn.ReLU(), eps=1e-3),
        XceptionModule(64, 128, 2), XceptionModule(128, 256, 2), XceptionModule(256, 728, 2),
        *[XceptionModule(728, 728) for _ in range(8)],
        XceptionModule(728, (728, 1024, 1024), 2),
        XceptionModule(1024, (1536, 1536, 2048), start_with_relu=False, no_skip=True),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2048, 1000))


# ----------------------------------------------------------------------------- Darknet-53

def _leaky(cin, cout, kernel, stride=1):
    """Darknet's convolutional layer with batch_normalize=1: conv (its biases are the BN's β)
    → BN → leaky ReLU 0.1, padded size // 2."""
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False),
                         nn.BatchNorm2d(cout), nn.LeakyReLU(0.1))


class DarknetResidual(nn.Module):
    """1×1 to C/2 → 3×3 to C, ⊕ input (darknet53.cfg's [shortcut] from=-3)."""

    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(_leaky(c, c // 2, 1), _leaky(c // 2, c, 3))

    def forward(self, x):
        return x + self.body(x)


def darknet53():
    """Redmon & Farhadi 2018, Table 1, at 256×256: the ImageNet classifier."""
    layers, c = [_leaky(3, 32, 3)], 32
    for count in (1, 2, 8, 8, 4):
        layers.append(_leaky(c, 2 * c, 3, 2))
        c *= 2
        layers += [DarknetResidual(c) for _ in range(count)]
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(1024, 1000))


# ----------------------------------------------------------------------------- FCN, DeepLabV3

class Bottleneck(nn.Module):
    """torchvision's Bottleneck (v1.5): stride and dilation on the 3×3, padded by the dilation."""

    def __init__(self, cin, width, stride=1, dilation=1):
        super().__init__()
        out = 4 * width
        self.body = nn.Sequential(
            conv_bn_act(cin, width, 1, act=nn.ReLU()),
            conv_bn_act(width, width, 3, stride, dilation=dilation, act=nn.ReLU()),
            conv_bn_act(width, out, 1))
        self.downsample = None
        if stride != 1 or cin != out:
            self.downsample = conv_bn_act(cin, out, 1, stride)

    def forward(self, x):
        y = self.body(x)
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


def _stage(cin, width, blocks, stride=1, first_dilation=1, dilation=1):
    """torchvision's _make_layer: the first block at the previous dilation (and the stride),
    the others at the new one."""
    layers = [Bottleneck(cin, width, stride, first_dilation)]
    layers += [Bottleneck(4 * width, width, 1, dilation) for _ in range(blocks - 1)]
    return nn.Sequential(*layers)


def fcn_head(cin, classes):
    """torchvision's FCNHead: 3×3 to C/4 → BN → ReLU → dropout 0.1 → 1×1 (bias) to classes."""
    return nn.Sequential(conv_bn_act(cin, cin // 4, 3, act=nn.ReLU()), nn.Dropout(0.1),
                         nn.Conv2d(cin // 4, classes, 1))


class ASPP(nn.Module):
    """torchvision's ASPP: 1×1 | 3×3 at rates 12, 24, 36 | image pooling → 1×1 → resize;
    concatenated, then 1×1 → BN → ReLU → dropout 0.5."""

    def __init__(self, cin, rates=(12, 24, 36), out=256):
        super().__init__()
        self.branches = nn.ModuleList(
            [conv_bn_act(cin, out, 1, act=nn.ReLU())]
            + [conv_bn_act(cin, out, 3, dilation=rate, act=nn.ReLU()) for rate in rates])
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.pool_conv = conv_bn_act(cin, out, 1, act=nn.ReLU())
        self.project = nn.Sequential(conv_bn_act(5 * out, out, 1, act=nn.ReLU()),
                                     nn.Dropout(0.5))

    def forward(self, x):
        parts = [branch(x) for branch in self.branches]
        pooled = self.pool_conv(self.pool(x))
        parts.append(F.interpolate(pooled, size=x.shape[-2:], mode="bilinear",
                                   align_corners=False))
        return self.project(torch.cat(parts, 1))


def deeplab_head(cin, classes):
    return nn.Sequential(ASPP(cin), conv_bn_act(256, 256, 3, act=nn.ReLU()),
                         nn.Conv2d(256, classes, 1))


class Segmentation(nn.Module):
    """torchvision's _SimpleSegmentationModel on a ResNet with replace_stride_with_dilation
    [False, True, True] (output stride 8), with the auxiliary FCN head on layer3 that the
    published weights have (aux_loss=True); both outputs resized to the input, bilinear. The
    aux head runs right after layer3, as the spec lists it."""

    def __init__(self, depth3, head, classes=21):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64),
                                  nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        self.layer1 = _stage(64, 64, 3)
        self.layer2 = _stage(256, 128, 4, stride=2)
        self.layer3 = _stage(512, 256, depth3, first_dilation=1, dilation=2)
        self.layer4 = _stage(1024, 512, 3, first_dilation=2, dilation=4)
        self.aux_classifier = fcn_head(1024, classes)
        self.classifier = head(2048, classes)

    def forward(self, x):
        size = x.shape[-2:]
        features = self.layer3(self.layer2(self.layer1(self.stem(x))))
        aux = F.interpolate(self.aux_classifier(features), size=size, mode="bilinear",
                            align_corners=False)
        out = F.interpolate(self.classifier(self.layer4(features)), size=size,
                            mode="bilinear", align_corners=False)
        return out, aux


def fcn_resnet50():
    return Segmentation(6, fcn_head)


def fcn_resnet101():
    return Segmentation(23, fcn_head)


def deeplabv3_resnet50():
    return Segmentation(6, deeplab_head)


def deeplabv3_resnet101():
    return Segmentation(23, deeplab_head)


SEGMENTATION = (520, 520, 3)
VARIANTS = {
    "xception": (xception, (299, 299, 3)),
    "xception41": (xception41, (299, 299, 3)),
    "darknet53": (darknet53, (256, 256, 3)),
    "fcn_resnet50": (fcn_resnet50, SEGMENTATION),
    "fcn_resnet101": (fcn_resnet101, SEGMENTATION),
    "deeplabv3_resnet50": (deeplabv3_resnet50, SEGMENTATION),
    "deeplabv3_resnet101": (deeplabv3_resnet101, SEGMENTATION),
}
"""Every bundled name these twins stand for."""
MODELS = {name: VARIANTS[name] for name in ("xception", "xception41", "darknet53")}
MODELS["fcn"] = VARIANTS["fcn_resnet50"]             # a family file's default variant
MODELS["deeplabv3"] = VARIANTS["deeplabv3_resnet50"]
