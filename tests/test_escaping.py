"""Every exit escapes: ONE hostile spec — its name, source, notes, file name and layer names hold
every C0 control, C1 controls, bidi overrides, terminal escape sequences (OSC 52 clipboard
writes, OSC 8 links, a cleared screen with a fake score), rich markup, ``<>&"'``, LaTeX commands
after a line break and spreadsheet formulas — through every output format and every command.

Each exit is checked by what its reader does: no escape, C1 or bidi character raw on a terminal,
XML that parses, JSON that parses back to the very same names, Markdown rows with the right
number of cells, CSV cells a spreadsheet will not run, LaTeX whose every line is a comment or
a row of the tabular (and, with pdflatex, compiles without reading a file or running a command).
Lone surrogates, which YAML refuses, are put into a calculated summary's names directly. Ctrl-C
during a command exits 130 with one line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.render import OutputFormat
from cnncalc.render.escape import csv_cell, json_safe, latex, one_line, terminal
from cnncalc.render.jsontext import json_document
from cnncalc.render.views import View, rendered
from cnncalc.spec import load_spec, parse_spec

C0 = "".join(map(chr, range(32)))
C1 = "\x7f\x85\x9b\x9d\x9f"
BIDI = "\u202e\u2066\u200f\u061c"
OSC52 = "\x1b]52;c;aGk=\x07"                      # write "hi" to the clipboard
OSC8 = "\x1b]8;;mailto:x@evil.example\x1b\\"      # a link (a name cannot hold "/")
FAKE_SCORE = "\x1b[2J\x1b[H Score: 46 of 46"       # clear the screen, then lie

TEXTS = {
    "name": "[link=file:///etc/passwd]x[/link] <net>&\"' " + C0 + C1 + BIDI + FAKE_SCORE,
    "source": "src\n\\input{/etc/passwd}\r\\immediate\\write18{touch pwned}" + OSC8 + "link",
    "notes": "notes" + FAKE_SCORE + OSC52,
    "l1": "=cmd|' \\C calc'!A0" + C0[:16],
    "l2": "+SUM(1)" + C0[16:],
    "l3": "@SUM(A1)" + C1 + BIDI,
    "l4": "-2+3 [bold red]x <>&\"'",
    "l5": "a|b\nc" + OSC52 + FAKE_SCORE + OSC8,
}
"""Layer names cannot hold ``/`` (it separates block instances): the markup with a closing tag
and the fake score with a slash are in the network's name."""
SPEC_FILE_NAME = "hostile" + OSC52 + ".yaml"
INNER = "in[b]\x1b[31m"
"""A layer inside the block instance l4, so that its full name is ``l4/in[b]…``."""


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted string with every character outside printable ASCII escaped."""
    out = []
    for char in text:
        code = ord(char)
        out.append("\\" + char if char in '"\\' else char if 32 <= code < 127 else
                   f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


Q = {key: yaml_quoted(text) for key, text in {**TEXTS, "inner": INNER}.items()}
HOSTILE_SPEC = f"""name: {Q['name']}
source: {Q['source']}
notes: {Q['notes']}
input: 8x8x3
blocks:
  unit:
    layers:
      - conv: {{name: {Q['inner']}, filters: 2, kernel: 1}}
layers:
  - conv: {{name: {Q['l1']}, filters: 4, kernel: 3}}
  - relu: {{name: {Q['l2']}}}
  - conv: {{name: {Q['l3']}, filters: 2, kernel: 1}}
  - unit: {{name: {Q['l4']}}}
  - fc: {{name: {Q['l5']}, units: 3}}
"""
LAYER_NAMES = [TEXTS["l1"], TEXTS["l2"], TEXTS["l3"], TEXTS["l4"] + "/" + INNER, TEXTS["l5"]]

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                    "\u2028\u2029\ud800-\udfff]")
"""What must never reach a terminal raw: C0 controls but tab and newline, DEL, C1, bidi
controls, line separators, lone surrogates."""
SGR = re.compile(r"\x1b\[[0-9;]*m")
"""Rich's own colour codes, the only escape sequences a coloured table may hold."""


