"""A spoken answer streamed from the browser: recorded, transcribed live, saved as it goes.

`LiveRecorder` is what a page holds for one question. WebRTC hands it audio frames on its own
thread; the first frame of a take opens a `VoiceTake` row and a spool file, every frame is
written to the spool (a WAV whose header is kept valid, so a crash leaves a playable file) and
fed to the `LiveTranscriber`, and every transcribed segment is appended to the take in the
database the moment it exists. When the stream ends, for whatever reason, the spool is stored in
the media store and linked to the take. `pending_takes` gathers what was said since the last
submitted answer, including takes a crashed process left behind.
"""

from __future__ import annotations

import logging
import secrets
import struct
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sqlmodel import Session

from interview_core.domain import TimedWord
from interview_core.interview.flow import VoiceAnswer
from interview_core.media.store import MediaStore
from interview_core.speech.live_audio import LiveSnapshot, LiveTranscriber, SegmentTranscriber, StreamResampler
from interview_core.speech.transcription import SAMPLE_RATE
from interview_core.storage import repository
from interview_core.storage.models import VoiceTake, row_id

log = logging.getLogger(__name__)

_GAP_BETWEEN_TAKES_S = 1.0  # takes are joined as if the candidate paused this long


class SessionFactory(Protocol):
    def session(self) -> Any: ...


def frame_samples(frame: Any) -> tuple[np.ndarray, int, int]:
    """(interleaved samples, sample rate, channels) from a PyAV audio frame."""
    data = frame.to_ndarray()
    channels = len(frame.layout.channels)
    if frame.format.is_planar:  # one row per channel: interleave
        data = data.T
    return data.reshape(-1), frame.sample_rate, channels


