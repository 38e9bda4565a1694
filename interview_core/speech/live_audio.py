"""Live transcription of a stream of audio frames: resample, find utterances, transcribe each
one as soon as the speaker pauses.

Pure and testable: frames are NumPy arrays (from WebRTC, a file or a test), time comes from an
injectable clock, and transcription runs on a worker thread through any object with
`transcribe(samples, vocabulary=...)`. The page polls `snapshot()`, a frozen dataclass, and
every finished segment is handed to `on_segment` at once so it can be saved before anything else
happens: a dropped connection loses at most the utterance in progress.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from interview_core.domain import TimedWord
from interview_core.speech.transcription import SAMPLE_RATE, Transcript

log = logging.getLogger(__name__)

_FRAME = SAMPLE_RATE * 30 // 1000  # 30 ms analysis frames
_WORD_GAP_S = 0.12  # a gap between words or phrases, shorter than a pause


class SegmentTranscriber(Protocol):
    def transcribe(self, audio: np.ndarray, *, vocabulary: Sequence[str] = (), optional: bool = False) -> Transcript:
        """`optional`: a guess, which should wait until nobody needs the model."""
        ...


@dataclass(frozen=True)
class TranscriptSegment:
    index: int
    start_s: float  # in the stream's own time, from the first frame
    end_s: float
    text: str
    words: tuple[TimedWord, ...]
    lag_s: float  # from the end of the utterance to the text being ready


@dataclass(frozen=True)
class LiveSnapshot:
    state: str  # listening, speaking, transcribing, finished, failed
    segments: tuple[TranscriptSegment, ...] = ()
    received_s: float = 0.0  # audio received so far
    level_db: float = -120.0  # loudness of the latest frame, for a level meter
    heard_speech: bool = False
    error: str | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments if s.text).strip()

    @property
    def words(self) -> list[TimedWord]:
        return [w for s in self.segments for w in s.words]


def _mono_float(samples: np.ndarray, channels: int) -> np.ndarray:
    data = np.asarray(samples)
    data = data.astype(np.float32) / 32768.0 if data.dtype == np.int16 else data.astype(np.float32)
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data.reshape(-1)


class StreamResampler:
    """Interleaved int16/float frames at any rate and channel count -> float32 mono at 16 kHz.

    Stateful, so a stream cut into 10-20 ms frames comes out exactly as the whole signal would:
    the low-pass filter and the sample positions carry over from one frame to the next (filtering
    each frame on its own leaves a click at every frame edge, 50 times a second)."""

    _HALF = 32  # filter taps each side

    def __init__(self) -> None:
        self._rate: int | None = None

    def _reset(self, rate: int) -> None:
        self._rate, self._ratio = rate, rate / SAMPLE_RATE
        if self._ratio > 1:
            # Low-pass below the new Nyquist frequency before dropping samples, or high
            # frequencies fold back into the speech band.
            taps = np.arange(-self._HALF, self._HALF + 1)
            kernel = np.sinc(taps / self._ratio) / self._ratio * np.hamming(len(taps))
            self._kernel, self._half = (kernel / kernel.sum()).astype(np.float32), self._HALF
        else:
            self._kernel, self._half = np.ones(1, dtype=np.float32), 0
        self._history = np.zeros(2 * self._half + 1, dtype=np.float32)
        # Output sample n sits at input position origin + n * ratio; counting (rather than adding
        # the ratio up) keeps every position exact however long the stream runs.
        self._emitted, self._origin = 0, float(len(self._history))

    def __call__(self, samples: np.ndarray, sample_rate: int, channels: int = 1) -> np.ndarray:
        mono = _mono_float(samples, channels)
        if sample_rate == SAMPLE_RATE:
            return mono
        if sample_rate != self._rate:
            self._reset(sample_rate)
        return self._emit(mono, until=None)

    def flush(self) -> np.ndarray:
        """The last few milliseconds the filter still holds, at the end of a stream."""
        if self._rate is None or self._ratio == 1:
            return np.zeros(0, dtype=np.float32)
        end = len(self._history)
        return self._emit(np.zeros(self._half + 1, dtype=np.float32), until=end)

    def _emit(self, mono: np.ndarray, *, until: int | None) -> np.ndarray:
        buffer = np.concatenate([self._history, mono])
        filtered = np.convolve(buffer, self._kernel, mode="valid")  # filtered[k] is buffer[k + half]
        last = len(buffer) - 1 - self._half  # the last position with a filtered neighbour
        stop = last if until is None else min(last, until)
        first = self._emitted
        count = max(0, int(np.ceil((stop - self._origin) / self._ratio - first)))
        positions = self._origin + (first + np.arange(count)) * self._ratio
        out = np.interp(positions - self._half, np.arange(len(filtered)), filtered).astype(np.float32)
        self._emitted += count
        drop = max(0, len(buffer) - (2 * self._half + 2))
        self._history, self._origin = buffer[drop:], self._origin - drop
        return out


def to_mono_16k(samples: np.ndarray, sample_rate: int, channels: int = 1) -> np.ndarray:
    """A whole clip at once (a stream goes through one `StreamResampler`)."""
    resample = StreamResampler()
    return np.concatenate([resample(samples, sample_rate, channels), resample.flush()])


def _db(frame: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(frame * frame)) + 1e-9))


@dataclass
class _Utterance:
    start_s: float  # includes the pre-roll
    first_voiced_s: float
    chunks: list[np.ndarray] = field(default_factory=list)
    voiced_until_s: float = 0.0
    ended_at: float = 0.0  # clock time of the last voiced frame
    # A guess made early in a pause: if the pause turns out to end the utterance, its transcript
    # is the utterance's (only silence came after it), and the text is ready almost at once.
    guess_chunks: int = 0  # chunks the guess covers; 0: no guess pending or valid
    guess: Transcript | None = None


@dataclass(frozen=True)
class _Job:
    utterance: _Utterance
    final: bool  # False: a guess, skipped when the speaker has carried on meanwhile


class LiveTranscriber:
    def __init__(
        self,
        transcriber: SegmentTranscriber,
        *,
        vocabulary: Sequence[str] = (),
        on_segment: Callable[[TranscriptSegment], None] | None = None,
        silence_s: float = 0.5,
        min_speech_s: float = 0.25,
        max_segment_s: float = 25.0,
        split_after_s: float | None = 5.0,
        guess_after_s: float | None = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transcriber = transcriber
        self._vocabulary = list(vocabulary)
        self._on_segment = on_segment
        self._silence_s, self._min_speech_s, self._max_segment_s = silence_s, min_speech_s, max_segment_s
        self._guess_after_s = guess_after_s
        self._split_after_s = split_after_s
        self._clock = clock
        self._lock = threading.Lock()
        self._snapshot = LiveSnapshot(state="listening")
        self._resample = StreamResampler()
        self._pending = np.zeros(0, dtype=np.float32)
        self._received = 0  # samples at 16 kHz
        self._noise_db = -60.0
        self._utterance: _Utterance | None = None
        self._preroll: list[np.ndarray] = []
        self._count = 0
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="live-transcriber", daemon=True)
        self._worker.start()

    # --- input ---------------------------------------------------------------------------------

    def push(self, samples: np.ndarray, sample_rate: int, channels: int = 1) -> None:
        """Feed audio as it arrives. Cheap: analysis only; transcription happens on the worker."""
        self._pending = np.concatenate([self._pending, self._resample(samples, sample_rate, channels)])
        while len(self._pending) >= _FRAME:
            frame, self._pending = self._pending[:_FRAME], self._pending[_FRAME:]
            self._analyse(frame)

    def _analyse(self, frame: np.ndarray) -> None:
        now_s = self._received / SAMPLE_RATE
        self._received += len(frame)
        level = _db(frame)
        # The noise floor follows quiet frames quickly and loud ones very slowly (a long answer
        # must not teach it that speech is noise), and never rises above a noisy room's level.
        self._noise_db += (level - self._noise_db) * (0.2 if level < self._noise_db else 0.001)
        self._noise_db = min(self._noise_db, -35.0)
        voiced = level > max(self._noise_db + 12.0, -55.0)
        utterance = self._utterance
        if utterance is None:
            self._preroll = [*self._preroll[-7:], frame]  # ~0.2 s before the first voiced frame
            if voiced:
                start = now_s - 0.03 * (len(self._preroll) - 1)
                utterance = self._utterance = _Utterance(start_s=start, first_voiced_s=now_s)
                utterance.chunks.extend(self._preroll)
                utterance.voiced_until_s, utterance.ended_at = now_s + 0.03, self._clock()
        else:
            utterance.chunks.append(frame)
            if voiced:
                utterance.voiced_until_s, utterance.ended_at = now_s + 0.03, self._clock()
                utterance.guess_chunks, utterance.guess = 0, None  # the speaker carried on
            length = now_s + 0.03 - utterance.start_s
            quiet_s = now_s + 0.03 - utterance.voiced_until_s
            if (
                quiet_s >= self._silence_s
                or length >= self._max_segment_s
                # A long stretch of speech is cut at its next short gap (between words): the first
                # part is transcribed while the candidate talks on, and the text after the final
                # pause has less to wait for (bench_live_transcription.py).
                or (self._split_after_s is not None and length >= self._split_after_s and quiet_s >= _WORD_GAP_S)
            ):
                self._close()
            elif (
                self._guess_after_s is not None
                and quiet_s >= self._guess_after_s
                and not utterance.guess_chunks
                and utterance.voiced_until_s - utterance.first_voiced_s >= self._min_speech_s
                and not getattr(self._transcriber, "busy", False)  # a guess is optional work: skip it under load
            ):
                utterance.guess_chunks = len(utterance.chunks)
                self._queue.put(_Job(utterance, final=False))
        with self._lock:
            heard = self._snapshot.heard_speech or voiced
            state = (
                self._snapshot.state
                if self._snapshot.state == "failed"
                else (
                    "speaking"
                    if self._utterance is not None
                    else "transcribing"
                    if not self._queue.empty()
                    else "listening"
                )
            )
            self._snapshot = replace(
                self._snapshot, received_s=self._received / SAMPLE_RATE, level_db=level, heard_speech=heard, state=state
            )

    def _close(self) -> None:
        utterance, self._utterance, self._preroll = self._utterance, None, []
        if utterance and utterance.voiced_until_s - utterance.first_voiced_s >= self._min_speech_s:
            self._queue.put(_Job(utterance, final=True))

    def finish(self, timeout: float | None = 60.0) -> LiveSnapshot:
        """The stream ended: transcribe what is left and wait for the worker."""
        self._pending = np.concatenate([self._pending, self._resample.flush()])
        if len(self._pending):
            self._analyse(np.pad(self._pending, (0, _FRAME - len(self._pending))))
            self._pending = np.zeros(0, dtype=np.float32)
        self._close()
        self._queue.put(None)
        self._worker.join(timeout)
        with self._lock:
            if self._snapshot.state != "failed":
                self._snapshot = replace(self._snapshot, state="finished")
            return self._snapshot

    def snapshot(self) -> LiveSnapshot:
        with self._lock:
            return self._snapshot

    # --- transcription -------------------------------------------------------------------------

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            utterance = job.utterance
            covered = utterance.guess_chunks  # read once: the input thread may reset it
            if not job.final:
                if covered:  # still a pause: guess
                    try:
                        guess = self._transcriber.transcribe(
                            np.concatenate(utterance.chunks[:covered]), vocabulary=self._vocabulary, optional=True
                        )
                    except Exception:
                        log.exception("transcribing a guess failed; the utterance is transcribed when it ends")
                        continue
                    if utterance.guess_chunks == covered:
                        utterance.guess = guess
                continue
            audio = np.concatenate(utterance.chunks)
            try:
                if covered and utterance.guess is not None:
                    transcript = utterance.guess  # only silence followed it
                else:
                    transcript = self._transcriber.transcribe(audio, vocabulary=self._vocabulary)
            except Exception as error:
                log.exception("transcribing a segment failed")
                with self._lock:
                    self._snapshot = replace(
                        self._snapshot, state="failed", error=f"Speech recognition failed: {error}"
                    )
                continue
            words = tuple(
                TimedWord(
                    word=w.word, start=round(utterance.start_s + w.start, 3), end=round(utterance.start_s + w.end, 3)
                )
                for w in transcript.words
            )
            segment = TranscriptSegment(
                index=self._count,
                start_s=round(utterance.start_s, 3),
                end_s=round(utterance.start_s + len(audio) / SAMPLE_RATE, 3),
                text=transcript.text,
                words=words,
                lag_s=round(self._clock() - utterance.ended_at, 3),
            )
            self._count += 1
            if self._on_segment is not None:
                self._on_segment(segment)  # saved before it is shown
            with self._lock:
                self._snapshot = replace(self._snapshot, segments=(*self._snapshot.segments, segment))
