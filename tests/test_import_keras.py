"""The Keras importer: configs written out here (Keras 2 and Keras 3 formats) against hand
arithmetic, hostile input against its sentence, and — where keras is installed (KERAS_BACKEND
torch) — Keras applications against `model.count_params()`."""

import json
import math
import os
import zipfile

import pytest
import yaml

from cnncalc.calculator import summarize
from cnncalc.errors import CnnCalcError
from cnncalc.importers.keras import MAX_DEPTH, MAX_TEXT, read_keras, read_keras_file
from cnncalc.spec import parse_spec


def numbers(document):
    summary = summarize(parse_spec(yaml.safe_dump(document, sort_keys=False), "<keras>"))
    return summary, summary.totals


def layer(cls, name, inbound=None, **config):
    entry = {"class_name": cls, "config": {"name": name, **config}}
    if inbound is not None:
        entry["name"], entry["inbound_nodes"] = name, inbound
    return entry


SEQUENTIAL = {"class_name": "Sequential", "keras_version": "2.15.0", "config": {
    "name": "small_cnn", "layers": [
        layer("InputLayer", "in", batch_input_shape=[None, 28, 28, 1]),
        layer("Conv2D", "conv", filters=8, kernel_size=[3, 3], strides=[1, 1], padding="valid",
              activation="relu", use_bias=True, data_format="channels_last"),
        layer("MaxPooling2D", "pool", pool_size=[2, 2], strides=[2, 2], padding="valid"),
        layer("BatchNormalization", "bn", axis=-1, center=True, scale=True),
        layer("SeparableConv2D", "sep", filters=16, kernel_size=[3, 3], padding="same",
              depth_multiplier=1, activation="linear", use_bias=True),
        layer("Flatten", "flat"),
        layer("Dropout", "drop", rate=0.25),
        layer("Dense", "out", units=10, activation="softmax", use_bias=True),
    ]}}


def test_sequential_cnn_totals_are_the_hand_count():
    document = read_keras(json.dumps(SEQUENTIAL), "small.json")
    assert document["input"] == "28x28x1"
    assert not any("from" in next(iter(item.values())) for item in document["layers"])
    summary, totals = numbers(document)
    conv = 3 * 3 * 1 * 8 + 8                       # 80; 28 → 26, pooled to 13
    bn = 4 * 8                                     # γ, β trainable; mean, variance not
    separable = 3 * 3 * 8 + (8 * 16 + 16)          # depthwise without bias, pointwise with
    dense = 13 * 13 * 16 * 10 + 10
    assert totals.trainable_params + totals.non_trainable_params == conv + bn + separable + dense
    assert totals.non_trainable_params == 2 * 8
    names = [row.name for row in summary.layers]
    assert names == ["conv_pre", "conv", "pool", "bn", "sep_depthwise", "sep", "flat", "drop",
                     "out_pre", "out"]
    assert summary.layers[-1].output_shape == (10,)


def test_a_keras2_sequential_without_input_layer_takes_the_first_layers_shape():
    config = json.loads(json.dumps(SEQUENTIAL))
    layers = config["config"]["layers"]
    shape = layers.pop(0)["config"]["batch_input_shape"]
    layers[0]["config"]["batch_input_shape"] = shape
    document = read_keras(json.dumps(config), "small.json")
    assert document["input"] == "28x28x1"
    _, totals = numbers(document)
    assert totals.trainable_params + totals.non_trainable_params == 80 + 32 + 216 + 27050


def residual_keras2():
    return {"class_name": "Functional", "config": {
        "name": "residual", "layers": [
            layer("InputLayer", "x", [], batch_input_shape=[None, 8, 8, 4]),
            layer("Conv2D", "conv", [[["x", 0, 0, {}]]], filters=4, kernel_size=[3, 3],
                  padding="same", use_bias=False),
            layer("BatchNormalization", "bn", [[["conv", 0, 0, {}]]]),
            layer("ReLU", "relu", [[["bn", 0, 0, {}]]]),
            layer("Add", "add", [[["relu", 0, 0, {}], ["x", 0, 0, {}]]]),
            layer("GlobalAveragePooling2D", "gap", [[["add", 0, 0, {}]]]),
            layer("Dense", "fc", [[["gap", 0, 0, {}]]], units=3),
        ], "input_layers": [["x", 0, 0]], "output_layers": [["fc", 0, 0]]}}


