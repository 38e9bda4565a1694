"""The bank's model answers, scored by the offline evaluator as if a candidate had given them:
each should score ≥85 and cover every key point (issue: the app as a candidate meets it).

    python bench/bench_model_answers.py                    # the whole bank: the summary
    python bench/bench_model_answers.py --file python.yaml  # one bank file, question by question
    python bench/bench_model_answers.py --verbose          # every question, with the points missed

A question without a model answer is counted as missing, not scored.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interview_core.questions.bank import BANK_DIR, _load_file, load_bank  # noqa: E402
from interview_core.scoring.evaluator import SHIPPED, OfflineEvaluator  # noqa: E402
from interview_core.scoring.judge import OnnxJudge  # noqa: E402

TARGET = 85.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", help="one bank file (e.g. python.yaml): its questions, one line each")
    parser.add_argument("--verbose", action="store_true", help="a line for every question")
    parser.add_argument("--judge", type=Path, help="an int8 ONNX judge to score with (default: the shipped one)")
    args = parser.parse_args()
    bank = load_bank()
    questions = list(bank.questions)
    if args.file:
        ids = {q.id for q in _load_file(BANK_DIR / args.file)}
        questions = [q for q in questions if q.id in ids]
    evaluator = OfflineEvaluator(judge=OnnxJudge(args.judge) if args.judge else SHIPPED)
    scores: list[float] = []
    missed_points, below, missing = 0, 0, 0
    for question in questions:
        if not question.model_answer:
            missing += 1
            if args.file or args.verbose:
                print(f"{question.id}: no model answer")
            continue
        words = len(question.model_answer.split())
        evaluation = evaluator.evaluate(question.as_draft(), question.model_answer)
        scores.append(evaluation.score)
        missed_points += len(evaluation.missed_key_points)
        below += evaluation.score < TARGET
        if args.file or args.verbose:
            flag = "ok " if evaluation.score >= TARGET and not evaluation.missed_key_points else "LOW"
            print(f"{flag} {question.id}: {evaluation.score:.1f} ({words} words)")
            for point in evaluation.missed_key_points:
                print(f"      missed: {point}")
    if not scores:
        print(f"{len(questions)} questions, none with a model answer yet")
        return
    print(
        f"model answers: {len(scores)} of {len(questions)} questions ({missing} missing); score median "
        f"{statistics.median(scores):.1f}, lowest {min(scores):.1f}; {below} below {TARGET:.0f}; "
        f"key points missed: {missed_points} (target: every answer ≥{TARGET:.0f}, none missed)"
    )


if __name__ == "__main__":
    main()
