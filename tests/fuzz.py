"""`make fuzz`: throw generated specs at cnncalc and count what is not a clean answer.

    python tests/fuzz.py [--cases 10000] [--seed 0] [--show 5]

Nine families of cases, in turn. Four are damage, as a typo makes it: random YAML documents (random nesting of random scalars, and
character-level damage to bundled spec text); plausible random specs (random kinds from the
registry with settings from a palette of good and bad values, random ``from:``, blocks,
``repeat`` and ``if``); and mutations of every bundled spec (a key deleted, a value replaced
by a wrong type or a huge, negative, zero, fractional or textual number, an unknown kind, a
broken or cyclic ``from:``, a block that uses itself, an include of itself or of nothing).

Five are what an attacker writes (`fuzz_hostile`): expressions, include and block graphs,
answers strings against the teacher's questions, hostile names through every format, and paths
that point where they should not.

A damage case runs through ``summarize --json``, ``summarize`` (the table) and ``explain``, and
through ``verify`` when it is small; a hostile case runs its own commands. Each case runs in a
worker process under a time limit (`CASE_SECONDS`) and an address-space limit (`CASE_MEMORY`
above what the worker had at its start): a hang or a crash is a failure, and the worker is
replaced. A failure is also any exception other than a `CnnCalcError` (exit code 2) — an
internal error, exit code 3 —, a verify that finds the calculator and the engine disagreeing
(exit code 1), a raw terminal control character in what a hostile case prints, or a report that
does not parse. The run prints the number of cases and of failures, and the first failures with
their traceback.
"""

from __future__ import annotations

import argparse
import copy
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from cnncalc.bundled import bundled_dir  # noqa: E402
from cnncalc.calculator import summarize  # noqa: E402
from cnncalc.cli import main  # noqa: E402
from cnncalc.errors import CnnCalcError  # noqa: E402
from cnncalc.layers import REGISTRY  # noqa: E402
from cnncalc.spec import load_spec  # noqa: E402
from fuzz_hostile import HOSTILE, Case, Special, parse_problem, raw_control  # noqa: E402

VERIFY_MULTS = 2_000_000
"""verify runs on cases of at most this many multiplications (and 64 MiB)."""

BAD_NUMBERS = [0, -1, -7, 1.5, 2.0, 0.0, 10**6, 10**15, 10**30, 99999999999999999999,
               "3", "three", "", None, True, False, [], {}, [1], [0, 0], [1, 2, 3], "1e3",
               float("inf"), float("nan"), -0.5, "3x3", "${1/0}", "${10**9}", "$nope",
               "${input.channels * 2}", "same", "valid", "full", "x" * 300]
GOOD_VALUES = {"filters": [1, 2, 4, 8, 16], "units": [1, 4, 10], "kernel": [1, 2, 3, 5, [1, 3]],
               "stride": [1, 2, [1, 2]], "padding": [0, 1, 2, "same", "valid", [1, 0]],
               "dilation": [1, 2], "groups": [1, 2], "bias": [True, False],
               "depthwise": [True, False], "multiplier": [1, 2], "output_padding": [0, 1],
               "rate": [0.1, 0.5], "slope": [0.1], "size": [1, 2, 3, [2, 3]],
               "ceil_mode": [True, False], "affine": [True, False]}
EXPLAIN_ALL = 30
"""explain covers every layer of a case this small, else a tenth of this many, at random."""
KINDS = sorted({cls.kind for cls in REGISTRY.values()})


# --- the four families ---------------------------------------------------------------------

def random_scalar(rng: random.Random):
    return rng.choice([rng.randint(-10, 300), rng.random() * 100, rng.choice(BAD_NUMBERS),
                       rng.choice(KINDS), "".join(rng.choice("ab:-[]{}$#&*!|>%@ \n'\"x0")
                                                  for _ in range(rng.randint(0, 12)))])


