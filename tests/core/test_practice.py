import pytest

from interview_core.domain import InterviewSetup, InterviewStatus, QuestionDraft, TimedWord
from interview_core.engines import InterviewEngine
from interview_core.engines.offline import OfflineEngine
from interview_core.interview.flow import finish_interview, plan_interview, score_pending, submit_answer
from interview_core.storage import repository


class ScoringFails(OfflineEngine):
    """The offline engine, except scoring blows up (a crash, a dead model, a bug)."""

    def evaluate_answer(self, question: QuestionDraft, answer: str, *, timed_words=(), on_call=None):
        raise RuntimeError("scorer crashed")


@pytest.fixture
def owner_id(database) -> int:
    with database.session() as session:
        return repository.local_user(session=session).id


SETUP = InterviewSetup(job_role="Backend Engineer", tech_stack=["Python"], question_count=4)


def test_offline_engine_meets_the_interface() -> None:
    assert isinstance(OfflineEngine(), InterviewEngine)


def test_plan_stores_the_questions_and_the_seed(database, owner_id) -> None:
    with database.session() as session:
        interview = plan_interview(session=session, engine=OfflineEngine(), owner_id=owner_id, setup=SETUP, seed=5)
    with database.session() as session:
        questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
    expected = OfflineEngine().generate_questions(SETUP, seed=5)
    assert [q.text for q in questions] == [q.text for q in expected]
    assert interview.seed == 5 and interview.question_engine == "offline"
    assert all(q.bank_id and q.key_points for q in questions)


def test_the_next_interview_avoids_the_last_ones_questions(database, owner_id) -> None:
    seen: set[str] = set()
    for _ in range(3):
        with database.session() as session:
            interview = plan_interview(session=session, engine=OfflineEngine(), owner_id=owner_id, setup=SETUP, seed=5)
            ids = {
                q.bank_id
                for q in repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
            }
        assert seen.isdisjoint(ids)
        seen |= ids


def test_an_answer_is_saved_and_scored(database, owner_id) -> None:
    with database.session() as session:
        interview = plan_interview(session=session, engine=OfflineEngine(), owner_id=owner_id, setup=SETUP, seed=1)
        question = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)[0]
        answer = submit_answer(
            session=session,
            engine=OfflineEngine(),
            owner_id=owner_id,
            question_id=question.id,
            text=" ".join(question.key_points),
            time_taken_s=30,
        )
    with database.session() as session:
        stored = repository.get_answer(session=session, owner_id=owner_id, answer_id=answer.id)
        status = repository.get_interview(session=session, owner_id=owner_id, interview_id=interview.id).status
    assert stored.score is not None and stored.score > 50
    assert stored.engine == "offline"
    assert status == InterviewStatus.IN_PROGRESS


def test_a_crashing_scorer_loses_no_answer(database, owner_id) -> None:
    with database.session() as session:
        interview = plan_interview(session=session, engine=OfflineEngine(), owner_id=owner_id, setup=SETUP, seed=1)
        question_id = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)[0].id
    # The request dies after scoring fails: nothing after submit_answer commits.
    with pytest.raises(RuntimeError), database.session() as session:
        submit_answer(
            session=session, engine=ScoringFails(), owner_id=owner_id, question_id=question_id, text="My careful answer"
        )
        raise RuntimeError("connection dropped")
    with database.session() as session:
        answers = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview.id)
    assert [(a.text, a.score) for a in answers] == [("My careful answer", None)]


def test_finishing_an_interview_stores_its_report(database, owner_id) -> None:
    engine = OfflineEngine()
    with database.session() as session:
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=SETUP, seed=2)
        questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
        first, second = questions[0], questions[1]
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=first.id, text="No idea at all.")
        # A retry replaces the first attempt in the report.
        submit_answer(
            session=session, engine=engine, owner_id=owner_id, question_id=first.id, text=" ".join(first.key_points)
        )
        submit_answer(
            session=session, engine=engine, owner_id=owner_id, question_id=second.id, text=" ".join(second.key_points)
        )
        report = finish_interview(session=session, engine=engine, owner_id=owner_id, interview_id=interview.id)
    with database.session() as session:
        stored = repository.get_report(session=session, owner_id=owner_id, interview_id=interview.id)
        finished = repository.get_interview(session=session, owner_id=owner_id, interview_id=interview.id)
    assert stored.overall_score == report.overall_score == finished.overall_score
    assert finished.status == InterviewStatus.COMPLETED
    per_question = stored.breakdown["per_question"]
    assert [row["score"] is None for row in per_question] == [False, False, True, True]
    assert per_question[0]["score"] > 40
    assert stored.breakdown["unanswered"] == 2
    assert stored.engine == "offline" and stored.engine_version.startswith("bank-1+rubric-1")


def test_a_spoken_answer_scored_later_still_gets_its_pace(database, owner_id) -> None:
    words = "I would add an index on the column we filter by and then check the query plan again".split()
    timed = [TimedWord(word=w, start=i * 0.4, end=i * 0.4 + 0.3) for i, w in enumerate(words)]
    with database.session() as session:
        interview = plan_interview(session=session, engine=OfflineEngine(), owner_id=owner_id, setup=SETUP, seed=1)
        question_id = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)[0].id
        submit_answer(
            session=session,
            engine=ScoringFails(),
            owner_id=owner_id,
            question_id=question_id,
            text=" ".join(words),
            timed_words=timed,
            is_transcript=True,
        )
        assert score_pending(session=session, engine=OfflineEngine(), owner_id=owner_id, interview_id=interview.id) == 1
        (answer,) = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview.id)
    assert answer.score is not None
    assert answer.delivery["words_per_minute"] == pytest.approx(len(words) / (timed[-1].end / 60), rel=0.15)
