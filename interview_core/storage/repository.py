"""Reading and writing rows. Every function is keyword-only, takes `session=` and the owner, and
never returns or changes another owner's rows: a row that exists but belongs to someone else is
reported exactly like a missing one (`NotFound`), so ids cannot be probed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnElement, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from interview_core.domain import (
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    Difficulty,
    Evaluation,
    InterviewSetup,
    InterviewStatus,
    InterviewType,
    ModelCall,
    QuestionDraft,
)
from interview_core.errors import InvalidInput, NotFound
from interview_core.storage.models import (
    Answer,
    ConversationTurn,
    Interview,
    ModelCallRecord,
    Question,
    Report,
    Resume,
    Template,
    User,
    VoiceTake,
    row_id,
    utcnow,
)
from interview_core.text_safety import storable

LOCAL_USER_ID = "local"
# One shape per concept. An interview stores its setup in the columns the two share (a new setup
# field is one edit here and one column, plus its migration); an answer stores an evaluation's
# fields, two of them under other column names, all but the outline of a model answer.
SETUP_COLUMNS = frozenset(InterviewSetup.model_fields) & frozenset(Interview.model_fields)
EVALUATION_STORED_AS = {
    field: {"model": "model_name", "criteria": "criteria_scores"}.get(field, field)
    for field in Evaluation.model_fields
    if field != "model_answer"
}
TEMPLATE_NAME_MAX = 200
_LEGACY_IDENTITY_LIMIT = 200  # identities used to be cut to this many characters
# Row ids are PostgreSQL integers. A larger one (from a URL, say) was never issued, and asking
# the database for it would fail (SQLite: OverflowError; PostgreSQL: DataError) instead of "not found".
_MAX_ID = 2**31 - 1


def _possible_id(value: int) -> bool:
    return isinstance(value, int) and 1 <= value <= _MAX_ID


# --- users -----------------------------------------------------------------------------------


def get_or_create_user(*, session: Session, external_id: str, display_name: str = "", email: str | None = None) -> User:
    query = select(User).where(User.external_id == external_id)
    user = session.exec(query).first()
    if user is not None:
        return user
    try:
        # A savepoint: when two first visits race, the loser's insert fails alone and it reads
        # the winner's row instead of failing the page.
        with session.begin_nested():
            user = User(external_id=external_id, display_name=display_name or external_id, email=email)
            session.add(user)
        return user
    except IntegrityError:
        return session.exec(query).one()


def signed_in_user(*, session: Session, claims: dict[str, Any]) -> User:
    """The owner for an OpenID Connect identity (Streamlit's `st.user`). The issuer and subject
    identify a person for good (an email can change or be reused, so it is never a fallback);
    the email is kept for display. The key is a hash of both: any length, never cut short, so two
    long subjects that share a beginning stay two people."""
    issuer, subject = str(claims.get("iss") or ""), str(claims.get("sub") or "")
    if not subject:
        raise InvalidInput("The sign-in provider sent no user id: check the [auth] settings.")
    identity = "oidc-sha256:" + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()
    display_name, email = str(claims.get("name") or ""), claims.get("email")
    user = session.exec(select(User).where(User.external_id == identity)).first()
    if user is None:
        # Profiles made before identities were hashed keep their data: the old key, where it was
        # stored whole (a cut one is ambiguous and stays unclaimed), moves to the new one.
        legacy = f"oidc:{issuer}|{subject}"
        if len(legacy) < _LEGACY_IDENTITY_LIMIT:
            user = session.exec(select(User).where(User.external_id == legacy)).first()
            if user is not None:
                user.external_id = identity
                session.add(user)
                session.flush()
    if user is None:
        user = get_or_create_user(
            session=session, external_id=identity, display_name=display_name or str(email or ""), email=email
        )
    return user


def local_user(*, session: Session) -> User:
    """The single profile used when sign-in is not configured."""
    return get_or_create_user(session=session, external_id=LOCAL_USER_ID, display_name="Local profile")


# --- interviews ------------------------------------------------------------------------------


def create_interview(
    *,
    session: Session,
    owner_id: int,
    setup: InterviewSetup,
    questions: Sequence[QuestionDraft],
    question_engine: str,
    question_note: str = "",
    seed: int | None = None,
    template_id: int | None = None,
) -> Interview:
    """Store a planned interview with its questions, in order."""
    interview = Interview(
        **setup.model_dump(include=set(SETUP_COLUMNS - {"title", "question_count"})),
        owner_id=owner_id,
        title=setup.display_title(),
        question_count=len(questions),
        question_engine=question_engine,
        question_note=question_note,
        seed=seed,
        template_id=template_id,
    )
    session.add(interview)
    session.flush()
    for position, draft in enumerate(questions):
        session.add(_question_row(draft, owner_id=owner_id, interview_id=row_id(interview), position=position))
    session.flush()
    return interview


def _question_row(draft: QuestionDraft, *, owner_id: int, interview_id: int, position: int) -> Question:
    return Question(
        owner_id=owner_id,
        interview_id=interview_id,
        position=position,
        text=draft.text,
        question_type=draft.question_type,
        difficulty=draft.difficulty,
        key_points=list(draft.key_points),
        evaluation_criteria=list(draft.evaluation_criteria),
        tags=list(draft.tags),
        time_allocation_s=draft.time_allocation_s,
        source=draft.source,
        bank_id=draft.bank_id,
        model_answer=draft.model_answer,
    )


def get_interview(*, session: Session, owner_id: int, interview_id: int) -> Interview:
    if not _possible_id(interview_id):
        raise NotFound(f"Interview {interview_id} was not found.")
    interview = session.exec(
        select(Interview).where(Interview.id == interview_id, Interview.owner_id == owner_id)
    ).first()
    if interview is None:
        raise NotFound(f"Interview {interview_id} was not found.")
    return interview


InterviewSort = Literal["newest", "oldest", "best", "worst"]
_ORDER: dict[str, list[Any]] = {
    "newest": [col(Interview.created_at).desc(), col(Interview.id).desc()],
    "oldest": [col(Interview.created_at), col(Interview.id)],
    # Unscored interviews last either way.
    "best": [col(Interview.overall_score).is_(None), col(Interview.overall_score).desc(), col(Interview.id).desc()],
    "worst": [col(Interview.overall_score).is_(None), col(Interview.overall_score), col(Interview.id).desc()],
}


def _interview_filters(
    owner_id: int,
    status: InterviewStatus | None,
    interview_type: InterviewType | None,
    difficulty: Difficulty | None,
    started_only: bool = False,
) -> list[ColumnElement[bool]]:
    conditions = [col(Interview.owner_id) == owner_id]
    if started_only:  # a setup whose questions were chosen but never started is not an interview yet
        conditions.append(col(Interview.status) != InterviewStatus.DRAFT)
    if status is not None:
        conditions.append(col(Interview.status) == status)
    if interview_type is not None:
        conditions.append(col(Interview.interview_type) == interview_type)
    if difficulty is not None:
        conditions.append(col(Interview.difficulty) == difficulty)
    return conditions


def list_interviews(
    *,
    session: Session,
    owner_id: int,
    status: InterviewStatus | None = None,
    started_only: bool = False,
    interview_type: InterviewType | None = None,
    difficulty: Difficulty | None = None,
    sort: InterviewSort = "newest",
    limit: int = 50,
    offset: int = 0,
) -> list[Interview]:
    """The owner's interviews, filtered, newest first unless `sort` says otherwise."""
    query = select(Interview).where(*_interview_filters(owner_id, status, interview_type, difficulty, started_only))
    return list(session.exec(query.order_by(*_ORDER[sort]).offset(offset).limit(limit)))


def count_interviews(
    *,
    session: Session,
    owner_id: int,
    status: InterviewStatus | None = None,
    started_only: bool = False,
    interview_type: InterviewType | None = None,
    difficulty: Difficulty | None = None,
) -> int:
    conditions = _interview_filters(owner_id, status, interview_type, difficulty, started_only)
    return session.exec(select(func.count()).select_from(Interview).where(*conditions)).one()


def set_interview_status(*, session: Session, owner_id: int, interview_id: int, status: InterviewStatus) -> Interview:
    interview = get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    interview.status = status
    if status is InterviewStatus.IN_PROGRESS and interview.started_at is None:
        interview.started_at = utcnow()
    if status in (InterviewStatus.COMPLETED, InterviewStatus.ABANDONED):
        interview.completed_at = utcnow()
    session.add(interview)
    session.flush()
    return interview


def delete_interview(*, session: Session, owner_id: int, interview_id: int) -> None:
    """Delete an interview and everything under it (children first: SQLite may run without
    foreign-key cascades on connections we did not open)."""
    get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    question_ids = select(col(Question.id)).where(
        col(Question.interview_id) == interview_id, col(Question.owner_id) == owner_id
    )
    session.exec(
        delete(VoiceTake).where(col(VoiceTake.question_id).in_(question_ids), col(VoiceTake.owner_id) == owner_id)
    )
    session.exec(delete(Answer).where(col(Answer.interview_id) == interview_id, col(Answer.owner_id) == owner_id))
    session.exec(
        delete(ConversationTurn).where(
            col(ConversationTurn.interview_id) == interview_id, col(ConversationTurn.owner_id) == owner_id
        )
    )
    session.exec(delete(Report).where(col(Report.interview_id) == interview_id, col(Report.owner_id) == owner_id))
    session.exec(
        delete(ModelCallRecord).where(
            col(ModelCallRecord.interview_id) == interview_id, col(ModelCallRecord.owner_id) == owner_id
        )
    )
    # Follow-ups point at the question they follow: those go first.
    session.exec(
        delete(Question).where(
            col(Question.interview_id) == interview_id,
            col(Question.owner_id) == owner_id,
            col(Question.follow_up_of).is_not(None),
        )
    )
    session.exec(delete(Question).where(col(Question.interview_id) == interview_id, col(Question.owner_id) == owner_id))
    session.exec(delete(Interview).where(col(Interview.id) == interview_id, col(Interview.owner_id) == owner_id))
    session.flush()


def recent_bank_ids(*, session: Session, owner_id: int, interviews: int = 5) -> set[str]:
    """Bank ids of the questions in the owner's latest interviews, to avoid asking them again."""
    latest = select(Interview.id).where(Interview.owner_id == owner_id).order_by(*_ORDER["newest"]).limit(interviews)
    rows = session.exec(
        select(Question.bank_id).where(
            Question.owner_id == owner_id,
            col(Question.interview_id).in_(latest.scalar_subquery()),
            col(Question.bank_id).is_not(None),
        )
    )
    return {bank_id for bank_id in rows if bank_id}


# --- questions and answers -------------------------------------------------------------------


def list_questions(*, session: Session, owner_id: int, interview_id: int) -> list[Question]:
    get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    query = (
        select(Question)
        .where(Question.interview_id == interview_id, Question.owner_id == owner_id)
        .order_by(col(Question.position))
    )
    return list(session.exec(query))


def get_question(*, session: Session, owner_id: int, question_id: int) -> Question:
    if not _possible_id(question_id):
        raise NotFound(f"Question {question_id} was not found.")
    question = session.exec(select(Question).where(Question.id == question_id, Question.owner_id == owner_id)).first()
    if question is None:
        raise NotFound(f"Question {question_id} was not found.")
    return question


def save_draft(*, session: Session, owner_id: int, question_id: int, text: str) -> None:
    """Keep what the candidate has typed for a question and not submitted yet."""
    question = get_question(session=session, owner_id=owner_id, question_id=question_id)
    if question.draft != text:
        question.draft = text
        session.add(question)
        session.commit()


def question_shown(*, session: Session, owner_id: int, question_id: int) -> datetime:
    """When the question was first shown to the candidate (now, the first time it is asked)."""
    question = get_question(session=session, owner_id=owner_id, question_id=question_id)
    if question.shown_at is None:
        question.shown_at = utcnow()
        session.add(question)
        session.commit()
    shown = question.shown_at
    return shown if shown.tzinfo else shown.replace(tzinfo=UTC)  # SQLite gives it back without a zone


def save_answer(
    *,
    session: Session,
    owner_id: int,
    question_id: int,
    text: str,
    is_transcript: bool = False,
    time_taken_s: float | None = None,
    started_at: datetime | None = None,
    media_ref: str | None = None,
    spoken_words: list[dict[str, Any]] | None = None,
) -> Answer:
    """Store an attempt as given, before any scoring, so nothing the candidate said is lost."""
    question = get_question(session=session, owner_id=owner_id, question_id=question_id)
    answer = Answer(
        owner_id=owner_id,
        interview_id=question.interview_id,
        question_id=row_id(question),
        text=text,
        is_transcript=is_transcript,
        time_taken_s=time_taken_s,
        started_at=started_at,
        media_ref=media_ref,
        spoken_words=list(spoken_words or []),
    )
    session.add(answer)
    # The attempt is in: the draft is now the answer, and asked again (a retry) the question's
    # clock starts anew.
    question.draft, question.shown_at = "", None
    session.add(question)
    session.flush()
    return answer


def earlier_attempt(*, session: Session, owner_id: int, question: Question, before: datetime) -> Answer | None:
    """The candidate's most recent scored answer to the same question (the same words) in another
    of their interviews, given before `before`: what "practice this question again" compares with."""
    return session.exec(
        select(Answer)
        .join(Question, col(Answer.question_id) == col(Question.id))
        .where(
            col(Answer.owner_id) == owner_id,
            col(Question.owner_id) == owner_id,
            col(Question.text) == question.text,
            col(Question.id) != question.id,
            col(Answer.score).is_not(None),
            col(Answer.submitted_at) < before,
        )
        .order_by(col(Answer.submitted_at).desc())
        .limit(1)
    ).first()


def get_answer(*, session: Session, owner_id: int, answer_id: int) -> Answer:
    if not _possible_id(answer_id):
        raise NotFound(f"Answer {answer_id} was not found.")
    answer = session.exec(select(Answer).where(Answer.id == answer_id, Answer.owner_id == owner_id)).first()
    if answer is None:
        raise NotFound(f"Answer {answer_id} was not found.")
    return answer


def list_answers(*, session: Session, owner_id: int, interview_id: int) -> list[Answer]:
    get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    query = (
        select(Answer)
        .where(Answer.interview_id == interview_id, Answer.owner_id == owner_id)
        .order_by(col(Answer.submitted_at), col(Answer.id))
    )
    return list(session.exec(query))


def record_evaluation(*, session: Session, owner_id: int, answer_id: int, evaluation: Evaluation) -> Answer:
    answer = get_answer(session=session, owner_id=owner_id, answer_id=answer_id)
    for field, value in evaluation.model_dump(include=set(EVALUATION_STORED_AS)).items():
        setattr(answer, EVALUATION_STORED_AS[field], value)
    answer.model_name = evaluation.model or None
    answer.prompt_version = evaluation.prompt_version or None
    answer.evaluated_at = utcnow()
    session.add(answer)
    session.flush()
    return answer


def evaluation_of(answer: Answer) -> Evaluation | None:
    """The stored verdict on an answer, as the engines gave it; None while it is unscored."""
    if answer.score is None:
        return None
    stored = {field: getattr(answer, column) for field, column in EVALUATION_STORED_AS.items()}
    for text in ("engine", "engine_version", "model", "prompt_version"):
        stored[text] = stored[text] or ""
    return Evaluation.model_validate(stored)


def setup_of(interview: Interview) -> InterviewSetup:
    """The setup an interview was planned from (what a practice-again or a template starts from)."""
    stored = {field: getattr(interview, field) for field in SETUP_COLUMNS}
    # The stored count is what was planned, follow-ups included; a setup asks for 3–10.
    stored["question_count"] = max(MIN_QUESTIONS, min(MAX_QUESTIONS, interview.question_count))
    return InterviewSetup.model_validate(stored)


def insert_follow_up(*, session: Session, owner_id: int, question_id: int, draft: QuestionDraft) -> Question:
    """Put a follow-up right after the question it follows; later questions move down one."""
    parent = get_question(session=session, owner_id=owner_id, question_id=question_id)
    later = session.exec(
        select(Question)
        .where(Question.interview_id == parent.interview_id, Question.position > parent.position)
        .order_by(col(Question.position).desc())
    ).all()
    for question in later:  # one at a time, last first: (interview, position) stays unique throughout
        question.position += 1
        session.add(question)
        session.flush()
    follow_up = _question_row(draft, owner_id=owner_id, interview_id=parent.interview_id, position=parent.position + 1)
    follow_up.follow_up_of = parent.id
    session.add(follow_up)
    interview = get_interview(session=session, owner_id=owner_id, interview_id=parent.interview_id)
    interview.question_count += 1
    session.add(interview)
    session.flush()
    return follow_up


def record_model_calls(
    *, session: Session, owner_id: int, interview_id: int | None, calls: Sequence[ModelCall]
) -> None:
    if interview_id is not None:
        get_interview(session=session, owner_id=owner_id, interview_id=interview_id)  # theirs, or NotFound
    for call in calls:
        session.add(ModelCallRecord(owner_id=owner_id, interview_id=interview_id, **call.model_dump()))
    session.flush()


def list_model_calls(*, session: Session, owner_id: int, interview_id: int) -> list[ModelCallRecord]:
    get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    return list(
        session.exec(
            select(ModelCallRecord)
            .where(ModelCallRecord.owner_id == owner_id, ModelCallRecord.interview_id == interview_id)
            .order_by(col(ModelCallRecord.id))
        ).all()
    )


# --- voice takes -----------------------------------------------------------------------------


def start_take(*, session: Session, owner_id: int, question_id: int, spool: str | None) -> VoiceTake:
    get_question(session=session, owner_id=owner_id, question_id=question_id)
    take = VoiceTake(owner_id=owner_id, question_id=question_id, spool=spool)
    session.add(take)
    session.flush()
    return take


def get_take(*, session: Session, owner_id: int, take_id: int) -> VoiceTake:
    if not _possible_id(take_id):
        raise NotFound(f"Recording {take_id} was not found.")
    take = session.exec(select(VoiceTake).where(VoiceTake.id == take_id, VoiceTake.owner_id == owner_id)).first()
    if take is None:
        raise NotFound(f"Recording {take_id} was not found.")
    return take


def append_take_segment(*, session: Session, owner_id: int, take_id: int, segment: dict[str, Any]) -> VoiceTake:
    take = get_take(session=session, owner_id=owner_id, take_id=take_id)
    take.segments = [*take.segments, segment]  # a new list: JSON columns are saved when reassigned
    session.add(take)
    session.flush()
    return take


def finish_take(*, session: Session, owner_id: int, take_id: int, media_ref: str | None) -> VoiceTake:
    take = get_take(session=session, owner_id=owner_id, take_id=take_id)
    take.media_ref, take.spool, take.stopped_at = media_ref, None, utcnow()
    session.add(take)
    session.flush()
    return take


def takes_since_last_answer(*, session: Session, owner_id: int, question_id: int) -> list[VoiceTake]:
    """The question's takes not yet part of a submitted answer, oldest first."""
    get_question(session=session, owner_id=owner_id, question_id=question_id)
    last_answer = session.exec(
        select(func.max(Answer.submitted_at)).where(Answer.question_id == question_id, Answer.owner_id == owner_id)
    ).one()
    query = select(VoiceTake).where(VoiceTake.question_id == question_id, VoiceTake.owner_id == owner_id)
    if last_answer is not None:
        query = query.where(VoiceTake.started_at > last_answer)
    return list(session.exec(query.order_by(col(VoiceTake.started_at), col(VoiceTake.id))))


# --- conversation turns ----------------------------------------------------------------------


def add_turn(
    *, session: Session, owner_id: int, interview_id: int, question_id: int | None, speaker: str, text: str
) -> ConversationTurn:
    get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    if question_id is not None:
        get_question(session=session, owner_id=owner_id, question_id=question_id)
    turn = ConversationTurn(
        owner_id=owner_id, interview_id=interview_id, question_id=question_id, speaker=speaker, text=text
    )
    session.add(turn)
    session.flush()
    return turn


def list_turns(*, session: Session, owner_id: int, interview_id: int) -> list[ConversationTurn]:
    """The spoken interview's turns in the order they were said."""
    get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    return list(
        session.exec(
            select(ConversationTurn)
            .where(ConversationTurn.owner_id == owner_id, ConversationTurn.interview_id == interview_id)
            .order_by(col(ConversationTurn.id))
        )
    )


# --- reports ---------------------------------------------------------------------------------


def save_report(*, session: Session, owner_id: int, interview_id: int, report: Report) -> Report:
    """Store (or replace) the interview's report and copy its score onto the interview."""
    interview = get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    session.exec(delete(Report).where(col(Report.interview_id) == interview_id, col(Report.owner_id) == owner_id))
    report.owner_id = owner_id
    report.interview_id = interview_id
    interview.overall_score = report.overall_score
    interview.scoring_engine = report.engine
    session.add_all([report, interview])
    session.flush()
    return report


def get_report(*, session: Session, owner_id: int, interview_id: int) -> Report | None:
    return session.exec(select(Report).where(Report.interview_id == interview_id, Report.owner_id == owner_id)).first()


# --- templates -------------------------------------------------------------------------------


def create_template(
    *, session: Session, owner_id: int, name: str, setup: InterviewSetup, questions: Sequence[QuestionDraft] = ()
) -> Template:
    name = storable(name).strip()
    if len(name) > TEMPLATE_NAME_MAX:
        raise InvalidInput(f"Template name: at most {TEMPLATE_NAME_MAX} characters, please shorten it.")
    template = Template(
        owner_id=owner_id,
        name=name or setup.display_title()[:TEMPLATE_NAME_MAX],
        setup=setup.model_dump(mode="json"),
        questions=[draft.model_dump(mode="json") for draft in questions],
    )
    session.add(template)
    session.flush()
    return template


def get_template(*, session: Session, owner_id: int, template_id: int) -> Template:
    if not _possible_id(template_id):
        raise NotFound(f"Template {template_id} was not found.")
    template = session.exec(select(Template).where(Template.id == template_id, Template.owner_id == owner_id)).first()
    if template is None:
        raise NotFound(f"Template {template_id} was not found.")
    return template


def list_templates(*, session: Session, owner_id: int) -> list[Template]:
    query = select(Template).where(Template.owner_id == owner_id).order_by(col(Template.name))
    return list(session.exec(query))


def refresh_template_stats(*, session: Session, owner_id: int, template_id: int) -> Template:
    """Recount uses and the average score from the interviews started from the template."""
    template = get_template(session=session, owner_id=owner_id, template_id=template_id)
    uses, average = session.exec(
        select(func.count(), func.avg(Interview.overall_score)).where(
            Interview.template_id == template_id, Interview.owner_id == owner_id
        )
    ).one()
    template.times_used = uses
    template.average_score = None if average is None else float(average)
    session.add(template)
    session.flush()
    return template


# --- across an owner's rows (history, privacy, demo, recordings) ---------------------------------

Owned = TypeVar("Owned", Interview, Resume, Template)


def list_owned(*, session: Session, owner_id: int, table: type[Owned]) -> list[Owned]:
    """Every row of `table` (interviews, resumes or templates) of this owner, oldest first."""
    return list(session.exec(select(table).where(col(table.owner_id) == owner_id).order_by(col(table.id))).all())


def interview_stats(*, session: Session, owner_id: int) -> tuple[int, int, float | None, float | None]:
    """(interviews started, completed, average score, best score) of this owner."""
    total, completed, average, best = session.exec(
        select(
            func.count(),
            func.count(col(Interview.completed_at)),
            func.avg(col(Interview.overall_score)),
            func.max(col(Interview.overall_score)),
        ).where(*_interview_filters(owner_id, None, None, None, started_only=True))
    ).one()
    return total, completed, None if average is None else float(average), None if best is None else float(best)


def interviews_by_type(*, session: Session, owner_id: int) -> dict[str, int]:
    rows = session.exec(
        select(col(Interview.interview_type), func.count())
        .where(*_interview_filters(owner_id, None, None, None, started_only=True))
        .group_by(col(Interview.interview_type))
    ).all()
    return {str(kind): count for kind, count in rows}


def scored_interviews(
    *, session: Session, owner_id: int, limit: int
) -> list[tuple[int, datetime | None, datetime, float, str, str]]:
    """(id, completed, created, score, type, role) of the owner's scored interviews, newest first."""
    rows = session.exec(
        select(  # type: ignore[call-overload]  # SQLModel's overloads stop at four columns
            col(Interview.id),
            col(Interview.completed_at),
            col(Interview.created_at),
            col(Interview.overall_score),
            col(Interview.interview_type),
            col(Interview.job_role),
        )
        .where(col(Interview.owner_id) == owner_id, col(Interview.overall_score).is_not(None))
        .order_by(col(Interview.created_at).desc())
        .limit(limit)
    ).all()
    return [(int(i), done, made, float(score), str(kind), str(role)) for i, done, made, score, kind, role in rows]


def recent_report_breakdowns(*, session: Session, owner_id: int, limit: int) -> list[tuple[datetime, dict[str, Any]]]:
    """(written, breakdown) of the owner's latest reports, newest first."""
    rows = session.exec(
        select(col(Report.created_at), col(Report.breakdown))
        .where(col(Report.owner_id) == owner_id)
        .order_by(col(Report.created_at).desc())
        .limit(limit)
    ).all()
    return [(created, breakdown or {}) for created, breakdown in rows]


def takes_of_questions(*, session: Session, owner_id: int, question_ids: Sequence[int]) -> list[VoiceTake]:
    if not question_ids:
        return []
    return list(
        session.exec(
            select(VoiceTake).where(
                col(VoiceTake.owner_id) == owner_id, col(VoiceTake.question_id).in_(list(question_ids))
            )
        ).all()
    )


def recordings_before(*, session: Session, owner_id: int, cutoff: datetime) -> list[Answer | VoiceTake]:
    """The owner's answers and takes that still name a recording made before `cutoff`."""
    answers = session.exec(
        select(Answer).where(
            col(Answer.owner_id) == owner_id, col(Answer.media_ref).is_not(None), col(Answer.submitted_at) < cutoff
        )
    ).all()
    takes = session.exec(
        select(VoiceTake).where(
            col(VoiceTake.owner_id) == owner_id,
            col(VoiceTake.media_ref).is_not(None),
            col(VoiceTake.started_at) < cutoff,
        )
    ).all()
    return [*answers, *takes]


def rows_naming_media(*, session: Session, owner_id: int, prefix: str = "") -> list[Answer | VoiceTake | Resume]:
    """The owner's answers, takes and resumes whose recording or file reference starts with `prefix`."""
    answers = session.exec(
        select(Answer).where(col(Answer.owner_id) == owner_id, col(Answer.media_ref).startswith(prefix))
    ).all()
    takes = session.exec(
        select(VoiceTake).where(col(VoiceTake.owner_id) == owner_id, col(VoiceTake.media_ref).startswith(prefix))
    ).all()
    resumes = session.exec(
        select(Resume).where(col(Resume.owner_id) == owner_id, col(Resume.media_ref).startswith(prefix))
    ).all()
    return [*answers, *takes, *resumes]


def get_resume(*, session: Session, owner_id: int, resume_id: int) -> Resume:
    if not _possible_id(resume_id):
        raise NotFound(f"Resume {resume_id} was not found.")
    resume = session.exec(select(Resume).where(col(Resume.id) == resume_id, col(Resume.owner_id) == owner_id)).first()
    if resume is None:
        raise NotFound(f"Resume {resume_id} was not found.")
    return resume


def interviews_from_templates(*, session: Session, owner_id: int, template_ids: Collection[int]) -> list[int]:
    """The ids of this owner's interviews set up from any of these templates."""
    if not template_ids:
        return []
    rows = session.exec(
        select(Interview).where(col(Interview.owner_id) == owner_id, col(Interview.template_id).in_(list(template_ids)))
    ).all()
    return [row_id(interview) for interview in rows]


def has_template_named(*, session: Session, owner_id: int, prefix: str) -> bool:
    found = session.exec(
        select(Template.id).where(col(Template.owner_id) == owner_id, col(Template.name).startswith(prefix))
    ).first()
    return found is not None
