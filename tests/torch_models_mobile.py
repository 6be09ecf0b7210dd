"""The mobile and modern bundled networks written by hand in plain ``torch.nn``.

The second half of the independent witness of tests/torch_models.py (which counts them and
registers `MODELS` from here): MobileNet v3 Large and Small, EfficientNet-B0, Inception v3 and
MNASNet 1.0, each following torchvision's published architecture without importing torchvision
(or cnncalc). Only shapes matter: `count` runs them on the ``meta`` device.
"""

from __future__ import annotations

from collections import OrderedDict

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn


def _seq(**modules):
    """A Sequential whose children carry readable names (keyword order is kept)."""
    return nn.Sequential(OrderedDict(modules))


def _make_divisible(value, divisor=8):
    """MobileNet's rounding of a width to a multiple of `divisor`, never 10 % below `value`."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


def _conv_bn(cin, cout, kernel, stride=1, groups=1, act=nn.ReLU, padding=None):
    """Conv (no bias) -> BatchNorm -> activation (none when `act` is None)."""
    if padding is None:
        padding = (kernel - 1) // 2
    layers = [nn.Conv2d(cin, cout, kernel, stride, padding, groups=groups, bias=False),
              nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, act()) if act else nn.Sequential(*layers)


class SqueezeExcitation(nn.Module):
    """Hu et al. 2018: global average pool -> 1×1 squeeze -> act -> 1×1 -> gate, × the input."""

    def __init__(self, channels, squeeze, act=nn.ReLU, gate=nn.Sigmoid):
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.act = act()
        self.fc2 = nn.Conv2d(squeeze, channels, 1)
        self.gate = gate()

    def forward(self, x):
        return x * self.gate(self.fc2(self.act(self.fc1(self.avgpool(x)))))


class InvertedResidual(nn.Module):
    """[1×1 expand] -> k×k depthwise -> [SE] -> 1×1 linear projection, + x when shapes allow."""

    def __init__(self, cin, hidden, cout, kernel, stride, act, squeeze=0, se_act=nn.ReLU,
                 se_gate=nn.Sigmoid):
        super().__init__()
        layers = [_conv_bn(cin, hidden, 1, act=act)] if hidden != cin else []
        layers.append(_conv_bn(hidden, hidden, kernel, stride, groups=hidden, act=act))
        if squeeze:
            layers.append(SqueezeExcitation(hidden, squeeze, se_act, se_gate))
        layers.append(_conv_bn(hidden, cout, 1, act=None))
        self.block = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.block(x) if self.residual else self.block(x)


# ----------------------------------------------------------------------------- MobileNet v3

def _mobilenet_v3(rows, last_conv, last_fc):
    """Howard et al. 2019: rows of (kernel, exp size, out, SE, NL, stride) as torchvision."""
    blocks, cin = [_conv_bn(3, 16, 3, 2, act=nn.Hardswish)], 16
    for kernel, exp, out, se, nl, stride in rows:
        act = nn.Hardswish if nl == "HS" else nn.ReLU
        squeeze = _make_divisible(exp // 4, 8) if se else 0
        blocks.append(InvertedResidual(cin, exp, out, kernel, stride, act, squeeze,
                                       se_gate=nn.Hardsigmoid))
        cin = out
    blocks.append(_conv_bn(cin, last_conv, 1, act=nn.Hardswish))
    return _seq(
        features=nn.Sequential(*blocks), avgpool=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(),
        classifier=nn.Sequential(nn.Linear(last_conv, last_fc), nn.Hardswish(), nn.Dropout(0.2),
                                 nn.Linear(last_fc, 1000)),
        softmax=nn.Softmax(dim=1),
    )


def mobilenet_v3_large():
    """Table 1 of the paper (torchvision mobilenet_v3_large)."""
    return _mobilenet_v3([
        (3, 16, 16, False, "RE", 1), (3, 64, 24, False, "RE", 2), (3, 72, 24, False, "RE", 1),
        (5, 72, 40, True, "RE", 2), (5, 120, 40, True, "RE", 1), (5, 120, 40, True, "RE", 1),
        (3, 240, 80, False, "HS", 2), (3, 200, 80, False, "HS", 1),
        (3, 184, 80, False, "HS", 1), (3, 184, 80, False, "HS", 1),
        (3, 480, 112, True, "HS", 1), (3, 672, 112, True, "HS", 1),
        (5, 672, 160, True, "HS", 2), (5, 960, 160, True, "HS", 1), (5, 960, 160, True, "HS", 1),
    ], last_conv=960, last_fc=1280)


def mobilenet_v3_small():
    """Table 2 of the paper (torchvision mobilenet_v3_small)."""
    return _mobilenet_v3([
        (3, 16, 16, True, "RE", 2), (3, 72, 24, False, "RE", 2), (3, 88, 24, False, "RE", 1),
        (5, 96, 40, True, "HS", 2), (5, 240, 40, True, "HS", 1), (5, 240, 40, True, "HS", 1),
        (5, 120, 48, True, "HS", 1), (5, 144, 48, True, "HS", 1),
        (5, 288, 96, True, "HS", 2), (5, 576, 96, True, "HS", 1), (5, 576, 96, True, "HS", 1),
    ], last_conv=576, last_fc=1024)


# ----------------------------------------------------------------------------- EfficientNet

def efficientnet_b0():
    """Tan & Le 2019, Table 1, as torchvision efficientnet_b0: MBConv = inverted residual with
    SiLU and an SE of max(1, C_in // 4) channels (SiLU, sigmoid gate)."""
    rows = [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3),
            (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)]   # t, k, s, out, layers
    stages, cin = [_conv_bn(3, 32, 3, 2, act=nn.SiLU)], 32
    for t, kernel, stride, out, layers in rows:
        stage = []
        for i in range(layers):
            stage.append(InvertedResidual(cin, cin * t, out, kernel, stride if i == 0 else 1,
                                          nn.SiLU, max(1, cin // 4), se_act=nn.SiLU))
            cin = out
        stages.append(nn.Sequential(*stage))
    stages.append(_conv_bn(cin, 1280, 1, act=nn.SiLU))
    return _seq(
        features=nn.Sequential(*stages), avgpool=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(),
        classifier=nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, 1000)),
        softmax=nn.Softmax(dim=1),
    )


# ----------------------------------------------------------------------------- MNASNet

def mnasnet1_0():
    """Tan et al. 2019 (MNASNet-A1 search space), as torchvision mnasnet1_0: no SE; the stem's
    separable conv; stacks of inverted residuals with ReLU; BN everywhere."""
    rows = [(3, 2, 3, 24, 3), (5, 2, 3, 40, 3), (5, 2, 6, 80, 3), (3, 1, 6, 96, 2),
            (5, 2, 6, 192, 4), (3, 1, 6, 320, 1)]   # kernel, stride, t, out, layers
    layers = [_conv_bn(3, 32, 3, 2), _conv_bn(32, 32, 3, groups=32), _conv_bn(32, 16, 1, act=None)]
    cin = 16
    for kernel, stride, t, out, repeats in rows:
        for i in range(repeats):
            layers.append(InvertedResidual(cin, cin * t, out, kernel, stride if i == 0 else 1,
                                           nn.ReLU))
            cin = out
    layers.append(_conv_bn(cin, 1280, 1))
    return _seq(
        layers=nn.Sequential(*layers), avgpool=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(),
        classifier=nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, 1000)),
        softmax=nn.Softmax(dim=1),
    )


