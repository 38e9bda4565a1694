"""Answering out loud: live over WebRTC with the transcript appearing as you speak, or (when
WebRTC cannot connect) one whole recording through `st.audio_input`. Either way the words land in
the answer box, where the candidate corrects them before submitting."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, replace

import streamlit as st
from streamlit_webrtc import WebRtcMode, create_audio_sink_track, webrtc_streamer

from interview_core.domain import TimedWord
from interview_core.errors import CoachError
from interview_core.interview.flow import receive_recording, vocabulary_for
from interview_core.interview.live_answer import VIDEO_SIZE, LiveAnswer, LiveRecorder, combine_takes, pending_takes
from interview_core.storage.models import Question
from pages.common import plain, services, webrtc_look_html

log = logging.getLogger(__name__)
_NO_SOUND_AFTER_S = 6.0

_MESSAGES = {
    "start": "Start answering",
    "stop": "Stop",
    "select_device": "Choose microphone",
    "device_ask_permission": "Allow this page to use your microphone to answer out loud.",
    "device_access_denied": "Microphone access was denied. Allow it from the padlock in the address bar and "
    "press Start again, or use the recorder below.",
    "device_not_available": "No microphone was found. Connect one, or type your answer below.",
    "media_api_not_available": "This browser cannot stream audio from this address (it needs HTTPS or "
    "localhost). Use the recorder below instead.",
}


@dataclass(frozen=True)
class VoiceState:
    """A question's spoken answer as the page holds it: the recording and word timings the answer
    is submitted with, the live takes in the answer box, those discarded, and the digest of the
    whole-answer recording already applied (so it is not applied twice)."""

    ref: str | None = None
    words: tuple[TimedWord, ...] = ()
    takes: tuple[int, ...] = ()
    discarded: tuple[int, ...] = ()
    digest: str | None = None


def _state(keys: dict[str, str]) -> VoiceState:
    return st.session_state.get(keys["voice"]) or VoiceState()


def _keys(question_id: int) -> dict[str, str]:
    return {
        name: f"interview_{name}_{question_id}"
        for name in ("answer", "voice", "live", "playing", "seen", "waiting", "audio", "notice")
    }


def _recorder(question: Question, owner_id: int, key: str, tech_stack: list[str]) -> LiveRecorder:
    """One per question per browser session; WebRTC's thread feeds it."""
    if key not in st.session_state:
        svc = services()
        vocabulary = vocabulary_for(question, tech_stack)
        question_id = question.id

        def start_take() -> LiveAnswer:
            return LiveAnswer(
                database=svc.database,
                media=svc.media,
                transcriber=svc.transcriber,
                spool_dir=svc.settings.spool_dir,
                owner_id=owner_id,
                question_id=question_id,
                vocabulary=vocabulary,
            )

        st.session_state[key] = LiveRecorder(start_take, spool_dir=svc.settings.spool_dir)
    return st.session_state[key]


def voice_answer(
    question: Question, owner_id: int, *, tech_stack: list[str], echo_cancellation: bool, video: bool
) -> VoiceState | None:
    """Place the recorders and move what was said into the answer box. Returns what the answer
    is submitted with (its recording and word timings), or None while nothing was spoken."""
    keys = _keys(question.id)
    recorder = _recorder(question, owner_id, keys["live"], tech_stack)
    # Raw audio suits the recogniser best; echo cancellation only matters while the browser
    # reads the question aloud.
    audio = {"echoCancellation": echo_cancellation, "noiseSuppression": False, "autoGainControl": False}
    st.caption(
        "Press **Start answering** and speak; your words appear as you go and are saved after every "
        "sentence. If the browser reports that the microphone was denied or not found, allow it from the "
        "padlock in the address bar, or use the recorder below."
    )
    try:
        context = webrtc_streamer(
            key=f"interview_webrtc_{question.id}",
            mode=WebRtcMode.SENDONLY,
            rtc_configuration=services().settings.rtc_configuration(),
            media_stream_constraints={
                "audio": audio,
                "video": {"width": VIDEO_SIZE[0], "height": VIDEO_SIZE[1]} if video else False,
            },
            sink_audio_track=create_audio_sink_track(
                recorder.on_frame, key=f"interview_sink_{question.id}", on_ended=recorder.on_ended
            ),
            translations=_MESSAGES,  # type: ignore[arg-type]
            in_recorder_factory=recorder.video_recorder if video else None,
            video_html_attrs={"muted": True, "autoPlay": True, "controls": False, "style": {"width": "320px"}},
        )
    except Exception:  # the live component needs a full Streamlit server session; the recorder below does not
        log.exception("the WebRTC component is unavailable")
        st.caption("Live answering is unavailable here; record the whole answer below.")
    else:
        st.iframe(webrtc_look_html(), height=1)
        st.session_state[keys["playing"]] = context.state.playing
        take = recorder.current
        if not context.state.playing and take is not None and not take.stopped:
            recorder.on_ended()  # the stream is over, even if WebRTC's own end event is still on its way
        unseen = take is not None and take.take_id not in st.session_state.get(keys["seen"], set())
        # Poll only while something is happening: an idle page costs the server nothing. A quarter
        # of a second: words show about 0.1 s after the server has them; polling every 0.5 s alone
        # added 0.25 s on average (bench/bench_browser_transcript.py).
        polling = 0.25 if context.state.playing or unseen else None
        st.fragment(run_every=polling)(_live_status)(recorder, keys)
    _collect_takes(question, owner_id, recorder, keys)
    _whole_recording(question, owner_id, keys, tech_stack)
    if notice := st.session_state.get(keys["notice"]):
        st.warning(notice)
    voice = _state(keys)
    return voice if voice.ref else None


