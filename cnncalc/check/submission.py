"""A student's answers graded against the teacher's questions file (``check --questions``).

Only the answers (and the student's name) come from the student's file, matched to the
teacher's questions by ``id`` — or by position where the teacher's questions have no ids — so an
edited question, tolerance, point value or ``accept:`` in the student's copy changes nothing.
The student's file is either a copy of the homework with ``answer:`` filled in, or just::

    student: Ada Lovelace
    answers:
      1a: 55x55x96
      1b: 34,944
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import Location, SpecError
from ..spec.source import MarkedDict, MarkedList, load_yaml, read_source
from .answerfile import Homework, answer_of, check_keys, load_homework, text_of

SUBMISSION_KEYS = ("student", "id", "answers", "questions", "title", "network", "networks",
                   "tolerance", "accept", "batch")


def load_submission(answers: str | Path, questions: str | Path) -> Homework:
    """The teacher's homework (`questions`) with the student's answers (`answers`) put in."""
    homework = load_homework(questions)
    text = read_source(Path(answers), str(answers), "the answers file ")
    return with_answers(homework, text, str(answers))


def with_answers(homework: Homework, text: str, filename: str) -> Homework:
    document = load_yaml(text, filename)
    if not isinstance(document, MarkedDict):
        raise SpecError("an answers file is a mapping: 'answers: {1a: 55x55x96, …}', or a "
                        "copy of the homework with 'answer:' filled in", Location(filename, 1, 1))
    check_keys(document, SUBMISSION_KEYS, "an answers file")
    given = answers_by_id(document, homework)
    known = {question.id for question in homework.questions}
    for qid, (_, where) in given.items():
        if qid not in known:
            raise SpecError(f"there is no question '{qid}' in {homework.file}; its questions "
                            f"are {', '.join(sorted(known))}", where)
    questions = tuple(replace(question, answer=given.get(question.id, (None, None))[0])
                      for question in homework.questions)
    return replace(homework, questions=questions,
                   student=text_of(document, "student") or homework.student)


def answers_by_id(document: MarkedDict, homework: Homework) -> dict[str, tuple[Any, Location]]:
    """id → (answer as written, where) from an ``answers:`` mapping or a ``questions:`` list."""
    if "answers" in document:
        answers = document["answers"]
        if not isinstance(answers, MarkedDict):
            raise SpecError("'answers' maps question ids to answers, e.g. {1a: 55x55x96}",
                            document.value_location("answers"))
        holder = MarkedDict({"answer": None})
        result = {}
        for qid, value in answers.items():
            holder["answer"] = value
            result[str(qid)] = (answer_of(holder), answers.value_location(qid))
        return result
    items = document.get("questions")
    if not isinstance(items, MarkedList):
        raise SpecError("the answers file has neither 'answers' nor a 'questions' list with "
                        "'answer:' filled in", document.location)
    ids = [question.id for question in homework.questions]
    result = {}
    for index, item in enumerate(items):
        where = items.item_location(index)
        if not isinstance(item, MarkedDict):
            raise SpecError("each question is a mapping with its 'id' and 'answer'", where)
        qid = item.get("id")
        if qid is None:
            if index >= len(ids):
                raise SpecError(f"question {index + 1} has no id, and {homework.file} has only "
                                f"{len(ids)} questions", where)
            qid = ids[index]
        result[str(qid)] = (answer_of(item), where)
    return result
