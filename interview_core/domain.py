"""The vocabulary of an interview: enums and the validated shapes engines take and return.

These are plain pydantic models (no database): the engines, the command line and the pages speak
them, and the repository turns them into rows.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from interview_core.text_safety import storable


class Level(StrEnum):
    ENTRY = "entry"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class QuestionType(StrEnum):
    TECHNICAL = "technical"
    BEHAVIORAL = "behavioral"
    SYSTEM_DESIGN = "system_design"
    CODING = "coding"
    HR = "hr"


class InterviewType(StrEnum):
    """A question type, or `mixed` for an interview that blends them."""

    TECHNICAL = "technical"
    BEHAVIORAL = "behavioral"
    SYSTEM_DESIGN = "system_design"
    CODING = "coding"
    HR = "hr"
    MIXED = "mixed"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"
    EXPERT = "expert"

    @property
    def rank(self) -> int:
        return list(Difficulty).index(self)


class InterviewStatus(StrEnum):
    DRAFT = "draft"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class InterviewMode(StrEnum):
    """Practice: hints on request and retries. Mock: timed, no hints, no retries."""

    PRACTICE = "practice"
    MOCK = "mock"


class QuestionSource(StrEnum):
    BANK = "bank"
    AI = "ai"
    RESUME = "resume"
    FOLLOW_UP = "follow_up"
    TEMPLATE = "template"


MIN_QUESTIONS = 3
MAX_QUESTIONS = 10

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


def clean_list(values: list[str]) -> list[str]:
    """Strip, drop blanks and case-insensitive duplicates, keep the user's order."""
    seen: set[str] = set()
    cleaned: list[str] = []
    for value in values:
        item = value.strip()
        if item and item.lower() not in seen:
            seen.add(item.lower())
            cleaned.append(item)
    return cleaned


class InterviewSetup(BaseModel):
    """What the candidate asked for. Validated once, here, for pages and command line alike."""

    model_config = ConfigDict(str_strip_whitespace=True)

    job_role: Annotated[str, StringConstraints(min_length=2, max_length=120)]
    level: Level = Level.MID
    interview_type: InterviewType = InterviewType.TECHNICAL
    difficulty: Difficulty = Difficulty.MEDIUM
    tech_stack: list[ShortText] = Field(default_factory=list, max_length=30)
    focus_areas: list[ShortText] = Field(default_factory=list, max_length=20)
    company: Annotated[str, StringConstraints(max_length=120)] = ""
    job_description: Annotated[str, StringConstraints(max_length=20_000)] = ""
    question_count: int = Field(default=5, ge=MIN_QUESTIONS, le=MAX_QUESTIONS)
    planned_duration_min: int | None = Field(default=None, ge=5, le=180)
    audio_enabled: bool = True
    video_enabled: bool = False
    interviewer_voice: bool = False
    # Hands-free when audio is on: the interviewer speaks, listens, waits and moves on by itself.
    conversation: bool = True
    patience_s: float = Field(default=2.0, ge=1.0, le=6.0, description="Silence that ends a spoken answer.")
    mode: InterviewMode = InterviewMode.PRACTICE
    title: Annotated[str, StringConstraints(max_length=200)] = ""

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        """Control characters (NUL among them) go before the limits are checked."""
        if isinstance(data, dict):
            return {
                key: storable(value)
                if isinstance(value, str)
                else [storable(v) if isinstance(v, str) else v for v in value]
                if isinstance(value, list)
                else value
                for key, value in data.items()
            }
        return data

    @field_validator("tech_stack", "focus_areas")
    @classmethod
    def _dedupe(cls, values: list[str]) -> list[str]:
        return clean_list(values)

    def display_title(self) -> str:
        if self.title:
            return self.title
        kind = self.interview_type.value.replace("_", " ")
        return f"{self.job_role} — {kind} ({self.level.value}, {self.difficulty.value})"


class QuestionDraft(BaseModel):
    """A question before it is stored: what engines produce and evaluators read."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=2_000)]
    question_type: QuestionType
    difficulty: Difficulty = Difficulty.MEDIUM
    key_points: list[str] = Field(default_factory=list, max_length=12)
    evaluation_criteria: list[str] = Field(default_factory=list)
    time_allocation_s: int = Field(default=180, ge=30, le=3_600)
    tags: list[str] = Field(default_factory=list)
    source: QuestionSource = QuestionSource.BANK
    bank_id: str | None = None
    # A strong candidate's answer, as they would say it (the bank's, or Gemini's for its own
    # questions); shown after the candidate's own. Empty when there is none.
    model_answer: str = Field(default="", max_length=4_000)


class TimedWord(BaseModel):
    """One recognised word and when it was said (seconds from the start of the recording)."""

    word: str
    start: float = Field(ge=0)
    end: float = Field(ge=0)


class EvidenceQuote(BaseModel):
    """Words quoted from the answer that back up a judgement about one key point."""

    key_point: str
    quote: str


class CriterionScore(BaseModel):
    score: float = Field(ge=0, le=100)
    reason: str


class ModelCall(BaseModel):
    """One call to a hosted model, kept for the cost and latency figures. Never holds a secret."""

    purpose: str  # questions | evaluation | follow_up
    model: str
    prompt_version: str
    ok: bool
    error: str = ""  # why it failed, in words (never the service's raw message)
    attempts: int = 1
    input_tokens: int = 0
    output_tokens: int = 0
    latency_ms: int = 0


class Evaluation(BaseModel):
    """An engine's verdict on one answer."""

    engine: str
    engine_version: str
    model: str = ""  # the hosted model that scored it, if any
    prompt_version: str = ""
    fallback_reason: str = Field(
        default="", description="Why the offline engine scored it instead of the configured one."
    )
    score: float = Field(ge=0, le=100)
    criteria: dict[str, CriterionScore]
    covered_key_points: list[str] = Field(default_factory=list)
    missed_key_points: list[str] = Field(default_factory=list)
    evidence: list[EvidenceQuote] = Field(default_factory=list)
    missed_reasons: dict[str, str] = Field(default_factory=dict, description="Per missed point: what was missing.")
    model_answer: list[str] = Field(default_factory=list, description="The key points as an answer outline.")
    feedback: str = ""
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    delivery: dict[str, Any] = Field(default_factory=dict, description="DeliveryMetrics as a dict.")
    needs_review: bool = False
    not_assessed: str = Field(
        default="",
        description="Why nothing in the answer could be assessed (empty, a few words, not in English); empty if read.",
    )


def without_fallback_note(feedback: str, fallback_reason: str) -> str:
    """Feedback to show beside the note that says why the offline engine scored it (the stored
    feedback starts with that note, for the downloaded report)."""
    return feedback.removeprefix(fallback_reason).strip()


class ReportNarrative(BaseModel):
    """A hosted model's debrief of a whole interview, stored beside the rubric report."""

    summary: str
    focus: list[str] = Field(default_factory=list)
    model: str
    prompt_version: str