def _live_status(recorder: LiveRecorder, keys: dict[str, str]) -> None:
    """What the microphone is doing, and the transcript as it grows. Polls; never blocks."""
    playing = st.session_state.get(keys["playing"], False)
    take = recorder.current
    if recorder.error:
        st.error(recorder.error)
    if playing and (take is None or take.stopped):
        waiting_since = st.session_state.setdefault(keys["waiting"], time.monotonic())
        if time.monotonic() - waiting_since > _NO_SOUND_AFTER_S:
            st.warning(
                "No sound is reaching the app. Check that the browser may use the microphone. If it "
                "cannot connect at all (common on hosted sites without a TURN server), use the recorder below."
            )
        else:
            st.caption("Connecting to your microphone…")
    elif playing and take is not None:
        st.session_state.pop(keys["waiting"], None)
        snapshot = take.snapshot()
        loudness = min(1.0, max(0.0, (snapshot.level_db + 60) / 60))
        label = {"speaking": "Hearing you", "transcribing": "Writing it down", "failed": "Listening"}.get(
            snapshot.state, "Listening"
        )
        st.progress(loudness, text=f"{label} · {snapshot.received_s:.0f} s recorded")
        if snapshot.received_s > 4 and not snapshot.heard_speech:
            st.warning("Sound is arriving but no speech: is the right microphone selected, and not muted?")
        if snapshot.error:
            st.warning(f"{snapshot.error} Keep going: what was already written down is saved.")
        with st.container(key="live_transcript"):
            st.markdown(plain(snapshot.text) if snapshot.text else "_Your words will appear here as you speak._")
    elif take is not None and take.stopped and take.result is None and take.error is None:
        st.caption("Finishing the transcript and saving the recording…")
    else:
        st.session_state.pop(keys["waiting"], None)
    seen = st.session_state.setdefault(keys["seen"], set())
    if take is not None and take.stopped and (take.result is not None or take.error) and take.take_id not in seen:
        seen.add(take.take_id)
        st.rerun(scope="app")  # the answer box (outside this fragment) takes the new words


def _collect_takes(question: Question, owner_id: int, recorder: LiveRecorder, keys: dict[str, str]) -> None:
    """Append what finished takes said to the answer box, once each. After a refresh or a crash
    the box starts empty and gets everything said since the last submitted answer."""
    voice = _state(keys)
    svc = services()
    with svc.database.session() as session:
        takes = pending_takes(
            session=session,
            database=svc.database,
            media=svc.media,
            spool_dir=svc.settings.spool_dir,
            owner_id=owner_id,
            question_id=question.id,
        )
    shown = {*voice.takes, *voice.discarded}
    fresh = [t for t in takes if t.id not in shown]
    if not fresh:
        take = recorder.current
        if take is not None and take.result is not None and not take.result.text:
            st.session_state[keys["notice"]] = "No speech was heard in that recording: check the microphone."
        return
    kept = combine_takes([t for t in takes if t.id not in voice.discarded])
    box = st.session_state.get(keys["answer"], "").rstrip()
    st.session_state[keys["answer"]] = f"{box} {combine_takes(fresh).text}".strip()
    st.session_state[keys["notice"]] = None
    # Keep the rest (the whole-answer recorder's digest): its recording must not be applied again.
    st.session_state[keys["voice"]] = replace(
        voice, ref=kept.media_ref, words=tuple(kept.words), takes=tuple(kept.take_ids)
    )


def discard_voice(question_id: int) -> None:
    """ "Record again": empty the box; the takes so far stay stored but no longer count."""
    keys = _keys(question_id)
    voice = _state(keys)
    # The digest stays: the recorder still holds that recording, which must not be applied again.
    st.session_state[keys["voice"]] = VoiceState(discarded=(*voice.discarded, *voice.takes), digest=voice.digest)
    st.session_state[keys["answer"]] = ""


def _whole_recording(question: Question, owner_id: int, keys: dict[str, str], tech_stack: list[str]) -> None:
    """The fallback when WebRTC cannot connect: record the whole answer, then transcribe it."""
    with st.expander("Microphone not connecting? Record the whole answer here instead"):
        recording = st.audio_input("Record your answer", key=keys["audio"])
    if recording is None:
        return
    data = recording.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    voice = _state(keys)
    if voice.digest == digest:
        return  # this recording is in the box already
    try:
        with st.spinner("Saving and transcribing your recording…"):
            bar = st.progress(0.0, text="Saving the recording…")
            heard = receive_recording(
                media=services().media,
                transcriber=services().transcriber,
                owner_id=owner_id,
                question=question,
                data=data,
                tech_stack=tech_stack,
                on_progress=lambda done, total: bar.progress(done / total, text=f"Saved {done // 1000:,} kB"),
            )
            bar.empty()
    except CoachError as error:
        st.session_state[keys["notice"]] = str(error)
        return
    st.session_state[keys["voice"]] = replace(voice, digest=digest, ref=heard.media_ref, words=tuple(heard.words))
    st.session_state[keys["answer"]] = heard.text
    st.session_state[keys["notice"]] = None
