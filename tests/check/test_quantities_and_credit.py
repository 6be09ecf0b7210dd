"""Quantities as courses mean them (parameters are the trainable ones; BatchNorm's running
statistics only when asked for), the receptive field's jump and first centre, partial credit,
and bounded points. Expected numbers are hand arithmetic or published counts."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from cnncalc.check.answerfile import parse_homework
from cnncalc.check.grade import grade
from cnncalc.check.quantities import Quantity, read_point
from cnncalc.check.values import UnreadableAnswer

# ResNet-50's BatchNorm channels: bn1 64; each bottleneck's three BNs (w, w, 4w) over
# 3, 4, 6, 3 blocks of widths 64, 128, 256, 512, plus one downsample BN (4w) per stage
BN_CHANNELS = (64 + 3 * (64 + 64 + 256) + 256 + 4 * (128 + 128 + 512) + 512
               + 6 * (256 + 256 + 1024) + 1024 + 3 * (512 + 512 + 2048) + 2048)
RESNET50_TRAINABLE = 25_557_032                  # torchvision ResNet50_Weights: num_params
RESNET50_STATISTICS = 2 * BN_CHANNELS            # a running mean and variance per channel


def results_of(text: str) -> dict:
    return {r.id: r for r in grade(parse_homework(text, "hw.yaml")).results}


def test_resnet50_parameters_are_the_trainable_ones():
    assert BN_CHANNELS == 26_560 and RESNET50_STATISTICS == 53_120
    results = results_of(f"""\
network: resnet50
questions:
  - {{id: published, ask: params, answer: {RESNET50_TRAINABLE}}}
  - {{id: with_stats, ask: params, answer: {RESNET50_TRAINABLE + RESNET50_STATISTICS}}}
  - {{id: accepted, ask: params, answer: {RESNET50_TRAINABLE + RESNET50_STATISTICS},
     accept: bn_statistics_counted}}
  - {{id: all, ask: all_params, answer: {RESNET50_TRAINABLE + RESNET50_STATISTICS}}}
  - {{id: stats, ask: non_trainable_params, answer: {RESNET50_STATISTICS}}}
""")
    assert results["published"].correct and results["published"].right_value == 25_557_032
    assert results["published"].asked == "resnet50: trainable parameters of the network"
    slip = results["with_stats"]
    assert not slip.correct
    assert slip.reason.startswith("another convention (bn_statistics_counted): 25,557,032 + "
                                  "53,120 = 25,610,152 counts the 53,120 running statistics")
    assert results["accepted"].correct and "running statistics" in results["accepted"].accepted
    assert results["all"].correct and results["all"].right_value == 25_610_152
    assert results["stats"].correct


def test_a_batchnorm_layer_has_2c_trainable_parameters():
    # ResNet-50's bn1 normalizes 64 channels: γ and β trained, mean and variance not
    results = results_of("""\
network: resnet50
questions:
  - {id: p, layer: bn1, ask: params, answer: 128}
  - {id: four, layer: bn1, ask: params, answer: 256}
  - {id: all, layer: bn1, ask: all_params, answer: 256}
