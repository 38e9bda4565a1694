"""An interview's life: plan it, save each answer the moment it exists, score it.

These functions hold the rules pages must not: which questions to avoid, when to commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from interview_core import repository
from interview_core.delivery import TimedWord
from interview_core.domain import Evaluation, InterviewMode, InterviewSetup, InterviewStatus, QuestionDraft
from interview_core.engines import InterviewEngine
from interview_core.errors import InvalidInput
from interview_core.media import MediaStore
from interview_core.models import Answer, Interview, Question, Report
from interview_core.question_bank import new_seed
from interview_core.report import build_report
from interview_core.transcription import WhisperTranscriber, decode_audio

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
    media_ref: str | None = None,
    timed_words: Sequence[TimedWord] = (),
    is_transcript: bool = False,
) -> Answer:
    """Commit the answer first, then score it. If scoring fails the answer stays saved, unscored,
    and can be scored again later (`score_pending`)."""
    check_attempt_allowed(session=session, owner_id=owner_id, question_id=question_id)
    answer = repository.save_answer(
        session=session,
        owner_id=owner_id,
        question_id=question_id,
        text=text,
        is_transcript=is_transcript,
        time_taken_s=time_taken_s,
        started_at=started_at,
        media_ref=media_ref,
        spoken_words=[w.model_dump() for w in timed_words],
    )
    interview = repository.get_interview(session=session, owner_id=owner_id, interview_id=answer.interview_id)
    if interview.status == InterviewStatus.DRAFT:
        repository.set_interview_status(
            session=session, owner_id=owner_id, interview_id=interview.id, status=InterviewStatus.IN_PROGRESS
        )
    session.commit()
    question = repository.get_question(session=session, owner_id=owner_id, question_id=question_id)
    try:
        evaluation = engine.evaluate_answer(as_draft(question), text, timed_words=timed_words)
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


# --- running an interview ----------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where the candidate is: the questions, each one's latest attempt, and the next to answer."""

    interview: Interview
    questions: list[Question]
    latest: dict[int, Answer]  # question id → latest attempt (answer or skip)

    @property
    def current_index(self) -> int | None:
        """The first question with no attempt yet; None when every question has one."""
        return next((i for i, q in enumerate(self.questions) if q.id not in self.latest), None)


def latest_attempts(answers: list[Answer]) -> dict[int, Answer]:
    """Question id → its latest attempt (answer or skip); `answers` come oldest first."""
    return {answer.question_id: answer for answer in answers}


def load_progress(*, session: Session, owner_id: int, interview_id: int) -> Progress:
    interview = repository.get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)
    answers = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)
    return Progress(interview, questions, latest_attempts(answers))


def start_interview(*, session: Session, owner_id: int, interview_id: int) -> Interview:
    return repository.set_interview_status(
        session=session, owner_id=owner_id, interview_id=interview_id, status=InterviewStatus.IN_PROGRESS
    )


def skip_question(*, session: Session, owner_id: int, question_id: int) -> Answer:
    """Record that the question was skipped (it counts as unanswered in the report)."""
    answer = repository.save_answer(session=session, owner_id=owner_id, question_id=question_id, text="")
    answer.skipped = True
    session.add(answer)
    session.commit()
    return answer


def check_attempt_allowed(*, session: Session, owner_id: int, question_id: int) -> None:
    """Mock interviews are like the real thing: one attempt per question."""
    question = repository.get_question(session=session, owner_id=owner_id, question_id=question_id)
    interview = repository.get_interview(session=session, owner_id=owner_id, interview_id=question.interview_id)
    if interview.mode == InterviewMode.MOCK:
        earlier = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview.id)
        if any(a.question_id == question_id for a in earlier):
            raise InvalidInput("This is a mock interview: each question gets one attempt.")


def score_pending(
    *,
    session: Session,
    engine: InterviewEngine,
    owner_id: int,
    interview_id: int,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Score every saved answer that has no score yet (scoring failed or was interrupted)."""
    pending = [
        a
        for a in repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)
        if a.score is None and not a.skipped
    ]
    for done, answer in enumerate(pending, 1):
        question = repository.get_question(session=session, owner_id=owner_id, question_id=answer.question_id)
        words = [TimedWord.model_validate(w) for w in answer.spoken_words]
        evaluation = engine.evaluate_answer(as_draft(question), answer.text, timed_words=words)
        repository.record_evaluation(session=session, owner_id=owner_id, answer_id=answer.id, evaluation=evaluation)
        session.commit()
        if on_progress:
            on_progress(done, len(pending))
    return len(pending)


def practice_again(*, session: Session, owner_id: int, question_id: int) -> Interview:
    """A one-question practice interview on a question the candidate wants another go at."""
    question = repository.get_question(session=session, owner_id=owner_id, question_id=question_id)
    original = repository.get_interview(session=session, owner_id=owner_id, interview_id=question.interview_id)
    setup = InterviewSetup(
        job_role=original.job_role,
        level=original.level,
        interview_type=original.interview_type,
        difficulty=original.difficulty,
        tech_stack=original.tech_stack,
        mode=InterviewMode.PRACTICE,
        title=f"Practice again: {question.text[:120]}",
    )
    return repository.create_interview(
        session=session, owner_id=owner_id, setup=setup, questions=[as_draft(question)], question_engine="repeat"
    )


def vocabulary_for(question: Question, tech_stack: Sequence[str] = ()) -> list[str]:
    """What to bias speech recognition toward: the question and its key points, then its tags
    and the interview's tech stack (the names a candidate is likely to say)."""
    tags = (tag.replace("_", " ") for tag in question.tags)
    return [question.text, *question.key_points, *tags, *tech_stack]


@dataclass(frozen=True)
class VoiceAnswer:
    """A spoken answer, ready for the candidate to correct: the transcript, its word timings,
    the stored recording, and (for live answers) the takes it came from."""

    media_ref: str | None
    text: str
    words: list[TimedWord]
    duration_s: float
    take_ids: tuple[int, ...] = ()


def receive_recording(
    *,
    media: MediaStore,
    transcriber: WhisperTranscriber,
    owner_id: int,
    question: Question,
    data: bytes,
    tech_stack: Sequence[str] = (),
) -> VoiceAnswer:
    """Keep the recording the moment it arrives, then turn it into text biased toward the
    question's vocabulary. An empty or silent recording is a clear error, not an empty answer."""
    reference = media.save(owner_id=owner_id, data=data, suffix="wav")
    transcript = transcriber.transcribe(decode_audio(data), vocabulary=vocabulary_for(question, tech_stack))
    if not transcript.text.strip():
        raise InvalidInput("No speech was heard in the recording: check the microphone and record again.")
    return VoiceAnswer(reference, transcript.text, list(transcript.words), transcript.duration_s)
