"""Feedback that is true of the answer (issue: scores a candidate can trust, point 6, in part): no
praise for a criterion in an answer, or an interview, that earned nothing."""

from interview_core.domain import QuestionDraft, QuestionType
from interview_core.scoring.evaluator import OfflineEvaluator
from interview_core.scoring.report import build_report

INDEX = QuestionDraft(
    text="What is a database index, and what does it cost you?",
    question_type=QuestionType.TECHNICAL,
    key_points=[
        "An index is a separate sorted structure, usually a B-tree, that finds rows without a full scan",
        "Every insert, update and delete must also update the index, so writes get slower",
        "Indexes take extra storage and memory",
    ],
)
VAGUE = (
    "Indexes are really important for databases in general. They help with performance quite a lot and "
    "you should use them carefully in practice, because they matter for most systems that we build today."
)
OFF_TOPIC = "I mostly enjoy hiking on weekends and I once walked the whole coast path in ten days with friends."


def test_a_vague_answer_is_not_praised_for_its_clarity() -> None:
    evaluation = OfflineEvaluator().evaluate(INDEX, VAGUE)
    assert evaluation.covered_key_points == []
    assert not any(item.startswith("Strong") for item in evaluation.strengths), evaluation.strengths


def test_an_interview_that_scored_near_zero_lists_no_strengths() -> None:
    evaluator = OfflineEvaluator()
    results = [(INDEX, evaluator.evaluate(INDEX, OFF_TOPIC)) for _ in range(3)]
    summary = build_report(results, engine="offline", engine_version="test")
    assert summary.overall_score < 20
    assert summary.strengths == []
