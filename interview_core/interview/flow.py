"""An interview's life: plan it, save each answer the moment it exists, score it.

These functions hold the rules pages must not: which questions to avoid, when to commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

from sqlmodel import Session

from interview_core.domain import (
    MIN_QUESTIONS,
    Evaluation,
    InterviewMode,
    InterviewSetup,
    InterviewStatus,
    ModelCall,
    QuestionDraft,
    QuestionSource,
    TimedWord,
)
from interview_core.engines import InterviewEngine
from interview_core.errors import InvalidInput
from interview_core.media.store import MediaStore
from interview_core.questions.bank import new_seed
from interview_core.scoring.report import build_report
from interview_core.speech.transcription import Transcriber, decode_audio
from interview_core.storage import repository
from interview_core.storage.models import Answer, Interview, Question, Report, row_id

log = logging.getLogger(__name__)

RECENT_INTERVIEWS_TO_AVOID = 5
SCORING_WORKERS = 4  # answers scored at once: a hosted model answers in seconds, so in parallel


def plan_interview(
    *,
    session: Session,
    engine: InterviewEngine,
    owner_id: int,
    setup: InterviewSetup,
    seed: int | None = None,
    template_id: int | None = None,
    resume_text: str = "",
) -> Interview:
    """Choose questions (avoiding the owner's recent ones) and store the interview as a draft.
    The seed is stored too, so the same selection can be reproduced. If the configured engine
    fell back to the bank, the interview says so (`question_note`)."""
    seed = new_seed() if seed is None else seed
    avoid = repository.recent_bank_ids(session=session, owner_id=owner_id, interviews=RECENT_INTERVIEWS_TO_AVOID)
    calls: list[ModelCall] = []
    questions = engine.generate_questions(
        setup, seed=seed, avoid_bank_ids=avoid, resume_text=resume_text, on_call=calls.append
    )
    generated_by, note = question_origin(engine, questions, calls)
    interview = repository.create_interview(
        session=session,
        owner_id=owner_id,
        setup=setup,
        questions=questions,
        question_engine=generated_by,
        question_note=note,
        seed=seed,
        template_id=template_id,
    )
    repository.record_model_calls(session=session, owner_id=owner_id, interview_id=interview.id, calls=calls)
    return interview


def question_origin(
    engine: InterviewEngine, questions: Sequence[QuestionDraft], calls: Sequence[ModelCall]
) -> tuple[str, str]:
    """(engine that wrote the questions, why not the configured one — empty if it did)."""
    if engine.name == "offline" or all(q.source != QuestionSource.BANK for q in questions):
        return engine.name, ""
    failed = next((call for call in reversed(calls) if not call.ok), None)
    reason = failed.error if failed else "its questions could not be used"
    return "offline", f"Questions came from the built-in bank because Gemini was unavailable: {reason}."


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
    follow_ups: int = 0,
) -> Answer:
    """Commit the answer first, then score it. If scoring fails the answer stays saved, unscored,
    and can be scored again later (`score_pending`). With `follow_ups` > 0 (the most per
    interview), an answer that missed key points may get one follow-up question right after it."""
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
            session=session, owner_id=owner_id, interview_id=row_id(interview), status=InterviewStatus.IN_PROGRESS
        )
    session.commit()
    question = repository.get_question(session=session, owner_id=owner_id, question_id=question_id)
    calls: list[ModelCall] = []
    try:
        evaluation = engine.evaluate_answer(as_draft(question), text, timed_words=timed_words, on_call=calls.append)
    except Exception:
        log.exception("scoring answer %s failed; it stays saved unscored", answer.id)
        return answer
    finally:
        repository.record_model_calls(session=session, owner_id=owner_id, interview_id=interview.id, calls=calls)
        session.commit()
    answer = repository.record_evaluation(
        session=session, owner_id=owner_id, answer_id=row_id(answer), evaluation=evaluation
    )
    session.commit()
    if follow_ups > 0:
        ask_follow_up(
            session=session, engine=engine, owner_id=owner_id, question=question, answer=answer, limit=follow_ups
        )
    return answer


def ask_follow_up(
    *, session: Session, engine: InterviewEngine, owner_id: int, question: Question, answer: Answer, limit: int
) -> Question | None:
    """Insert one follow-up after `question` if its answer needs one, the question is not a
    follow-up itself, it has none yet, and the interview has had fewer than `limit`."""
    if question.follow_up_of is not None or answer.score is None:
        return None
    questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=question.interview_id)
    asked = [q for q in questions if q.follow_up_of is not None]
    if len(asked) >= limit or any(q.follow_up_of == question.id for q in asked):
        return None
    evaluation = latest_evaluations([answer])[row_id(question)]
    calls: list[ModelCall] = []
    try:
        draft = engine.follow_up(as_draft(question), answer.text, evaluation, on_call=calls.append)
    except Exception:
        log.exception("choosing a follow-up for question %s failed; the interview goes on without one", question.id)
        draft = None
    repository.record_model_calls(session=session, owner_id=owner_id, interview_id=question.interview_id, calls=calls)
    follow_up = None
    if draft is not None:
        follow_up = repository.insert_follow_up(
            session=session, owner_id=owner_id, question_id=row_id(question), draft=draft
        )
    session.commit()
    return follow_up


def latest_evaluations(answers: list[Answer]) -> dict[int, Evaluation]:
    """Each question's most recent scored attempt, as an Evaluation."""
    latest: dict[int, Evaluation] = {}
    for answer in answers:  # oldest first, so a retry replaces the earlier attempt
        evaluation = repository.evaluation_of(answer)
        if evaluation is not None:
            latest[answer.question_id] = evaluation
    return latest


def finish_interview(*, session: Session, engine: InterviewEngine, owner_id: int, interview_id: int) -> Report:
    """Build and store the report from the scored answers, and mark the interview completed."""
    questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)
    answers = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)
    evaluations = latest_evaluations(answers)
    results = [(as_draft(q), evaluations.get(row_id(q))) for q in questions]
    summary = build_report(results, engine=engine.name, engine_version=engine.version)
    calls: list[ModelCall] = []
    narrative = engine.summarise(results, summary.overall_score, on_call=calls.append)
    repository.record_model_calls(session=session, owner_id=owner_id, interview_id=interview_id, calls=calls)
    report = repository.save_report(
        session=session,
        owner_id=owner_id,
        interview_id=interview_id,
        report=Report(
            owner_id=owner_id,  # save_report sets both again; the row is complete from the start
            interview_id=interview_id,
            overall_score=summary.overall_score,
            breakdown={
                "criteria": summary.breakdown,
                "per_question": [r.model_dump() for r in summary.per_question],
                "weakest_skills": summary.weakest_skills,
                "delivery": summary.delivery,
                "unanswered": summary.unanswered,
                "narrative": narrative.model_dump() if narrative else None,
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

    @property
    def main_questions(self) -> list[Question]:
        """The interview's own questions: a follow-up belongs to the question it follows."""
        return [q for q in self.questions if q.follow_up_of is None]

    def number_of(self, index: int) -> int:
        """The number the question at `index` has among the interview's own questions (a
        follow-up has its question's): "Question 3 of 3", never "of 4"."""
        return question_numbers(self.questions)[index]

    @property
    def attempted(self) -> int:
        """The interview's own questions with an answer or a skip."""
        return sum(1 for q in self.main_questions if q.id in self.latest)

    @property
    def still_going(self) -> bool:
        """Questions are left and the candidate has not ended it: too early for results."""
        return self.interview.status != InterviewStatus.COMPLETED and self.current_index is not None


def question_numbers(questions: Sequence[Question]) -> list[int]:
    """Each question's number among the interview's own questions, in order: a follow-up has the
    number of the question it follows."""
    return list(accumulate(int(question.follow_up_of is None) for question in questions))


def latest_attempts(answers: list[Answer]) -> dict[int, Answer]:
    """Question id → its latest attempt (answer or skip); `answers` come oldest first."""
    return {answer.question_id: answer for answer in answers}


def load_progress(*, session: Session, owner_id: int, interview_id: int) -> Progress:
    interview = repository.get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)
    answers = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)
    return Progress(interview, questions, latest_attempts(answers))


def end_interview(*, session: Session, owner_id: int, interview_id: int) -> Interview:
    """The candidate ends the interview here, answered or not; the results then cover what there is."""
    return repository.set_interview_status(
        session=session, owner_id=owner_id, interview_id=interview_id, status=InterviewStatus.COMPLETED
    )


def speaking_already(*, session: Session, owner_id: int, progress: Progress, question_id: int) -> bool:
    """The candidate answers this interview out loud already: an earlier answer was spoken, or a
    take of this question was kept (through a refresh or a crash). The recorder is then there at once."""
    if any(answer.is_transcript for answer in progress.latest.values()):
        return True
    return bool(repository.takes_since_last_answer(session=session, owner_id=owner_id, question_id=question_id))


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
        earlier = repository.list_answers(session=session, owner_id=owner_id, interview_id=row_id(interview))
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
    """Score every saved answer that has no score yet (scoring failed or was interrupted).

    Answers are scored concurrently (a hosted model spends its time waiting on the network);
    each result is stored the moment it arrives, on this thread (the session is not shared)."""
    pending = [
        a
        for a in repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)
        if a.score is None and not a.skipped
    ]
    if not pending:
        return 0
    jobs: list[tuple[int, QuestionDraft, str, list[TimedWord]]] = []
    for answer in pending:
        question = repository.get_question(session=session, owner_id=owner_id, question_id=answer.question_id)
        words = [TimedWord.model_validate(w) for w in answer.spoken_words]
        jobs.append((row_id(answer), as_draft(question), answer.text, words))

    def score(job: tuple[int, QuestionDraft, str, list[TimedWord]]) -> tuple[int, Evaluation, list[ModelCall]]:
        answer_id, draft, text, words = job
        calls: list[ModelCall] = []
        return answer_id, engine.evaluate_answer(draft, text, timed_words=words, on_call=calls.append), calls

    with ThreadPoolExecutor(max_workers=min(SCORING_WORKERS, len(jobs))) as pool:
        futures = [pool.submit(score, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), 1):
            answer_id, evaluation, calls = future.result()
            repository.record_evaluation(session=session, owner_id=owner_id, answer_id=answer_id, evaluation=evaluation)
            repository.record_model_calls(session=session, owner_id=owner_id, interview_id=interview_id, calls=calls)
            session.commit()
            if on_progress:
                on_progress(done, len(jobs))
    return len(jobs)


