"""Results: the report, charts and every answer with its scores, evidence and missed points."""

import streamlit as st

from interview_core.account import charts
from interview_core.domain import without_fallback_note
from interview_core.errors import CoachError
from interview_core.interview.export import results_markdown, results_pdf
from interview_core.interview.flow import load_progress, practice_again
from interview_core.interview.results import attempt_comparison, load_results, score_and_report, spoken_sentences
from interview_core.scoring.model_answer import model_answer
from pages.common import (
    INTERVIEW_PAGE,
    RESULTS_PAGE,
    current_owner_id,
    database_session,
    end_and_show_results,
    follow_navigation,
    highlighted,
    navigate_to,
    plain,
    require_interview_in_url,
    services,
    through_the_app,
)

through_the_app(RESULTS_PAGE)

st.title("Results")
follow_navigation()
owner_id = current_owner_id()
interview_id = require_interview_in_url("Choose an interview in History, or start a new one.")

with database_session() as session:
    progress = load_progress(session=session, owner_id=owner_id, interview_id=interview_id)
if progress.still_going:
    # Opening the results is not ending the interview: that is the candidate's choice.
    st.info(
        f"This interview is still going: {progress.attempted} of {len(progress.main_questions)} questions answered."
    )
    go_on, end = st.columns([1, 1])
    go_on.button(
        "Continue the interview",
        type="primary",
        key="results_continue",
        on_click=navigate_to,
        args=(INTERVIEW_PAGE, interview_id),
    )
    end.button(
        "End it here and see my results",
        key="results_end",
        on_click=end_and_show_results,
        args=(owner_id, interview_id),
    )
    st.stop()

with database_session() as session:
    results = load_results(session=session, owner_id=owner_id, interview_id=interview_id)
    if results.needs_scoring:
        # Scoring takes a moment per answer: show it happening rather than a frozen page, then
        # clear it (a finished "Scored" box above the results said nothing).
        working = st.empty()
        with working.status("Scoring your answers…", expanded=True) as status:
            results = score_and_report(
                session=session,
                engine=services().engine,
                owner_id=owner_id,
                interview_id=interview_id,
                on_progress=lambda done, total: status.write(f"Scored answer {done} of {total}"),
                on_report=lambda: status.write("Writing the report…"),
            )
        working.empty()

interview, report = results.interview, results.report
st.subheader(plain(interview.title))
if interview.question_note:
    st.info(plain(interview.question_note), icon=":material/cloud_off:")
top = st.columns(5)
top[0].metric("Overall score", f"{report.overall_score:.0f}/100")
answered = sum(1 for o in results.outcomes if o.evaluation is not None)
top[1].metric("Answered", f"{answered} of {len(results.outcomes)}")
# Delivery sits beside the score, never inside it.
delivery = results.delivery


def _rate(key: str, digits: int = 1) -> str:
    return f"{delivery[key]:.{digits}f}" if key in delivery else "—"


top[2].metric("Fillers per 100 words", _rate("fillers_per_100_words"))
top[3].metric("Hedges per 100 words", _rate("hedges_per_100_words"), help="“I think”, “maybe”, “probably”…")
top[4].metric("Pace (wpm)", _rate("words_per_minute", 0), help="Measured from speech; typed answers have no pace.")

left, right = st.columns(2)
if results.criteria:
    left.plotly_chart(charts.criteria_radar(results.criteria), key="results_radar")
right.plotly_chart(
    charts.question_scores(
        [f"Q{o.number}" + (" follow-up" if o.question.follow_up_of else "") for o in results.outcomes],
        [o.evaluation.score if o.evaluation else None for o in results.outcomes],
        ["skipped" if o.answer and o.answer.skipped else "not answered" for o in results.outcomes],
    ),
    key="results_bars",
)

if results.narrative:
    with st.container(border=True, key="results_narrative"):
        st.markdown(plain(results.narrative.summary))
        for item in results.narrative.focus:
            st.markdown(f"- {plain(item)}")
        st.caption(f"Debrief written by {results.narrative.model} (prompt {results.narrative.prompt_version}).")

columns = st.columns(3)
for column, title, items in zip(
    columns,
    ("Strengths", "To work on", "What to practise next"),
    (report.strengths, report.weaknesses, report.recommendations),
    strict=True,
):
    column.markdown(f"**{title}**")
    for item in items or ["—"]:
        column.markdown(f"- {plain(item)}")
if results.weakest_skills:
    st.markdown("**Weakest skills:** " + ", ".join(plain(s) for s in results.weakest_skills))
st.caption(f"Scored by {report.engine} ({report.engine_version}). Delivery metrics are shown apart from the score.")
if results.scoring_limits:
    st.caption(results.scoring_limits)
fell_back = sum(1 for o in results.outcomes if o.evaluation and o.evaluation.fallback_reason)
if fell_back:
    st.warning(
        f"{fell_back} answer(s) were scored offline because Gemini was unavailable; each says why below.",
        icon=":material/cloud_off:",
    )
usage = results.usage
if usage.calls:
    cost = "unknown price" if usage.estimated_cost_usd is None else f"about ${usage.estimated_cost_usd:.4f}"
    st.caption(
        f"Gemini: {usage.calls} call(s), {usage.failed_calls} failed · {usage.input_tokens:,} input and "
        f"{usage.output_tokens:,} output tokens · {usage.seconds:.1f} s · estimated cost {cost} "
        "(paid-tier list price)."
    )

