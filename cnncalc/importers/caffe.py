"""Caffe's NetParameter in text format (a deploy or train_val .prototxt) → a spec document.

Both syntaxes are read: ``layer { type: "Convolution" … }`` and the old V1
``layers { type: CONVOLUTION … }``. Caffe's graph is made of named blobs: each layer reads its
``bottom`` blobs and writes its ``top`` blobs; a layer whose top is its bottom works in place
(ReLU, Dropout, BatchNorm) and the blob then means its output. Here every blob is traced to the
spec layer that last wrote it, so ``from:`` appears only where a layer reads something other
than the layer before it. Split layers are plumbing (their tops are their bottom); a Scale
right after a BatchNorm is folded into it (``bn``: Caffe's BatchNorm has no γ, β, its Scale
holds them). Layers included only in the TRAIN phase are left out, so a train_val file reads
as its TEST net.

Caffe blobs are N×C×H×W; the spec's input is H×W×C. Pooling sizes round up in Caffe
(⌈(H + 2P − K)/S⌉ + 1), so every pool is written with ``ceil_mode: true`` (unless
``round_mode: FLOOR``); Caffe's pooling stride defaults to 1.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Location, SpecError
from ..render.escape import one_line
from .prototxt import Field, Message, Word, parse_prototxt

V1_TYPES = {
    "CONVOLUTION": "Convolution", "POOLING": "Pooling", "INNER_PRODUCT": "InnerProduct",
    "RELU": "ReLU", "SIGMOID": "Sigmoid", "TANH": "TanH", "LRN": "LRN", "DROPOUT": "Dropout",
    "CONCAT": "Concat", "ELTWISE": "Eltwise", "SOFTMAX": "Softmax", "FLATTEN": "Flatten",
    "SPLIT": "Split", "DATA": "Data", "IMAGE_DATA": "ImageData", "MEMORY_DATA": "MemoryData",
    "HDF5_DATA": "HDF5Data", "SOFTMAX_LOSS": "SoftmaxWithLoss", "ACCURACY": "Accuracy",
}
"""V1LayerParameter's enum words → the layer type names of today's Caffe."""
DATA_TYPES = {"Data", "ImageData", "MemoryData", "HDF5Data", "WindowData", "DummyData"}
SUPPORTED = ("Input, Data, Convolution, Pooling, InnerProduct, ReLU, Sigmoid, TanH, LRN, "
             "Dropout, BatchNorm, Scale, Concat, Eltwise, Softmax, Flatten, Split")
NETWORK_INPUT = "input"
_NAME_CHARACTER = re.compile(r"[^A-Za-z0-9_]")


def read_caffe(text: str, filename: str, input_shape: tuple[int, ...] | None = None) -> dict:
    """The spec document of the Caffe prototxt `text`; `input_shape` (H, W, C) replaces or
    supplies the input. Every problem is a `SpecError` at its file:line:column."""
    net = parse_prototxt(text, filename)
    return _Importer(net, filename, input_shape).document()


def _word(value: Any) -> str:
    return str(value) if isinstance(value, (str, Word)) else repr(value)


class _Importer:
    def __init__(self, net: Message, filename: str, input_shape: tuple[int, ...] | None):
        self.net, self.filename, self.input_shape = net, filename, input_shape
        self.layers: list[dict] = []
        self.blobs: dict[str, str] = {}        # blob → the spec layer (or "input") that wrote it
        self.readers: dict[str, int] = {}      # spec layer → how many layers read it
        self.kinds: dict[str, dict] = {}       # spec layer → its settings (for folding Scale)
        self.names: set[str] = {NETWORK_INPUT}

    # --- the document -------------------------------------------------------------------
    def document(self) -> dict:
        shape = self.declared_input()
        for blob in self.net.all("input"):
            self.blobs[_word(blob.value)] = NETWORK_INPUT
        fields = self.net.all("layer") + self.net.all("layers")
        for field in fields:
            if not isinstance(field.value, Message):
                raise SpecError(f"{field.key} is a value, not a message; write {field.key} "
                                "{ name: … type: … }", field.at)
            shape = self.layer(field, shape) or shape
        if self.input_shape is not None:
            shape = self.input_shape
        if shape is None:
            raise SpecError("the model does not say its input shape (no input_dim, "
                            "input_shape or Input layer); give it with --input HxWxC",
                            Location(self.filename, 1, 1))
        if not self.layers:
            raise SpecError("the model has no layers to calculate; a Caffe net lists them as "
                            "layer { … }", Location(self.filename, 1, 1))
        name = self.net.value("name")
        return {"name": str(name) if name is not None else self.filename,
                "source": f"imported from the Caffe model {self.filename}",
                "input": "x".join(map(str, shape)), "layers": self.layers}

    def declared_input(self) -> tuple[int, ...] | None:
        dims = [field for field in self.net.all("input_dim")]
        shapes = self.net.all("input_shape")
        if shapes:
            dims = [dim for dim in shapes[0].value.all("dim")] if isinstance(
                shapes[0].value, Message) else []
        if not dims:
            return None
        return self.nchw([dim.value for dim in dims], dims[0].at)

    def nchw(self, sizes: list, at: Location) -> tuple[int, ...]:
        if len(sizes) not in (2, 4) or not all(isinstance(size, int) and size > 0
                                                for size in sizes):
            raise SpecError(f"input dimensions {one_line(str(sizes))[:60]}; Caffe's input is "
                            "4 positive whole numbers N, C, H, W (or N, C for a vector)", at)
        return (sizes[1],) if len(sizes) == 2 else (sizes[2], sizes[3], sizes[1])

    # --- one layer ----------------------------------------------------------------------
    def layer(self, field: Field, shape):
        layer: Message = field.value
        name = _word(layer.value("name", f"layer{len(self.layers) + 1}"))
        raw_type = layer.value("type")
        kind = V1_TYPES.get(str(raw_type), str(raw_type)) if raw_type is not None else None
        where = f"layer '{one_line(name)}'"
        if kind is None:
            raise SpecError(f"{where} has no type; write type: \"Convolution\" (or another "
                            "Caffe layer type)", layer.at)
        if self.train_only(layer):
            return None
        bottoms = [_word(f.value) for f in layer.all("bottom")]
        tops = [_word(f.value) for f in layer.all("top")]
        if kind == "Input" or kind in DATA_TYPES:
            for top in tops[:1]:
                self.blobs[top] = NETWORK_INPUT
            return self.data_shape(layer, kind, where)
        inputs = []
        for bottom, bottom_field in zip(bottoms, layer.all("bottom")):
            if bottom not in self.blobs:
                raise SpecError(f"{where} reads the blob '{one_line(bottom)}', which no layer "
                                "before it writes; name a top of an earlier layer or the "
                                "net's input", bottom_field.at)
            inputs.append(self.blobs[bottom])
        if not inputs:
            raise SpecError(f"{where} ({one_line(kind)}) has no bottom; write bottom: \"…\" "
                            "naming the blob it reads", layer.at)
        if kind == "Split":
            for top in tops:
                self.blobs[top] = inputs[0]
            return None
        if kind == "Scale" and self.folds_into_bn(inputs, layer):
            for top in tops:
                self.blobs[top] = inputs[0]
            return None
        spec_kind, settings = self.translate(kind, layer, where, len(inputs))
        spec_name = self.spec_name(name)
        previous = self.layers[-1] if self.layers else None
        previous_name = (next(iter(previous.values()))["name"] if previous else NETWORK_INPUT)
        body = {"name": spec_name}
        if inputs != [previous_name]:
            body["from"] = inputs[0] if len(inputs) == 1 else inputs
        body.update(settings)
        self.layers.append({spec_kind: body})
        self.kinds[spec_name] = body
        for read in inputs:
            self.readers[read] = self.readers.get(read, 0) + 1
        if len(tops) != 1:
            raise SpecError(f"{where} ({one_line(kind)}) has {len(tops)} tops; this importer "
                            "reads layers with one top (Split for copies)", layer.at)
        self.blobs[tops[0]] = spec_name
        return None

    def train_only(self, layer: Message) -> bool:
        phases = [include.value.value("phase") for include in layer.all("include")
                  if isinstance(include.value, Message)]
        return bool(phases) and all(str(phase) == "TRAIN" for phase in phases)

    def data_shape(self, layer: Message, kind: str, where: str):
        if kind == "Input":
            param = layer.value("input_param")
            shape = param.value("shape") if isinstance(param, Message) else None
            if isinstance(shape, Message):
                dims = shape.all("dim")
                return self.nchw([dim.value for dim in dims], dims[0].at if dims else shape.at)
        if self.input_shape is None:
            raise SpecError(f"{where} ({one_line(kind)}) does not give its shape; give the "
                            "input with --input HxWxC", layer.at)
        return None

    def spec_name(self, name: str) -> str:
        """A Caffe name as a spec name: characters the spec gives a meaning (``/`` of
        ``instance/name``, ``.``) become ``_``; a clash takes ``_2``, ``_3``…"""
        base = _NAME_CHARACTER.sub("_", name)[:200] or "layer"
        if base[0].isdigit():
            base = "_" + base
        chosen, number = base, 1
        while chosen in self.names:
            number += 1
            chosen = f"{base}_{number}"
        self.names.add(chosen)
        return chosen

    def folds_into_bn(self, inputs: list[str], layer: Message) -> bool:
        body = self.kinds.get(inputs[0])
        if not (self.layers and "bn" in self.layers[-1] and self.layers[-1]["bn"] is body
                and body.get("affine") is False and self.readers.get(inputs[0], 0) == 0):
            return False
        param = layer.value("scale_param")
        bias = _flag(param.value("bias_term") if isinstance(param, Message) else None, False)
        del body["affine"]
        if not bias:
            body["center"] = False
        return True

    # --- the kinds ----------------------------------------------------------------------
    def translate(self, kind: str, layer: Message, where: str, count: int) -> tuple[str, dict]:
        def param(name: str) -> Message:
            value = layer.value(name)
            return value if isinstance(value, Message) else Message(layer.at)

        if kind == "Convolution":
            p = param("convolution_param")
            settings = {"filters": _required(p, "num_output", where),
                        "kernel": _pair(p, "kernel_size", "kernel_h", "kernel_w", None, where)}
            for key, spec_key, default in (("stride", "stride", 1), ("pad", "padding", 0)):
                value = _pair(p, key, key + "_h", key + "_w", default, where)
                if value != default:
                    settings[spec_key] = value
            dilation = _pair(p, "dilation", None, None, 1, where)
            if dilation != 1:
                settings["dilation"] = dilation
            group = _number(p, "group", 1, where, whole=True)
            if group != 1:
                settings["groups"] = group
            if not _flag(p.value("bias_term"), True):
                settings["bias"] = False
            return "conv", settings
        if kind == "Pooling":
            p = param("pooling_param")
            method = str(p.value("pool", "MAX"))
            if method not in ("MAX", "AVE", "0", "1"):
                raise SpecError(f"{where}: pool {one_line(method)} is not counted here; "
                                "write pool: MAX or pool: AVE", layer.at)
            average = method in ("AVE", "1")
            if _flag(p.value("global_pooling"), False):
                if not average:
                    raise SpecError(f"{where}: global MAX pooling has no spec kind; the spec "
                                    "has global_avgpool (pool: AVE)", layer.at)
                return "global_avgpool", {}
            settings = {"kernel": _pair(p, "kernel_size", "kernel_h", "kernel_w", None, where),
                        "stride": _pair(p, "stride", "stride_h", "stride_w", 1, where)}
            pad = _pair(p, "pad", "pad_h", "pad_w", 0, where)
            if pad != 0:
                settings["padding"] = pad
            if str(p.value("round_mode", "CEIL")) != "FLOOR":
                settings["ceil_mode"] = True
            return ("avgpool" if average else "maxpool"), settings
        if kind == "InnerProduct":
            p = param("inner_product_param")
            settings = {"units": _required(p, "num_output", where)}
            if not _flag(p.value("bias_term"), True):
                settings["bias"] = False
            return "fc", settings
        if kind == "ReLU":
            slope = _number(param("relu_param"), "negative_slope", 0, where)
            return ("leaky_relu", {"slope": slope}) if slope else ("relu", {})
        if kind in ("Sigmoid", "TanH", "Softmax", "Flatten"):
            return {"TanH": "tanh"}.get(kind, kind.lower()), {}
        if kind == "LRN":
            p = param("lrn_param")
            if str(p.value("norm_region", "ACROSS_CHANNELS")) != "ACROSS_CHANNELS":
                raise SpecError(f"{where}: LRN within a channel is not counted here; the spec's "
                                "lrn is norm_region: ACROSS_CHANNELS", layer.at)
            return "lrn", {"size": _number(p, "local_size", 5, where, whole=True),
                           "alpha": _number(p, "alpha", 1.0, where),
                           "beta": _number(p, "beta", 0.75, where),
                           "k": _number(p, "k", 1.0, where)}
        if kind == "Dropout":
            return "dropout", {"rate": _number(param("dropout_param"), "dropout_ratio", 0.5,
                                               where)}
        if kind == "BatchNorm":
            return "bn", {"affine": False}
        if kind == "Scale":
            p = param("scale_param")
            if _flag(p.value("bias_term"), False) or count != 1:
                raise SpecError(f"{where}: a Scale with a bias (or a second bottom) is only "
                                "read right after a BatchNorm, where it becomes the bn's γ and "
                                "β", layer.at)
            return "scale", {}
        if kind == "Concat":
            p = param("concat_param")
            if p.value("axis", p.value("concat_dim", 1)) != 1:
                raise SpecError(f"{where}: Concat along an axis other than the channels (1) is "
                                "not counted here", layer.at)
            return "concat", {}
        if kind == "Eltwise":
            p = param("eltwise_param")
            operation = str(p.value("operation", "SUM"))
            if operation in ("SUM", "1"):
                coefficients = [f.value for f in p.all("coeff")]
                return "add", ({"weights": coefficients} if coefficients
                               and any(c != 1 for c in coefficients) else {})
            if operation in ("PROD", "0"):
                return "multiply", {}
            raise SpecError(f"{where}: Eltwise {one_line(operation)} has no spec kind; SUM "
                            "becomes add, PROD multiply", layer.at)
        raise SpecError(f"{where} has type '{one_line(kind)}', which this importer does not "
                        f"read; it reads {SUPPORTED}", layer.at)


def _flag(value: Any, default: bool) -> bool:
    return default if value is None else str(value).lower() in ("true", "1")


def _number(p: Message, key: str, default: Any, where: str, whole: bool = False) -> Any:
    """The number `key` of `p` (its last value, as protobuf reads a repeated scalar)."""
    fields = p.all(key)
    if not fields:
        return default
    value = fields[-1].value
    wanted = (int,) if whole else (int, float)
    if not isinstance(value, wanted) or isinstance(value, bool) or value != value \
            or value in (float("inf"), float("-inf")):
        raise SpecError(f"{where}: {key} is {one_line(repr(value))[:40]}; write a "
                        f"{'whole number' if whole else 'finite number'}", fields[-1].at)
    return value


def _required(p: Message, key: str, where: str) -> int:
    value = p.value(key)
    if not isinstance(value, int) or value <= 0:
        found = "is missing" if value is None else "is " + one_line(repr(value))[:40]
        raise SpecError(f"{where}: {key} {found}; "
                        f"write {key}: and a positive whole number", p.at)
    return value


def _pair(p: Message, key: str, key_h: str | None, key_w: str | None, default: Any,
          where: str) -> Any:
    """A Caffe size: ``key`` once (square), twice (h, w), or ``key_h`` and ``key_w``."""
    values = [field.value for field in p.all(key)]
    if key_h and p.first(key_h) is not None:
        values = [p.value(key_h), p.value(key_w, p.value(key_h))]
    if not values:
        if default is None:
            raise SpecError(f"{where}: {key} is missing; write {key}: and a whole number",
                            p.at)
        return default
    if not all(isinstance(v, int) and v >= 0 for v in values) or len(values) > 2:
        raise SpecError(f"{where}: {key} {one_line(repr(values))[:40]}; write one or two "
                        "whole numbers (or the _h and _w fields)", p.at)
    return values[0] if len(values) == 1 or values[0] == values[1] else values
