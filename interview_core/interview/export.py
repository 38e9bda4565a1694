"""The interview report as a file to keep or share: Markdown and PDF."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from interview_core.interview.results import NO_SCORE_COLOUR, SCORE_COLOUR, InterviewResults, QuestionOutcome
from interview_core.scoring.model_answer import model_answer
from interview_core.text_safety import displayable, markdown_text, unescape_markdown


def _quote(text: str) -> str:
    """User text inside Markdown, shown as typed: indented as a block, so nothing in it formats."""
    return "\n".join("    " + line for line in displayable(text or "(no answer)").splitlines() or [""])


def results_markdown(results: InterviewResults) -> str:
    """The report as Markdown. Every text a person or a model wrote (title, role, questions,
    quotes, feedback) goes through `markdown_text`: shown as written, never as a link, an image
    or HTML."""
    md = markdown_text
    interview, report = results.interview, results.report
    lines = [f"# {md(interview.title)}", ""]
    kind = f"level {interview.level} · {interview.interview_type} · {interview.difficulty}"
    lines.append(f"Role: {md(interview.job_role)} · {kind}")
    if report:
        lines += ["", f"## Overall score: {report.overall_score:.0f}/100", ""]
        if results.narrative:
            lines += [md(results.narrative.summary), ""] + [f"- {md(item)}" for item in results.narrative.focus] + [""]
        lines += [f"- {name.replace('_', ' ')}: {score:.0f}" for name, score in results.criteria.items()]
        for title, items in (
            ("Strengths", report.strengths),
            ("Weaknesses", report.weaknesses),
            ("Recommendations", report.recommendations),
        ):
            if items:
                lines += ["", f"## {title}", ""] + [f"- {md(item)}" for item in items]
        if results.weakest_skills:
            lines += ["", f"Weakest skills: {md(', '.join(results.weakest_skills))}"]
        lines += ["", f"Scored by {md(report.engine)} ({md(report.engine_version)})."]
        if results.scoring_limits:
            lines += ["", md(results.scoring_limits)]
    for outcome in results.outcomes:
        lines += ["", f"## {outcome.title}", "", md(outcome.question.text), ""]
        lines += _outcome_lines(outcome)
        strong = model_answer(outcome.question)
        if strong is not None:
            lines += ["", "A strong answer, as a candidate might say it:", "", md(strong.text)]
        lines += ["", "The points a strong answer makes:" if strong else "Model answer outline:"]
        lines += [f"- {md(point)}" for point in outcome.question.key_points]
    return "\n".join(lines) + "\n"


def _outcome_lines(outcome: QuestionOutcome) -> list[str]:
    """The candidate's answer to one question and how it was scored."""
    md = markdown_text
    answer = outcome.answer
    if answer is None or answer.skipped:
        return ["Not answered."]
    lines = ["Your answer:", "", _quote(answer.text), ""]
    evaluation = outcome.evaluation
    if evaluation is None:
        return [*lines, "Not scored yet."]
    lines.append(f"Score: {evaluation.score:.0f}/100")
    lines += [f"- {name.replace('_', ' ')}: {c.score:.0f} — {md(c.reason)}" for name, c in evaluation.criteria.items()]
    if evaluation.evidence:
        lines += ["", "Evidence:"] + [f"- {md(e.key_point)}: “{md(e.quote)}”" for e in evaluation.evidence]
    if evaluation.missed_key_points:
        lines += ["", "Missed:"] + [
            f"- {md(point)} ({md(evaluation.missed_reasons.get(point, 'not addressed'))})"
            for point in evaluation.missed_key_points
        ]
    if evaluation.improvements:
        lines += ["", "To improve this answer:"] + [f"- {md(tip)}" for tip in evaluation.improvements]
    return lines


_REPLACEMENTS = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "…": "...",
        "·": "-",
        "→": "->",
        "≤": "<=",
        "≥": ">=",
        "•": "-",
    }
)


def _latin1(text: str) -> str:
    """The PDF's built-in fonts cover Latin-1 only: fold the rest to close ASCII."""
    text = text.translate(_REPLACEMENTS)
    text = unicodedata.normalize("NFKD", text)
    return text.encode("latin-1", "replace").decode("latin-1")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


_BLUE, _GREY, _INK, _FAINT = _rgb(SCORE_COLOUR), _rgb(NO_SCORE_COLOUR), (49, 51, 63), (229, 231, 235)