for outcome in results.outcomes:
    evaluation, answer = outcome.evaluation, outcome.answer
    score = (
        f"{evaluation.score:.0f}/100" if evaluation else ("skipped" if answer and answer.skipped else "not answered")
    )
    label = f"Question {outcome.number}" + (" · follow-up" if outcome.question.follow_up_of else "")
    with st.expander(f"{label} — {score}", expanded=False):
        st.markdown(f"**{plain(outcome.question.text)}**")
        if evaluation and evaluation.fallback_reason:
            st.warning(plain(evaluation.fallback_reason), icon=":material/cloud_off:")
        if answer and answer.media_ref:
            try:
                # Cloudinary: a signed link that expires in minutes; the local folder: the bytes.
                url = services().media.playback_url(owner_id=owner_id, reference=answer.media_ref)
                recording = url or services().media.load(owner_id=owner_id, reference=answer.media_ref)
                seek = int(st.session_state.get(f"results_seek_{answer.id}", 0))
                if answer.media_ref.endswith(".webm"):
                    st.video(recording, format="video/webm", start_time=seek)
                else:
                    st.audio(recording, format="audio/wav", start_time=seek)
                sentences = spoken_sentences(answer.spoken_words)
                if sentences:
                    with st.popover("Jump to a sentence", icon=":material/subtitles:"):
                        for n, (start, sentence) in enumerate(sentences):
                            minutes, seconds = divmod(int(start), 60)
                            st.button(
                                f"{minutes}:{seconds:02d} — {plain(sentence[:90])}",
                                key=f"results_jump_{answer.id}_{n}",
                                type="tertiary",
                                on_click=st.session_state.__setitem__,
                                args=(f"results_seek_{answer.id}", start),
                            )
            except CoachError as error:
                st.caption(str(error))
        if answer and not answer.skipped:
            quotes = [e.quote for e in evaluation.evidence] if evaluation else []
            st.markdown(highlighted(answer.text, quotes))
        if evaluation and outcome.earlier and outcome.earlier_at:
            st.markdown("**Compared with your earlier attempt**")
            st.dataframe(
                [
                    {"": name, f"{outcome.earlier_at:%d %b %Y}": was, "this time": now}
                    for name, was, now in attempt_comparison(outcome.earlier, evaluation)
                ],
                hide_index=True,
                key=f"results_compare_{outcome.question.id}",
            )
        if evaluation:
            st.dataframe(
                [
                    {"criterion": n.replace("_", " "), "score": c.score, "why": c.reason}
                    for n, c in evaluation.criteria.items()
                ],
                hide_index=True,
                key=f"results_criteria_{outcome.question.id}",
            )
            # The fallback reason is shown above; the feedback repeats it for the downloaded report.
            st.markdown(plain(without_fallback_note(evaluation.feedback, evaluation.fallback_reason)))
            for item in evaluation.evidence:
                st.markdown(f":green[:material/check_circle:] {plain(item.key_point)} — “{plain(item.quote)}”")
            for point in evaluation.missed_key_points:
                reason = evaluation.missed_reasons.get(point, "Not addressed.")
                st.markdown(f":red[:material/cancel:] {plain(point)} — {plain(reason)}")
            if evaluation.improvements:
                st.markdown("**To improve this answer**")
                for tip in evaluation.improvements:
                    st.markdown(f"- {plain(tip)}")
            d = evaluation.delivery
            st.caption(
                f"Delivery: {d.get('word_count', 0)} words, {d.get('fillers_per_100_words', 0):.1f} fillers and "
                f"{d.get('hedges_per_100_words', 0):.1f} hedges per 100 words, length {d.get('length_verdict') or '—'}."
            )
        strong = model_answer(outcome.question)
        if strong is not None:
            with st.container(border=True, key=f"results_model_answer_{outcome.question.id}"):
                st.markdown("**A strong answer, as a candidate might say it**")
                st.markdown(highlighted(strong.text, list(strong.marked)))
                st.caption("Marked: where it makes each of the points below.")
        st.markdown("**The points a strong answer makes**" if strong else "**A better answer would**")
        for point in (evaluation.model_answer if evaluation else None) or outcome.question.key_points:
            st.markdown(f"- {plain(point)}")
        if st.button("Practice this question again", key=f"results_again_{outcome.question.id}"):
            with database_session() as session:
                again = practice_again(session=session, owner_id=owner_id, question_id=outcome.question.id)
            st.switch_page(INTERVIEW_PAGE, query_params={"interview": str(again.id)})

if results.conversation:
    with st.expander(f"The conversation ({len(results.conversation)} turns)", icon=":material/forum:"):
        for turn in results.conversation:
            speaker = "**Interviewer:**" if turn.speaker == "interviewer" else "**You:**"
            st.markdown(f"{turn.created_at:%H:%M:%S} {speaker} {plain(turn.text)}")

name = f"interview-{interview.id}-report"
left, right = st.columns(2)
# Built only when clicked: the PDF takes longer than the rest of the page.
left.download_button(
    "Download report (Markdown)",
    lambda: results_markdown(results),
    f"{name}.md",
    "text/markdown",
    key="results_markdown",
)
right.download_button(
    "Download report (PDF)", lambda: results_pdf(results), f"{name}.pdf", "application/pdf", key="results_pdf"
)
