"""Grade a `Homework`: each question becomes a `QuestionResult` (plain data every view renders).

A question is right when its answer reads as the true value (to the answer's own precision, or
within the tolerance), or as the value of a slip or convention the file accepts. A wrong answer
says why: unanswered, unreadable (the reader's sentence), no such layer, a shape with the wrong
number of sizes, or the slip it matches. None of these is an error: only a network that does not
calculate, or a ``find`` the solver rejects, raises (a `SpecError`, exit code 2).
`hide_solutions` removes everything that would reveal a right value, and leaves the hint: the
formula to use, in symbols. A student's file that cannot be read is `malformed_grading`: a
`Grading` with one failing result that says where (`Grading.error`); `classroom.Classroom`
grades submissions that way and never raises for what is wrong in a student's file.

Partial credit is opt-in, per question or file-wide, in the teacher's file (`Partial`): a shape
scores points × matching sizes / sizes (``per_axis``); an answer outside the tolerance but
inside a wider band scores a fraction of the points.
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
from .derivation import formula_hint, layer_derivation, total_derivation, value_text
from .quantities import Quantity, layer_value, read_point, total_value
from .slips import layer_candidates, total_candidates
from .values import (UnreadableAnswer, accepts, read_bytes, read_number, read_setting,
                     read_shape)


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
    hint: str | None = None
    """The formula to use, in symbols only (``(Fh·Fw·C_in/groups + 1)·K``): shown when the
    solution is hidden, as it gives no number away."""
    reason_own: bool = False
    """Whether `reason` is worked out from the student's answer alone (what their own padding
    gives), so hidden feedback may show it whole."""
    visibility: str | None = None
    """When the student sees this result on Gradescope; None: visible."""
    credit: str | None = None
    """Why a wrong answer still scores some points (partial credit): ``partly right: 2 of 3
    sizes``; it reveals nothing the answer does not."""
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
    warnings: tuple[str, ...] = ()
    """What was ignored in the student's file, then what is wrong with a network's graph
    though it computes (`Summary.warnings`), one located sentence each."""
    error: str | None = None
    """The located message when the student's file could not be read (then `results` is one
    failing result that says so)."""
    key: bool = False
    """An answer key (`grade(…, key=True)`): unanswered questions carry no reason."""

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


def grade(homework: Homework, key: bool = False) -> Grading:
    """Every question's result, in the file's order; with `key`, an answer key (a question
    without an answer is not "wrong", it has no reason)."""
    summaries: dict[tuple[int, int], Summary] = {}

    def summary_of(network: Network, batch: int) -> Summary:
        key = (id(network), batch)
        if key not in summaries:
            summaries[key] = summarize(network, batch)
        return summaries[key]

    results = [grade_question(question, None if question.find is not None
                              else summary_of(question.network, question.batch), key)
               for question in homework.questions]
    graph = dict.fromkeys(warning for summary in summaries.values()
                          for warning in summary.warnings)   # a network's, once
    return Grading(homework.file, homework.title, homework.student, tuple(results),
                   warnings=homework.warnings + tuple(graph), key=key)


MALFORMED_ID = "answers"


def malformed_grading(homework: Homework, filename: str, error: CnnCalcError | str) -> Grading:
    """A grading for a student's file that could not be read: score 0 of the homework's
    points, one failing result carrying the located message."""
    message = str(error)
    total = sum(question.points for question in homework.questions)
    text = f"{filename} could not be read"
    result = QuestionResult(id=MALFORMED_ID, text=text, asked=text, quantity=None, find=None,
                            answer=None, correct=False, points=0, max_points=total, right=None,
                            right_value=None, derivation=None, reason=message, reason_own=True)
    return Grading(filename, homework.title, homework.student, (result,), error=message)


def grade_question(question: Question, summary: Summary | None,
                   key: bool = False) -> QuestionResult:
    """One question's result; `summary` is its network's (None for a ``find``); with `key`, a
    question without an answer has no reason. `grade` calls it for each question; a class
    (`classroom`) calls it with summaries it shares."""
    if question.find is not None:
        result = grade_find(question, question.find)
        result = replace(result, hint=formula_hint(None, None),
                         reason_own=bool(result.reason and question.answer is not None
                                         and not result.reason_reveals
                                         and result.reason.startswith(question.find.unknown)))
    else:
        result = grade_ask(question, summary)
    result = replace(result, visibility=question.visibility)
    if key and question.answer is None and result.right is not None:
        result = replace(result, reason=None)
    return result


def hide_solutions(grading: Grading) -> Grading:
    """The same grading with nothing that reveals a right value: no right value, derivation,
    slip diagnosis, accepted convention or note. The hint (the formula, in symbols) stays, and
    so do reasons about the student's own text — cut by `discreet`, by a rule that does not
    look at the right values (so what is cut says nothing about them)."""
    hidden = [replace(result, right=None, right_value=None, derivation=None, accepted=None,
                      note=None, reason=None if result.reason_reveals else
                      result.reason if result.reason_own else
                      discreet(result.reason, own_text(result)), reason_reveals=False,
                      slips=())
              for result in grading.results]
    return replace(grading, results=tuple(hidden), hidden=True)


def own_text(result: QuestionResult) -> str:
    """What the student has seen already: their answer and the question."""
    return " ".join(part for part in (result.answer, result.text, result.asked) if part)


SMALL = 10
"""Numbers below this are everywhere (sizes, counts of sizes) and are not looked at."""
_NUMBER = re.compile(r"\d(?:[\d,_\u2009\u202f ]*\d)?")
WITHHELD = "this answer is not right"


def numbers_in(text: str) -> set[int]:
    """The whole numbers written in `text` (``34,944`` and ``34944`` alike)."""
    digits = (re.sub(r"\D", "", match) for match in _NUMBER.findall(text))
    return {int(number) for number in digits if number}


def discreet(reason: str | None, own: str) -> str | None:
    """`reason` up to its first clause (``; ``-separated) holding a number of at least `SMALL`
    that is not in `own` (the student's answer and the question); when the first clause holds
    one, `WITHHELD`. The rule never looks at a right value, so hidden feedback cannot tell a
    student whose right value a number is.

    >>> discreet("'x' is not a number; write 1000 or 1,000", "x")
    "'x' is not a number"
    >>> discreet("'34.944' is not a whole number; write 34944 or 34,944", "34.944")
    "'34.944' is not a whole number; write 34944 or 34,944"
    """
    if reason is None:
        return None
    known = numbers_in(own) | numbers_in(own.replace(".", ""))
    kept = []
    for clause in reason.split("; "):
        if any(number >= SMALL and number not in known for number in numbers_in(clause)):
            break
        kept.append(clause)
    return "; ".join(kept) if kept else WITHHELD


def points_text(points: int | float) -> str:
    """``2``, ``1.5``."""
    return f"{points:g}" if isinstance(points, float) else str(points)


# --- ask: a quantity of a layer or of the network -------------------------------------------

def asked_text(question: Question, summary: Summary) -> str:
    """``conv1 (alexnet): output shape``; a stand-alone layer by its kind and input. Trainable
    parameters are called just parameters where nothing else would count (no BatchNorm)."""
    quantity = question.quantity.text
    if question.quantity is Quantity.TRAINABLE_PARAMS and not statistics_in_scope(question,
                                                                                 summary):
        quantity = "parameters"
    batch = f" (batch {question.batch})" if question.batch != 1 else ""
    if question.network_name is None:
        row = summary.row(question.layer)
        what = f"{row.kind} {row.summary}".strip()
        return f"{what} on {shape_text(summary.input_shape)}: {quantity}{batch}"
    if question.layer is None:
        return f"{question.network_name}: {quantity} of the network{batch}"
    return f"{question.layer} ({question.network_name}): {quantity}{batch}"


def statistics_in_scope(question: Question, summary: Summary) -> bool:
    """Whether the layer (or network) asked about keeps non-trainable statistics."""
    if question.layer is None:
        return bool(summary.totals.non_trainable_params)
    names = {row.name for row in summary.layers}
    return question.layer in names and bool(summary.row(question.layer).non_trainable_params)


def grade_ask(question: Question, summary: Summary) -> QuestionResult:
    quantity = question.quantity
    asked = asked_text(question, summary)
    names = [row.name for row in summary.layers]
    kind = summary.row(question.layer).kind if question.layer in names else None
    base = dict(id=question.id, text=question.text or asked, asked=asked,
                quantity=quantity.value, find=None, answer=answer_text(question.answer),
                max_points=question.points,
                hint=formula_hint(quantity, kind, whole_network=question.layer is None))
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
    wrong = QuestionResult(correct=False, points=0, reason=None, **known, **base)
    for candidate in candidates(question, summary):
        if candidate.value == truth or not matches(answer, candidate.value, question):
            continue
        names = " and ".join(slip.text for slip in candidate.slips)
        keys = tuple(slip.value for slip in candidate.slips)
        if set(candidate.slips) <= question.accept:
            return QuestionResult(correct=True, points=question.points, reason=None,
                                  accepted=names, slips=keys, **known, **base)
        wrong = QuestionResult(correct=False, points=0,
                               reason=slip_reason(candidate.slips, candidate.why),
                               reason_reveals=True, slips=keys, **known, **base)
        break
    return with_partial_credit(wrong, question, answer, truth)


def with_partial_credit(result: QuestionResult, question: Question, answer, truth
                        ) -> QuestionResult:
    """A wrong `result` with the partial credit its question opts into (`Partial`): for a
    shape, points × matching sizes / sizes; for a number inside the wider band, that fraction
    of the points. `credit` says why (a slip's diagnosis stays the reason)."""
    partial = question.partial
    if partial is None or not question.points:
        return result
    credit, why = 0.0, None
    if partial.per_axis and isinstance(answer, tuple) and isinstance(truth, tuple) \
            and len(answer) == len(truth):
        matched = sum(given == size for given, size in zip(answer, truth))
        if matched:
            credit = question.points * matched / len(truth)
            why = f"partly right: {matched} of {len(truth)} sizes"
    elif partial.tolerance is not None and not isinstance(answer, (tuple, str)) \
            and not isinstance(truth, (tuple, str)) and accepts(answer, truth, partial.tolerance):
        credit = question.points * partial.fraction
        why = "close: within the partial-credit tolerance"
    if not credit:
        return result
    return replace(result, points=round(credit, 6), credit=why)


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
    if quantity.is_point:
        return read_point(raw)
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


MAX_ANSWER_SHOWN = 200
"""An answer is shown (in every report) up to this many characters: no answer that long is
read (`values.MAX_LENGTH`), and a 16 MB one would otherwise be copied into every report and
take minutes to lay out in the terminal table."""


def answer_text(raw: Any) -> str | None:
    """The answer as the student wrote it (a list as ``[55, 55, 96]``), cut after
    `MAX_ANSWER_SHOWN` characters (``… (16,000,000 characters)``)."""
    if raw is None:
        return None
    if isinstance(raw, list):
        text = "[" + ", ".join(str(item) for item in raw[:MAX_ANSWER_SHOWN]) + (
            ", …]" if len(raw) > MAX_ANSWER_SHOWN else "]")
    elif isinstance(raw, int) and raw.bit_length() > 1000:
        text = f"a number of {raw.bit_length():,} bits"  # str() stops at 4,300 digits
    else:
        text = str(raw)
    if len(text) <= MAX_ANSWER_SHOWN:
        return text
    return f"{text[:MAX_ANSWER_SHOWN]}… ({len(text):,} characters)"


# --- find: the hyper-parameter that gives an output -----------------------------------------

def find_asked(request: FindRequest) -> str:
    """``conv filters 16, kernel 5, stride 1 on 32×32×3: padding for output 32×32``."""
    settings = ", ".join(f"{key} {value}" for key, value in request.settings.items())
    layer = f"{request.kind} {settings}".strip()
    given = f" on {shape_text(request.input_shape)}" if request.input_shape else ""
    return f"{layer}{given}: {request.unknown} for output {shape_text(request.output)}"


def grade_find(question: Question, request: FindRequest) -> QuestionResult:
    """A ``find`` question. The answer is right when the layer, evaluated with it (the
    calculator's own `output_shape`), gives the wanted output — whatever its size, on each axis
    as written (``2`` or ``[2, 3]``). The key lists every valid value from `solve`, or the rule
    when they are unbounded (``any stride ≥ 32``)."""
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
    right = choices_text(valid, solutions.open_from, request.unknown) if valid else None
    chosen = (solutions.same or valid or [None])[0]
    known = dict(right=right, right_value=valid, derivation=None if chosen is None else
                 find_derivation(request, chosen, solutions.same is not None))
    none = f"no {request.unknown} gives {shape_text(request.output)}" + (
        f": {solutions.reason}" if solutions.reason else "")
    if question.answer is None:
        return QuestionResult(correct=False, points=0, reason="no answer given" if valid else none,
                              reason_reveals=not valid, **known, **base)
    try:
        height, width = read_setting(question.answer)
    except UnreadableAnswer as error:
        return QuestionResult(correct=False, points=0, reason=str(error), **known, **base)
    if evaluated_output(request, height, width) == wanted_sizes(request):
        given = str(height) if height == width else f"{height}, {width}"
        only = len(valid) == 1 and solutions.open_from is None
        note = (f"{given} is right; " + (f"{given} is the only one" if only else
                                         f"{right} is right" if valid else
                                         "no one value works on both axes"))
        return QuestionResult(correct=True, points=question.points, reason=None, note=note,
                              **known, **base)
    if not valid:
        return QuestionResult(correct=False, points=0, reason=none, reason_reveals=True,
                              **known, **base)
    return QuestionResult(correct=False, points=0, **known, **base,
                          reason=outcome_text(request, height, width))


def choices_text(valid: list[int], open_from: int | None = None, unknown: str = "") -> str:
    """``2``, ``any of 0, 1``, ``any stride ≥ 32`` or ``any of 3, 5 or any stride ≥ 7``.

    >>> choices_text([2]), choices_text([0, 1]), choices_text([32], 32, "stride")
    ('2', 'any of 0, 1', 'any stride ≥ 32')
    """
    if open_from is not None:
        below = [value for value in valid if value < open_from]
        tail = f"any {unknown or 'value'} ≥ {open_from}"
        return f"any of {', '.join(map(str, below))} or {tail}" if below else tail
    return str(valid[0]) if len(valid) == 1 else "any of " + ", ".join(map(str, valid))


def wanted_sizes(request: FindRequest) -> tuple[int, ...]:
    """The sizes of the wanted output a value must give: with channels when the input has
    them (as `solve` compares), else height and width."""
    compare = (len(request.output) if request.input_shape is not None
               and len(request.input_shape) == 3 else 2)
    return tuple(request.output[:compare])


def evaluated_output(request: FindRequest, height: int, width: int) -> tuple[int, ...] | None:
    """The layer's output with the unknown set to (height, width), cut to `wanted_sizes`; None
    when that is not a layer or does not fit."""
    made = with_unknown(request, height, width)
    if isinstance(made, str):
        return None
    layer, input_shape = made
    try:
        output = layer.output_shape([input_shape])
    except CnnCalcError:
        return None
    return tuple(output[:len(wanted_sizes(request))])


def with_unknown(request: FindRequest, height: int, width: int):
    """(the layer, its input shape) with the unknown set to (height, width); the layer's own
    sentence when that is not a layer (a value past a setting's bound, say). A found input gets
    the wanted output's channels, or 1 (as the solver does)."""
    value = height if height == width else [height, width]
    settings = dict(request.settings)
    if request.unknown != INPUT_UNKNOWN:
        settings[request.unknown] = value
    try:
        layer = REGISTRY[request.kind].from_settings(settings)
    except CnnCalcError as error:
        return str(error)
    if request.unknown == INPUT_UNKNOWN:
        channels = request.output[2] if len(request.output) == 3 else 1
        return layer, (height, width, channels)
    return layer, request.input_shape


def find_derivation(request: FindRequest, value: int, is_same: bool) -> str | None:
    """The output formula with the found value put in."""
    made = with_unknown(request, value, value)
    if isinstance(made, str):
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
    if isinstance(made, str):
        return f"{request.unknown} {given} is not a setting this layer takes: {made}"
    layer, input_shape = made
    try:
        output = layer.output_shape([input_shape])
    except CnnCalcError as error:
        return f"{request.unknown} {given} does not fit: {error}"
    return (f"{request.unknown} {given} gives {shape_text(output[:len(request.output)])}, "
            f"not {wanted}")
