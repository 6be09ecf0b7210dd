"""Every table travels: Markdown, CSV, JSON, HTML, SVG and LaTeX, `--columns`, `--human`,
`--bars`, `--output`, and names that must show literally.

Golden files pin the layout (regenerate with ``CNNCALC_REGENERATE_GOLDEN=1``, as in
test_golden.py); the numbers are asserted from arithmetic written out here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cnncalc.calculator import summarize
from cnncalc.cli import main
from cnncalc.render import OutputFormat
from cnncalc.render.columns import Column, human, parse_columns
from cnncalc.render.views import View, rendered
from cnncalc.render.wrap import wrap_name, wrap_words
from cnncalc.spec import load_spec, parse_spec

GOLDEN = Path(__file__).parent / "golden"

CONV1_PARAMS = (11 * 11 * 3 + 1) * 96                 # 34,944
CONV1_MULTS = 55 * 55 * 96 * 11 * 11 * 3              # 105,415,200
FC6_PARAMS = (6 * 6 * 256 + 1) * 4096                 # 37,752,832
ALEXNET_PARAMS = (CONV1_PARAMS + (5 * 5 * 48 + 1) * 256 + (3 * 3 * 256 + 1) * 384
                  + (3 * 3 * 192 + 1) * 384 + (3 * 3 * 192 + 1) * 256
                  + FC6_PARAMS + (4096 + 1) * 4096 + (4096 + 1) * 1000)   # 60,965,224

HOSTILE_SPEC = """
name: "<b>net</b> & [red]x"
source: "a 5% <i>test</i> of #escaping_everything"
input: 8x8x3
layers:
  - conv: {name: "<script>alert(1)<script>", filters: 2, kernel: 3}
  - relu: {name: "[red]x"}
  - flatten: {name: "a_b&c%d#e"}