def random_document(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth > 4 or roll < 0.4:
        return random_scalar(rng)
    if roll < 0.7:
        return [random_document(rng, depth + 1) for _ in range(rng.randint(0, 5))]
    keys = ["input", "layers", "name", "blocks", "include", *KINDS[:5], "from", "repeat", "if"]
    return {rng.choice(keys) if rng.random() < 0.7 else str(random_scalar(rng)):
            random_document(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def random_yaml(rng: random.Random, bundled: dict[str, str]) -> str:
    """A random document, or a bundled spec with characters deleted, doubled or changed."""
    if rng.random() < 0.5:
        return yaml.safe_dump(random_document(rng), allow_unicode=True)
    text = list(rng.choice(list(bundled.values())))
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text))
        action = rng.random()
        if action < 0.33:
            del text[at]
        elif action < 0.66:
            text.insert(at, text[at])
        else:
            text[at] = rng.choice(" \t\n:-[]{}#&*!|>'\"0129xa")
    return "".join(text)


def setting_value(rng: random.Random, name: str):
    if name in GOOD_VALUES and rng.random() < 0.85:
        return rng.choice(GOOD_VALUES[name])
    return rng.choice(BAD_NUMBERS)


def random_layer(rng: random.Random, names: list[str], kinds: list[str]):
    kind = rng.choice(kinds) if rng.random() < 0.97 else rng.choice(["convv", "pool", "", 3])
    cls = REGISTRY.get(kind)
    body = {}
    if cls is not None:
        for name, setting in cls.settings.items():
            if setting.required or rng.random() < 0.3:
                body[name] = setting_value(rng, name)
    if names and rng.random() < 0.2:
        body["from"] = rng.choice(names) if rng.random() < 0.7 else rng.sample(
            names, min(len(names), 2))
    if rng.random() < 0.1:
        body["repeat"] = rng.choice([0, 1, 2, 3, -1, "x"])
    if rng.random() < 0.05:
        body["if"] = rng.choice([True, False, "${1 == 1}", "maybe"])
    if rng.random() < 0.5:
        body["name"] = f"l{len(names)}"
        names.append(body["name"])
    if not body and rng.random() < 0.5:
        return kind
    return {kind: body}


def random_spec(rng: random.Random) -> str:
    """A plausible spec: mostly sensible layers on a small input, sometimes a block."""
    shape = rng.choice(["8x8x3", "16x16x4", "5x7x2", "32x32x3", "10", "1x1x1", [6, 6, 2]])
    names: list[str] = []
    spec: dict = {"name": "fuzz", "input": shape}
    kinds = list(KINDS)
    if rng.random() < 0.3:
        block_names: list[str] = []
        spec["blocks"] = {"unit": {"args": {"c": rng.choice([4, 8, None])},
                                   "layers": [random_layer(rng, block_names, KINDS)
                                              for _ in range(rng.randint(1, 4))]}}
        if rng.random() < 0.3:
            spec["blocks"]["unit"]["layers"].append({"conv": {"filters": "$c", "kernel": 1}})
        kinds.append("unit")
    if rng.random() < 0.2:
        spec["include"] = ["units"]
        kinds += ["conv_bn_act", "basic", "se", "fire"]
    spec["layers"] = [random_layer(rng, names, kinds) for _ in range(rng.randint(1, 12))]
    if rng.random() < 0.1:
        spec["layers"].append({"repeat": {"times": rng.choice([0, 2, 3]),
                                          "layers": [random_layer(rng, names, KINDS)]}})
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


def paths(value, prefix=()):
    """Every (container, key) in a loaded document, for mutations."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            found += paths(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            found += paths(item)
    return found


def layer_names(document) -> list[str]:
    names = []
    layers = document.get("layers") if isinstance(document, dict) else None
    for item in layers if isinstance(layers, list) else []:  # an earlier edit may have broken it
        if isinstance(item, dict) and len(item) == 1:
            body = next(iter(item.values()))
            if isinstance(body, dict) and isinstance(body.get("name"), str):
                names.append(body["name"])
    return names


def mutated_spec(rng: random.Random, documents: dict, light: bool = False) -> str:
    """A bundled spec with one to three damaging edits (with `light`, no repeat so large that
    it unrolls to the 100,000-layer limit: a second of work each)."""
    name = rng.choice(list(documents))
    document = copy.deepcopy(documents[name])
    for _ in range(rng.randint(1, 3)):
        spots = paths(document)
        container, key = rng.choice(spots)
        roll = rng.random()
        if roll < 0.2 and isinstance(container, dict):
            del container[key]
        elif roll < 0.55:
            container[key] = rng.choice(BAD_NUMBERS)
        elif roll < 0.65:
            container[key] = rng.choice(["convv", "unknown_kind", {"pool": 3}, "relu"])
        elif roll < 0.8 and layer_names(document):
            # from: a later layer (a cycle), an unknown one, or itself
            names = layer_names(document)
            layers = document.get("layers")
            if isinstance(layers, list) and layers:
                item = rng.choice(layers)
                if isinstance(item, dict) and len(item) == 1 and isinstance(
                        next(iter(item.values())), dict):
                    next(iter(item.values()))["from"] = rng.choice(
                        [names[-1], "nowhere", names[0], names])
        elif roll < 0.9:
            blocks = document.get("blocks")
            if isinstance(blocks, dict) and blocks:
                block = rng.choice(list(blocks))
                if isinstance(blocks[block], dict) and isinstance(
                        blocks[block].get("layers"), list):
                    blocks[block]["layers"].append({block: {}})  # a block using itself
            else:
                document["include"] = rng.choice([["spec.yaml"], ["missing.yaml"], "units",
                                                  [3], ["other.yaml"]])
        else:
            layers = document.get("layers")
            if isinstance(layers, list) and layers:
                layers.insert(rng.randrange(len(layers)),
                              {"repeat": {"times": rng.choice([2, 0, -1, 3] + [10**12] * (
                                  not light)),
                                          "layers": [rng.choice(layers)]}})
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


# --- running ---------------------------------------------------------------------------------

LIGHT_SPECS = ("lenet5", "alexnet", "zfnet", "vgg", "squeezenet", "resnet")
"""The bundled specs a light campaign (the one in `make test`) mutates: the quick ones."""
CASE_SECONDS = 30
"""A case that has not ended by then hangs (the slowest clean case takes about a second)."""
CASE_MEMORY = 3 * 2**30
"""Address space a case may add to what the worker had at its start."""
DAMAGE = 4
"""The first this many families of each round are damage; the hostile ones follow."""
FAMILIES = DAMAGE + len(HOSTILE)
EXIT_WRONG_ALLOWED = ("check", "diff")
"""The commands for which exit code 1 is an answer (a wrong answer, a difference)."""


def lay_out(folder: Path, files: dict) -> None:
    """Write a hostile case's files below `folder` (names may climb out of it with ``..``:
    `folder` is the ``work`` folder of a fresh case root)."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Special):
            if content.kind == "fifo":
                os.mkfifo(path)
            elif content.kind == "dir":
                path.mkdir()
            else:
                path.symlink_to(content.target)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")