def tensor(name):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": [None, 8, 8, 4], "dtype": "float32", "keras_history": [name, 0, 0]}}


def residual_keras3():
    def call(*names):
        args = [tensor(n) for n in names]
        return [{"args": args if len(args) == 1 else [args], "kwargs": {}}]
    return {"module": "keras", "class_name": "Functional", "config": {
        "name": "residual", "trainable": True, "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "name": "x",
             "config": {"batch_shape": [None, 8, 8, 4], "dtype": "float32", "name": "x"},
             "inbound_nodes": []},
            layer("Conv2D", "conv", call("x"), filters=4, kernel_size=[3, 3], padding="same",
                  use_bias=False),
            layer("BatchNormalization", "bn", call("conv")),
            layer("ReLU", "relu", call("bn"), max_value=None, negative_slope=0.0, threshold=0.0),
            layer("Add", "add", call("relu", "x")),
            layer("GlobalAveragePooling2D", "gap", call("add"), keepdims=False),
            layer("Dense", "fc", call("gap"), units=3),
        ], "input_layers": [["x", 0, 0]], "output_layers": [["fc", 0, 0]]}}


@pytest.mark.parametrize("config", [residual_keras2(), residual_keras3()], ids=["keras2", "keras3"])
def test_functional_residual_totals_are_the_hand_count(config):
    document = read_keras(json.dumps(config), "residual.json")
    froms = {next(iter(item.values()))["name"]: next(iter(item.values())).get("from")
             for item in document["layers"]}
    assert froms == {"conv": None, "bn": None, "relu": None, "add": ["relu", "input"],
                     "gap": None, "fc": None}
    _, totals = numbers(document)
    conv, bn, fc = 3 * 3 * 4 * 4, 4 * 4, 4 * 3 + 3
    assert totals.trainable_params + totals.non_trainable_params == conv + bn + fc
    assert totals.non_trainable_params == 2 * 4
    assert totals.mults == 8 * 8 * 3 * 3 * 4 * 4 + 4 * 3


def test_a_keras_file_is_read_from_its_config_member(tmp_path):
    path = tmp_path / "model.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(residual_keras3()))
        archive.writestr("model.weights.h5", b"\0" * 100)
    _, totals = numbers(read_keras_file(path))
    assert totals.trainable_params + totals.non_trainable_params == 144 + 16 + 15


def test_a_zip_without_config_json_is_a_sentence(tmp_path):
    path = tmp_path / "other.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("weights.h5", b"x")
    with pytest.raises(CnnCalcError, match="holds 'config.json'; this zip has none"):
        read_keras_file(path)


def test_malformed_json_is_located():
    # line 2 is ` "config": {"x" 1}}`: the 1 where ':' belongs is its 17th character
    with pytest.raises(CnnCalcError, match=r"^bad\.json:2:17: not valid JSON: Expecting ':'"):
        read_keras('{"class_name": "Sequential",\n "config": {"x" 1}}', "bad.json")


def test_json_nested_too_deep_is_a_sentence():
    with pytest.raises(CnnCalcError, match=f"nested more than {MAX_DEPTH} deep"):
        read_keras("[" * 100_000 + "]" * 100_000, "deep.json")


def test_text_too_large_is_a_sentence():
    with pytest.raises(CnnCalcError, match="more than the"):
        read_keras(" " * (MAX_TEXT + 1), "big.json")


def test_nan_is_refused():
    config = json.loads(json.dumps(SEQUENTIAL))
    text = json.dumps(config).replace('"rate": 0.25', '"rate": NaN')
    with pytest.raises(CnnCalcError, match="NaN is not a number"):
        read_keras(text, "nan.json")


