"""What `cnncalc check` writes: messages that say what to do, the key's JSON, reports on
standard output, refused output clashes, student text escaped in every output, and
Gradescope's fields."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

CONV1_PARAMS = (11 * 11 * 3 + 1) * 96


def test_a_tab_in_the_indentation_is_named(check):
    result = check("network: alexnet\nquestions:\n\t- {ask: params}\n")
    assert result.exit_code == 2
    assert result.output == ("hw.yaml:3:1: YAML indents with spaces, not tabs: this line is "
                             "indented with a tab; replace it with spaces\n")


def test_a_number_with_commas_in_flow_style_says_to_quote_it(check):
    result = check("network: resnet50\nquestions:\n  - {id: a, ask: params, answer: 25,600,000}\n")
    assert result.exit_code == 2
    assert result.output == (
        "hw.yaml:3:37: '600' is not a key: in {…} a comma ends an entry, so 'answer: 25,600,000' "
        "was read as answer 25 and the keys 600, 000; quote the answer: answer: \"25,600,000\"\n")


def test_the_keys_json_has_right_values_and_no_unanswered_reasons(check):
    result = check("network: alexnet\nquestions:\n  - {layer: conv1, ask: params}\n"
                   "  - {layer: conv9, ask: params}\n", "--key", "--json")
    assert result.exit_code == 0
    first, missing = json.loads(result.output)["results"]
    assert first["right_value"] == CONV1_PARAMS and first["reason"] is None
    assert json.loads(result.output)["key"] is True
    # a question the key cannot answer still says why
    assert missing["reason"] == "alexnet has no layer 'conv9' (did you mean 'conv5'?)"


HOMEWORK = "network: alexnet\nquestions:\n  - {id: a, layer: conv1, ask: params, answer: 3}\n"


@pytest.mark.parametrize("option", ["--junit", "--gradescope"])
def test_a_dash_writes_the_report_to_standard_output(check, option):
    result = check(HOMEWORK, option, "-")
    assert result.exit_code == 1
    assert not Path("-").exists()
    if option == "--junit":
        assert ET.fromstring(result.stdout.encode()).tag == "testsuites"
    else:
        assert json.loads(result.stdout)["score"] == 0


@pytest.mark.parametrize("args, message", [
    (["--junit", "out", "--gradescope", "out"],
     "--junit and --gradescope both write to the file out"),
    (["--junit", "-", "--gradescope", "-"], "--junit and --gradescope both write to standard "
                                            "output"),
    (["--junit", "hw.yaml"], "--junit hw.yaml is a file this command read"),
])
def test_two_outputs_to_one_place_are_refused(check, args, message):
    result = check(HOMEWORK, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "questions" in Path("hw.yaml").read_text()


HOSTILE = ("student: \"Eve\\x1b[2J\\u202e <script>&\\x0b\"\n"
           "network: alexnet\n"
           "questions:\n"
           "  - {id: a, layer: conv1, ask: params, answer: \"34944\\x1b]52;c;evil\\x07\"}\n"
           "  - {id: b, layer: conv1, ask: output_shape, answer: \"]]></failure>\\x0c<x>\"}\n")


def test_student_text_is_escaped_in_every_output(check):
    table = check(HOSTILE)
    assert "\x1b" not in table.output and "\u202e" not in table.output
    assert "\\x1b" in table.output
    junit = check(HOSTILE, "--junit", "report.xml", "--gradescope", "results.json")
    assert junit.exit_code == 1
    text = Path("report.xml").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x0c" not in text and "\x0b" not in text
    root = ET.parse("report.xml").getroot()           # a real parser reads it
    names = [case.get("name") for case in root.iter("testcase")]
    assert names[1].startswith("b: ")
    failure = root.find("testsuite").findall("testcase")[1].find("failure")
    assert "]]></failure><x>" in failure.get("message")  # markup kept as text
    json.loads(Path("results.json").read_text(encoding="utf-8"))
    junitparser = pytest.importorskip("junitparser")
    suite = next(iter(junitparser.JUnitXml.fromfile("report.xml")))
    assert suite.tests == 2 and suite.failures == 2


def test_gradescope_fields(check):
    result = check("""\
        title: HW
        network: alexnet
        visibility: after_due_date
        questions:
          - {id: a, layer: conv1, ask: params, answer: 34944, points: 2}
          - {id: b, layer: conv1, ask: mults, answer: 3, visibility: hidden}
        """, "--gradescope", "results.json")
    assert result.exit_code == 1
    results = json.loads(Path("results.json").read_text(encoding="utf-8"))
    assert results["score"] == 2 and results["extra_data"] == {"max_score": 3}
    assert isinstance(results["execution_time"], (int, float)) and results["execution_time"] >= 0
    assert results["output_format"] == "text" and results["stdout_visibility"] == "hidden"
    first, second = results["tests"]
    assert (first["visibility"], second["visibility"]) == ("after_due_date", "hidden")
    assert (first["max_score"], second["max_score"]) == (2, 1)
    assert first["output_format"] == "text" and second["status"] == "failed"


def test_a_bad_visibility_is_a_located_error(check):
    result = check("network: alexnet\nquestions:\n  - {ask: params, visibility: later}\n")
    assert result.exit_code == 2
    assert result.output.startswith("hw.yaml:3:31: 'visibility' is one of visible, hidden, "
                                    "after_due_date, after_published (Gradescope's)")
