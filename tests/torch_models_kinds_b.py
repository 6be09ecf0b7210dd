"""SegNet and a small Siamese pair written by hand in plain ``torch.nn``: the independent
witnesses for the bundled spec that unpools by its pools' indices and for the example whose
towers share weights. Registered into ``torch_models.MODELS`` by one line at the bottom of
torch_models.py, which counts them like the others. Only torch is imported: nothing from
cnncalc.

SegNet (Badrinarayanan, Kendall & Cipolla 2017, Fig. 2 and Sec. 3; the authors' Caffe
``segnet_train.prototxt``): VGG-16's 13 convolutions, each 3×3 padding 1 with its bias, then
BatchNorm and ReLU; five 2×2/2 max pools that keep their indices; the decoder mirrors the
encoder, each stage unpooling with its pool's indices to the size that pool received (PyTorch:
``output_size``) and then convolving (512, 512, 512 | 512, 512, 256 | 256, 256, 128 | 128, 64 |
64, then a 3×3 conv to the classes, without BN, before the softmax).
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn


def _cbr(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]


class IndexedPool(nn.MaxPool2d):
    """A 2×2/2 max pool that keeps its indices and its input's size for the unpooling (and
    returns one tensor, as the counting hooks expect)."""

    def __init__(self):
        super().__init__(2, 2)

    def forward(self, x):
        self.size = x.shape[-2:]
        out, self.indices = nn.functional.max_pool2d(x, 2, 2, return_indices=True)
        return out


ENCODER = ((64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512))
DECODER = ((512, 512, 512), (512, 512, 256), (256, 256, 128), (128, 64), (64,))


class SegNet(nn.Module):
    def __init__(self, classes=12, channels=3):
        super().__init__()
        self.encoders, self.decoders = nn.ModuleList(), nn.ModuleList()
        self.pools = nn.ModuleList(IndexedPool() for _ in ENCODER)
        self.unpools = nn.ModuleList(nn.MaxUnpool2d(2, 2) for _ in DECODER)
        cin = channels
        for widths in ENCODER:
            layers = []
            for width in widths:
                layers += _cbr(cin, width)
                cin = width
            self.encoders.append(nn.Sequential(*layers))
        for widths in DECODER:
            layers = []
            for width in widths:
                layers += _cbr(cin, width)
                cin = width
            self.decoders.append(nn.Sequential(*layers))
        self.classifier = nn.Conv2d(cin, classes, 3, padding=1)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        for encoder, pool in zip(self.encoders, self.pools):
            x = pool(encoder(x))
        for decoder, unpool, pool in zip(self.decoders, self.unpools, reversed(self.pools)):
            x = decoder(unpool(x, pool.indices, output_size=pool.size))
        return self.softmax(self.classifier(x))


class Siamese(nn.Module):
    """Two 28×28 images stacked as two channels; one tower (its modules used twice: the
    weights shared), the two 16-vectors concatenated, one logit."""

    def __init__(self):
        super().__init__()
        self.tower = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
                                   nn.Conv2d(8, 16, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(32, 1), nn.Sigmoid())

    def forward(self, x):
        left, right = x[:, :1], x[:, 1:]
        return self.head(torch.cat([self.tower(left), self.tower(right)], dim=1))


# spec file stem -> (builder, input H×W×C)
MODELS = {
    "segnet": (SegNet, (360, 480, 3)),
}
