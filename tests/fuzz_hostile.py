"""The hostile families of `make fuzz`: what an attacker writes, not what a typo makes.

Each generator returns a `Case`: the files to lay out in an empty folder (name → text, or a
`Special` for a FIFO, a symlink or a folder), the command lines to run there, and which
properties the output must have beyond "a result or a sentence":

- `expressions`: ``${…}`` trees of the spec language, big numbers, ``round`` with huge digits,
  argument strings doubled through nested blocks, in every place an expression may stand;
- `include_graph`: files that include each other (diamonds, cycles, deep chains, one file many
  times), blocks that use blocks defined elsewhere, ``like:`` chains in any order, specs that
  ``extends`` one another (rings, chains past the bound) read with hostile ``--set``;
- `answers`: answer strings built to make a reader backtrack or to fool the precision rule
  (long runs of separators, zero mantissas with exponents, Unicode digits, controls), graded by
  the teacher's questions with JUnit and Gradescope reports;
- `names`: names, titles, sources and notes holding terminal escapes, bidi overrides, markup and
  formula starters, through every output format;
- `paths`: specs, includes, ``extends``, answers and networks that point outside their folder,
  at devices, FIFOs, directories and symlinks.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from xml.etree import ElementTree

import yaml


@dataclass(frozen=True)
class Special:
    """A file that is not a regular file: ``fifo``, ``dir``, or ``link`` to `target`."""

    kind: str
    target: str = ""


@dataclass
class Case:
    family: str
    files: dict[str, str | Special]
    commands: list[list[str]]
    clean_text: bool = False
    """No raw terminal control or bidi character may reach stdout or stderr."""
    parse: dict[str, str] = field(default_factory=dict)
    """Output files to parse after the run: name → ``xml``, ``json``, ``csv`` or ``tex``."""
    secrets: tuple[str, ...] = ()
    """Text of files the case must not reach: none of it may appear in any output."""

    def describe(self) -> str:
        shown = {name: (text if isinstance(text, str) else repr(text))[:600]
                 for name, text in self.files.items()}
        return json.dumps({"family": self.family, "files": shown,
                           "commands": self.commands}, indent=1, ensure_ascii=True)


def dump(document) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=False, width=10**6)


# --- expressions ---------------------------------------------------------------------------

LEAVES = ["0", "1", "2", "3", "7", "64", "-1", "0.5", "1e300", "10**15", "1000000000000000",
          "c", "input.channels", "input.height", "true", "'relu'", "999999999999999"]
FUNCTIONS = ["min", "max", "round", "floor", "ceil", "abs", "ceil_div", "make_divisible"]


def expression(rng: random.Random, depth: int = 0) -> str:
    """A random expression of the spec language (and some that are not)."""
    if depth > 5 or rng.random() < 0.25:
        return rng.choice(LEAVES)
    roll = rng.random()
    a, b = expression(rng, depth + 1), expression(rng, depth + 1)
    if roll < 0.45:
        return f"({a} {rng.choice(['+', '-', '*', '/', '//', '%', '**', '<<', '>>'])} {b})"
    if roll < 0.7:
        name = rng.choice(FUNCTIONS)
        args = [a, b, expression(rng, depth + 1)][:rng.randint(0, 3)]
        if name == "round" and rng.random() < 0.5:
            args = [a, rng.choice(["-10**15", "10**15", "0.5", "-1000000", "999999999"])]
        return f"{name}({', '.join(args)})"
    if roll < 0.85:
        return f"({a} {rng.choice(['==', '<', '>=', 'and', 'or'])} {b})"
    if roll < 0.95:
        return f"({a} if {b} else {expression(rng, depth + 1)})"
    return rng.choice(["", "()", "[1] * 10**9", "'x' * 10**9", "__import__('os')", "a.b",
                       "lambda: 1", "(1).__class__", "input", "input.bogus", "c(1)"])


def expressions(rng: random.Random) -> Case:
    """A block whose settings, repeat and condition are random expressions; sometimes string
    arguments doubled through nested blocks (``$s$s``)."""
    text = "${" + expression(rng) + "}"
    place = rng.choice(["filters", "kernel", "stride", "padding", "repeat", "if", "arg",
                        "units", "dilation"])
    body: dict = {"filters": 4, "kernel": 3}
    item: dict = {"unit": {"c": 8}}
    if place in ("filters", "kernel", "stride", "padding", "dilation"):
        body[place] = text
    elif place == "units":
        body = {"units": text}
    elif place in ("repeat", "if"):
        item["unit"][place] = text
    else:
        item["unit"]["c"] = text
    kind = "fc" if "units" in body else "conv"
    blocks = {"unit": {"args": {"c": 8}, "layers": [{kind: body}]}}
    if rng.random() < 0.3:
        depth = rng.randint(2, 45)
        for level in range(depth):
            blocks[f"d{level}"] = {"args": {"s": "x"},
                                   "layers": [{f"d{level + 1}": {"s": "$s$s"}}]}
        blocks[f"d{depth}"] = {"args": {"s": "x"}, "layers": [{"relu": {"name": "$s"}}]}
        layers = ["flatten", {"d0": {"s": "ab"}}]
    else:
        layers = [item]
    spec = {"name": "expr", "input": rng.choice(["8x8x3", "16x16x4", "10"]),
            "blocks": blocks, "layers": ["flatten", *layers] if kind == "fc" else layers}
    return Case("expressions", {"spec.yaml": dump(spec)},
                [["summarize", "spec.yaml", "--json"], ["explain", "spec.yaml"]])


# --- include graphs ------------------------------------------------------------------------

def include_graph(rng: random.Random) -> Case:
    """Files that include each other: a diamond ladder, a cycle, a long chain, one file listed
    many times; blocks defined in one file and used in another; ``like:`` chains."""
    shape = rng.choice(["diamond", "cycle", "chain", "many", "likes", "random", "extends"])
    if shape == "extends":
        return extends_graph(rng)
    files: dict[str, str | Special] = {}
    count = rng.randint(2, 40)
    for index in range(count):
        if shape == "diamond":
            includes = [f"f{index + 1}.yaml"] * 2 if index + 1 < count else []
        elif shape == "cycle":
            includes = [f"f{(index + 1) % count}.yaml"]
        elif shape == "chain":
            includes = [f"f{index + 1}.yaml"] if index + 1 < count else []
        elif shape == "many":
            includes = ["f1.yaml"] * rng.randint(1, 3000) if index == 0 else []
        else:
            includes = rng.sample([f"f{other}.yaml" for other in range(count)],
                                  rng.randint(0, min(3, count)))
        uses = f"b{index + 1}" if index + 1 < count and rng.random() < 0.7 else "relu"
        block = {"layers": [{"conv": {"filters": 4, "kernel": 1}}, uses]}
        if shape == "likes" and index:
            block = {"like": f"b{index - 1}"}
        library = {"blocks": {f"b{index}": block}}
        if includes:
            library = {"include": includes, **library}
        files[f"f{index}.yaml"] = dump(library)
    if shape == "likes":  # one file, the like: chain written last-first
        blocks = {f"b{index}": {"like": f"b{index - 1}"} for index in range(count * 50, 0, -1)}
        blocks["b0"] = {"layers": ["relu"]}
        files = {"f0.yaml": dump({"blocks": blocks})}
    spec = {"input": "8x8x3", "include": ["f0.yaml"], "layers": [rng.choice(["b0", "b1", "relu"])]}
    files["spec.yaml"] = dump(spec)
    return Case("include_graph", files, [["summarize", "spec.yaml", "--json"]])


def extends_graph(rng: random.Random) -> Case:
    """Specs that extend one another: a chain (past the depth bound or not), a ring, a file
    extending itself, each giving arguments, blocks that replace the other's, and --set."""
    count = rng.randint(1, 30)
    ring = rng.random() < 0.4
    files: dict[str, str | Special] = {}
    for index in range(count):
        target = f"f{(index + 1) % count if ring else index + 1}.yaml"
        spec = {"extends": target, "args": {"width": rng.choice([1, 4, "${width * 2}", -1])}}
        if rng.random() < 0.3:
            spec["blocks"] = {"unit": {"layers": [{"conv": {"filters": "$c", "kernel": 1}}],
                                       "args": {"c": 2}}}
        files[f"f{index}.yaml"] = dump(spec)
    files[f"f{count}.yaml"] = dump({
        "args": {"width": 4}, "input": "8x8x3",
        "blocks": {"unit": {"args": {"c": 4}, "layers": [{"conv": {"filters": "$c",
                                                                    "kernel": 3}}]}},
        "layers": [{"conv": {"filters": "$width", "kernel": 1}}, "unit"]})
    setting = rng.choice(["width=2", "width=" + "[" * 200, "width=" + "9" * 5000, "widht=2",
                          "width=${width ** 99}"])
    return Case("include_graph", files, [["summarize", "f0.yaml", "--json"],
                                          ["summarize", "f0.yaml", "--set", setting,
                                           "--input", rng.choice(["4x4x3", "0x1", "x" * 999])]])