def _criteria_chart(pdf: Any, criteria: dict[str, float], left: float, top: float, size: float) -> None:
    """The criteria as a radar, as on the results page: a ring per 25 points, a spoke and a name per
    criterion, the scores as a filled shape."""
    names = list(criteria)
    if len(names) < 3:
        return
    cx, cy, radius = left + size / 2, top + size / 2 + 3, size / 2 - 12

    def point(index: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * index / len(names)  # the first at the top, clockwise
        return cx + radius * value / 100 * math.cos(angle), cy - radius * value / 100 * math.sin(angle)

    pdf.set_font("Helvetica", "B", 10)
    pdf.set_text_color(*_INK)
    pdf.text(left, top + 3, "Scores by criterion")
    pdf.set_draw_color(*_FAINT)
    pdf.set_line_width(0.2)
    for ring in (25, 50, 75, 100):
        pdf.polygon([point(i, ring) for i in range(len(names))], style="D")
    pdf.set_font("Helvetica", "", 7)
    for i, name in enumerate(names):
        pdf.line(cx, cy, *point(i, 100))
        x, y = point(i, 112)
        label = _latin1(f"{name.replace('_', ' ').capitalize()} {criteria[name]:.0f}")
        span = pdf.get_string_width(label)
        # Names on the right start at their spoke, on the left end at it: never over the chart.
        start = x if x > cx + 1 else x - span if x < cx - 1 else x - span / 2
        pdf.text(start, y + 1, label)
    pdf.set_draw_color(*_BLUE)
    pdf.set_fill_color(191, 208, 249)
    pdf.set_line_width(0.5)
    pdf.polygon([point(i, max(0.0, min(100.0, criteria[n]))) for i, n in enumerate(names)], style="DF")


def _question_chart(pdf: Any, results: InterviewResults, left: float, top: float, width: float, height: float) -> None:
    """A bar per question with its score on it; a question without a score gets a grey stub and
    says why (skipped, not answered), never a 0."""
    outcomes = results.outcomes
    if not outcomes:
        return
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_text_color(*_INK)
    pdf.text(left, top + 3, "Score per question")
    base, plot = top + height - 6, height - 16
    pdf.set_draw_color(*_FAINT)
    pdf.set_line_width(0.2)
    pdf.set_font("Helvetica", "", 7)
    for level in (0, 50, 100):
        y = base - plot * level / 100
        pdf.line(left + 7, y, left + width, y)
        pdf.text(left, y + 1, str(level))
    slot = (width - 8) / len(outcomes)
    bar = min(14.0, slot * 0.6)
    for index, outcome in enumerate(outcomes):
        x = left + 8 + slot * index + (slot - bar) / 2
        evaluation = outcome.evaluation
        if evaluation is None:
            pdf.set_fill_color(*_GREY)
            pdf.rect(x, base - 1.5, bar, 1.5, style="F")
            note = "skipped" if outcome.answer and outcome.answer.skipped else "no answer"
        else:
            value = max(0.0, min(100.0, evaluation.score))
            pdf.set_fill_color(*_BLUE)
            if value:
                pdf.rect(x, base - plot * value / 100, bar, plot * value / 100, style="F")
            note = f"{evaluation.score:.0f}"
        y_note = base - plot * (evaluation.score if evaluation else 0) / 100 - 1.5
        pdf.text(x + bar / 2 - pdf.get_string_width(note) / 2, min(y_note, base - 3), note)
        label = f"Q{outcome.number}" + ("+" if outcome.question.follow_up_of else "")
        pdf.text(x + bar / 2 - pdf.get_string_width(label) / 2, base + 4, label)


def results_pdf(results: InterviewResults) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for line in results_markdown(results).splitlines():
        # The answer's indented block is literal Markdown, as typed; every other line is escaped
        # Markdown, shown here as the text it stands for.
        if line.startswith("# "):
            pdf.set_font("Helvetica", "B", 16)
            text = unescape_markdown(line[2:])
        elif line.startswith("## "):
            pdf.set_font("Helvetica", "B", 12)
            text = unescape_markdown(line[3:])
        elif line.startswith("    "):
            pdf.set_font("Helvetica", "I", 10)  # the candidate's own words, as typed
            text = line[4:]
        else:
            pdf.set_font("Helvetica", "", 10)
            text = unescape_markdown(line)
        pdf.multi_cell(width, 5, _latin1(text) or " ", new_x="LMARGIN", new_y="NEXT", align="L")
        if line.startswith("## Overall score"):  # the charts follow it, as on the results page
            top = pdf.get_y() + 2
            _criteria_chart(pdf, results.criteria, pdf.l_margin, top, 78)
            _question_chart(pdf, results, pdf.l_margin + 86, top, width - 86, 70)
            pdf.set_text_color(*_INK)
            pdf.set_y(top + 80)
    return bytes(pdf.output())
