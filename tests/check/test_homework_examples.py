"""The homework examples stay right: the answer key worked out by hand, the calculator agreeing
with it, every answer in answers_correct.yaml accepted, every slip in answers_mistakes.yaml equal
to the slip's arithmetic, refused, and named in its comment — read with `check.values` alone, so
these tests do not depend on how `cnncalc check` reports."""

from __future__ import annotations

import copy
import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from cnncalc.calculator import summarize
from cnncalc.check.quantities import layer_value, quantity_named, total_value
from cnncalc.check.values import (accepts, read_bytes, read_number, read_setting, read_shape,
                                  read_tolerance)
from cnncalc.spec import load_spec, parse_spec

ROOT = Path(__file__).resolve().parents[2]
HOMEWORK = ROOT / "examples" / "homework"

ALEXNET_MULTS = (55 * 55 * 96 * 11 * 11 * 3 + 27 * 27 * 256 * 5 * 5 * 48
                 + 13 * 13 * 384 * 3 * 3 * 256 + 13 * 13 * 384 * 3 * 3 * 192
                 + 13 * 13 * 256 * 3 * 3 * 192 + 9216 * 4096 + 4096 * 4096 + 4096 * 1000)
KEY = {   # question id: the right answer, worked out by hand
    "1a": (32 - 5 + 1, 32 - 5 + 1, 6),
    "1b": (5 * 5 * 1 + 1) * 6,
    "1c": ((28 - 2) // 2 + 1, (28 - 2) // 2 + 1, 6),
    "1d": (5 * 5 * 6 + 1) * 16,
    "1e": 10 * 10 * 16 * 5 * 5 * 6,
    "1f": (5 - 5 + 1, 5 - 5 + 1, 120),
    "1g": (120 + 1) * 84,
    "1h": ((5 * 5 * 1 + 1) * 6 + (5 * 5 * 6 + 1) * 16 + (5 * 5 * 16 + 1) * 120
           + (120 + 1) * 84 + (84 + 1) * 10),
    "1i": (28 * 28 * 6 * 5 * 5 * 1 + 10 * 10 * 16 * 5 * 5 * 6 + 1 * 1 * 120 * 5 * 5 * 16
           + 120 * 84 + 84 * 10),
    "2a": ((227 - 11) // 4 + 1, (227 - 11) // 4 + 1, 96),
    "2b": (11 * 11 * 3 + 1) * 96,
    "2c": 55 * 55 * 96 * 11 * 11 * 3,
    "2d": 2 * 55 * 55 * 96 * 11 * 11 * 3,
    "2e": ((55 - 3) // 2 + 1, (55 - 3) // 2 + 1, 96),
    "2f": (27 - 5 + 2 * 2 + 1, 27 - 5 + 2 * 2 + 1, 256),
    "2g": (5 * 5 * 96 // 2 + 1) * 256,
    "2h": 27 * 27 * 256 * 5 * 5 * 96 // 2,
    "2i": ((13 - 3) // 2 + 1, (13 - 3) // 2 + 1, 256),
    "2j": (6 * 6 * 256 + 1) * 4096,
    "2k": 55 * 55 * 96 * 4,
    "2l": ((11 * 11 * 3 + 1) * 96 + (5 * 5 * 48 + 1) * 256 + (3 * 3 * 256 + 1) * 384
           + (3 * 3 * 192 + 1) * 384 + (3 * 3 * 192 + 1) * 256 + (9216 + 1) * 4096
           + (4096 + 1) * 4096 + (4096 + 1) * 1000),
    "2m": ALEXNET_MULTS,
    "2n": 2 * ALEXNET_MULTS,
    "3": {2},                                      # (32 − 5 + 2P)/1 + 1 = 32
    "4a": 28 * 28 * 32 * 5 * 5 * 192,
    "4b": 28 * 28 * 16 * 1 * 1 * 192,
    "4c": 28 * 28 * 32 * 5 * 5 * 16,
    "4d": 28 * 28 * 16 * 192 + 28 * 28 * 32 * 5 * 5 * 16,
    "5a": (32 - 2 * (3 - 1) - 1 + 1, 32 - 2 * (3 - 1) - 1 + 1, 64),
    "5b": (3 * 3 * 64 + 1) * 64,
    "5c": 28 * 28 * 64 * 3 * 3 * 64,
    "6a": ((4 - 1) * 2 - 2 * 1 + 4, (4 - 1) * 2 - 2 * 1 + 4, 256),
    "6b": 512 * 4 * 4 * 256 + 256,
    "6c": 4 * 4 * 512 * 4 * 4 * 256,
    "7": ((56 - 3) // 2 + 1, (56 - 3) // 2 + 1, 64),
    "8": {3, 4},                                   # ⌊(7 − 3)/S⌋ + 1 = 2
}
SLIPS = {   # question id: (slip, the wrong answer it gives)
    "2b": ("no_bias", 11 * 11 * 3 * 96),
    "2c": ("flops_for_mults", 2 * 55 * 55 * 96 * 11 * 11 * 3),
    "2d": ("mults_for_flops", 55 * 55 * 96 * 11 * 11 * 3),
    "2f": ("padding_forgotten", (27 - 5 + 1, 27 - 5 + 1, 256)),
    "2g": ("groups_ignored", (5 * 5 * 96 + 1) * 256),
    "6c": ("transposed_over_output", 8 * 8 * 256 * 4 * 4 * 512),
    "7": ("ceil_for_floor", (-(-(56 - 3) // 2) + 1, -(-(56 - 3) // 2) + 1, 64)),
}


def load(name: str) -> dict:
    return copy.deepcopy(_parsed(name))


@cache
def _parsed(name: str) -> dict:
    return yaml.safe_load((HOMEWORK / name).read_text(encoding="utf-8"))


@cache
def bundled(name: str):
    return summarize(load_spec(name), 1)


def calculate(input_shape, layers):
    spec = yaml.safe_dump({"input": input_shape, "layers": layers}, allow_unicode=True)
    return summarize(parse_spec(spec, "inline.yaml"), 1)


def true_value(question: dict, networks: dict):
    """The calculator's answer to a (non-find) question."""
    quantity = quantity_named(question["ask"])
    if "network" not in question:
        return layer_value(quantity, calculate(question["input"], [question["layer"]]).layers[-1])
    reference = networks[question["network"]]
    summary = (bundled(reference) if isinstance(reference, str)
               else calculate(reference["input"], reference["layers"]))
    if "layer" in question:
        return layer_value(quantity, summary.row(question["layer"]))
    return total_value(quantity, summary)


def finds(question: dict, setting: int) -> bool:
    """Whether the stand-alone layer with `setting` filled in gives the wanted output."""
    (kind, settings), = question["layer"].items()
    layer = {kind: {**settings, question["find"]: setting}}
    output = calculate(question["input"], [layer]).layers[-1].output_shape
    wanted = read_shape(question["output"])
    return output[:len(wanted)] == wanted


def is_right(question: dict) -> bool:
    truth = KEY[str(question["id"])]
    if "find" in question:
        height, width = read_setting(question["answer"])
        return height == width and height in truth
    if isinstance(truth, tuple):
        return read_shape(question["answer"]) == truth
    reader = read_bytes if question["ask"] == "memory" else read_number
    tolerance = read_tolerance(question["tolerance"]) if "tolerance" in question else None
    return accepts(reader(question["answer"]), truth, tolerance)


def test_the_key_covers_every_question():
    assert [str(question["id"]) for question in load("hw3.yaml")["questions"]] == list(KEY)


@pytest.mark.parametrize("question", load("hw3.yaml")["questions"], ids=lambda q: str(q["id"]))
def test_the_calculator_agrees_with_the_key(question):
    truth = KEY[str(question["id"])]
    if "find" in question:
        tried = range(0, 9) if question["find"] == "padding" else range(1, 9)
        assert {value for value in tried if finds(question, value)} == truth
    else:
        assert true_value(question, load("hw3.yaml")["networks"]) == truth


@pytest.mark.parametrize("question", load("answers_correct.yaml")["questions"],
                         ids=lambda q: str(q["id"]))
def test_every_correct_answer_is_accepted(question):
    assert is_right(question)


MISTAKES = load("answers_mistakes.yaml")["questions"]


@pytest.mark.parametrize("question", MISTAKES, ids=lambda q: str(q["id"]))
def test_each_mistake_is_its_slip(question):
    qid = str(question["id"])
    if qid not in SLIPS:
        assert is_right(question)
        return
    slip, wrong = SLIPS[qid]
    answer = (read_shape(question["answer"]) if isinstance(wrong, tuple)
              else read_number(question["answer"]).value)
    assert answer == wrong
    assert not is_right(question)


def test_each_mistake_names_its_slip_in_a_comment():
    text = (HOMEWORK / "answers_mistakes.yaml").read_text(encoding="utf-8")
    blocks = re.split(r'\n  - id: "', text)[1:]
    named = {block.split('"')[0]: re.findall(r"# slip (\w+)", block) for block in blocks}
    assert named == {qid: [SLIPS[qid][0]] if qid in SLIPS else [] for qid in named}
    assert len(SLIPS) == 7 and len(named) - len(SLIPS) == 3


@pytest.mark.parametrize("name", ["answers_correct.yaml", "answers_mistakes.yaml"])
def test_answer_files_ask_the_homeworks_questions(name):
    questions = {str(q["id"]): q for q in load("hw3.yaml")["questions"]}
    for question in load(name)["questions"]:
        unanswered = {key: value for key, value in question.items() if key != "answer"}
        assert unanswered == questions[str(question["id"])]


def test_the_examples_grade_through_the_teachers_questions():
    """What the CI examples run: the student's answers against hw3.yaml's own questions."""
    from click.testing import CliRunner

    from cnncalc.cli import main
    folder = ROOT / "examples" / "homework"
    result = CliRunner().invoke(main, ["check", str(folder / "answers_correct.yaml"),
                                       "--questions", str(folder / "hw3.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    mistakes = CliRunner().invoke(main, ["check", str(folder / "answers_mistakes.yaml"),
                                         "--questions", str(folder / "hw3.yaml")])
    assert mistakes.exit_code == 1