# --- answers -------------------------------------------------------------------------------

PIECES = ["1", "x", "×", "*", ",", " ", ".", "·", "10^", "e", "E", "K", "M", "G", "T", "B",
          "MiB", "KB", "0", "9", "(", ")", "[", "]", "-", "+", "_", "\u2009", "by", "million",
          "５", "٣", "\x1b[2J", "\u202e", "\x00", "\x7f", "nan", "inf", "%", "!", "\n"]
ADVERSARIAL = ["1" + "x" * 40 + "!", "1x" * 30 + "!", "1," * 50 + "!", "1 " * 60 + "x",
               "1·" * 40 + "!", "(" * 60, "9" * 90, "1" + "0" * 40 + "e30", "0e30", "0T",
               "0 × 10^30", "-0B", "0.0e30", "0.0M", "0x10", "1e-30", "5e29", "1" * 99 + "K"]


def answer_string(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        text = rng.choice(ADVERSARIAL)
        return text * rng.choice([1, 1, 10, 100]) if rng.random() < 0.3 else text
    if roll < 0.5:
        piece = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4)))
        return piece * rng.randint(1, 3000)
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 20)))


QUESTIONS = {
    "title": "fuzz homework",
    "networks": {"lenet": "lenet5", "tiny": {"input": "8x8x3", "layers": [
        {"conv": {"filters": 4, "kernel": 3}}, "relu", {"maxpool": 2}, "flatten",
        {"fc": 5}]}},
    "questions": [
        {"id": "s", "network": "lenet", "layer": "c1", "ask": "output_shape"},
        {"id": "p", "network": "lenet", "layer": "c1", "ask": "params"},
        {"id": "m", "network": "tiny", "ask": "mults"},
        {"id": "b", "network": "tiny", "layer": "conv1", "ask": "memory"},
        {"id": "r", "network": "lenet", "layer": "s2", "ask": "receptive_field"},
        {"id": "f", "input": "32x32x3", "layer": {"conv": {"filters": 8, "kernel": 5}},
         "find": "padding", "output": "32x32"},
        {"id": "t", "network": "tiny", "ask": "params", "tolerance": "1%"},
    ]}


