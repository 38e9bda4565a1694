from interview_core.domain import CriterionScore, Evaluation, QuestionDraft, QuestionType
from interview_core.scoring.report import build_report


def question(text: str, kind: QuestionType = QuestionType.TECHNICAL, tags: tuple[str, ...] = ()) -> QuestionDraft:
    return QuestionDraft(text=text, question_type=kind, key_points=["a point"], tags=list(tags))


def evaluation(score: float, **criteria: float) -> Evaluation:
    return Evaluation(
        engine="offline",
        engine_version="t",
        score=score,
        criteria={name: CriterionScore(score=value, reason="r") for name, value in criteria.items()},
        delivery={"fillers_per_100_words": 8.0, "words_per_minute": 190.0, "long_pauses": [{"start": 1}]},
    )


def test_report_scores_unanswered_questions_as_zero_and_names_weak_skills() -> None:
    results = [
        (
            question("Explain Python's GIL", tags=("python", "concurrency")),
            evaluation(80, relevance=90, key_point_coverage=85, depth=70, clarity=75),
        ),
        (
            question("Design a rate limiter", QuestionType.SYSTEM_DESIGN, ("system_design",)),
            evaluation(30, relevance=60, key_point_coverage=20, depth=25, structure=30, clarity=40),
        ),
        (question("Tell me about a conflict", QuestionType.BEHAVIORAL, ("conflict",)), None),
    ]
    report = build_report(results, engine="offline", engine_version="t")
    assert report.overall_score == round((80 + 30 + 0) / 3, 1)
    assert report.unanswered == 1
    assert report.breakdown["key_point_coverage"] == 52.5
    assert report.breakdown["structure"] == 30
    assert report.weakest_skills[:2] == ["conflict", "system_design"]
    assert any("not answered" in weakness for weakness in report.weaknesses)
    assert any("Best answer" in strength for strength in report.strengths)
    # Key-point coverage weighs most in these questions and is far from full marks: it comes first.
    assert report.recommendations[0].startswith("Before answering, list")
    assert len(report.recommendations) == 4
    assert report.delivery == {"words_per_minute": 190.0, "fillers_per_100_words": 8.0, "long_pauses": 2.0}
    assert report.engine == "offline"


def test_an_empty_interview_reports_zero() -> None:
    report = build_report([], engine="offline", engine_version="t")
    assert report.overall_score == 0 and report.per_question == []
