"""A whole class at once: many students' answers graded against one questions file, in one process.

The teacher's questions file is read once; each student is graded against their own variant
(`variants`: drawn from the submission's ``id:``, else its ``student:``). The networks' summaries
are computed once per network and batch for the whole class, and a question's result once per
distinct answer (most wrong answers are the same few slips), so a class costs little more than
its slowest distinct answers.

**Who a row is.** A student's file is not trusted to say who wrote it: a ``student: ada`` in
Bob's file must not put Bob's score in Ada's row, nor give Bob Ada's variant to copy. So a row's
id — the gradebook's ID column, and what the variant is drawn from — is the name of the folder
the submission is in (``submissions/ada/answers.yaml`` → ``ada``: the folders the teacher's
export or checkout made), else its file name when the files share one folder; for a single
submission, ``--student ID`` (from the platform's metadata) overrides it. The file's
``student:`` is only the name shown beside the id. The submission is read sealed to its own
folder (`submission.sealed_policy`).

**A malformed submission** (unreadable YAML, an unknown key or question id) never stops the
class: its row scores 0 and holds the file:line:column message. Neither does a bug cnncalc meets
on one file (that row says "an internal error"), nor a file that is one graded before it (a
folder or hard link to another student's submission: it scores 0, so no answers count twice).
Only a malformed questions file is an error (`SpecError`, exit code 2).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from ..calculator import summarize
from ..errors import CnnCalcError, SpecError
from ..graph import Network
from ..report import Summary
from ..files.inputs import InputPolicy, reading
from ..spec.source import read_source
from .answerfile import Homework, Question, homework_from_document, read_yaml
from .grade import Grading, QuestionResult, grade_question, malformed_grading
from .submission import sealed_policy, shown_name, with_answers_document
from .variants import NETWORK_SCOPE, student_key


@dataclass(frozen=True)
class Submission:
    """One student's outcome: a grading, or the message that says why the file is unreadable."""

    file: str
    student: str
    """Who the row is (``student:``, else the folder's name, else the file's)."""
    student_id: str | None
    """The row's id, which the variant was drawn from (the submission's folder, see the module
    docstring); None: the base variant."""
    grading: Grading | None
    """None when the file could not be read."""
    error: str | None = None
    """The file:line:column message of a malformed file."""
    notes: tuple[str, ...] = ()

    @property
    def score(self) -> int | float:
        return self.grading.score if self.grading else 0


@dataclass(frozen=True)
class ClassGrading:
    """Every submission graded against one questions file."""

    questions_file: str
    title: str | None
    question_ids: tuple[str, ...]
    max_points: dict[str, int | float]
    """Question id → the points a right answer scores."""
    submissions: tuple[Submission, ...]
    seconds: float = 0.0
    """How long the grading took (for the benchmark)."""

    @property
    def max_score(self) -> int | float:
        return sum(self.max_points.values())

    @property
    def malformed(self) -> tuple[Submission, ...]:
        return tuple(entry for entry in self.submissions if entry.grading is None)


@dataclass
class Caches:
    """What one class shares between its submissions (none of it outlives the class)."""

    summaries: dict[tuple[int, int], tuple[Network, Summary]] = field(default_factory=dict)
    """(id of the network, batch) → its summary; the network is kept so its id stays its own."""
    results: dict[tuple[int, str], QuestionResult] = field(default_factory=dict)
    """(id of the question, the answer as written) → its result."""
    homeworks: dict[str | None, Homework] = field(default_factory=dict)
    """Student id → their variant of the homework (one entry when nothing varies)."""
    questions: dict[tuple[str, str], Question] = field(default_factory=dict)
    """(question id, the values drawn for it and its network) → the one `Question` every
    student with those values shares, so that its results and summary are shared too."""
    reads: dict = field(default_factory=dict)
    """What reading the questions file again for another student reuses: the question banks'
    YAML and the networks (`homework_from_document`'s cache)."""

    def summary(self, network: Network, batch: int) -> Summary:
        key = (id(network), batch)
        if key not in self.summaries:
            self.summaries[key] = (network, summarize(network, batch))
        return self.summaries[key][1]


