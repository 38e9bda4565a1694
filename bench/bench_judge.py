"""The offline judge: how well it reads (key point, passage) pairs of questions it never saw, how
fast it scores an answer, and what it costs to load.

Targets (issue: scores a candidate can trust): test-split macro-F1 ≥0.85, recall on *contradicts*
≥0.85; a 200-word answer with 5 key points scored in ≤150 ms median on 2 cores once loaded.

    python bench/bench_judge.py
    python bench/bench_judge.py --judge run/judge-int8.onnx   # a training run's model instead
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from answer_pairs import RIGHT, SOURCES, load_answer_pairs, read_pairs  # noqa: E402
from judge_data import as_spoken, load_questions, split_pairs  # noqa: E402

from interview_core.scoring.devset import load_graded_items  # noqa: E402
from interview_core.scoring.evaluator import SURE_CONTRADICTION  # noqa: E402
from interview_core.scoring.judge import LABELS, MODEL_FILE, OnnxJudge  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


SWAPS = ROOT / "bench/data/judge_swaps"


def swapped_roles(judge: OnnxJudge) -> None:
    """Passages that reuse a key point's words with the roles exchanged ("each container boots its
    own guest kernel"), beside right ones in another order, and passages that agree through a
    negation or disagree without one, on subjects no training file holds (`bench/data/judge_swaps/`):
    the judge must read who does what, and which way, not which words appear."""
    pairs = load_answer_pairs(SWAPS)
    if not pairs:
        return
    verdicts = judge.judge([(pair.point, pair.passage) for pair in pairs])
    by_kind: dict[str, list[bool]] = {}
    for pair, verdict in zip(pairs, verdicts, strict=True):
        by_kind.setdefault(pair.answer, []).append(verdict.label == pair.label)
    sure = [
        v.contradicts >= SURE_CONTRADICTION for p, v in zip(pairs, verdicts, strict=True) if p.label == "contradicts"
    ]
    right = sum(hits.count(True) for hits in by_kind.values())
    print(
        f"swapped roles and polarity ({len({p.point for p in pairs})} points never trained on, {len(pairs)} pairs): "
        f"accuracy {right / len(pairs):.3f}; contradictions sure enough to be named wrong: {sum(sure) / len(sure):.1%}"
    )
    print(
        "  accuracy by kind: "
        + ", ".join(f"{kind} {sum(hits) / len(hits):.2f}" for kind, hits in sorted(by_kind.items()))
    )


def spoken_renderings(judge: OnnxJudge, test: list) -> None:
    """The test split's written passages and the same passages as speech-to-text writes them (no
    capitals or punctuation, a filler, a repeat: `as_spoken`), label by label: the verdict should
    follow what a passage says, not how it is written. A judge that reads speech itself as "says
    something about the point" scores a spoken answer above the same answer written."""
    rng = random.Random(0)
    print("written → spoken renderings of the test split's passages, share read as each label:")
    for label in LABELS:
        chosen = [pair for pair in test if pair.label == label and pair.kind != "spoken"]
        for style, texts in (
            ("written", [pair.passage for pair in chosen]),
            ("spoken", [as_spoken(pair.passage, rng) for pair in chosen]),
        ):
            read = Counter(v.label for v in judge.judge([(p.point, t) for p, t in zip(chosen, texts, strict=True)]))
            shares = ", ".join(f"{name} {read[name] / len(chosen):.2f}" for name in LABELS)
            print(f"  {label:<14} {style:<8} ({len(chosen)}): {shares}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--judge", type=Path, default=MODEL_FILE, help="an int8 ONNX judge (default: the shipped one)")
    model_file = parser.parse_args().judge
    before = rss_mb()
    started = time.perf_counter()
    judge = OnnxJudge(model_file)
    load_s = time.perf_counter() - started
    print(f"model: {model_file.resolve()}, {model_file.stat().st_size / 1e6:.1f} MB")
    print(f"load: {load_s * 1000:.0f} ms, peak memory +{rss_mb() - before:.0f} MB (process {rss_mb():.0f} MB)")

    questions = load_questions()
    test = split_pairs(questions)["test"]
    started = time.perf_counter()
    verdicts = judge.judge([(pair.point, pair.passage) for pair in test])
    per_pair_ms = (time.perf_counter() - started) * 1000 / len(test)
    predicted = [verdict.label for verdict in verdicts]
    gold = [pair.label for pair in test]
    f1s = []
    print(f"test split: {len({p.question_id for p in test})} questions never seen, {len(test)} pairs")
    print("  label           precision  recall   F1")
    for label in LABELS:
        tp = sum(p == g == label for p, g in zip(predicted, gold, strict=True))
        precision = tp / max(1, predicted.count(label))
        recall = tp / max(1, gold.count(label))
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        f1s.append(f1)
        print(f"  {label:<15} {precision:9.3f} {recall:7.3f} {f1:6.3f}")
    recall_contradicts = sum(p == g == "contradicts" for p, g in zip(predicted, gold, strict=True)) / gold.count(
        "contradicts"
    )
    print(f"macro-F1 {statistics.mean(f1s):.3f} (target ≥0.85); contradicts recall {recall_contradicts:.3f} (≥0.85)")
    wrong_by_kind = Counter(p.kind for p, guess in zip(test, predicted, strict=True) if guess != p.label)
    every_kind = Counter(p.kind for p in test)
    print(
        "  accuracy by kind: " + ", ".join(f"{k} {1 - wrong_by_kind[k] / n:.2f}" for k, n in sorted(every_kind.items()))
    )
    print(f"  throughput: {per_pair_ms:.1f} ms a pair (2 threads)")
    # Two sentences that each leave the point out, read as one stretch (as the evaluator reads two
    # neighbouring sentences): they must still not count as coverage.
    leaving_out: dict[str, list[str]] = {}
    for pair in test:
        if pair.label == "not_addressed" and pair.kind in ("other_point", "same_words"):
            leaving_out.setdefault(pair.point, []).append(pair.passage)
    joined = [(point, " ".join(texts[:2])) for point, texts in leaving_out.items() if len(texts) >= 2]
    labels = Counter(verdict.label for verdict in judge.judge(joined))
    print(
        f"two neighbouring passages that each leave the point out, read together ({len(joined)}): "
        f"{labels['not_addressed'] / len(joined):.1%} not addressed, {labels['covers'] / len(joined):.1%} covers"
    )
    # The same as speech-to-text writes them: the evaluator never counts such a stretch on the
    # judge's word alone (evaluator._judge_alone_bar).
    rng = random.Random(0)
    spoken = judge.judge([(point, as_spoken(text, rng)) for point, text in joined])
    sure = sum(verdict.covers >= 0.95 for verdict in spoken) / len(joined)
    covers = sum(verdict.label == "covers" for verdict in spoken) / len(joined)
    print(f"  the same without punctuation, as speech: {covers:.1%} covers, {sure:.1%} from 0.95")

    spoken_renderings(judge, test)
    swapped_roles(judge)

    # Whole answers that are right, never trained on (the devset's files outside SOURCES and the
    # held-out set): every stretch the evaluator hands the judge should contradict nothing. A false
    # contradiction costs a candidate a point they made, so this figure decides whether the judge
    # can be on by default.
    graded = ROOT / "tests/data"
    for name, paths in (
        (
            "devset, files not trained on",
            [p for p in sorted((graded / "evaluator_devset").glob("*.yaml")) if p.name not in SOURCES],
        ),
        ("held-out set", sorted((graded / "evaluator_holdout").glob("*.yaml"))),
    ):
        right = [(point, passage) for path in paths for _, _, point, passage in read_pairs(path, RIGHT)]
        read = judge.judge(right)
        called = sum(v.label == "contradicts" for v in read) / len(read)
        sure = sum(v.contradicts >= SURE_CONTRADICTION for v in read) / len(read)
        print(
            f"right answers' stretches called contradictions, {name} ({len(read)} pairs): "
            f"{called:.1%} (sure enough to cost a point: {sure:.1%})"
        )

    # A 200-word answer with 5 key points, as the evaluator scores it: nothing cached but the models.
    from interview_core.scoring.evaluator import OfflineEvaluator

    evaluator = OfflineEvaluator(judge=judge)
    items = load_graded_items(sorted((ROOT / "tests/data/evaluator_devset").glob("*.yaml")))
    samples = []
    for item in items:
        if len(item.question.key_points) == 5:
            text = item.answers["excellent"].split()
            samples.append((item.question, " ".join((text * 3)[:200])))
    for question, answer in samples[:3]:
        evaluator.evaluate(question, answer)
    timings = []
    for question, answer in samples * 2:
        judge.clear_cache()
        if evaluator.encoder is not None:
            evaluator.encoder.clear_cache()
        evaluator.prepare(question)
        begin = time.perf_counter()
        evaluator.evaluate(question, answer)
        timings.append(time.perf_counter() - begin)
    timings.sort()
    print(
        f"200-word answer, 5 key points ({len(timings)} runs, 2 threads): "
        f"median {statistics.median(timings) * 1000:.0f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)] * 1000:.0f} ms (target ≤150 ms median)"
    )


if __name__ == "__main__":
    main()
