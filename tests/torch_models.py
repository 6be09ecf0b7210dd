"""The bundled networks written by hand in plain ``torch.nn``, and a hook counter.

This module is the independent witness for ``specs/*.yaml``: it shares no code with cnncalc.
Each builder follows the paper (or torchvision's published architecture where the spec says
so) and returns a ``torch.nn.Module``; :func:`count` runs one forward pass at batch 1 on the
``meta`` device (shapes only, no arithmetic is performed) and tallies

- parameters: trainable ones, and the BatchNorm buffers ``running_mean``/``running_var``
  (``num_batches_tracked`` is bookkeeping, not a statistic, and is not counted);
- multiplications, with forward hooks: a convolution costs
  ``output elements × (C_in / groups) · k_h · k_w``, a transposed convolution
  ``input elements × (C_out / groups) · k_h · k_w``, a linear layer ``in · out`` per row;
  everything else costs 0.

It imports torch through ``pytest.importorskip`` so that ``--doctest-modules`` collection skips
it where torch is not installed: torch is a test-only witness, never a cnncalc dependency.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn


# ----------------------------------------------------------------------------- counting

@dataclass
class TorchLayer:
    """One conv, linear or pooling module, in execution order."""

    name: str            # qualified torch module name, e.g. "layer1.0.conv1"
    kind: str            # "conv", "fc" or "pool"
    output_shape: tuple  # (H, W, C) or (N,), batch dimension dropped
    params: int
    mults: int


@dataclass
class TorchCount:
    trainable: int
    non_trainable: int
    mults: int
    layers: list = field(default_factory=list)

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable


_CONV = (nn.Conv1d, nn.Conv2d, nn.Conv3d)
_CONV_T = (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)
_POOL = (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d,
         nn.MaxUnpool2d)


def _prod(values) -> int:
    result = 1
    for v in values:
        result *= int(v)
    return result


def _mults(module, inp, out) -> int:
    if isinstance(module, _CONV):
        return out.numel() * (module.in_channels // module.groups) * _prod(module.kernel_size)
    if isinstance(module, _CONV_T):
        return inp.numel() * (module.out_channels // module.groups) * _prod(module.kernel_size)
    if isinstance(module, nn.Linear):
        return out.numel() * module.in_features
    return 0


def _kind(module) -> str | None:
    if isinstance(module, _CONV + _CONV_T):
        return "conv"
    if isinstance(module, nn.Linear):
        return "fc"
    if isinstance(module, _POOL):
        return "pool"
    return None


def _hwc(shape) -> tuple:
    """(1, C, H, W) -> (H, W, C); (1, N) -> (N,)."""
    dims = tuple(int(d) for d in shape[1:])
    return dims[1:] + dims[:1] if len(dims) == 3 else dims


def count(model, input_hwc) -> TorchCount:
    """Parameters, BN statistics and multiply-accumulates of ``model`` for one H×W×C input.

    >>> net = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Flatten(), nn.Linear(8 * 2 * 2, 10))
    >>> c = count(net, (4, 4, 3))
    >>> c.trainable == (3 * 3 * 3 + 1) * 8 + (32 + 1) * 10, c.mults == 2 * 2 * 8 * 27 + 32 * 10
    (True, True)
    >>> [(layer.kind, layer.output_shape) for layer in c.layers]
    [('conv', (2, 2, 8)), ('fc', (10,))]
    """
    model = model.to("meta").eval()
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    non_trainable = sum(
        b.numel() for name, b in model.named_buffers()
        if name.rsplit(".", 1)[-1] in ("running_mean", "running_var")
    )
    result = TorchCount(trainable, non_trainable, 0)

    def hook(name):
        def record(module, inputs, out):
            out = out[0] if isinstance(out, tuple) else out   # a pool's (values, indices)
            mults = _mults(module, inputs[0], out)
            result.mults += mults
            kind = _kind(module)
            if kind is not None:
                params = sum(p.numel() for p in module.parameters(recurse=False))
                result.layers.append(TorchLayer(name, kind, _hwc(out.shape), params, mults))
        return record

    handles = [m.register_forward_hook(hook(name)) for name, m in model.named_modules()
               if _kind(m) is not None]
    h, w, c = input_hwc
    with torch.no_grad():
        model(torch.empty(1, c, h, w, device="meta"))
    for handle in handles:
        handle.remove()
    return result


# ----------------------------------------------------------------------------- helpers

def _seq(**modules):
    """A Sequential whose children carry readable names (keyword order is kept)."""
    return nn.Sequential(OrderedDict(modules))


class Concat(nn.Module):
    """Run branches on the same input and concatenate them on channels."""

    def __init__(self, *branches):
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        return torch.cat([b(x) for b in self.branches], dim=1)


# ----------------------------------------------------------------------------- LeNet-5

def lenet5():
    """LeCun et al. 1998, with C3 fully connected and plain (parameter-free) 2×2 average pools."""
    return _seq(
        c1=nn.Conv2d(1, 6, 5), tanh1=nn.Tanh(), s2=nn.AvgPool2d(2),
        c3=nn.Conv2d(6, 16, 5), tanh2=nn.Tanh(), s4=nn.AvgPool2d(2),
        c5=nn.Conv2d(16, 120, 5), tanh3=nn.Tanh(), flatten=nn.Flatten(),
        f6=nn.Linear(120, 84), tanh4=nn.Tanh(),
        output=nn.Linear(84, 10), softmax=nn.Softmax(dim=1),
    )


# ----------------------------------------------------------------------------- AlexNet, ZFNet

def _classifier(in_features, hidden=4096, classes=1000):
    """fc6 -> ReLU -> dropout -> fc7 -> ReLU -> dropout -> fc8 -> softmax (AlexNet, ZFNet, VGG)."""
    return _seq(
        flatten=nn.Flatten(),
        fc6=nn.Linear(in_features, hidden), relu6=nn.ReLU(), drop6=nn.Dropout(0.5),
        fc7=nn.Linear(hidden, hidden), relu7=nn.ReLU(), drop7=nn.Dropout(0.5),
        fc8=nn.Linear(hidden, classes), softmax=nn.Softmax(dim=1),
    )


def alexnet():
    """Krizhevsky et al. 2012 at 227×227: conv2, conv4, conv5 in two groups (two GPUs), LRN."""
    lrn = dict(size=5, alpha=1e-4, beta=0.75, k=2.0)
    return _seq(
        conv1=nn.Conv2d(3, 96, 11, stride=4), relu1=nn.ReLU(),
        norm1=nn.LocalResponseNorm(**lrn), pool1=nn.MaxPool2d(3, 2),
        conv2=nn.Conv2d(96, 256, 5, padding=2, groups=2), relu2=nn.ReLU(),
        norm2=nn.LocalResponseNorm(**lrn), pool2=nn.MaxPool2d(3, 2),
        conv3=nn.Conv2d(256, 384, 3, padding=1), relu3=nn.ReLU(),
        conv4=nn.Conv2d(384, 384, 3, padding=1, groups=2), relu4=nn.ReLU(),
        conv5=nn.Conv2d(384, 256, 3, padding=1, groups=2), relu5=nn.ReLU(),
        pool5=nn.MaxPool2d(3, 2),
        classifier=_classifier(256 * 6 * 6),
    )


def zfnet():
    """Zeiler & Fergus 2014, Fig. 3: 224 -> 110 -> 55 -> 26 -> 13 -> 6, pools then contrast norm."""
    lrn = dict(size=5, alpha=1e-4, beta=0.75, k=2.0)
    return _seq(
        conv1=nn.Conv2d(3, 96, 7, stride=2, padding=1), relu1=nn.ReLU(),
        pool1=nn.MaxPool2d(3, 2, ceil_mode=True), norm1=nn.LocalResponseNorm(**lrn),
        conv2=nn.Conv2d(96, 256, 5, stride=2), relu2=nn.ReLU(),
        pool2=nn.MaxPool2d(3, 2, ceil_mode=True), norm2=nn.LocalResponseNorm(**lrn),
        conv3=nn.Conv2d(256, 384, 3, padding=1), relu3=nn.ReLU(),
        conv4=nn.Conv2d(384, 384, 3, padding=1), relu4=nn.ReLU(),
        conv5=nn.Conv2d(384, 256, 3, padding=1), relu5=nn.ReLU(),
        pool5=nn.MaxPool2d(3, 2, ceil_mode=True),
        classifier=_classifier(256 * 6 * 6),
    )


# ----------------------------------------------------------------------------- VGG

def _vgg(convs_per_stage):
    """Simonyan & Zisserman 2015: 3×3/1 pad-1 convs + ReLU, a 2×2/2 max pool after each stage.

    torchvision's AdaptiveAvgPool2d(7) before the classifier is the identity at 224 and is omitted.
    """
    layers, cin = [], 3
    for stage, (n, width) in enumerate(zip(convs_per_stage, (64, 128, 256, 512, 512)), 1):
        for i in range(1, n + 1):
            layers += [(f"conv{stage}_{i}", nn.Conv2d(cin, width, 3, padding=1)),
                       (f"relu{stage}_{i}", nn.ReLU())]
            cin = width
        layers.append((f"pool{stage}", nn.MaxPool2d(2)))
    layers.append(("classifier", _classifier(512 * 7 * 7)))
    return nn.Sequential(OrderedDict(layers))


def vgg11():
    return _vgg((1, 1, 2, 2, 2))  # configuration A


def vgg16():
    return _vgg((2, 2, 3, 3, 3))  # configuration D


def vgg19():
    return _vgg((2, 2, 4, 4, 4))  # configuration E


# ----------------------------------------------------------------------------- GoogLeNet

def _conv_relu(cin, cout, kernel, **kw):
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, **kw), nn.ReLU())


class Inception(Concat):
    """Szegedy et al. 2015, Fig. 2(b): 1×1 | 1×1->3×3 | 1×1->5×5 | 3×3/1 max pool->1×1."""

    def __init__(self, cin, c1, c3r, c3, c5r, c5, pp):
        super().__init__(
            _conv_relu(cin, c1, 1),
            nn.Sequential(_conv_relu(cin, c3r, 1), _conv_relu(c3r, c3, 3, padding=1)),
            nn.Sequential(_conv_relu(cin, c5r, 1), _conv_relu(c5r, c5, 5, padding=2)),
            nn.Sequential(nn.MaxPool2d(3, 1, padding=1, ceil_mode=True), _conv_relu(cin, pp, 1)),
        )


def googlenet():
    """GoogLeNet as in the paper's Table 1 and the BVLC Caffe model (max pools in ceil mode,
    LRN after pool1 and conv2), without the two auxiliary classifiers."""
    lrn = dict(size=5, alpha=1e-4, beta=0.75, k=1.0)
    pool = dict(kernel_size=3, stride=2, ceil_mode=True)
    return _seq(
        conv1=_conv_relu(3, 64, 7, stride=2, padding=3), pool1=nn.MaxPool2d(**pool),
        norm1=nn.LocalResponseNorm(**lrn),
        conv2_reduce=_conv_relu(64, 64, 1), conv2=_conv_relu(64, 192, 3, padding=1),
        norm2=nn.LocalResponseNorm(**lrn), pool2=nn.MaxPool2d(**pool),
        inception3a=Inception(192, 64, 96, 128, 16, 32, 32),
        inception3b=Inception(256, 128, 128, 192, 32, 96, 64),
        pool3=nn.MaxPool2d(**pool),
        inception4a=Inception(480, 192, 96, 208, 16, 48, 64),
        inception4b=Inception(512, 160, 112, 224, 24, 64, 64),
        inception4c=Inception(512, 128, 128, 256, 24, 64, 64),
        inception4d=Inception(512, 112, 144, 288, 32, 64, 64),
        inception4e=Inception(528, 256, 160, 320, 32, 128, 128),
        pool4=nn.MaxPool2d(**pool),
        inception5a=Inception(832, 256, 160, 320, 32, 128, 128),
        inception5b=Inception(832, 384, 192, 384, 48, 128, 128),
        pool5=nn.AvgPool2d(7, stride=1), dropout=nn.Dropout(0.4), flatten=nn.Flatten(),
        fc=nn.Linear(1024, 1000), softmax=nn.Softmax(dim=1),
    )


# ----------------------------------------------------------------------------- ResNet

class BasicBlock(nn.Module):
    """He et al. 2016 / torchvision: 3×3 (stride) -> BN -> ReLU -> 3×3 -> BN, + shortcut, ReLU."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                            nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        shortcut = x if self.downsample is None else self.downsample(x)
        return self.relu(out + shortcut)


