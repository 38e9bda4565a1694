"""The interview: one question at a time, typed or spoken answers, saved the moment they exist."""

import threading
import time

import streamlit as st

from interview_core.domain import InterviewMode, InterviewStatus, QuestionType, without_fallback_note
from interview_core.errors import CoachError
from interview_core.interview.flow import as_draft, load_progress, skip_question, speaking_already, submit_answer
from interview_core.storage import repository
from interview_core.storage.models import row_id
from pages.common import (
    INTERVIEW_PAGE,
    RESULTS_PAGE,
    countdown_html,
    current_owner_id,
    database_session,
    draft_keeper_html,
    end_and_show_results,
    follow_navigation,
    navigate_to,
    plain,
    read_aloud_html,
    require_interview_in_url,
    services,
    through_the_app,
)
from pages.conversation_view import conversation_view
from pages.voice_answer import VoiceState, discard_voice, voice_answer

through_the_app(INTERVIEW_PAGE)

# Every action is a button callback. A callback runs before the script, so the action happens
# even when the run that follows is cut short by another rerun (a component reporting its state,
# say) before reaching the button's line: an `if st.button(...)` click could be lost that way
# under load, and the candidate left on a page that did not move.


def _retry(question_id: int) -> None:
    st.session_state.interview_retry_question = question_id
    st.session_state.interview_last_feedback = None
    st.session_state.interview_submitted = None


def _keep_draft(owner_id: int, question_id: int) -> None:
    """The answer box changed (it lost focus, or a button was pressed): keep it as the draft."""
    text = st.session_state.get(f"interview_answer_{question_id}", "")
    if st.session_state.get("interview_submitted") == (question_id, text):
        return  # the same click submitted it: it is the answer now, not a draft
    try:
        with services().database.session() as session:
            repository.save_draft(session=session, owner_id=owner_id, question_id=question_id, text=text)
    except CoachError as error:
        st.session_state.interview_notice = ("error", f"Your draft could not be saved: {error}")


st.title("Interview")
follow_navigation()
owner_id = current_owner_id()
interview_id = require_interview_in_url("No interview is open. Set one up first.")

with database_session() as session:
    progress = load_progress(session=session, owner_id=owner_id, interview_id=interview_id)

interview = progress.interview
retry_id = st.session_state.get("interview_retry_question")
index = next((i for i, q in enumerate(progress.questions) if q.id == retry_id), None)
if index is None:
    index = progress.current_index
total = len(progress.main_questions)

last = st.session_state.get("interview_last_feedback")
if last and last["interview"] == interview_id:
    with st.container(border=True, key="interview_feedback"):
        st.markdown(f"**Previous answer: {last['score']:.0f}/100.** {plain(last['feedback'])}")
        if last.get("fallback"):
            st.caption(f":material/cloud_off: {plain(last['fallback'])}")
        if interview.mode == InterviewMode.PRACTICE:
            st.button("Try that question again", key="interview_retry", on_click=_retry, args=(last["question"],))

if index is None or interview.status == InterviewStatus.COMPLETED:
    if progress.current_index is None:
        st.success(f"All {total} questions have an answer or were skipped.")
    else:
        st.info(f"You ended this interview after {progress.attempted} of {total} questions.")
    st.button(
        "See my results",
        type="primary",
        key="interview_results",
        on_click=navigate_to,
        args=(RESULTS_PAGE, interview_id),
    )
    st.stop()

# Hands-free: the interviewer runs the rest of the interview (conversation_view.py), unless the
# candidate chose to type.
typing_key = f"interview_typing_{interview_id}"
hands_free = interview.audio_enabled and interview.conversation and not st.session_state.get(typing_key)
if hands_free and conversation_view(interview, owner_id):
    st.button(
        "Answer by typing instead",
        key="interview_type_instead",
        on_click=lambda: st.session_state.update({typing_key: True}),
    )
    st.stop()

question = progress.questions[index]
if interview.question_note and index == 0:
    st.info(plain(interview.question_note), icon=":material/cloud_off:")
number = progress.number_of(index)
st.progress((number - 1) / total, text=f"Question {number} of {total} · {interview.mode} mode")
if question.follow_up_of is not None:
    st.caption(":material/subdirectory_arrow_right: A follow-up on your last answer")
st.caption(f"{question.question_type.replace('_', ' ').capitalize()} · {question.difficulty}")
st.markdown(f"### {plain(question.text)}")

# When the question was first shown (stored: a refresh, a reconnect or a restart does not reset
# its clock): the timer and the time taken run from it.
with database_session() as session:
    shown_at = repository.question_shown(session=session, owner_id=owner_id, question_id=row_id(question))
started = shown_at.timestamp()
if st.session_state.get("interview_prepared") != question.id:
    # Encode its key points while the candidate thinks, off the page's run: under load it would
    # hold back the answer box.
    st.session_state.interview_prepared = question.id
    threading.Thread(target=services().engine.prepare, args=(as_draft(question),), daemon=True).start()


