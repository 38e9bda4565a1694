from interview_core.domain import CriterionScore, Evaluation, QuestionDraft, QuestionSource, QuestionType
from interview_core.scoring.report import SKIPPED_ADVICE, build_report


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
    assert report.weakest_skills == ["system_design"]  # the skipped question's skill measured nothing
    assert "1 of 3 questions was not answered (conflict)." in report.weaknesses
    assert any("Best answer" in strength for strength in report.strengths)
    # A skipped question first, then key-point coverage: it weighs most in these questions and is
    # far from full marks.
    assert report.recommendations[0].startswith("Answer every question")
    assert report.recommendations[1].startswith("Before answering, list")
    assert len(report.recommendations) == 4
    assert report.delivery == {"words_per_minute": 190.0, "fillers_per_100_words": 8.0, "long_pauses": 2.0}
    assert report.engine == "offline"


def test_an_empty_interview_reports_zero() -> None:
    report = build_report([], engine="offline", engine_version="t")
    assert report.overall_score == 0 and report.per_question == []


def follow_up_of(parent: QuestionDraft) -> QuestionDraft:
    return parent.model_copy(update={"text": "What could go wrong with that?", "source": QuestionSource.FOLLOW_UP})


def test_a_skipped_follow_up_is_not_an_unanswered_question() -> None:
    """Three answers (79, 42, 0) and a skipped follow-up on the second: an interview of three
    questions, scored over three (it was 30 with '1 of 4 questions were not answered')."""
    first, second, third = question("Explain indexes"), question("Explain joins"), question("Explain locks")
    results = [
        (first, evaluation(79, relevance=80)),
        (second, evaluation(42, relevance=60)),
        (follow_up_of(second), None),
        (third, evaluation(0, relevance=0)),
    ]
    report = build_report(results, engine="offline", engine_version="t")
    assert report.overall_score == round((79 + 42 + 0) / 3, 1)
    assert report.unanswered == 0 and not any("not answered" in w for w in report.weaknesses)
    assert [r.question for r in report.per_question] == ["Explain indexes", "Explain joins", "Explain locks"]


def test_an_answered_follow_up_can_only_lift_its_question() -> None:
    parent = question("Explain joins")
    better = build_report(
        [(parent, evaluation(40, relevance=60)), (follow_up_of(parent), evaluation(80, relevance=90))],
        engine="offline",
        engine_version="t",
    )
    assert better.overall_score == 60 and better.per_question[0].follow_up_score == 80
    worse = build_report(
        [(parent, evaluation(40, relevance=60)), (follow_up_of(parent), evaluation(10, relevance=20))],
        engine="offline",
        engine_version="t",
    )
    assert worse.overall_score == 40 and worse.per_question[0].follow_up_score == 10


def test_the_count_of_unanswered_questions_is_in_plain_english() -> None:
    """ "1 of 3 questions were not answered" read on the results page."""
    indexes, joins, locks = question("Explain indexes"), question("Explain joins"), question("Explain locks")
    one = build_report(
        [(indexes, evaluation(60, relevance=80)), (joins, evaluation(50, relevance=70)), (locks, None)],
        engine="offline",
        engine_version="t",
    )
    two = build_report(
        [(indexes, evaluation(60, relevance=80)), (joins, None), (locks, None)], engine="offline", engine_version="t"
    )
    assert "1 of 3 questions was not answered." in one.weaknesses
    assert "2 of 3 questions were not answered." in two.weaknesses


def test_the_answer_that_pulled_the_interview_down_is_named() -> None:
    """Two answers in the nineties and a 27 (a story told for another question) left "To work on"
    empty: no criterion's mean was weak. The weak answer is named, as the best one is."""
    indexes, joins, locks = question("Explain indexes"), question("Explain joins"), question("Explain locks")
    results = [
        (indexes, evaluation(95, relevance=95, specificity=100)),
        (joins, evaluation(27, relevance=60, specificity=40)),
        (locks, evaluation(96, relevance=93, specificity=100)),
    ]
    report = build_report(results, engine="offline", engine_version="t")
    assert report.weaknesses == ["Weakest answer (27/100): Explain joins"]
    # Strong in the two answers that earned praise, and said without "100/100 or more".
    assert "Strong specificity in 2 of 3 answers (100/100)." in report.strengths
    assert "Strong relevance in 2 of 3 answers (93/100 or more)." in report.strengths
    alone = build_report([(joins, evaluation(27, relevance=60))], engine="offline", engine_version="t")
    assert not any(w.startswith("Weakest answer") for w in alone.weaknesses)  # one answer is the interview


def test_skipped_questions_are_not_weak_skills_nor_a_reason_to_go_harder() -> None:
    """Seen on the results page: a 98 on a backend question and two skipped ones read "Weakest
    skills: backend, caching, performance" and "Keep practising at a harder difficulty."; with
    every question skipped, the same advice."""
    pagination = question("Paginate a large list", tags=("api", "backend"))
    cache = question("Design a cache", tags=("backend", "caching"))
    profiling = question("Find a slow endpoint", tags=("performance",))
    strong = evaluation(98, relevance=93, key_point_coverage=100, depth=97, clarity=99)
    one = build_report([(pagination, strong), (cache, None), (profiling, None)], engine="offline", engine_version="t")
    assert one.weakest_skills == []
    assert "2 of 3 questions were not answered (backend, caching, performance)." in one.weaknesses
    assert one.recommendations[0] == SKIPPED_ADVICE
    assert not any("harder" in advice for advice in one.recommendations)

    none = build_report([(cache, None), (profiling, None)], engine="offline", engine_version="t")
    assert none.weakest_skills == [] and none.strengths == []
    assert none.recommendations == [SKIPPED_ADVICE]

    every = build_report([(pagination, strong)], engine="offline", engine_version="t")
    assert SKIPPED_ADVICE not in every.recommendations
