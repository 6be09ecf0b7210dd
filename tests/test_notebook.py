"""The example notebook examples/notebooks/cnncalc.ipynb, executed in a real kernel (nbclient +
ipykernel, test-only installs: `make test-notebook`). Starting a kernel takes seconds, so the
tests that need it are marked `notebook` and left out of `make test`; without nbclient they
are skipped.

Checked: no cell raises, the summarize cell's HTML output is the AlexNet table, explain and the
network picture display, and every `<style>` rule of every output is scoped to
`.cnncalc-summary` (nothing restyles the notebook around it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

in_kernel = pytest.mark.notebook

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "notebooks" / "cnncalc.ipynb"
SCOPE = ".cnncalc-summary"


def style_selectors(html: str) -> list[str]:
    """Every selector of every rule in the `<style>` elements of `html` (comments removed)."""
    selectors = []
    for css in re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S | re.I):
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        for prelude in re.findall(r"([^{}]+)\{[^{}]*\}", css):
            selectors += [part.strip() for part in prelude.split(",") if part.strip()]
    return selectors


def test_style_selectors_reads_rules():
    css = "<style>\n.a, .b c { x: 1; }\n/* .z {} */ .d { y: 2;\n }</style>"
    assert style_selectors(css) == [".a", ".b c", ".d"]


@pytest.fixture(scope="module")
def executed():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return notebook


def outputs_of(notebook, fragment: str) -> list[dict]:
    """The outputs of the one code cell whose source holds `fragment`."""
    cells = [cell for cell in notebook.cells
             if cell.cell_type == "code" and fragment in cell.source]
    assert len(cells) == 1, fragment
    return cells[0].outputs


def rich_data(outputs: list[dict], mime: str) -> str:
    found = [output["data"][mime] for output in outputs
             if output.output_type == "execute_result" and mime in output.get("data", {})]
    assert len(found) == 1, mime
    return found[0]


def test_stored_as_nbformat_4_without_outputs():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] == [] and cell["execution_count"] is None
                        for cell in code)


@in_kernel
def test_no_cell_fails(executed):
    errors = [output for cell in executed.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert errors == []


@in_kernel
def test_summary_cell_is_the_alexnet_table(executed):
    html = rich_data(outputs_of(executed, 'alexnet = cnncalc.summarize("alexnet")'), "text/html")
    assert html.startswith(f'<div class="{SCOPE[1:]}">')
    assert "<table" in html
    assert "34,944" in html                    # conv1: (11·11·3 + 1)·96
    assert "55×55×96" in html                  # conv1: (227 − 11)/4 + 1 = 55
    assert "60,965,224" in html                # the BVLC reference model's total


@in_kernel
def test_explain_displays_the_conv1_formulas(executed):
    outputs = outputs_of(executed, 'cnncalc.explain("alexnet", "conv1")')
    html = rich_data(outputs, "text/html")
    assert "(11·11·3 + 1)·96 = 34,944" in html


@in_kernel
def test_network_picture_displays(executed):
    svg = rich_data(outputs_of(executed, "network_svg("), "image/svg+xml")
    assert "<svg" in svg and "c1" in svg


@in_kernel
def test_markdown_is_printed(executed):
    streams = [output.text for output in outputs_of(executed, "to_markdown()")
               if output.output_type == "stream"]
    assert "| c1 | conv 8 × 3×3 pad 1 | 32×32×3 | 32×32×8 | 224 |" in "".join(streams)


@in_kernel
def test_no_style_leaks_out_of_the_fragment(executed):
    documents = [data for cell in executed.cells if cell.cell_type == "code"
                 for output in cell.outputs
                 for mime, data in output.get("data", {}).items()
                 if mime in ("text/html", "image/svg+xml")]
    assert len(documents) >= 4
    selectors = [selector for document in documents for selector in style_selectors(document)]
    assert selectors                           # the summaries do carry their styles
    assert [s for s in selectors if not (s == SCOPE or s.startswith(SCOPE + " "))] == []
