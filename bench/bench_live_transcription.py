"""Live transcript lag and capacity: N candidates speaking at once, in real time, on 2 cores.

Each stream plays espeak-ng answers (utterances with pauses) into its own LiveTranscriber at
real-time pace in 20 ms frames; all streams share one loaded model, as the app does. Lag is
from the end of an utterance to its text being ready. Targets: median ≤1.0 s, p95 ≤2 s, and
≥4 simultaneous interviews with p95 ≤2 s.

    python bench/bench_live_transcription.py [--streams 1 2 4 6] [--speech espeak|human] [--aligned]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from interview_core.speech.live_audio import LiveTranscriber  # noqa: E402
from interview_core.speech.transcription import SAMPLE_RATE, shared_transcriber  # noqa: E402

# The commas make espeak pause mid-sentence, as people do: those pauses set off guesses
# (LiveTranscriber transcribes early in every pause) that are thrown away when speech resumes.
UTTERANCES = [
    "I would start by clarifying the requirements, and the expected traffic.",
    "Then I would put a cache, in front of the database, for the hot keys.",
    "Writes go through a queue, so a slow consumer cannot block the API.",
    "Finally I would monitor latency and error rates, and alert on both.",
]


OPTIONS: dict[str, float | None] = {}  # LiveTranscriber's, from the command line


class CountingModel:
    """The shared model, counting calls: how much work the guesses cost."""

    def __init__(self, model: object) -> None:
        self.model, self.calls, self.busy_s = model, 0, 0.0
        self._lock = threading.Lock()

    @property
    def busy(self) -> bool:  # LiveTranscriber skips guesses while the model is busy, as in the app
        return self.model.busy

    def transcribe(self, audio: np.ndarray, *, vocabulary: list[str] = (), optional: bool = False) -> object:  # type: ignore[assignment]
        transcript = self.model.transcribe(audio, vocabulary=vocabulary, optional=optional)
        with self._lock:
            self.calls += 1
            self.busy_s += transcript.processing_s  # time inside the model, queueing excluded
        return transcript


def _speech(folder: Path, text: str) -> np.ndarray:
    wav = folder / f"{abs(hash(text))}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(wav), text], check=True)
    with wave.open(str(wav)) as handle:
        rate = handle.getframerate()
        data = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    return np.interp(np.arange(0, len(data), rate / SAMPLE_RATE), np.arange(len(data)), data).astype(np.float32)


def run(streams: int, answer: np.ndarray, *, aligned: bool) -> tuple[list[float], CountingModel, list]:
    model = CountingModel(shared_transcriber())
    lags: list[float] = []
    first_stream: list = []
    lock = threading.Lock()

    def one(number: int) -> None:
        # Candidates say different things at different moments: each stream starts its own
        # way into the recording (and wraps round), so their pauses do not line up.
        # (--aligned: every stream pauses at the same moment, the worst case for queueing.)
        shift = 0 if aligned else number * len(answer) // streams
        audio = np.roll(answer, -shift)
        time.sleep(number * 0.37)
        live = LiveTranscriber(model, vocabulary=["cache", "queue", "latency"], **OPTIONS)
        step = SAMPLE_RATE // 50
        start = time.monotonic()
        for index in range(0, len(audio), step):
            live.push(audio[index : index + step], SAMPLE_RATE)
            # Real time: wait until this frame would have been spoken.
            delay = start + (index + step) / SAMPLE_RATE - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        final = live.finish()
        with lock:
            lags.extend(s.lag_s for s in final.segments)
            if number == 0:
                first_stream.extend(final.segments)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(lags), model, first_stream


def live_word_errors(segments: list, clips: list[tuple[float, float, str]]) -> tuple[int, int]:
    """The live transcript against the references, each segment given to the clip it falls in."""
    from bench_transcription import word_errors

    errors = words = 0
    for start, end, reference in clips:
        heard = " ".join(s.text for s in segments if start <= (s.start_s + s.end_s) / 2 < end)
        e, n = word_errors(reference, heard)
        errors, words = errors + e, words + n
    return errors, words


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, nargs="+", default=[1, 2, 4, 6, 8, 10])
    parser.add_argument(
        "--speech",
        choices=["espeak", "human"],
        default="espeak",
        help="human: the clips in ../shared/speech (our machines only), with their natural pauses",
    )
    parser.add_argument("--aligned", action="store_true", help="every stream pauses at the same moments")
    parser.add_argument(
        "--split-after", type=float, help="cut speech longer than this (s) at its next short gap; 0: never"
    )
    parser.add_argument("--silence", type=float, help="seconds of quiet that end an utterance")
    args = parser.parse_args()
    if args.silence is not None:
        OPTIONS["silence_s"] = args.silence
    if args.split_after is not None:
        OPTIONS["split_after_s"] = args.split_after or None
    pause = np.zeros(int(0.9 * SAMPLE_RATE), dtype=np.float32)
    parts: list[np.ndarray] = []
    clips: list[tuple[float, float, str]] = []  # (start s, end s, reference), human speech only
    if args.speech == "human":
        import csv

        from faster_whisper.audio import decode_audio

        speech = ROOT.parent / "shared" / "speech"
        for row in csv.DictReader((speech / "manifest.csv").open(encoding="utf-8")):
            audio = decode_audio(str(speech / row["file"]), sampling_rate=SAMPLE_RATE)
            start = sum(len(part) for part in parts) / SAMPLE_RATE
            clips.append((start, start + (len(audio) + len(pause)) / SAMPLE_RATE, row["transcript"]))
            parts += [audio, pause]
    else:
        with tempfile.TemporaryDirectory() as folder:
            for text in UTTERANCES:
                parts += [_speech(Path(folder), text), pause]
    answer = np.concatenate(parts)
    shared_transcriber().transcribe(answer[: SAMPLE_RATE * 2])  # load and warm the model
    print(
        f"answer ({args.speech}): {len(answer) / SAMPLE_RATE:.1f} s; "
        f"peak RSS with the model loaded: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    for streams in args.streams:
        started = time.monotonic()
        lags, model, segments = run(streams, answer, aligned=args.aligned)
        span = time.monotonic() - started
        p50, p95 = float(np.median(lags)), lags[min(len(lags) - 1, int(len(lags) * 0.95))]
        print(
            f"{streams} simultaneous interview(s): lag median {p50:.2f} s ({'≤' if p50 <= 1 else '>'}1 s), "
            f"p95 {p95:.2f} s ({'≤' if p95 <= 2 else '>'}2 s, the capacity criterion), "
            f"max {lags[-1]:.2f} s over {len(lags)} segments; {model.calls / len(lags):.2f} model calls per "
            f"segment, {model.busy_s / model.calls:.2f} s per call, model busy {model.busy_s / span:.0%} of the time"
        )
        if clips:
            errors, words = live_word_errors(segments, clips)
            print(f"  live transcript WER (first stream): {errors / words:.2%} over {words} words")


if __name__ == "__main__":
    main()