def replaced(index, entry):
    config = json.loads(json.dumps(SEQUENTIAL))
    config["config"]["layers"][index] = entry
    return json.dumps(config)


def test_an_unsupported_layer_names_itself_and_what_works():
    text = replaced(5, layer("GlobalMaxPooling2D", "gmp"))
    with pytest.raises(CnnCalcError, match=r"layer 6 'gmp' \('GlobalMaxPooling2D'\): a layer "
                                           r"class .* maxpool whose kernel"):
        read_keras(text, "small.json")


def test_channels_first_is_a_sentence():
    text = replaced(1, layer("Conv2D", "conv", filters=8, kernel_size=3,
                             data_format="channels_first"))
    with pytest.raises(CnnCalcError, match="layer 2 'conv'.*channels_last"):
        read_keras(text, "small.json")


def test_a_name_the_spec_would_expand_is_refused():
    text = replaced(5, layer("Flatten", "${1/0}"))
    with pytest.raises(CnnCalcError, match="a layer's name must be letters"):
        read_keras(text, "small.json")


def test_a_reshape_that_is_not_a_flatten_is_a_sentence():
    text = replaced(5, layer("Reshape", "r", target_shape=[13, 208]))
    with pytest.raises(CnnCalcError, match=r"'r' \('Reshape'\): target_shape \[13, 208\]"):
        read_keras(text, "small.json")


def test_a_missing_input_size_asks_for_one():
    config = json.loads(json.dumps(SEQUENTIAL))
    config["config"]["layers"][0]["config"]["batch_input_shape"] = [None, None, None, 1]
    with pytest.raises(CnnCalcError, match="gives no input shape"):
        read_keras(json.dumps(config), "small.json")
    document = read_keras(json.dumps(config), "small.json", input_shape=(28, 28, 1))
    assert document["input"] == "28x28x1"


# -- against Keras itself ----------------------------------------------------------------------

def keras_module():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    return pytest.importorskip("keras")


def weights(variables):
    return sum(math.prod(variable.shape) for variable in variables)


def assert_counts(model, name):
    document = read_keras(model.to_json(), f"{name}.json")
    summary, totals = numbers(document)
    assert totals.trainable_params + totals.non_trainable_params == model.count_params()
    assert totals.non_trainable_params == weights(model.non_trainable_weights)
    assert summary.layers[-1].output_shape == tuple(model.output_shape[1:])


@pytest.mark.slow
@pytest.mark.parametrize("application", ["ResNet50", "MobileNetV2", "VGG16"])
def test_keras_applications_count_as_keras_does(application):
    keras = keras_module()
    model = getattr(keras.applications, application)(weights=None)
    assert_counts(model, application)     # ResNet50 25,636,712; MobileNetV2 3,538,984; VGG16 138,357,544


@pytest.mark.slow
def test_mobilenet_v3_reads_its_constant_ops_and_takes_a_given_input():
    keras = keras_module()
    model = keras.applications.MobileNetV3Small(weights=None)     # input (None, None, 3)
    document = read_keras(model.to_json(), "v3.json", input_shape="224x224x3")
    _, totals = numbers(document)
    assert totals.trainable_params + totals.non_trainable_params == model.count_params()
    assert "adding a constant" in document["notes"]


@pytest.mark.slow
def test_an_adapted_normalization_is_left_out_and_said():
    keras = keras_module()
    model = keras.applications.EfficientNetB0(weights=None)
    document = read_keras(model.to_json(), "b0.json")
    _, totals = numbers(document)
    channels = 3          # Normalization's mean and variance per channel, and its count
    assert totals.trainable_params + totals.non_trainable_params == \
        model.count_params() - (2 * channels + 1)
    assert "Normalization layer 'normalization'" in document["notes"]


