"""Scoring from many threads at once gives exactly what scoring one at a time gives (the app
scores up to four answers together, and several candidates share one process)."""

from concurrent.futures import ThreadPoolExecutor

from interview_core.scoring import text_analysis
from interview_core.scoring.devset import load_graded_items
from interview_core.scoring.evaluator import OfflineEvaluator
from tests.core.test_evaluator import DATA

# Words whose stems take Snowball's longer paths (step 2–5 suffixes), where a shared stemmer's
# state was overwritten by another thread mid-word.
WORDS = (
    "relational nationalization conditionally generalizations operationally sensitivities hopefulness "
    "replication consistency partitioning idempotency normalization denormalized serializability "
    "availability throughput latencies indexing transactional optimistic pessimistic concurrency"
).split()


def test_stemming_from_eight_threads_matches_one_thread() -> None:
    words = [f"{word}{suffix}" for word in WORDS for suffix in ("", "s", "ing", "ed", "ness", "ly")]
    expected = [text_analysis.stem.__wrapped__(word) for word in words]

    def stem_all(_: int) -> list[str]:
        # Past the cache, straight to the stemmer, many times over.
        return [text_analysis.stem.__wrapped__(word) for _ in range(40) for word in words][-len(words) :]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(stem_all, range(8)))
    assert all(result == expected for result in results)


def test_scoring_from_eight_threads_matches_serial_scoring() -> None:
    items = load_graded_items(sorted((DATA / "evaluator_devset").glob("*.yaml")))[:6]
    work = [(item.question, answer) for item in items for answer in item.answers.values()]
    serial_evaluator, threaded_evaluator = OfflineEvaluator(), OfflineEvaluator()
    serial = [serial_evaluator.evaluate(question, text).model_dump() for question, text in work]
    text_analysis.stem.cache_clear()  # the threads stem afresh, not from the serial run's cache
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda job: threaded_evaluator.evaluate(*job).model_dump(), work))
    assert threaded == serial
