"""Speech to text: word error rate, speed and memory, and whether vocabulary biasing helps.

- WER on ../shared/speech (real human speech with reference transcripts; our machines only),
  scored after Whisper's English text normalizer. Target ≤7 % (tiny.en ≈ 8.5 % by default).
- Real-time factor (processing time / audio time) on 2 cores. Target ≤0.10.
- Interview speech: technical sentences spoken by espeak-ng, transcribed with and without the
  interview's vocabulary in the initial prompt.
- Resident memory with the model loaded.

Compares the app's settings with faster-whisper's stock ones (int8, beam 5, full 30 s window).

    python bench/bench_transcription.py [--stock]
"""

from __future__ import annotations

import argparse
import csv
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SPEECH = ROOT.parent / "shared" / "speech"

from whisper_normalizer.english import EnglishTextNormalizer  # noqa: E402

from interview_core.speech.transcription import WhisperTranscriber  # noqa: E402

NORMALIZE = EnglishTextNormalizer()
# (sentence, the vocabulary an interview about it would pass)
INTERVIEW_SPEECH = [
    ("A database index is a B-tree that speeds up reads but slows down writes.", "database,index,B-tree,reads,writes"),
    ("I would use a hash map to count the words, then a heap to keep the top k.", "hash map,heap,top k,count"),
    ("Kubernetes restarts the pod when the liveness probe fails.", "Kubernetes,pod,liveness probe,readiness"),
    (
        "We sharded PostgreSQL by tenant and added read replicas for the dashboards.",
        "PostgreSQL,sharding,replicas,tenant",
    ),
    ("The goroutine leaked because nobody cancelled its context.", "goroutine,context,cancel,channel"),
    ("Idempotency keys let the client retry a payment without charging twice.", "idempotency,retry,payment,key"),
    ("React re-renders the component when its state or props change.", "React,component,state,props,re-render"),
    (
        "I cut the p99 latency from nine hundred to two hundred milliseconds with a Redis cache.",
        "latency,p99,Redis,cache",
    ),
]


def _words(text: str) -> list[str]:
    """Whisper's English normaliser, then digits one by one: it joins "one zero oh two" into
    "1002" but leaves "1 0 0 2" apart, and a digit string is read digit by digit anyway."""
    return re.sub(r"(?<=\d)(?=\d)", " ", NORMALIZE(text)).split()


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edit distance in words, words in the reference), after normalisation."""
    ref, hyp = _words(reference), _words(hypothesis)
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1], len(ref)


def bench_real_speech(transcriber: WhisperTranscriber) -> None:
    manifest = SPEECH / "manifest.csv"
    if not manifest.is_file():
        print(f"real speech: {SPEECH} not found (it exists only on our machines); skipped")
        return
    errors = words = 0
    audio = processing = 0.0
    for row in csv.DictReader(manifest.open(encoding="utf-8")):
        transcript = transcriber.transcribe(SPEECH / row["file"])
        e, n = word_errors(row["transcript"], transcript.text)
        errors, words = errors + e, words + n
        audio, processing = audio + transcript.duration_s, processing + transcript.processing_s
        print(f"  {row['file']:<45} WER {e / n:6.1%}  RTF {transcript.processing_s / transcript.duration_s:.3f}")
    print(
        f"real speech, {describe(transcriber)}: WER {errors / words:.2%} over {words} words "
        f"(target ≤7 %), real-time factor {processing / audio:.3f} over {audio:.0f} s (target ≤0.10), "
        f"{transcriber.fallbacks} full-window retries"
    )


def describe(transcriber: WhisperTranscriber) -> str:
    window = "short window" if transcriber.short_window else "30 s window"
    return f"{transcriber.compute_type}, beam {transcriber.beam_size}, {window}"


def bench_vocabulary(transcriber: WhisperTranscriber) -> None:
    with tempfile.TemporaryDirectory() as folder:
        totals = {"without vocabulary": [0, 0], "with vocabulary": [0, 0]}
        for index, (sentence, vocabulary) in enumerate(INTERVIEW_SPEECH):
            wav = Path(folder) / f"{index}.wav"
            voice = ("en-us", "en-gb")[index % 2]
            subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(wav), sentence], check=True)
            for label, terms in (("without vocabulary", []), ("with vocabulary", vocabulary.split(","))):
                e, n = word_errors(sentence, transcriber.transcribe(wav, vocabulary=terms).text)
                totals[label][0] += e
                totals[label][1] += n
        for label, (e, n) in totals.items():
            print(f"interview speech (espeak-ng), {label}: WER {e / n:.1%} over {n} words")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stock", action="store_true", help="also run faster-whisper's stock settings")
    args = parser.parse_args()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    transcribers = [WhisperTranscriber()]
    print(
        f"model load: {time.perf_counter() - started:.2f} s; "
        f"peak RSS grew {(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024:.0f} MB"
    )
    if args.stock:
        transcribers.append(WhisperTranscriber(beam_size=5, compute_type="int8", short_window=False))
    for transcriber in transcribers:
        transcriber.transcribe(SPEECH / "jfk_inaugural_1961.wav" if SPEECH.is_dir() else __file__)  # warm-up
        bench_real_speech(transcriber)
    bench_vocabulary(transcribers[0])
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
