"""Resume reading time: a normal resume, and every hostile file (the worst one is the target).

Reading happens in a child process with a 2 s limit and a memory cap (pdf_text.py); this prints
the wall time per file (child start and pypdf import included), the profile extraction time, and
the largest memory any child used.

    python bench/bench_resume.py [--runs 10]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interview_core.resume.pdf_text import PdfProblem, read_pdf  # noqa: E402
from interview_core.resume.profile import extract_profile  # noqa: E402

PDFS = ROOT / "tests" / "data" / "pdfs"


def timed(data: bytes) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        text = read_pdf(data).text
        outcome = "read"
    except PdfProblem as problem:
        text, outcome = "", problem.kind
    return time.perf_counter() - started, (outcome, text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    for name in ("resume_one_column.pdf", "resume_two_column.pdf", "resume_bullets.pdf"):
        data = (PDFS / name).read_bytes()
        times, text = [], ""
        for _ in range(args.runs):
            seconds, (_, text) = timed(data)
            times.append(seconds)
        started = time.perf_counter()
        for _ in range(args.runs):
            extract_profile(text)
        profile_ms = (time.perf_counter() - started) / args.runs * 1000
        print(
            f"{name:<34} read median {statistics.median(times):.2f} s, max {max(times):.2f} s; "
            f"profile {profile_ms:.1f} ms"
        )
    worst = (0.0, "")
    for path in sorted(PDFS.glob("hostile_*.pdf")):
        seconds, (outcome, _) = max((timed(path.read_bytes()) for _ in range(3)), key=lambda r: r[0])
        print(f"{path.name:<34} {outcome:<15} {seconds:.2f} s (slowest of 3)")
        worst = max(worst, (seconds, path.name))
    print(f"worst hostile file: {worst[1]} in {worst[0]:.2f} s (target: about 2 s)")
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest memory of a reading child: {child_mb:.0f} MB (capped at 768 MB of address space)")


if __name__ == "__main__":
    main()
