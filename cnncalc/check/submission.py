"""A student's answers graded against the teacher's questions file (graded mode, ``check
--questions``).

The trust model (docs/checking.md, "Who is trusted"): the teacher's questions file says what
is asked, the points, the tolerances, what is accepted; the student's file is read for its
answers and the student's name only. Everything else in it is ignored with a warning (a
sentence, never exit code 2: the answers still grade), unless it only repeats the teacher's
value (a filled-in copy of the homework). Answers are matched to questions by ``id`` — or by
position where a list item has none. An answer to no question, or a second answer to one, is
a warning too (with a did-you-mean; the ids listed in natural order: N1, N2, …, N10). A file
gets at most `MAX_WARNINGS` of them and a line counting the rest, ids and names are quoted cut
short (`shown_id`, `shown_name`): 100,000 stray answers or a 1 MB name stay a short note.

The student's file is either a copy of the homework with ``answer:`` filled in, or just::

    student: Ada Lovelace
    answers:
      1a: 55x55x96
      1b: 34,944
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import Location, SpecError
from ..files.inputs import InputPolicy, reading
from ..spec.source import MarkedDict, MarkedList, read_source
from ..text import closest
from .answerfile import Homework, answer_of, load_homework, plain, read_yaml, text_of

SUBMISSION_KEYS = ("student", "answers", "questions")
"""What graded mode reads from a student's file."""
ITEM_KEYS = ("id", "answer")
"""What it reads from one item of a ``questions:`` list."""
RULES = ("the questions, points, tolerances and accepted slips come from the teacher's "
         "questions file")
MAX_LISTED = 30
"""A warning lists at most this many question ids."""
MAX_WARNINGS = 20
"""A student's file gets at most this many warnings, and one line counting the rest."""
MAX_NAME = 100
"""A student's name is shown up to this many characters."""
MAX_ID_SHOWN = 60
"""A warning quotes at most this many characters of an id the questions do not have."""


@dataclass(frozen=True)
class Given:
    """One answer as the student's file gives it."""

    id: str
    answer: Any
    where: Location


def load_submission(answers: str | Path, questions: str | Path,
                    questions_policy: InputPolicy | None = None,
                    allow: tuple[Path, ...] = ()) -> Homework:
    """The teacher's homework (`questions`, read under `questions_policy`) with the student's
    answers (`answers`) put in; what was ignored is in the result's ``warnings``. A malformed
    answers file is a `SpecError` (`classroom.Classroom.grading_of` grades one that reports it
    instead)."""
    homework = load_homework(questions, policy=questions_policy, role="the questions file")
    return with_answers_file(homework, answers, allow)


def sealed_policy(answers: str | Path, allow: tuple[Path, ...] = ()) -> InputPolicy:
    """The policy a submission is read under: sealed to the answers file's own folder (the
    submission folder), so an answers file that is a link to a file outside it — the teacher's
    key — is refused, as is anything it could name."""
    return InputPolicy(root=Path(os.path.abspath(Path(answers).parent)), allow=allow)


def with_answers_file(homework: Homework, answers: str | Path,
                      allow: tuple[Path, ...] = ()) -> Homework:
    """`with_answers` for the student's file at `answers`, read sealed (`sealed_policy`): a
    regular file inside its folder, bounded in size."""
    with reading(sealed_policy(answers, allow)):
        text = read_source(Path(answers), str(answers), "the answers file ")
    return with_answers(homework, text, str(answers))


def with_answers(homework: Homework, text: str, filename: str) -> Homework:
    """`homework` with the answers in `text` (the student's file, named `filename`)."""
    return with_answers_document(homework, read_yaml(text, filename), filename)


def with_answers_document(homework: Homework, document: Any, filename: str) -> Homework:
    """`with_answers` for the student's file already read as YAML (`read_yaml`)."""
    if not isinstance(document, MarkedDict):
        raise SpecError("an answers file is a mapping: 'answers: {1a: 55x55x96, …}', or a "
                        "copy of the homework with 'answer:' filled in", Location(filename, 1, 1))
    teacher = homework.document
    warnings = [ignored_key(document, key, SUBMISSION_KEYS, "the answers file")
                for key in document
                if key not in SUBMISSION_KEYS and differs(document[key], teacher.get(key))]
    given, item_warnings = answers_given(document, homework)
    warnings += item_warnings
    answers: dict[str, Given] = {}
    ids = [question.id for question in homework.questions]
    known = set(ids)
    unworded = 0
    for answer in given:
        if answer.id in known and answer.id not in answers:
            answers[answer.id] = answer
        elif len(warnings) > MAX_WARNINGS:  # counted, not worded: a did-you-mean costs time
            unworded += 1
        elif answer.id in answers:
            warnings.append(f"{answer.where}: question '{answer.id}' is answered twice (first at "
                            f"line {answers[answer.id].where.line}); the first answer is graded, "
                            "this one is ignored")
        else:
            warnings.append(f"{answer.where}: there is no question '{shown_id(answer.id)}'"
                            f"{suggestion(answer.id, ids)}; this answer is ignored. The "
                            f"questions are {listed(ids)}")
    questions = tuple(replace(question, answer=answers[question.id].answer
                              if question.id in answers else None)
                      for question in homework.questions)
    return replace(homework, questions=questions, warnings=at_most(warnings, filename, unworded),
                   student=shown_name(text_of(document, "student")) or homework.student)


