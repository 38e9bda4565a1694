"""The offline engine: questions from the built-in bank, answers scored on this machine.

INTERIM EVALUATOR. `evaluate_answer` below is a simple word-overlap scorer that stands until the
"Offline evaluator" issue lands its rubric evaluator. It can be fooled by keyword stuffing, so
every result it gives is marked `needs_review` and says so in its feedback.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from interview_core.domain import (
    CriterionScore,
    Evaluation,
    EvidenceQuote,
    InterviewSetup,
    QuestionDraft,
    QuestionSource,
)
from interview_core.question_bank import BankQuestion, QuestionBank, load_bank, select_questions
from interview_core.rubric import criteria_for

_WORD = re.compile(r"[a-z0-9][a-z0-9+#.'-]*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "else",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "we",
        "you",
        "your",
        "our",
        "i",
        "me",
        "my",
        "mine",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "why",
        "when",
        "where",
        "do",
        "does",
        "did",
        "doing",
        "done",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "not",
        "no",
        "so",
        "than",
        "too",
        "very",
        "just",
        "also",
        "only",
        "about",
        "into",
        "over",
        "under",
        "more",
        "most",
        "such",
        "each",
        "any",
        "all",
        "both",
        "some",
        "other",
        "own",
        "same",
        "few",
        "s",
        "t",
        "one",
        "two",
        "use",
        "uses",
        "used",
        "using",
    ]
)


def _stem(word: str) -> str:
    word = word.strip(".'-")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _content_stems(text: str) -> set[str]:
    return {_stem(word) for word in _WORD.findall(text.lower()) if word not in _STOPWORDS and len(word) > 1}


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
    version = "bank-1+interim-evaluator-0"

    def __init__(self, *, bank: QuestionBank | None = None) -> None:
        self._bank = bank

    @property
    def bank(self) -> QuestionBank:
        if self._bank is None:
            self._bank = load_bank()
        return self._bank

    def generate_questions(
        self, setup: InterviewSetup, *, seed: int, avoid_bank_ids: Collection[str] = ()
    ) -> list[QuestionDraft]:
        chosen = select_questions(self.bank, setup, seed=seed, avoid_ids=avoid_bank_ids)
        return [_to_draft(question) for question in chosen]

    def evaluate_answer(self, question: QuestionDraft, answer: str) -> Evaluation:
        """Interim word-overlap scoring (see the module docstring)."""
        text = answer.strip()
        words = _WORD.findall(text.lower())
        criteria_names = question.evaluation_criteria or criteria_for(question.question_type)
        if len(words) < 5:
            reason = "The answer is empty." if not words else "The answer is only a few words long."
            return Evaluation(
                engine=self.name,
                engine_version=self.version,
                score=0.0,
                criteria={name: CriterionScore(score=0.0, reason=reason) for name in criteria_names},
                missed_key_points=list(question.key_points),
                feedback=f"{reason} Answer the question in full sentences so it can be assessed.",
                improvements=["Give a complete answer that addresses the question directly."],
                needs_review=True,
            )

        sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
        answer_stems = _content_stems(text)
        expected = _content_stems(question.text + " " + " ".join(question.key_points))
        relevance = min(1.0, 2.5 * len(answer_stems & expected) / max(1, len(expected)))

        covered: list[str] = []
        missed: list[str] = []
        evidence: list[EvidenceQuote] = []
        for point in question.key_points:
            point_stems = _content_stems(point)
            best_sentence, best_share = "", 0.0
            for sentence in sentences:
                share = len(point_stems & _content_stems(sentence)) / max(1, len(point_stems))
                if share > best_share:
                    best_sentence, best_share = sentence, share
            if best_share >= 0.5:
                covered.append(point)
                evidence.append(EvidenceQuote(key_point=point, quote=best_sentence))
            else:
                missed.append(point)
        coverage = len(covered) / max(1, len(question.key_points))
        depth = min(1.0, len(words) / max(40.0, question.time_allocation_s / 60 * 45))
        mean_sentence = len(words) / max(1, len(sentences))
        clarity = 1.0 if 8 <= mean_sentence <= 30 else 0.6

        values = {
            "relevance": relevance,
            "key_point_coverage": coverage,
            "depth": depth,
            "clarity": clarity,
            "structure": min(1.0, len(sentences) / 4),
            "specificity": 1.0 if re.search(r"\d", text) else 0.5,
        }
        reasons = {
            "relevance": f"{len(answer_stems & expected)} of the question's key terms appear.",
            "key_point_coverage": f"{len(covered)} of {len(question.key_points)} key points covered.",
            "depth": f"{len(words)} words for a {question.time_allocation_s} s question.",
            "clarity": f"Sentences average {mean_sentence:.0f} words.",
            "structure": f"{len(sentences)} sentences.",
            "specificity": "Includes figures." if values["specificity"] == 1.0 else "No figures or numbers.",
        }
        criteria = {
            name: CriterionScore(score=round(100 * values.get(name, coverage), 1), reason=reasons.get(name, ""))
            for name in criteria_names
        }
        # Coverage dominates; an answer unrelated to the question cannot score well on style.
        overall = 100 * relevance * (0.6 * coverage + 0.2 * depth + 0.2 * clarity)
        return Evaluation(
            engine=self.name,
            engine_version=self.version,
            score=round(overall, 1),
            criteria=criteria,
            covered_key_points=covered,
            missed_key_points=missed,
            evidence=evidence,
            feedback=(
                f"Covered {len(covered)} of {len(question.key_points)} key points. "
                "Scored by the interim word-overlap evaluator; treat the number as a rough guide."
            ),
            strengths=[f"Addressed: {point}" for point in covered[:3]],
            improvements=[f"Explain: {point}" for point in missed[:3]],
            needs_review=True,
        )