class WavSpool:
    """16-bit mono WAV written as it arrives. The header's sizes are rewritten every half second,
    so the file is always playable: after a crash it holds everything up to the last update."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file = path.open("wb")
        self._bytes = 0
        self._since_header = 0
        self._write_header()

    def _write_header(self) -> None:
        self._file.seek(0)
        self._file.write(
            b"RIFF"
            + struct.pack("<I", 36 + self._bytes)
            + b"WAVEfmt "
            + struct.pack("<IHHIIHH", 16, 1, 1, SAMPLE_RATE, SAMPLE_RATE * 2, 2, 16)
            + b"data"
            + struct.pack("<I", self._bytes)
        )
        self._file.seek(0, 2)
        self._file.flush()
        self._since_header = 0

    def write(self, samples: np.ndarray) -> None:
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        self._file.write(pcm)
        self._bytes += len(pcm)
        self._since_header += len(samples)
        if self._since_header >= SAMPLE_RATE // 2:
            self._write_header()

    def close(self) -> None:
        if not self._file.closed:
            self._write_header()
            self._file.close()


class LiveAnswer:
    """One take: from the first frame to the end of the stream."""

    def __init__(
        self,
        *,
        database: SessionFactory,
        media: MediaStore,
        transcriber: SegmentTranscriber,
        spool_dir: Path,
        owner_id: int,
        question_id: int,
        vocabulary: Sequence[str] = (),
    ) -> None:
        self._database, self._media, self._owner_id = database, media, owner_id
        name = f"{owner_id}-{secrets.token_urlsafe(12)}.wav"
        self._spool = WavSpool(spool_dir / name)
        with database.session() as session:
            self.take_id = row_id(
                repository.start_take(session=session, owner_id=owner_id, question_id=question_id, spool=name)
            )
            session.commit()
        active_takes.add(self.take_id)
        self._resample = StreamResampler()
        self._live = LiveTranscriber(transcriber, vocabulary=vocabulary, on_segment=self._save_segment)
        self._lock = threading.Lock()
        self._stopped = False
        self.result: VoiceAnswer | None = None
        self.error: str | None = None

    def push(self, samples: np.ndarray, sample_rate: int, channels: int = 1) -> None:
        with self._lock:
            if self._stopped:
                return
            mono = self._resample(samples, sample_rate, channels)
            self._spool.write(mono)
            self._live.push(mono, SAMPLE_RATE)

    def _save_segment(self, segment: Any) -> None:
        if not segment.text:
            return
        record = {
            "start_s": segment.start_s,
            "end_s": segment.end_s,
            "text": segment.text,
            "words": [w.model_dump() for w in segment.words],
        }
        with self._database.session() as session:
            repository.append_take_segment(
                session=session, owner_id=self._owner_id, take_id=self.take_id, segment=record
            )
            session.commit()

    def snapshot(self) -> LiveSnapshot:
        return self._live.snapshot()

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self, video: Path | None = None) -> VoiceAnswer | None:
        """End the take: transcribe what is left, store the recording, link it. Idempotent.
        `video`: the camera recording of the same stream (audio and video), kept instead of the
        WAV when it was written completely."""
        with self._lock:
            if self._stopped:
                return self.result
            self._stopped = True
            tail = self._resample.flush()
            self._spool.write(tail)
            self._live.push(tail, SAMPLE_RATE)
        try:
            self._live.finish()
            self._spool.close()
            spool = self._spool.path
            if video is not None and _finished_writing(video):
                spool.unlink(missing_ok=True)
                spool = video
            self.result = _store_take(
                database=self._database, media=self._media, owner_id=self._owner_id, take_id=self.take_id, spool=spool
            )
        except Exception as error:  # the segments are saved already; say what failed
            log.exception("storing take %s failed", self.take_id)
            self.error = f"The recording could not be stored ({error}); the transcript is kept."
        finally:
            active_takes.discard(self.take_id)
        return self.result


# Takes being recorded by this process: anything else with a spool was left by a crash.
active_takes: set[int] = set()


def _finished_writing(path: Path, timeout_s: float = 5.0) -> bool:
    """The camera recording is closed by WebRTC's own end-of-stream handler, which may still be
    running: wait until the file stops growing."""
    deadline = time.monotonic() + timeout_s
    last = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.is_file() else -1
        if size > 0 and size == last:
            return True
        last = size
        time.sleep(0.3)
    return False


def _store_take(
    *, database: SessionFactory, media: MediaStore, owner_id: int, take_id: int, spool: Path
) -> VoiceAnswer:
    data = spool.read_bytes() if spool.is_file() else b""
    suffix = spool.suffix.lstrip(".") or "wav"
    reference = media.save(owner_id=owner_id, data=data, suffix=suffix) if len(data) > 44 else None
    with database.session() as session:
        take = repository.finish_take(session=session, owner_id=owner_id, take_id=take_id, media_ref=reference)
        session.commit()
        answer = combine_takes([take])
    spool.unlink(missing_ok=True)
    return answer


def combine_takes(takes: Sequence[VoiceTake]) -> VoiceAnswer:
    """One answer from several takes (a dropped connection and a restart): texts joined, word
    times laid end to end, the latest recording kept as the answer's."""
    texts: list[str] = []
    words: list[TimedWord] = []
    offset = 0.0
    for take in takes:
        take_end = 0.0
        for segment in take.segments:
            texts.append(segment["text"])
            for w in segment["words"]:
                words.append(
                    TimedWord(word=w["word"], start=round(w["start"] + offset, 3), end=round(w["end"] + offset, 3))
                )
            take_end = max(take_end, segment["end_s"])
        if take_end:
            offset += take_end + _GAP_BETWEEN_TAKES_S
    reference = next((t.media_ref for t in reversed(takes) if t.media_ref), None)
    duration = max(0.0, offset - _GAP_BETWEEN_TAKES_S)
    return VoiceAnswer(reference, " ".join(texts).strip(), words, round(duration, 3), tuple(row_id(t) for t in takes))


def pending_takes(
    *, session: Session, database: SessionFactory, media: MediaStore, spool_dir: Path, owner_id: int, question_id: int
) -> list[VoiceTake]:
    """The question's finished takes with something said, since its last submitted answer,
    oldest first (`combine_takes` joins them). A take a crashed process left unfinished is
    stored first, so its recording is kept too."""
    takes = repository.takes_since_last_answer(session=session, owner_id=owner_id, question_id=question_id)
    for take in takes:
        if take.spool and take.id not in active_takes:
            _store_take(
                database=database, media=media, owner_id=owner_id, take_id=row_id(take), spool=spool_dir / take.spool
            )
            session.refresh(take)
    return [t for t in takes if t.stopped_at is not None and t.segments]


