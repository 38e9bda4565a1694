"""When the candidate's turn is over: neural voice activity and whether the words sound finished.

A loudness threshold takes a fan, a keyboard or a breath for speech and a soft voice for
silence. Silero's voice activity model (its ONNX file ships inside faster-whisper, already a
dependency) gives a speech probability for every 32 ms of audio instead. Silence alone does not
end a turn either: a candidate thinking mid-sentence ("so the first thing I'd do is… um…") has
not finished. The turn ends after the candidate's own patience setting of silence when the words
so far sound finished, and only after a longer wait when they do not.

Pure and testable like live_audio: audio in, a frozen snapshot out, time counted in the audio
itself (so a test runs as fast as it can push samples), the model behind a one-method Protocol.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from interview_core.speech.transcription import SAMPLE_RATE

CHUNK = 512  # samples at 16 kHz: the 32 ms Silero reads at a time
_CHUNK_S = CHUNK / SAMPLE_RATE
_CONTEXT = 64  # samples of the previous chunk Silero sees before each one


class SpeechDetector(Protocol):
    def __call__(self, chunk: np.ndarray) -> float:
        """Probability that this 32 ms chunk (CHUNK float32 samples at 16 kHz) is speech."""
        ...

    def reset(self) -> None: ...


def silero_model_file() -> Path | None:
    """Silero VAD as faster-whisper ships it; None where faster-whisper is not installed."""
    try:
        import faster_whisper
    except ImportError:
        return None
    found = sorted((Path(faster_whisper.__file__).parent / "assets").glob("silero_vad*.onnx"))
    return found[-1] if found else None


class SileroVad:
    """Streaming Silero VAD: one chunk at a time, its recurrent state carried between chunks."""

    def __init__(self, model_file: Path | None = None) -> None:
        import onnxruntime

        path = model_file or silero_model_file()
        if path is None:
            raise FileNotFoundError("Silero VAD needs faster-whisper installed (it ships the model)")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1  # 0.15 ms a chunk: no threads needed
        options.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(_CONTEXT, dtype=np.float32)

    def __call__(self, chunk: np.ndarray) -> float:
        with self._lock:
            window = np.concatenate([self._context, chunk.astype(np.float32)])[None, :]
            out: Any
            out, self._h, self._c = self._session.run(None, {"input": window, "h": self._h, "c": self._c})
            self._context = window[0, -_CONTEXT:]
            return float(np.asarray(out).reshape(-1)[0])


# A thought that stops on a conjunction, a filler, an article, a preposition that needs its object
# or a verb waiting for its complement has not finished, whatever the punctuation: speech to text
# ends a segment with a full stop at every pause ("So the first thing I'd do is."). Without a full
# stop, words that can end a sentence ("…in front of it", "log in") but usually lead on count too.
_DANGLING = frozenset(
    """and or but so because since although though whereas if when while then than that which
    um uh er erm hmm like the a an my our your their this these those of to with from by into about
    as is are was were be been being would will can could should might must do does did have has had""".split()
)
_OPEN = _DANGLING | frozenset("in on at for i we you it its mean first second also plus".split())
_LAST_WORD = re.compile(r"([A-Za-z']+)\W*$")


def sounds_finished(text: str) -> bool:
    """Whether the words so far end like a finished thought."""
    stripped = text.strip()
    if not stripped or stripped.endswith((",", ";", ":", "-", "—", "…", "...")):
        return False
    last = _LAST_WORD.search(stripped)
    if last is None:
        return True
    word = last.group(1).lower().replace("'", "")
    return word not in (_DANGLING if stripped.endswith((".", "?", "!")) else _OPEN)


@dataclass(frozen=True)
class TurnSnapshot:
    speaking: bool  # the candidate is talking now
    heard_speech: bool  # since the turn began
    speech_s: float  # how much of the audio since the turn began was speech
    silence_s: float  # since the candidate last spoke (0 while talking)
    waiting_for_text: bool  # speech ended later than the transcript reaches: too early to judge
    holding: bool  # the candidate asked for a moment: no end until they speak again
    ended: bool  # the turn is over
    at_s: float  # audio time of this snapshot


class TurnDetector:
    """Decides when a turn is over from audio (pushed as it arrives, 16 kHz float32) and the
    transcript so far (`hear`). `patience_s`: the silence that ends a finished-sounding turn;
    one that does not sound finished waits `unfinished_factor` times as long."""

    def __init__(
        self,
        detector: SpeechDetector,
        *,
        patience_s: float = 2.0,
        unfinished_factor: float = 2.0,
        threshold: float = 0.5,
        min_speech_s: float = 0.3,
    ) -> None:
        self._detector = detector
        self.patience_s = patience_s
        self._unfinished_factor = unfinished_factor
        # Silero's own hysteresis: speech starts above the threshold and goes on until the
        # probability falls 0.15 below it, so a soft syllable does not split a word.
        self._on, self._off = threshold, threshold - 0.15
        self._min_speech_s = min_speech_s
        self._pending = np.zeros(0, dtype=np.float32)
        self._at_s = 0.0
        self.restart()

    def restart(self) -> None:
        """A new turn: forget what was heard (the interviewer has just spoken). The audio clock
        runs on, so times from one stream stay comparable."""
        self._detector.reset()
        self._speaking = False
        self._speech_s = 0.0
        self._last_speech_end_s: float | None = None
        self._text, self._text_through_s = "", 0.0
        self._holding = False
        self._ended = False

    @property
    def at_s(self) -> float:
        """Audio received so far, in seconds: the clock `hear`'s `through_s` is on."""
        return self._at_s

    def hold(self) -> None:
        """ "Give me a moment": the turn does not end on silence until the candidate speaks again."""
        self._holding = True
        self._ended = False

    def hear(self, text: str, *, through_s: float) -> None:
        """The transcript of this turn so far, covering the audio up to `through_s`."""
        self._text, self._text_through_s = text, through_s

    def push(self, samples: np.ndarray) -> TurnSnapshot:
        self._pending = np.concatenate([self._pending, np.asarray(samples, dtype=np.float32).reshape(-1)])
        while len(self._pending) >= CHUNK:
            chunk, self._pending = self._pending[:CHUNK], self._pending[CHUNK:]
            self._step(self._detector(chunk))
        return self.snapshot()

    def _step(self, probability: float) -> None:
        self._at_s += _CHUNK_S
        if probability >= self._on or (self._speaking and probability >= self._off):
            self._speaking = True
            self._speech_s += _CHUNK_S
            self._last_speech_end_s = self._at_s
            self._holding = False  # they are talking again
            self._ended = False
            return
        self._speaking = False
        if self._ended or self._holding or self._last_speech_end_s is None or self._speech_s < self._min_speech_s:
            return
        silence = self._at_s - self._last_speech_end_s
        if self._text_through_s + _CHUNK_S < self._last_speech_end_s:
            # The last words are still being transcribed: whether they sound finished is not
            # known yet, so only the long wait can end the turn.
            needed = self.patience_s * self._unfinished_factor
        else:
            needed = self.patience_s if sounds_finished(self._text) else self.patience_s * self._unfinished_factor
        self._ended = silence >= needed

    def snapshot(self) -> TurnSnapshot:
        silence = 0.0 if self._speaking or self._last_speech_end_s is None else self._at_s - self._last_speech_end_s
        return TurnSnapshot(
            speaking=self._speaking,
            heard_speech=self._speech_s >= self._min_speech_s,
            speech_s=round(self._speech_s, 3),
            silence_s=round(silence, 3),
            waiting_for_text=self._last_speech_end_s is not None
            and self._text_through_s + _CHUNK_S < self._last_speech_end_s,
            holding=self._holding,
            ended=self._ended,
            at_s=round(self._at_s, 3),
        )