def practice_again(*, session: Session, owner_id: int, question_id: int) -> Interview:
    """A one-question practice interview on a question the candidate wants another go at."""
    question = repository.get_question(session=session, owner_id=owner_id, question_id=question_id)
    original = repository.get_interview(session=session, owner_id=owner_id, interview_id=question.interview_id)
    setup = repository.setup_of(original).model_copy(
        update={
            "mode": InterviewMode.PRACTICE,
            "title": f"Practice again: {question.text[:120]}",
            "question_count": MIN_QUESTIONS,  # the stored count is the one question's
            "company": "",
            "job_description": "",
            "focus_areas": [],
            "planned_duration_min": None,
        }
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
    transcriber: Transcriber,
    owner_id: int,
    question: Question,
    data: bytes,
    tech_stack: Sequence[str] = (),
    on_progress: Callable[[int, int], None] | None = None,
) -> VoiceAnswer:
    """Keep the recording the moment it arrives, then turn it into text biased toward the
    question's vocabulary. An empty or silent recording is a clear error, not an empty answer."""
    reference = media.save(owner_id=owner_id, data=data, suffix="wav", on_progress=on_progress)
    try:
        transcript = transcriber.transcribe(decode_audio(data), vocabulary=vocabulary_for(question, tech_stack))
        if not transcript.text.strip():
            raise InvalidInput("No speech was heard in the recording: check the microphone and record again.")
    except BaseException:
        # Nothing will ever name a recording that could not be read or held no speech: remove it
        # now, or it would stay on disk (or on Cloudinary) out of reach of "Delete everything".
        media.delete(owner_id=owner_id, reference=reference)
        raise
    return VoiceAnswer(reference, transcript.text, list(transcript.words), transcript.duration_s)