""")
    assert results["p"].correct and results["p"].right_value == 2 * 64
    assert "bn_statistics_counted" in results["four"].reason
    assert results["all"].correct
    assert results["four"].hint.startswith("2·C: a scale γ and a shift β per channel")


def test_a_network_without_batchnorm_says_parameters():
    results = results_of("network: alexnet\nquestions:\n  - {layer: conv1, ask: params}\n")
    assert results["q1"].asked == "conv1 (alexnet): parameters"
    assert results["q1"].quantity == "trainable_params"


def test_jump_and_first_centre_against_hand_calculation():
    """AlexNet (Araujo et al.'s recurrences): conv1 11/4 → j 4, start 0 + (11 − 1)/2 = 5;
    pool1 3/2 → j 8, start 5 + (3 − 1)/2·4 = 9; conv2 5/1 pad 2 → j 8, start
    9 + ((5 − 1)/2 − 2)·8 = 9; pool2 3/2 → j 16, start 9 + 1·8 = 17."""
    results = results_of("""\
network: alexnet
questions:
  - {id: j1, layer: conv1, ask: jump, answer: 4}
  - {id: s1, layer: conv1, ask: rf_start, answer: 5}
  - {id: j2, layer: conv2, ask: jump, answer: 8x8}
  - {id: s2, layer: conv2, ask: rf_center, answer: "(9, 9)"}
  - {id: s3, layer: pool2, ask: rf_start, answer: [17, 17]}
  - {id: wrong, layer: pool2, ask: jump, answer: 8}
  - {id: fc, layer: fc8, ask: jump}
""")
    assert [results[q].correct for q in ("j1", "s1", "j2", "s2", "s3", "wrong")] == [
        True, True, True, True, True, False]
    assert results["wrong"].right == "16×16"
    assert results["s2"].right == "(9, 9)"
    assert results["fc"].reason == "fc8's receptive field is the whole input: it has no " \
                                   "receptive field jump"


def test_a_centre_between_pixels_or_in_the_padding():
    # a 4×4 kernel, padding 2: start = 0 + ((4 − 1)/2 − 2)·1 = −1/2
    results = results_of("""\
questions:
  - {id: a, input: 8x8x1, layer: {conv: {filters: 1, kernel: 4, padding: 2}}, ask: rf_start,
     answer: -0.5}
  - {id: b, input: 8x8x1, layer: {conv: {filters: 1, kernel: 4, padding: 2}}, ask: rf_start,
     answer: "(-1/2, -1/2)"}
  - {id: c, input: 8x8x1, layer: {conv: {filters: 1, kernel: 4, padding: 2}}, ask: rf_start,
     answer: 0}
""")
    assert results["a"].correct and results["b"].correct and not results["c"].correct
    assert results["a"].right_value == [Fraction(-1, 2), Fraction(-1, 2)]


def test_a_point_that_cannot_be_read():
    assert read_point("(3, 4)") == (3, 4)
    with pytest.raises(UnreadableAnswer, match="is not a point"):
        read_point("(1, 2, 3)")
    with pytest.raises(UnreadableAnswer, match="is not a point"):
        read_point("centre")


def test_the_hints_name_the_recurrences():
    results = results_of("network: alexnet\nquestions:\n  - {layer: conv2, ask: jump}\n"
                         "  - {layer: conv2, ask: rf_start}\n")
    assert results["q1"].hint.startswith("j_out = j_in·s")
    assert results["q2"].hint.startswith("start_out = start_in + ((k' − 1)/2 − p)·j_in")


# --- partial credit -------------------------------------------------------------------------

def test_partial_credit_per_axis_for_a_shape(check):
    # AlexNet conv2: 27×27×256 (27 − 5 + 2·2 + 1 = 27)
    result = check("""\
        network: alexnet
        questions:
          - {id: two, layer: conv2, ask: output_shape, points: 3, partial: per_axis,
             answer: 27x27x96}
          - {id: none, layer: conv2, ask: output_shape, points: 3, partial: per_axis,
             answer: 1x1x1}
          - {id: whole, layer: conv2, ask: output_shape, points: 3, answer: 27x27x96}
        """, "--json")
    data = json.loads(result.output)
    two, none, whole = data["results"]
    assert two["points"] == 3 * 2 / 3 and two["correct"] is False
    assert two["credit"] == "partly right: 2 of 3 sizes"
    assert none["points"] == 0 and whole["points"] == 0
    assert data["score"] == 2


def test_partial_credit_inside_a_wider_tolerance(check):
    # conv1: (11·11·3 + 1)·96 = 34,944; 10% is 3,494.4
    result = check(f"""\
        network: alexnet
        questions:
          - {{id: near, layer: conv1, ask: params, points: 2,
             partial: {{tolerance: 10%, points: 0.5}}, answer: {34_944 + 3_000}}}
          - {{id: far, layer: conv1, ask: params, points: 2,
             partial: {{tolerance: 10%, points: 0.5}}, answer: {34_944 + 4_000}}}
          - {{id: slip, layer: conv1, ask: params, points: 2,
             partial: {{tolerance: 10%, points: 0.5}}, answer: {11 * 11 * 3 * 96}}}
        """, "--json")
    near, far, slip = json.loads(result.output)["results"]
    assert near["points"] == 2 * 0.5 and near["credit"] == \
        "close: within the partial-credit tolerance"
    assert far["points"] == 0
    # 34,848 (no biases) is within 10% too: half the points, and the slip is still named
    assert slip["points"] == 1 and "(no_bias)" in slip["reason"]
    hidden = json.loads(check(PARTIAL_SLIP, "--hide-solutions", "--json").output)
    assert hidden["results"][0]["credit"] == "close: within the partial-credit tolerance"
    assert hidden["results"][0]["reason"] is None          # the slip gives the value away


PARTIAL_SLIP = f"""\
network: alexnet
questions:
  - {{layer: conv1, ask: params, partial: {{tolerance: 10%, points: 0.5}},
     answer: {11 * 11 * 3 * 96}}}
"""


@pytest.mark.parametrize("partial, message", [
    ("sometimes", "hw.yaml:3:42: 'partial' cannot be 'sometimes'; write partial: per_axis"),
    ("{tolerance: 10%}", "hw.yaml:3:42: 'partial' gives a tolerance and the points it scores "
                         "together"),
    ("{tolerance: 10%, points: 2}", "hw.yaml:3:67: 'points' in 'partial' is the fraction of "
                                    "the question's points scored, from 0 to 1"),
])
def test_a_malformed_partial_is_a_located_error(check, partial, message):
    result = check(f"network: alexnet\nquestions:\n  - {{layer: conv1, ask: params, partial: "
                   f"{partial}}}\n")
    assert result.exit_code == 2
    assert result.output.startswith(message), result.output


# --- points are bounded ---------------------------------------------------------------------

def test_points_beyond_a_million_are_refused(check):
    """Two questions worth 1e308 each summed to infinity: "score": Infinity, not JSON."""
    result = check("network: alexnet\nquestions:\n  - {ask: params, points: 1.0e+308}\n"
                   "  - {ask: mults, points: 1.0e+308}\n", "--json")
    assert result.exit_code == 2
    assert result.output == ("hw.yaml:3:27: 'points' is at most 1,000,000 for one question, "
                             "received 1e+308; scale every question's points down alike\n")
    fine = check("network: alexnet\nquestions:\n  - {ask: params, points: 1000000}\n", "--json")
    assert json.loads(fine.output)["max_score"] == 10 ** 6


def test_every_quantity_has_a_name_and_a_reader():
    for quantity in Quantity:
        assert quantity.text


def test_a_batchnorm_layers_derivation_names_what_was_asked():
    results = results_of("network: resnet50\nquestions:\n  - {id: t, layer: bn1, ask: params}\n"
                         "  - {id: n, layer: bn1, ask: non_trainable_params}\n"
                         "  - {id: a, layer: bn1, ask: all_params}\n")
    assert results["t"].derivation == "2·64 = 128 trainable (γ, β)"
    assert results["n"].derivation == "2·64 = 128 running statistics (mean, variance)"
    assert results["a"].derivation == ("2·64 = 128 trainable (γ, β) + 2·64 = 128 running "
                                       "statistics (mean, variance)")
