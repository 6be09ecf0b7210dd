"""`make fuzz`: throw generated specs at cnncalc and count what is not a clean answer.

    python tests/fuzz.py [--cases 10000] [--seed 0] [--show 5]

Four families of cases, in turn: random YAML documents (random nesting of random scalars, and
character-level damage to bundled spec text); plausible random specs (random kinds from the
registry with settings from a palette of good and bad values, random ``from:``, blocks,
``repeat`` and ``if``); and mutations of every bundled spec (a key deleted, a value replaced
by a wrong type or a huge, negative, zero, fractional or textual number, an unknown kind, a
broken or cyclic ``from:``, a block that uses itself, an include of itself or of nothing).

Each case runs through ``summarize --json``, ``summarize`` (the table) and ``explain``, and
through ``verify`` when it is small, in-process via click's test runner. A failure is any
exception other than a `CnnCalcError` (exit code 2) — an internal error, exit code 3 — or a
verify that finds the calculator and the engine disagreeing (exit code 1). The run prints the
number of cases and of failures, and the first failures with their traceback.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cnncalc.bundled import bundled_dir, bundled_names  # noqa: E402
from cnncalc.calculator import summarize  # noqa: E402
from cnncalc.cli import main  # noqa: E402
from cnncalc.errors import CnnCalcError  # noqa: E402
from cnncalc.layers import REGISTRY  # noqa: E402
from cnncalc.spec import load_spec  # noqa: E402

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

LIGHT_SPECS = ("lenet5", "alexnet", "zfnet", "vgg11", "squeezenet1_0", "resnet18")
"""The bundled specs a light campaign (the one in `make test`) mutates: the quick ones."""


class Campaign:
    def __init__(self, folder: Path, seed: int, light: bool = False):
        self.folder, self.light = folder, light
        self.rng = random.Random(seed)
        self.runner = CliRunner()
        self.bundled = {name: (bundled_dir() / f"{name}.yaml").read_text(encoding="utf-8")
                        for name in bundled_names() if not light or name in LIGHT_SPECS}
        self.documents = {name: yaml.safe_load(text) for name, text in self.bundled.items()}
        self.cases = 0
        self.failures: list[tuple[str, str, str]] = []
        # an included file that includes the spec back: a cycle through two files
        (folder / "other.yaml").write_text("include: [spec.yaml]\nblocks: {}\n", encoding="utf-8")

    def case(self) -> str:
        family = self.cases % 4
        if family == 0:
            return random_yaml(self.rng, self.bundled)
        if family == 1:
            return random_spec(self.rng)
        return mutated_spec(self.rng, self.documents, self.light)

    def run(self, count: int, progress: bool = False) -> None:
        for _ in range(count):
            text = self.case()
            self.cases += 1
            self.check(text)
            if progress and self.cases % 1000 == 0:
                print(f"  {self.cases:,} cases, {len(self.failures)} failures", flush=True)

    def check(self, text: str) -> None:
        path = self.folder / "spec.yaml"
        path.write_text(text, encoding="utf-8")
        commands = [["summarize", str(path), "--json"], ["summarize", str(path)],
                    ["explain", str(path)]]
        try:
            summary = summarize(load_spec(path))
            if len(summary.layers) > EXPLAIN_ALL:  # a few layers: explaining all costs 0.3 s
                chosen = self.rng.sample(summary.layers, EXPLAIN_ALL // 10)
                commands[2] += [row.name for row in chosen]
            if summary.totals.mults <= VERIFY_MULTS and len(summary.layers) <= 200:
                commands.append(["verify", str(path), "--max-memory", "64MiB"])
        except CnnCalcError:
            commands = commands[:1]  # the same refusal three times over teaches nothing
        except Exception:  # noqa: BLE001 - the very thing being counted
            self.failures.append(("library", text, traceback.format_exc()))
            return
        for argv in commands:
            result = self.runner.invoke(main, argv, env={"CNNCALC_DEBUG": "1",
                                                         "COLUMNS": "100"})
            if result.exit_code in (0, 2):
                continue
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                trace = "".join(traceback.format_exception(*result.exc_info))
            else:
                trace = f"exit {result.exit_code}: {result.output[-2000:]}"
            self.failures.append((" ".join(argv[:1]), text, trace))
            return


def campaign(cases: int, seed: int = 0, light: bool = False,
             progress: bool = False) -> Campaign:
    """Run `cases` cases (with `light`, mutating only the quick bundled specs)."""
    with tempfile.TemporaryDirectory() as folder:
        run = Campaign(Path(folder), seed, light)
        previous = os.getcwd()
        os.chdir(folder)
        try:
            run.run(cases, progress)
        finally:
            os.chdir(previous)
    return run


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=3, help="failures shown in full")
    args = parser.parse_args()
    start = time.perf_counter()
    run = campaign(args.cases, args.seed, progress=True)
    for command, text, trace in run.failures[:args.show]:
        print(f"--- failure in {command} ---\n{text[:1500]}\n{trace}")
    print(f"{run.cases:,} cases, {len(run.failures):,} failures "
          f"({time.perf_counter() - start:.0f} s, seed {args.seed})")
    sys.exit(1 if run.failures else 0)


if __name__ == "__main__":
    main_()
