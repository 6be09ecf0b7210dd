"""Keras model configs → a cnncalc spec document, without TensorFlow or Keras.

`read_keras(text, filename)` reads the JSON of `model.to_json()` (Keras 2 or Keras 3), or the
`config.json` of a `.keras` file (`read_keras_file(path)` opens the zip and reads only that
member), and returns the spec as plain data: ``{"name", "source", "input": "HxWxC", "layers":
[{kind: {settings}}, …]}`` in the language of docs/spec-language.md. One item per Keras layer,
named as Keras names it; `from:` only where the graph is not a chain (Functional models'
`inbound_nodes`, in either format). channels_last only.

A Keras layer that does two things becomes two items, the second carrying the Keras name (so a
`from:` naming it reads its output): a fused `activation=` (`conv1_pre` then `conv1`), a
SeparableConv2D (`name_depthwise`, bias-free, then the pointwise `name`). A Dense reading an
H×W×C tensor acts on the last axis at every position: a 1×1 conv (the same weights), as cnncalc's
`fc` would flatten first. Keras 3's op layers with a constant (`x + 3.0`, `x * (1 / 6)`:
MobileNetV3's hard sigmoid) are an `identity` and a constant `scale`. Rescaling is an `identity`;
Normalization too, and when it is adapted (no `mean` given) its 2·C + 1 non-trainable values
(mean, variance, count) are left out of the totals: the document's `notes` says so. Anything else is a sentence naming the layer, its class and what would work.

The mapping: InputLayer → the document's `input` (`input_shape=` when the config leaves a size
None); Conv2D → `conv` (filters, kernel, stride, padding same/valid, dilation, groups, bias);
DepthwiseConv2D → `conv: {depthwise, multiplier}`; Conv2DTranspose → `conv_transpose`, Keras'
`same`/`valid` output size as padding and output_padding; Dense → `fc` (a 1×1 `conv` on H×W×C);
Flatten; MaxPooling2D/AveragePooling2D → `maxpool`/`avgpool`; GlobalAveragePooling2D →
`global_avgpool`; BatchNormalization → `bn` (`scale: false`, `center: false`); Activation and
fused activations → relu, relu6, sigmoid, tanh, softmax, silu (swish), hardsigmoid, hardswish,
gelu, identity (linear); ReLU → relu, relu6 (max_value 6), leaky_relu (negative_slope);
LeakyReLU; PReLU → `prelu: {per: element | channel | one}` (shared_axes None, [1, 2], [1, 2, 3]);
Dropout, SpatialDropout2D; ZeroPadding2D → `zeropad`; Add, Multiply, Concatenate (axis −1);
Reshape to a vector or to 1×1×C; `trainable: false` kept. GlobalMaxPooling2D has no kind (a
sentence). Nested models and shared layers (called twice) are sentences too.

Hostile input: at most `MAX_TEXT` characters, JSON nested at most `MAX_DEPTH` deep, no NaN or
infinity, at most `MAX_LAYERS` layers; malformed JSON is a sentence with its line and column.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import CnnCalcError, Location, SpecError

MAP, VECTOR, POOLED = "map", "vector", "pooled"
MAX_TEXT = 32 * 1024 * 1024
MAX_DEPTH = 200
MAX_LAYERS = 100_000
MAX_VALUE = 10**9
CONFIG_MEMBER = "config.json"

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]{0,199}")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")

ACTIVATIONS = {"relu": "relu", "relu6": "relu6", "sigmoid": "sigmoid", "tanh": "tanh",
               "softmax": "softmax", "swish": "silu", "silu": "silu",
               "hard_sigmoid": "hardsigmoid", "hard_swish": "hardswish",
               "hard_silu": "hardswish", "gelu": "gelu", "linear": "identity"}
IDENTITIES = ("Rescaling", "Normalization", "Dropout", "SpatialDropout2D")
MERGES = {"Add": "add", "Multiply": "multiply", "Concatenate": "concat"}


class KerasImportError(SpecError):
    """A Keras config cnncalc cannot read: where (the file, the layer), what, what would work."""


def read_keras_file(path: str | Path, input_shape=None) -> dict:
    """A `.keras` zip (only its config.json, at most MAX_TEXT bytes, is read) or a JSON file,
    read under the file rules of `cnncalc.files.inputs` (no FIFO, device or link out)."""
    from ..files.inputs import read_bytes, reading

    with reading():
        data = read_bytes(path, "the model file")
    return read_keras_bytes(data, str(path), input_shape)


def read_keras_bytes(data: bytes, filename: str, input_shape=None) -> dict:
    """The spec document of a `.keras` archive's bytes (its config.json) or a config's JSON."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                try:
                    info = archive.getinfo(CONFIG_MEMBER)
                except KeyError:
                    raise KerasImportError(f"{filename}: a .keras file holds '{CONFIG_MEMBER}'; "
                                           "this zip has none (save the model with "
                                           "model.save())") from None
                if info.file_size > MAX_TEXT:
                    raise _too_large(filename, info.file_size)
                with archive.open(info) as member:
                    data = member.read(MAX_TEXT + 1)
        except (OSError, zipfile.BadZipFile, EOFError) as error:
            raise KerasImportError(f"{filename}: not a readable .keras archive "
                                   f"({error.__class__.__name__})") from None
    if len(data) > MAX_TEXT:
        raise _too_large(filename, len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise KerasImportError(f"{filename}: not UTF-8 text (byte {error.start}); a Keras "
                               "config is the JSON of model.to_json() or a .keras file") from None
    return read_keras(text, filename, input_shape)


def read_keras(text: str, filename: str, input_shape=None) -> dict:
    """The spec document of a Keras model config. `input_shape` (H×W×C text or a tuple)
    replaces the one the config gives, and is needed when the config leaves a size `None`."""
    model = _load_json(text, filename)
    if isinstance(model, dict) and "class_name" not in model and "config" in model:
        model = model["config"]      # some savers wrap the model once more
    if not isinstance(model, dict) or not isinstance(model.get("config"), dict):
        raise KerasImportError(f"{filename}: not a Keras model config: expected a JSON object "
                               "with 'class_name' and 'config' (model.to_json())")
    kind, config = model.get("class_name"), model["config"]
    layers = config.get("layers")
    if not isinstance(layers, list) or not layers:
        raise KerasImportError(f"{filename}: the model ({_shown(kind)}) lists no layers; a "
                               "Sequential or Functional model's config has 'layers'")
    if len(layers) > MAX_LAYERS:
        raise KerasImportError(f"{filename}: {len(layers):,} layers, more than the "
                               f"{MAX_LAYERS:,} cnncalc reads")
    functional = kind != "Sequential"
    converter = _Converter(filename, functional)
    if input_shape is not None:
        converter.given = converter.shape = _given_shape(input_shape, filename)
    converter.run(layers, config)
    shape = converter.shape
    if shape is None:
        raise KerasImportError(f"{filename}: the config gives no input shape; give one "
                               "(input_shape=(224, 224, 3), --input 224x224x3)")
    document = {"name": str(config.get("name") or "keras_model")[:200],
                "source": f"Keras config {Path(filename).name}"[:300],
                "input": shape, "layers": converter.items}
    if converter.constant_adds:
        shown = ", ".join(converter.constant_adds[:3]) + (", …" if len(converter.constant_adds) > 3 else "")
        converter.notes.append(f"{len(converter.constant_adds)} layers adding a constant ({shown}) "
                               "are read as identities: no parameters, no multiplications.")
    if converter.notes:
        document["notes"] = " ".join(converter.notes)
    return document


def _too_large(filename: str, size: int) -> KerasImportError:
    return KerasImportError(f"{filename}: {size:,} bytes, more than the {MAX_TEXT:,} a Keras "
                            "config may have")


def _load_json(text: str, filename: str) -> Any:
    if not isinstance(text, str):
        raise KerasImportError(f"{filename}: a Keras config is text, received {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise _too_large(filename, len(text))
    depth = deepest = 0
    for bracket in _BRACKETS.finditer(_STRINGS.sub('""', text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                line = text.count("\n", 0, bracket.start()) + 1     # position in the stripped
                raise KerasImportError(f"{filename}: JSON nested more than {MAX_DEPTH} deep "
                                       f"(near line {line}); a Keras config is far shallower")

    def no_constant(name: str):
        raise ValueError(f"{name} is not a number a Keras config holds")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as error:
        raise KerasImportError(f"not valid JSON: {error.msg}; a Keras config is the text of "
                               "model.to_json()", Location(filename, error.lineno, error.colno)) from None
    except (ValueError, RecursionError) as error:
        raise KerasImportError(f"{filename}: not valid JSON: {error}") from None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _given_shape(shape, filename: str) -> str:
    if isinstance(shape, str):
        parts = re.split(r"[x×, ]+", shape.strip().strip("[]()"))
    elif isinstance(shape, (list, tuple)):
        parts = list(shape)
    else:
        parts = [shape]
    try:
        sizes = [int(p) for p in parts if p != ""]
    except (TypeError, ValueError):
        sizes = []
    if len(sizes) not in (1, 3) or not all(1 <= s <= MAX_VALUE for s in sizes):
        raise KerasImportError(f"{filename}: input shape {_shown(shape)}: expected H×W×C "
                               "(224x224x3) or a vector's size, whole numbers from 1")
    return "x".join(str(s) for s in sizes)


class _Converter:
    """Walks the layer list once (Keras lists it in an order where inputs come first)."""

    def __init__(self, filename: str, functional: bool):
        self.filename, self.functional = filename, functional
        self.items: list = []
        self.notes: list[str] = []
        self.out: dict[str, str] = {}       # Keras layer name → spec name of its output
        # spec name → its tensor: MAP (H×W×C), VECTOR, or POOLED (a vector in Keras that is
        # 1×1×C in cnncalc: a global pooling without keepdims)
        self.form: dict[str, str] = {}
        self.used: set[str] = {"input"}
        self.last = "input"                 # what an item without `from:` reads
        self.where = filename
        self.shape: str | None = None       # the input, "HxWxC" or "N"
        self.given = None                   # the input shape read_keras was given
        self.constants: list = []           # numbers among the current layer's call arguments
        self.constant_adds: list[str] = []

    # -- errors and settings ------------------------------------------------------------
    def fail(self, message: str) -> KerasImportError:
        return KerasImportError(message, layer=self.where)

    def integer(self, config: dict, key: str, default=None, low: int = 1) -> int:
        value = config.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_VALUE:
            raise self.fail(f"'{key}' must be a whole number from {low} to {MAX_VALUE:,}, "
                            f"received {_shown(value)}")
        return value

    def pair(self, config: dict, key: str, default=None, low: int = 1):
        value = config.get(key, default)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, list) and len(value) == 2:
            a, b = (self.integer({key: v}, key, low=low) for v in value)
            return a if a == b else [a, b]
        return self.integer({key: value}, key, low=low)

    def choice(self, config: dict, key: str, allowed: tuple, default):
        value = config.get(key, default)
        if value not in allowed:
            raise self.fail(f"'{key}' {_shown(value)} is not one cnncalc reads; it reads "
                            + " or ".join(repr(a) for a in allowed))
        return value

    def channels_last(self, config: dict):
        if config.get("data_format") not in (None, "channels_last"):
            raise self.fail(f"data_format {_shown(config.get('data_format'))}: cnncalc reads "
                            "channels_last (H×W×C) configs; rebuild the model with "
                            "data_format='channels_last' (the counts are the same)")

    def axis(self, config: dict, default=-1):
        if config.get("axis", default) not in (-1, 3, [-1], [3]):
            raise self.fail(f"axis {_shown(config.get('axis'))}: cnncalc reads the channel "
                            "axis (-1) only")

    # -- the walk ---------------------------------------------------------------------------
    def take_shape(self, shape: Any):
        """An input shape the config states; the one read_keras was given wins."""
        if self.given is None and shape is not None:
            self.shape = self.input_text(shape) or self.shape

    def form_of(self, spec_name: str) -> str:
        if spec_name == "input":
            return VECTOR if self.shape is not None and "x" not in self.shape else MAP
        return self.form[spec_name]

    def run(self, layers: list, model_config: dict):
        self.take_shape(model_config.get("build_input_shape"))
        input_layers = [entry for entry in layers
                        if isinstance(entry, dict) and entry.get("class_name") == "InputLayer"]
        if len(input_layers) > 1:
            raise KerasImportError(f"{self.filename}: the model has {len(input_layers)} inputs; "
                                   "cnncalc reads networks with one input")
        for index, entry in enumerate(layers, 1):
            if not isinstance(entry, dict) or not isinstance(entry.get("config"), dict):
                raise KerasImportError(f"{self.filename}: layer {index}: expected an object with "
                                       "'class_name' and 'config'")
            config, cls = entry["config"], entry.get("class_name")
            name = entry.get("name", config.get("name"))
            self.where = f"{self.filename}: layer {index} {_shown(name)} ({_shown(cls)})"
            if not isinstance(name, str) or not _NAME.fullmatch(name) or name == "input":
                raise self.fail("a layer's name must be letters, digits, '_' or '-' (at most "
                                "200, not 'input'); rename the layer in Keras")
            if name in self.out:
                raise self.fail("a second layer of this name; Keras names are unique")
            if not isinstance(cls, str):
                raise self.fail("a layer's 'class_name' is the name of its Keras class, such as "
                                "'Conv2D'")
            if cls == "InputLayer":
                self.take_shape(config.get("batch_shape", config.get("batch_input_shape")))
                self.out[name] = "input"
                continue
            if not self.items:                      # Keras 2 Sequential: on the first layer
                self.take_shape(config.get("batch_input_shape"))
            inputs = self.inputs(entry, name)
            form = self.form_of(inputs[0]) if inputs else MAP
            made = self.convert(cls, name, config, form, len(inputs))
            trainable = config.get("trainable", True) is False
            for position, (kind, settings, out_form) in enumerate(made):
                spec_name = settings["name"]
                if spec_name in self.used:
                    raise self.fail(f"its item '{spec_name}' takes a name another layer has; "
                                    "rename one in Keras")
                self.used.add(spec_name)
                if position == 0:
                    wanted = inputs if self.functional else [self.last]
                    if wanted != [self.last]:
                        settings["from"] = wanted[0] if len(wanted) == 1 else wanted
                if trainable and kind not in ("identity",):
                    settings["trainable"] = False
                self.items.append({kind: settings})
                self.form[spec_name] = out_form
                self.last = spec_name
            self.out[name] = self.last

    def inputs(self, entry: dict, name: str) -> list[str]:
        """The spec names a Functional layer reads (its one call's tensors)."""
        if not self.functional:
            return [self.last]
        nodes = entry.get("inbound_nodes", [])
        if not isinstance(nodes, list):
            raise self.fail("'inbound_nodes' must be a list")
        if not nodes:
            if entry.get("class_name") == "InputLayer":
                return []
            raise self.fail("no 'inbound_nodes': the layer is never called in the model")
        if len(nodes) > 1:
            raise self.fail(f"the layer is called {len(nodes)} times (a shared layer); cnncalc "
                            "reads each call as its own layer: write the spec by hand with "
                            "'shares:' (docs/spec-language.md)")
        names: list[str] = []
        self.constants = []
        self.history(nodes[0], names, 0)
        spec = []
        for keras_name in names:
            if keras_name not in self.out:
                raise self.fail(f"reads {_shown(keras_name)}, which no layer before it is")
            spec.append(self.out[keras_name])
        return spec

    def history(self, node: Any, names: list, depth: int):
        """Collects the producing layers' names: Keras 2 `[[name, node, tensor, {}], …]`,
        Keras 3 `{"args": [tensor or [tensors]], …}` with `keras_history: [name, node, t]`."""
        if depth > 20 or len(names) > 10_000:
            raise self.fail("'inbound_nodes' nested too deep")
        if isinstance(node, dict):
            if node.get("class_name") == "__keras_tensor__":
                history = node.get("config", {}).get("keras_history")
                if isinstance(history, list) and history and isinstance(history[0], str):
                    names.append(history[0])
                    return
                raise self.fail("a tensor without 'keras_history'")
            self.history(node.get("args", []), names, depth + 1)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            self.constants.append(node)       # Keras 3's `x + 3.0`: an op with a constant
        elif isinstance(node, list):
            if node and isinstance(node[0], str):          # Keras 2: [name, node, tensor, kw]
                names.append(node[0])
            else:
                for part in node:
                    self.history(part, names, depth + 1)

    def input_text(self, shape: Any) -> str:
        if not isinstance(shape, list) or len(shape) not in (2, 4):
            raise self.fail(f"input shape {_shown(shape)}: cnncalc reads (batch, H, W, C) "
                            "images or (batch, N) vectors")
        sizes = shape[1:]
        if any(s is None for s in sizes):
            return None
        for size in sizes:
            if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_VALUE:
                raise self.fail(f"input shape {_shown(shape)}: sizes must be whole numbers from 1")
        return "x".join(str(s) for s in sizes)

    # -- one layer ------------------------------------------------------------------------
    def convert(self, cls: str, name: str, config: dict, form: str, count: int) -> list:
        """[(kind, settings, the output's form)] for one Keras layer reading a `form` tensor."""
        item = lambda kind, out=form, **settings: (kind, {"name": name, **settings}, out)
        if cls in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose"):
            return self.with_activation(self.conv(cls, name, config), config, name)
        if cls == "Dense":
            units = self.integer(config, "units")
            bias = config.get("use_bias", True) is not False
            made = (item("conv", MAP, filters=units, kernel=1, bias=bias) if form == MAP else
                    item("fc", VECTOR, units=units, bias=bias))
            return self.with_activation([made], config, name)
        if cls == "Flatten":
            self.channels_last(config)
            return [item("flatten", VECTOR)]
        if cls in ("MaxPooling2D", "AveragePooling2D"):
            self.channels_last(config)
            kernel = self.pair(config, "pool_size", 2)
            stride = self.pair(config, "strides", None) if config.get("strides") is not None else kernel
            padding = self.choice(config, "padding", ("valid", "same"), "valid")
            settings = {"kernel": kernel, "stride": stride}
            if padding == "same":
                settings["padding"] = "same"
                if cls == "AveragePooling2D":
                    settings["count_include_pad"] = False     # Keras averages the real values
            return [item("maxpool" if cls == "MaxPooling2D" else "avgpool", **settings)]
        if cls == "GlobalAveragePooling2D":
            self.channels_last(config)
            return [item("global_avgpool", MAP if config.get("keepdims") is True else POOLED)]
        if cls == "BatchNormalization":
            self.axis(config)
            settings = {key: False for key in ("scale", "center") if config.get(key, True) is False}
            return [item("bn", **settings)]
        if cls == "Activation":
            return [item(self.activation(config.get("activation")))]
        if cls == "ReLU":
            return [self.relu(name, config, form)]
        if cls == "LeakyReLU":
            slope = config.get("negative_slope", config.get("alpha", 0.3))
            return [item("leaky_relu", slope=self.number(slope, "negative_slope"))]
        if cls == "PReLU":
            axes = config.get("shared_axes")
            per = {None: "element", (1, 2): "channel", (1, 2, 3): "one"}.get(
                tuple(sorted(axes)) if isinstance(axes, list) else axes, None)
            if per is None:
                raise self.fail(f"shared_axes {_shown(axes)}: cnncalc's prelu has one slope per "
                                "element (None), per channel ([1, 2]) or one in all ([1, 2, 3])")
            return [item("prelu", per=per)]
        if cls in ("Dropout", "SpatialDropout2D"):
            rate = self.number(config.get("rate", 0.5), "rate")
            if not 0 <= rate < 1:
                raise self.fail(f"rate {rate} must be from 0 up to 1")
            return [item("dropout", rate=rate)]
        if cls == "ZeroPadding2D":
            self.channels_last(config)
            return [item("zeropad", padding=self.zero_padding(config.get("padding", 1)))]
        if cls in ("Add", "Multiply") and count == 1 and len(self.constants) == 1:
            # Keras 3 records `x + 3.0`, `x * (1 / 6)` (MobileNetV3's hard sigmoid) as op layers
            constant = self.number(self.constants[0], "constant")
            if cls == "Multiply":
                return [item("scale", factor=constant)]
            self.constant_adds.append(name)
            return [item("identity")]
        if cls in MERGES:
            if count < 2:
                raise self.fail(f"{cls} needs at least two inputs")
            if cls == "Multiply" and count != 2:
                raise self.fail("a Multiply of more than two inputs; cnncalc's multiply takes "
                                "two: chain Multiply layers")
            if cls == "Concatenate":
                self.axis(config)
            return [item(MERGES[cls])]
        if cls == "Reshape":
            return [self.reshape(name, config, form)]
        if cls in ("Rescaling", "Normalization"):
            if cls == "Normalization" and config.get("mean") is None:   # adapted: weights
                self.notes.append(f"Keras' Normalization layer '{name}' is read as an identity: "
                                  "its 2·C + 1 non-trainable values (mean, variance, count) are "
                                  "not in these totals.")
            return [item("identity")]
        if cls in ("Functional", "Sequential", "Model"):
            raise self.fail("a model inside the model; cnncalc reads one level: import the inner "
                            "model on its own, or flatten it in Keras before model.to_json()")
        hint = (" (a maxpool whose kernel is the input's H×W counts the same)"
                if cls == "GlobalMaxPooling2D" else "")
        raise self.fail("a layer class cnncalc's Keras importer does not read" + hint + "; it "
                        "reads " + ", ".join(SUPPORTED) + " — write this part of the spec by "
                        "hand (docs/spec-language.md)")

    def number(self, value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) > MAX_VALUE:
            raise self.fail(f"'{key}' must be a number, received {_shown(value)}")
        return value

    def activation(self, value: Any) -> str:
        if isinstance(value, dict):       # Keras 3 may serialize {"class_name": …, "config": "relu"}
            value = value.get("config") if isinstance(value.get("config"), str) else value.get("class_name")
        if not isinstance(value, str) or value not in ACTIVATIONS:
            raise self.fail(f"activation {_shown(value)} is not one cnncalc has; it reads "
                            + ", ".join(ACTIVATIONS))
        return ACTIVATIONS[value]

    def with_activation(self, made: list, config: dict, name: str) -> list:
        """A fused `activation=` becomes its own item, which takes the Keras layer's name."""
        act = config.get("activation", "linear")
        kind = self.activation(act) if act is not None else "identity"
        if kind == "identity":
            return made
        last_kind, settings, out = made[-1]
        renamed = dict(settings, name=f"{name}_pre")
        return made[:-1] + [(last_kind, renamed, out), (kind, {"name": name}, out)]

    def conv(self, cls: str, name: str, config: dict) -> list:
        self.channels_last(config)
        kernel = self.pair(config, "kernel_size")
        stride = self.pair(config, "strides", 1)
        dilation = self.pair(config, "dilation_rate", 1)
        padding = self.choice(config, "padding", ("valid", "same"), "valid")
        bias = config.get("use_bias", True) is not False
        window = {"kernel": kernel}
        for key, value in (("stride", stride), ("dilation", dilation)):
            if value != 1:
                window[key] = value
        if padding == "same" and cls != "Conv2DTranspose":
            window["padding"] = "same"
        if cls == "Conv2D":
            groups = self.integer(config, "groups", 1)
            settings = {"filters": self.integer(config, "filters"), **window}
            if groups != 1:
                settings["groups"] = groups
            return [("conv", {"name": name, **settings, "bias": bias}, MAP)]
        if cls == "DepthwiseConv2D":
            multiplier = self.integer(config, "depth_multiplier", 1)
            return [("conv", {"name": name, "depthwise": True, "multiplier": multiplier,
                              **window, "bias": bias}, MAP)]
        if cls == "SeparableConv2D":
            multiplier = self.integer(config, "depth_multiplier", 1)
            return [("conv", {"name": f"{name}_depthwise", "depthwise": True,
                              "multiplier": multiplier, **window, "bias": False}, MAP),
                    ("conv", {"name": name, "filters": self.integer(config, "filters"),
                              "kernel": 1, "bias": bias}, MAP)]
        return [("conv_transpose", {"name": name, "filters": self.integer(config, "filters"),
                                    **window, **self.transpose_padding(config, padding),
                                    "bias": bias}, MAP)]

    def transpose_padding(self, config: dict, padding: str) -> dict:
        """Keras' output size as PyTorch's (H−1)·S − 2P + K' + output_padding, per axis
        (K' = (K − 1)·D + 1). Keras: valid H·S + max(K' − S, 0), same H·S; with output_padding
        given, (H−1)·S + K' − 2·pad + output_padding, pad = 0 (valid) or K' // 2 (same)."""
        kernels = _axes(self.pair(config, "kernel_size"))
        strides = _axes(self.pair(config, "strides", 1))
        dilations = _axes(self.pair(config, "dilation_rate", 1))
        given = config.get("output_padding")
        pads, extras = [], []
        for axis in range(2):
            k = (kernels[axis] - 1) * dilations[axis] + 1
            s = strides[axis]
            if given is not None:
                extra = _axes(self.pair(config, "output_padding", low=0))[axis]
                pad = k // 2 if padding == "same" else 0
            elif padding == "valid" or k < s:
                pad, extra = 0, max(s - k, 0)
            else:
                pad = (k - s + 1) // 2
                extra = 2 * pad - (k - s)
            pads.append(pad)
            extras.append(extra)
        settings = {}
        if pads != [0, 0]:
            settings["padding"] = pads[0] if pads[0] == pads[1] else pads
        if extras != [0, 0]:
            settings["output_padding"] = extras[0] if extras[0] == extras[1] else extras
        return settings

    def relu(self, name: str, config: dict, form: str):
        top = config.get("max_value")
        slope = config.get("negative_slope", 0) or 0
        if config.get("threshold", 0) not in (0, 0.0):
            raise self.fail("a threshold other than 0; cnncalc's relu kinds cut at 0")
        if top is None and slope == 0:
            return ("relu", {"name": name}, form)
        if top in (6, 6.0) and slope == 0:
            return ("relu6", {"name": name}, form)
        if top is None:
            return ("leaky_relu", {"name": name, "slope": self.number(slope, "negative_slope")}, form)
        raise self.fail(f"max_value {_shown(top)} with negative_slope {_shown(slope)}: cnncalc "
                        "reads ReLU, ReLU(max_value=6) and ReLU(negative_slope=a)")

    def zero_padding(self, value: Any):
        if isinstance(value, int) and not isinstance(value, bool):
            return self.integer({"padding": value}, "padding", low=0)
        if isinstance(value, list) and len(value) == 2:
            if all(isinstance(v, list) and len(v) == 2 for v in value):
                return [self.integer({"padding": v}, "padding", low=0) for pair in value for v in pair]
            rows, cols = (self.integer({"padding": v}, "padding", low=0) for v in value)
            return [rows, cols]
        raise self.fail(f"padding {_shown(value)}: expected P, [Ph, Pw] or [[top, bottom], "
                        "[left, right]]")

    def reshape(self, name: str, config: dict, form: str):
        target = config.get("target_shape")
        if isinstance(target, list) and len(target) == 1:
            return ("identity" if form == VECTOR else "flatten", {"name": name}, VECTOR)
        if isinstance(target, list) and len(target) == 3 and target[:2] == [1, 1] and form != VECTOR:
            return ("identity", {"name": name}, MAP)    # cnncalc's pooled 1×1×C is that already
        raise self.fail(f"target_shape {_shown(target)}: cnncalc reads a Reshape to a vector "
                        "(a flatten) or to 1×1×C after a global pooling with keepdims=True")


def _axes(value) -> list[int]:
    return list(value) if isinstance(value, list) else [value, value]


SUPPORTED = ("InputLayer", "Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose",
             "Dense", "Flatten", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
             "BatchNormalization", "Activation", "ReLU", "LeakyReLU", "PReLU", "Dropout",
             "SpatialDropout2D", "ZeroPadding2D", "Add", "Multiply", "Concatenate", "Reshape",
             "Rescaling", "Normalization")
