"""`make bench` (second part): start-up and growth of the calculator, as whole processes.

    python bench/scale.py [--repeat 5] [--sizes 1000 10000 100000] [--cpu] [--skip-startup]
    python bench/scale.py --commands-only [--cpu] [--timeout 300]

(``PYTHONPATH=/path/to/other/checkout python bench/scale.py --skip-hostile`` measures another
version of cnncalc with the same generated specs — from a virtual environment where cnncalc is
not installed in editable mode, whose import hook would win over PYTHONPATH.)

Start-up: the median wall time of ``cnncalc --help``, ``summarize alexnet --json`` and
``summarize alexnet`` (the rich table), each a fresh process, against ``python -c pass``.
Growth: ``summarize`` of generated specs (`specgen`: a plain chain, a residual graph, a block
with ``repeat``) of 1,000, 10,000 and 100,000 layers, as JSON and as a table; the cost per
layer is the slope between the two largest sizes. Hostile files (`specgen.HOSTILE`, and a 100 MB
file): how long their refusal takes. Commands: ``diff``, ``draw``, the HTML page (table and
picture) and ``explain`` of generated specs of 10,000 to 100,000 layers, once each (a command
past ``--timeout`` is stopped and shown as ``>``). A benchmark, not a test: nothing here fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import specgen  # noqa: E402  (bench/specgen.py)

CNNCALC = [sys.executable, "-m", "cnncalc"]
CPU = False


def wall(command: list[str], repeat: int, expect: int = 0) -> float:
    """The median time of `command` in seconds, over `repeat` fresh processes: CPU time (user +
    system, of the process and its children) when `CPU` is set, which a busy machine disturbs
    far less than wall time; else wall time."""
    times = []
    for _ in range(repeat):
        start, before = time.perf_counter(), os.times()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        after = os.times()
        cpu = (after.children_user - before.children_user
               + after.children_system - before.children_system)
        times.append(cpu if CPU else time.perf_counter() - start)
        if done.returncode != expect:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-400:]}")
    return statistics.median(times)


def startup(repeat: int) -> None:
    print(f"Start-up (median of {repeat} processes)")
    rows = [("python -c pass", [sys.executable, "-c", "pass"]),
            ("cnncalc --help", CNNCALC + ["--help"]),
            ("cnncalc summarize alexnet --json", CNNCALC + ["summarize", "alexnet", "--json"]),
            ("cnncalc summarize alexnet", CNNCALC + ["summarize", "alexnet"])]
    for label, command in rows:
        print(f"  {label:<36} {wall(command, repeat) * 1000:7.0f} ms", flush=True)


def growth(sizes: list[int], repeat: int) -> None:
    print(f"\nGrowth: summarize of generated specs (median of {repeat})")
    print(f"  {'spec':<10} {'layers':>8}  {'--json':>8}  {'table':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for shape, make in specgen.SHAPES.items():
            times = {}
            for size in sizes:
                path = os.path.join(folder, f"{shape}{size}.yaml")
                with open(path, "w", encoding="utf-8") as out:
                    out.write(make(size))
                times[size] = (wall(CNNCALC + ["summarize", path, "--json"], repeat),
                               wall(CNNCALC + ["summarize", path], repeat))
                print(f"  {shape:<10} {size:>8,}  {times[size][0]:7.2f}s  {times[size][1]:7.2f}s",
                      flush=True)
            if len(sizes) >= 2:
                small, large = sizes[-2], sizes[-1]
                per = [(times[large][i] - times[small][i]) / (large - small) * 1e6
                       for i in (0, 1)]
                print(f"  {shape:<10} {'per layer':>8}  {per[0]:6.1f}µs  {per[1]:6.1f}µs")


def hostile(repeat: int) -> None:
    print(f"\nHostile files: summarize --json, refused with exit 2 (median of {repeat})")
    with tempfile.TemporaryDirectory() as folder:
        cases = []
        for index, (label, make) in enumerate(specgen.HOSTILE.items()):
            path = os.path.join(folder, f"hostile{index}.yaml")
            with open(path, "w", encoding="utf-8") as out:
                out.write(make())
            cases.append((label, path, 0 if label.startswith("repeat") else 2))
        path = os.path.join(folder, "big.yaml")
        specgen.big_file(path)
        cases.append(("a 100 MB file", path, 2))
        for label, path, expect in cases:
            took = wall(CNNCALC + ["summarize", path, "--json"], repeat, expect)
            print(f"  {label:<36} {took * 1000:7.0f} ms", flush=True)


def inserted(layers: int) -> str:
    """`specgen.residual` with one relu added after the first unit: every later automatic relu
    name shifts by one, so a diff must pair by what the layers are."""
    text = specgen.residual(layers)
    at = text.index("  - add: {name: r0")
    return text[:at] + "  - relu\n" + text[at:]


COMMANDS = [
    ("diff residual 20,000 × same +1 relu", ["diff", "residual20000", "inserted20000"], 1),
    ("diff chain 20,000 × residual 20,000", ["diff", "chain20000", "residual20000"], 1),
    ("diff residual 100,000 × resnet152", ["diff", "residual100000", "resnet152"], 1),
    ("draw residual 20,000", ["draw", "residual20000", "-o", "{folder}/d.svg"], 0),
    ("draw residual 100,000", ["draw", "residual100000", "-o", "{folder}/d.svg"], 0),
    ("draw blocks 100,000 --collapse", ["draw", "blocks100000", "--collapse",
                                        "-o", "{folder}/d.svg"], 0),
    ("HTML page residual 10,000", ["summarize", "residual10000", "-o", "{folder}/p.html"], 0),
    ("HTML page residual 100,000", ["summarize", "residual100000", "-o", "{folder}/p.html"], 0),
    ("explain residual 20,000", ["explain", "residual20000"], 0),
    ("explain residual 100,000", ["explain", "residual100000"], 0),
]
"""(label, arguments, exit code): a bare word names a generated spec, made once."""


def commands(timeout: float) -> None:
    print(f"\nCommands on generated specs (one run each, stopped after {timeout:.0f} s)")
    makers = {"residual": specgen.residual, "chain": specgen.chain, "blocks": specgen.blocks,
              "inserted": inserted}
    with tempfile.TemporaryDirectory() as folder:
        def argument(word: str) -> str:
            shape = word.rstrip("0123456789")
            if shape not in makers or shape == word:
                return word.format(folder=folder)
            path = os.path.join(folder, f"{word}.yaml")
            if not os.path.exists(path):
                with open(path, "w", encoding="utf-8") as out:
                    out.write(makers[shape](int(word[len(shape):])))
            return path

        for label, arguments, expect in COMMANDS:
            command = CNNCALC + [argument(word) for word in arguments]
            try:
                took = f"{timed(command, expect, timeout):7.1f} s"
            except subprocess.TimeoutExpired:
                took = f"> {timeout:.0f} s"
            print(f"  {label:<38} {took}", flush=True)


def timed(command: list[str], expect: int, timeout: float) -> float:
    """One run of `command`: its CPU time with `CPU`, else its wall time."""
    start, before = time.perf_counter(), os.times()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          timeout=timeout)
    after = os.times()
    if done.returncode != expect:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-400:]}")
    if CPU:
        return (after.children_user - before.children_user
                + after.children_system - before.children_system)
    return time.perf_counter() - start


def compile_cnncalc() -> None:
    """Write the bytecode caches of the cnncalc being measured, as installing it or its first
    run does on a user's machine. (Where PYTHONDONTWRITEBYTECODE is set, as on this project's
    development machines, no run writes them, and every process would compile all of cnncalc
    from source: about 50 ms of each start-up that no user pays.)"""
    import compileall
    import importlib.util

    package = os.path.dirname(importlib.util.find_spec("cnncalc").origin)
    compileall.compile_dir(package, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-hostile", action="store_true",
                        help="leave out the hostile files (an older cnncalc may take minutes)")
    parser.add_argument("--cpu", action="store_true",
                        help="time CPU (user + system) instead of wall time: steadier when the "
                             "machine is busy")
    parser.add_argument("--commands-only", action="store_true",
                        help="only the diff, draw, HTML and explain timings")
    parser.add_argument("--timeout", type=float, default=300,
                        help="stop a command after this many seconds (default 300)")
    args = parser.parse_args()
    global CPU
    CPU = args.cpu
    compile_cnncalc()
    print("Times are", "CPU time (user + system)" if CPU else "wall time")
    if not args.commands_only:
        if not args.skip_startup:
            startup(args.repeat)
        if not args.skip_hostile:
            hostile(args.repeat)
        growth(args.sizes, max(1, min(args.repeat, 3)))
    commands(args.timeout)


if __name__ == "__main__":
    main()
