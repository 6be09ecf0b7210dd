"""The classic torchvision CNNs written by hand in plain ``torch.nn``: the twins of the bundled
``vgg16_bn``, ``alexnet_torchvision``, ``squeezenet1_1`` and ``densenet121`` specs.

Each builder follows torchvision's published architecture (read from its documentation and the
papers, not imported: torchvision is not used) and is counted by ``tests/torch_models.py``, which
adds :data:`MODELS` to its registry. Like that module it shares no code with cnncalc and skips
where torch is not installed.
"""

from __future__ import annotations

from collections import OrderedDict

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn


def _seq(**modules):
    """A Sequential whose children carry readable names (keyword order is kept)."""
    return nn.Sequential(OrderedDict(modules))


# ----------------------------------------------------------------------------- VGG, AlexNet

def vgg16_bn():
    """Configuration D with BatchNorm after each (biased) conv; the adaptive 7×7 average pool is
    the identity at 224 and is omitted, as in tests/torch_models.py's vgg16."""
    layers, cin = [], 3
    for stage, (n, width) in enumerate(zip((2, 2, 3, 3, 3), (64, 128, 256, 512, 512)), 1):
        for i in range(1, n + 1):
            layers += [(f"conv{stage}_{i}", nn.Conv2d(cin, width, 3, padding=1)),
                       (f"bn{stage}_{i}", nn.BatchNorm2d(width)),
                       (f"relu{stage}_{i}", nn.ReLU())]
            cin = width
        layers.append((f"pool{stage}", nn.MaxPool2d(2)))
    layers.append(("classifier", _seq(
        flatten=nn.Flatten(),
        fc6=nn.Linear(512 * 7 * 7, 4096), relu6=nn.ReLU(), drop6=nn.Dropout(0.5),
        fc7=nn.Linear(4096, 4096), relu7=nn.ReLU(), drop7=nn.Dropout(0.5),
        fc8=nn.Linear(4096, 1000), softmax=nn.Softmax(dim=1),
    )))
    return nn.Sequential(OrderedDict(layers))


def alexnet_torchvision():
    """torchvision's single-tower AlexNet: 64/192/384/256/256 filters, no LRN, 6×6 average pool,
    dropout before fc6 and fc7."""
    return _seq(
        conv1=nn.Conv2d(3, 64, 11, stride=4, padding=2), relu1=nn.ReLU(),
        pool1=nn.MaxPool2d(3, 2),
        conv2=nn.Conv2d(64, 192, 5, padding=2), relu2=nn.ReLU(), pool2=nn.MaxPool2d(3, 2),
        conv3=nn.Conv2d(192, 384, 3, padding=1), relu3=nn.ReLU(),
        conv4=nn.Conv2d(384, 256, 3, padding=1), relu4=nn.ReLU(),
        conv5=nn.Conv2d(256, 256, 3, padding=1), relu5=nn.ReLU(), pool5=nn.MaxPool2d(3, 2),
        avgpool=nn.AdaptiveAvgPool2d(6), flatten=nn.Flatten(),
        drop6=nn.Dropout(0.5), fc6=nn.Linear(256 * 6 * 6, 4096), relu6=nn.ReLU(),
        drop7=nn.Dropout(0.5), fc7=nn.Linear(4096, 4096), relu7=nn.ReLU(),
        fc8=nn.Linear(4096, 1000), softmax=nn.Softmax(dim=1),
    )


# ----------------------------------------------------------------------------- SqueezeNet 1.1

class Fire(nn.Module):
    """Iandola et al. 2016: squeeze 1×1 -> ReLU -> [expand 1×1 -> ReLU | expand 3×3 -> ReLU]."""

    def __init__(self, cin, s1, e1, e3):
        super().__init__()
        self.squeeze = nn.Conv2d(cin, s1, 1)
        self.expand1x1 = nn.Conv2d(s1, e1, 1)
        self.expand3x3 = nn.Conv2d(s1, e3, 3, padding=1)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.relu(self.squeeze(x))
        return torch.cat([self.relu(self.expand1x1(x)), self.relu(self.expand3x3(x))], dim=1)