class Worker:
    """One process that runs cases one at a time, under the limits (see the module docstring)."""

    def __init__(self):
        self.parent, child = multiprocessing.get_context("fork").Pipe()
        self.process = multiprocessing.get_context("fork").Process(
            target=self.serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    @staticmethod
    def serve(connection) -> None:
        status = Path("/proc/self/status").read_text()
        size = next(int(line.split()[1]) * 1024 for line in status.splitlines()
                    if line.startswith("VmSize:"))
        resource.setrlimit(resource.RLIMIT_AS, (size + CASE_MEMORY, size + CASE_MEMORY))
        runner = CliRunner()
        while True:
            message = connection.recv()
            if message is None:
                return
            case, seed = message
            with tempfile.TemporaryDirectory() as root:
                work = Path(root) / "work"
                work.mkdir()
                previous = os.getcwd()
                os.chdir(work)
                try:
                    connection.send(run_case(case, work, runner, random.Random(seed)))
                except BaseException:  # noqa: BLE001 - reported to the parent as the finding
                    connection.send(("harness", traceback.format_exc()))
                finally:
                    os.chdir(previous)

    def run(self, case, seed: int) -> tuple[str, str] | None:
        """(where, trace) of a failure, or None."""
        try:
            self.parent.send((case, seed))
            if self.parent.poll(CASE_SECONDS):
                return self.parent.recv()
            reason = f"hang: no answer after {CASE_SECONDS} s"
        except (EOFError, OSError) as error:
            reason = f"the worker died ({type(error).__name__})"
        self.stop()
        return ("limits", f"{reason}; exit code {self.process.exitcode}")

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.parent.close()


def invoke(runner: CliRunner, argv: list[str]):
    """Run one command: (None, its result) when it ends in an answer or a sentence, else
    ((command, trace), its result). (With CNNCALC_DEBUG an internal error raises instead of
    printing its line; an answer or a sentence prints what it prints without it.)"""
    result = runner.invoke(main, argv, env={"CNNCALC_DEBUG": "1", "COLUMNS": "100"})
    allowed = (0, 1, 2) if argv[0] in EXIT_WRONG_ALLOWED else (0, 2)
    if result.exit_code in allowed:
        return None, result
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
    else:
        trace = f"exit {result.exit_code}: {result.output[-2000:]}"
    return (" ".join(argv[:1]), trace), result


def run_case(case, work: Path, runner: CliRunner, rng: random.Random) -> tuple[str, str] | None:
    if isinstance(case, Case):
        return run_hostile(case, work, runner)
    return run_damage(case, work, runner, rng)


def run_damage(text: str, work: Path, runner: CliRunner,
               rng: random.Random) -> tuple[str, str] | None:
    path = work / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    (work / "other.yaml").write_text("include: [spec.yaml]\nblocks: {}\n", encoding="utf-8")
    commands = [["summarize", str(path), "--json"], ["summarize", str(path)],
                ["explain", str(path)]]
    try:
        summary = summarize(load_spec(path))
        if len(summary.layers) > EXPLAIN_ALL:  # a few layers: explaining all costs 0.3 s
            chosen = rng.sample(summary.layers, EXPLAIN_ALL // 10)
            commands[2] += [row.name for row in chosen]
        if summary.totals.mults <= VERIFY_MULTS and len(summary.layers) <= 200:
            commands.append(["verify", str(path), "--max-memory", "64MiB"])
    except CnnCalcError:
        commands = commands[:1]  # the same refusal three times over teaches nothing
    except Exception:  # noqa: BLE001 - the very thing being counted
        return "library", traceback.format_exc()
    for argv in commands:
        failure, _ = invoke(runner, argv)
        if failure:
            return failure
    return None


def run_hostile(case: Case, work: Path, runner: CliRunner) -> tuple[str, str] | None:
    lay_out(work, case.files)
    for argv in case.commands:
        failure, result = invoke(runner, argv)
        if failure:
            return failure
        if case.clean_text or case.secrets:
            for stream in ("stdout", "stderr"):
                text = getattr(result, stream)
                raw = raw_control(text) if case.clean_text else None
                if raw:
                    return " ".join(argv[:1]), f"a raw {raw} reached {stream}"
                for secret in case.secrets:
                    if secret in text:
                        return " ".join(argv[:1]), f"{secret!r}, from a file it must not read, " \
                                                   f"reached {stream}: {text[-600:]}"
    for name, kind in case.parse.items():
        path = work / name
        if path.is_file():
            problem = parse_problem(kind, path.read_text(encoding="utf-8", errors="replace"))
            if problem:
                return name, problem
    return None


class Campaign:
    def __init__(self, seed: int, light: bool = False, families: tuple[int, ...] | None = None):
        self.light = light
        self.rng = random.Random(seed)
        self.families = families or tuple(range(FAMILIES))
        self.bundled = {path.stem: path.read_text(encoding="utf-8")   # files, not variants
                        for path in sorted(bundled_dir().glob("*.yaml"))
                        if not light or path.stem in LIGHT_SPECS}
        self.documents = {name: yaml.safe_load(text) for name, text in self.bundled.items()}
        self.cases = 0
        self.failures: list[tuple[str, str, str]] = []
        self.by_family: dict[str, int] = {}

    def case(self):
        family = self.families[self.cases % len(self.families)]
        if family == 0:
            return random_yaml(self.rng, self.bundled)
        if family == 1:
            return random_spec(self.rng)
        if family < DAMAGE:
            return mutated_spec(self.rng, self.documents, self.light)
        return list(HOSTILE.values())[family - DAMAGE](self.rng)

    def run(self, count: int, progress: bool = False) -> None:
        worker = Worker()
        try:
            for _ in range(count):
                case = self.case()
                self.cases += 1
                family = case.family if isinstance(case, Case) else "damage"
                self.by_family[family] = self.by_family.get(family, 0) + 1
                failure = worker.run(case, self.rng.randrange(2**32))
                if failure:
                    where, trace = failure
                    shown = case.describe() if isinstance(case, Case) else case
                    self.failures.append((f"{family}: {where}", shown, trace))
                    if where == "limits":
                        worker = Worker()
                if progress and self.cases % 1000 == 0:
                    print(f"  {self.cases:,} cases, {len(self.failures)} failures", flush=True)
        finally:
            worker.parent.send(None)
            worker.stop()


def campaign(cases: int, seed: int = 0, light: bool = False, progress: bool = False,
             families: tuple[int, ...] | None = None) -> Campaign:
    """Run `cases` cases (with `light`, mutating only the quick bundled specs)."""
    run = Campaign(seed, light, families)
    run.run(cases, progress)
    return run


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=3, help="failures shown in full")
    parser.add_argument("--family", action="append", default=None,
                        help="only these families (damage, or a hostile family's name)")
    args = parser.parse_args()
    names = ["damage"] * DAMAGE + list(HOSTILE)
    families = None
    if args.family:
        families = tuple(index for index, name in enumerate(names) if name in args.family)
    start = time.perf_counter()
    run = campaign(args.cases, args.seed, progress=True, families=families)
    for command, text, trace in run.failures[:args.show]:
        print(f"--- failure in {command} ---\n{text[:1500]}\n{trace}")
    kinds: dict[str, int] = {}
    for command, _, _ in run.failures:
        kinds[command] = kinds.get(command, 0) + 1
    print("cases by family: " + ", ".join(f"{name} {count:,}"
                                          for name, count in run.by_family.items()))
    if kinds:
        print("failures by place: " + ", ".join(f"{name} {count}" for name, count in kinds.items()))
    print(f"{run.cases:,} cases, {len(run.failures):,} failures "
          f"({time.perf_counter() - start:.0f} s, seed {args.seed})")
    sys.exit(1 if run.failures else 0)


if __name__ == "__main__":
    main_()
