"""Database tables (SQLModel). Every row carries `owner_id` so users can be kept apart.

Enums are stored as short strings, not native database enums, so adding a value needs no
migration. Lists and nested results are JSON columns: they are read and written whole.
Change a table here, then add an Alembic revision (see interview_core/storage/migrations/README.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import JSON, Column, DateTime, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from interview_core.domain import (
    Difficulty,
    InterviewMode,
    InterviewStatus,
    InterviewType,
    Level,
    QuestionSource,
    QuestionType,
)


class _Stored(Protocol):
    id: int | None


def row_id(row: _Stored) -> int:
    """A stored row's id. Rows get their id when flushed; asking for one before is a bug."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id


def utcnow() -> datetime:
    return datetime.now(UTC)


def _timestamp(*, nullable: bool = True) -> Any:
    default = {"default_factory": utcnow} if not nullable else {"default": None}
    return Field(sa_type=DateTime(timezone=True), nullable=nullable, **default)


def _json(default_factory: Any = list) -> Any:
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False))


def _enum(default: Any, length: int = 20) -> Any:
    return Field(default=default, sa_type=String(length), nullable=False)


class User(SQLModel, table=True):
    """A person who practises. `external_id` is "local" in single-user mode, else the login id."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(max_length=320, unique=True, index=True)
    display_name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=320)
    created_at: datetime = _timestamp(nullable=False)


class Interview(SQLModel, table=True):
    __tablename__ = "interviews"
    # History lists one owner's interviews newest first.
    __table_args__ = (Index("ix_interviews_owner_created", "owner_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    job_role: str = Field(max_length=120)
    level: Level = _enum(Level.MID)
    interview_type: InterviewType = _enum(InterviewType.TECHNICAL)
    difficulty: Difficulty = _enum(Difficulty.MEDIUM)
    company: str = Field(default="", max_length=120)
    job_description: str = Field(default="", sa_type=Text)
    tech_stack: list[str] = _json()
    focus_areas: list[str] = _json()
    question_count: int = Field(ge=1)
    planned_duration_min: int | None = None
    audio_enabled: bool = True
    video_enabled: bool = False
    interviewer_voice: bool = False
    conversation: bool = False  # interviews from before it (migration 0008) went question by question
    patience_s: float = 2.0
    mode: InterviewMode = _enum(InterviewMode.PRACTICE)
    status: InterviewStatus = _enum(InterviewStatus.DRAFT)
    created_at: datetime = _timestamp(nullable=False)
    started_at: datetime | None = _timestamp()
    completed_at: datetime | None = _timestamp()
    overall_score: float | None = None
    question_engine: str = Field(default="", max_length=80)
    question_note: str = Field(default="", sa_type=Text, description="Why the questions came from elsewhere.")
    scoring_engine: str | None = Field(default=None, max_length=80)
    seed: int | None = Field(default=None, description="Makes the question selection reproducible.")
    template_id: int | None = Field(default=None, foreign_key="templates.id", ondelete="SET NULL")


class Question(SQLModel, table=True):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("interview_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    interview_id: int = Field(foreign_key="interviews.id", index=True, ondelete="CASCADE")
    position: int = Field(ge=0, description="Order in the interview, from 0.")
    text: str = Field(sa_type=Text)
    question_type: QuestionType = _enum(QuestionType.TECHNICAL)
    difficulty: Difficulty = _enum(Difficulty.MEDIUM)
    key_points: list[str] = _json()
    evaluation_criteria: list[str] = _json()
    tags: list[str] = _json()
    time_allocation_s: int = 180
    source: QuestionSource = _enum(QuestionSource.BANK)
    bank_id: str | None = Field(default=None, max_length=120, index=True)
    follow_up_of: int | None = Field(default=None, foreign_key="questions.id", ondelete="CASCADE")
    # The candidate's work in progress, kept across a refresh, a reconnect or a restart: what they
    # have typed and not submitted yet, and when the question was first shown (its clock).
    draft: str = Field(default="", sa_type=Text)
    shown_at: datetime | None = _timestamp()
    model_answer: str = Field(default="", sa_type=Text)  # QuestionDraft.model_answer


class Answer(SQLModel, table=True):
    """One attempt at one question, saved the moment it is submitted, scored afterwards."""

    __tablename__ = "answers"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    interview_id: int = Field(foreign_key="interviews.id", index=True, ondelete="CASCADE")
    question_id: int = Field(foreign_key="questions.id", index=True, ondelete="CASCADE")
    text: str = Field(default="", sa_type=Text, description="Typed answer or transcript.")
    is_transcript: bool = False
    skipped: bool = False
    media_ref: str | None = Field(default=None, max_length=500)
    spoken_words: list[dict[str, Any]] = _json()  # {"word", "start", "end"}: re-scoring keeps delivery
    time_taken_s: float | None = None
    started_at: datetime | None = _timestamp()
    submitted_at: datetime = _timestamp(nullable=False)
    score: float | None = None
    criteria_scores: dict[str, Any] = _json(dict)
    feedback: str = Field(default="", sa_type=Text)
    strengths: list[str] = _json()
    improvements: list[str] = _json()
    covered_key_points: list[str] = _json()
    missed_key_points: list[str] = _json()
    missed_reasons: dict[str, str] = _json(dict)
    evidence: list[dict[str, Any]] = _json()
    delivery: dict[str, Any] = _json(dict)
    engine: str | None = Field(default=None, max_length=80)
    engine_version: str | None = Field(default=None, max_length=80)
    model_name: str | None = Field(default=None, max_length=80)
    prompt_version: str | None = Field(default=None, max_length=20)
    fallback_reason: str = Field(default="", sa_type=Text)
    evaluated_at: datetime | None = _timestamp()
    needs_review: bool = False
    not_assessed: str = Field(default="", sa_type=Text)  # Evaluation.not_assessed


class Report(SQLModel, table=True):
    __tablename__ = "reports"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    interview_id: int = Field(foreign_key="interviews.id", unique=True, ondelete="CASCADE")
    overall_score: float = Field(ge=0, le=100)
    breakdown: dict[str, Any] = _json(dict)
    strengths: list[str] = _json()
    weaknesses: list[str] = _json()
    recommendations: list[str] = _json()
    engine: str = Field(max_length=80)
    engine_version: str = Field(max_length=80, description="Model and prompt version, or rules version.")
    created_at: datetime = _timestamp(nullable=False)


class Template(SQLModel, table=True):
    """A reusable setup (an `InterviewSetup` as JSON) with its questions (`QuestionDraft`s).

    `times_used` and `average_score` are derived from the interviews started from it
    (`repository.refresh_template_stats`), never counted by hand.
    """

    __tablename__ = "templates"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    setup: dict[str, Any] = _json(dict)
    questions: list[dict[str, Any]] = _json()
    times_used: int = 0
    average_score: float | None = None
    created_at: datetime = _timestamp(nullable=False)


class VoiceTake(SQLModel, table=True):
    """One live recording of one question's answer. Each transcribed segment is appended the
    moment it exists, so a dropped connection or a crash loses at most the sentence in progress.
    `spool` names the file being written during the take; `media_ref` is set once it is stored."""

    __tablename__ = "voice_takes"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    question_id: int = Field(foreign_key="questions.id", index=True, ondelete="CASCADE")
    started_at: datetime = _timestamp(nullable=False)
    stopped_at: datetime | None = _timestamp()
    spool: str | None = Field(default=None, max_length=200)
    media_ref: str | None = Field(default=None, max_length=500)
    segments: list[dict[str, Any]] = _json()  # {"start_s", "end_s", "text", "words": [...]}


class ConversationTurn(SQLModel, table=True):
    """One turn of a spoken interview, the interviewer's or the candidate's, saved the moment it
    exists: the conversation can be read back (and resumed after a dropped connection) as it was."""

    __tablename__ = "conversation_turns"
    __table_args__ = (Index("ix_conversation_turns_interview", "interview_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    interview_id: int = Field(foreign_key="interviews.id", ondelete="CASCADE")
    question_id: int | None = Field(default=None, foreign_key="questions.id", ondelete="CASCADE")
    speaker: str = Field(max_length=20)  # interviewer or candidate
    text: str = Field(sa_type=Text)
    created_at: datetime = _timestamp(nullable=False)


class ModelCallRecord(SQLModel, table=True):
    """One call to a hosted model (Gemini): what it was for, its tokens and latency, and why it
    failed if it did. The results page sums them into calls, tokens and an estimated cost."""

    __tablename__ = "model_calls"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    interview_id: int | None = Field(default=None, foreign_key="interviews.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=20)
    model: str = Field(max_length=80)
    prompt_version: str = Field(max_length=20)
    ok: bool
    error: str = Field(default="", max_length=300)
    attempts: int = 1
    input_tokens: int = 0
    output_tokens: int = 0
    latency_ms: int = 0
    created_at: datetime = _timestamp(nullable=False)


class Resume(SQLModel, table=True):
    """A resume the candidate gave: its text and the profile read from it, reused by later
    interviews. The file itself is kept only if they agreed (`media_ref`)."""

    __tablename__ = "resumes"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200, description="The file's name, or 'Pasted text'.")
    text: str = Field(sa_type=Text)
    profile: dict[str, Any] = _json(dict)  # a ResumeProfile
    pages: int | None = None
    media_ref: str | None = Field(default=None, max_length=500)
    created_at: datetime = _timestamp(nullable=False)