def squeezenet1_1():
    """torchvision squeezenet1_1 at 224×224: 64 3×3/2 filters in conv1, pools after conv1, fire3
    and fire5 (3×3/2, ceil mode)."""
    pool = dict(kernel_size=3, stride=2, ceil_mode=True)
    return _seq(
        conv1=nn.Conv2d(3, 64, 3, stride=2), relu1=nn.ReLU(), pool1=nn.MaxPool2d(**pool),
        fire2=Fire(64, 16, 64, 64), fire3=Fire(128, 16, 64, 64), pool3=nn.MaxPool2d(**pool),
        fire4=Fire(128, 32, 128, 128), fire5=Fire(256, 32, 128, 128),
        pool5=nn.MaxPool2d(**pool),
        fire6=Fire(256, 48, 192, 192), fire7=Fire(384, 48, 192, 192),
        fire8=Fire(384, 64, 256, 256), fire9=Fire(512, 64, 256, 256),
        dropout=nn.Dropout(0.5), conv10=nn.Conv2d(512, 1000, 1), relu10=nn.ReLU(),
        pool10=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(), softmax=nn.Softmax(dim=1),
    )


# ----------------------------------------------------------------------------- DenseNet-121

class DenseLayer(nn.Module):
    """Huang et al. 2017, DenseNet-BC: BN -> ReLU -> 1×1 (bn_size·k) -> BN -> ReLU -> 3×3 (k);
    the k new maps are concatenated after the input's."""

    def __init__(self, cin, growth=32, bn_size=4):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, bn_size * growth, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth)
        self.conv2 = nn.Conv2d(bn_size * growth, growth, 3, padding=1, bias=False)
        self.relu = nn.ReLU()

    def forward(self, x):
        out = self.conv1(self.relu(self.norm1(x)))
        out = self.conv2(self.relu(self.norm2(out)))
        return torch.cat([x, out], dim=1)


def _transition(cin, cout):
    return _seq(norm=nn.BatchNorm2d(cin), relu=nn.ReLU(), conv=nn.Conv2d(cin, cout, 1, bias=False),
                pool=nn.AvgPool2d(2, stride=2))


def densenet121(growth=32, blocks=(6, 12, 24, 16)):
    """torchvision densenet121: stem, four dense blocks with three halving transitions, norm5."""
    features = [("conv0", nn.Conv2d(3, 64, 7, 2, 3, bias=False)), ("norm0", nn.BatchNorm2d(64)),
                ("relu0", nn.ReLU()), ("pool0", nn.MaxPool2d(3, 2, 1))]
    channels = 64
    for i, n in enumerate(blocks, 1):
        layers = []
        for _ in range(n):
            layers.append(DenseLayer(channels, growth))
            channels += growth
        features.append((f"denseblock{i}", nn.Sequential(*layers)))
        if i < len(blocks):
            features.append((f"transition{i}", _transition(channels, channels // 2)))
            channels //= 2
    features += [("norm5", nn.BatchNorm2d(channels)), ("relu5", nn.ReLU())]
    return _seq(
        features=nn.Sequential(OrderedDict(features)),
        avgpool=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(),
        classifier=nn.Linear(channels, 1000), softmax=nn.Softmax(dim=1),
    )


# ----------------------------------------------------------------------------- registry

# spec file stem -> (builder, input H×W×C); tests/torch_models.py adds these to its MODELS
MODELS = {
    "vgg16_bn": (vgg16_bn, (224, 224, 3)),
    "alexnet_torchvision": (alexnet_torchvision, (224, 224, 3)),
    "squeezenet1_1": (squeezenet1_1, (224, 224, 3)),
    "densenet121": (densenet121, (224, 224, 3)),
}
