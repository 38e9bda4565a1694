"""The interview report as a file to keep or share: Markdown and PDF."""

from __future__ import annotations

import unicodedata

from interview_core.interview.results import InterviewResults
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
    for outcome in results.outcomes:
        lines += ["", f"## {outcome.title}", "", md(outcome.question.text), ""]
        answer = outcome.answer
        if answer is None or answer.skipped:
            lines.append("Not answered.")
            continue
        lines += ["Your answer:", "", _quote(answer.text), ""]
        evaluation = outcome.evaluation
        if evaluation is None:
            lines.append("Not scored yet.")
            continue
        lines.append(f"Score: {evaluation.score:.0f}/100")
        lines += [
            f"- {name.replace('_', ' ')}: {c.score:.0f} — {md(c.reason)}" for name, c in evaluation.criteria.items()
        ]
        if evaluation.evidence:
            lines += ["", "Evidence:"] + [f"- {md(e.key_point)}: “{md(e.quote)}”" for e in evaluation.evidence]
        if evaluation.missed_key_points:
            lines += ["", "Missed:"] + [
                f"- {md(point)} ({md(evaluation.missed_reasons.get(point, 'not addressed'))})"
                for point in evaluation.missed_key_points
            ]
        lines += ["", "Model answer outline:"] + [f"- {md(point)}" for point in outcome.question.key_points]
    return "\n".join(lines) + "\n"


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
            pdf.set_font("Courier", "", 9)
            text = line[4:]
        else:
            pdf.set_font("Helvetica", "", 10)
            text = unescape_markdown(line)
        pdf.multi_cell(width, 5, _latin1(text) or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
