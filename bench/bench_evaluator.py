"""Offline evaluator: does it order answers correctly, and how fast is it?

Targets: ≥97 % correctly ordered pairs on the graded set (excellent > good > weak > off-topic;
keyword-stuffed and grader-instruction answers below good); on the held-out set required pairs
≥95 % (those and good > wrong, paraphrase > weak, spoken > weak, excellent > rambling), good > wrong
≥90 %, median gaps excellent − paraphrase and good (written) − spoken ≤10 points; Spearman with
the intended ranks; ≤150 ms median per 200-word answer after warm-up; load ≤2 s.

    python bench/bench_evaluator.py [graded/*.yaml ...]      # default: the devset
    python bench/bench_evaluator.py --holdout                # tests/data/evaluator_holdout
    python bench/bench_evaluator.py training/graded_answers/*.yaml   # 32 more the judge never saw
    python bench/bench_evaluator.py bench/data/graded_stories/own_words.yaml   # stories in their own words
    python bench/bench_evaluator.py --no-judge ...           # without the trained judge
    python bench/bench_evaluator.py --judge=run/judge-int8.onnx ...   # a training run's judge
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interview_core.scoring.devset import GAPS, RANKED, load_graded_items, ordering_report  # noqa: E402
from interview_core.scoring.evaluator import SHIPPED, OfflineEvaluator  # noqa: E402
from interview_core.scoring.judge import OnnxJudge  # noqa: E402


def main() -> None:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = "evaluator_holdout" if "--holdout" in sys.argv else "evaluator_devset"
    paths = [Path(p) for p in arguments] or sorted((ROOT / "tests/data" / folder).glob("*.yaml"))
    items = load_graded_items(paths)

    started = time.perf_counter()
    candidate = next((a.removeprefix("--judge=") for a in sys.argv[1:] if a.startswith("--judge=")), None)
    judge = None if "--no-judge" in sys.argv else OnnxJudge(Path(candidate)) if candidate else SHIPPED
    evaluator = OfflineEvaluator(judge=judge)
    _ = evaluator.weights, evaluator.encoder, evaluator.judge  # the one-off loads: bank, weights, models
    load_s = time.perf_counter() - started

    report = ordering_report(items, lambda q, a: evaluator.evaluate(q, a).score)
    print(f"graded set: {len(items)} questions, {sum(len(i.answers) for i in items)} answers ({len(paths)} files)")
    print(f"scored by {evaluator.version}")
    print(f"correctly ordered pairs: {report.correct}/{report.pairs} = {report.accuracy:.1%} (target ≥95 % held out)")
    for check, (correct, pairs) in report.by_check.items():
        print(f"  {check:<26} {correct:3d}/{pairs:<3d} = {correct / pairs:.1%}")
    for better, worse in GAPS:
        gap = report.median_gap(better, worse)
        if gap is not None:
            print(f"median gap {better} − {worse}: {gap:+.1f} points")
    print(
        f"Spearman with intended ranks: pooled {report.spearman_pooled:.3f}, "
        f"mean per question {report.spearman_per_item:.3f}"
    )
    terms_only = OfflineEvaluator(encoder=None, judge=None)
    baseline = ordering_report(items, lambda q, a: terms_only.evaluate(q, a).score)
    print(
        f"  the same without sentence embeddings (terms only): {baseline.accuracy:.1%}, "
        f"Spearman pooled {baseline.spearman_pooled:.3f}"
    )
    by_kind: dict[str, list[float]] = defaultdict(list)
    by_type: dict[str, list[float]] = defaultdict(list)
    for item in items:
        for kind, score in report.scores[item.id].items():
            by_kind[kind].append(score)
            by_type[f"{item.question.question_type.value}/{kind}"].append(score)
    for kind in (*RANKED, "stuffed", "instruction", "wrong", "paraphrase", "spoken", "rambling", "plain"):
        values = by_kind.get(kind, [])
        if values:
            print(f"  {kind:<12} mean {statistics.mean(values):5.1f}  min {min(values):5.1f}  max {max(values):5.1f}")
    for failure in report.failures:
        print(f"  misordered: {failure}")

    # Speed on 200-word answers: the excellent answers cut or repeated to exactly 200 words, each
    # scored with nothing cached but the model (a new question and a new answer every time).
    samples = []
    for item in items:
        text = item.answers["excellent"].split()
        samples.append((item.question, " ".join((text * 3)[:200])))
    for question, answer in samples[:5]:
        evaluator.evaluate(question, answer)

    def timed(prepared: bool) -> list[float]:
        timings = []
        for question, answer in samples * 2:
            if evaluator.encoder is not None:
                evaluator.encoder.clear_cache()
            if evaluator.judge is not None:
                evaluator.judge.clear_cache()
            if prepared:
                evaluator.prepare(question)  # what the app does while the question is on screen
            begin = time.perf_counter()
            evaluator.evaluate(question, answer)
            timings.append(time.perf_counter() - begin)
        return sorted(timings)

    print(f"load (bank, term weights and models, once per process): {load_s * 1000:.0f} ms (target ≤2 s)")
    for label, prepared in (("question prepared", True), ("nothing cached", False)):
        timings = timed(prepared)
        print(
            f"200-word answer, {label}: median {statistics.median(timings) * 1000:.1f} ms, "
            f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms over {len(timings)} runs (target ≤150 ms median)"
        )


if __name__ == "__main__":
    main()