def test_the_other_kinds_count_as_keras_does():
    keras = keras_module()
    layers = keras.layers
    x = keras.Input((12, 12, 3))
    a = layers.Conv2DTranspose(5, 3, strides=2, padding="same", name="up_same")(x)       # 24
    b = layers.Conv2DTranspose(5, 2, strides=2, padding="valid", name="up_valid")(x)     # 24
    y = layers.Concatenate(name="cat")([a, b])
    y = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="dw")(y)
    y = layers.PReLU(shared_axes=[1, 2], name="prelu")(y)
    y = layers.ZeroPadding2D(((1, 0), (0, 1)), name="pad")(y)
    y = layers.Conv2D(8, 3, strides=2, groups=2, trainable=False, name="grouped")(y)  # frozen
    y = layers.LeakyReLU(name="leaky")(y)
    gate = layers.GlobalAveragePooling2D(keepdims=True, name="gap")(y)
    gate = layers.Dense(8, activation="hard_sigmoid", name="gate")(gate)
    y = layers.Multiply(name="mul")([y, gate])
    y = layers.AveragePooling2D(2, padding="same", name="avg")(y)
    y = layers.Dense(4, name="per_position")(y)
    y = layers.Flatten(name="flat")(y)
    y = layers.Dense(2, name="head")(y)
    assert_counts(keras.Model(x, y, name="kinds"), "kinds")


def test_a_keras_file_whose_config_is_too_large_is_a_sentence(tmp_path):
    path = tmp_path / "bomb.keras"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", b" " * (MAX_TEXT + 1))     # a few kilobytes zipped
    with pytest.raises(CnnCalcError, match="more than the"):
        read_keras_file(path)


def test_a_shared_layer_is_a_sentence():
    config = residual_keras2()
    config["config"]["layers"][3]["inbound_nodes"] *= 2
    with pytest.raises(CnnCalcError, match=r"'relu' \('ReLU'\): the layer is called 2 times"):
        read_keras(json.dumps(config), "shared.json")


def test_a_model_inside_the_model_is_a_sentence():
    config = residual_keras2()
    config["config"]["layers"][5]["class_name"] = "Sequential"
    with pytest.raises(CnnCalcError, match="a model inside the model"):
        read_keras(json.dumps(config), "nested.json")


def test_the_import_command_reads_a_keras_archive_under_the_file_rules(tmp_path):
    """A .keras zip's config.json through `cnncalc import`; a FIFO named .keras is refused
    with a sentence, not read (it would block)."""
    import os
    import zipfile

    from click.testing import CliRunner

    from cnncalc.cli import main
    config = {"class_name": "Sequential", "config": {"name": "tiny", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 8, 8, 3], "name": "in"}},
        {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": [3, 3],
                                            "strides": [1, 1], "padding": "valid",
                                            "dilation_rate": [1, 1], "groups": 1,
                                            "use_bias": True, "activation": "linear",
                                            "data_format": "channels_last"}}]}}
    archive = tmp_path / "tiny.keras"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("config.json", json.dumps(config))
    out = tmp_path / "tiny.yaml"
    result = CliRunner().invoke(main, ["import", str(archive), "-o", str(out)])
    assert result.exit_code == 0, result.output
    totals = summarize(parse_spec(out.read_text(), "tiny.yaml")).totals
    assert totals.params == (3*3*3 + 1) * 4
    fifo = tmp_path / "pipe.keras"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["import", str(fifo)])
    assert result.exit_code == 2 and "FIFO" in result.output


@pytest.mark.parametrize("where, value", [("class_name", []), ("activation", ["relu"]),
                                          ("activation", {"class_name": {}})])
def test_a_list_or_mapping_where_a_word_belongs_is_a_sentence(where, value):
    """Found by a structured fuzz of configs: such values reached a dict lookup."""
    layer = {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": 3,
                                                "activation": "relu"}}
    if where == "class_name":
        layer["class_name"] = value
    else:
        layer["config"][where] = value
    config = {"class_name": "Sequential", "config": {"name": "t", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 8, 8, 3], "name": "in"}},
        layer]}}
    with pytest.raises(CnnCalcError):
        read_keras(json.dumps(config), "k.json")