def at_most(warnings: list[str], filename: str, unworded: int = 0) -> tuple[str, ...]:
    """The first `MAX_WARNINGS` warnings, then one that counts the rest (`unworded` more were
    only counted): 100,000 answers to no question make 21 lines in each report, not 100,000."""
    more = len(warnings) - MAX_WARNINGS + unworded
    if more <= 0:
        return tuple(warnings)
    return (*warnings[:MAX_WARNINGS],
            f"{filename}: {more:,} more warning{'s' if more > 1 else ''} about this file, not "
            "shown: what the questions file does not ask for is ignored")


def shown_name(name: str | None) -> str | None:
    """A student's name as the reports show it: at most `MAX_NAME` characters (a 1 MB name
    would be a cell no spreadsheet or gradebook import takes)."""
    if name is None or len(name) <= MAX_NAME:
        return name
    return f"{name[:MAX_NAME]}…"


def shown_id(qid: str) -> str:
    """An id as a warning quotes it: at most `MAX_ID_SHOWN` characters."""
    return qid if len(qid) <= MAX_ID_SHOWN else f"{qid[:MAX_ID_SHOWN]}…"


def answers_given(document: MarkedDict, homework: Homework) -> tuple[list[Given], list[str]]:
    """Every answer in an ``answers:`` mapping or a ``questions:`` list (both may be given),
    and the warnings about what else the list's items say."""
    given: list[Given] = []
    warnings: list[str] = []
    if "answers" not in document and "questions" not in document:
        raise SpecError("the answers file has neither 'answers' (e.g. answers: {1a: 55x55x96}) "
                        "nor a 'questions' list with 'answer:' filled in", document.location)
    if "answers" in document:
        answers = document["answers"]
        if not isinstance(answers, MarkedDict):
            raise SpecError("'answers' maps question ids to answers, e.g. {1a: 55x55x96}",
                            document.value_location("answers"))
        for qid, value in answers.items():
            given.append(Given(str(qid).strip(), answer_of(MarkedDict({"answer": value})),
                               answers.value_location(qid)))
    if "questions" in document:
        given_items, warnings = items_given(document, homework)
        given += given_items
    return given, warnings


def items_given(document: MarkedDict, homework: Homework) -> tuple[list[Given], list[str]]:
    """The answers of a filled-in copy: ``questions: [{id: 1a, answer: …}, …]``. Keys other
    than ``id`` and ``answer`` are ignored; a warning names each one that changes the teacher's
    value, once per key (with the line of its first change)."""
    items = document["questions"]
    if not isinstance(items, MarkedList):
        raise SpecError("'questions' in an answers file is a list of {id: …, answer: …}",
                        document.value_location("questions"))
    ids = [question.id for question in homework.questions]
    teacher = {str(item.get("id", ids[index] if index < len(ids) else "")): item
               for index, item in enumerate(homework.document.get("questions", []))
               if isinstance(item, dict)}
    given, changed = [], {}
    for index, item in enumerate(items):
        where = items.item_location(index)
        if not isinstance(item, MarkedDict):
            raise SpecError("each question is a mapping with its 'id' and 'answer'", where)
        qid = item.get("id")
        if qid is None:
            if index >= len(ids):
                raise SpecError(f"question {index + 1} has no id, and {homework.file} has only "
                                f"{len(ids)} questions; give it the id of the question it "
                                "answers", where)
            qid = ids[index]
        qid = str(plain(qid)).strip()
        for key in item:
            if key not in ITEM_KEYS and key not in changed \
                    and differs(item[key], teacher.get(qid, {}).get(key)):
                changed[key] = item.key_location(key)
        given.append(Given(qid, answer_of(item), where))
    return given, [ignored_key_at(where, key, ITEM_KEYS, "a question in the answers file")
                   for key, where in changed.items()]


def ignored_key(mapping: MarkedDict, key: Any, allowed: tuple[str, ...], what: str) -> str:
    return ignored_key_at(mapping.key_location(key), key, allowed, what)


def ignored_key_at(where: Location, key: Any, allowed: tuple[str, ...], what: str) -> str:
    """``hw.yaml:3:5: 'tolerance' is ignored: …``."""
    return (f"{where}: '{shown_id(str(key))}' is ignored{closest(key, allowed)}: {RULES}; {what} is read for "
            f"{', '.join(allowed)} only")


def differs(value: Any, teacher_value: Any) -> bool:
    """Whether a key's value in the student's file changes the teacher's."""
    return plain(value) != teacher_value


def suggestion(word: str, ids: list[str]) -> str:
    """`` (did you mean 'N1'?)``: the id that differs only in case, else the closest one."""
    same = [qid for qid in ids if qid.lower() == word.lower()]
    if same:
        return f" (did you mean '{same[0]}'? ids are case-sensitive)"
    return closest(word, ids)


def natural_key(text: str) -> list:
    """Sort key putting N2 before N10.

    >>> sorted(["N10", "N2", "N1", "1b", "1a"], key=natural_key)
    ['1a', '1b', 'N1', 'N2', 'N10']
    """
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower())
            for part in re.split(r"(\d+)", text) if part]


def listed(ids: list[str]) -> str:
    """The ids in natural order, at most `MAX_LISTED` of them."""
    ordered = sorted(ids, key=natural_key)
    more = len(ordered) - MAX_LISTED
    shown = ", ".join(ordered[:MAX_LISTED])
    return f"{shown} and {more} more" if more > 0 else shown
