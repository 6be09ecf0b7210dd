"""A malformed answers file is exit code 2 with one line: file:line:column, what is wrong, what
would be right. (Wrong answers are never errors: see test_check_cli.py.)"""

from __future__ import annotations

import pytest

SLIPS = ("flops_for_mults, mults_for_flops, no_bias, extra_bias, ceil_for_floor, floor_for_ceil,"
         " groups_ignored, padding_forgotten, hw_swapped, channels_first, wrong_input_channels, "
         "bn_statistics_counted, bn_statistics_left_out, transposed_over_output")
QUANTITIES = ("output_shape, height, width, channels, params, all_params, weights, biases, "
              "trainable_params, non_trainable_params, mults, flops, activations, memory, "
              "receptive_field, jump, rf_start")

CASES = [
    ("- just a list\n",
     "hw.yaml:1:1: an answers file is a mapping with 'questions' (and usually 'network' or "
     "'networks'), e.g."),
    ("network: alexnet\nquestions: []\n",
     "hw.yaml:2:12: 'questions' is a non-empty list of questions, each like {layer: conv1, ask: "
     "params, answer: 34944}"),
    ("network: alexnet\nquestionz: []\n",
     "hw.yaml:2:1: unknown key 'questionz' (did you mean 'questions'?); an answers file has "
     "title, student, tolerance, accept, batch, partial, visibility, network, networks, "
     "questions"),
    ("network: alexnet\nquestions:\n  - {layer: conv1, ask: params, anwser: 3}\n",
     "hw.yaml:3:33: unknown key 'anwser' (did you mean 'answer'?); question 1 has id, text, "
     "network, layer, ask, find, input, output, answer, points, tolerance, accept, batch, "
     "partial, visibility"),
    ("network: alexnet\nquestions:\n  - {layer: conv1, answer: 3}\n",
     "hw.yaml:3:5: question 1 asks nothing: give 'ask' (a quantity such as output_shape or "
     "params) or 'find' (a hyper-parameter)"),
    ("network: alexnet\nquestions:\n  - {layer: conv1, ask: paramz, answer: 3}\n",
     f"hw.yaml:3:25: cannot ask for 'paramz' (did you mean 'params'?); a question asks for one "
     f"of: {QUANTITIES}"),
    ("networks: {a: alexnet, b: lenet5}\nquestions:\n  - {network: c, ask: params}\n",
     "hw.yaml:3:15: network 'c' is not one of this file's networks; the file's networks: a, b"),
    ("networks: {a: alexnet, b: lenet5}\nquestions:\n  - {ask: params}\n",
     "hw.yaml:3:5: the file has several networks (a, b); say which with 'network:'"),
    ("questions:\n  - {layer: conv1, ask: params}\n",
     "hw.yaml:2:5: this question names no network: add 'network:' at the top of the file, or "
     "give the question 'input' and 'layer' (a stand-alone layer)"),
    ("network: nosuch\nquestions:\n  - {ask: params}\n",
     "hw.yaml:1:10: no file 'nosuch' here and no bundled spec named 'nosuch'; bundled specs: "),
    ("network: alexnet\nnetworks: {a: lenet5}\nquestions:\n  - {ask: params}\n",
     "hw.yaml:2:1: give either 'network' (one) or 'networks' (several), not both"),
    ("network: alexnet\nquestions:\n  - {layer: conv1, ask: params, points: -1}\n",
     "hw.yaml:3:41: 'points' is a number of at least 0, received -1"),
    ("network: alexnet\nquestions:\n  - {layer: conv1, ask: params, points: yes}\n",
     "hw.yaml:3:41: 'points' is a number of at least 0, received True"),
    ("network: alexnet\nbatch: 0\nquestions:\n  - {ask: params}\n",
     "hw.yaml:2:8: 'batch' is a whole number of at least 1, received 0"),
    ("network: alexnet\naccept: [flops_for_mult]\nquestions:\n  - {ask: params}\n",
     f"hw.yaml:2:10: 'accept' names an unknown slip 'flops_for_mult' (did you mean "
     f"'flops_for_mults'?); the slips and conventions are: {SLIPS}"),
    ("network: alexnet\nquestions:\n  - {ask: params, accept: nonsense}\n",
     f"hw.yaml:3:27: 'accept' names an unknown slip 'nonsense'; the slips and conventions "
     f"are: {SLIPS}"),
    ("network: alexnet\nquestions:\n  - {id: a, ask: params}\n  - {id: a, ask: mults}\n",
     "hw.yaml:4:5: question id 'a' is used twice (first at line 3); give each question its "
     "own id"),
    ("questions:\n  - {input: 32x32x3, layer: {conv: {filters: 6, kernel: 5}}, find: padding}\n",
     "hw.yaml:2:5: a 'find' question needs 'output': the output size the padding must give, "
     "e.g. output: 32x32"),
    ("questions:\n  - {input: 32x32x3, layer: {conv: {filters: 6, kernel: 5}}, find: pading, "
     "output: 28x28}\n",
     "hw.yaml:2:68: cannot find 'pading' (did you mean 'padding'?); 'find' is one of: padding, "
     "stride, kernel, dilation, input"),
    ("questions:\n  - {input: 32x32x3, layer: {conv: {filters: 6, kernel: 5, padding: 0}}, "
     "find: padding, output: 28x28}\n",
     "hw.yaml:2:29: the layer gives padding itself; leave it out for the student to find"),
    ("questions:\n  - {input: 32x32x3, layer: {konv: {filters: 6}}, find: kernel, "
     "output: 28x28}\n",
     "hw.yaml:2:29: unknown layer kind 'konv' (did you mean 'conv'?); `cnncalc kinds` lists "
     "them"),
    ("questions:\n  - {input: 32x32x3, layer: {conv: {filters: 6}}, find: kernel, "
     "output: 28}\n",
     "hw.yaml:2:73: output 28 is not a size: write H×W such as 32x32 (or H×W×C), every size at "
     "least 1"),
    ("questions:\n  - {input: 32x32x3, layer: {conv: {filters: 6, kernal: 5}}, ask: params}\n",
     "hw.yaml:2:49: layer 1 'conv1': unknown setting 'kernal' (did you mean 'kernel'?); this "
     "layer takes: filters, kernel, "),
    ("questions:\n  - {input: 32x32x3, layer: {conv: {filters: 6, kernel: 55}}, ask: params}\n",
     "hw.yaml:2:29: layer 1 'conv1': kernel 55×55 is larger than its padded input 32×32; use a "
     "smaller kernel, more padding or a larger input (input 32×32×3)"),
    ("network: {input: 32x32x3, layers: [{conv: {filters: 6, kernel: 5}}]}\nquestions:\n"
     "  - {ask: params, tolerance: lots}\n",
     "hw.yaml:3:30: tolerance: "),
    ("network: alexnet\nquestions:\n  - {layer: conv1, ask: params, answer: 1}\n"
     "  - {layer: conv1, ask: params, answer: 1, answer: 2}\n",
     "hw.yaml:4:44: duplicate key 'answer' (first given at line 4); give each setting once"),
    ("network: alexnet\nquestions:\n  - {layer: conv1, ask: params, output: 3x3}\n",
     "hw.yaml:3:33: 'output' belongs to a 'find' question (the output wanted); an 'ask' "
     "question takes its layer's own output"),
]


@pytest.mark.parametrize("text, message", CASES, ids=[str(i) for i in range(len(CASES))])
def test_malformed_files_are_exit_2_with_a_location(check, text, message):
    result = check(text)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(message), result.output
    assert len(result.output.splitlines()) == 1 or "e.g." in message


def test_an_inline_spec_error_points_into_the_answers_file(check):
    result = check("networks:\n  tiny:\n    input: 32x32x3\n    layers:\n"
                   "      - conv: {filters: 16, kernel: 3, stride: 0}\n"
                   "questions:\n  - {ask: params}\n")
    assert result.exit_code == 2
    assert result.output == ("hw.yaml:5:48: layer 1 'conv1': stride: must be a whole number of "
                             "at least 1, received 0\n")
