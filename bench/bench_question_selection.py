"""Question selection speed. Target: median ≤100 ms per selection (issue: foundation).

Prints: bank load time (cold, once per process), selection time over varied setups (median, p95,
max), and the whole `python -m interview_core questions ... --json` command (start-up included).

    python bench/bench_question_selection.py
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interview_core.domain import InterviewSetup, InterviewType, Level  # noqa: E402
from interview_core.questions.bank import load_bank, select_questions  # noqa: E402

STACKS = [["python", "postgresql"], ["react", "typescript"], ["go", "k8s", "aws"], ["java", "spring"], ["elixir"], []]
ROLES = ["Backend Engineer", "Frontend Developer", "Platform Engineer", "Data Scientist", "Engineering Manager"]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    started = time.perf_counter()
    bank = load_bank()
    print(f"bank: {len(bank)} questions, loaded and validated in {_ms(time.perf_counter() - started)}")

    timings = []
    combos = itertools.product(ROLES, STACKS, list(InterviewType), [Level.ENTRY, Level.SENIOR], [5, 10])
    for seed, (role, stack, kind, level, count) in enumerate(combos):
        setup = InterviewSetup(job_role=role, tech_stack=stack, interview_type=kind, level=level, question_count=count)
        avoid = {q.id for q in bank.questions[seed % 50 :: 7]}
        begin = time.perf_counter()
        select_questions(bank, setup, seed=seed, avoid_ids=avoid)
        timings.append(time.perf_counter() - begin)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    print(
        f"selection: {len(timings)} setups, median {_ms(statistics.median(timings))}, "
        f"p95 {_ms(p95)}, max {_ms(timings[-1])} (target: median ≤100 ms)"
    )

    command = [
        sys.executable,
        "-m",
        "interview_core",
        "questions",
        "--role",
        "Backend Engineer",
        "--type",
        "technical",
        "--stack",
        "python,postgresql",
        "--count",
        "5",
        "--json",
    ]
    runs = []
    for _ in range(7):
        begin = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        runs.append(time.perf_counter() - begin)
    print(f"CLI questions command, whole process: median {_ms(statistics.median(runs))}, max {_ms(max(runs))}")


if __name__ == "__main__":
    main()