# ----------------------------------------------------------------------------- Inception v3

def _basic(cin, cout, kernel, stride=1, padding=0):
    """torchvision's BasicConv2d: conv without bias -> BN (eps 0.001) -> ReLU."""
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, padding, bias=False),
                         nn.BatchNorm2d(cout, eps=0.001), nn.ReLU())


class _Branches(nn.Module):
    """Run branches (each a module, or a list: a stem then two heads concatenated) on one
    input and concatenate their outputs on channels, in order."""

    def __init__(self, *branches):
        super().__init__()
        self.branches = nn.ModuleList(
            nn.ModuleList(b) if isinstance(b, list) else b for b in branches)

    def forward(self, x):
        outputs = []
        for branch in self.branches:
            if isinstance(branch, nn.ModuleList):   # stem, then [head_a | head_b]
                stem = branch[0](x)
                outputs += [branch[1](stem), branch[2](stem)]
            else:
                outputs.append(branch(x))
        return torch.cat(outputs, dim=1)


def _inception_a(cin, pool_features):
    return _Branches(
        _basic(cin, 64, 1),
        nn.Sequential(_basic(cin, 48, 1), _basic(48, 64, 5, padding=2)),
        nn.Sequential(_basic(cin, 64, 1), _basic(64, 96, 3, padding=1),
                      _basic(96, 96, 3, padding=1)),
        nn.Sequential(nn.AvgPool2d(3, 1, 1), _basic(cin, pool_features, 1)),
    )


