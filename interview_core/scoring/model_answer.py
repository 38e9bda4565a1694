"""A strong candidate's answer to a bank question, with the places where it makes each key point.

The answers are written for the bank (`interview_core/data/questions/model_answers/`) and shown after
the candidate's own answer. The marks come from the offline evaluator reading the model answer as
it reads a candidate's: the stretch it quotes as evidence for each key point. So what is marked is
what the scorer credits, and `bench/bench_model_answers.py` checks that every model answer scores
≥85 with no key point missed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

from interview_core.scoring.evaluator import SHIPPED, OfflineEvaluator


@dataclass(frozen=True)
class ModelAnswer:
    text: str
    marked: tuple[str, ...]  # stretches of `text`, verbatim, that make a key point


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _evaluator() -> OfflineEvaluator:
    return OfflineEvaluator(judge=SHIPPED)


@lru_cache(maxsize=512)
def _marked(bank_id: str) -> ModelAnswer | None:
    from interview_core.questions.bank import load_bank

    question = load_bank().get(bank_id)
    if question is None or not question.model_answer:
        return None
    evaluation = _evaluator().evaluate(question.as_draft(), question.model_answer)
    quotes = tuple(item.quote for item in evaluation.evidence if item.quote and item.quote in question.model_answer)
    return ModelAnswer(question.model_answer, quotes)


def model_answer(bank_id: str | None) -> ModelAnswer | None:
    """The model answer of a bank question, marked; None for a question the bank has no answer
    for (the candidate's own questions, Gemini's). Read once per process and question."""
    if not bank_id:
        return None
    with _lock:  # one evaluation per question, even when two pages ask at once
        return _marked(bank_id)
