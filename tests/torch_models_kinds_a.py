"""ESPCN, Network in Network, Inception-v4 and Inception-ResNet-v2 written by hand in plain
``torch.nn``: the independent witnesses for the bundled specs that need pixel shuffle and the
constant residual scale. Registered into ``torch_models.MODELS`` by one line at the bottom of
torch_models.py, which counts them like the others.

The two Inceptions follow timm's inception_v4 and inception_resnet_v2 module for module (the
same branches in the same order, so the hooks see the convolutions and pools in the order the
specs list them); their parameter counts are timm's, 42,679,816 and 55,843,464. timm's
classifier pools with a SelectAdaptivePool2d around an ``nn.AdaptiveAvgPool2d(1)``: that
module, then ``flatten``, here. Only torch is imported: nothing from cnncalc.
"""

from __future__ import annotations

from collections import OrderedDict

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn


def _seq(**modules):
    return nn.Sequential(OrderedDict(modules))


def _basic(cin, cout, kernel, stride=1, padding=0):
    """timm's BasicConv2d / ConvNormAct: conv without bias → BN (eps 0.001) → ReLU."""
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, padding, bias=False),
                         nn.BatchNorm2d(cout, eps=0.001), nn.ReLU())


def _pool_branch(cin, cout):
    return nn.Sequential(nn.AvgPool2d(3, 1, 1, count_include_pad=False), _basic(cin, cout, 1))


ROW7, COL7 = dict(kernel=(1, 7), padding=(0, 3)), dict(kernel=(7, 1), padding=(3, 0))
ROW3, COL3 = dict(kernel=(1, 3), padding=(0, 1)), dict(kernel=(3, 1), padding=(1, 0))


class Branches(nn.Module):
    """Run each branch on the input, in order, and concatenate their outputs on channels."""

    def __init__(self, *branches):
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        return torch.cat([branch(x) for branch in self.branches], dim=1)


class Fork(nn.Module):
    """A stem, then two heads on its output side by side (Inception-C's split branches)."""

    def __init__(self, stem, head_a, head_b):
        super().__init__()
        self.stem, self.head_a, self.head_b = stem, head_a, head_b

    def forward(self, x):
        x = self.stem(x)
        return torch.cat([self.head_a(x), self.head_b(x)], dim=1)


# ----------------------------------------------------------------------------- ESPCN

def espcn(upscale=3, channels=1):
    """Shi et al. 2016: 5×5 conv to 64, tanh, 3×3 to 32, tanh, 3×3 to C·r², pixel shuffle."""
    return _seq(conv1=nn.Conv2d(channels, 64, 5, padding=2), tanh1=nn.Tanh(),
                conv2=nn.Conv2d(64, 32, 3, padding=1), tanh2=nn.Tanh(),
                conv3=nn.Conv2d(32, channels * upscale ** 2, 3, padding=1),
                shuffle=nn.PixelShuffle(upscale))


# ----------------------------------------------------------------------------- NIN

def _mlpconv(cin, filters, kernel, padding, c1, c2):
    return nn.Sequential(nn.Conv2d(cin, filters, kernel, padding=padding), nn.ReLU(),
                         nn.Conv2d(filters, c1, 1), nn.ReLU(), nn.Conv2d(c1, c2, 1), nn.ReLU())


def nin():
    """Lin et al. 2014, the CIFAR-10 network as the authors' Caffe model (pooled sizes rounded
    up, as Caffe does)."""
    return _seq(mlpconv1=_mlpconv(3, 192, 5, 2, 160, 96),
                pool1=nn.MaxPool2d(3, 2, ceil_mode=True), drop1=nn.Dropout(0.5),
                mlpconv2=_mlpconv(96, 192, 5, 2, 192, 192),
                pool2=nn.AvgPool2d(3, 2, ceil_mode=True), drop2=nn.Dropout(0.5),
                mlpconv3=_mlpconv(192, 192, 3, 1, 192, 10),
                pool3=nn.AvgPool2d(8, 1), flatten=nn.Flatten(), softmax=nn.Softmax(dim=1))


# ----------------------------------------------------------------------------- Inception-v4

def _inception_a():
    return Branches(
        _basic(384, 96, 1),
        nn.Sequential(_basic(384, 64, 1), _basic(64, 96, 3, padding=1)),
        nn.Sequential(_basic(384, 64, 1), _basic(64, 96, 3, padding=1),
                      _basic(96, 96, 3, padding=1)),
        _pool_branch(384, 96))


def _inception_b():
    return Branches(
        _basic(1024, 384, 1),
        nn.Sequential(_basic(1024, 192, 1), _basic(192, 224, **ROW7), _basic(224, 256, **COL7)),
        nn.Sequential(_basic(1024, 192, 1), _basic(192, 192, **COL7), _basic(192, 224, **ROW7),
                      _basic(224, 224, **COL7), _basic(224, 256, **ROW7)),
        _pool_branch(1024, 128))


def _inception_c():
    return Branches(
        _basic(1536, 256, 1),
        Fork(_basic(1536, 384, 1), _basic(384, 256, **ROW3), _basic(384, 256, **COL3)),
        Fork(nn.Sequential(_basic(1536, 384, 1), _basic(384, 448, **COL3),
                           _basic(448, 512, **ROW3)),
             _basic(512, 256, **ROW3), _basic(512, 256, **COL3)),
        _pool_branch(1536, 256))