def _inception_b(cin):
    return _Branches(
        _basic(cin, 384, 3, stride=2),
        nn.Sequential(_basic(cin, 64, 1), _basic(64, 96, 3, padding=1),
                      _basic(96, 96, 3, stride=2)),
        nn.MaxPool2d(3, 2),
    )


def _inception_c(cin, c7):
    row, col = dict(kernel=(1, 7), padding=(0, 3)), dict(kernel=(7, 1), padding=(3, 0))
    return _Branches(
        _basic(cin, 192, 1),
        nn.Sequential(_basic(cin, c7, 1), _basic(c7, c7, **row), _basic(c7, 192, **col)),
        nn.Sequential(_basic(cin, c7, 1), _basic(c7, c7, **col), _basic(c7, c7, **row),
                      _basic(c7, c7, **col), _basic(c7, 192, **row)),
        nn.Sequential(nn.AvgPool2d(3, 1, 1), _basic(cin, 192, 1)),
    )


def _inception_d(cin):
    return _Branches(
        nn.Sequential(_basic(cin, 192, 1), _basic(192, 320, 3, stride=2)),
        nn.Sequential(_basic(cin, 192, 1), _basic(192, 192, (1, 7), padding=(0, 3)),
                      _basic(192, 192, (7, 1), padding=(3, 0)), _basic(192, 192, 3, stride=2)),
        nn.MaxPool2d(3, 2),
    )


def _inception_e(cin):
    def split():   # the 1×3 and 3×1 halves, side by side
        return (_basic(384, 384, (1, 3), padding=(0, 1)), _basic(384, 384, (3, 1), padding=(1, 0)))
    return _Branches(
        _basic(cin, 320, 1),
        [_basic(cin, 384, 1), *split()],
        [nn.Sequential(_basic(cin, 448, 1), _basic(448, 384, 3, padding=1)), *split()],
        nn.Sequential(nn.AvgPool2d(3, 1, 1), _basic(cin, 192, 1)),
    )


class InceptionV3(nn.Module):
    """Szegedy et al. 2016 as torchvision inception_v3 (299×299), with the auxiliary classifier
    on Mixed_6e run on every pass (torchvision runs it in training only; it counts its
    parameters either way)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(
            _basic(3, 32, 3, stride=2), _basic(32, 32, 3), _basic(32, 64, 3, padding=1),
            nn.MaxPool2d(3, 2), _basic(64, 80, 1), _basic(80, 192, 3), nn.MaxPool2d(3, 2))
        self.mixed_5_6 = nn.Sequential(
            _inception_a(192, 32), _inception_a(256, 64), _inception_a(288, 64),
            _inception_b(288),
            _inception_c(768, 128), _inception_c(768, 160), _inception_c(768, 160),
            _inception_c(768, 192))
        self.aux = nn.Sequential(
            nn.AvgPool2d(5, 3), _basic(768, 128, 1), _basic(128, 768, 5),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(768, 1000))
        self.mixed_7 = nn.Sequential(_inception_d(768), _inception_e(1280), _inception_e(2048))
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Dropout(0.5), nn.Flatten(),
                                  nn.Linear(2048, 1000), nn.Softmax(dim=1))

    def forward(self, x):
        x = self.mixed_5_6(self.stem(x))
        self.aux(x)
        return self.head(self.mixed_7(x))


def inception_v3():
    return InceptionV3()


# ----------------------------------------------------------------------------- registry

# spec file stem -> (builder, input H×W×C); tests/torch_models.py adds these to its MODELS
MODELS = {
    "mobilenet_v3_large": (mobilenet_v3_large, (224, 224, 3)),
    "mobilenet_v3_small": (mobilenet_v3_small, (224, 224, 3)),
    "efficientnet_b0": (efficientnet_b0, (224, 224, 3)),
    "inception_v3": (inception_v3, (299, 299, 3)),
    "mnasnet1_0": (mnasnet1_0, (224, 224, 3)),
}
