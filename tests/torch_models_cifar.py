"""The CIFAR-10 ResNets of He et al. 2016 (Section 4.2), in plain ``torch.nn``: the witness for
specs/resnet_cifar.yaml (ResNet-20, its default) and its variants (tests/test_resnet_cifar.py's
figures). Option-A shortcuts as the paper's identity mapping: every second pixel, zero channels
on both sides (``F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, n, n))``; the subsampling as a 1×1 max
pool of stride 2, which picks exactly those pixels), no parameters. Only torch is
imported."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional


class BasicBlock(nn.Module):
    def __init__(self, cin: int, c: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, c, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.project = stride != 1 or cin != c
        self.pad = (c - cin) // 2
        # x[:, :, ::2, ::2] as a module, so that the hooks see it where the spec has it
        self.subsample = nn.MaxPool2d(1, stride) if self.project else None

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if not self.project:
            return F.relu(out + x)
        shortcut = self.subsample(x)
        assert shortcut.is_meta or torch.equal(shortcut, x[:, :, ::2, ::2])
        return F.relu(out + F.pad(shortcut, (0, 0, 0, 0, self.pad, self.pad)))


def resnet_cifar(depth: int = 20):
    n = (depth - 2) // 6
    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    cin = 16
    for c, stride in ((16, 1), (32, 2), (64, 2)):
        for i in range(n):
            layers.append(BasicBlock(cin, c, stride if i == 0 else 1))
            cin = c
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


MODELS = {"resnet_cifar": (resnet_cifar, (32, 32, 3))}