def answers(rng: random.Random) -> Case:
    """The teacher's questions, a student's answers file of hostile strings (and sometimes
    hostile keys, a hostile name, or rules the student has no right to set)."""
    given = {qid: answer_string(rng) for qid in "spmbrft" if rng.random() < 0.8}
    submission: dict = {"student": answer_string(rng) if rng.random() < 0.3 else "Ada",
                        "answers": given}
    if rng.random() < 0.2:
        given[answer_string(rng)[:30] or "x"] = "1"
    if rng.random() < 0.1:
        submission["tolerance"] = "100%"
    text = dump(submission)
    if rng.random() < 0.1:  # a damaged file: the report must still be written
        text = text[: rng.randrange(max(1, len(text)))] + rng.choice(["\t", ": [", "{", "\x00"])
    files = {"hw.yaml": dump(QUESTIONS), "answers.yaml": text}
    command = ["check", "answers.yaml", "--questions", "hw.yaml", "--junit", "report.xml",
               "--gradescope", "results.json"]
    return Case("answers", files, [command, ["check", "answers.yaml", "--questions", "hw.yaml",
                                             "--json"]],
                clean_text=True, parse={"report.xml": "xml", "results.json": "json"})


# --- names ---------------------------------------------------------------------------------

NASTY = ["\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1b[2J",
         "\x9b31m", "\u202eevil", "\u2066x\u2069", "[bold red]x[/]", "[link=file:///etc]x[/link]",
         "=cmd|' /C calc'!A0", "+SUM(1)", "@SUM(A1)", "-1+1", "a|b", "a\nb", "<script>x</script>",
         "&amp;", "\"'", "%\n\\input{/etc/passwd}", "\\immediate\\write18{ls}", "\x00", "\x7f",
         "\r\n", "\t", "\x0b", "\ufeff", "\u2028"]


def nasty(rng: random.Random) -> str:
    return "".join(rng.choice(NASTY + ["ok", "conv", " "]) for _ in range(rng.randint(1, 4)))


def names(rng: random.Random) -> Case:
    """A small spec whose name, source, notes and layer names are hostile, written in every
    format; the text outputs must carry no raw control character and the markup must parse."""
    layers = [{"conv": {"name": nasty(rng), "filters": 4, "kernel": 3}}, "relu",
              {"maxpool": {"name": nasty(rng), "kernel": 2}}, "flatten", {"fc": 3}]
    spec = {"name": nasty(rng), "source": nasty(rng), "notes": nasty(rng), "input": "8x8x3",
            "layers": layers}
    commands = [["summarize", "spec.yaml"], ["summarize", "spec.yaml", "--format", "markdown"],
                ["summarize", "spec.yaml", "--json"], ["explain", "spec.yaml"],
                ["summarize", "spec.yaml", "-o", "out.html"],
                ["summarize", "spec.yaml", "-o", "out.svg"],
                ["summarize", "spec.yaml", "-o", "out.csv"],
                ["summarize", "spec.yaml", "-o", "out.tex"],
                ["draw", "spec.yaml", "-o", "graph.svg"]]
    return Case("names", {"spec.yaml": dump(spec)}, commands, clean_text=True,
                parse={"out.html": "xml", "out.svg": "xml", "graph.svg": "xml",
                       "out.csv": "csv", "out.tex": "tex"})


