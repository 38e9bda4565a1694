import pytest
from sqlalchemy import func
from sqlmodel import select

from interview_core.domain import (
    CriterionScore,
    Evaluation,
    EvidenceQuote,
    InterviewSetup,
    InterviewStatus,
    InterviewType,
    QuestionDraft,
    QuestionType,
)
from interview_core.errors import NotFound
from interview_core.storage import repository
from interview_core.storage.models import Answer, ConversationTurn, Question, Report, User


def _count(session, table, **where) -> int:
    query = select(func.count()).select_from(table)
    for name, value in where.items():
        query = query.where(getattr(table, name) == value)
    return session.exec(query).one()


def _drafts(n: int = 3, prefix: str = "q") -> list[QuestionDraft]:
    return [
        QuestionDraft(
            text=f"Question number {i} about caching",
            question_type=QuestionType.TECHNICAL,
            key_points=[f"point {i}a", f"point {i}b", f"point {i}c"],
            bank_id=f"{prefix}-{i}",
            tags=["caching"],
        )
        for i in range(n)
    ]


def _interview(session, owner_id: int, prefix: str = "q", **setup):
    setup = InterviewSetup(job_role="Backend Engineer", **setup)
    return repository.create_interview(
        session=session, owner_id=owner_id, setup=setup, questions=_drafts(prefix=prefix), question_engine="offline"
    )


@pytest.fixture
def owners(database):
    with database.session() as session:
        alice = repository.get_or_create_user(session=session, external_id="alice@example.com")
        bob = repository.get_or_create_user(session=session, external_id="bob@example.com")
    return alice.id, bob.id


def test_interview_round_trip_keeps_setup_and_question_order(database, owners) -> None:
    alice, _ = owners
    with database.session() as session:
        created = _interview(session, alice, tech_stack=["Python", "PostgreSQL"], interview_type="mixed")
    with database.session() as session:
        interview = repository.get_interview(session=session, owner_id=alice, interview_id=created.id)
        questions = repository.list_questions(session=session, owner_id=alice, interview_id=created.id)
    assert interview.tech_stack == ["Python", "PostgreSQL"]
    assert interview.interview_type == InterviewType.MIXED
    assert interview.status == InterviewStatus.DRAFT
    assert interview.question_count == 3
    assert [q.position for q in questions] == [0, 1, 2]
    assert questions[1].key_points == ["point 1a", "point 1b", "point 1c"]
    assert all(q.owner_id == alice for q in questions)


def test_local_user_is_created_once(database) -> None:
    with database.session() as session:
        first = repository.local_user(session=session)
    with database.session() as session:
        second = repository.local_user(session=session)
    assert first.id == second.id


def test_owner_b_cannot_read_change_or_delete_owner_a_data(database, owners) -> None:
    alice, bob = owners
    with database.session() as session:
        interview = _interview(session, alice)
        question_id = repository.list_questions(session=session, owner_id=alice, interview_id=interview.id)[0].id
        answer = repository.save_answer(session=session, owner_id=alice, question_id=question_id, text="mine")
        repository.save_report(
            session=session,
            owner_id=alice,
            interview_id=interview.id,
            report=Report(overall_score=70, engine="offline", engine_version="1"),
        )
        template = repository.create_template(
            session=session, owner_id=alice, name="Alice's", setup=InterviewSetup(job_role="SRE")
        )
    with database.session() as session:
        assert repository.list_interviews(session=session, owner_id=bob) == []
        assert repository.count_interviews(session=session, owner_id=bob) == 0
        assert repository.list_templates(session=session, owner_id=bob) == []
        assert repository.get_report(session=session, owner_id=bob, interview_id=interview.id) is None
        assert repository.recent_bank_ids(session=session, owner_id=bob) == set()
        for attempt in (
            lambda: repository.get_interview(session=session, owner_id=bob, interview_id=interview.id),
            lambda: repository.list_questions(session=session, owner_id=bob, interview_id=interview.id),
            lambda: repository.list_answers(session=session, owner_id=bob, interview_id=interview.id),
            lambda: repository.get_question(session=session, owner_id=bob, question_id=question_id),
            lambda: repository.get_answer(session=session, owner_id=bob, answer_id=answer.id),
            lambda: repository.save_answer(session=session, owner_id=bob, question_id=question_id, text="hijack"),
            lambda: repository.set_interview_status(
                session=session, owner_id=bob, interview_id=interview.id, status=InterviewStatus.ABANDONED
            ),
            lambda: repository.delete_interview(session=session, owner_id=bob, interview_id=interview.id),
            lambda: repository.get_template(session=session, owner_id=bob, template_id=template.id),
            lambda: repository.save_report(
                session=session,
                owner_id=bob,
                interview_id=interview.id,
                report=Report(overall_score=1, engine="x", engine_version="1"),
            ),
        ):
            with pytest.raises(NotFound):
                attempt()
    with database.session() as session:
        # Alice's data is untouched by every attempt above.
        kept = repository.get_interview(session=session, owner_id=alice, interview_id=interview.id)
        assert kept.status == InterviewStatus.DRAFT
        assert [
            a.text for a in repository.list_answers(session=session, owner_id=alice, interview_id=interview.id)
        ] == ["mine"]
        assert repository.get_report(session=session, owner_id=alice, interview_id=interview.id).overall_score == 70