class LiveRecorder:
    """What a page keeps for one question. WebRTC calls `on_frame` for every audio frame and
    `on_ended` when the stream ends; the page polls `snapshot()`. A new take starts with the
    first frame after the previous one ended."""

    def __init__(self, start_take: Callable[[], LiveAnswer], *, spool_dir: Path | None = None) -> None:
        self._start_take = start_take
        self._spool_dir = spool_dir
        self._lock = threading.Lock()
        self._video: Path | None = None
        self.current: LiveAnswer | None = None
        self.error: str | None = None

    def video_recorder(self) -> Any:
        """A recorder of the incoming stream (camera and microphone) into a WebM spool file; for
        streamlit-webrtc's `in_recorder_factory`, which calls it once per connection."""
        if self._spool_dir is None:
            raise ValueError("video recording needs a spool folder")
        self._spool_dir.mkdir(parents=True, exist_ok=True)
        self._video = self._spool_dir / f"{secrets.token_urlsafe(12)}.webm"
        return _camera_recorder(self._video)

    def on_frame(self, frame: Any) -> None:
        samples, rate, channels = frame_samples(frame)
        self.push(samples, rate, channels)

    def push(self, samples: np.ndarray, sample_rate: int, channels: int = 1) -> None:
        with self._lock:
            if self.current is None or self.current.stopped:
                try:
                    self.current = self._start_take()
                    self.error = None
                except Exception as error:
                    log.exception("starting a take failed")
                    self.error = f"Recording could not start: {error}"
                    return
            take = self.current
        take.push(samples, sample_rate, channels)

    def on_ended(self) -> None:
        """Called on WebRTC's event loop: the slow part (last segment, storing) runs elsewhere."""
        take, video, self._video = self.current, self._video, None
        if take is not None and not take.stopped:
            threading.Thread(target=take.stop, args=(video,), name="store-take", daemon=True).start()
        elif video is not None:
            video.unlink(missing_ok=True)  # a connection that never carried a take

    def snapshot(self) -> LiveSnapshot | None:
        take = self.current
        return take.snapshot() if take is not None else None


VIDEO_SIZE = (640, 480)


def _camera_recorder(path: Path) -> Any:
    """aiortc's MediaRecorder, with the video size fixed before recording starts.

    The stock recorder sets the video size from the first video frame, but the container opens
    every codec with the first packet of either track: when audio wins that race (half the takes
    in our tests), setting the size raises "Cannot change width after codec is open" and the
    video task dies silently. Fixing the size up front (and scaling any frame that differs)
    removes the race."""
    from aiortc import MediaStreamTrack
    from aiortc.contrib.media import MediaRecorder

    width, height = VIDEO_SIZE

    class FixedSize(MediaStreamTrack):
        kind = "video"

        def __init__(self, source: MediaStreamTrack) -> None:
            super().__init__()
            self._source = source

        async def recv(self) -> Any:
            frame: Any = await self._source.recv()  # a video frame (av.VideoFrame) on a video track
            if (frame.width, frame.height) == (width, height):
                return frame
            scaled = frame.reformat(width=width, height=height)
            scaled.pts, scaled.time_base = frame.pts, frame.time_base
            return scaled

    class CameraRecorder(MediaRecorder):
        def addTrack(self, track: MediaStreamTrack) -> None:
            if track.kind != "video":
                super().addTrack(track)
                return
            track = FixedSize(track)
            super().addTrack(track)
            context = self._MediaRecorder__tracks[track]  # type: ignore[attr-defined]
            context.stream.width, context.stream.height = width, height
            # libvpx's defaults aim at quality, not speed: on 2 cores they starve the speech model.
            context.stream.codec_context.options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
            context.started = True  # the size is set: never touch it once the codec is open

    return CameraRecorder(str(path), format="webm")
