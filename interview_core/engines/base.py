from collections.abc import Callable, Collection, Sequence
from typing import Protocol, runtime_checkable

from interview_core.domain import Evaluation, InterviewSetup, ModelCall, QuestionDraft, ReportNarrative, TimedWord

CallSink = Callable[[ModelCall], None]


@runtime_checkable
class InterviewEngine(Protocol):
    """Generates questions, evaluates answers and asks follow-ups. Implementations must not
    raise on bad model output: they return a valid result (falling back to the offline engine,
    and saying so) or raise a `CoachError` that says what went wrong.

    `on_call` receives a record of every hosted-model call made for the step (tokens, latency,
    failures), so the caller can store it with the owner's interview.
    """

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    def generate_questions(
        self,
        setup: InterviewSetup,
        *,
        seed: int,
        avoid_bank_ids: Collection[str] = (),
        resume_text: str = "",
        on_call: CallSink | None = None,
    ) -> list[QuestionDraft]:
        """`setup.question_count` questions for the setup, reproducible for a seed."""
        ...

    def prepare(self, question: QuestionDraft) -> None:
        """Optional warm-up while the question is on screen, so scoring the answer is quick."""
        ...

    def evaluate_answer(
        self,
        question: QuestionDraft,
        answer: str,
        *,
        timed_words: Sequence[TimedWord] = (),
        on_call: CallSink | None = None,
    ) -> Evaluation:
        """Score one answer against the question's key points and criteria; `timed_words` (from
        speech-to-text) add pace and pauses to the delivery metrics."""
        ...

    def follow_up(
        self,
        question: QuestionDraft,
        answer: str,
        evaluation: Evaluation,
        *,
        on_call: CallSink | None = None,
    ) -> QuestionDraft | None:
        """One targeted follow-up question, or None when the answer needs none."""
        ...

    def summarise(
        self,
        results: Sequence[tuple[QuestionDraft, Evaluation | None]],
        overall: float,
        *,
        on_call: CallSink | None = None,
    ) -> ReportNarrative | None:
        """A written debrief of the whole interview, or None (the rubric report stands alone)."""
        ...