def inception_v4():
    """timm inception_v4 (299×299): Figs. 3-9 of Szegedy et al. 2017."""
    features = [
        _basic(3, 32, 3, stride=2), _basic(32, 32, 3), _basic(32, 64, 3, padding=1),
        Branches(nn.MaxPool2d(3, 2), _basic(64, 96, 3, stride=2)),                  # Mixed3a
        Branches(nn.Sequential(_basic(160, 64, 1), _basic(64, 96, 3)),              # Mixed4a
                 nn.Sequential(_basic(160, 64, 1), _basic(64, 64, **ROW7),
                               _basic(64, 64, **COL7), _basic(64, 96, 3))),
        Branches(_basic(192, 192, 3, stride=2), nn.MaxPool2d(3, 2)),               # Mixed5a
        *[_inception_a() for _ in range(4)],
        Branches(_basic(384, 384, 3, stride=2),                                     # Reduction-A
                 nn.Sequential(_basic(384, 192, 1), _basic(192, 224, 3, padding=1),
                               _basic(224, 256, 3, stride=2)),
                 nn.MaxPool2d(3, 2)),
        *[_inception_b() for _ in range(7)],
        Branches(nn.Sequential(_basic(1024, 192, 1), _basic(192, 192, 3, stride=2)),  # Reduction-B
                 nn.Sequential(_basic(1024, 256, 1), _basic(256, 256, **ROW7),
                               _basic(256, 320, **COL7), _basic(320, 320, 3, stride=2)),
                 nn.MaxPool2d(3, 2)),
        *[_inception_c() for _ in range(3)],
    ]
    return _seq(features=nn.Sequential(*features), global_pool=nn.AdaptiveAvgPool2d(1),
                flatten=nn.Flatten(), last_linear=nn.Linear(1536, 1000))


# ----------------------------------------------------------------------------- Inception-ResNet-v2

class Residual(nn.Module):
    """timm's Block35/17/8: branches concatenated → 1×1 conv with bias → out · scale + x →
    ReLU (none in the last Block8)."""

    def __init__(self, branches, width, scale, relu=True):
        super().__init__()
        self.branches = branches
        self.conv2d = nn.Conv2d(sum(_out_channels(b) for b in branches.branches), width, 1)
        self.scale = scale
        self.relu = nn.ReLU() if relu else None

    def forward(self, x):
        out = self.conv2d(self.branches(x)) * self.scale + x
        return self.relu(out) if self.relu is not None else out


def _out_channels(branch) -> int:
    convs = [m for m in branch.modules() if isinstance(m, nn.Conv2d)]
    return convs[-1].out_channels


def _block35(scale=0.17):
    return Residual(Branches(
        _basic(320, 32, 1),
        nn.Sequential(_basic(320, 32, 1), _basic(32, 32, 3, padding=1)),
        nn.Sequential(_basic(320, 32, 1), _basic(32, 48, 3, padding=1),
                      _basic(48, 64, 3, padding=1))), 320, scale)


def _block17(scale=0.10):
    return Residual(Branches(
        _basic(1088, 192, 1),
        nn.Sequential(_basic(1088, 128, 1), _basic(128, 160, **ROW7),
                      _basic(160, 192, **COL7))), 1088, scale)


def _block8(scale=0.20, relu=True):
    return Residual(Branches(
        _basic(2080, 192, 1),
        nn.Sequential(_basic(2080, 192, 1), _basic(192, 224, **ROW3),
                      _basic(224, 256, **COL3))), 2080, scale, relu)


def inception_resnet_v2():
    """timm inception_resnet_v2 (299×299)."""
    return _seq(
        conv2d_1a=_basic(3, 32, 3, stride=2), conv2d_2a=_basic(32, 32, 3),
        conv2d_2b=_basic(32, 64, 3, padding=1), maxpool_3a=nn.MaxPool2d(3, 2),
        conv2d_3b=_basic(64, 80, 1), conv2d_4a=_basic(80, 192, 3),
        maxpool_5a=nn.MaxPool2d(3, 2),
        mixed_5b=Branches(
            _basic(192, 96, 1),
            nn.Sequential(_basic(192, 48, 1), _basic(48, 64, 5, padding=2)),
            nn.Sequential(_basic(192, 64, 1), _basic(64, 96, 3, padding=1),
                          _basic(96, 96, 3, padding=1)),
            _pool_branch(192, 64)),
        repeat=nn.Sequential(*[_block35() for _ in range(10)]),
        mixed_6a=Branches(
            _basic(320, 384, 3, stride=2),
            nn.Sequential(_basic(320, 256, 1), _basic(256, 256, 3, padding=1),
                          _basic(256, 384, 3, stride=2)),
            nn.MaxPool2d(3, 2)),
        repeat_1=nn.Sequential(*[_block17() for _ in range(20)]),
        mixed_7a=Branches(
            nn.Sequential(_basic(1088, 256, 1), _basic(256, 384, 3, stride=2)),
            nn.Sequential(_basic(1088, 256, 1), _basic(256, 288, 3, stride=2)),
            nn.Sequential(_basic(1088, 256, 1), _basic(256, 288, 3, padding=1),
                          _basic(288, 320, 3, stride=2)),
            nn.MaxPool2d(3, 2)),
        repeat_2=nn.Sequential(*[_block8() for _ in range(9)]),
        block8=_block8(scale=1.0, relu=False),
        conv2d_7b=_basic(2080, 1536, 1),
        global_pool=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(),
        classif=nn.Linear(1536, 1000))


# spec file stem -> (builder, input H×W×C)
MODELS = {
    "espcn": (espcn, (224, 224, 1)),
    "nin": (nin, (32, 32, 3)),
    "inception_v4": (inception_v4, (299, 299, 3)),
    "inception_resnet_v2": (inception_resnet_v2, (299, 299, 3)),
}
