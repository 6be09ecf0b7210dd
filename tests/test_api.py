"""The Python API (`cnncalc.api`, docs/api.md): numbers from the papers, frameworks or hand
arithmetic written out here; the notebook views safe for the page around them."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

import cnncalc
from cnncalc.errors import CnnCalcError, SettingError, SpecError

ROOT = Path(__file__).resolve().parents[1]

SMALL = """\
name: small
input: 8x8x3
layers:
  - conv: {name: c1, filters: 4, kernel: 3, padding: 1}
  - relu
"""
HOSTILE = '<img src=x onerror="alert(1)"><b>&amp;'


def test_summarize_a_bundled_name_gives_alexnet_conv1_parameters():
    summary = cnncalc.summarize("alexnet")
    assert summary.row("conv1").params == (11 * 11 * 3 + 1) * 96 == 34_944


def test_summarize_resnet50_trainable_parameters_equal_torchvision():
    # torchvision resnet50: sum(p.numel() for p in model.parameters()) == 25,557,032
    assert cnncalc.summarize("resnet50").totals.trainable_params == 25_557_032


def test_lenet5_totals_by_hand():
    c1, c3, c5 = (5 * 5 * 1 + 1) * 6, (5 * 5 * 6 + 1) * 16, (5 * 5 * 16 + 1) * 120
    f6, out = (120 + 1) * 84, (84 + 1) * 10
    assert cnncalc.summarize("lenet5").totals.params == c1 + c3 + c5 + f6 + out == 61_706


def test_yaml_text_is_read_as_a_spec():
    network = cnncalc.load(SMALL)
    assert network.name == "small"
    row = cnncalc.summarize(SMALL).row("c1")
    assert row.output_shape == (8, 8, 4)
    assert row.params == (3 * 3 * 3 + 1) * 4 == 112
    assert row.mults == 8 * 8 * 4 * (3 * 3 * 3) == 6_912


def test_input_and_set_as_text_tuple_or_mapping():
    # the fc layer 2048 → 10 instead of 2048 → 1000: 2048·990 + 990 fewer trainable parameters
    expected = 25_557_032 - (2048 * 990 + 990)
    for shape, settings in (("160x160x3", {"classes": 10}), ((160, 160, 3), "classes=10"),
                            ([160, 160, 3], ["classes=10"])):
        summary = cnncalc.summarize("resnet50", input=shape, set=settings)
        assert summary.input_shape == (160, 160, 3)
        assert summary.totals.trainable_params == expected == 23_528_522


def test_batch_multiplies_the_multiplications():
    assert cnncalc.summarize(SMALL, batch=3).row("c1").mults == 3 * 8 * 8 * 4 * 27


def test_a_network_passes_through():
    network = cnncalc.load("lenet5")
    assert cnncalc.summarize(network).totals.params == 61_706


@pytest.mark.parametrize("call", [
    lambda: cnncalc.summarize("no-such-network"),
    lambda: cnncalc.summarize("lenet5", input="12 by 12"),
    lambda: cnncalc.summarize("lenet5", input=3.5),
    lambda: cnncalc.summarize("lenet5", set=42),
    lambda: cnncalc.summarize("lenet5", convention="nobody"),
    lambda: cnncalc.summarize("lenet5", batch=0),
    lambda: cnncalc.summarize(SMALL + "  - bogus_kind: {}\n"),
    lambda: cnncalc.explain("lenet5", "nope"),
    lambda: cnncalc.load(cnncalc.load("lenet5"), input="8x8x1"),
    lambda: cnncalc.load(42),
])
def test_user_errors_are_cnncalc_sentences(call):
    with pytest.raises(CnnCalcError) as caught:
        call()
    assert str(caught.value)


def test_explain_unknown_layer_suggests_the_close_one():
    with pytest.raises(SpecError, match="conv1"):
        cnncalc.explain("alexnet", "conv_1")


def test_explain_gives_the_formula_data_and_text():
    explanation = cnncalc.explain("alexnet", "conv1")
    (layer,) = explanation.data()
    assert layer["name"] == "conv1"
    lines = dict(layer["lines"])
    assert lines["Output"] == "55×55×96"
    assert lines["Parameters"].endswith("= 34,944")
    assert "(11·11·3 + 1)·96 = 34,944" in explanation.text()
    assert "conv1" in repr(explanation)


def test_verify_runs_the_engine_and_agrees():
    assert cnncalc.verify(SMALL).ok


def test_summary_views_call_the_cli_renderers():
    from cnncalc.render import OutputFormat
    from cnncalc.render.views import rendered
    from cnncalc.report import as_dict

    summary = cnncalc.summarize("lenet5")
    assert summary.to_dict() == as_dict(summary)
    assert summary.to_json() == rendered(summary, OutputFormat.JSON)
    assert summary.to_markdown() == rendered(summary, OutputFormat.MARKDOWN)
    assert "| c1 |" in summary.to_markdown()


def test_repr_is_short_and_names_the_totals():
    text = repr(cnncalc.summarize("lenet5"))
    assert len(text) < 200
    assert "LeNet-5" in text and "32×32×1" in text and "61,706" in text


def test_html_fragment_styles_only_its_own_element():
    fragment = cnncalc.summarize("resnet50").to_html()
    assert fragment == cnncalc.summarize("resnet50")._repr_html_()
    assert fragment.startswith('<div class="cnncalc-summary">')
    assert "<html" not in fragment and "<body" not in fragment
    styles = re.findall(r"<style>(.*?)</style>", fragment, re.S)
    assert len(styles) == 1
    css = re.sub(r"\{[^}]*\}", "{}", styles[0])   # keep the selectors only
    selectors = [part.strip() for rule in css.split("{}") for part in rule.split(",")
                 if part.strip()]
    assert selectors
    for selector in selectors:
        # inside the wrapper: no rule reaches body, html, :root or a notebook's own tables
        assert selector.split()[0] == ".cnncalc-summary", selector


def test_html_fragment_escapes_a_hostile_layer_name():
    spec = SMALL.replace("name: c1", f"name: '{HOSTILE}'")
    summary = cnncalc.summarize(spec)
    assert summary.layers[0].name == HOSTILE
    fragment = summary.to_html()
    assert "<img" not in fragment and "<b>" not in fragment
    assert "&lt;img" in fragment and "&amp;amp;" in fragment


def test_rich_prints_the_terminal_table():
    from rich.console import Console

    console = Console(width=100, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(cnncalc.summarize("lenet5"))
    text = console.export_text()
    assert "c1" in text and "61,706" in text and "Parameters" in text


def test_to_pandas_without_pandas_is_a_sentence(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)   # import pandas now raises ImportError
    with pytest.raises(ImportError, match="pip install pandas"):
        cnncalc.summarize("lenet5").to_pandas()


def test_to_pandas_one_row_per_layer():
    pytest.importorskip("pandas")
    frame = cnncalc.summarize("lenet5").to_pandas()
    assert len(frame) == 12
    assert int(frame["params"].sum()) == 61_706


def test_summarize_resnet50_is_fast_in_a_running_process():
    cnncalc.summarize("resnet50")   # warm: modules imported, bundled index read
    best = min(timed(lambda: cnncalc.summarize("resnet50")) for _ in range(5))
    assert best < 0.050 * 4   # the target is 50 ms alone; 2 cores shared by many test runs


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_import_cnncalc_loads_no_api_module():
    probe = ("import sys, cnncalc; assert 'summarize' in dir(cnncalc); "
             "print(sorted(m for m in sys.modules if m.startswith('cnncalc')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "['cnncalc']"


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such"):
        cnncalc.no_such   # noqa: B018


def test_exports_are_the_api_functions():
    from cnncalc import api, report

    assert cnncalc.summarize is api.summarize and cnncalc.Summary is report.Summary
    assert isinstance(cnncalc.summarize("lenet5"), cnncalc.Summary)


def test_py_typed_is_packaged():
    assert (ROOT / "cnncalc" / "py.typed").is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "py.typed" in pyproject["tool"]["setuptools"]["package-data"]["cnncalc"]


def test_setting_error_is_a_cnncalc_error():
    assert issubclass(SettingError, CnnCalcError)


def test_docs_api_examples_run():
    import doctest

    failures, tried = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False,
                                       optionflags=doctest.ELLIPSIS)
    assert tried > 10 and failures == 0


def test_verify_stays_the_function_after_its_module_is_imported():
    import cnncalc.verify  # noqa: F401  (the module behind the function, cnncalc/verify.py)
    from cnncalc.verify import Verification

    assert callable(cnncalc.verify)
    assert isinstance(cnncalc.verify(SMALL), Verification)
