"""Random answers files — random keys, values, networks, layers, quantities and answers — end in
a grading (rendered every way) or a clean `CnnCalcError`, never another exception."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnncalc.check.answerfile import QUESTION_KEYS, TOP_KEYS, parse_homework
from cnncalc.check.grade import grade, hide_solutions
from cnncalc.errors import CnnCalcError
from cnncalc.render.grading import grading_json, gradescope_json, junit_xml

TINY = {"input": "8x8x3", "layers": [{"conv": {"filters": 4, "kernel": 3}}, "relu",
                                     {"maxpool": 2}, "flatten", {"fc": 5}]}
NETWORKS = st.sampled_from(["lenet5", TINY] * 8 + ["nosuch", {"input": 3}, 7, None])
LAYER_NAMES = st.sampled_from(["conv1", "c1", "s2", "f6", "fc1", "pool1", "relu1", "output",
                               "nope", 3])
RARELY = st.integers(0, 9).map(lambda n: n == 0)
"""True one time in ten: how often a part of a file is spoiled."""
QUANTITY_WORDS = st.sampled_from(["output_shape", "params", "mults", "flops", "height", "width",
                                  "channels", "weights", "biases", "memory", "activations",
                                  "macs", "trainable", "non_trainable", "receptive_field", "rf",
                                  "paramz", 5])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**9),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=12), st.sampled_from(["55x55x96", "1%", "35K", "12 M",
                                                           "28x28x6", "[1, 2]", "", "3.5e4",
                                                           "global", "5x5"]))
ANSWERS = st.one_of(SCALARS, st.lists(st.integers(-3, 100), max_size=4))
LAYER_ITEMS = st.sampled_from([{"conv": {"filters": 6, "kernel": 5}},
                               {"conv": {"filters": 6}}, {"conv": {"filters": 6, "kernal": 5}},
                               {"maxpool": 2}, "relu", {"fc": 10}, {"konv": 1},
                               {"conv": {"filters": 8, "kernel": 3, "stride": 4}}, [1]])
FIND_WORDS = st.sampled_from(["padding", "stride", "kernel", "dilation", "input", "pading"])


@st.composite
def questions(draw):
    question = {}
    if not draw(RARELY):
        question["ask"] = draw(QUANTITY_WORDS)
    else:
        question["find"] = draw(FIND_WORDS)
        question["output"] = draw(st.sampled_from(["28x28", "32x32", "8x8", 28, "0x0", "4x4x6"]))
    if "find" in question or draw(RARELY):
        question["input"] = draw(st.sampled_from(["32x32x3", "8x8x3", "28x28x1", "0x1", 784]))
        question["layer"] = draw(LAYER_ITEMS)
    else:
        question["layer"] = draw(LAYER_NAMES)
    if draw(RARELY):
        question[draw(st.sampled_from(QUESTION_KEYS + ("junk",)))] = draw(SCALARS)
    if draw(st.booleans()):
        question["answer"] = draw(ANSWERS)
    if draw(RARELY):
        question["tolerance"] = draw(st.sampled_from(["1%", 100, {"relative": 0.01}, "x", -1]))
    if draw(RARELY):
        question["accept"] = draw(st.sampled_from([["flops_for_mults"], "no_bias", ["nope"],
                                                   [], 3]))
    return question


@st.composite
def answer_files(draw):
    document = {}
    if not draw(RARELY):
        document["network"] = draw(NETWORKS)
    else:
        document["networks"] = draw(st.dictionaries(st.sampled_from(["a", "b", "lenet"]),
                                                    NETWORKS, max_size=2))
    if draw(RARELY):
        document.setdefault(draw(st.sampled_from(TOP_KEYS + ("junk",))), draw(SCALARS))
    document["questions"] = draw(st.lists(questions(), min_size=not draw(RARELY), max_size=4))
    return document


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_files())
def test_random_answer_files_grade_or_fail_cleanly(document):
    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        grading = grade(parse_homework(text, "fuzz.yaml"))
    except CnnCalcError as error:
        assert str(error)
        return
    for shown in (grading, hide_solutions(grading)):
        grading_json(shown)
        junit_xml(shown)
        gradescope_json(shown)
        for result in shown.results:
            assert result.correct == (result.points == result.max_points) or \
                result.max_points == 0


SUBMISSION_KEYS = st.sampled_from(["student", "answers", "questions", "tolerance", "points",
                                   "title", "network", "junk", 3])
TEACHER = parse_homework("network: lenet5\nquestions:\n"
                         "  - {id: N1, layer: c1, ask: output_shape, partial: per_axis}\n"
                         "  - {id: N2, layer: c1, ask: params, partial: {tolerance: 10%, "
                         "points: 0.5}}\n  - {id: N10, layer: c1, ask: rf_start}\n"
                         "  - {id: N11, layer: c1, ask: jump}\n", "hw.yaml")


@st.composite
def submissions(draw):
    """A student's file: answers by id (some unknown, some misspelt), list items with rule keys,
    stray top-level keys, or no mapping at all."""
    if draw(RARELY):
        return draw(ANSWERS)
    document = {}
    ids = st.sampled_from(["N1", "N2", "N10", "N11", "n1", "X1", 1, None, ""])
    if draw(st.booleans()):
        document["answers"] = draw(st.one_of(
            st.dictionaries(ids, ANSWERS, max_size=5), SCALARS) if draw(RARELY) else
            st.dictionaries(ids, ANSWERS, max_size=5))
    if draw(st.booleans()):
        document["questions"] = draw(st.lists(st.fixed_dictionaries(
            {"id": ids, "answer": ANSWERS},
            optional={"points": SCALARS, "tolerance": SCALARS, "layer": LAYER_NAMES}),
            max_size=4))
    for _ in range(draw(st.integers(0, 2))):
        document.setdefault(draw(SUBMISSION_KEYS), draw(SCALARS))
    return document


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions())
def test_random_submissions_grade_or_leave_a_failing_report(document):
    """Graded mode never raises for the student's file: a grading (whose score only the
    teacher's points bound), or a malformed grading that says where."""
    from cnncalc.check.grade import malformed_grading
    from cnncalc.check.submission import with_answers

    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        grading = grade(with_answers(TEACHER, text, "mine.yaml"))
    except CnnCalcError as error:
        grading = malformed_grading(TEACHER, "mine.yaml", error)
        assert grading.error and grading.results[0].reason.startswith("mine.yaml")
    assert 0 <= grading.score <= 4 and grading.max_score == 4
    for shown in (grading, hide_solutions(grading)):
        grading_json(shown)
        junit_xml(shown)
        gradescope_json(shown)