def assert_terminal_safe(text: str, where: str = "") -> None:
    found = UNSAFE.search(text)
    assert found is None, f"{where}: raw {found.group()!r} at {found.start()}: " \
                          f"{text[max(0, found.start() - 60):found.start() + 20]!r}"


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("hostile") / SPEC_FILE_NAME
    path.write_text(HOSTILE_SPEC, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def other(tmp_path_factory) -> str:
    """The hostile spec with its first conv changed: a diff with every name in it."""
    path = tmp_path_factory.mktemp("other") / ("other" + OSC8 + ".yaml")
    path.write_text(HOSTILE_SPEC.replace("filters: 4", "filters: 5"), encoding="utf-8")
    return str(path)


def hostile_summary():
    return summarize(parse_spec(HOSTILE_SPEC, SPEC_FILE_NAME))


def with_surrogates(summary):
    """`summary` with lone surrogates in its name, source and last layer's name (YAML refuses
    them, a Python caller need not)."""
    rows = list(summary.layers)
    rows[-1] = replace(rows[-1], name=rows[-1].name + "\ud800x\udfff")
    return replace(summary, name=summary.name + "\udbff", source=summary.source + "\udc00",
                   layers=tuple(rows))


def run(*args: str):
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "100"})
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert_terminal_safe(result.stdout, f"{args} stdout")
    assert_terminal_safe(result.stderr, f"{args} stderr")
    return result


def test_the_spec_really_holds_every_hostile_character():
    summary = hostile_summary()
    assert summary.name == TEXTS["name"] and summary.source == TEXTS["source"]
    assert [row.name for row in summary.layers] == LAYER_NAMES
    assert all(chr(code) in summary.name for code in range(32))


# --- summarize: every format ----------------------------------------------------------------

def test_terminal_table_shows_every_escape_visibly(spec):
    result = run("summarize", spec)
    assert result.exit_code == 0
    out = result.stdout
    assert "[link=file:///etc/passwd]x[/link]" in out and "[bold red]x" in out  # not markup
    assert r"\x1b]52;c;aGk=\x07" in out and r"\u202e" in out and r"\x9b" in out
    assert r"\x1b[2J" in out and "Score: 46 of 46" in out


def test_coloured_table_holds_only_its_own_colour_codes():
    from rich.console import Console
    from rich.text import Text
    from cnncalc.render.explanation import print_explanations
    from cnncalc.render.table import print_summary

    out = io.StringIO()
    console = Console(file=out, width=100, force_terminal=True, color_system="truecolor",
                      highlight=False, soft_wrap=False)
    summary = with_surrogates(hostile_summary())
    print_summary(summary, console)
    print_explanations(summary.layers, console)
    console.print(Text("the probe"), style="red")
    assert "\x1b[" in out.getvalue()                      # it is in colour...
    plain = SGR.sub("", out.getvalue())
    assert_terminal_safe(plain, "coloured")               # ...and nothing else escapes
    assert "[link=file:///etc/passwd]x[/link]" in plain and r"\ud800x\udfff" in plain


MARKUP_NAMES = ("[bold red]x[/]", "[link=file:///etc/passwd]x[/link]")
"""Markup a spec cannot give a layer (its ``/`` separates block instances), a Python caller
can."""


