"""One shape per concept (issue: layout, point 3): an interview's setup columns and an answer's
scoring columns are derived from InterviewSetup and Evaluation, so a new field is one edit (and a
migration), and both round-trip through storage unchanged."""

from interview_core.domain import (
    CriterionScore,
    Evaluation,
    EvidenceQuote,
    InterviewMode,
    InterviewSetup,
    InterviewType,
    Level,
    QuestionDraft,
    QuestionType,
)
from interview_core.storage import repository
from interview_core.storage.models import Answer, Interview, row_id


def test_every_setup_field_is_stored_and_every_evaluation_field_but_the_outline() -> None:
    assert set(InterviewSetup.model_fields) == repository.SETUP_COLUMNS
    assert set(Evaluation.model_fields) - set(repository.EVALUATION_STORED_AS) == {"model_answer"}
    assert set(repository.EVALUATION_STORED_AS.values()) <= set(Answer.model_fields)
    assert set(Interview.model_fields) >= repository.SETUP_COLUMNS


def test_a_setup_and_an_evaluation_round_trip_through_storage(database) -> None:
    setup = InterviewSetup(
        job_role="Data Engineer", level=Level.SENIOR, interview_type=InterviewType.MIXED, tech_stack=["Spark"],
        focus_areas=["Testing"], company="Acme", job_description="Pipelines.", question_count=3,
        planned_duration_min=30, audio_enabled=False, video_enabled=True, interviewer_voice=True, conversation=False,
        patience_s=3.5,
        mode=InterviewMode.MOCK, title="My mock",
    )  # fmt: skip
    drafts = [QuestionDraft(text=f"Question number {i}?", question_type=QuestionType.TECHNICAL) for i in range(3)]
    evaluation = Evaluation(
        engine="offline", engine_version="rubric-1", model="m", prompt_version="3", fallback_reason="why",
        score=61.5, criteria={"relevance": CriterionScore(score=80, reason="on topic")},
        covered_key_points=["a"], missed_key_points=["b"], missed_reasons={"b": "not said"},
        evidence=[EvidenceQuote(key_point="a", quote="said a")], feedback="Good.", strengths=["s"],
        improvements=["i"], delivery={"word_count": 12}, needs_review=True, not_assessed="The answer is empty.",
    )  # fmt: skip
    with database.session() as session:
        owner = repository.local_user(session=session).id
        interview = repository.create_interview(
            session=session, owner_id=owner, setup=setup, questions=drafts, question_engine="offline"
        )
        question = repository.list_questions(session=session, owner_id=owner, interview_id=row_id(interview))[0]
        answer = repository.save_answer(session=session, owner_id=owner, question_id=row_id(question), text="x")
        repository.record_evaluation(session=session, owner_id=owner, answer_id=row_id(answer), evaluation=evaluation)
    with database.session() as session:
        stored = repository.get_interview(session=session, owner_id=owner, interview_id=row_id(interview))
        answer = repository.get_answer(session=session, owner_id=owner, answer_id=row_id(answer))
    assert repository.setup_of(stored) == setup
    assert repository.evaluation_of(answer) == evaluation