class Classroom:
    """The teacher's questions file, read once, and the caches its class shares."""

    def __init__(self, questions: str | Path, policy: InputPolicy | None = None):
        path = Path(questions)
        self.shown = str(questions)
        self.base_dir = path.parent
        self.policy = policy
        with reading(policy):
            self.document = read_yaml(read_source(path, self.shown, "the questions file "),
                                      self.shown)
        self.caches = Caches()
        self.varies = False
        self.base = self.homework_for(None)  # a malformed questions file stops here
        self.varies = bool(self.base.variant)

    def homework_for(self, student_id: str | None) -> Homework:
        """The student's variant (the same object for everyone when nothing varies)."""
        key = student_id if self.varies else None
        if key not in self.caches.homeworks:
            # "" for no student: the base variant, whatever student:/id: the teacher's file has
            with reading(self.policy):
                homework = homework_from_document(self.document, self.shown, self.base_dir,
                                                  student_id=key or "", cache=self.caches.reads)
            self.caches.homeworks[key] = self.shared(homework)
        return self.caches.homeworks[key]

    def shared(self, homework: Homework) -> Homework:
        """`homework` with each question replaced by the one already read for the same drawn
        values (most questions do not vary, so every student shares them)."""
        drawn: dict[str, list] = {}
        for scope, name, value in homework.variant:
            drawn.setdefault(scope, []).append((name, value))
        questions = []
        for question in homework.questions:
            values = drawn.get(question.id, []) + drawn.get(
                NETWORK_SCOPE + (question.network_name or ""), [])
            questions.append(self.caches.questions.setdefault((question.id, repr(values)),
                                                              question))
        return replace(homework, questions=tuple(questions))

    def grade_file(self, answers: str | Path, student_id: str | None = None) -> Submission:
        """One submission, as the row of `student_id` (default: its folder's name); never
        raises for a malformed submission (its row says why)."""
        shown = str(answers)
        student_id = student_key(student_id) or folder_name(shown)
        try:
            refuse_teachers_folder(answers, self.base_dir)
            with reading(sealed_policy(answers, self.policy.allow if self.policy else ())):
                text = read_source(Path(answers), shown, "the answers file ")
            document = read_yaml(text, shown)
        except CnnCalcError as error:
            return Submission(shown, student_id, student_id, None, error=str(error))
        name = shown_name(student_key(document.get("student"))) if isinstance(document, dict) \
            else None
        who = name or student_id
        try:
            variant = self.homework_for(student_id)
            homework = with_answers_document(variant, document, shown)
            grading = self.graded(variant, homework)
        except CnnCalcError as error:
            return Submission(shown, who, student_id, None, error=str(error))
        except (RecursionError, MemoryError, ArithmeticError, LookupError, TypeError,
                ValueError) as error:  # a bug met on one file must not stop the class
            return Submission(shown, who, student_id, None, error=(
                f"{shown}: cnncalc could not grade this file (an internal error, a bug in "
                f"cnncalc: {type(error).__name__}); it scores 0 until it is fixed — please "
                "report it with the file"))
        return Submission(shown, who, student_id, grading, notes=homework.warnings)

    def grading_of(self, answers: str | Path, student_id: str | None = None) -> Grading:
        """One submission's `Grading` (graded mode); a malformed file is `malformed_grading`."""
        entry = self.grade_file(answers, student_id)
        if entry.grading is not None:
            return entry.grading
        return malformed_grading(self.base, entry.file, entry.error)

    def graded(self, variant: Homework, homework: Homework) -> Grading:
        """`grade(homework)`, with the class's caches: `homework` is `variant` with answers."""
        results = []
        for asked, answered in zip(variant.questions, homework.questions):
            key = (id(asked), answer_key(answered.answer))
            result = self.caches.results.get(key)
            if result is None:
                result = grade_question(answered, None if answered.find is not None else
                                        self.caches.summary(answered.network, answered.batch))
                if len(key[1]) <= MAX_CACHED_ANSWER:  # a long one is unreadable, and unique
                    self.caches.results[key] = result
            results.append(result)
        return Grading(homework.file, homework.title, homework.student, tuple(results),
                       warnings=homework.warnings)

    def grade_all(self, answers: Iterable[str | Path]) -> ClassGrading:
        """Every submission in `answers`, in order. A file that is one already graded (a link
        to another student's folder or file, or a hard link) scores 0: each row is graded from
        its own file, so no student's answers count twice."""
        start = time.perf_counter()
        seen: dict[tuple[int, int], str] = {}
        submissions = []
        for path in answers:
            identity = file_identity(path)
            if identity is None or identity not in seen:
                submissions.append(self.grade_file(path))
                if identity is not None:
                    seen[identity] = str(path)
                continue
            student_id = folder_name(str(path))
            submissions.append(Submission(str(path), student_id, student_id, None, error=(
                f"{path} is the same file as {seen[identity]} (a link); each submission is "
                "graded from a file of its own")))
        submissions = tuple(submissions)
        base = self.base
        return ClassGrading(
            questions_file=self.shown, title=base.title,
            question_ids=tuple(question.id for question in base.questions),
            max_points={question.id: question.points for question in base.questions},
            submissions=submissions, seconds=time.perf_counter() - start)


def grade_class(questions: str | Path, answers: Iterable[str | Path],
                policy: InputPolicy | None = None) -> ClassGrading:
    """Every submission in `answers` graded against the questions file `questions` (read under
    `policy`)."""
    return Classroom(questions, policy).grade_all(answers)


MAX_CACHED_ANSWER = 1_000
"""Results are shared for answers up to this long (as `answer_key` writes them): a class of
16 MB answers would otherwise keep every one of them until the class is graded."""


def answer_key(answer: Any) -> str:
    """The answer as written, as a cache key that tells ``34944`` from ``"34944"``."""
    return f"{type(answer).__name__}:{answer!r}"


def refuse_teachers_folder(answers: str | Path, questions_dir: Path) -> None:
    """A `SpecError` when the answers file is a link into the questions file's folder from a
    folder outside it: the GitHub workflow checks the teacher's questions out inside the
    student's repository (``questions/``), where the sealed folder alone would let
    ``answers.yaml`` lead to them — or to a key kept beside them. (An answers file in the
    questions' own folder, as a teacher tries one, is read as always.)"""
    teacher = Path(os.path.realpath(questions_dir))
    given = Path(os.path.abspath(answers)).parent
    target = Path(os.path.realpath(answers))
    if teacher in target.parents and not (given == teacher or teacher in given.parents):
        raise SpecError(f"the answers file {answers} leads into the folder of the questions "
                        "file (a link); a submission is read from its own files only")


def file_identity(path: str | Path) -> tuple[int, int] | None:
    """(device, inode) of the file `path` leads to, links followed; None when there is none."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def folder_name(path: str) -> str:
    """The name of the folder a submission is in; its file name when that folder is the
    current one."""
    parent = Path(path).parent.name
    return parent if parent not in ("", ".", "..") else Path(path).name


def hidden_class(grading: ClassGrading, hide) -> ClassGrading:
    """`grading` with `hide` (such as `grade.hide_solutions`) applied to every submission."""
    return replace(grading, submissions=tuple(
        replace(entry, grading=hide(entry.grading)) if entry.grading else entry
        for entry in grading.submissions))
