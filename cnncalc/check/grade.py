"""Grade a `Homework`: each question becomes a `QuestionResult` (plain data every view renders).

A question is right when its answer reads as the true value (to the answer's own precision, or
within the tolerance), or as the value of a slip or convention the file accepts. A wrong answer
says why: unanswered, unreadable (the reader's sentence), no such layer, a shape with the wrong
number of sizes, or the slip it matches. None of these is an error: only a network that does not
calculate, or a ``find`` the solver rejects, raises (a `SpecError`, exit code 2).
`hide_solutions` removes everything that would reveal a right value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..calculator import summarize
from ..errors import CnnCalcError, SpecError
from ..text import closest
from ..graph import Network
from ..layers import REGISTRY
from ..report import Summary
from ..solve import solve
from ..text import shape_text
from .answerfile import INPUT_UNKNOWN, FindRequest, Homework, Question
from .derivation import layer_derivation, total_derivation, value_text
from .quantities import Quantity, layer_value, total_value
from .slips import layer_candidates, total_candidates
from .values import UnreadableAnswer, accepts, read_bytes, read_number, read_setting, read_shape


@dataclass(frozen=True)
class QuestionResult:
    id: str
    text: str
    """The question as the file words it, or as made from what it asks."""
    asked: str
    """What is asked, made from layer and quantity: ``conv1 (alexnet): output shape``."""
    quantity: str | None
    """The quantity asked for (``output_shape``); None for a ``find`` question."""
    find: str | None
    """The setting a ``find`` question asks for (``padding``); None otherwise."""
    answer: str | None
    """The answer as given (None: unanswered)."""
    correct: bool
    points: int | float
    max_points: int | float
    right: str | None
    """The right value as text (``55×55×96``, ``34,944``); None when there is none."""
    right_value: Any
    """The same as data: a list for a shape, a number, or the list of valid values (find)."""
    derivation: str | None
    """One line from the layer's formulas."""
    reason: str | None
    """Why the answer is wrong."""
    reason_reveals: bool = False
    """Whether `reason` gives the right value away (a recognised slip does)."""
    accepted: str | None = None
    """The slip or convention that made a differing answer score."""
    note: str | None = None
    """More about a right answer (``any of 0, 1 is right``); may reveal the other values."""
    slips: tuple[str, ...] = ()
    """The names of the slips the answer matches (``("no_bias",)``), scored or not; empty when
    none does. Data for a class report; it reveals as much as `reason`."""


@dataclass(frozen=True)
class Grading:
    file: str
    title: str | None
    student: str | None
    results: tuple[QuestionResult, ...]
    hidden: bool = False
    """Solutions removed (`hide_solutions`)."""

    @property
    def score(self) -> int | float:
        return sum(result.points for result in self.results)

    @property
    def max_score(self) -> int | float:
        return sum(result.max_points for result in self.results)

    @property
    def right_count(self) -> int:
        return sum(result.correct for result in self.results)

    @property
    def all_right(self) -> bool:
        return all(result.correct for result in self.results)


def grade(homework: Homework) -> Grading:
    """Every question's result, in the file's order."""
    summaries: dict[tuple[int, int], Summary] = {}

    def summary_of(network: Network, batch: int) -> Summary:
        key = (id(network), batch)
        if key not in summaries:
            summaries[key] = summarize(network, batch)
        return summaries[key]

    results = [grade_question(question, None if question.find is not None
                              else summary_of(question.network, question.batch))
               for question in homework.questions]
    return Grading(homework.file, homework.title, homework.student, tuple(results))


def grade_question(question: Question, summary: Summary | None) -> QuestionResult:
    """One question's result; `summary` is its network's (None for a ``find``). `grade` calls
    it for each question; a class (`classroom`) calls it with summaries it shares."""
    if question.find is not None:
        return grade_find(question, question.find)
    return grade_ask(question, summary)


