"""The interim evaluator's basic promises (the full rubric evaluator has its own issue)."""

from interview_core.domain import QuestionDraft, QuestionType
from interview_core.engines.offline import OfflineEngine

QUESTION = QuestionDraft(
    text="What is a database index and what does it cost?",
    question_type=QuestionType.TECHNICAL,
    key_points=[
        "An index is a B-tree structure that finds rows without scanning the whole table",
        "Indexes speed up reads but slow down writes and use extra storage",
    ],
)
ENGINE = OfflineEngine()


def test_empty_and_near_empty_answers_score_zero_and_say_so() -> None:
    for answer in ("", "   ", "an index"):
        evaluation = ENGINE.evaluate_answer(QUESTION, answer)
        assert evaluation.score == 0
        assert evaluation.missed_key_points == QUESTION.key_points
        assert "answer" in evaluation.feedback.lower()


def test_a_relevant_answer_beats_an_off_topic_one() -> None:
    answer = (
        "An index is a B-tree that lets the database find rows without scanning the whole table. "
        "It speeds up reads, but writes get slower because the index must be updated, and it uses storage."
    )
    good = ENGINE.evaluate_answer(QUESTION, answer)
    off_topic = ENGINE.evaluate_answer(
        QUESTION, "My favourite holiday was a week of hiking in the mountains with friends and great food."
    )
    assert good.score > 60 > 10 > off_topic.score
    assert len(good.covered_key_points) == 2
    assert good.evidence and all(quote.quote in answer for quote in good.evidence)
    assert set(good.criteria) == {"relevance", "key_point_coverage", "depth", "clarity"}
    assert not good.needs_review
