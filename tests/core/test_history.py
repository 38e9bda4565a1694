from datetime import timedelta

from interview_core.account import history
from interview_core.domain import InterviewSetup, InterviewStatus, QuestionDraft, QuestionType
from interview_core.storage import repository
from interview_core.storage.models import Report, utcnow


def _add(session, owner: int, kind: str, score: float | None, days_ago: int) -> int:
    interview = repository.create_interview(
        session=session,
        owner_id=owner,
        question_engine="offline",
        setup=InterviewSetup(job_role="Dev", interview_type=kind),
        questions=[QuestionDraft(text="What is a cache?", question_type=QuestionType.TECHNICAL)],
    )
    interview.created_at = utcnow() - timedelta(days=days_ago)
    interview.status = InterviewStatus.IN_PROGRESS  # started; a draft is not in the history
    if score is not None:
        interview.status, interview.completed_at = InterviewStatus.COMPLETED, interview.created_at
        repository.save_report(
            session=session,
            owner_id=owner,
            interview_id=interview.id,
            report=Report(
                overall_score=score,
                engine="offline",
                engine_version="t",
                breakdown={
                    "criteria": {"depth": score},
                    "per_question": [{"question": "q", "score": score, "tags": ["go"]}],
                },
            ),
        )
    session.add(interview)
    session.flush()
    return interview.id


def test_history_pages_filter_sort_and_never_show_another_owner(database) -> None:
    with database.session() as session:
        alice = repository.get_or_create_user(session=session, external_id="alice").id
        bob = repository.get_or_create_user(session=session, external_id="bob").id
        ids = [
            _add(session, alice, kind, score, days)
            for kind, score, days in [
                ("technical", 40, 9),
                ("behavioral", 90, 6),
                ("technical", None, 3),
                ("technical", 70, 1),
            ]
        ]
        _add(session, bob, "technical", 99, 2)
    with database.session() as session:
        newest = history.history_page(session=session, owner_id=alice)
        assert [i.id for i in newest.interviews] == ids[::-1] and newest.total == 4
        best = history.history_page(session=session, owner_id=alice, sort="best")
        assert [i.overall_score for i in best.interviews] == [90, 70, 40, None]  # unscored last
        worst = history.history_page(session=session, owner_id=alice, sort="worst")
        assert [i.overall_score for i in worst.interviews] == [40, 70, 90, None]
        technical = history.history_page(
            session=session, owner_id=alice, interview_type="technical", page_size=2, page=2
        )
        assert technical.total == 3 and technical.pages == 2 and len(technical.interviews) == 1
        beyond = history.history_page(session=session, owner_id=alice, page=99)
        assert beyond.page == 1  # out of range pages clamp instead of showing nothing

        stats = history.history_stats(session=session, owner_id=alice)
        assert (stats.total, stats.completed, stats.average, stats.best) == (4, 3, 66.7, 90)
        assert stats.by_type == {"technical": 3, "behavioral": 1}
        assert [p.score for p in history.score_trend(session=session, owner_id=alice)] == [40, 90, 70]
        assert [v for _, v in history.criterion_trends(session=session, owner_id=alice)["depth"]] == [40, 90, 70]
        assert history.weakest_skills(session=session, owner_id=alice) == []  # go averages 66.7: no weakness

        assert history.history_stats(session=session, owner_id=bob).total == 1
        assert [p.score for p in history.score_trend(session=session, owner_id=bob)] == [99]


def test_questions_chosen_but_never_started_are_not_an_interview_in_the_history(database) -> None:
    with database.session() as session:
        owner = repository.local_user(session=session).id
        started = _add(session, owner, "technical", 70, 1)
        draft = repository.create_interview(
            session=session,
            owner_id=owner,
            question_engine="offline",
            setup=InterviewSetup(job_role="Dev"),
            questions=[QuestionDraft(text="What is a cache?", question_type=QuestionType.TECHNICAL)],
        )
        assert draft.status == InterviewStatus.DRAFT
        page = history.history_page(session=session, owner_id=owner)
        stats = history.history_stats(session=session, owner_id=owner)
    assert [i.id for i in page.interviews] == [started] and page.total == 1
    assert stats.total == 1 and stats.by_type == {"technical": 1}


def test_a_skipped_question_is_not_counted_as_a_weak_skill(database) -> None:
    """Its interview's score already counts it as 0; as a skill's score it measured nothing. A skill
    whose answers average well is no weakness either ("Weakest skills: api (98)")."""
    with database.session() as session:
        owner = repository.local_user(session=session).id
        interview_id = _add(session, owner, "technical", 45, 1)
        report = repository.get_report(session=session, owner_id=owner, interview_id=interview_id)
        assert report is not None
        report.breakdown = {
            "criteria": {"depth": 45},
            "per_question": [
                {"question": "q1", "score": 40, "tags": ["go"]},
                {"question": "q2", "score": 95, "tags": ["api"]},
                {"question": "q3", "score": None, "tags": ["go", "caching"]},
            ],
        }
        session.add(report)
        session.flush()
        assert history.weakest_skills(session=session, owner_id=owner) == [("go", 40.0)]