def hide_solutions(grading: Grading) -> Grading:
    """The same grading with nothing that reveals a right value: no right value, derivation,
    slip diagnosis or note. Reasons about the student's own text stay, unless a number in one
    happens to be a right value of this homework (an example in a reading hint could be)."""
    secrets = {number for result in grading.results
               for number in whole_numbers(result.right_value) if number >= SMALL}
    hidden = [replace(result, right=None, right_value=None, derivation=None, accepted=None,
                      note=None, reason=None if result.reason_reveals else
                      discreet(result.reason, secrets), reason_reveals=False, slips=())
              for result in grading.results]
    return replace(grading, results=tuple(hidden), hidden=True)


def whole_numbers(value: Any) -> list[int]:
    """The integers in a right value (a number, a shape, the valid values of a find)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, (list, tuple)):
        return [number for item in value for number in whole_numbers(item)]
    return []


SMALL = 10
"""Numbers below this are everywhere (sizes, counts of sizes) and are not looked for."""
_NUMBER = re.compile(r"\d(?:[\d,_\u2009\u202f ]*\d)?")


def discreet(reason: str | None, secrets: set[int]) -> str | None:
    """`reason` if no number in it is one of `secrets`; else its first clause (before the
    hint after ';') if that is clean; else a sentence saying it is withheld."""
    def clean(text: str) -> bool:
        numbers = (re.sub(r"\D", "", match) for match in _NUMBER.findall(text))
        return not any(int(number) in secrets for number in numbers if number)

    if reason is None or clean(reason):
        return reason
    first = reason.split(";", 1)[0]
    return first if clean(first) else "(the reason is hidden: it holds a right answer)"


def points_text(points: int | float) -> str:
    """``2``, ``1.5``."""
    return f"{points:g}" if isinstance(points, float) else str(points)


# --- ask: a quantity of a layer or of the network -------------------------------------------

def asked_text(question: Question, summary: Summary) -> str:
    """``conv1 (alexnet): output shape``; a stand-alone layer by its kind and input."""
    quantity = question.quantity.text
    batch = f" (batch {question.batch})" if question.batch != 1 else ""
    if question.network_name is None:
        row = summary.row(question.layer)
        what = f"{row.kind} {row.summary}".strip()
        return f"{what} on {shape_text(summary.input_shape)}: {quantity}{batch}"
    if question.layer is None:
        return f"{question.network_name}: {quantity} of the network{batch}"
    return f"{question.layer} ({question.network_name}): {quantity}{batch}"


def grade_ask(question: Question, summary: Summary) -> QuestionResult:
    quantity = question.quantity
    asked = asked_text(question, summary)
    base = dict(id=question.id, text=question.text or asked, asked=asked,
                quantity=quantity.value, find=None, answer=answer_text(question.answer),
                max_points=question.points)
    names = [row.name for row in summary.layers]
    if question.layer is not None and question.layer not in names:
        return QuestionResult(correct=False, points=0, right=None, right_value=None,
                              derivation=None, **base,
                              reason=f"{question.network_name} has no layer '{question.layer}'"
                                     f"{closest(question.layer, names)}")
    try:
        if question.layer is None:
            truth = total_value(quantity, summary)
            derivation = total_derivation(quantity, summary)
        else:
            row = summary.row(question.layer)
            truth = layer_value(quantity, row)
            derivation = layer_derivation(quantity, row, summary.batch)
    except ValueError as error:  # a vector has no height: the question does not apply
        return QuestionResult(correct=False, points=0, right=None, right_value=None,
                              derivation=None, reason=str(error), **base)
    known = dict(right=value_text(quantity, truth), right_value=plain_value(truth),
                 derivation=derivation)
    if question.answer is None:
        return QuestionResult(correct=False, points=0, reason="no answer given", **known, **base)
    try:
        answer = read_answer(quantity, question.answer)
    except UnreadableAnswer as error:
        return QuestionResult(correct=False, points=0, reason=str(error), **known, **base)
    if matches(answer, truth, question):
        return QuestionResult(correct=True, points=question.points, reason=None, **known, **base)
    if quantity.is_shape and len(answer) != len(truth):
        form = "H×W×C" if len(truth) == 3 else "one size, a vector's length"
        return QuestionResult(correct=False, points=0, **known, **base,
                              reason=f"the answer has {len(answer)} sizes; this output shape has "
                                     f"{len(truth)} ({form})")
    for candidate in candidates(question, summary):
        if candidate.value == truth or not matches(answer, candidate.value, question):
            continue
        names = " and ".join(slip.text for slip in candidate.slips)
        keys = tuple(slip.value for slip in candidate.slips)
        if set(candidate.slips) <= question.accept:
            return QuestionResult(correct=True, points=question.points, reason=None,
                                  accepted=names, slips=keys, **known, **base)
        return QuestionResult(correct=False, points=0,
                              reason=slip_reason(candidate.slips, candidate.why),
                              reason_reveals=True, slips=keys, **known, **base)
    return QuestionResult(correct=False, points=0, reason=None, **known, **base)


def slip_reason(slips, why: str) -> str:
    """What the answer's slip was, with its own numbers, and the name `accept:` knows it by:
    ``a slip (no_bias): leaves out the 96 biases: 11·11·3·96 = 34,848``."""
    kind = "another convention" if all(slip.is_convention for slip in slips) else "a slip"
    keys = " + ".join(slip.value for slip in slips)
    return f"{kind} ({keys}): {why.strip()}"


def plain_value(truth: Any) -> Any:
    """A right value as JSON data: a shape or field as a list (whole numbers as ints)."""
    if isinstance(truth, tuple):
        return [int(size) if size == int(size) else float(size) for size in truth]
    return truth


def read_answer(quantity: Quantity, raw: Any):
    """A shape or field (a tuple, or ``"global"``) or a `NumberAnswer`, read the way the
    quantity is written."""
    if quantity.is_shape:
        return read_shape(raw)
    if quantity.is_size:
        return read_field(raw)
    if quantity is Quantity.MEMORY:
        return read_bytes(raw)
    return read_number(raw)


def read_field(raw: Any) -> tuple[int, ...] | str:
    """A receptive field: ``7x7``, ``7`` (square) or ``global``."""
    if isinstance(raw, str) and raw.strip().lower() == "global":
        return "global"
    sizes = read_shape(raw)
    if len(sizes) == 1:
        return sizes * 2
    if len(sizes) != 2:
        raise UnreadableAnswer(f"{answer_text(raw)} has {len(sizes)} sizes; a receptive field is "
                               "H×W, one number when it is square, or the word global")
    return sizes


def matches(answer, value, question: Question) -> bool:
    if isinstance(answer, (tuple, str)):
        return answer == value
    if isinstance(value, (tuple, str)):
        return False
    return accepts(answer, value, question.tolerance)


def candidates(question: Question, summary: Summary) -> list:
    network = question.network
    if question.layer is None:
        return list(total_candidates(question.quantity, network, summary))
    node = next(node for node in network.nodes if node.name == question.layer)
    return list(layer_candidates(question.quantity, node, network, summary))


def answer_text(raw: Any) -> str | None:
    """The answer as the student wrote it (a list as ``[55, 55, 96]``)."""
    if raw is None:
        return None
    if isinstance(raw, list):
        return "[" + ", ".join(str(item) for item in raw) + "]"
    return str(raw)


# --- find: the hyper-parameter that gives an output -----------------------------------------

def find_asked(request: FindRequest) -> str:
    """``conv filters 16, kernel 5, stride 1 on 32×32×3: padding for output 32×32``."""
    settings = ", ".join(f"{key} {value}" for key, value in request.settings.items())
    layer = f"{request.kind} {settings}".strip()
    given = f" on {shape_text(request.input_shape)}" if request.input_shape else ""
    return f"{layer}{given}: {request.unknown} for output {shape_text(request.output)}"


def grade_find(question: Question, request: FindRequest) -> QuestionResult:
    asked = find_asked(request)
    base = dict(id=question.id, text=question.text or asked, asked=asked, quantity=None,
                find=request.unknown, answer=answer_text(question.answer),
                max_points=question.points)
    try:
        solutions = solve(request.kind, request.settings, (request.unknown,),
                          request.input_shape, request.output)
    except SpecError:
        raise
    except CnnCalcError as error:
        raise SpecError(f"question {question.id}: {error}", question.location) from None
    valid = sorted({values[0] for values in solutions.values})
    if not valid:
        return QuestionResult(correct=False, points=0, right=None, right_value=[],
                              derivation=None, **base, reason_reveals=True,
                              reason=f"no {request.unknown} gives {shape_text(request.output)}"
                                     f"{': ' + solutions.reason if solutions.reason else ''}")
    chosen = solutions.same[0] if solutions.same else valid[0]
    known = dict(right=choices_text(valid), right_value=valid,
                 derivation=find_derivation(request, chosen, solutions.same is not None))
    if question.answer is None:
        return QuestionResult(correct=False, points=0, reason="no answer given", **known, **base)
    try:
        height, width = read_setting(question.answer)
    except UnreadableAnswer as error:
        return QuestionResult(correct=False, points=0, reason=str(error), **known, **base)
    if height in valid and width in valid:
        given = str(height) if height == width else f"{height}, {width}"
        note = (f"{given} is right; {given} is the only one" if len(valid) == 1
                else f"{given} is right; any of {', '.join(map(str, valid))} is right")
        return QuestionResult(correct=True, points=question.points, reason=None, note=note,
                              **known, **base)
    return QuestionResult(correct=False, points=0, **known, **base,
                          reason=outcome_text(request, height, width))


def choices_text(valid: list[int]) -> str:
    """``2`` or ``any of 0, 1``."""
    return str(valid[0]) if len(valid) == 1 else "any of " + ", ".join(map(str, valid))


def with_unknown(request: FindRequest, height: int, width: int):
    """(the layer, its input shape) with the unknown set to (height, width); None when that is
    not a layer. A found input gets the wanted output's channels, or 1 (as the solver does)."""
    value = height if height == width else [height, width]
    settings = dict(request.settings)
    if request.unknown != INPUT_UNKNOWN:
        settings[request.unknown] = value
    try:
        layer = REGISTRY[request.kind].from_settings(settings)
    except CnnCalcError:
        return None
    if request.unknown == INPUT_UNKNOWN:
        channels = request.output[2] if len(request.output) == 3 else 1
        return layer, (height, width, channels)
    return layer, request.input_shape


def find_derivation(request: FindRequest, value: int, is_same: bool) -> str | None:
    """The output formula with the found value put in."""
    made = with_unknown(request, value, value)
    if made is None:
        return None
    layer, input_shape = made
    try:
        output = layer.output_shape([input_shape])
        formula = layer.formulas([input_shape], output).get("output", shape_text(output))
    except CnnCalcError:
        return None
    same = " (the 'same' padding)" if is_same and request.unknown == "padding" else ""
    return f"{request.unknown} {value}{same}: {formula}"


def outcome_text(request: FindRequest, height: int, width: int) -> str:
    """What the student's value gives instead (it reveals only their own answer's outcome)."""
    given = str(height) if height == width else f"[{height}, {width}]"
    wanted = shape_text(request.output)
    made = with_unknown(request, height, width)
    if made is None:
        return f"{request.unknown} {given} is not a setting this layer takes"
    layer, input_shape = made
    try:
        output = layer.output_shape([input_shape])
    except CnnCalcError as error:
        return f"{request.unknown} {given} does not fit: {error}"
    return (f"{request.unknown} {given} gives {shape_text(output[:len(request.output)])}, "
            f"not {wanted}")
