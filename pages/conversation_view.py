"""Conversation mode: one Start, then the interviewer talks with the candidate over one WebRTC
connection (its voice out, the microphone in). Layout only: the interviewer is
`interview_core.interview.spoken`."""

from __future__ import annotations

import logging

import streamlit as st
from streamlit_webrtc import (
    PcmAudioSource,
    WebRtcMode,
    create_audio_sink_track,
    create_pcm_audio_source_track,
    webrtc_streamer,
)

from interview_core.interview.conversation import Command, Phase
from interview_core.interview.live_answer import frame_samples
from interview_core.interview.spoken import InterviewerLine, SpokenInterview
from interview_core.speech.turns import SileroVad
from interview_core.storage.models import Interview, row_id
from pages.common import RESULTS_PAGE, navigate_to, plain, say_line_html, services, webrtc_look_html

log = logging.getLogger(__name__)

_MESSAGES = {
    "start": "Start the interview",
    "stop": "Stop",
    "select_device": "Choose microphone",
    "device_ask_permission": "Allow this page to use your microphone: the interviewer needs to hear you.",
    "device_access_denied": "Microphone access was denied. Allow it from the padlock in the address bar and "
    "press Start again, or answer by typing instead.",
    "device_not_available": "No microphone was found. Connect one, or answer by typing instead.",
    "media_api_not_available": "This browser cannot stream audio from this address (it needs HTTPS or "
    "localhost). Answer by typing instead.",
}
_CUES = {
    Phase.IDLE: ":material/mic: Press **Start the interview**: the interviewer will greet you.",
    Phase.SPEAKING: ":material/record_voice_over: **The interviewer is speaking…**",
    Phase.LISTENING: ":material/mic: **Your turn.** Speak when you're ready; pause when you're done.",
    Phase.HOLDING: ":material/hourglass_top: **Take your time.** The interviewer waits until you speak.",
    Phase.SCORING: ":material/hourglass_top: Noting your answer…",
    Phase.FINISHED: ":material/check_circle: That's the interview. Opening your results…",
}


def _line(interview: Interview, owner_id: int) -> tuple[InterviewerLine, PcmAudioSource]:
    key = f"conversation_line_{row_id(interview)}"
    if key not in st.session_state:
        svc = services()
        voice = svc.voice
        source = create_pcm_audio_source_track(key=f"conversation_voice_{interview.id}", sample_rate=voice.sample_rate)
        settings = svc.settings

        def make() -> SpokenInterview:
            return SpokenInterview(
                database=svc.database,
                engine=svc.engine,
                media=svc.media,
                transcriber=svc.transcriber,
                voice=voice,
                detector=SileroVad(),
                out=source,
                spool_dir=settings.spool_dir,
                owner_id=owner_id,
                interview_id=row_id(interview),
                patience_s=interview.patience_s,
                follow_ups=settings.max_follow_ups if settings.follow_ups else 0,
            )

        st.session_state[key] = (InterviewerLine(row_id(interview), make), source)
    return st.session_state[key]


def conversation_view(interview: Interview, owner_id: int) -> bool:
    """Place the conversation. False where it cannot run (no WebRTC here): the page then shows
    the question-by-question interview."""
    try:
        line, source = _line(interview, owner_id)
    except Exception:  # the outgoing track needs a full Streamlit server session, as the component does
        log.exception("the interviewer's voice track is unavailable")
        return False
    if not line.claim():
        st.warning("This interview is running in another tab or window. Close it there (or stop it) to continue here.")
        return True

    def on_frame(frame: object) -> None:
        line.push(*frame_samples(frame))

    try:
        context = webrtc_streamer(
            key=f"conversation_{interview.id}",
            mode=WebRtcMode.SENDRECV,
            rtc_configuration=services().settings.rtc_configuration(),
            # Echo cancellation: the interviewer's voice from the speakers must not come back as
            # the candidate's (the interviewer does not listen while it speaks, either).
            media_stream_constraints={
                "audio": {"echoCancellation": True, "noiseSuppression": True, "autoGainControl": True},
                "video": False,
            },
            source_audio_track=source.track,
            sink_audio_track=create_audio_sink_track(
                on_frame, key=f"conversation_sink_{interview.id}", on_ended=line.ended
            ),
            translations=_MESSAGES,  # type: ignore[arg-type]
            audio_html_attrs={"autoPlay": True, "controls": False},
        )
    except Exception:  # the component needs a full Streamlit server session
        log.exception("the WebRTC component is unavailable")
        line.release()
        return False
    st.iframe(webrtc_look_html(), height=1)
    playing = context.state.playing
    browser_voice = services().voice.name == "browser"
    st.fragment(run_every=0.3 if playing else None)(_status)(line, row_id(interview), playing, browser_voice)
    return True


def _status(line: InterviewerLine, interview_id: int, playing: bool, browser_voice: bool) -> None:
    """Who is speaking, the question, what the candidate has said; the requests as buttons."""
    snapshot = line.snapshot()
    if snapshot is None:
        st.markdown(_CUES[Phase.IDLE])
        return
    if browser_voice and playing and snapshot.voice_playing and snapshot.said:
        st.iframe(say_line_html(snapshot.said, snapshot.line), height=1)
    if snapshot.error:
        st.error(snapshot.error)
    if snapshot.finished and not snapshot.voice_playing:
        line.release()
        navigate_to(RESULTS_PAGE, interview_id)
        st.rerun(scope="app")
    if snapshot.total:
        label = f"Question {snapshot.number} of {snapshot.total}" + (" · follow-up" if snapshot.follow_up else "")
        st.progress((snapshot.number - 1) / snapshot.total, text=label)
    with st.container(border=True, key="conversation_cue"):
        st.markdown(_CUES[snapshot.phase] if playing or snapshot.finished else _CUES[Phase.IDLE])
        if snapshot.question:
            st.markdown(f"### {plain(snapshot.question)}")
    with st.container(key="conversation_transcript"):
        if snapshot.heard:
            st.markdown(plain(snapshot.heard))
        elif snapshot.listening:
            st.caption("Your words will appear here as you speak.")
    if playing and not snapshot.finished:
        buttons = st.columns(4)
        for column, (command, label) in zip(
            buttons,
            (
                (Command.REPEAT, "Repeat the question"),
                (Command.WAIT, "Give me a moment"),
                (Command.SKIP, "Skip"),
                (Command.DONE, "I'm done"),
            ),
            strict=True,
        ):
            column.button(label, key=f"conversation_{command}", on_click=line.command, args=(command,))