class Bottleneck(nn.Module):
    """torchvision's bottleneck (v1.5): 1×1 (width) -> 3×3 (width, stride, groups) -> 1×1
    (cout), BN after each, + shortcut (1×1 conv + BN where the shape changes), ReLU.

    ResNet: width = planes, cout = 4·planes; ResNeXt 32×4d: width = 2·planes in 32 groups;
    Wide ResNet-50-2: width = 2·planes, one group.
    """

    def __init__(self, cin, width, cout, stride=1, groups=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, groups=groups, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                            nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        shortcut = x if self.downsample is None else self.downsample(x)
        return self.relu(out + shortcut)


def _resnet(block, blocks_per_stage, width_factor=1, groups=1):
    """Stem, four stages (planes 64, 128, 256, 512; the first unit of stages 2–4 has stride 2),
    global average pool, fc. Bottlenecks have inner width planes · width_factor and 4·planes
    outputs; basic blocks planes."""
    stages, cin = {}, 64
    for i, (n, planes) in enumerate(zip(blocks_per_stage, (64, 128, 256, 512)), 1):
        units = []
        for j in range(n):
            stride = 2 if i > 1 and j == 0 else 1
            if block is Bottleneck:
                units.append(Bottleneck(cin, planes * width_factor, 4 * planes, stride, groups))
                cin = 4 * planes
            else:
                units.append(block(cin, planes, stride))
                cin = planes
        stages[f"layer{i}"] = nn.Sequential(*units)
    return _seq(
        conv1=nn.Conv2d(3, 64, 7, 2, 3, bias=False), bn1=nn.BatchNorm2d(64), relu=nn.ReLU(),
        maxpool=nn.MaxPool2d(3, 2, 1),
        **stages,
        avgpool=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(),
        fc=nn.Linear(cin, 1000), softmax=nn.Softmax(dim=1),
    )


def resnet18():
    return _resnet(BasicBlock, (2, 2, 2, 2))


def resnet34():
    return _resnet(BasicBlock, (3, 4, 6, 3))


def resnet50():
    return _resnet(Bottleneck, (3, 4, 6, 3))


def resnet101():
    return _resnet(Bottleneck, (3, 4, 23, 3))


def resnet152():
    return _resnet(Bottleneck, (3, 8, 36, 3))


def resnext50_32x4d():
    """Xie et al. 2017: 32 groups of 4 channels at planes 64, i.e. width 2·planes."""
    return _resnet(Bottleneck, (3, 4, 6, 3), width_factor=2, groups=32)


def wide_resnet50_2():
    """Zagoruyko & Komodakis 2016, torchvision's ImageNet variant: inner width 2·planes."""
    return _resnet(Bottleneck, (3, 4, 6, 3), width_factor=2)


# ----------------------------------------------------------------------------- MobileNet

def _conv_bn(cin, cout, kernel, stride=1, groups=1, act=nn.ReLU):
    layers = [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False),
              nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, act()) if act else nn.Sequential(*layers)


