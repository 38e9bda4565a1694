"""Conversation mode: how long the candidate waits for the interviewer, and how many conversations
2 cores carry.

Each conversation is the real thing minus the browser: `SpokenInterview` with Silero VAD, Whisper
tiny.en and the Piper voice, a SQLite database and the offline engine; the "microphone" plays
espeak-ng answers in real time (20 ms frames, as WebRTC sends them) whenever it is the
candidate's turn, silence otherwise. Turn latency is measured from the end of the candidate's
speech to the first audio of the interviewer's next line leaving the server; it includes the
patience (the silence the candidate chose to end a turn), so the figure beyond the patience is
printed too. Targets (issue: conversation mode): ≤1.2 s median and ≤2 s p95; ≥4 conversations at
once with p95 ≤2 s.

    python bench/bench_conversation.py [--conversations 1,2,4] [--patience 1.0]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
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

from interview_core.domain import InterviewSetup  # noqa: E402
from interview_core.engines.offline import OfflineEngine  # noqa: E402
from interview_core.interview.flow import plan_interview  # noqa: E402
from interview_core.interview.spoken import SpokenInterview  # noqa: E402
from interview_core.media.store import LocalMediaStore  # noqa: E402
from interview_core.speech.transcription import shared_transcriber  # noqa: E402
from interview_core.speech.turns import SileroVad  # noqa: E402
from interview_core.speech.voice import shipped_voice  # noqa: E402
from interview_core.storage import repository  # noqa: E402
from interview_core.storage.database import Database, create_db_engine, migrate  # noqa: E402
from interview_core.storage.models import row_id  # noqa: E402

RATE = 48_000
FRAME = RATE // 50
ANSWERS = (
    "I would add an index on the column we filter by, and measure the query before and after.",
    "I would check the slow query log first, then add an index on the filtered column.",
    "I would use cursor based pagination, keyed on the created time and the record id.",
)


def speech(text: str, folder: Path) -> np.ndarray:
    raw, resampled = folder / "raw.wav", folder / "48k.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(resampled)], check=True)
    with wave.open(str(resampled)) as f:
        return np.frombuffer(f.readframes(f.getnframes()), dtype=np.int16).astype(np.float32) / 32768


class TimedOut:
    """The outgoing track: when each line's first audio left, on the wall clock."""

    def __init__(self) -> None:
        self.pushes: list[float] = []

    def push(self, pcm: np.ndarray) -> None:
        self.pushes.append(time.monotonic())

    def clear(self) -> None:
        pass


def converse(database: Database, folder: Path, answers: list[np.ndarray], patience: float) -> list[float]:
    """One whole interview; the turn latencies (end of the candidate's speech → next line's audio)."""
    with database.session() as session:
        owner = row_id(repository.local_user(session=session))
        interview = plan_interview(
            session=session,
            engine=OfflineEngine(),
            owner_id=owner,
            setup=InterviewSetup(job_role="Backend Engineer", question_count=3, patience_s=patience),
        )
    out = TimedOut()
    spoken = SpokenInterview(
        database=database,
        engine=OfflineEngine(),
        media=LocalMediaStore(folder / "media"),
        transcriber=shared_transcriber(),
        voice=shipped_voice(),  # type: ignore[arg-type]
        detector=SileroVad(),
        out=out,
        spool_dir=folder / "spool",
        owner_id=owner,
        interview_id=row_id(interview),
        patience_s=patience,
        follow_ups=0,
    )
    spoken.start()
    latencies: list[float] = []
    quiet = np.zeros(FRAME, dtype=np.float32)
    clock = time.monotonic()
    answer_index, ended_at, lines_before = 0, None, 0

    def frame(samples: np.ndarray) -> None:
        nonlocal clock
        clock += 0.02
        time.sleep(max(0.0, clock - time.monotonic()))  # real time, as a microphone delivers it
        spoken.push(samples, RATE)

    deadline = time.monotonic() + 600
    while not spoken.snapshot().finished and time.monotonic() < deadline:
        snapshot = spoken.snapshot()
        if ended_at is not None and len(out.pushes) > lines_before:
            latencies.append(out.pushes[lines_before] - ended_at)
            ended_at = None
        if snapshot.listening and ended_at is None and answer_index < len(answers) and not snapshot.voice_playing:
            audio = answers[answer_index]
            for start in range(0, len(audio), FRAME):
                frame(np.pad(audio[start : start + FRAME], (0, max(0, FRAME - len(audio[start : start + FRAME])))))
            # The clip ends in a little silence: the speech itself ended that much earlier.
            voiced = np.flatnonzero(np.abs(audio) > 0.02)
            tail_s = (len(audio) - (voiced[-1] + 1 if len(voiced) else 0)) / RATE
            ended_at, lines_before, answer_index = time.monotonic() - tail_s, len(out.pushes), answer_index + 1
        else:
            frame(quiet)
    if ended_at is not None and len(out.pushes) > lines_before:
        latencies.append(out.pushes[lines_before] - ended_at)
    spoken.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", default="1,2,4")
    parser.add_argument("--patience", type=float, default=1.0)
    args = parser.parse_args()
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        raise SystemExit("needs espeak-ng and sox")

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    voice = shipped_voice()
    assert voice is not None, "the voice packages are not installed"
    load_s = time.perf_counter() - started
    line = "Thanks. Question 2 of 3. How would you paginate an API endpoint that returns a large, changing list?"
    list(voice.sentences("Warming up."))
    started = time.perf_counter()
    rendered = sum(len(s) for s in voice.sentences(line)) / voice.sample_rate
    synthesis_s = time.perf_counter() - started
    print(
        f"voice: load {load_s * 1000:.0f} ms; a {len(line.split())}-word line, {rendered:.1f} s of audio, "
        f"rendered in {synthesis_s * 1000:.0f} ms (real-time factor {synthesis_s / rendered:.3f})"
    )
    shared_transcriber()
    SileroVad()
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory with speech recognition, VAD and the voice loaded: {loaded:.0f} MB (+{loaded - before:.0f} MB)")

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        answers = [speech(text, folder) for text in ANSWERS]
        for count in (int(n) for n in args.conversations.split(",")):
            engine = create_db_engine(f"sqlite:///{folder / f'bench-{count}.db'}")
            migrate(engine)
            database = Database(engine)
            results: list[list[float]] = [[] for _ in range(count)]

            def run(index: int, database: Database = database, results: list[list[float]] = results) -> None:
                results[index] = converse(database, folder / f"c{len(results)}-{index}", answers, args.patience)

            threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            latencies = sorted(x for r in results for x in r)
            if not latencies:
                print(f"{count} at once: no turn completed")
                continue
            p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
            median = statistics.median(latencies)
            print(
                f"{count} conversation(s) at once, patience {args.patience:.1f} s: turn latency median "
                f"{median:.2f} s, p95 {p95:.2f} s over {len(latencies)} turns; beyond the patience median "
                f"{median - args.patience:.2f} s, p95 {p95 - args.patience:.2f} s (target ≤1.2 s median, ≤2 s p95)"
            )


if __name__ == "__main__":
    main()
