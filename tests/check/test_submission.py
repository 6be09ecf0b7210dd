"""`check ANSWERS --questions QUESTIONS`: only the student's answers count; the teacher's file
says what is asked, the tolerance, the points and what is accepted."""

from __future__ import annotations

import textwrap

from click.testing import CliRunner

from cnncalc.cli import main

QUESTIONS = """
    network: alexnet
    questions:
      - {id: a, layer: conv1, ask: params, points: 2}
      - {id: b, layer: conv1, ask: output_shape}
      - {id: c, ask: params}
"""


def run(tmp_path, answers: str, *extra: str):
    (tmp_path / "hw.yaml").write_text(textwrap.dedent(QUESTIONS))
    (tmp_path / "mine.yaml").write_text(textwrap.dedent(answers))
    return CliRunner().invoke(main, ["check", str(tmp_path / "mine.yaml"), "--questions",
                                     str(tmp_path / "hw.yaml"), "--json", *extra])


def test_answers_by_id_are_graded_against_the_teachers_questions(tmp_path):
    import json
    result = run(tmp_path, f"""
        student: Ada
        answers:
          a: {(11 * 11 * 3 + 1) * 96}
          b: 55x55x96
    """)
    data = json.loads(result.output)
    assert result.exit_code == 1                       # c is unanswered
    assert [q["correct"] for q in data["results"]] == [True, True, False]
    assert data["score"] == 2 + 1 and data["student"] == "Ada"


def test_an_edited_copy_cannot_change_points_tolerance_or_accept(tmp_path):
    import json
    result = run(tmp_path, f"""
        accept: [no_bias]
        tolerance: 50%
        questions:
          - {{id: a, layer: conv1, ask: params, points: 100, answer: {11 * 11 * 3 * 96}}}
          - {{id: b, layer: conv2, ask: output_shape, answer: 55x55x96}}
          - {{id: c, ask: params, answer: 1}}
    """)
    data = json.loads(result.output)
    assert [q["correct"] for q in data["results"]] == [False, True, False]
    assert data["max_score"] == 2 + 1 + 1


def test_an_answer_to_no_question_is_a_located_error(tmp_path):
    result = run(tmp_path, "answers:\n  zz: 3\n")
    assert result.exit_code == 2
    assert "mine.yaml:2:7: there is no question 'zz'" in result.output