def mobilenet_v1():
    """Howard et al. 2017, Table 1, width 1.0 at 224: every conv is followed by BN and ReLU."""
    # (output channels, stride of the depthwise conv) for the 13 depthwise-separable blocks
    cfg = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 \
        + [(1024, 2), (1024, 1)]
    blocks, cin = [], 32
    for cout, stride in cfg:
        blocks.append(nn.Sequential(_conv_bn(cin, cin, 3, stride, groups=cin),
                                    _conv_bn(cin, cout, 1)))
        cin = cout
    return _seq(
        conv1=_conv_bn(3, 32, 3, 2), blocks=nn.Sequential(*blocks),
        avgpool=nn.AvgPool2d(7, stride=1), flatten=nn.Flatten(),
        fc=nn.Linear(1024, 1000), softmax=nn.Softmax(dim=1),
    )


class InvertedResidual(nn.Module):
    """Sandler et al. 2018 / torchvision: [1×1 expand] -> 3×3 depthwise -> 1×1 linear project."""

    def __init__(self, cin, cout, stride, t):
        super().__init__()
        hidden = cin * t
        layers = [_conv_bn(cin, hidden, 1, act=nn.ReLU6)] if t != 1 else []
        layers += [_conv_bn(hidden, hidden, 3, stride, groups=hidden, act=nn.ReLU6),
                   _conv_bn(hidden, cout, 1, act=None)]
        self.conv = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.conv(x) if self.residual else self.conv(x)


