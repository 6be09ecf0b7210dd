"""ShuffleNet v2, ConvNeXt-T and U-Net written by hand in plain ``torch.nn``: the independent
witnesses for the bundled specs that need split, channel shuffle, layer norm, layer scale and
crop. Registered into ``torch_models.MODELS`` by one line at the bottom of torch_models.py,
which counts them like the others.

``torch_models.count`` counts a Linear as ``out.numel() · in_features`` (right on a channels-last
4-D tensor too) but reads its output shape as N×C×H×W, which a channels-last tensor is not; the
ConvNeXt twin therefore writes torchvision's two Linear layers per block as 1×1 convs with bias
(the same parameters and multiplications), as the spec does. torchvision's global mean
(``x.mean([2, 3])``) in ShuffleNet v2 is an ``AdaptiveAvgPool2d(1)`` here, so it is listed with
the pools as the spec's global_avgpool is. Only torch is imported: nothing from cnncalc.
"""

from __future__ import annotations

from collections import OrderedDict

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn


def _seq(**modules):
    return nn.Sequential(OrderedDict(modules))


# ----------------------------------------------------------------------------- ShuffleNet v2

def _conv_bn(cin, cout, kernel, stride=1, groups=1, relu=True):
    layers = [nn.Conv2d(cin, cout, kernel, stride, (kernel - 1) // 2, groups=groups, bias=False),
              nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, *([nn.ReLU()] if relu else []))


class ShuffleUnit(nn.Module):
    """Ma et al. 2018, Fig. 3 (c) and (d): split → branch → concat → shuffle (stride 1), or two
    branches on the whole input (stride 2)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.stride = stride
        half = cout // 2
        if stride > 1:
            self.branch1 = nn.Sequential(_conv_bn(cin, cin, 3, stride, groups=cin, relu=False),
                                         _conv_bn(cin, half, 1))
        self.branch2 = nn.Sequential(
            _conv_bn(cin if stride > 1 else half, half, 1),
            _conv_bn(half, half, 3, stride, groups=half, relu=False),
            _conv_bn(half, half, 1))

    def forward(self, x):
        if self.stride == 1:
            left, right = x.chunk(2, dim=1)
            out = torch.cat([left, self.branch2(right)], dim=1)
        else:
            out = torch.cat([self.branch1(x), self.branch2(x)], dim=1)
        n, c, h, w = out.shape
        return out.view(n, 2, c // 2, h, w).transpose(1, 2).reshape(n, c, h, w)


def shufflenet_v2_x1_0():
    """torchvision shufflenet_v2_x1_0: Table 5's 1× column."""
    stages, cin = OrderedDict(), 24
    for number, (cout, repeats) in enumerate([(116, 4), (232, 8), (464, 4)], start=2):
        units = [ShuffleUnit(cin, cout, 2)] + [ShuffleUnit(cout, cout, 1)
                                               for _ in range(repeats - 1)]
        stages[f"stage{number}"] = nn.Sequential(*units)
        cin = cout
    return _seq(conv1=_conv_bn(3, 24, 3, 2), maxpool=nn.MaxPool2d(3, 2, 1), **stages,
                conv5=_conv_bn(464, 1024, 1), avgpool=nn.AdaptiveAvgPool2d(1),
                flatten=nn.Flatten(), fc=nn.Linear(1024, 1000), softmax=nn.Softmax(dim=1))


# ----------------------------------------------------------------------------- ConvNeXt

class LayerNorm2d(nn.Module):
    """LayerNorm over the channels of an N×C×H×W map (torchvision's LayerNorm2d)."""

    def __init__(self, channels):
        super().__init__()
        self.norm = nn.LayerNorm(channels, eps=1e-6)

    def forward(self, x):
        return self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class ConvNeXtBlock(nn.Module):
    """Liu et al. 2022, Fig. 4: dw 7×7 → LN → 1×1 (4C) → GELU → 1×1 (C) → γ ⊙ · + x."""

    def __init__(self, dim):
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = LayerNorm2d(dim)
        self.pwconv1 = nn.Conv2d(dim, 4 * dim, 1)
        self.act = nn.GELU()
        self.pwconv2 = nn.Conv2d(4 * dim, dim, 1)
        self.layer_scale = nn.Parameter(torch.ones(dim, 1, 1) * 1e-6)

    def forward(self, x):
        y = self.pwconv2(self.act(self.pwconv1(self.norm(self.dwconv(x)))))
        return x + self.layer_scale * y


def convnext_tiny():
    """torchvision convnext_tiny: C = (96, 192, 384, 768), B = (3, 3, 9, 3)."""
    dims, depths = (96, 192, 384, 768), (3, 3, 9, 3)
    layers = OrderedDict(stem=nn.Conv2d(3, 96, 4, stride=4), stem_norm=LayerNorm2d(96))
    for stage, (dim, depth) in enumerate(zip(dims, depths), start=1):
        if stage > 1:
            layers[f"down{stage}_norm"] = LayerNorm2d(dims[stage - 2])
            layers[f"down{stage}"] = nn.Conv2d(dims[stage - 2], dim, 2, stride=2)
        layers[f"stage{stage}"] = nn.Sequential(*(ConvNeXtBlock(dim) for _ in range(depth)))
    layers.update(avgpool=nn.AdaptiveAvgPool2d(1), head_norm=LayerNorm2d(768),
                  flatten=nn.Flatten(), fc=nn.Linear(768, 1000), softmax=nn.Softmax(dim=1))
    return nn.Sequential(layers)


# ----------------------------------------------------------------------------- U-Net

def _double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3), nn.ReLU(), nn.Conv2d(cout, cout, 3), nn.ReLU())


def _centre_crop(x, height, width):
    """torchvision's center_crop: round((H − h)/2) rows before."""
    top = int(round((x.shape[2] - height) / 2.0))
    left = int(round((x.shape[3] - width) / 2.0))
    return x[:, :, top:top + height, left:left + width]


class UNet(nn.Module):
    """Ronneberger et al. 2015, Fig. 1: valid 3×3 convs, copy and crop, 2×2 up-convolutions."""

    def __init__(self, channels=1, classes=2):
        super().__init__()
        widths = (64, 128, 256, 512, 1024)
        self.down = nn.ModuleList()
        cin = channels
        for width in widths:
            self.down.append(_double_conv(cin, width))
            cin = width
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList(nn.ConvTranspose2d(w, w // 2, 2, stride=2)
                                for w in reversed(widths[1:]))
        self.dec = nn.ModuleList(_double_conv(w, w // 2) for w in reversed(widths[1:]))
        self.output = nn.Conv2d(64, classes, 1)

    def forward(self, x):
        skips = []
        for index, block in enumerate(self.down):
            x = block(x)
            if index < len(self.down) - 1:
                skips.append(x)
                x = self.pool(x)
        for up, dec, skip in zip(self.up, self.dec, reversed(skips)):
            x = up(x)
            x = dec(torch.cat([_centre_crop(skip, *x.shape[2:]), x], dim=1))
        return self.output(x)


# spec file stem -> (builder, input H×W×C)
MODELS = {
    "shufflenet_v2_x1_0": (shufflenet_v2_x1_0, (224, 224, 3)),
    "convnext_tiny": (convnext_tiny, (224, 224, 3)),
    "unet": (UNet, (572, 572, 1)),
}
