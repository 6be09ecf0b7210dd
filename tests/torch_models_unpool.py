"""SegNet written by hand in plain ``torch.nn``: the independent witness for specs/segnet.yaml.
Registered into ``torch_models.MODELS`` by one line at the bottom of torch_models.py, which
counts it like the others. Each encoder pool returns its indices (``return_indices=True``) and
the decoder stage's ``nn.MaxUnpool2d`` takes them with the size of that pool's input
(``output_size``), as SegNet's decoder does. Only torch is imported: nothing from cnncalc.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn


def _cbr(cin, cout):
    """3×3 conv (padding 1, bias) → BatchNorm → ReLU."""
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]


ENCODER = [(3, 64, 2), (64, 128, 2), (128, 256, 3), (256, 512, 3), (512, 512, 3)]
"""(C_in, width, convs) per stage: VGG-16's 13 convolutions."""
DECODER = [(512, 512, 3), (512, 256, 3), (256, 128, 3), (128, 64, 2), (64, 64, 1)]
"""(width, out, convs) per stage, deepest first: the last conv of a stage narrows to `out`."""


class SegNet(nn.Module):
    def __init__(self, classes=12):
        super().__init__()
        self.encoders = nn.ModuleList(
            nn.Sequential(*_cbr(cin, width), *[m for _ in range(n - 1) for m in _cbr(width, width)])
            for cin, width, n in ENCODER)
        self.pools = nn.ModuleList(nn.MaxPool2d(2, 2, return_indices=True) for _ in ENCODER)
        self.unpools = nn.ModuleList(nn.MaxUnpool2d(2, 2) for _ in DECODER)
        self.decoders = nn.ModuleList(
            nn.Sequential(*[m for _ in range(n - 1) for m in _cbr(width, width)],
                          *_cbr(width, out))
            for width, out, n in DECODER)
        self.classifier = nn.Conv2d(64, classes, 3, padding=1)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        kept = []
        for encoder, pool in zip(self.encoders, self.pools):
            x = encoder(x)
            size = x.shape[-2:]
            x, indices = pool(x)
            kept.append((indices, size))
        for unpool, decoder, (indices, size) in zip(self.unpools, self.decoders, reversed(kept)):
            x = decoder(unpool(x, indices, output_size=size))
        return self.softmax(self.classifier(x))


MODELS = {
    "segnet": (SegNet, (360, 480, 3)),
}