# --- paths ---------------------------------------------------------------------------------

TARGETS = ["../outside/secret.yaml", "/etc/passwd", "/etc/shadow", "/dev/zero", "/dev/urandom",
           "/proc/self/environ", "/proc/self/mem", "fifo.yaml", "folder", "link_out.yaml",
           "link_in.yaml", "sub/../../outside/secret.yaml", "/nonexistent/x.yaml", "\x00x",
           "x" * 5000, "lenet5", "./lenet5", "inner.yaml", "", "~/.ssh/id_rsa"]
SECRETS = ("db_password", "hunter2")
LAYOUT: dict[str, str | Special] = {
    "../outside/secret.yaml": "db_password: hunter2\nblocks: {}\n",
    "fifo.yaml": Special("fifo"), "folder": Special("dir"),
    "link_out.yaml": Special("link", "../outside/secret.yaml"),
    "link_in.yaml": Special("link", "inner.yaml"),
    "inner.yaml": "input: 8x8x3\nlayers: [relu]\nblocks: {u: {layers: [relu]}}\n",
    "lenet5": "input: 4\nlayers: [{fc: 1}]\n",
}


def paths(rng: random.Random) -> Case:
    """An include, a network of an answers file, an answers file itself or a spec argument
    that names something it should not reach."""
    target = rng.choice(TARGETS)
    files = dict(LAYOUT)
    where = rng.choice(["include", "network", "answers", "questions", "argument", "extends"])
    if where == "extends":
        files["spec.yaml"] = dump({"extends": target, "input": "8x8x3"})
        commands = [["summarize", "spec.yaml", "--json"]]
    elif where == "include":
        files["spec.yaml"] = dump({"input": "8x8x3", "include": [target], "layers": ["relu"]})
        commands = [["summarize", "spec.yaml", "--json"]]
    elif where == "network":
        files["hw.yaml"] = dump({"network": target, "questions": [
            {"id": "1", "layer": "relu1", "ask": "params"}]})
        files["answers.yaml"] = dump({"answers": {"1": "0"}})
        commands = [["check", "answers.yaml", "--questions", "hw.yaml", "--json"],
                    ["check", "hw.yaml", "--key"]]
    elif where == "answers":
        files["hw.yaml"] = dump(QUESTIONS)
        commands = [["check", target, "--questions", "hw.yaml", "--json"]]
    elif where == "questions":
        files["answers.yaml"] = dump({"answers": {"s": "28x28x6"}})
        commands = [["check", "answers.yaml", "--questions", target]]
    else:
        commands = [["summarize", target, "--json"], ["verify", target, "--max-memory", "64MiB"]]
    # A file typed on the command line is the user's to name; a name inside a file is not.
    secrets = SECRETS if where in ("include", "network", "extends") else ()
    return Case("paths", files, commands, clean_text=True, secrets=secrets)


HOSTILE = {"expressions": expressions, "include_graph": include_graph, "answers": answers,
           "names": names, "paths": paths}


# --- the properties an output must have ----------------------------------------------------

RAW_CONTROL = set(chr(code) for code in [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f,
                                         *range(0x80, 0xa0)]) | set("\u202a\u202b\u202c\u202d"
                                                                  "\u202e\u2066\u2067\u2068\u2069")


def raw_control(text: str) -> str | None:
    """The first raw control or bidi character in `text`, shown, or None."""
    for char in text:
        if char in RAW_CONTROL:
            return repr(char)
    return None


def parse_problem(kind: str, text: str) -> str | None:
    """Why an output file does not parse as `kind`, or None."""
    try:
        if kind == "xml":
            ElementTree.fromstring(text)
        elif kind == "json":
            json.loads(text, parse_constant=lambda name: (_ for _ in ()).throw(
                ValueError(f"{name} is not JSON")))
        elif kind == "csv":
            import csv
            import io
            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not _number(cell)):
                        return f"a CSV cell starts a formula: {cell[:40]!r}"
        elif kind == "tex":
            for line in text.splitlines():
                if line.startswith("%"):  # a comment: nothing after % is read
                    continue
                if "\\input" in line or "\\write18" in line.replace("\\textbackslash{}", ""):
                    if "\\textbackslash{}input" not in line and "\\textbackslash{}immediate" \
                            not in line:
                        return f"a live LaTeX command: {line[:80]!r}"
    except Exception as error:  # noqa: BLE001 - any failure to parse is the finding
        return f"{kind} does not parse: {error}"
    return None


def _number(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
        return True
    except ValueError:
        return False