def mobilenet_v2():
    """torchvision mobilenet_v2 (width 1.0): Table 2's rows of (t, c, n, s)."""
    rows = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
            (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
    blocks, cin = [], 32
    for t, c, n, s in rows:
        for i in range(n):
            blocks.append(InvertedResidual(cin, c, s if i == 0 else 1, t))
            cin = c
    return _seq(
        conv1=_conv_bn(3, 32, 3, 2, act=nn.ReLU6), blocks=nn.Sequential(*blocks),
        conv_last=_conv_bn(320, 1280, 1, act=nn.ReLU6),
        avgpool=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(), dropout=nn.Dropout(0.2),
        fc=nn.Linear(1280, 1000), softmax=nn.Softmax(dim=1),
    )


# ----------------------------------------------------------------------------- SqueezeNet

class Fire(nn.Module):
    """Iandola et al. 2016: squeeze 1×1 -> ReLU -> [expand 1×1 | expand 3×3] -> ReLU, concat."""

    def __init__(self, cin, s1, e1, e3):
        super().__init__()
        self.squeeze = _conv_relu(cin, s1, 1)
        self.expand = Concat(_conv_relu(s1, e1, 1), _conv_relu(s1, e3, 3, padding=1))

    def forward(self, x):
        return self.expand(self.squeeze(x))


def squeezenet1_0():
    """torchvision squeezenet1_0 (the paper's v1.0 without bypasses) at 224×224."""
    pool = dict(kernel_size=3, stride=2, ceil_mode=True)
    return _seq(
        conv1=_conv_relu(3, 96, 7, stride=2), pool1=nn.MaxPool2d(**pool),
        fire2=Fire(96, 16, 64, 64), fire3=Fire(128, 16, 64, 64), fire4=Fire(128, 32, 128, 128),
        pool4=nn.MaxPool2d(**pool),
        fire5=Fire(256, 32, 128, 128), fire6=Fire(256, 48, 192, 192),
        fire7=Fire(384, 48, 192, 192), fire8=Fire(384, 64, 256, 256),
        pool8=nn.MaxPool2d(**pool),
        fire9=Fire(512, 64, 256, 256), dropout=nn.Dropout(0.5),
        conv10=_conv_relu(512, 1000, 1), pool10=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(),
        softmax=nn.Softmax(dim=1),
    )


# ----------------------------------------------------------------------------- DCGAN

def dcgan_generator(nz=100, ngf=64):
    """The PyTorch DCGAN tutorial's generator (Radford et al. 2016, Fig. 1): transposed convs
    without bias, BN + ReLU after each but the last, tanh at the end; 1×1×nz -> 64×64×3."""
    def up(cin, cout, stride, padding):
        return [nn.ConvTranspose2d(cin, cout, 4, stride, padding, bias=False),
                nn.BatchNorm2d(cout), nn.ReLU()]
    return nn.Sequential(
        *up(nz, ngf * 8, 1, 0), *up(ngf * 8, ngf * 4, 2, 1), *up(ngf * 4, ngf * 2, 2, 1),
        *up(ngf * 2, ngf, 2, 1),
        nn.ConvTranspose2d(ngf, 3, 4, 2, 1, bias=False), nn.Tanh(),
    )


# ----------------------------------------------------------------------------- registry

# spec file stem -> (builder, input H×W×C)
MODELS = {
    "lenet5": (lenet5, (32, 32, 1)),
    "alexnet": (alexnet, (227, 227, 3)),
    "zfnet": (zfnet, (224, 224, 3)),
    "vgg11": (vgg11, (224, 224, 3)),
    "vgg16": (vgg16, (224, 224, 3)),
    "vgg19": (vgg19, (224, 224, 3)),
    "googlenet": (googlenet, (224, 224, 3)),
    "resnet18": (resnet18, (224, 224, 3)),
    "resnet34": (resnet34, (224, 224, 3)),
    "resnet50": (resnet50, (224, 224, 3)),
    "resnet101": (resnet101, (224, 224, 3)),
    "resnet152": (resnet152, (224, 224, 3)),
    "resnext50_32x4d": (resnext50_32x4d, (224, 224, 3)),
    "wide_resnet50_2": (wide_resnet50_2, (224, 224, 3)),
    "mobilenet_v1": (mobilenet_v1, (224, 224, 3)),
    "mobilenet_v2": (mobilenet_v2, (224, 224, 3)),
    "squeezenet1_0": (squeezenet1_0, (224, 224, 3)),
    "dcgan_generator": (dcgan_generator, (1, 1, 100)),
}


def count_model(name: str) -> TorchCount:
    """Build the named network on the meta device (no weights allocated) and count it."""
    builder, input_hwc = MODELS[name]
    with torch.device("meta"):
        model = builder()
    return count(model, input_hwc)


# Twins of later bundled specs live in files of their own, one import line each.
from torch_models_classic import MODELS as CLASSIC; MODELS.update(CLASSIC)  # noqa: E402
from torch_models_mobile import MODELS as MOBILE; MODELS.update(MOBILE)  # noqa: E402
from torch_models_new_kinds import MODELS as NEW_KINDS; MODELS.update(NEW_KINDS)  # noqa: E402
from torch_models_kinds_a import MODELS as KINDS_A; MODELS.update(KINDS_A)  # noqa: E402
from torch_models_functional import MODELS as FUNCTIONAL; MODELS.update(FUNCTIONAL)  # noqa: E402
from torch_models_units import MODELS as UNITS; MODELS.update(UNITS)  # noqa: E402
from torch_models_unpool import MODELS as UNPOOL; MODELS.update(UNPOOL)  # noqa: E402
from torch_models_cifar import MODELS as CIFAR; MODELS.update(CIFAR)  # noqa: E402
MODELS["resnet50_160"] = (MODELS["resnet50"][0], (160, 160, 3))   # extends: resnet50, at 160 px

if __name__ == "__main__":
    print(f"{'network':14} {'params':>13} {'trainable':>13} {'BN stats':>9} {'mults':>15}")
    for name in MODELS:
        c = count_model(name)
        print(f"{name:14} {c.params:13,} {c.trainable:13,} {c.non_trainable:9,} {c.mults:15,}")