# The clock ticks in the browser: a timer rerun on the server every second, for every candidate,
# raced the page's own reruns under load (a fragment rerun landing after a full rerun had removed
# it blanked the page) and cost a script run per second per candidate.
st.iframe(countdown_html(question.time_allocation_s - (time.time() - started)), height=28)

if interview.interviewer_voice:
    st.iframe(read_aloud_html(question.text), height=40)

if interview.mode == InterviewMode.PRACTICE:
    with st.expander("Hint: what a strong answer covers"):
        for point in question.key_points:
            st.markdown(f"- {plain(point)}")

coding = question.question_type == QuestionType.CODING
voice = None
speaking = False
if interview.audio_enabled and not coding:
    # The live recorder is a WebRTC component: mounting it costs each question a page load and
    # reruns of its own, which under load raced the candidate's clicks. It is there once the
    # candidate chooses to speak, and the choice holds for the rest of the interview.
    with database_session() as session:
        spoke = speaking_already(session=session, owner_id=owner_id, progress=progress, question_id=question.id)
    speaking = (
        st.radio(
            "Answer by",
            ["typing", "speaking"],
            index=1 if interview.video_enabled or spoke else 0,
            horizontal=True,
            key=f"interview_answer_by_{interview_id}",
        )
        == "speaking"
    )
if speaking:
    voice = voice_answer(
        question,
        owner_id,
        tech_stack=list(interview.tech_stack),
        echo_cancellation=interview.interviewer_voice,
        video=interview.video_enabled,
    )

answer_key = f"interview_answer_{question.id}"
if answer_key not in st.session_state and question.draft:
    st.session_state[answer_key] = question.draft  # typed before a refresh, a reconnect or a restart
answer = st.text_area(
    "Your answer" + (" (code or pseudo-code; indentation is kept)" if coding else ""),
    key=answer_key,
    height=320 if coding else 220,
    on_change=_keep_draft,
    args=(owner_id, row_id(question)),
)
# The browser keeps what is typed as it is typed (Streamlit hears the box only when it loses
# focus): back after a refresh, and sent on to the server then.
st.iframe(draft_keeper_html(f"{question.id}-{started:.0f}"), height=1)
if coding and answer.strip():
    with st.expander("Preview as code"):
        st.code(answer)

if voice is not None:
    # A callback: it runs before the next run draws the answer box, so it may empty it.
    st.button(
        "Discard the recording and start again", key="interview_discard", on_click=discard_voice, args=(question.id,)
    )


def _submit(owner_id: int, interview_id: int, question_id: int, started: float, voice: VoiceState | None) -> None:
    """Save and score the answer. A callback: it runs before the next run, which then draws the
    next question straight away (one script run per answer, and never the new question's
    heading above the old answer box)."""
    text = st.session_state.get(f"interview_answer_{question_id}", "")
    if not text.strip():
        st.session_state.interview_notice = ("warning", "Write an answer first, or press Skip.")
        return
    if st.session_state.get("interview_submitted") == (question_id, text):
        return  # the same click delivered twice (a rerun replayed it): saved once is enough
    settings = services().settings
    try:
        with services().database.session() as session:
            saved = submit_answer(
                session=session,
                engine=services().engine,
                owner_id=owner_id,
                question_id=question_id,
                text=text,
                time_taken_s=round(time.time() - started, 1),
                media_ref=voice.ref if voice else None,
                timed_words=voice.words if voice else (),
                is_transcript=voice is not None,
                follow_ups=settings.max_follow_ups if settings.follow_ups else 0,
            )
    except CoachError as error:
        st.session_state.interview_notice = ("error", str(error))
        return
    st.session_state.interview_submitted = (question_id, text)
    st.session_state.interview_retry_question = None
    st.session_state.interview_last_feedback = (
        {
            "interview": interview_id,
            "question": question_id,
            "score": saved.score,
            "feedback": without_fallback_note(saved.feedback, saved.fallback_reason),
            "fallback": saved.fallback_reason,
        }
        if saved.score is not None
        else None
    )


def _skip(owner_id: int, question_id: int) -> None:
    try:
        with services().database.session() as session:
            skip_question(session=session, owner_id=owner_id, question_id=question_id)
    except CoachError as error:
        st.session_state.interview_notice = ("error", str(error))
        return
    st.session_state.interview_retry_question = None


submit, skip, end = st.columns([2, 1, 1])
submit.button(
    "Submit answer",
    type="primary",
    key="interview_submit",
    on_click=_submit,
    args=(owner_id, interview_id, question.id, started, voice),
)
skip.button("Skip", key="interview_skip", on_click=_skip, args=(owner_id, question.id))
end.button("End interview", key="interview_end", on_click=end_and_show_results, args=(owner_id, interview_id))
if notice := st.session_state.pop("interview_notice", None):
    kind, message = notice
    (st.error if kind == "error" else st.warning)(message)
