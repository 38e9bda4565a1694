"""Answers to coding questions typed with code, scored by the offline evaluator beside the same
answers in prose (`tests/data/graded_code/`: each coding question's excellent, good, weak and
wrong answers as a candidate types them, a fenced or a bare block of Python or SQL among the
sentences). The scorer sets code aside and reads what is said about it; code should cost a good
answer nothing it said and earn a wrong one nothing. Prints, per label, (code − prose) and the
pairs of code answers in the intended order.

    python bench/bench_code_answers.py            # add --verbose for every answer's scores
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interview_core.scoring.devset import load_graded_items  # noqa: E402
from interview_core.scoring.evaluator import SHIPPED, OfflineEvaluator  # noqa: E402

CODE_ANSWERS = ROOT / "tests/data/graded_code/code_answers.yaml"
LABELS = ("excellent", "good", "weak", "wrong")
ORDER = (("excellent", "weak"), ("good", "weak"), ("good", "wrong"), ("excellent", "wrong"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="every answer's prose and code scores")
    args = parser.parse_args()
    typed = yaml.safe_load(CODE_ANSWERS.read_text(encoding="utf-8"))["items"]
    sources = {ROOT / entry["source"] for entry in typed}
    items = {item.id: item for item in load_graded_items(sources)}
    evaluator = OfflineEvaluator(judge=SHIPPED)
    gaps: dict[str, list[float]] = {label: [] for label in LABELS}
    ordered = {pair: 0 for pair in ORDER}
    noted = 0
    for entry in typed:
        item = items[entry["id"]]
        prose = {label: evaluator.evaluate(item.question, item.answers[label]).score for label in LABELS}
        code = {}
        for label in LABELS:
            evaluation = evaluator.evaluate(item.question, entry["answers"][label])
            code[label] = evaluation.score
            noted += "Your code (" in evaluation.feedback or "code with no explanation" in evaluation.feedback
            gaps[label].append(code[label] - prose[label])
        for better, worse in ORDER:
            ordered[better, worse] += code[better] > code[worse]
        if args.verbose:
            print(entry["id"], "  ".join(f"{label} {prose[label]:.1f}→{code[label]:.1f}" for label in LABELS))
    count = len(typed)
    for label in LABELS:
        print(
            f"{label:<9} code − prose over {count}: median {statistics.median(gaps[label]):+5.1f}  "
            f"lowest {min(gaps[label]):+6.1f}  highest {max(gaps[label]):+6.1f}"
        )
    print("code answers in order: " + ", ".join(f"{b} > {w} {ordered[b, w]}/{count}" for b, w in ORDER))
    print(f"told their code was set aside: {noted}/{count * len(LABELS)}")


if __name__ == "__main__":
    main()
