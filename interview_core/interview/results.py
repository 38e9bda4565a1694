"""Everything the results page and the downloaded report show for one interview."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from interview_core.domain import Evaluation, ReportNarrative
from interview_core.engines import InterviewEngine
from interview_core.interview.flow import (
    finish_interview,
    latest_attempts,
    latest_evaluations,
    question_numbers,
    score_pending,
)
from interview_core.interview.usage import UsageSummary, summarise
from interview_core.scoring.evaluator import ENGINE as OFFLINE_ENGINE
from interview_core.scoring.evaluator import OFFLINE_LIMITS
from interview_core.storage import repository
from interview_core.storage.models import Answer, ConversationTurn, Interview, Question, Report, row_id

# How a score and a question without one are drawn, on the results page and in the PDF alike.
SCORE_COLOUR, NO_SCORE_COLOUR = "#2563eb", "#d1d5db"


@dataclass(frozen=True)
class QuestionOutcome:
    number: int
    question: Question
    answer: Answer | None  # the latest attempt, or None when never reached
    evaluation: Evaluation | None  # None: not answered, skipped or not scored yet
    earlier: Evaluation | None = None  # the same question answered in an earlier interview
    earlier_at: datetime | None = None

    @property
    def title(self) -> str:
        """The heading of the outcome: "Question 2", or "Question 2 (follow-up)" (a follow-up has its
        question's number)."""
        return f"Question {self.number}" + (" (follow-up)" if self.question.follow_up_of else "")


@dataclass(frozen=True)
class InterviewResults:
    interview: Interview
    report: Report | None
    outcomes: list[QuestionOutcome]
    usage: UsageSummary  # hosted-model calls (Gemini) made for this interview
    conversation: list[ConversationTurn] = field(default_factory=list)  # a spoken interview's turns

    @property
    def needs_scoring(self) -> bool:
        """An answer is still unscored, or the report is not written yet."""
        unscored = any(o.answer and not o.answer.skipped and o.evaluation is None for o in self.outcomes)
        return self.report is None or unscored

    @property
    def criteria(self) -> dict[str, float]:
        return dict((self.report.breakdown or {}).get("criteria", {})) if self.report else {}

    @property
    def delivery(self) -> dict[str, float]:
        return dict((self.report.breakdown or {}).get("delivery", {})) if self.report else {}

    @property
    def narrative(self) -> ReportNarrative | None:
        raw = (self.report.breakdown or {}).get("narrative") if self.report else None
        return ReportNarrative.model_validate(raw) if raw else None

    @property
    def weakest_skills(self) -> list[str]:
        return list((self.report.breakdown or {}).get("weakest_skills", [])) if self.report else []

    @property
    def scoring_limits(self) -> str:
        """What the engine that scored this interview can get wrong, said beside its score ("" for
        none said)."""
        return OFFLINE_LIMITS if self.report and self.report.engine == OFFLINE_ENGINE else ""


def load_results(*, session: Session, owner_id: int, interview_id: int) -> InterviewResults:
    interview = repository.get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)
    answers = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)
    latest = latest_attempts(answers)
    evaluations = latest_evaluations(answers)
    # A follow-up has its question's number, as it had during the interview.
    outcomes = []
    for number, question in zip(question_numbers(questions), questions, strict=True):
        answer, evaluation = latest.get(row_id(question)), evaluations.get(row_id(question))
        before = (
            repository.earlier_attempt(
                session=session, owner_id=owner_id, question=question, before=answer.submitted_at
            )
            if answer is not None and evaluation is not None
            else None
        )
        outcomes.append(
            QuestionOutcome(
                number,
                question,
                answer,
                evaluation,
                earlier=repository.evaluation_of(before) if before else None,
                earlier_at=before.submitted_at if before else None,
            )
        )
    report = repository.get_report(session=session, owner_id=owner_id, interview_id=interview_id)
    calls = repository.list_model_calls(session=session, owner_id=owner_id, interview_id=interview_id)
    turns = repository.list_turns(session=session, owner_id=owner_id, interview_id=interview_id)
    return InterviewResults(interview, report, outcomes, summarise(calls), turns)


def score_and_report(
    *,
    session: Session,
    engine: InterviewEngine,
    owner_id: int,
    interview_id: int,
    on_progress: Callable[[int, int], None] | None = None,
    on_report: Callable[[], None] | None = None,
) -> InterviewResults:
    """Score what is still unscored, write the report (each step reported as it starts), and
    return the results; for results whose `needs_scoring` is true."""
    score_pending(session=session, engine=engine, owner_id=owner_id, interview_id=interview_id, on_progress=on_progress)
    if on_report is not None:
        on_report()
    finish_interview(session=session, engine=engine, owner_id=owner_id, interview_id=interview_id)
    return load_results(session=session, owner_id=owner_id, interview_id=interview_id)


def attempt_comparison(earlier: Evaluation, now: Evaluation) -> list[tuple[str, str, str]]:
    """Two attempts at one question side by side: (what, earlier, this time) for the score, the key
    points covered and the delivery."""

    def covered(evaluation: Evaluation) -> str:
        total = len(evaluation.covered_key_points) + len(evaluation.missed_key_points)
        return f"{len(evaluation.covered_key_points)} of {total}"

    def delivery(evaluation: Evaluation) -> str:
        d = evaluation.delivery
        return f"{d.get('word_count', 0):.0f} words, {d.get('fillers_per_100_words', 0):.1f} fillers per 100"

    return [
        ("Score", f"{earlier.score:.0f}", f"{now.score:.0f}"),
        ("Key points covered", covered(earlier), covered(now)),
        ("Delivery", delivery(earlier), delivery(now)),
    ]


def spoken_sentences(words: list[dict[str, Any]], *, pause_s: float = 1.0) -> list[tuple[float, str]]:
    """A spoken answer as (start in seconds, sentence): a sentence ends at . ? ! or a long pause.
    The results page lets the candidate jump the player to each one."""
    sentences: list[tuple[float, str]] = []
    current: list[str] = []
    start = 0.0
    previous_end: float | None = None
    for word in words:
        text = str(word.get("word", "")).strip()
        if not text:
            continue
        if current and previous_end is not None and float(word["start"]) - previous_end > pause_s:
            sentences.append((start, " ".join(current)))
            current = []
        if not current:
            start = float(word["start"])
        current.append(text)
        previous_end = float(word["end"])
        if text.endswith((".", "?", "!")):
            sentences.append((start, " ".join(current)))
            current = []
    if current:
        sentences.append((start, " ".join(current)))
    return sentences
