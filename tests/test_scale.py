"""The fast paths behind large specs give exactly what the general ones do: libyaml and the
pure-Python parser (same documents, same error locations), the JSON writer and `json.dumps`,
the plain table writer and rich's `Table`."""

from __future__ import annotations

import importlib.util
import io
import json
import time
from pathlib import Path

import pytest
from rich.console import Console

from cnncalc.spec import source
from cnncalc.bundled import bundled_dir, bundled_names, variant_index
from cnncalc.calculator import summarize
from cnncalc.diff import Status
from cnncalc.errors import SpecError
from cnncalc.render import table
from cnncalc.render import jsontext
from cnncalc.render.jsontext import dumps
from cnncalc.report import as_dict
from cnncalc.spec import load_spec

SPECGEN = Path(__file__).resolve().parent.parent / "bench" / "specgen.py"
_spec = importlib.util.spec_from_file_location("specgen", SPECGEN)
specgen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(specgen)

BUNDLED_YAML = sorted(bundled_dir().glob("**/*.yaml"))
RENDERED = [name for name in bundled_names() if name not in variant_index() or name in {
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d",
    "wide_resnet50_2", "vgg11", "vgg16", "vgg16_bn", "vgg19", "densenet121", "convnext_tiny",
    "regnet_y_400mf"}]
"""The bundled specs rendered both ways: each file, and of a family's variants (which print
the same kinds of rows at other widths and depths) those that were files before, and RegNetY's
squeeze-and-excitation."""
QUICK_RENDERED = ("lenet5", "alexnet", "alexnet_torchvision", "zfnet", "googlenet", "resnet50", "resnet_cifar",
                  "mobilenet_v2", "mobilenet_v3_small", "shufflenet_v2_x0_5", "squeezenet",
                  "convnext_tiny", "unet", "dcgan_generator", "efficientnet", "espcn", "nin",
                  "segnet", "darknet53", "xception", "lraspp_mobilenet_v3_large",
                  str(Path(__file__).resolve().parent.parent / "examples" / "siamese.yaml"))
"""Those `make test` renders (every kind the bundled specs use, in small networks: the renderer
works by kinds and rows, not by size; tests/test_scale.py checks the cover); the rest are slow."""


def rendered(names):
    """`names` as parameters, those outside `QUICK_RENDERED` marked slow."""
    return [name if name in QUICK_RENDERED else pytest.param(name, marks=pytest.mark.slow)
            for name in names]
BROKEN_YAML = ["a: 1\na: 2\n", "a: [1, 2\n", "a:\n  - b\n c: 1\n", "\ta: 1\n", "a: *x\n",
               "a: 1\n---\nb: 2\n", "? [a]\n: 1\n", "a: b: c\n", "x: &a [1, *a]\n",
               "a: !foo 1\n", "[1, 2]]\n", 'a: "\\x"\n', "- {a: 1, a: 2}\n"]


