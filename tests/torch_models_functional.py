"""Twins of the bundled specs whose torchvision model calls layers as functions in ``forward()``
(``functional: true`` in the spec): ``googlenet_torchvision``.

Written by hand in plain ``torch.nn`` after torchvision 0.28's models/googlenet.py (not
imported), the calls kept as calls (``F.relu``), so that a hook counter sees what the tools see.
Counted by ``tests/torch_models.py``, which adds :data:`MODELS` to its registry; skipped where
torch is not installed.
"""

from __future__ import annotations

from collections import OrderedDict

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional


class BasicConv2d(nn.Module):
    """torchvision's GoogLeNet unit: conv (no bias) → BN (eps 0.001) → F.relu, a call."""

    def __init__(self, cin, cout, kernel, **kw):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, bias=False, **kw)
        self.bn = nn.BatchNorm2d(cout, eps=0.001)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)), inplace=True)


class Inception(nn.Module):
    """1×1 | 1×1 → 3×3 | 1×1 → 3×3 (torchvision's "5×5", issue #906) | 3×3/1 max pool → 1×1."""

    def __init__(self, cin, c1, c3r, c3, c5r, c5, pp):
        super().__init__()
        self.branch1 = BasicConv2d(cin, c1, 1)
        self.branch2 = nn.Sequential(BasicConv2d(cin, c3r, 1), BasicConv2d(c3r, c3, 3, padding=1))
        self.branch3 = nn.Sequential(BasicConv2d(cin, c5r, 1), BasicConv2d(c5r, c5, 3, padding=1))
        self.branch4 = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True),
                                     BasicConv2d(cin, pp, 1))

    def forward(self, x):
        return torch.cat([self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)], 1)


def googlenet_torchvision():
    """torchvision googlenet(aux_logits=False): no LRN, BN everywhere, pool4 2×2, dropout 0.2."""
    pool = dict(kernel_size=3, stride=2, ceil_mode=True)
    return nn.Sequential(OrderedDict(
        conv1=BasicConv2d(3, 64, 7, stride=2, padding=3), maxpool1=nn.MaxPool2d(**pool),
        conv2=BasicConv2d(64, 64, 1), conv3=BasicConv2d(64, 192, 3, padding=1),
        maxpool2=nn.MaxPool2d(**pool),
        inception3a=Inception(192, 64, 96, 128, 16, 32, 32),
        inception3b=Inception(256, 128, 128, 192, 32, 96, 64),
        maxpool3=nn.MaxPool2d(**pool),
        inception4a=Inception(480, 192, 96, 208, 16, 48, 64),
        inception4b=Inception(512, 160, 112, 224, 24, 64, 64),
        inception4c=Inception(512, 128, 128, 256, 24, 64, 64),
        inception4d=Inception(512, 112, 144, 288, 32, 64, 64),
        inception4e=Inception(528, 256, 160, 320, 32, 128, 128),
        maxpool4=nn.MaxPool2d(2, stride=2, ceil_mode=True),
        inception5a=Inception(832, 256, 160, 320, 32, 128, 128),
        inception5b=Inception(832, 384, 192, 384, 48, 128, 128),
        avgpool=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(), dropout=nn.Dropout(0.2),
        fc=nn.Linear(1024, 1000), softmax=nn.Softmax(dim=1),
    ))


# spec file stem -> (builder, input H×W×C); tests/torch_models.py adds these to its MODELS
MODELS = {
    "googlenet_torchvision": (googlenet_torchvision, (224, 224, 3)),
}
