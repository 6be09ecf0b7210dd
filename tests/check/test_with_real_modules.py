"""End to end with the answer reader, the slip finder and the solver. Expected numbers are hand arithmetic for AlexNet conv1: (11·11·3 + 1)·96 parameters,
55·55·96 · 11·11·3 multiplications."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnncalc.check.slips import Slip

CONV1_PARAMS = (11 * 11 * 3 + 1) * 96
CONV1_MULTS = 55 * 55 * 96 * 11 * 11 * 3

def results_of(check, text: str, *args: str) -> list[dict]:
    result = check(text, "--json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["results"]


def test_a_recognised_slip_is_named_with_its_numbers(check):
    no_bias, flops = results_of(check, f"""\
        network: alexnet
        questions:
          - {{layer: conv1, ask: params, answer: {11 * 11 * 3 * 96}}}
          - {{layer: conv1, ask: mults, answer: {2 * CONV1_MULTS}}}
        """)
    assert not no_bias["correct"]
    assert no_bias["reason"].startswith("another convention (no_bias): leaves out the 96 biases")
    assert f"{11 * 11 * 3 * 96:,}" in no_bias["reason"]
    assert flops["reason"].startswith("another convention (flops_for_mults): ")


def test_an_accepted_slip_scores_and_says_so(check):
    text = f"""\
        network: alexnet
        accept: [no_bias]
        questions:
          - {{layer: conv1, ask: params, answer: {11 * 11 * 3 * 96}}}
          - {{layer: conv1, ask: mults, answer: {2 * CONV1_MULTS}, accept: [flops_for_mults]}}
          - {{layer: conv1, ask: flops, answer: {CONV1_MULTS}}}
        """
    no_bias, flops, mults = results_of(check, text)
    assert no_bias["correct"] and no_bias["accepted"] == Slip.NO_BIAS.text
    assert flops["correct"] and flops["accepted"] == Slip.FLOPS_FOR_MULTS.text
    assert not mults["correct"]       # mults_for_flops is not accepted here
    table = check(text)
    assert f"accepted: {Slip.NO_BIAS.text}" in table.output.replace("\n     ", " ")
    assert table.exit_code == 1


def test_a_slip_diagnosis_is_hidden_with_the_solutions(check):
    result = results_of(check, f"""\
        network: alexnet
        questions:
          - {{layer: conv1, ask: params, answer: {11 * 11 * 3 * 96}}}
        """, "--hide-solutions")[0]
    assert result["reason"] is None and result["right"] is None


@pytest.mark.parametrize("answer, correct", [
    ("34 944", True), ("34,944", True), ("3.4944e4", True), ("35K", True), ("34.9 K", True),
    ("34.8K", False), ("34,945", False), ("3.5e4", True)])
def test_params_written_the_way_people_write_them(check, answer, correct):
    result = results_of(check, f"""\
        network: alexnet
        questions:
          - {{layer: conv1, ask: params, answer: "{answer}"}}
        """)[0]
    assert result["correct"] is correct, (answer, result)


def test_abbreviated_totals_are_judged_to_their_precision(check):
    # AlexNet (two groups): 60,965,224 parameters, 724,406,816 multiplications
    results = results_of(check, """\
        network: alexnet
        questions:
          - {ask: params, answer: 61M}
          - {ask: params, answer: 61 million}
          - {ask: params, answer: 60.97M}
          - {ask: params, answer: 62M}
          - {ask: mults, answer: 0.72 G}
          - {ask: memory, answer: 300 MB}
        """)
    assert [r["correct"] for r in results] == [True, True, True, False, True, False]


def test_find_the_input(check):
    # 32 − 5 + 1 = 28: a 5×5 convolution without padding needs a 32×32 input
    right, wrong = results_of(check, """\
        questions:
          - layer: {conv: {filters: 6, kernel: 5}}
            find: input
            output: 28x28
            answer: 32
          - layer: {conv: {filters: 6, kernel: 5}}
            find: input
            output: 28x28
            answer: 30
        """)
    assert right["correct"] and right["right"] == "32"
    assert right["derivation"] == "input 32: H, W: 32 − 5 + 2·0 + 1 = 28; C = K = 6"
    assert wrong["reason"] == "input 30 gives 26×26, not 28×28"      # 30 − 5 + 1 = 26


DOC = Path(__file__).resolve().parents[2] / "docs" / "checking.md"


def test_the_documented_example_grades_as_documented(check):
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    result = check(example)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Score: 8 / 10 points, 7 of 9 questions right"
    assert result.output in text      # the sample output in the README is this output
