from collections.abc import Collection, Sequence
from typing import Protocol, runtime_checkable

from interview_core.delivery import TimedWord
from interview_core.domain import Evaluation, InterviewSetup, QuestionDraft


@runtime_checkable
class InterviewEngine(Protocol):
    """Generates questions and evaluates answers. Implementations must not raise on bad model
    output: they return a valid result or raise a `CoachError` that says what went wrong."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    def generate_questions(
        self, setup: InterviewSetup, *, seed: int, avoid_bank_ids: Collection[str] = ()
    ) -> list[QuestionDraft]:
        """`setup.question_count` questions for the setup, reproducible for a seed."""
        ...

    def prepare(self, question: QuestionDraft) -> None:
        """Optional warm-up while the question is on screen, so scoring the answer is quick."""
        ...

    def evaluate_answer(
        self, question: QuestionDraft, answer: str, *, timed_words: Sequence[TimedWord] = ()
    ) -> Evaluation:
        """Score one answer against the question's key points and criteria; `timed_words` (from
        speech-to-text) add pace and pauses to the delivery metrics."""
        ...
