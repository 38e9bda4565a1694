"""The graded answers typed as candidates type them, scored by the offline evaluator against the
same answers written plainly: all in lower case, wrapped at 72 characters, with curly quotes, as a
bulleted or numbered list, with Markdown's emphasis, under a heading, opened and closed with
courtesies, pasted twice, with its opening said again (`TYPED_FORMS`); with an aside about
nothing before or after them (`ASIDE_FORMS`); and with the question pasted or restated above them
(`QUESTION_FORMS`). Asides and the question are read for off-topic answers too. Each
form should score as written: no good answer lower, no wrong or off-topic answer higher. Prints,
per form and label, the median and the extremes of (typed − written).

    python bench/bench_typed_forms.py                      # the devset, the held-out set, the 32 questions
    python bench/bench_typed_forms.py training/graded_answers/people.yaml
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interview_core.scoring.devset import ASIDE_FORMS, QUESTION_FORMS, TYPED_FORMS, load_graded_items  # noqa: E402
from interview_core.scoring.evaluator import SHIPPED, OfflineEvaluator  # noqa: E402

SETS = {
    "devset": sorted((ROOT / "tests/data/evaluator_devset").glob("*.yaml")),
    "held-out": sorted((ROOT / "tests/data/evaluator_holdout").glob("*.yaml")),
    "32 questions": sorted((ROOT / "training/graded_answers").glob("*.yaml")),
}
LABELS = ("good", "wrong")
QUESTION_LABELS = ("good", "wrong", "off_topic")  # off-topic too: an aside or the question lent them most


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="graded answer files (default: the three sets)")
    args = parser.parse_args()
    evaluator = OfflineEvaluator(judge=SHIPPED)
    sets = {"files": args.files} if args.files else SETS
    forms: dict[str, tuple[Callable[[str, str], str], tuple[str, ...]]] = {
        **{form: (lambda _, text, typed=typed: typed(text), LABELS) for form, typed in TYPED_FORMS.items()},
        **{form: (lambda _, text, typed=typed: typed(text), QUESTION_LABELS) for form, typed in ASIDE_FORMS.items()},
        **{form: (placed, QUESTION_LABELS) for form, placed in QUESTION_FORMS.items()},
    }
    for name, paths in sets.items():
        items = load_graded_items(paths)
        written = {
            (item.id, label): evaluator.evaluate(item.question, item.answers[label]).score
            for item in items
            for label in QUESTION_LABELS
        }
        for form, (typed, labels) in forms.items():
            for label in labels:
                gaps = [
                    evaluator.evaluate(item.question, typed(item.question.text, item.answers[label])).score
                    - written[item.id, label]
                    for item in items
                ]
                print(
                    f"{name:<13} {form:<22} {label:<9} n={len(gaps):<3} median {statistics.median(gaps):+5.1f}  "
                    f"lowest {min(gaps):+6.1f}  highest {max(gaps):+6.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
