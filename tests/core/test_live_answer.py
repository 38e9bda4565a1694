"""Live answers: WebRTC-shaped frames in, a take saved segment by segment, the recording stored
when the stream ends, and what was said recovered after a crash or a dropped connection."""

import io
import shutil
import subprocess
import threading
import time
import wave
from pathlib import Path

import av
import numpy as np
import pytest

from interview_core.domain import InterviewSetup
from interview_core.engines.offline import OfflineEngine
from interview_core.interview.flow import plan_interview, submit_answer, vocabulary_for
from interview_core.interview.live_answer import (
    LiveAnswer,
    LiveRecorder,
    WavSpool,
    active_takes,
    combine_takes,
    pending_takes,
)
from interview_core.media.store import LocalMediaStore
from interview_core.speech.transcription import SAMPLE_RATE, Transcript, shared_transcriber
from interview_core.storage import repository
from interview_core.storage.models import VoiceTake


class SegmentCounter:
    """Stands in for Whisper where the words do not matter: names each segment by its length."""

    def transcribe(self, audio, *, vocabulary=(), optional=False):
        seconds = len(audio) / SAMPLE_RATE
        return Transcript(text=f"spoke {seconds:.1f} seconds", words=[], duration_s=seconds)


def tone(seconds: float, rate: int = 48_000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def quiet(seconds: float, rate: int = 48_000) -> np.ndarray:
    return np.random.default_rng(1).normal(0, 0.001, int(seconds * rate)).astype(np.float32)


def webrtc_frames(signal: np.ndarray, rate: int = 48_000) -> list[av.AudioFrame]:
    """20 ms stereo s16 frames, as a browser's Opus stream decodes to."""
    frames = []
    step = rate // 50
    for start in range(0, len(signal) - step + 1, step):
        pcm = (signal[start : start + step] * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(np.repeat(pcm, 2)[None, :], format="s16", layout="stereo")
        frame.sample_rate = rate
        frames.append(frame)
    return frames


@pytest.fixture
def question(database):
    with database.session() as session:
        owner_id = repository.local_user(session=session).id
        interview = plan_interview(
            session=session,
            engine=OfflineEngine(),
            owner_id=owner_id,
            setup=InterviewSetup(job_role="Backend Engineer", tech_stack=["PostgreSQL"], question_count=3),
            seed=3,
        )
        return repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)[0]


def recorder_for(database, question, tmp_path: Path, transcriber=None) -> tuple[LiveRecorder, LocalMediaStore]:
    media = LocalMediaStore(tmp_path / "recordings")

    def start() -> LiveAnswer:
        return LiveAnswer(
            database=database,
            media=media,
            transcriber=transcriber or SegmentCounter(),
            spool_dir=tmp_path / "spool",
            owner_id=question.owner_id,
            question_id=question.id,
            vocabulary=vocabulary_for(question),
        )

    return LiveRecorder(start), media


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def pending(database, question, media: LocalMediaStore, tmp_path: Path) -> list[VoiceTake]:
    """What the page would pick up now: finished takes, crashed ones stored first."""
    with database.session() as session:
        return pending_takes(
            session=session,
            database=database,
            media=media,
            spool_dir=tmp_path / "spool",
            owner_id=question.owner_id,
            question_id=question.id,
        )


def takes(database, question) -> list[VoiceTake]:
    with database.session() as session:
        return repository.takes_since_last_answer(session=session, owner_id=question.owner_id, question_id=question.id)


def test_each_segment_is_saved_as_it_is_heard_and_the_recording_when_the_stream_ends(
    database, question, tmp_path: Path
) -> None:
    recorder, media = recorder_for(database, question, tmp_path)
    for frame in webrtc_frames(np.concatenate([quiet(0.5), tone(1.0), quiet(1.0), tone(1.5), quiet(1.0)])):
        recorder.on_frame(frame)
    # Still streaming: both utterances are in the database already.
    wait_until(lambda: len(takes(database, question)[0].segments) == 2)
    (take,) = takes(database, question)
    assert take.media_ref is None and take.spool
    # With the pre-roll and the first 0.2 s of the pause, when the guess that ends up used was made.
    assert [s["text"] for s in take.segments] == ["spoke 1.4 seconds", "spoke 1.9 seconds"]

    recorder.on_ended()
    wait_until(lambda: takes(database, question)[0].media_ref is not None)
    (take,) = takes(database, question)
    assert take.spool is None and take.stopped_at is not None
    with wave.open(io.BytesIO(media.load(owner_id=question.owner_id, reference=take.media_ref))) as recording:
        assert recording.getframerate() == SAMPLE_RATE and recording.getnchannels() == 1
        assert recording.getnframes() / SAMPLE_RATE == pytest.approx(5.0, abs=0.05)
    assert not list((tmp_path / "spool").iterdir())  # the spool file is gone once stored


def test_a_new_stream_after_a_dropped_connection_continues_the_answer(database, question, tmp_path: Path) -> None:
    recorder, _ = recorder_for(database, question, tmp_path)
    for _take in range(2):
        for frame in webrtc_frames(np.concatenate([tone(1.0), quiet(1.0)])):
            recorder.on_frame(frame)
        recorder.on_ended()  # the connection dropped
        wait_until(lambda: recorder.current.stopped and recorder.current.result is not None)
    voice = combine_takes(pending(database, question, LocalMediaStore(tmp_path / "recordings"), tmp_path))
    assert voice.text == "spoke 1.2 seconds spoke 1.2 seconds"
    assert len(voice.take_ids) == 2 and voice.media_ref


def test_a_crash_mid_answer_loses_neither_the_words_nor_the_recording(database, question, tmp_path: Path) -> None:
    recorder, media = recorder_for(database, question, tmp_path)
    for frame in webrtc_frames(np.concatenate([tone(1.0), quiet(1.0), tone(0.6)])):
        recorder.on_frame(frame)
    wait_until(lambda: len(takes(database, question)[0].segments) == 1)
    # The process dies here: no on_ended, no stop. A new process knows nothing of the take.
    active_takes.clear()
    voice = combine_takes(pending(database, question, media, tmp_path))
    assert voice.text == "spoke 1.2 seconds"
    recording = media.load(owner_id=question.owner_id, reference=voice.media_ref)
    with wave.open(io.BytesIO(recording)) as handle:  # playable, with everything up to the last header update
        assert handle.getnframes() / SAMPLE_RATE >= 2.0


def test_submitting_the_answer_uses_up_its_takes(database, question, tmp_path: Path) -> None:
    recorder, media = recorder_for(database, question, tmp_path)
    for frame in webrtc_frames(np.concatenate([tone(1.0), quiet(1.0)])):
        recorder.on_frame(frame)
    recorder.on_ended()
    wait_until(lambda: recorder.current.result is not None)
    with database.session() as session:
        submit_answer(
            session=session,
            engine=OfflineEngine(),
            owner_id=question.owner_id,
            question_id=question.id,
            text=recorder.current.result.text,
            is_transcript=True,
        )
    assert pending(database, question, media, tmp_path) == []


def test_takes_are_joined_with_word_times_laid_end_to_end() -> None:
    first = VoiceTake(
        id=1,
        owner_id=1,
        question_id=1,
        media_ref="local:1/a.wav",
        segments=[
            {"start_s": 0.2, "end_s": 2.0, "text": "One.", "words": [{"word": "One.", "start": 0.5, "end": 0.9}]}
        ],
    )
    second = VoiceTake(
        id=2,
        owner_id=1,
        question_id=1,
        media_ref="local:1/b.wav",
        segments=[
            {"start_s": 0.1, "end_s": 1.0, "text": "Two.", "words": [{"word": "Two.", "start": 0.3, "end": 0.6}]}
        ],
    )
    voice = combine_takes([first, second])
    assert voice.text == "One. Two."
    assert [(w.start, w.end) for w in voice.words] == [(0.5, 0.9), (3.3, 3.6)]  # after 2.0 s and a 1 s gap
    assert voice.media_ref == "local:1/b.wav" and voice.duration_s == 4.0


def test_the_spool_is_a_playable_wav_while_it_is_still_being_written(tmp_path: Path) -> None:
    spool = WavSpool(tmp_path / "take.wav")
    spool.write(np.zeros(SAMPLE_RATE, dtype=np.float32))
    with wave.open(str(spool.path)) as handle:
        assert handle.getnframes() == SAMPLE_RATE
    spool.close()


def test_frames_from_many_threads_and_a_stop_in_the_middle_lose_nothing(database, question, tmp_path: Path) -> None:
    """WebRTC's thread pushes while a stream end arrives on another: frames after the end go to a
    new take, and every frame is in exactly one stored recording."""
    recorder, media = recorder_for(database, question, tmp_path)
    frames = webrtc_frames(np.concatenate([tone(1.0), quiet(0.8)]))
    recorder.on_frame(frames[0])
    pusher = threading.Thread(target=lambda: [recorder.on_frame(f) for f in frames[1:]])
    pusher.start()
    recorder.on_ended()
    pusher.join()
    recorder.on_ended()
    wait_until(lambda: all(t.stopped_at for t in takes(database, question)))
    stored = takes(database, question)
    assert all(t.spool is None for t in stored)
    seconds = 0.0
    for take in stored:
        if take.media_ref:
            with wave.open(io.BytesIO(media.load(owner_id=question.owner_id, reference=take.media_ref))) as handle:
                seconds += handle.getnframes() / SAMPLE_RATE
    assert seconds == pytest.approx(len(frames) * 0.02, abs=0.03)


def test_spoken_words_reach_the_take_with_the_real_model(database, question, tmp_path: Path) -> None:
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed")
    wav = tmp_path / "say.wav"
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-s", "130", "-w", str(wav), "An index makes reads faster."], check=True
    )
    with wave.open(str(wav)) as handle:
        rate = handle.getframerate()
        speech = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    speech_48k = np.interp(np.arange(0, len(speech), rate / 48_000), np.arange(len(speech)), speech).astype(np.float32)
    recorder, _ = recorder_for(database, question, tmp_path, transcriber=shared_transcriber())
    for frame in webrtc_frames(np.concatenate([quiet(0.5), speech_48k, quiet(1.0)])):
        recorder.on_frame(frame)
    recorder.on_ended()
    wait_until(lambda: recorder.current.result is not None)
    voice = recorder.current.result
    assert "index" in voice.text.lower() and "read" in voice.text.lower(), voice.text
    assert voice.words and 0.2 <= voice.words[0].start <= 1.0  # in stream time, after the quiet start


def test_recognition_leans_toward_the_question_and_the_interviews_stack(question) -> None:
    vocabulary = vocabulary_for(question, ["PostgreSQL", "Kubernetes"])
    assert vocabulary[0] == question.text
    assert set(question.key_points) <= set(vocabulary)
    assert vocabulary[-2:] == ["PostgreSQL", "Kubernetes"]