def marks(value) -> list:
    """Every location a loaded document remembers, in document order."""
    if isinstance(value, dict):
        return [value.location] + [(key, value.key_location(key), value.value_location(key),
                                    marks(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [value.location, value.item_locations] + [marks(item) for item in value]
    return []


def load_both(text: str, monkeypatch) -> list:
    """What the C parser and the pure-Python one make of `text`: (document, marks) or the
    error message."""
    results = []
    for parser in (source.C_PARSER, None):
        monkeypatch.setattr(source, "C_PARSER", parser)
        try:
            document = source.load_yaml(text, "f.yaml")
            results.append((document, marks(document)))
        except SpecError as error:
            results.append(str(error.location))
    return results


@pytest.mark.skipif(source.C_PARSER is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", BUNDLED_YAML, ids=lambda path: path.name)
def test_libyaml_and_python_parsers_read_the_same_document(path, monkeypatch):
    with_c, pure = load_both(path.read_text(encoding="utf-8"), monkeypatch)
    assert with_c == pure


@pytest.mark.skipif(source.C_PARSER is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("text", BROKEN_YAML)
def test_both_parsers_point_at_the_same_place(text, monkeypatch):
    with_c, pure = load_both(text, monkeypatch)
    assert isinstance(with_c, str) and with_c == pure


def test_merge_keys_and_aliases_still_work():
    document = source.load_yaml("base: &b {kernel: 3, padding: 1}\n"
                                    "conv: {<<: *b, padding: 0, filters: 8}\n", "f.yaml")
    assert document["conv"] == {"kernel": 3, "padding": 0, "filters": 8}
    assert document["conv"].value_location("kernel").line == 1
    assert document["conv"].value_location("padding").line == 2


@pytest.mark.parametrize("name", rendered([*RENDERED, QUICK_RENDERED[-1]]))
def test_the_json_writer_writes_what_json_dumps_does(name, monkeypatch):
    report = as_dict(summarize(load_spec(name)))
    assert dumps(report) == json.dumps(report, indent=2, ensure_ascii=False)
    monkeypatch.setattr(jsontext, "TEMPLATE_ROWS", 1)   # every list of layers by templates
    assert dumps(report) == json.dumps(report, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("shape", sorted(specgen.SHAPES))
def test_the_json_writer_writes_what_json_dumps_does_on_generated_specs(shape, tmp_path):
    path = tmp_path / f"{shape}.yaml"
    path.write_text(specgen.SHAPES[shape](1200), encoding="utf-8")
    for batch in (1, 3):
        report = as_dict(summarize(load_spec(str(path)), batch))
        assert dumps(report) == json.dumps(report, indent=2, ensure_ascii=False)


class Count(int):
    """An int subclass: json writes it as a number, our templates leave it to json."""


class Word(str):
    pass


def awkward_items():
    """Mappings alike but for one detail each (a list one longer or shorter, a string of the
    list's length, an empty dict filled, a bool where an int was, NaN, a key order), repeated so
    that each gets a template."""
    base = {"name": "a\"b\\c\n\u2028é%s{}", "shape": [1, 2, 3], "empty": [], "none": None,
            "flag": True, "ratio": 0.5, "nested": {"deep": [[1], {"x": "y"}], "e": {}},
            "pair": (1, 2)}
    variants = [base,
                {**base, "shape": [1, 2, 3, 4]}, {**base, "empty": [1]},
                {**base, "nested": {"deep": [[1], {"x": "y"}], "e": {"k": 1}}},
                {**base, "flag": 1}, {**base, "shape": [1, True, 3]},
                {**base, "ratio": float("nan")}, {**base, "ratio": float("-inf")},
                {**base, "ratio": 1}, {**base, "none": 0}, {**base, "pair": [1, 2]},
                {"shape": [1, 2, 3], **base}, {**base, "name": Word("w")},
                {**base, "shape": [Count(7), 2, 3]}, {**base, 1: "int key"},
                {**base, "nested": {"deep": [[], {"x": "y"}], "e": {}}},
                # caught while a depth is unpacked, before its types are compared
                {**base, "shape": "abc"}, {**base, "shape": [1, 2]},
                {**base, "nested": {"deep": [[1, 2], {"x": "y"}], "e": {}}},
                {**base, "nested": {"deep": [[1], {"x": "y", "z": "w"}], "e": {}}},
                {**base, "nested": {"deep": [[1], {"z": "y"}], "e": {}}}]
    return [dict(variant) for _ in range(3) for variant in variants]


def test_the_json_writer_templates_tell_alike_structures_apart(monkeypatch):
    monkeypatch.setattr(jsontext, "TEMPLATE_ROWS", 1)
    for items in (awkward_items(), awkward_items()[::-1], [awkward_items()] * 2):
        assert dumps(items) == json.dumps(items, indent=2, ensure_ascii=False)
        assert dumps({"layers": items}) == json.dumps({"layers": items}, indent=2,
                                                      ensure_ascii=False)


def printed(summary, width: int, wide: bool, rf: bool, fast: bool, monkeypatch) -> str:
    monkeypatch.setattr(table, "FAST_ROWS", 0 if fast else 10**9)
    out = io.StringIO()
    console = Console(file=out, width=width, highlight=False, soft_wrap=False,
                      color_system=None)
    table.print_summary(summary, console, wide, rf=rf)
    return out.getvalue()


@pytest.mark.parametrize("name", rendered([*RENDERED, QUICK_RENDERED[-1]]))
def test_the_plain_table_prints_what_rich_does(name, monkeypatch):
    summary = summarize(load_spec(name))
    for width, wide, rf in ((80, False, False), (80, True, True), (200, False, True)):
        assert printed(summary, width, wide, rf, True, monkeypatch) == \
            printed(summary, width, wide, rf, False, monkeypatch)


@pytest.mark.parametrize("name", ["resnet50", "googlenet", "inception_v3"])
def test_the_plain_table_prints_what_rich_does_with_chosen_columns(name, monkeypatch):
    from cnncalc.render.columns import Column, human
    summary = summarize(load_spec(name))
    columns = (Column.NAME, Column.KIND, Column.INPUT, Column.OUTPUT, Column.PARAMS,
               Column.MULTS, Column.FLOPS, Column.RF)
    outputs = []
    for fast in (True, False):
        monkeypatch.setattr(table, "FAST_ROWS", 0 if fast else 10**9)
        out = io.StringIO()
        console = Console(file=out, width=100, highlight=False, soft_wrap=False,
                          color_system=None)
        table.print_summary(summary, console, columns=columns, count=human, bars=True)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]


def test_whole_number_receptive_fields_equal_the_fraction_formulas():
    """The integer shortcuts of `union` and `through_window` give what the exact formulas
    (written here with Fractions) give, values and types alike."""
    import random
    from fractions import Fraction

    from cnncalc.receptive import AxisWindow, exact, through_window, union

    def union_by_fractions(fields):
        first = min(start - Fraction(size - 1, 2) for size, _, start in fields)
        last = max(start + Fraction(size - 1, 2) for size, _, start in fields)
        return (exact(last - first + 1), exact(max(jump for _, jump, _ in fields)),
                exact((first + last) / 2))

    def window_by_fractions(size, jump, start, window):
        half = Fraction(window.span - 1, 2)
        return (exact(size + (window.span - 1) * jump), exact(jump * window.stride),
                exact(start + (half - window.pad_before) * jump))

    rng = random.Random(7)
    for _ in range(2000):
        fields = [(rng.randint(1, 40), rng.randint(1, 8), rng.randint(-20, 40))
                  for _ in range(rng.randint(1, 4))]
        got, want = union(fields), union_by_fractions(fields)
        assert got == want and list(map(type, got)) == list(map(type, want))
        window = AxisWindow(rng.randint(1, 7), rng.randint(1, 3), rng.randint(0, 3))
        got, want = through_window(*fields[0], window), window_by_fractions(*fields[0], window)
        assert got == want and list(map(type, got)) == list(map(type, want))


# ---- growth: diff, draw, the HTML picture and explain do linear work ------------------------

def generated(shape: str, layers: int, inserted: bool = False):
    """A generated network (`specgen`), calculated; `inserted`: a relu added after the first
    residual unit, which shifts every later automatic relu name by one."""
    from cnncalc.spec import parse_spec

    text = specgen.SHAPES[shape](layers)
    if inserted:
        at = text.index("  - add: {name: r0")
        text = text[:at] + "  - relu\n" + text[at:]
    return summarize(parse_spec(text, f"{shape}{layers}.yaml"))


def cpu_seconds(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def assert_linear(work, small: int, times: int = 4) -> None:
    """`work(times · small)` costs at most twice `times` × `work(small)` in CPU time: linear
    work gives `times`, quadratic `times`²; the best of two runs each, as the machine may be
    busy."""
    import gc

    work(small)
    gc.collect()
    gc.disable()  # as the CLI runs: the collector's passes grow with what the suite holds
    try:
        base = min(cpu_seconds(lambda: work(small)) for _ in range(2))
        large = min(cpu_seconds(lambda: work(times * small)) for _ in range(2))
    finally:
        gc.enable()
    assert large <= 2 * times * base + 0.05, (small, base, large)


def test_diff_pairs_long_networks_with_linear_work():
    """The alignment weighs a bounded number of pairs per layer: with one relu inserted early,
    every later relu renamed (automatic names), 4 × the layers cost about 4 × the kinships."""
    from cnncalc import diff

    weighed = []

    def counted(x, y):
        weighed.append(1)
        return diff.kinship(x, y)

    def kinships(layers: int) -> int:
        weighed.clear()
        a, b = generated("residual", layers), generated("residual", layers, inserted=True)
        found = diff.alignment(*diff.signatures(a, b), counted, loose=lambda sig: sig[1:])
        assert not found.exact and sum(i is None for i, _ in found.pairs) == 1
        return len(weighed)

    small, large = kinships(1500), kinships(6000)
    assert small <= 20 * 1500 and large <= 4.5 * small, (small, large)
    comparison = diff.compare(generated("residual", 6000), generated("residual", 6000, True))
    assert not comparison.exact
    assert (comparison.count(diff.Status.ONLY_B), comparison.count(diff.Status.CHANGED)) == (1, 0)


def test_diff_of_long_networks_reports_in_linear_time():
    from cnncalc.diff import compare
    from cnncalc.render.diff import print_comparison

    networks = {}
    for layers in (600, 2400):
        networks[layers] = generated("chain", layers), generated("residual", layers)

    def work(layers: int) -> None:
        console = Console(file=io.StringIO(), width=80, color_system=None)
        print_comparison(compare(*networks[layers]), console)

    assert_linear(work, 600)


def test_a_large_diff_lists_two_hundred_pairs_and_says_how_many_more():
    from cnncalc.diff import compare
    from cnncalc.render.diff import LISTED, print_comparison

    out = io.StringIO()
    a, b = generated("chain", 1200), generated("residual", 1200)
    comparison = compare(a, b)
    print_comparison(comparison, Console(file=out, width=80, color_system=None))
    text = out.getvalue()
    differing = len(comparison.pairs) - comparison.count(Status.SAME) - comparison.count(
        Status.RENAMED)
    assert f"… and {differing - LISTED:,} more pairs differ: --json lists every one" in text
    assert ("paired by the layers found once in each" in text) == (not comparison.exact)


def test_draw_lays_out_long_networks_in_linear_time():
    from cnncalc.render.graph_svg import network_svg

    networks = {layers: generated("residual", layers) for layers in (500, 2000)}
    assert_linear(lambda layers: network_svg(networks[layers]), 500)


def test_crossings_are_counted_on_each_row_pairs_own_edges(monkeypatch):
    """The ordering counts crossings between neighbouring rows from those rows' edges only: in
    all, a few passes over the edges, not one pass per row (which made draw quadratic)."""
    from cnncalc import layout
    from cnncalc.collapse import network_graph

    seen = []
    original = layout.crossings
    monkeypatch.setattr(layout, "crossings",
                        lambda up, down, edges: seen.append(len(edges)) or original(up, down, edges))
    # a residual network whose rows do cross: two stems into every add, in both orders
    summary = generated("residual", 400)
    graph = network_graph(summary)
    names = [node.name for node in graph.nodes]
    edges = list(graph.edges) + [(names[k], names[k + 5]) for k in range(0, len(names) - 5, 7)]
    layout.layered_layout(names, edges, {name: (40, 20) for name in names})
    assert sum(seen) <= 10 * 4 * len(edges)    # ≤ 9 counts of every (dummy-split) edge


def test_collapsed_drawing_of_many_block_instances_in_linear_time():
    from cnncalc.render.graph_svg import network_svg

    networks = {layers: generated("blocks", layers) for layers in (800, 3200)}
    assert_linear(lambda layers: network_svg(networks[layers], collapse=True), 800)


def test_the_html_page_with_its_picture_in_linear_time():
    from cnncalc.render.html import html_page, network_picture

    networks = {layers: generated("residual", layers) for layers in (500, 2000)}

    def work(layers: int) -> None:
        summary = networks[layers]
        html_page(summary, picture=network_picture(summary))

    assert_linear(work, 500)


def explained(rows, width: int, plain: bool, colour: bool = False) -> str:
    from cnncalc.render import explanation

    out = io.StringIO()
    console = Console(file=out, width=width, highlight=False, soft_wrap=False,
                      force_terminal=colour, color_system="truecolor" if colour else None)
    if plain:
        explanation.print_explanations(rows, console)
    else:
        for row in rows:
            console.print(explanation.explanation(row))
            console.print()
    return out.getvalue()


def with_conventions(summary):
    from dataclasses import replace

    from cnncalc.render.conventions import convention_notes

    return [replace(row, notes=row.notes + convention_notes(row)) for row in summary.layers]


@pytest.mark.parametrize("name", ["alexnet", "resnet18", "unet"])
def test_the_plain_explanations_print_what_rich_does(name):
    rows = with_conventions(summarize(load_spec(name)))
    for width in (80, 50, 200):
        assert explained(rows, width, True) == explained(rows, width, False)
    assert explained(rows, 80, True, colour=True) == explained(rows, 80, False, colour=True)


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_the_plain_explanations_print_what_rich_does_on_every_bundled_spec(name):
    test_the_plain_explanations_print_what_rich_does(name)


def test_explanations_rich_must_draw_are_drawn_by_rich_in_place():
    """A name rich would fold, markup and emoji codes in a note, wide characters, a tab: each
    layer is still printed as rich prints it, in its place among the plain ones."""
    from dataclasses import replace

    rows = with_conventions(summarize(load_spec("alexnet")))
    odd = [replace(rows[0], name="x" * 90), replace(rows[1], notes=("see [bold]this[/bold]",)),
           replace(rows[2], notes=("a :smile: note", "two")), replace(rows[3], name="層の名前"),
           replace(rows[4], notes=("tab\there",)), replace(rows[5], name="[red]not markup")]
    mixed = odd + rows[6:] + odd
    for width in (80, 40):
        assert explained(mixed, width, True) == explained(mixed, width, False)
        assert explained(mixed, width, True, True) == explained(mixed, width, False, True)


def test_explain_of_every_layer_is_plain_and_linear(monkeypatch):
    from cnncalc.render import explanation

    networks = {layers: with_conventions(generated("residual", layers)) for layers in (500, 2000)}
    drawn = []
    original = explanation.explanation
    monkeypatch.setattr(explanation, "explanation", lambda row: drawn.append(row) or original(row))
    assert_linear(lambda layers: explained(networks[layers], 80, True), 500)
    assert_linear(lambda layers: explained(networks[layers], 80, True, colour=True), 500)
    assert drawn == []          # no layer needed rich's table, in colour or not


def test_the_quick_renderings_use_every_kind_the_bundled_files_use():
    """`QUICK_RENDERED` stands for all bundled specs: together they use every kind the bundled
    files (their defaults) use."""
    quick = {node.kind for name in QUICK_RENDERED for node in load_spec(name).nodes}
    used = {node.kind for path in bundled_dir().glob("*.yaml")
            for node in load_spec(path.stem).nodes}
    assert sorted(used - quick) == []
