"""`cnncalc import` of Caffe prototxts: the BVLC AlexNet deploy file and the authors' NIN
(CIFAR-10, old V1 syntax), written out here, import to the totals of the papers; small nets
check the graph plumbing by hand; hostile files end in a located sentence, exit code 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.errors import SpecError
from cnncalc.importers.caffe import read_caffe
from cnncalc.importers.prototxt import MAX_DEPTH, parse_prototxt
from cnncalc.importers.spec_writer import spec_yaml, to_network


def conv(name, bottom, filters, kernel, pad=0, stride=1, group=1):
    return (f'layer {{ name: "{name}" type: "Convolution" bottom: "{bottom}" top: "{name}"\n'
            f'  param {{ lr_mult: 1 decay_mult: 1 }} param {{ lr_mult: 2 decay_mult: 0 }}\n'
            f'  convolution_param {{ num_output: {filters} pad: {pad} kernel_size: {kernel} '
            f'stride: {stride} group: {group}\n'
            '    weight_filler { type: "gaussian" std: 0.01 } bias_filler { type: "constant" value: 0 } } }\n')


def inplace(name, kind, blob, extra=""):
    return f'layer {{ name: "{name}" type: "{kind}" bottom: "{blob}" top: "{blob}" {extra} }}\n'


def layer(name, kind, bottom, extra=""):
    return f'layer {{ name: "{name}" type: "{kind}" bottom: "{bottom}" top: "{name}" {extra} }}\n'


LRN = 'lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 }'
MAXPOOL = 'pooling_param { pool: MAX kernel_size: 3 stride: 2 }'

# models/bvlc_alexnet/deploy.prototxt (BVLC Caffe): ReLU → LRN → pool, as the paper and the
# bundled alexnet spec. (bvlc_reference_caffenet swaps pool and norm.)
ALEXNET = ('name: "AlexNet"\n'
           'layer { name: "data" type: "Input" top: "data"\n'
           '  input_param { shape: { dim: 10 dim: 3 dim: 227 dim: 227 } } }\n'
           + conv("conv1", "data", 96, 11, stride=4) + inplace("relu1", "ReLU", "conv1")
           + layer("norm1", "LRN", "conv1", LRN) + layer("pool1", "Pooling", "norm1", MAXPOOL)
           + conv("conv2", "pool1", 256, 5, pad=2, group=2) + inplace("relu2", "ReLU", "conv2")
           + layer("norm2", "LRN", "conv2", LRN) + layer("pool2", "Pooling", "norm2", MAXPOOL)
           + conv("conv3", "pool2", 384, 3, pad=1) + inplace("relu3", "ReLU", "conv3")
           + conv("conv4", "conv3", 384, 3, pad=1, group=2) + inplace("relu4", "ReLU", "conv4")
           + conv("conv5", "conv4", 256, 3, pad=1, group=2) + inplace("relu5", "ReLU", "conv5")
           + layer("pool5", "Pooling", "conv5", MAXPOOL)
           + layer("fc6", "InnerProduct", "pool5", "inner_product_param { num_output: 4096 }")
           + inplace("relu6", "ReLU", "fc6")
           + inplace("drop6", "Dropout", "fc6", "dropout_param { dropout_ratio: 0.5 }")
           + layer("fc7", "InnerProduct", "fc6", "inner_product_param { num_output: 4096 }")
           + inplace("relu7", "ReLU", "fc7")
           + inplace("drop7", "Dropout", "fc7", "dropout_param { dropout_ratio: 0.5 }")
           + layer("fc8", "InnerProduct", "fc7", "inner_product_param { num_output: 1000 }")
           + layer("prob", "Softmax", "fc8"))


def v1(name, kind, bottom, top=None, extra=""):
    return (f'layers {{ name: "{name}" type: {kind} bottom: "{bottom}" top: "{top or name}"\n'
            f'  blobs_lr: 1 blobs_lr: 2 {extra} }}\n')


def v1conv(name, bottom, filters, kernel, pad=0):
    return (v1(name, "CONVOLUTION", bottom, extra=f"convolution_param {{ num_output: {filters} "
                                                  f"pad: {pad} kernel_size: {kernel} }}")
            + v1(f"relu_{name}", "RELU", name, name))


# The authors' cifar10_nin.prototxt (Lin, Chen, Yan 2014), V1 syntax, as a deploy net.
NIN = ('name: "CIFAR10_NIN"  # Network in Network\n'
       'input: "data" input_dim: 1 input_dim: 3 input_dim: 32 input_dim: 32\n'
       + v1conv("conv1", "data", 192, 5, 2) + v1conv("cccp1", "conv1", 160, 1)
       + v1conv("cccp2", "cccp1", 96, 1)
       + v1("pool1", "POOLING", "cccp2", extra="pooling_param { pool: MAX kernel_size: 3 stride: 2 }")
       + v1("drop3", "DROPOUT", "pool1", "pool1", "dropout_param { dropout_ratio: 0.5 }")
       + v1conv("conv2", "pool1", 192, 5, 2) + v1conv("cccp3", "conv2", 192, 1)
       + v1conv("cccp4", "cccp3", 192, 1)
       + v1("pool2", "POOLING", "cccp4", extra="pooling_param { pool: AVE kernel_size: 3 stride: 2 }")
       + v1("drop6", "DROPOUT", "pool2", "pool2", "dropout_param { dropout_ratio: 0.5 }")
       + v1conv("conv3", "pool2", 192, 3, 1) + v1conv("cccp5", "conv3", 192, 1)
       + v1conv("cccp6", "cccp5", 10, 1)
       + v1("pool3", "POOLING", "cccp6", extra="pooling_param { pool: AVE kernel_size: 8 stride: 1 }")
       + v1("flatten", "FLATTEN", "pool3") + v1("prob", "SOFTMAX", "flatten"))


def totals(text: str, input_shape=None):
    network = to_network(read_caffe(text, "model.prototxt", input_shape))
    result = summarize(network).totals
    return result.params, result.mults


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_alexnet_deploy_has_the_papers_totals():
    params, mults = totals(ALEXNET)
    # conv1 11·11·3·96+96, conv2 5·5·48·256+256, conv3 3·3·256·384+384, conv4 3·3·192·384+384,
    # conv5 3·3·192·256+256, fc6 9216·4096+4096, fc7 4096·4096+4096, fc8 4096·1000+1000
    assert params == (34_944 + 307_456 + 885_120 + 663_936 + 442_624
                      + 37_752_832 + 16_781_312 + 4_097_000) == 60_965_224
    # the bundled alexnet spec's required total (the table; the PyTorch hook count)
    assert mults == 724_406_816


def test_nin_v1_syntax_has_the_papers_totals():
    params, mults = totals(NIN)
    # conv1 5·5·3·192+192, cccp1 192·160+160, cccp2 160·96+96, conv2 5·5·96·192+192,
    # cccp3, cccp4, cccp5 192·192+192, conv3 3·3·192·192+192, cccp6 192·10+10
    assert params == (14_592 + 30_880 + 15_456 + 460_992 + 3 * 37_056 + 331_968
                      + 1_930) == 966_986
    assert mults == 222_486_528        # the bundled nin spec's (PyTorch hook count)


def test_caffe_pools_round_up():
    document = read_caffe(NIN, "nin.prototxt")
    text = spec_yaml(document)
    assert "- maxpool: {name: pool1, kernel: 3, stride: 2, ceil_mode: true}" in text  # no from:
    shapes = {row.name: row.output_shape for row in summarize(to_network(document)).layers}
    # 32 → ⌈(32 − 3)/2⌉ + 1 = 16 → ⌈(16 − 3)/2⌉ + 1 = 8 (rounding down would give 15 and 7)
    assert shapes["pool1"] == (16, 16, 96) and shapes["pool2"] == (8, 8, 192)
    assert shapes["pool3"] == (1, 1, 10)


BRANCHES = ('name: "branches"\ninput: "data"\ninput_shape { dim: 1 dim: 8 dim: 10 dim: 10 }\n'
            + layer("split", "Split", "data").replace('top: "split"', 'top: "a" top: "b"')
            + conv("left", "a", 4, 1) + layer("bn", "BatchNorm", "left")
            + layer("sc", "Scale", "bn", "scale_param { bias_term: true }")
            + conv("right", "b", 4, 3, pad=1)
            + 'layer { name: "sum" type: "Eltwise" bottom: "sc" bottom: "right" top: "sum" }\n'
            + 'layer { name: "cat" type: "Concat" bottom: "sum" bottom: "data" top: "cat" }\n'
            + layer("inception_3a/prod", "Eltwise", "cat",
                    "eltwise_param { operation: PROD }").replace('bottom: "cat"',
                                                               'bottom: "cat" bottom: "cat"'))


def test_split_batchnorm_scale_eltwise_concat_by_hand():
    document = read_caffe(BRANCHES, "branches.prototxt")
    kinds = [next(iter(layer)) for layer in document["layers"]]
    assert kinds == ["conv", "bn", "conv", "add", "concat", "multiply"]   # Scale folded into bn
    text = spec_yaml(document)
    assert "- conv: {name: right, from: input," in text
    assert "- add: {name: sum, from: [bn, right]}" in text
    assert '"inception_3a_prod"' not in text and "inception_3a_prod" in text  # '/' is instance/name
    network = to_network(document)
    result = summarize(network).totals
    # left 1·1·8·4+4, bn γ β + running mean, var 4·4, right 3·3·8·4+4
    assert result.params == 36 + 16 + 292
    # left 10·10·4·8, right 10·10·4·(3·3·8); add, concat, multiply count none
    assert result.mults == 3_200 + 28_800


def test_input_option_supplies_a_data_layers_shape():
    text = ('layer { name: "data" type: "Data" top: "data" include { phase: TEST } }\n'
            'layer { name: "train" type: "Data" top: "data" include { phase: TRAIN } }\n'
            + layer("ip", "InnerProduct", "data", "inner_product_param { num_output: 10 }"))
    with pytest.raises(SpecError, match="--input"):
        read_caffe(text, "lenet.prototxt")
    assert totals(text, (28, 28, 1)) == (28 * 28 * 10 + 10, 28 * 28 * 10)


def test_cli_writes_the_spec(tmp_path):
    model = tmp_path / "alexnet.prototxt"
    model.write_text(ALEXNET)
    out = tmp_path / "alexnet.yaml"
    result = run("import", str(model), "-o", str(out))
    assert result.exit_code == 0, result.output
    summary = run("summarize", str(out), "--json")
    assert '"params": 60965224' in summary.output
    assert run("import", str(model)).output.startswith('name: AlexNet\n')


def test_cli_other_formats_are_a_sentence(tmp_path):
    model = tmp_path / "net.onnx"
    model.write_bytes(b"\x08\x07")
    result = run("import", str(model))
    assert result.exit_code == 2 and "not available yet" in result.output
    result = run("import", str(tmp_path / "net.weird"))
    assert result.exit_code == 2 and "--from" in result.output


def hostile(tmp_path, text: str) -> str:
    model = tmp_path / "hostile.prototxt"
    model.write_text(text)
    result = run("import", str(model))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def test_hostile_truncated(tmp_path):
    message = hostile(tmp_path, ALEXNET[:ALEXNET.index("weight_filler")])
    assert "hostile.prototxt:" in message
    assert "ends inside the message opened at line 6, column 21; close it with }" in message
    message = hostile(tmp_path, ALEXNET[:300])      # cut inside a word
    assert "hostile.prototxt:6:32: field num_outpu is followed by the end of the file" in message


def test_hostile_unbalanced_braces(tmp_path):
    message = hostile(tmp_path, ALEXNET + "}\n")
    assert f"hostile.prototxt:{ALEXNET.count(chr(10)) + 1}:1: a closing }} with no message open" \
        in message


def test_hostile_ten_megabyte_string(tmp_path):
    message = hostile(tmp_path, 'name: "' + "x" * 10_000_000 + '"\n')
    assert "characters" in message and "hostile.prototxt" in message


def test_hostile_long_string_within_the_file_limit(tmp_path):
    message = hostile(tmp_path, 'name: "' + "x" * 1_000_000 + '"\n')
    assert "hostile.prototxt:1:7: a string of 1,000,000 characters" in message


def test_hostile_deep_nesting(tmp_path):
    message = hostile(tmp_path, "a { " * 100_000 + "} " * 100_000)
    assert f"nested more than {MAX_DEPTH} deep" in message


def test_hostile_unknown_layer_type(tmp_path):
    message = hostile(tmp_path, ALEXNET.replace('type: "LRN"', 'type: "Crazy\\x1b[31m"', 1))
    assert "layer 'norm1' has type 'Crazy\\x1b[31m'" in message and "\x1b" not in message
    assert "it reads Input, Data, Convolution" in message


def test_hostile_unclosed_string_and_garbage():
    with pytest.raises(SpecError, match=r"m:2:7: a string"):
        parse_prototxt('a: 1\nname: "abc\n', "m")
    with pytest.raises(SpecError, match=r"m:1:4: '@@' is not protobuf text"):
        parse_prototxt("a: @@", "m")


def test_prototxt_strings_lists_and_comments():
    message = parse_prototxt('# c\nname: "a\\"b\\n" \'c\' top: ["x", "y"] p < k: -1.5e-3 >', "m")
    assert message.value("name") == 'a"b\nc'
    assert [field.value for field in message.all("top")] == ["x", "y"]
    assert message.value("p").value("k") == -0.0015


def test_cli_hands_keras_json_to_the_keras_importer(tmp_path, monkeypatch):
    import sys
    import types

    seen = {}

    def read_keras(text, filename, input_shape=None):
        seen.update(text=text, input_shape=input_shape)
        return {"name": "tiny", "input": "4x4x2",
                "layers": [{"conv": {"name": "c", "filters": 3, "kernel": 3}}]}

    monkeypatch.setitem(sys.modules, "cnncalc.importers.keras",
                        types.SimpleNamespace(read_keras=read_keras))
    model = tmp_path / "model.json"
    model.write_text("{}")
    result = run("import", str(model), "--input", "4x4x2")
    assert result.exit_code == 0, result.output
    assert seen == {"text": "{}", "input_shape": (4, 4, 2)}
    assert "  - conv: {name: c, filters: 3, kernel: 3}" in result.output


def test_cli_keras_without_its_importer_is_a_sentence(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "cnncalc.importers.keras", None)   # import fails
    model = tmp_path / "model.txt"
    model.write_text("{}")
    result = run("import", str(model), "--from", "keras")
    assert result.exit_code == 2 and "importing keras models is not available yet" in result.output


def test_hostile_infinite_value(tmp_path):
    message = hostile(tmp_path, ALEXNET.replace("alpha: 0.0001", "alpha: 1e999", 1))   # a float beyond the largest
    assert "hostile.prototxt:9:90: layer 'norm1': alpha is inf; write a finite number" in message


def test_hostile_unknown_v1_type(tmp_path):
    message = hostile(tmp_path, NIN.replace("type: FLATTEN", "type: DECONVOLUTION"))
    assert "layer 'flatten' has type 'DECONVOLUTION', which this importer does not read" \
        in message


def test_rectangular_kernels_dilation_no_bias_by_hand():
    text = ('input: "data" input_dim: 1 input_dim: 4 input_dim: 20 input_dim: 30\n'
            'layer { name: "c" type: "Convolution" bottom: "data" top: "c"\n'
            '  convolution_param { num_output: 6 kernel_h: 3 kernel_w: 5 pad_h: 1 pad_w: 2\n'
            '    dilation: 2 bias_term: false } }\n'
            'layer { name: "p" type: "Pooling" bottom: "c" top: "p"\n'
            '  pooling_param { pool: AVE global_pooling: true } }\n')
    document = read_caffe(text, "r.prototxt")
    assert document["layers"][0] == {"conv": {"name": "c", "filters": 6, "kernel": [3, 5],
                                              "padding": [1, 2], "dilation": 2, "bias": False}}
    network = to_network(document)
    rows = summarize(network).layers
    # dilated 3×5 spans 5×9: H 20 + 2 − 5 + 1 = 18, W 30 + 4 − 9 + 1 = 26
    assert rows[0].output_shape == (18, 26, 6) and rows[1].output_shape == (1, 1, 6)
    assert summarize(network).totals.params == 3 * 5 * 4 * 6
    assert summarize(network).totals.mults == 18 * 26 * 6 * (3 * 5 * 4)
