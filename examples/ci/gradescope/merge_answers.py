"""Put a student's answers into the teacher's questions file, for grading on Gradescope.

    python merge_answers.py QUESTIONS SUBMISSION_DIR GRADED RESULTS_JSON

QUESTIONS is the teacher's file (questions, no answers). SUBMISSION_DIR holds the student's
copy with answers: ``answers.yaml``, or the only ``.yaml``/``.yml`` file there. Questions are
matched by ``id`` (by position when the teacher's questions have none); only ``answer`` (and the
``student`` name) is taken from the student's file, so an edited question, tolerance or point
value changes nothing. GRADED is the merged file to give to ``cnncalc check``.

When no answers file can be read, a results.json with score 0 and the reason is written to
RESULTS_JSON and the exit code is 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ANSWERS_NAME = "answers.yaml"


def find_answers(directory: Path) -> Path:
    named = sorted(directory.rglob(ANSWERS_NAME))
    if named:
        return named[0]
    candidates = sorted([*directory.rglob("*.yaml"), *directory.rglob("*.yml")])
    if len(candidates) == 1:
        return candidates[0]
    found = ", ".join(path.name for path in candidates) or "no YAML file"
    raise ValueError(f"submit your answers as {ANSWERS_NAME} (found {found})")


def question_ids(questions: list) -> list[str]:
    return [str(question.get("id", f"q{number}")) if isinstance(question, dict) else
            f"q{number}" for number, question in enumerate(questions, 1)]


def merge(teacher: dict, student: dict) -> dict:
    student_questions = student.get("questions") or []
    if not isinstance(student_questions, list):
        raise ValueError("'questions' in your file is not a list; copy the homework file "
                         "again and add an 'answer:' under each question")
    answers = {qid: question["answer"]
               for qid, question in zip(question_ids(student_questions), student_questions)
               if isinstance(question, dict) and "answer" in question}
    merged = {key: value for key, value in teacher.items() if key != "student"}
    if isinstance(student.get("student"), str):
        merged = {"title": merged.pop("title", "Homework"), "student": student["student"],
                  **merged}
    questions = []
    for qid, question in zip(question_ids(teacher["questions"]), teacher["questions"]):
        question = dict(question)
        question.pop("answer", None)
        if qid in answers:
            question["answer"] = answers[qid]
        questions.append(question)
    merged["questions"] = questions
    return merged


def main(questions_path: str, submission_dir: str, graded_path: str, results_path: str) -> int:
    teacher = yaml.safe_load(Path(questions_path).read_text(encoding="utf-8"))
    try:
        answers_path = find_answers(Path(submission_dir))
        student = yaml.safe_load(answers_path.read_text(encoding="utf-8"))
        if not isinstance(student, dict):
            raise ValueError(f"{answers_path.name} is not a homework file: copy the homework "
                             "file again and add an 'answer:' under each question")
        merged = merge(teacher, student)
    except (ValueError, OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        message = f"Your answers could not be read: {error}"
        print(message)
        Path(results_path).write_text(json.dumps({"score": 0, "output": message}),
                                      encoding="utf-8")
        return 1
    Path(graded_path).write_text(yaml.safe_dump(merged, sort_keys=False, allow_unicode=True),
                                 encoding="utf-8")
    print(f"graded {answers_path} against {questions_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
