"""The graded answers typed as candidates type them, scored by the offline evaluator against the
same answers written plainly: all in lower case, wrapped at 72 characters, with curly quotes, as a
bulleted or numbered list, with Markdown's emphasis (`TYPED_FORMS`). Each form should score as
written: no good answer lower, no wrong answer higher. Prints, per form and label, the median and
the extremes of (typed − written).

    python bench/bench_typed_forms.py                      # the devset, the held-out set, the 32 questions
    python bench/bench_typed_forms.py training/graded_answers/people.yaml
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interview_core.scoring.devset import TYPED_FORMS, load_graded_items  # noqa: E402
from interview_core.scoring.evaluator import SHIPPED, OfflineEvaluator  # noqa: E402

SETS = {
    "devset": sorted((ROOT / "tests/data/evaluator_devset").glob("*.yaml")),
    "held-out": sorted((ROOT / "tests/data/evaluator_holdout").glob("*.yaml")),
    "32 questions": sorted((ROOT / "training/graded_answers").glob("*.yaml")),
}
LABELS = ("good", "wrong")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="graded answer files (default: the three sets)")
    args = parser.parse_args()
    evaluator = OfflineEvaluator(judge=SHIPPED)
    sets = {"files": args.files} if args.files else SETS
    for name, paths in sets.items():
        items = load_graded_items(paths)
        written = {
            (item.id, label): evaluator.evaluate(item.question, item.answers[label]).score
            for item in items
            for label in LABELS
        }
        for form, typed in TYPED_FORMS.items():
            for label in LABELS:
                gaps = [
                    evaluator.evaluate(item.question, typed(item.answers[label])).score - written[item.id, label]
                    for item in items
                ]
                print(
                    f"{name:<13} {form:<18} {label:<6} n={len(gaps):<3} median {statistics.median(gaps):+5.1f}  "
                    f"lowest {min(gaps):+6.1f}  highest {max(gaps):+6.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
