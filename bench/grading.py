"""`make bench` (third part): a whole class graded in one `cnncalc check` call.

    python bench/grading.py [--students 300] [--questions 50] [--seed 7] [--keep DIR]

Generates a 50-question assignment over four bundled networks (`assignment`) and 300
submissions with a realistic mix of answers (`submissions`: right ones, the slips cnncalc itself
predicts for each question, blanks, unreadable and plainly wrong answers, by a seeded
generator), then times (1) the whole ``cnncalc check --questions … --gradebook …
--class-report …`` process, (2) the same in-process, per submission, and (3) for comparison,
today's one-submission path (`load_submission` + `grade`) run once per student. The target is
(1) under 10 s on a 2-core machine. A benchmark, not a test: nothing here fails.

The generator is also what the tests and docs/checking.md's class report use (`write_class`).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import yaml  # noqa: E402

from cnncalc.calculator import summarize  # noqa: E402
from cnncalc.check.answerfile import Homework, load_homework  # noqa: E402  (Homework: types)
from cnncalc.check.grade import candidates, grade  # noqa: E402

NETWORKS = ("alexnet", "lenet5", "vgg16", "resnet50")
ASKED = ("output_shape", "params", "mults", "flops", "activations", "memory")
FIRST_NAMES = ("Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John",
               "Margaret", "Ken", "Radia", "Niklaus", "Shafi", "Tim", "Hedy", "Claude")


def assignment(count: int = 50, vary: bool = False) -> str:
    """A questions file of `count` questions: layer quantities of the bundled networks (the
    layers with parameters, taken in turn), one network total per network, and a find; with
    `vary`, also a stand-alone conv whose filters, kernel and input vary per student."""
    from cnncalc.spec import load_spec

    layers = {name: [row.name for row in summarize(load_spec(name)).layers
                     if row.trainable_params] for name in NETWORKS}
    questions: list[dict] = [{"id": "find", "input": "32x32x3",
                              "layer": {"conv": {"filters": 16, "kernel": 5}},
                              "find": "padding", "output": "32x32"}]
    questions += [{"id": f"{name}-total", "network": name, "ask": "params", "points": 2}
                  for name in NETWORKS]
    if vary:
        questions.append({"id": "varied", "vary": {"filters": [16, 32, 64], "kernel": [3, 5],
                                                   "size": [28, 32]},
                          "input": "${size}x${size}x3",
                          "layer": {"conv": {"filters": "$filters", "kernel": "$kernel"}},
                          "ask": "mults"})
    index = 0
    while len(questions) < count:
        network = NETWORKS[index % len(NETWORKS)]
        names = layers[network]
        layer = names[(index // len(NETWORKS)) % len(names)]
        ask = ASKED[index % len(ASKED)]
        questions.append({"id": f"q{len(questions) + 1}", "network": network, "layer": layer,
                          "ask": ask})
        index += 1
    document = {"title": f"Generated assignment: {count} questions", "seed": "bench",
                "networks": {name: name for name in NETWORKS}, "questions": questions[:count]}
    return yaml.safe_dump(document, sort_keys=False)


def written(value):
    """A right or slipped value as a student writes it: ``55x55x96``, ``34944``."""
    if isinstance(value, (tuple, list)):
        return "x".join(str(int(size)) for size in value)
    return value


def answer_choices(homework: Homework) -> list[tuple[object, list]]:
    """Per question: (the right answer as written, the answers its slips give)."""
    key = grade(homework)
    choices = []
    for question, result in zip(homework.questions, key.results):
        if question.find is not None:
            choices.append((result.right_value[0], []))
            continue
        summary = summarize(question.network, question.batch)
        slipped = [written(candidate.value) for candidate in candidates(question, summary)]
        choices.append((written(result.right_value), slipped))
    return choices


def wrong_answer(right, rng: random.Random):
    """A wrong answer no slip explains: off by a little, a guess, or text cnncalc cannot read
    (a shape cut short; a count with a dot between thousands, or with a unit)."""
    roll = rng.random()
    if isinstance(right, str):  # a shape
        if roll < 0.25:
            return right.rsplit("x", 1)[0] + "x"
        sizes = [int(size) for size in right.split("x")]
        sizes[0] += rng.choice([-1, 1, 2])
        return "x".join(map(str, sizes))
    if roll < 0.25:
        return rng.choice([f"{right:,}".replace(",", ".") if right >= 1000 else "fifty",
                           f"{right / 1e6:.2f} MFLOPs"])
    return int(right * rng.choice([0.5, 0.9, 1.1, 3])) + rng.choice([0, 1])


def submissions(questions: Path, count: int, seed: int = 7) -> list[dict]:
    """`count` submissions: each student has an ability (the chance of a right answer, 0.35 to
    0.95); a wrong answer is mostly one of cnncalc's predicted slips (the commoner slips, first
    in the list, more often), else blank, a near miss or unreadable text. Each answers their
    own variant when the questions vary."""
    rng = random.Random(seed)
    homework = load_homework(questions, student_id="")
    choices = answer_choices(homework)
    result = []
    for number in range(1, count + 1):
        if homework.variant:
            homework = load_homework(questions, student_id=f"s{number:04d}")
            choices = answer_choices(homework)
        ability = rng.uniform(0.35, 0.95)
        answers = {}
        for question, (right, slipped) in zip(homework.questions, choices):
            roll = rng.random()
            if roll < ability:
                answer = right
            elif slipped and roll < ability + (1 - ability) * 0.6:
                weights = [1 / (index + 1) ** 1.5 for index in range(len(slipped))]
                answer = rng.choices(slipped, weights)[0]
            elif roll < ability + (1 - ability) * 0.7:
                continue  # left blank
            else:
                answer = wrong_answer(right, rng)
            answers[question.id] = answer
        name = f"{rng.choice(FIRST_NAMES)} {chr(ord('A') + rng.randrange(26))}."
        result.append({"student": name, "id": f"s{number:04d}", "answers": answers})
    return result


def write_class(questions: Path, folder: Path, count: int, seed: int = 7,
                malformed: int = 0) -> list[Path]:
    """The submissions as ``folder/sNNNN/answers.yaml``; the last `malformed` of them are
    broken files (a misspelt key, then YAML that does not parse)."""
    paths = []
    for index, document in enumerate(submissions(questions, count, seed)):
        path = folder / document["id"] / "answers.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        if index >= count - malformed:
            text = (text.replace("answers:", "answerz:", 1) if index % 2 == 0
                    else text + "  broken: [unclosed\n")
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="write the class here (and keep it)")
    parser.add_argument("--vary", action="store_true", help="one question varies per student "
                        "(each student's variant is read: the questions file once per student)")
    args = parser.parse_args(argv)
    from cnncalc.check.classroom import grade_class
    from cnncalc.check.submission import load_submission

    folder = Path(args.keep or tempfile.mkdtemp(prefix="cnncalc-class-"))
    folder.mkdir(parents=True, exist_ok=True)
    questions = folder / "questions.yaml"
    questions.write_text(assignment(args.questions, args.vary), encoding="utf-8")
    start = time.perf_counter()
    paths = write_class(questions, folder / "submissions", args.students, args.seed)
    print(f"{args.students} submissions of {args.questions} questions generated in "
          f"{time.perf_counter() - start:.1f} s ({folder})")

    cnncalc = Path(sys.executable).with_name("cnncalc")
    command = [str(cnncalc), "check", "--questions", str(questions), *map(str, paths),
               "--gradebook", str(folder / "grades.csv"),
               "--class-report", str(folder / "report.md")]
    whole = min(timed(command) for _ in range(3))
    print(f"cnncalc check, one process, gradebook and class report: {whole:.2f} s "
          f"({whole / args.students * 1000:.1f} ms per submission; target: under 10 s)")

    graded = grade_class(questions, paths)
    print(f"  in process: {graded.seconds:.2f} s "
          f"({graded.seconds / args.students * 1000:.1f} ms per submission)")
    start = time.perf_counter()
    for path in paths:
        grade(load_submission(path, questions))
    alone = time.perf_counter() - start
    print(f"  one submission at a time (load_submission + grade, no sharing): {alone:.2f} s "
          f"({alone / args.students * 1000:.1f} ms per submission)")
    if not args.keep:
        import shutil
        shutil.rmtree(folder)


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
