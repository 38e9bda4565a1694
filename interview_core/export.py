"""The interview report as a file to keep or share: Markdown and PDF."""

from __future__ import annotations

import unicodedata

from interview_core.results import InterviewResults


def _quote(text: str) -> str:
    """User text inside Markdown, shown as typed: indented as a block, so nothing in it formats."""
    return "\n".join("    " + line for line in (text or "(no answer)").splitlines() or [""])


def results_markdown(results: InterviewResults) -> str:
    interview, report = results.interview, results.report
    lines = [f"# {interview.title}", ""]
    lines.append(
        f"Role: {interview.job_role} · level {interview.level} · {interview.interview_type} · {interview.difficulty}"
    )
    if report:
        lines += ["", f"## Overall score: {report.overall_score:.0f}/100", ""]
        if results.narrative:
            lines += [results.narrative.summary, ""] + [f"- {item}" for item in results.narrative.focus] + [""]
        lines += [f"- {name.replace('_', ' ')}: {score:.0f}" for name, score in results.criteria.items()]
        for title, items in (
            ("Strengths", report.strengths),
            ("Weaknesses", report.weaknesses),
            ("Recommendations", report.recommendations),
        ):
            if items:
                lines += ["", f"## {title}", ""] + [f"- {item}" for item in items]
        if results.weakest_skills:
            lines += ["", f"Weakest skills: {', '.join(results.weakest_skills)}"]
        lines += ["", f"Scored by {report.engine} ({report.engine_version})."]
    for outcome in results.outcomes:
        lines += ["", f"## Question {outcome.number}", "", outcome.question.text, ""]
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
        lines += [f"- {name.replace('_', ' ')}: {c.score:.0f} — {c.reason}" for name, c in evaluation.criteria.items()]
        if evaluation.evidence:
            lines += ["", "Evidence:"] + [f"- {e.key_point}: “{e.quote}”" for e in evaluation.evidence]
        if evaluation.missed_key_points:
            lines += ["", "Missed:"] + [
                f"- {point} ({evaluation.missed_reasons.get(point, 'not addressed')})"
                for point in evaluation.missed_key_points
            ]
        lines += ["", "Model answer outline:"] + [f"- {point}" for point in outcome.question.key_points]
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
        if line.startswith("# "):
            pdf.set_font("Helvetica", "B", 16)
            text = line[2:]
        elif line.startswith("## "):
            pdf.set_font("Helvetica", "B", 12)
            text = line[3:]
        elif line.startswith("    "):
            pdf.set_font("Courier", "", 9)
            text = line[4:]
        else:
            pdf.set_font("Helvetica", "", 10)
            text = line
        pdf.multi_cell(width, 5, _latin1(text) or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
