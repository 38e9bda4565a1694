"""The interview: one question at a time, typed or spoken answers, saved the moment they exist."""

import time

import streamlit as st
import streamlit.components.v1 as components

from interview_core.domain import InterviewMode, InterviewStatus, QuestionType
from interview_core.errors import CoachError
from interview_core.practice import as_draft, end_interview, load_progress, skip_question, submit_answer
from pages.common import (
    RESULTS_PAGE,
    current_owner_id,
    plain,
    read_aloud_html,
    require_interview_in_url,
    services,
)
from pages.voice_answer import discard_voice, voice_answer

st.title("Interview")
owner_id = current_owner_id()
settings = services().settings
interview_id = require_interview_in_url("No interview is open. Set one up first.")

try:
    with services().database.session() as session:
        progress = load_progress(session=session, owner_id=owner_id, interview_id=interview_id)
except CoachError as error:
    st.error(str(error))
    st.stop()

interview = progress.interview
retry_id = st.session_state.get("interview_retry_question")
index = next((i for i, q in enumerate(progress.questions) if q.id == retry_id), None)
if index is None:
    index = progress.current_index
total = len(progress.questions)

last = st.session_state.get("interview_last_feedback")
if last and last["interview"] == interview_id:
    with st.container(border=True, key="interview_feedback"):
        st.markdown(f"**Previous answer: {last['score']:.0f}/100.** {plain(last['feedback'])}")
        if last.get("fallback"):
            st.caption(f":material/cloud_off: {plain(last['fallback'])}")
        if interview.mode == InterviewMode.PRACTICE and st.button("Try that question again", key="interview_retry"):
            st.session_state.interview_retry_question = last["question"]
            st.session_state.interview_last_feedback = None
            st.rerun()

if index is None or interview.status == InterviewStatus.COMPLETED:
    if progress.current_index is None:
        st.success(f"All {total} questions have an answer or were skipped.")
    else:
        st.info(f"You ended this interview after {progress.attempted} of {total} questions.")
    if st.button("See my results", type="primary", key="interview_results"):
        st.switch_page(RESULTS_PAGE, query_params={"interview": str(interview_id)})
    st.stop()

question = progress.questions[index]
if interview.question_note and index == 0:
    st.info(plain(interview.question_note), icon=":material/cloud_off:")
st.progress(index / total, text=f"Question {index + 1} of {total} · {interview.mode} mode")
if question.follow_up_of is not None:
    st.caption(":material/subdirectory_arrow_right: A follow-up on your last answer")
st.caption(f"{question.question_type.replace('_', ' ').capitalize()} · {question.difficulty}")
st.markdown(f"### {plain(question.text)}")

# When the question was first shown in this browser session: the timer and time taken use it.
started = st.session_state.setdefault(f"interview_started_{question.id}", time.time())
services().engine.prepare(as_draft(question))  # encode its key points while the candidate thinks


@st.fragment(run_every=1)
def timer() -> None:
    left = question.time_allocation_s - (time.time() - started)
    minutes, seconds = divmod(int(abs(left)), 60)
    if left >= 0:
        st.caption(f":material/timer: {minutes}:{seconds:02d} left")
    else:
        st.caption(f":red[:material/timer: {minutes}:{seconds:02d} over time]")


timer()

if interview.interviewer_voice:
    components.html(read_aloud_html(question.text), height=40)

if interview.mode == InterviewMode.PRACTICE:
    with st.expander("Hint: what a strong answer covers"):
        for point in question.key_points:
            st.markdown(f"- {plain(point)}")

coding = question.question_type == QuestionType.CODING
voice = None
if interview.audio_enabled and not coding:
    voice = voice_answer(
        question,
        owner_id,
        tech_stack=list(interview.tech_stack),
        echo_cancellation=interview.interviewer_voice,
        video=interview.video_enabled,
    )

answer = st.text_area(
    "Your answer" + (" (code or pseudo-code; indentation is kept)" if coding else ""),
    key=f"interview_answer_{question.id}",
    height=320 if coding else 220,
)
if coding and answer.strip():
    with st.expander("Preview as code"):
        st.code(answer)

if voice and voice.get("ref"):
    # A callback: it runs before the next run draws the answer box, so it may empty it.
    st.button(
        "Discard the recording and start again", key="interview_discard", on_click=discard_voice, args=(question.id,)
    )

submit, skip, end = st.columns([2, 1, 1])
if submit.button("Submit answer", type="primary", key="interview_submit"):
    if not answer.strip():
        st.warning("Write an answer first, or press Skip.")
    else:
        try:
            with st.spinner("Saving and scoring…"), services().database.session() as session:
                saved = submit_answer(
                    session=session,
                    engine=services().engine,
                    owner_id=owner_id,
                    question_id=question.id,
                    text=answer,
                    time_taken_s=round(time.time() - started, 1),
                    media_ref=voice["ref"] if voice else None,
                    timed_words=voice["words"] if voice else (),
                    is_transcript=bool(voice and voice.get("ref")),
                    follow_ups=settings.max_follow_ups if settings.follow_ups else 0,
                )
            st.session_state.interview_retry_question = None
            st.session_state.interview_last_feedback = (
                {
                    "interview": interview_id,
                    "question": question.id,
                    "score": saved.score,
                    "feedback": saved.feedback.removeprefix(saved.fallback_reason).strip(),
                    "fallback": saved.fallback_reason,
                }
                if saved.score is not None
                else None
            )
            st.rerun()
        except CoachError as error:
            st.error(str(error))
if skip.button("Skip", key="interview_skip"):
    with services().database.session() as session:
        skip_question(session=session, owner_id=owner_id, question_id=question.id)
    st.session_state.interview_retry_question = None
    st.rerun()
if end.button("End interview", key="interview_end"):
    with services().database.session() as session:
        end_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    st.switch_page(RESULTS_PAGE, query_params={"interview": str(interview_id)})
