"""Behavioral stories told in the candidate's own words, scored by the offline evaluator.

A real candidate tells a story in its own domain's words ("our CTO decided to rewrite the ledger in
Rust"), not the question's ("a decision your manager made"). The sentence embeddings that measure
relevance put such a story far from the question, and a strong one can score near zero as "mostly
about something other than the question". This prints how often that happens on 26 questions, each
with a strong story written and as speech-to-text writes it (`bench/data/own_words_stories.yaml`).
Target: none under 20 (each covers every key point in substance). The same weakness measured by
ordering, each good story beside its retelling in the question's words:
`python bench/bench_evaluator.py bench/data/graded_stories/own_words.yaml`.

    python bench/bench_own_words.py            # the summary and every story under 20
    python bench/bench_own_words.py --verbose  # a line for every story
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interview_core.domain import QuestionDraft, QuestionType  # noqa: E402
from interview_core.scoring.evaluator import SHIPPED, OfflineEvaluator  # noqa: E402

DATA = ROOT / "bench/data/own_words_stories.yaml"
KINDS = ("own_words", "own_words_spoken")
FLOOR = 20.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="a line for every story")
    args = parser.parse_args()
    evaluator = OfflineEvaluator(judge=SHIPPED)
    items = yaml.safe_load(DATA.read_text(encoding="utf-8"))["items"]
    scores: dict[str, list[float]] = {kind: [] for kind in KINDS}
    low = []
    for item in items:
        question = QuestionDraft(
            text=item["question"], question_type=QuestionType.BEHAVIORAL, key_points=item["key_points"]
        )
        for kind in KINDS:
            evaluation = evaluator.evaluate(question, item[kind])
            scores[kind].append(evaluation.score)
            relevance = evaluation.criteria["relevance"]
            line = f"{item['id']:<40} {kind:<17} {evaluation.score:5.1f}  relevance {relevance.score:3.0f}: "
            line += relevance.reason
            if evaluation.score < FLOOR:
                low.append(line)
            elif args.verbose:
                print(line)
    for line in low:
        print("LOW", line)
    for kind in KINDS:
        values = scores[kind]
        print(
            f"{kind}: {len(values)} stories, median {statistics.median(values):.1f}, lowest {min(values):.1f}, "
            f"under {FLOOR:.0f}: {sum(v < FLOOR for v in values)}"
        )
    print(f"under {FLOOR:.0f} in all: {len(low)} of {sum(len(v) for v in scores.values())} (target: none)")


if __name__ == "__main__":
    main()
