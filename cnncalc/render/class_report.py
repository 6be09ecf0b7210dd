"""The class report: what a lecturer reads before the next class, as Markdown or one HTML page.

Per question: how many students answered it right (the success rate over the submissions that
could be read), the right value, and the most common wrong answers — each by the slip it matches
(``no_bias``, ``groups_ignored`` + ``no_bias``…, from `QuestionResult.slips`) or, when none does,
by the answer itself — with how many students gave it; answers that scored through ``accept:``
are counted apart. Then the score distribution (min, median, mean, max and a histogram in tenths
of the maximum) and the submissions that could not be read, with their messages.

The report is for the teacher: it shows right values. Its data (`class_report`) is plain;
`report_markdown` and `report_html` render it, every text through `markdown_cell` or `html`.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from ..check.classroom import ClassGrading
from ..check.grade import points_text
from ..check.slips import Slip
from .escape import html, markdown_cell

TOP_WRONG = 5
BINS = 10
BAR = 30
UNANSWERED = "no answer given"


@dataclass(frozen=True)
class WrongAnswer:
    label: str
    """``no_bias`` / ``groups_ignored + no_bias`` (a slip), else the answer as written."""
    is_slip: bool
    students: int


@dataclass(frozen=True)
class QuestionStats:
    id: str
    text: str
    max_points: int | float
    right_value: str | None
    graded: int
    """Submissions that could be read."""
    right: int
    unanswered: int
    wrong: tuple[WrongAnswer, ...]
    """The most common wrong answers, most frequent first (at most `TOP_WRONG`)."""
    other_wrong: int
    """Wrong answers beyond those listed."""
    accepted: tuple[WrongAnswer, ...]
    """Answers that scored through ``accept:``, by slip."""

    @property
    def success_rate(self) -> float | None:
        return self.right / self.graded if self.graded else None


@dataclass(frozen=True)
class ScoreStats:
    count: int
    max_score: int | float
    minimum: float
    median: float
    mean: float
    maximum: float
    histogram: tuple[int, ...]
    """Students per tenth of the maximum score: [0, 10 %), … [90 %, 100 %]."""


@dataclass(frozen=True)
class ClassReport:
    title: str
    submissions: int
    questions: tuple[QuestionStats, ...]
    scores: ScoreStats | None
    malformed: tuple[tuple[str, str, str], ...]
    """(student, file, message) of each submission that could not be read."""
    slips: tuple[tuple[str, str], ...] = ()
    """(name, what it means) of every slip the report names, in the slip table's order."""


def class_report(grading: ClassGrading) -> ClassReport:
    graded = [entry.grading for entry in grading.submissions if entry.grading is not None]
    per_question = []
    for index, qid in enumerate(grading.question_ids):
        results = [g.results[index] for g in graded if index < len(g.results)]
        wrong = Counter()
        accepted = Counter()
        slip_labels = set()
        for result in results:
            if result.correct:
                if result.slips:
                    accepted[" + ".join(result.slips)] += 1
                continue
            if result.answer is None:
                continue
            label = " + ".join(result.slips) if result.slips else result.answer
            if result.slips:
                slip_labels.add(label)
            wrong[label] += 1
        listed = wrong.most_common(TOP_WRONG)
        first = results[0] if results else None
        per_question.append(QuestionStats(
            id=qid, text=first.text if first else qid, max_points=grading.max_points[qid],
            right_value=first.right if first else None, graded=len(results),
            right=sum(result.correct for result in results),
            unanswered=sum(result.answer is None for result in results),
            wrong=tuple(WrongAnswer(label, label in slip_labels, count)
                        for label, count in listed),
            other_wrong=sum(wrong.values()) - sum(count for _, count in listed),
            accepted=tuple(WrongAnswer(label, True, count)
                           for label, count in accepted.most_common())))
    named = {name for stats in per_question for answer in (*stats.wrong, *stats.accepted)
             if answer.is_slip for name in answer.label.split(" + ")}
    return ClassReport(
        slips=tuple((slip.value, slip.text) for slip in Slip if slip.value in named),
        title=grading.title or grading.questions_file, submissions=len(grading.submissions),
        questions=tuple(per_question), scores=score_stats([g.score for g in graded],
                                                          grading.max_score),
        malformed=tuple((entry.student, entry.file, entry.error or "")
                        for entry in grading.malformed))


def score_stats(scores: list, max_score: int | float) -> ScoreStats | None:
    """min/median/mean/max and the histogram in tenths of `max_score` (a full score in the
    last bin)."""
    if not scores:
        return None
    bins = [0] * BINS
    for score in scores:
        share = score / max_score if max_score else 1.0
        bins[min(int(share * BINS), BINS - 1)] += 1
    return ScoreStats(count=len(scores), max_score=max_score, minimum=min(scores),
                      median=statistics.median(scores), mean=statistics.fmean(scores),
                      maximum=max(scores), histogram=tuple(bins))


def number(value: float) -> str:
    """``7``, ``7.5``, ``7.33``."""
    return f"{round(value, 2):g}"


def rate_text(stats: QuestionStats) -> str:
    if stats.success_rate is None:
        return "—"
    return f"{stats.right}/{stats.graded} ({stats.success_rate:.0%})"


