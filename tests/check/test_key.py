"""The answer key agrees with the calculator (`layer_value`, `total_value`) and with hand
arithmetic, for every quantity a question may ask."""

from __future__ import annotations

import json

import pytest

from cnncalc.calculator import summarize
from cnncalc.check.answerfile import parse_homework
from cnncalc.check.grade import grade
from cnncalc.check.quantities import Quantity, layer_value, total_value
from cnncalc.spec import load_spec

# AlexNet conv1: 96 filters 11×11×3, stride 4, 227×227×3 → 55×55×96
CONV1 = {
    "output_shape": [55, 55, 96], "height": 55, "width": 55, "channels": 96,
    "params": (11 * 11 * 3 + 1) * 96, "weights": 11 * 11 * 3 * 96, "biases": 96,
    "trainable_params": (11 * 11 * 3 + 1) * 96, "non_trainable_params": 0,
    "mults": 55 * 55 * 96 * 11 * 11 * 3, "flops": 2 * 55 * 55 * 96 * 11 * 11 * 3,
    "activations": 55 * 55 * 96, "memory": 4 * 55 * 55 * 96, "receptive_field": [11, 11],
    "all_params": (11 * 11 * 3 + 1) * 96,      # no BatchNorm: all are trainable
    "jump": [4, 4],                            # the stride
    "rf_start": [(11 - 1) // 2, (11 - 1) // 2],  # 0 + ((11 − 1)/2 − 0)·1 = 5
}


def key_of(text: str):
    return {result.id: result for result in grade(parse_homework(text, "key.yaml")).results}


@pytest.mark.parametrize("quantity", list(Quantity), ids=lambda q: q.value)
def test_key_of_alexnet_conv1_is_hand_arithmetic_and_the_calculator(quantity):
    key = key_of(f"network: alexnet\nquestions:\n  - {{layer: conv1, ask: {quantity.value}}}\n")
    result = key["q1"]
    assert result.right_value == CONV1[quantity.value]
    truth = layer_value(quantity, summarize(load_spec("alexnet")).row("conv1"))
    assert result.right_value == (list(truth) if isinstance(truth, tuple) else truth)
    assert result.derivation


def test_key_of_network_totals_is_the_calculator():
    questions = "".join(f"  - {{id: {q.value}, ask: {q.value}}}\n" for q in Quantity)
    key = key_of(f"network: resnet18\nbatch: 2\nquestions:\n{questions}")
    summary = summarize(load_spec("resnet18"), batch=2)
    for quantity in Quantity:
        result = key[quantity.value]
        if quantity in (Quantity.JUMP, Quantity.RF_START):  # fc made the field global
            assert result.right_value is None
            assert result.reason == ("softmax1's receptive field is the whole input: it has no "
                                     f"{quantity.text}")
            continue
        if quantity in (Quantity.HEIGHT, Quantity.WIDTH):   # the output is a vector of 1000
            assert result.right_value is None
            assert result.reason == ("softmax1's output is a vector of 1000: it has no "
                                     f"{quantity.text}")
            continue
        truth = total_value(quantity, summary)
        assert result.right_value == (list(truth) if isinstance(truth, tuple) else truth)
        assert result.derivation, quantity
    # and independently: torchvision's ResNet18_Weights num_params, 2 × 4,800 BN channels of
    # running statistics, the PyTorch hook count of the multiplications (tests/torch_models.py),
    # here for a batch of 2
    assert key["trainable_params"].right_value == 11_689_512
    assert key["non_trainable_params"].right_value == 2 * 4_800
    assert key["all_params"].right_value == 11_689_512 + 2 * 4_800
    assert key["mults"].right_value == 2 * 1_814_073_344
    assert key["flops"].right_value == 2 * 2 * 1_814_073_344


def test_key_values_and_derivations_read_like_the_formulas():
    key = key_of("""\
network: alexnet
questions:
  - {id: params, ask: params}
  - {id: flops, layer: conv2, ask: flops}
  - {id: h, layer: pool1, ask: height}
  - {id: memory, layer: conv1, ask: memory}
  - {id: weights, layer: fc8, ask: weights}
  - id: alone
    input: 28x28x1
    layer: {conv: {filters: 20, kernel: 5}}
    ask: mults
""")
    assert key["params"].right == "60,965,224"                # Krizhevsky et al., two groups
    # conv2: 256 filters 5×5×(96/2), pad 2, on 27×27×96: 27·27·256 · 5·5·48
    assert key["flops"].right == f"{2 * 27 * 27 * 256 * 5 * 5 * 48:,}"
    assert key["flops"].derivation == (f"2 × 27·27·256 · 5·5·96/2 = "
                                       f"{2 * 27 * 27 * 256 * 5 * 5 * 48:,}")
    assert key["h"].derivation == "⌊(55 − 3 + 2·0)/2⌋ + 1 = 27"
    assert key["memory"].right == f"{4 * 55 * 55 * 96:,} bytes (1.108 MiB)"
    assert key["weights"].derivation == (f"trainable parameters − biases = {4097 * 1000:,} − "
                                         f"1,000 = {4096 * 1000:,}")
    # LeNet's first layer as a stand-alone question: 24·24·20 · 5·5·1
    assert key["alone"].right == f"{24 * 24 * 20 * 5 * 5:,}"
    assert key["alone"].asked == "conv 20 × 5×5 on 28×28×1: multiplications"


def test_batch_scales_the_key():
    key = key_of("network: alexnet\nbatch: 8\nquestions:\n  - {layer: conv1, ask: mults}\n")
    assert key["q1"].right_value == 8 * 55 * 55 * 96 * 11 * 11 * 3
    assert key["q1"].derivation == f"8 × (55·55·96 · 11·11·3) = {8 * CONV1['mults']:,}"
    assert key["q1"].asked == "conv1 (alexnet): multiplications (batch 8)"


def test_receptive_fields_are_read_as_sizes_or_global(check):
    # AlexNet: conv1 sees 11; pool1 (3, stride 2, jump 4) adds (3 − 1)·4 = 8 → 19;
    # conv2 (5, jump 4·2 = 8) adds (5 − 1)·8 = 32 → 51
    result = check("""\
        network: alexnet
        questions:
          - {layer: conv2, ask: receptive_field, answer: 51x51}
          - {layer: conv2, ask: rf, answer: 51}
          - {layer: pool1, ask: rf, answer: 17}
          - {layer: fc8, ask: rf, answer: global}
          - {layer: conv2, ask: rf, answer: 51x51x3}
        """, "--json")
    results = json.loads(result.output)["results"]
    assert [r["correct"] for r in results] == [True, True, False, True, False]
    assert results[0]["right"] == "51×51" and results[0]["right_value"] == [51, 51]
    assert results[2]["right"] == "19×19"
    assert results[3]["right_value"] == "global"
    assert results[4]["reason"] == ("51x51x3 has 3 sizes; a receptive field is H×W, one number "
                                    "when it is square, or the word global")
