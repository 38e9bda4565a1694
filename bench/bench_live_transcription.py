"""Live transcript lag and capacity: N candidates speaking at once, in real time, on 2 cores.

Each stream plays espeak-ng answers (utterances with pauses) into its own LiveTranscriber at
real-time pace in 20 ms frames; all streams share one loaded model, as the app does. Lag is
from the end of an utterance to its text being ready. Targets: median ≤1.0 s, p95 ≤2 s, and
≥4 simultaneous interviews with p95 ≤2 s.

    python bench/bench_live_transcription.py [--streams 1 2 4 6]
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

from interview_core.live_audio import LiveTranscriber  # noqa: E402
from interview_core.transcription import SAMPLE_RATE, shared_transcriber  # noqa: E402

UTTERANCES = [
    "I would start by clarifying the requirements and the expected traffic.",
    "Then I would put a cache in front of the database for the hot keys.",
    "Writes go through a queue so a slow consumer cannot block the API.",
    "Finally I would monitor latency and error rates and alert on both.",
]


def _speech(folder: Path, text: str) -> np.ndarray:
    wav = folder / f"{abs(hash(text))}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(wav), text], check=True)
    with wave.open(str(wav)) as handle:
        rate = handle.getframerate()
        data = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    return np.interp(np.arange(0, len(data), rate / SAMPLE_RATE), np.arange(len(data)), data).astype(np.float32)


def run(streams: int, answer: np.ndarray) -> list[float]:
    model = shared_transcriber()
    lags: list[float] = []
    lock = threading.Lock()

    def one(offset: float) -> None:
        time.sleep(offset)  # candidates do not all start speaking in the same millisecond
        live = LiveTranscriber(model, vocabulary=["cache", "queue", "latency"])
        step = SAMPLE_RATE // 50
        start = time.monotonic()
        for index in range(0, len(answer), step):
            live.push(answer[index : index + step], SAMPLE_RATE)
            # Real time: wait until this frame would have been spoken.
            delay = start + (index + step) / SAMPLE_RATE - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        final = live.finish()
        with lock:
            lags.extend(s.lag_s for s in final.segments)

    threads = [threading.Thread(target=one, args=(i * 0.37,)) for i in range(streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(lags)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, nargs="+", default=[1, 2, 4, 6, 8])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pause = np.zeros(int(0.9 * SAMPLE_RATE), dtype=np.float32)
        parts = []
        for text in UTTERANCES:
            parts += [_speech(Path(folder), text), pause]
        answer = np.concatenate(parts)
    shared_transcriber().transcribe(answer[: SAMPLE_RATE * 2])  # load and warm the model
    print(
        f"answer: {len(answer) / SAMPLE_RATE:.1f} s, {len(UTTERANCES)} utterances; "
        f"peak RSS with the model loaded: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    for streams in args.streams:
        lags = run(streams, answer)
        p50, p95 = float(np.median(lags)), lags[min(len(lags) - 1, int(len(lags) * 0.95))]
        print(
            f"{streams} simultaneous interview(s): lag median {p50:.2f} s ({'≤' if p50 <= 1 else '>'}1 s), "
            f"p95 {p95:.2f} s ({'≤' if p95 <= 2 else '>'}2 s, the capacity criterion), "
            f"max {lags[-1]:.2f} s over {len(lags)} utterances"
        )


if __name__ == "__main__":
    main()