@pytest.mark.parametrize("fast", [False, True])
def test_markup_in_a_layer_name_is_never_parsed(fast, monkeypatch):
    from rich.console import Console
    from cnncalc.render import table
    from cnncalc.render.explanation import print_explanations

    monkeypatch.setattr(table, "FAST_ROWS", 0 if fast else 10**9)   # rich's table or ours
    summary = summarize(load_spec("lenet5"))
    rows = [replace(row, name=MARKUP_NAMES[index % 2] + str(index))
            for index, row in enumerate(summary.layers)]
    summary = replace(summary, layers=tuple(rows))
    for colour in (None, "truecolor"):
        out = io.StringIO()
        console = Console(file=out, width=100, color_system=colour, force_terminal=bool(colour),
                          highlight=False, soft_wrap=False)
        table.print_summary(summary, console)
        print_explanations(summary.layers[:2], console)
        text = SGR.sub("", out.getvalue())
        assert "\x1b]8" not in out.getvalue()                      # no link was made
        assert text.count("[bold red]x[/]") >= 2 and text.count(MARKUP_NAMES[1]) >= 2


def test_json_keeps_every_name_exactly_and_shows_none_raw(spec):
    result = run("summarize", spec, "--json")
    data = json.loads(result.stdout)
    assert data["name"] == TEXTS["name"] and data["source"] == TEXTS["source"]
    assert [layer["name"] for layer in data["layers"]] == LAYER_NAMES
    assert data["file"] == spec