def test_list_interviews_filters_and_pages_newest_first(database, owners) -> None:
    alice, _ = owners
    with database.session() as session:
        ids = [_interview(session, alice, interview_type=kind).id for kind in ("technical", "behavioral", "technical")]
        repository.set_interview_status(
            session=session, owner_id=alice, interview_id=ids[2], status=InterviewStatus.COMPLETED
        )
    with database.session() as session:
        assert [i.id for i in repository.list_interviews(session=session, owner_id=alice)] == ids[::-1]
        technical = repository.list_interviews(session=session, owner_id=alice, interview_type=InterviewType.TECHNICAL)
        assert [i.id for i in technical] == [ids[2], ids[0]]
        completed = repository.list_interviews(session=session, owner_id=alice, status=InterviewStatus.COMPLETED)
        assert [i.id for i in completed] == [ids[2]]
        assert completed[0].completed_at is not None
        page_two = repository.list_interviews(session=session, owner_id=alice, limit=2, offset=2)
        assert [i.id for i in page_two] == [ids[0]]


def test_recent_bank_ids_cover_only_the_latest_interviews(database, owners) -> None:
    alice, _ = owners
    with database.session() as session:
        _interview(session, alice, prefix="old")
        _interview(session, alice, prefix="new")
    with database.session() as session:
        assert repository.recent_bank_ids(session=session, owner_id=alice, interviews=1) == {"new-0", "new-1", "new-2"}
        assert len(repository.recent_bank_ids(session=session, owner_id=alice, interviews=5)) == 6


def test_evaluation_is_stored_with_every_field(database, owners) -> None:
    alice, _ = owners
    with database.session() as session:
        interview = _interview(session, alice)
        question = repository.list_questions(session=session, owner_id=alice, interview_id=interview.id)[0]
        answer = repository.save_answer(
            session=session, owner_id=alice, question_id=question.id, text="An answer.", time_taken_s=42.5
        )
        evaluation = Evaluation(
            engine="offline",
            engine_version="t1",
            score=64.5,
            criteria={"relevance": CriterionScore(score=80, reason="on topic")},
            covered_key_points=["point 0a"],
            missed_key_points=["point 0b"],
            evidence=[EvidenceQuote(key_point="point 0a", quote="An answer.")],
            feedback="ok",
            strengths=["s"],
            improvements=["i"],
            delivery={"wpm": 150.0},
            needs_review=True,
        )
        repository.record_evaluation(session=session, owner_id=alice, answer_id=answer.id, evaluation=evaluation)
    with database.session() as session:
        stored = repository.get_answer(session=session, owner_id=alice, answer_id=answer.id)
    assert stored.score == 64.5
    assert stored.time_taken_s == 42.5
    assert stored.criteria_scores == {"relevance": {"score": 80.0, "reason": "on topic"}}
    assert stored.evidence == [{"key_point": "point 0a", "quote": "An answer."}]
    assert stored.delivery == {"wpm": 150.0}
    assert (stored.engine, stored.engine_version, stored.needs_review) == ("offline", "t1", True)
    assert stored.evaluated_at is not None


def test_deleting_an_interview_removes_its_questions_answers_and_report(database, owners) -> None:
    alice, _ = owners
    with database.session() as session:
        doomed, kept = _interview(session, alice), _interview(session, alice)
        for interview in (doomed, kept):
            qid = repository.list_questions(session=session, owner_id=alice, interview_id=interview.id)[0].id
            repository.save_answer(session=session, owner_id=alice, question_id=qid, text="x")
            repository.add_turn(
                session=session,
                owner_id=alice,
                interview_id=interview.id,
                question_id=qid,
                speaker="candidate",
                text="x",
            )
        repository.save_report(
            session=session,
            owner_id=alice,
            interview_id=doomed.id,
            report=Report(overall_score=50, engine="offline", engine_version="1"),
        )
    with database.session() as session:
        repository.delete_interview(session=session, owner_id=alice, interview_id=doomed.id)
    with database.session() as session:
        with pytest.raises(NotFound):
            repository.get_interview(session=session, owner_id=alice, interview_id=doomed.id)
        assert _count(session, Question, interview_id=doomed.id) == 0
        assert _count(session, Answer, interview_id=doomed.id) == 0
        assert _count(session, Report, interview_id=doomed.id) == 0
        assert _count(session, ConversationTurn, interview_id=doomed.id) == 0
        assert len(repository.list_turns(session=session, owner_id=alice, interview_id=kept.id)) == 1
        assert len(repository.list_questions(session=session, owner_id=alice, interview_id=kept.id)) == 3