def wrong_text(answer: WrongAnswer) -> str:
    return f"{answer.label} ×{answer.students}" if answer.is_slip else \
        f"“{answer.label}” ×{answer.students}"


def histogram_lines(scores: ScoreStats) -> list[str]:
    """`` 0– 10%    2 ██`` per bin, bars scaled to the fullest bin."""
    most = max(scores.histogram) or 1
    lines = []
    for index, count in enumerate(scores.histogram):
        low, high = index * 100 // BINS, (index + 1) * 100 // BINS
        bar = "█" * round(count * BAR / most)
        lines.append(f"{low:3d}–{high:3d}% {count:4d} {bar}".rstrip())
    return lines


def summary_line(scores: ScoreStats) -> str:
    return (f"{scores.count} graded, out of {points_text(scores.max_score)} points: min "
            f"{number(scores.minimum)}, median {number(scores.median)}, mean "
            f"{number(scores.mean)}, max {number(scores.maximum)}")


# --- Markdown -------------------------------------------------------------------------------

def report_markdown(report: ClassReport) -> str:
    md = markdown_cell
    lines = [f"# Class report: {md(report.title)}", "",
             f"{report.submissions} submissions, {len(report.malformed)} could not be read.", "",
             "## Questions", "",
             "| Q | Question | Right | Right value | Most common wrong answers "
             "| Scored by accept |",
             "|---|---|---|---|---|---|"]
    for stats in report.questions:
        wrong = [wrong_text(answer) for answer in stats.wrong]
        if stats.other_wrong:
            wrong.append(f"{stats.other_wrong} other")
        if stats.unanswered:
            wrong.append(f"{UNANSWERED} ×{stats.unanswered}")
        lines.append("| " + " | ".join([
            md(stats.id), md(stats.text), rate_text(stats), md(stats.right_value or "—"),
            md("; ".join(wrong) or "—"),
            md("; ".join(wrong_text(answer) for answer in stats.accepted) or "—")]) + " |")
    if report.slips:
        lines += ["", "The slips named: " + "; ".join(f"`{name}`: {md(text)}"
                                                      for name, text in report.slips) + "."]
    lines += ["", "## Scores", ""]
    if report.scores is None:
        lines.append("No submission could be graded.")
    else:
        lines += [summary_line(report.scores), "", "```", *histogram_lines(report.scores), "```"]
    if report.malformed:
        lines += ["", "## Submissions that could not be read", "", "| Student | File | Why |",
                  "|---|---|---|"]
        lines += [f"| {md(student)} | {md(file)} | {md(message)} |"
                  for student, file, message in report.malformed]
    return "\n".join(lines) + "\n"


# --- HTML -----------------------------------------------------------------------------------

STYLE = """body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f4f4f4}pre{background:#f8f8f8;padding:.6em}
.low{color:#a00;font-weight:bold}"""


def report_html(report: ClassReport) -> str:
    """One self-contained page: inline style, no script, every text escaped."""
    title = html(f"Class report: {report.title}")
    rows = []
    for stats in report.questions:
        wrong = [html(wrong_text(answer)) for answer in stats.wrong]
        if stats.other_wrong:
            wrong.append(f"{stats.other_wrong} other")
        if stats.unanswered:
            wrong.append(f"{UNANSWERED} ×{stats.unanswered}")
        low = stats.success_rate is not None and stats.success_rate < 0.5
        marked = ' class="low"' if low else ""
        rows.append(
            f"<tr><td>{html(stats.id)}</td><td>{html(stats.text)}</td>"
            f"<td{marked}>{html(rate_text(stats))}</td>"
            f"<td>{html(stats.right_value or '—')}</td><td>{'<br>'.join(wrong) or '—'}</td>"
            f"<td>{'<br>'.join(html(wrong_text(a)) for a in stats.accepted) or '—'}</td></tr>")
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>{title}</title><style>{STYLE}</style></head><body>",
             f"<h1>{title}</h1>",
             f"<p>{report.submissions} submissions, {len(report.malformed)} could not be "
             "read.</p>", "<h2>Questions</h2>",
             "<table><tr><th>Q</th><th>Question</th><th>Right</th><th>Right value</th>"
             "<th>Most common wrong answers</th><th>Scored by accept</th></tr>",
             *rows, "</table>"]
    if report.slips:
        parts.append("<p>The slips named: " + "; ".join(
            f"<code>{html(name)}</code>: {html(text)}" for name, text in report.slips) + ".</p>")
    parts.append("<h2>Scores</h2>")
    if report.scores is None:
        parts.append("<p>No submission could be graded.</p>")
    else:
        parts += [f"<p>{html(summary_line(report.scores))}</p>",
                  "<pre>" + html("\n".join(histogram_lines(report.scores))) + "</pre>"]
    if report.malformed:
        parts += ["<h2>Submissions that could not be read</h2>",
                  "<table><tr><th>Student</th><th>File</th><th>Why</th></tr>"]
        parts += [f"<tr><td>{html(s)}</td><td>{html(f)}</td><td>{html(m)}</td></tr>"
                  for s, f, m in report.malformed]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
