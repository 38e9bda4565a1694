"""A strong candidate's answer to a question, with the places where it makes each key point.

The bank's answers are written for it (`interview_core/data/questions/model_answers/`); Gemini writes
one for each question it writes. Either is stored with the interview's question and shown after
the candidate's own answer. The marks come from the offline evaluator reading the model answer as
it reads a candidate's: the stretch it quotes as evidence for each key point. So what is marked is
what the scorer credits; `bench/bench_model_answers.py` checks that every bank answer scores ≥85
with no key point missed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from interview_core.domain import QuestionDraft, QuestionType
from interview_core.rubric import criteria_for
from interview_core.scoring.evaluator import SHIPPED, OfflineEvaluator
from interview_core.text_safety import locate


@dataclass(frozen=True)
class ModelAnswer:
    text: str
    marked: tuple[str, ...]  # stretches of `text`, verbatim, that make a key point


class AskedQuestion(Protocol):
    """A question as drafted or as stored: what a model answer needs of it."""

    text: str
    question_type: QuestionType
    key_points: list[str]
    bank_id: str | None
    model_answer: str


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _evaluator() -> OfflineEvaluator:
    return OfflineEvaluator(judge=SHIPPED)


@lru_cache(maxsize=1024)
def _marked(question: str, question_type: QuestionType, key_points: tuple[str, ...], answer: str) -> ModelAnswer:
    draft = QuestionDraft(
        text=question,
        question_type=question_type,
        key_points=list(key_points),
        evaluation_criteria=criteria_for(question_type),
    )
    evaluation = _evaluator().evaluate(draft, answer)
    found = (locate(answer, evidence.quote) for evidence in evaluation.evidence)
    return ModelAnswer(answer, tuple(answer[start:end] for start, end in filter(None, found)))


def model_answer(question: AskedQuestion) -> ModelAnswer | None:
    """The question's model answer, marked; None when it has none (the candidate's own question,
    a follow-up). A bank question stored before model answers existed gets the bank's. Marked
    once per process and question."""
    text = question.model_answer
    if not text and question.bank_id:
        from interview_core.questions.bank import load_bank

        found = load_bank().get(question.bank_id)
        text = found.model_answer if found else ""
    if not text:
        return None
    with _lock:  # one evaluation per question, even when two pages ask at once
        return _marked(question.text, QuestionType(question.question_type), tuple(question.key_points), text)
