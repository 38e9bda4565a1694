"""An interview's life: plan it, save each answer the moment it exists, score it.

These functions hold the rules pages must not: which questions to avoid, when to commit.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session

from interview_core import repository
from interview_core.domain import Evaluation, InterviewSetup, InterviewStatus, QuestionDraft
from interview_core.engines import InterviewEngine
from interview_core.models import Answer, Interview, Question, Report
from interview_core.question_bank import new_seed
from interview_core.report import build_report

log = logging.getLogger(__name__)

RECENT_INTERVIEWS_TO_AVOID = 5


def plan_interview(
    *,
    session: Session,
    engine: InterviewEngine,
    owner_id: int,
    setup: InterviewSetup,
    seed: int | None = None,
    template_id: int | None = None,
) -> Interview:
    """Choose questions (avoiding the owner's recent ones) and store the interview as a draft.
    The seed is stored too, so the same selection can be reproduced."""
    seed = new_seed() if seed is None else seed
    avoid = repository.recent_bank_ids(session=session, owner_id=owner_id, interviews=RECENT_INTERVIEWS_TO_AVOID)
    questions = engine.generate_questions(setup, seed=seed, avoid_bank_ids=avoid)
    return repository.create_interview(
        session=session,
        owner_id=owner_id,
        setup=setup,
        questions=questions,
        question_engine=engine.name,
        seed=seed,
        template_id=template_id,
    )


def as_draft(question: Question) -> QuestionDraft:
    """The stored question in the shape engines read (the row's extra columns are dropped)."""
    return QuestionDraft.model_validate(question, from_attributes=True)


def submit_answer(
    *,
    session: Session,
    engine: InterviewEngine,
    owner_id: int,
    question_id: int,
    text: str,
    time_taken_s: float | None = None,
    started_at: datetime | None = None,
) -> Answer:
    """Commit the answer first, then score it. If scoring fails the answer stays saved, unscored,
    and can be scored again later."""
    answer = repository.save_answer(
        session=session,
        owner_id=owner_id,
        question_id=question_id,
        text=text,
        time_taken_s=time_taken_s,
        started_at=started_at,
    )
    interview = repository.get_interview(session=session, owner_id=owner_id, interview_id=answer.interview_id)
    if interview.status == InterviewStatus.DRAFT:
        repository.set_interview_status(
            session=session, owner_id=owner_id, interview_id=interview.id, status=InterviewStatus.IN_PROGRESS
        )
    session.commit()
    question = repository.get_question(session=session, owner_id=owner_id, question_id=question_id)
    try:
        evaluation = engine.evaluate_answer(as_draft(question), text)
    except Exception:
        log.exception("scoring answer %s failed; it stays saved unscored", answer.id)
        return answer
    answer = repository.record_evaluation(
        session=session, owner_id=owner_id, answer_id=answer.id, evaluation=evaluation
    )
    session.commit()
    return answer


def latest_evaluations(answers: list[Answer]) -> dict[int, Evaluation]:
    """Each question's most recent scored attempt, as an Evaluation."""
    latest: dict[int, Evaluation] = {}
    for answer in answers:  # oldest first, so a retry replaces the earlier attempt
        if answer.score is None:
            continue
        latest[answer.question_id] = Evaluation(
            engine=answer.engine or "",
            engine_version=answer.engine_version or "",
            score=answer.score,
            criteria=answer.criteria_scores,
            covered_key_points=answer.covered_key_points,
            missed_key_points=answer.missed_key_points,
            missed_reasons=answer.missed_reasons,
            evidence=answer.evidence,
            feedback=answer.feedback,
            strengths=answer.strengths,
            improvements=answer.improvements,
            delivery=answer.delivery,
            needs_review=answer.needs_review,
        )
    return latest


def finish_interview(*, session: Session, engine: InterviewEngine, owner_id: int, interview_id: int) -> Report:
    """Build and store the report from the scored answers, and mark the interview completed."""
    questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)
    answers = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)
    evaluations = latest_evaluations(answers)
    summary = build_report(
        [(as_draft(q), evaluations.get(q.id)) for q in questions], engine=engine.name, engine_version=engine.version
    )
    report = repository.save_report(
        session=session,
        owner_id=owner_id,
        interview_id=interview_id,
        report=Report(
            overall_score=summary.overall_score,
            breakdown={
                "criteria": summary.breakdown,
                "per_question": [r.model_dump() for r in summary.per_question],
                "weakest_skills": summary.weakest_skills,
                "delivery": summary.delivery,
                "unanswered": summary.unanswered,
            },
            strengths=summary.strengths,
            weaknesses=summary.weaknesses,
            recommendations=summary.recommendations,
            engine=summary.engine,
            engine_version=summary.engine_version,
        ),
    )
    repository.set_interview_status(
        session=session, owner_id=owner_id, interview_id=interview_id, status=InterviewStatus.COMPLETED
    )
    return report
