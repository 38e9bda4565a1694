"""The offline engine: questions from the built-in bank, answers scored on this machine by the
rubric evaluator (evaluator.py). No key, no network."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from interview_core.delivery import TimedWord
from interview_core.domain import Evaluation, InterviewSetup, QuestionDraft, QuestionSource
from interview_core.evaluator import OfflineEvaluator
from interview_core.question_bank import BankQuestion, QuestionBank, load_bank, select_questions
from interview_core.rubric import criteria_for


def _to_draft(question: BankQuestion) -> QuestionDraft:
    return QuestionDraft(
        text=question.text,
        question_type=question.type,
        difficulty=question.difficulty,
        key_points=list(question.key_points),
        evaluation_criteria=criteria_for(question.type),
        time_allocation_s=question.time_allocation_s,
        tags=list(question.tags),
        source=QuestionSource.BANK,
        bank_id=question.id,
    )


class OfflineEngine:
    name = "offline"

    def __init__(self, *, bank: QuestionBank | None = None, evaluator: OfflineEvaluator | None = None) -> None:
        self._bank = bank
        self._evaluator = evaluator

    @property
    def bank(self) -> QuestionBank:
        if self._bank is None:
            self._bank = load_bank()
        return self._bank

    @property
    def evaluator(self) -> OfflineEvaluator:
        if self._evaluator is None:
            self._evaluator = OfflineEvaluator()
        return self._evaluator

    @property
    def version(self) -> str:
        return f"bank-1+{self.evaluator.version}"

    def generate_questions(
        self, setup: InterviewSetup, *, seed: int, avoid_bank_ids: Collection[str] = ()
    ) -> list[QuestionDraft]:
        chosen = select_questions(self.bank, setup, seed=seed, avoid_ids=avoid_bank_ids)
        return [_to_draft(question) for question in chosen]

    def prepare(self, question: QuestionDraft) -> None:
        self.evaluator.prepare(question)

    def evaluate_answer(
        self, question: QuestionDraft, answer: str, *, timed_words: Sequence[TimedWord] = ()
    ) -> Evaluation:
        return self.evaluator.evaluate(question, answer, timed_words=timed_words)
