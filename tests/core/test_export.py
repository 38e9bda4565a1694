from interview_core.domain import InterviewSetup
from interview_core.engines.offline import OfflineEngine
from interview_core.interview.export import results_markdown, results_pdf
from interview_core.interview.flow import finish_interview, plan_interview, skip_question, submit_answer
from interview_core.interview.results import load_results
from interview_core.questions.bank import load_bank
from interview_core.scoring.evaluator import OFFLINE_LIMITS
from interview_core.storage import repository
from interview_core.text_safety import markdown_text

ANSWER = "# Not a heading\nAn index — a B-tree 🌲 — lets the database find rows without scanning, so reads are fast."


def scored_results(database):
    engine = OfflineEngine()
    with database.session() as session:
        owner = repository.local_user(session=session).id
        interview = plan_interview(
            session=session,
            engine=engine,
            owner_id=owner,
            seed=3,
            setup=InterviewSetup(job_role="Backend Engineer", question_count=3),
        )
        first, second, _ = repository.list_questions(session=session, owner_id=owner, interview_id=interview.id)
        submit_answer(session=session, engine=engine, owner_id=owner, question_id=first.id, text=ANSWER)
        skip_question(session=session, owner_id=owner, question_id=second.id)
        finish_interview(session=session, engine=engine, owner_id=owner, interview_id=interview.id)
        return load_results(session=session, owner_id=owner, interview_id=interview.id)


def test_markdown_report_has_scores_answers_and_outline(database) -> None:
    results = scored_results(database)
    text = results_markdown(results)
    assert f"## Overall score: {results.report.overall_score:.0f}/100" in text
    # The answer is an indented block: its "#" cannot become a heading.
    assert "    # Not a heading" in text and "\n# Not a heading" not in text
    assert text.count("Not answered.") == 2  # one skipped, one never reached
    # Every bank question's model answer, skipped ones too, then the points it makes.
    assert text.count("A strong answer, as a candidate might say it:") == 3
    skipped = load_bank().get(results.outcomes[1].question.bank_id or "")
    assert skipped is not None and markdown_text(skipped.model_answer) in text
    assert text.count("The points a strong answer makes:") == 3
    for point in results.outcomes[0].question.key_points:
        assert f"- {point}" in text
    # What an offline score can get wrong, said beside it.
    assert markdown_text(OFFLINE_LIMITS) in text
    # What to do about the answer, as the results page says it.
    tips = results.outcomes[0].evaluation.improvements
    assert tips and "To improve this answer:\n" + "\n".join(f"- {markdown_text(t)}" for t in tips) in text


def test_pdf_report_has_the_charts_and_readable_type(database) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    pdf = results_pdf(scored_results(database))
    first = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "Scores by criterion" in first and "Score per question" in first
    assert "skipped" in first and "no answer" in first  # the unscored bars say why, not 0
    assert b"/Courier" not in pdf  # answers are no longer set in Courier


def test_pdf_report_is_a_pdf_even_with_characters_outside_latin1(database) -> None:
    pdf = results_pdf(scored_results(database))
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 1500
