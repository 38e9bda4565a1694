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


def test_a_follow_up_never_asks_for_a_part_the_story_told() -> None:
    """Walked in the app: after a story that opened with its scene, the interviewer asked "Can you
    set the scene first: what was going on, and what was at stake?", its Situation point missed by
    the judge but touched on in the story's first sentence. It asks for what the story left out."""
    from interview_core.domain import CriterionScore, Evaluation

    situation = "Situation: describes the specific decision and why they believed it was wrong"
    result = "Result: explains the outcome and whether the decision changed"
    question = QuestionDraft(
        text="Describe a situation where you disagreed with a decision your manager made.",
        question_type=QuestionType.BEHAVIORAL,
        key_points=[situation, "Action: raised the concern privately with evidence", result],
    )

    def scored(reasons: dict[str, str]) -> Evaluation:
        return Evaluation(
            engine="offline",
            engine_version="t",
            score=55,
            criteria={
                "relevance": CriterionScore(score=80, reason="r"),
                "key_point_coverage": CriterionScore(score=40, reason="r"),
            },
            missed_key_points=list(reasons),
            missed_reasons=reasons,
        )

    told = "Touched on in “Last year our CTO decided we would rewrite the ledger service.”, but not explained fully."
    follow_up = ENGINE.follow_up(question, "…", scored({situation: told, result: "Not addressed."}))
    assert follow_up is not None and follow_up.key_points == [result]
    assert "scene" not in follow_up.text
    assert ENGINE.follow_up(question, "…", scored({situation: told})) is None  # nothing left untold
    # A technical point touched on is still worth a follow-up: only a story's parts are told.
    technical = QUESTION.model_copy(update={"key_points": ["Indexes slow down writes"]})
    touched = scored({"Indexes slow down writes": "Touched on in “writes”, but not explained fully."})
    assert ENGINE.follow_up(technical, "…", touched) is not None