"""


def alexnet():
    return summarize(load_spec("alexnet"))


def hostile():
    return summarize(parse_spec(HOSTILE_SPEC, "hostile.yaml"))


def run(*args: str, **env: str):
    return CliRunner().invoke(main, list(args), env=env or None)


GOLDEN_VIEWS = {
    "alexnet_80.md": lambda: rendered(alexnet(), OutputFormat.MARKDOWN),
    "alexnet.csv": lambda: rendered(alexnet(), OutputFormat.CSV),
    "alexnet.json": lambda: rendered(alexnet(), OutputFormat.JSON),
    "alexnet.html": lambda: rendered(alexnet(), OutputFormat.HTML, View(picture=False)),
    "alexnet_80.svg": lambda: rendered(alexnet(), OutputFormat.SVG, View(bars=False)),
    "alexnet.tex": lambda: rendered(alexnet(), OutputFormat.LATEX),
    "alexnet_columns_human_80.txt": lambda: rendered(
        alexnet(), OutputFormat.TABLE,
        View(parse_columns("name,output,params,mults"), human)),
    "alexnet_bars_80.txt": lambda: rendered(alexnet(), OutputFormat.TABLE, View(bars=True)),
}


@pytest.mark.parametrize("filename", GOLDEN_VIEWS)
def test_alexnet_in_every_format_matches_its_golden_file(filename):
    text = GOLDEN_VIEWS[filename]()
    path = GOLDEN / filename
    if os.environ.get("CNNCALC_REGENERATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    assert "\x1b[" not in text


@pytest.mark.parametrize("filename", [name for name in GOLDEN_VIEWS if name.endswith("_80.txt")])
def test_golden_tables_fit_80_columns(filename):
    assert max(len(line) for line in GOLDEN_VIEWS[filename]().splitlines()) <= 80


# --- the numbers survive the trip -----------------------------------------------------------

def test_csv_parses_back_to_the_calculators_numbers():
    rows = list(csv.DictReader(io.StringIO(rendered(alexnet(), OutputFormat.CSV))))
    by_name = {row["name"]: row for row in rows}
    assert int(by_name["conv1"]["params"]) == CONV1_PARAMS
    assert int(by_name["conv1"]["mults"]) == CONV1_MULTS
    assert int(by_name["conv1"]["flops"]) == 2 * CONV1_MULTS
    assert by_name["conv1"]["output_shape"] == "55x55x96"
    assert int(by_name["fc6"]["params"]) == FC6_PARAMS
    assert sum(int(row["params"]) for row in rows) == ALEXNET_PARAMS


def test_csv_with_columns_keeps_exact_digits_even_with_human():
    result = run("summarize", "alexnet", "--format", "csv", "--columns", "name,params,mults",
                 "--human")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["name", "params", "mults"]
    assert rows[0] == {"name": "conv1", "params": str(CONV1_PARAMS), "mults": str(CONV1_MULTS)}


def test_json_parses_back_to_the_calculators_numbers():
    data = json.loads(rendered(alexnet(), OutputFormat.JSON))
    conv1 = data["layers"][0]
    assert (conv1["params"], conv1["mults"]) == (CONV1_PARAMS, CONV1_MULTS)
    assert data["totals"]["params"] == ALEXNET_PARAMS


# --- well-formed, escaped --------------------------------------------------------------------

class TagBalance(HTMLParser):
    VOID = {"meta", "wbr", "br", "img", "link", "hr", "input"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def html_text(page: str) -> str:
    parser = TagBalance()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return "".join(parser.text)


def test_html_page_is_well_formed_offline_and_escapes_every_name():
    page = rendered(hostile(), OutputFormat.HTML, View(picture=False))
    ET.fromstring(page.removeprefix("<!DOCTYPE html>\n"))          # well-formed XML too
    text = html_text(page)
    assert "<script>alert(1)<script>" in text                       # shown as text...
    assert "<script" not in page and "[red]x" in text                # ...never as markup
    assert "<b>net</b> & [red]x" in text and "<b>" not in page
    assert not re.search(r"(src|href)=|url\(|@import", page)         # nothing fetched


def test_html_page_has_sticky_header_and_print_rules():
    page = rendered(alexnet(), OutputFormat.HTML, View(picture=False))
    assert "position: sticky" in page
    print_css = page[page.index("@media print"):]
    for rule in ("position: static", "display: table-header-group", "break-inside: avoid",
                 "font-variant-numeric: tabular-nums"):
        assert rule in page if rule.startswith("font") else rule in print_css, rule
    assert '<td class="num">34,944</td>' in page


def test_html_page_embeds_the_network_picture_when_given():
    from cnncalc.render.html import html_page
    page = html_page(alexnet(), picture='<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/'
                                        '2000/svg" width="10" height="10"><rect/></svg>')
    assert '<figure class="network">\n<h2>The network</h2>\n<svg' in page
    assert "<?xml" not in page and page.index("<table") < page.index("<figure")
    ET.fromstring(page.removeprefix("<!DOCTYPE html>\n"))


def test_html_page_without_the_drawing_module_has_no_picture(monkeypatch):
    monkeypatch.setitem(sys.modules, "cnncalc.render.graph_svg", None)   # import fails
    from cnncalc.render.html import network_picture
    assert network_picture(alexnet()) is None
    assert "<figure" not in rendered(alexnet(), OutputFormat.HTML)


def test_svg_is_well_formed_offline_and_escapes_names():
    image = rendered(hostile(), OutputFormat.SVG)
    root = ET.fromstring(image)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = "".join(root.itertext()).replace("\xa0", " ")
    assert "[red]x" in texts and "<script>" in texts
    assert not re.search(r"https?://(?!www\.w3\.org|www\.textualize\.io)", image)


def test_latex_escapes_specials_and_uses_booktabs():
    tex = rendered(hostile(), OutputFormat.LATEX)
    assert r"a\_b\&c\%d\#e" in tex and r"\textless{}script\textgreater{}" in tex
    assert all(rule in tex for rule in (r"\toprule", r"\midrule", r"\bottomrule"))
    alex = rendered(alexnet(), OutputFormat.LATEX)
    assert r"conv 96 $\times$ 11$\times$11 /4" in alex and r"34\,944" in alex


def test_markdown_escapes_names():
    text = rendered(hostile(), OutputFormat.MARKDOWN)
    assert "&lt;script&gt;" in text and r"\[red\]x" in text and "<script" not in text


def test_terminal_table_shows_markup_like_names_literally(tmp_path):
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE_SPEC, encoding="utf-8")
    result = run("summarize", str(spec))
    assert result.exit_code == 0, result.output
    assert "[red]x" in result.output and "<b>net</b> & [red]x" in result.output


# --- --columns, --human, --output -----------------------------------------------------------

def test_columns_choose_and_order():
    result = run("summarize", "alexnet", "--columns", "mults,name,rf,jump")
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[1].split()
    assert header == ["Mults", "Layer", "RF", "Jump"]
    assert "Kind" not in result.output.splitlines()[1]


def test_every_column_renders_in_every_tabular_format():
    everything = tuple(Column)
    for fmt in (OutputFormat.TABLE, OutputFormat.MARKDOWN, OutputFormat.CSV, OutputFormat.HTML,
                OutputFormat.LATEX):
        assert rendered(summarize(load_spec("resnet18")), fmt, View(everything))


def test_unknown_column_is_an_error_listing_the_valid_ones():
    result = run("summarize", "alexnet", "--columns", "name,paramz")
    assert result.exit_code == 2
    assert "--columns: unknown column 'paramz'; choose from name, kind, input, output, " \
           "params, trainable, non_trainable, mults, flops, activations, memory, rf, jump" \
           in result.output
    assert "Traceback" not in result.output
    assert run("summarize", "alexnet", "--columns", ",").exit_code == 2


def test_human_counts_use_three_significant_figures():
    result = run("summarize", "alexnet", "--columns", "name,params,mults", "--human")
    assert result.exit_code == 0
    total = [line for line in result.output.splitlines() if line.startswith("Total")][0]
    assert total.split() == ["Total", "61.0", "M", "724", "M"]      # 60,965,224 and 724,406,816
    assert "34.9 k" in result.output                                 # conv1's 34,944


@pytest.mark.parametrize("extension, check", [
    (".html", lambda text: text.startswith("<!DOCTYPE html>")),
    (".svg", lambda text: text.startswith("<svg")),
    (".tex", lambda text: r"\begin{tabular}" in text),
    (".md", lambda text: text.startswith("### AlexNet")),
    (".csv", lambda text: text.startswith("name,kind,summary,")),
    (".json", lambda text: json.loads(text)["totals"]["params"] == ALEXNET_PARAMS),
    (".txt", lambda text: "60,965,224" in text and "\x1b" not in text),
])
def test_output_format_follows_the_extension(tmp_path, extension, check):
    path = tmp_path / f"alexnet{extension}"
    result = run("summarize", "alexnet", "--output", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert check(path.read_text(encoding="utf-8"))


def test_format_overrides_the_extension_and_unknown_extension_is_an_error(tmp_path):
    path = tmp_path / "table.data"
    assert run("summarize", "alexnet", "-o", str(path)).exit_code == 2
    result = run("summarize", "alexnet", "-o", str(path))
    assert "cannot tell the format from '.data'" in result.output and not path.exists()
    assert run("summarize", "alexnet", "-o", str(path), "--format", "csv").exit_code == 0
    assert path.read_text().startswith("name,")
    missing = run("summarize", "alexnet", "-o", str(tmp_path / "no" / "such" / "dir.md"))
    assert missing.exit_code == 2 and "cannot write" in missing.output


# --- colour and width ------------------------------------------------------------------------

def test_no_colour_codes_through_clirunner():
    assert "\x1b[" not in run("summarize", "alexnet", "--bars").output
    assert "\x1b[" not in run("summarize", "alexnet", NO_COLOR="1").output


def cli_subprocess(*args: str, **env: str) -> str:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "cnncalc", *args], capture_output=True,
                          text=True, env=environment, check=True).stdout


def test_no_colour_codes_in_a_pipe_or_with_no_color():
    assert "\x1b[" in cli_subprocess("summarize", "lenet5", FORCE_COLOR="1")   # the probe works
    assert "\x1b[" not in cli_subprocess("summarize", "lenet5")                # a pipe
    assert "\x1b[" not in cli_subprocess("summarize", "lenet5", FORCE_COLOR="1", NO_COLOR="1")


def long_names():
    """AlexNet with block paths as long as ResNet-152's and Inception-v3's."""
    from dataclasses import replace
    summary = alexnet()
    names = ["layer3.35/conv2", "Mixed_5c/branch3x3dbl_1/conv", "features.denseblock4/"
             "denselayer16/conv2"]
    rows = [replace(row, name=names[index % 3] + str(index)) for index, row
            in enumerate(summary.layers)]
    return replace(summary, layers=tuple(rows))


@pytest.mark.parametrize("view", [View(), View(rf=True), View(bars=True)])
def test_long_names_wrap_at_slashes_and_dots_never_cut(view):
    summary = long_names()
    text = rendered(summary, OutputFormat.TABLE, view)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    width = lines[1].index("Kind")                       # the Layer column and its gap
    column = [line[:width].rstrip() for line in lines[3:lines.index(" " * len(lines[2]))]]
    joined = "".join(column)
    for row in summary.layers:
        assert row.name in joined                        # every character kept, in order
    for before, after in zip(column, column[1:]):        # a continuation follows / . or _
        if after and not after.startswith(("conv", "relu", "layer", "Mixed", "features")):
            assert before[-1:] in "/._" or len(before) == width - 2, (before, after)


def test_hyper_parameters_never_split_a_word_from_its_number():
    text = rendered(summarize(load_spec("resnet50")), OutputFormat.TABLE, View(rf=True))
    assert "pad" in text
    assert not re.search(r"\b(pad|size)( {2,}|$)", text, re.M)


# --- in a real browser and a real TeX, where they are installed -----------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")


def chromium(tmp_path: Path, page: Path, *flags: str) -> None:
    subprocess.run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                    *flags, page.as_uri()], capture_output=True, timeout=120, check=True)


def png_pixels(png: bytes) -> bytes:
    """The decompressed image data of a PNG (filter bytes included): enough to tell blank."""
    import struct
    import zlib
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    data, at = b"", 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        if kind == b"IDAT":
            data += png[at + 8:at + 8 + length]
        at += 12 + length
    return zlib.decompress(data)


@needs_chromium
def test_html_page_renders_in_chromium(tmp_path):
    page, shot = tmp_path / "alexnet.html", tmp_path / "alexnet.png"
    page.write_text(rendered(alexnet(), OutputFormat.HTML), encoding="utf-8")
    chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1200,1600")
    pixels = png_pixels(shot.read_bytes())
    assert len(set(pixels)) > 50                      # text and rules, not a blank page


@needs_chromium
@pytest.mark.slow
def test_html_page_prints_to_pdf_in_chromium(tmp_path):
    page, pdf = tmp_path / "resnet50.html", tmp_path / "resnet50.pdf"
    page.write_text(rendered(summarize(load_spec("resnet50")), OutputFormat.HTML),
                    encoding="utf-8")
    chromium(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) > 3


PDFLATEX = Path("/usr/bin/pdflatex")


@pytest.mark.skipif(not PDFLATEX.exists(), reason="pdflatex is not installed")
def test_latex_table_compiles(tmp_path):
    (tmp_path / "table.tex").write_text(rendered(hostile(), OutputFormat.LATEX) + "\n"
                                        + rendered(alexnet(), OutputFormat.LATEX),
                                        encoding="utf-8")
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs}\n"
        "\\usepackage[margin=1cm,landscape]{geometry}\n"
        "\\begin{document}\n\\small\n\\input{table}\n\\end{document}\n", encoding="utf-8")
    result = subprocess.run([str(PDFLATEX), "-interaction=nonstopmode", "-halt-on-error",
                             "paper.tex"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "paper.pdf").exists()
    assert "Missing character" not in (tmp_path / "paper.log").read_text(errors="replace")


def test_bars_on_by_default_from_120_columns():
    narrow = run("summarize", "alexnet", COLUMNS="80").output
    wide = run("summarize", "alexnet", COLUMNS="132").output
    assert "█" not in narrow and "Bars:" not in narrow
    fc6 = next(line for line in wide.splitlines() if line.startswith("fc6"))
    # fc6 holds 37,752,832 / 60,965,224 = 62 % of the parameters: 5 of the 8 blocks
    assert "█████" in fc6 and "██████" not in fc6
    assert "█" not in run("summarize", "alexnet", "--no-bars", COLUMNS="132").output


def test_memory_table_shows_markup_like_names_literally(tmp_path):
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE_SPEC, encoding="utf-8")
    result = run("summarize", str(spec), "--memory")
    assert result.exit_code == 0, result.output
    assert "[red]x" in result.output and "<b>net</b> & [red]x" in result.output


def test_kinds_writes_settings_as_a_spec_does_within_80_columns():
    result = run("kinds")
    assert result.exit_code == 0
    text = result.output
    for written in ("padding = 0", "stride = 1", "kernel required", "filters required",
                    "bias = true", "stride = kernel", "units required"):
        assert written in text, written
    for python in ("None", "(1, 1)", "((0, 0), (0, 0))", "True", "False"):
        assert python not in text, python
    assert max(len(line) for line in text.splitlines()) <= 80


def test_every_column_is_documented():
    """docs/output.md lists every column."""
    text = (Path(__file__).parent.parent / "docs" / "output.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` +\|", text, re.M))
    assert {column.word for column in Column} <= documented


@given(st.lists(st.sampled_from(["conv", "96", "×", "11×11", "/4", "pad", "2", "g2", "size",
                                 "5", "+", "28×28×512", "maxpool", "3×3", "p=0.5", "ceil"]),
                min_size=1, max_size=10),
       st.integers(min_value=5, max_value=30))
def test_wrapped_words_keep_every_character_and_fit(words, width):
    text = " ".join(words)
    lines = wrap_words(text, width).split("\n")
    assert all(len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line, after in zip(lines, lines[1:]):   # `pad 2` apart only when it cannot fit at all
        word, number = line.split(" ")[-1], after.split(" ")[0]
        assert not (word.isalpha() and number[:1].isdigit()
                    and len(word) + 1 + len(number) <= width), (line, after)


@given(st.lists(st.sampled_from(["layer3", "35", "conv2", "Mixed_5c", "branch3x3dbl_1", "a",
                                 "features", "denseblock4"]), min_size=1, max_size=5),
       st.sampled_from("/."), st.integers(min_value=4, max_value=24))
def test_wrapped_names_keep_every_character_and_fit(parts, mark, width):
    name = mark.join(parts)
    lines = wrap_name(name, width).split("\n")
    assert all(len(line) <= width for line in lines)
    assert "".join(lines) == name