def test_conversation_turns_are_kept_in_order_and_only_for_their_owner(database, owners) -> None:
    alice, bob = owners
    with database.session() as session:
        interview = _interview(session, alice)
        first = repository.list_questions(session=session, owner_id=alice, interview_id=interview.id)[0]
        for speaker, text, question_id in (
            ("interviewer", "Hi, thanks for joining. Question 1 of 3.", None),
            ("interviewer", first.text, first.id),
            ("candidate", "I would cache it in Redis.", first.id),
        ):
            repository.add_turn(
                session=session,
                owner_id=alice,
                interview_id=interview.id,
                question_id=question_id,
                speaker=speaker,
                text=text,
            )
        turns = repository.list_turns(session=session, owner_id=alice, interview_id=interview.id)
        assert [(t.speaker, t.question_id) for t in turns] == [
            ("interviewer", None),
            ("interviewer", first.id),
            ("candidate", first.id),
        ]
        with pytest.raises(NotFound):
            repository.list_turns(session=session, owner_id=bob, interview_id=interview.id)
        with pytest.raises(NotFound):
            repository.add_turn(
                session=session, owner_id=bob, interview_id=interview.id, question_id=None, speaker="x", text="x"
            )


def test_report_replaces_the_previous_one_and_scores_the_interview(database, owners) -> None:
    alice, _ = owners
    with database.session() as session:
        interview = _interview(session, alice)
        for score in (40, 75):
            repository.save_report(
                session=session,
                owner_id=alice,
                interview_id=interview.id,
                report=Report(overall_score=score, engine="offline", engine_version="1"),
            )
    with database.session() as session:
        assert repository.get_report(session=session, owner_id=alice, interview_id=interview.id).overall_score == 75
        assert repository.get_interview(session=session, owner_id=alice, interview_id=interview.id).overall_score == 75
        assert _count(session, Report) == 1


def test_template_keeps_setup_and_questions_and_derives_its_stats(database, owners) -> None:
    alice, _ = owners
    setup = InterviewSetup(job_role="Data Engineer", tech_stack=["SQL"], question_count=3)
    with database.session() as session:
        template = repository.create_template(
            session=session, owner_id=alice, name=" ", setup=setup, questions=_drafts()
        )
        for score in (60, None, 80):
            interview = repository.create_interview(
                session=session,
                owner_id=alice,
                setup=setup,
                questions=_drafts(),
                question_engine="offline",
                template_id=template.id,
            )
            interview.overall_score = score
        session.flush()
        repository.refresh_template_stats(session=session, owner_id=alice, template_id=template.id)
    with database.session() as session:
        stored = repository.get_template(session=session, owner_id=alice, template_id=template.id)
    assert stored.name == setup.display_title()
    assert InterviewSetup.model_validate(stored.setup) == setup
    assert [QuestionDraft.model_validate(q) for q in stored.questions] == _drafts()
    assert stored.times_used == 3
    assert stored.average_score == pytest.approx(70)


class _LooksBeforeTheOtherCommits:
    """A session whose first look finds nobody, as if it looked just before a racing insert."""

    def __init__(self, session) -> None:
        self._session, self._looked = session, False

    def exec(self, query):
        if not self._looked:
            self._looked = True
            return _NoRows()
        return self._session.exec(query)

    def __getattr__(self, name):
        return getattr(self._session, name)


class _NoRows:
    def first(self):
        return None


def test_two_first_visits_racing_get_the_same_user(database) -> None:
    with database.session() as first:
        winner = repository.get_or_create_user(session=first, external_id="racer")
    with database.session() as second:
        loser = repository.get_or_create_user(session=_LooksBeforeTheOtherCommits(second), external_id="racer")
        assert loser.id == winner.id
        assert second.exec(select(func.count()).select_from(User)).one() == 1


def test_a_signed_in_identity_owns_its_own_data(database) -> None:
    from interview_core.errors import InvalidInput

    google = "https://accounts.google.com"
    with database.session() as session:
        ann = repository.signed_in_user(session=session, claims={"iss": google, "sub": "1", "email": "a@x.org"})
        again = repository.signed_in_user(session=session, claims={"iss": google, "sub": "1", "email": "new@x.org"})
        # The same email from another account (or provider) is another person.
        other = repository.signed_in_user(session=session, claims={"iss": google, "sub": "2", "email": "a@x.org"})
        elsewhere = repository.signed_in_user(session=session, claims={"iss": "https://login.okta.com", "sub": "1"})
        local = repository.local_user(session=session)
        assert ann.id == again.id and ann.email == "a@x.org"
        assert len({ann.id, other.id, elsewhere.id, local.id}) == 4
        with pytest.raises(InvalidInput, match="no user id"):
            repository.signed_in_user(session=session, claims={"iss": google})