def test_csv_cells_never_start_a_formula(spec):
    result = run("summarize", spec, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(LAYER_NAMES)
    for row in rows:
        for key, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (key, cell)
    assert [row["name"] for row in rows] == [csv_cell(name) for name in LAYER_NAMES]
    assert rows[0]["name"].startswith("'=cmd|")
    assert [row["params"] for row in rows] == [str((3 * 3 * 3 + 1) * 4), "0",
                                               str((1 * 1 * 4 + 1) * 2),
                                               str((1 * 1 * 2 + 1) * 2),
                                               str((6 * 6 * 2 + 1) * 3)]  # numbers stay numbers


def test_a_normal_csv_is_unchanged_by_the_escaping():
    golden = Path(__file__).parent / "golden" / "alexnet.csv"
    assert rendered(summarize(load_spec("alexnet")), OutputFormat.CSV) == \
        golden.read_text(encoding="utf-8")


def markdown_cells(line: str) -> list[str]:
    """A Markdown table row's cells: split at the pipes no backslash escapes."""
    cells, cell, escaped = [], "", False
    for char in line.strip()[1:-1]:
        if escaped:
            cell, escaped = cell + char, False
        elif char == "\\":
            cell, escaped = cell + char, True
        elif char == "|":
            cells, cell = cells + [cell], ""
        else:
            cell += char
    return cells + [cell]


def test_markdown_rows_keep_their_column_count(spec):
    text = run("summarize", spec, "--format", "markdown").stdout
    lines = text.splitlines()
    assert lines[0].startswith("### ") and lines[1] == ""        # the title is one line
    assert lines[2].startswith("*") and lines[2].endswith("*")   # so is the source
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + len(LAYER_NAMES) + 1                # header, rule, rows, total
    assert {len(markdown_cells(line)) for line in table} == {6}
    assert all(line.endswith("|") for line in table)
    assert "<" not in text.replace("&lt;", "") and "[bold red]" not in text


@pytest.mark.parametrize("fmt", ["html", "svg"])
def test_html_and_svg_parse_as_xml(spec, fmt):
    text = run("summarize", spec, "--format", fmt).stdout
    root = ET.fromstring(text.removeprefix("<!DOCTYPE html>\n"))
    words = " ".join(root.itertext()).replace("\xa0", " ")
    assert "[link=file:///etc/passwd]x[/link]" in words
    assert "<net>&\"'" in words or fmt == "svg"        # rich's SVG draws what the table shows


def test_every_svg_and_html_writer_survives_surrogates_and_controls():
    from cnncalc.render.graph_svg import network_svg
    from cnncalc.render.html import html_page, network_picture

    summary = with_surrogates(hostile_summary())
    for text in (html_page(summary, picture=network_picture(summary)),
                 rendered(summary, OutputFormat.SVG), network_svg(summary),
                 network_svg(summary, collapse=True)):
        text.encode("utf-8")
        root = ET.fromstring(text.removeprefix("<!DOCTYPE html>\n"))
        assert "<net>&\"'" in " ".join(root.itertext()) or "rich-terminal" in text


def latex_lines_are_comments_or_rows(tex: str) -> None:
    r"""Every line is a ``%`` comment, a booktabs rule, the tabular's frame or a row ending
    ``\\``: nothing after a line break of the title or source became a command."""
    frame = re.compile(r"\\(begin\{tabular\}\{[lr]+\}|end\{tabular\}|toprule|midrule|bottomrule)$")
    for line in tex.splitlines():
        assert line.startswith("%") or frame.fullmatch(line) or line.endswith(r" \\"), line
        if not line.startswith("%"):
            assert "\\input" not in line and "\\immediate" not in line and "\\write" not in line


def test_latex_title_and_source_stay_in_their_comments(spec):
    tex = run("summarize", spec, "--format", "latex").stdout
    latex_lines_are_comments_or_rows(tex)
    comments = [line for line in tex.splitlines() if line.startswith("%")]
    assert comments[1] == ("% Source: src \\input{/etc/passwd} \\immediate\\write18{touch pwned}"
                           "]8;;mailto:x@evil.example\\link")
    assert latex_lines_are_comments_or_rows(rendered(with_surrogates(hostile_summary()),
                                                     OutputFormat.LATEX)) is None


PDFLATEX = Path("/usr/bin/pdflatex")


@pytest.mark.skipif(not PDFLATEX.exists(), reason="pdflatex is not installed")
def test_latex_compiles_without_reading_a_file_or_running_a_command(tmp_path):
    (tmp_path / "table.tex").write_text(rendered(hostile_summary(), OutputFormat.LATEX),
                                        encoding="utf-8")
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs}\n"
        "\\begin{document}\n\\input{table}\n\\end{document}\n", encoding="utf-8")
    result = subprocess.run([str(PDFLATEX), "-no-shell-escape", "-interaction=nonstopmode",
                             "-halt-on-error", "paper.tex"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    log = (tmp_path / "paper.log").read_text(errors="replace")
    assert "/etc/passwd" not in log and "write18" not in log   # no \input, no \write18
    assert not (tmp_path / "pwned").exists()


# --- every other command ---------------------------------------------------------------------

def test_explain_shows_every_name_literally(spec):
    result = run("explain", spec)
    assert result.exit_code == 0
    assert "[bold red]x" in result.stdout and r"\x1b]52" in result.stdout


@pytest.mark.parametrize("args", [(), ("--collapse",)])
def test_draw_is_parseable_svg(spec, args):
    result = run("draw", spec, *args)
    root = ET.fromstring(result.stdout)
    assert any("[bold red]x" in text for text in root.itertext())


def test_diff_report_and_json(spec, other):
    report = run("diff", spec, other)
    assert report.exit_code == 1
    assert r"hostile\x1b]52;c;aGk=\x07.yaml" in "".join(report.stdout.split())  # wrapped
    assert "[bold red]x" in run("diff", spec, other, "--all").stdout
    data = json.loads(run("diff", spec, other, "--json").stdout)
    assert data["a"]["name"] == TEXTS["name"] and data["b"]["file"] == other


def test_memory_table_and_json(spec):
    assert "[bold red]x" in run("summarize", spec, "--memory").stdout
    data = json.loads(run("summarize", spec, "--memory", "--json").stdout)
    assert [layer["name"] for layer in data["layers"]] == LAYER_NAMES


def test_verify_report_and_json(spec):
    report = run("verify", spec)
    assert report.exit_code == 0
    assert "[bold red]x" in report.stdout and "layers agree" in report.stdout
    data = json.loads(run("verify", spec, "--json").stdout)
    assert [layer["name"] for layer in data["layers"]] == LAYER_NAMES


def test_a_verification_that_disagrees_names_its_layers_literally():
    from rich.console import Console
    from cnncalc.render.verification import print_verification
    from cnncalc.verify import verify

    result = verify(parse_spec(HOSTILE_SPEC, SPEC_FILE_NAME))
    wrong = replace(result.layers[0], calculated_mults=result.layers[0].measured_mults + 1)
    result = replace(result, layers=(wrong, *result.layers[1:]))
    out = io.StringIO()
    print_verification(result, Console(file=out, width=100, color_system=None))
    assert_terminal_safe(out.getvalue())
    assert "1 of 5 layers disagree" in out.getvalue()
    assert "".join(one_line(TEXTS["l1"]).split()) in "".join(out.getvalue().split())
    assert f"{(3 * 3 * 3 + 1) * 4}" in out.getvalue() and "≠" in out.getvalue()


def test_draw_conv_quotes_its_input_escaped():
    result = run("draw-conv", "5x" + OSC52, "--kernel", "3")
    assert result.exit_code == 2 and r"5x\x1b]52;c;aGk=\x07" in result.stderr


def test_the_file_written_is_named_with_visible_escapes(spec, tmp_path):
    output = tmp_path / ("table" + OSC8 + ".md")
    result = run("summarize", spec, "--output", str(output))
    assert result.exit_code == 0 and output.exists()
    assert r"Wrote " in result.stderr and r"table\x1b]8;;mailto" in result.stderr


# --- error messages --------------------------------------------------------------------------

def test_a_user_error_quotes_a_name_with_visible_escapes(tmp_path):
    path = tmp_path / SPEC_FILE_NAME
    path.write_text("name: x\ninput: 8x8x3\nlayers:\n  - conv: {name: "
                    + yaml_quoted("a" + OSC52 + "[link=file:///etc/passwd]x[/link]")
                    + ", filters: 2, kernel: 3}\n", encoding="utf-8")
    result = run("summarize", str(path))
    assert result.exit_code == 2
    assert r"hostile\x1b]52;c;aGk=\x07.yaml:4:" in result.stderr
    assert r"'a\x1b]52;c;aGk=\x07[link=file:///etc/passwd]x[/link]' cannot be a layer name" \
        in result.stderr


def test_a_missing_file_and_a_usage_error_quote_their_argument_escaped():
    missing = run("summarize", "no" + FAKE_SCORE + ".yaml")
    assert missing.exit_code == 2 and r"no\x1b[2J\x1b[H Score" in missing.stderr
    usage = run("summ" + OSC52 + "arize")
    assert usage.exit_code == 2 and r"summ\x1b]52;c;aGk=\x07arize" in usage.stderr
    option = run("summarize", "alexnet", "--batch", "1" + OSC8)
    assert option.exit_code == 2 and r"1\x1b]8;;mailto:x@evil.example\x1b" in option.stderr


def test_an_internal_error_message_is_escaped(monkeypatch):
    import cnncalc.cli.summarize as command

    def broken(*args, **kwargs):
        raise RuntimeError("boom" + OSC52 + FAKE_SCORE)

    monkeypatch.setattr(command, "calculate", broken)
    monkeypatch.delenv("CNNCALC_DEBUG", raising=False)
    result = run("summarize", "alexnet")
    assert result.exit_code == 3
    assert r"RuntimeError: boom\x1b]52;c;aGk=\x07\x1b[2J" in result.stderr


# --- the functions themselves ----------------------------------------------------------------

def test_every_target_function_leaves_nothing_raw():
    text = "".join(TEXTS.values()) + "\ud800x\udfff\u2028\u2029"   # apart: a pair is a pair
    assert_terminal_safe(terminal(text)) is None and assert_terminal_safe(one_line(text)) is None
    assert "\n" not in one_line(text) and "\n" not in latex(text) and "\r" not in latex(text)
    assert json.loads(json_safe(json.dumps(text, ensure_ascii=False))) == text
    assert_terminal_safe(json_safe(json.dumps(text, ensure_ascii=False)).replace("\\", ""))


def test_json_writers_refuse_nan_and_infinity():
    for number in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(ValueError, match="not a finite number"):
            json_document({"seconds": number})
    with pytest.raises(ValueError):
        json_document({"layers": [{"ratio": 0.5}] * 600 + [{"ratio": float("nan")}]})


def test_every_format_writes_a_surrogate_name_as_utf8():
    summary = with_surrogates(hostile_summary())
    for fmt in OutputFormat:
        text = rendered(summary, fmt, View(picture=False))
        text.encode("utf-8")
        if fmt in (OutputFormat.TABLE, OutputFormat.JSON):
            assert_terminal_safe(text, fmt.value)


# --- Ctrl-C ------------------------------------------------------------------------------------

def interruptible(args: list[str]) -> subprocess.Popen:
    """A cnncalc process with Ctrl-C's default action (a test runner started in the background
    may have it ignored, and the child would inherit that)."""
    environment = {key: value for key, value in os.environ.items() if key != "CNNCALC_DEBUG"}
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


SLOW_SUMMARIZE = """
import sys, time
import cnncalc.cli.summarize as command
from cnncalc.cli import main

def slow(*args, **kwargs):
    print("calculating", file=sys.stderr, flush=True)
    time.sleep(60)

command.calculate = slow
main(["summarize", "alexnet"], prog_name="cnncalc")
"""


def test_ctrl_c_during_a_command_exits_130_with_one_line():
    process = interruptible([sys.executable, "-c", SLOW_SUMMARIZE])
    assert process.stderr.readline() == "calculating\n"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err == "interrupted\n" and out == ""


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux's /proc")
def test_ctrl_c_during_a_long_verify_exits_130(tmp_path):
    # 400 convolutions of 128·128·64 · 3·3·64 = 604,241,920 mults each: seconds of NumPy work
    layers = "\n".join("  - conv: {filters: 64, kernel: 3, padding: 1}" for _ in range(400))
    spec = tmp_path / "long.yaml"
    spec.write_text(f"name: long\ninput: 128x128x64\nlayers:\n{layers}\n", encoding="utf-8")
    process = interruptible([sys.executable, "-m", "cnncalc", "verify", str(spec)])
    deadline = time.monotonic() + 60
    maps = Path(f"/proc/{process.pid}/maps")
    while "numpy" not in maps.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until the forward pass has begun: NumPy is loaded
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err == "interrupted\n" and "Traceback" not in err


def test_a_ci_workflow_command_as_a_layer_name_is_not_a_line_of_explain(tmp_path):
    """GitHub's runner acts on `::command::` at the start of a line: explain's heading starts
    with the layer's name, in its fast layout and in rich's."""
    spec = tmp_path / "net.yaml"
    spec.write_text('input: 8x8x3\nlayers:\n  - relu: {name: "::add-mask::x"}\n',
                    encoding="utf-8")
    for colour in ({}, {"FORCE_COLOR": "1"}):
        result = CliRunner().invoke(main, ["explain", str(spec)], env={"COLUMNS": "80", **colour})
        assert result.exit_code == 0, result.output
        assert not any(line.lstrip().startswith("::") for line in result.output.splitlines())
        assert "add-mask" in result.output


def test_a_homework_title_is_not_rich_markup_in_the_class_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("hw.yaml").write_text('title: "HW [/] one [link=file:///etc/passwd]x[/link]"\n'
                               "questions: [{id: a, input: 8x8x1, layer: relu, "
                               "ask: output_shape}]\n", encoding="utf-8")
    for name in ("ada", "bob"):
        Path(name).mkdir()
        Path(name, "answers.yaml").write_text("answers: {a: 8x8x1}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--questions", "hw.yaml", "ada/answers.yaml",
                                       "bob/answers.yaml"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output             # rich read it: MarkupError, exit 3
    assert "HW[/]one[link=file:///etc/passwd]x[/link]" in re.sub(r"\s", "", result.output)
