"""Graded answer sets: questions with answers of known relative quality, and how well an
evaluator orders them. Used by the benchmark and the tests (and any held-out set in the same
format)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from interview_core.domain import QuestionDraft, QuestionType

# The intended order, best first; `stuffed` and `instruction` must stay below `good`.
RANKED = ("excellent", "good", "weak", "off_topic")
BELOW_GOOD = ("stuffed", "instruction")
# Pairs that test what the judge must hear: a confident wrong answer below a right one, the same
# content in other words or as speech above a weak answer, and padding that earns nothing.
REQUIRED = (
    ("good", "wrong"),
    ("paraphrase", "weak"),
    ("spoken", "weak"),
    ("excellent", "rambling"),
)
# Median score gaps that should stay small: (better, worse) as the same content said differently.
# `plain` (bench/data/graded_stories/) is the good story retold in the question's own words.
GAPS = (("excellent", "paraphrase"), ("good", "spoken"), ("good", "rambling"), ("plain", "good"))


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _listed(text: str, mark: Callable[[int], str]) -> str:
    return "\n".join(f"{mark(i)} {sentence}" for i, sentence in enumerate(_SENTENCE.split(text), 1))


# The same answer as candidates type it: each should score as written (bench/bench_typed_forms.py).
TYPED_FORMS: dict[str, Callable[[str], str]] = {
    "lower case": str.lower,
    "wrapped at 72": lambda text: textwrap.fill(text, 72),
    "curly quotes": lambda text: text.replace("'", "\u2019"),
    "a bulleted list": lambda text: _listed(text, lambda _: "-"),
    "a numbered list": lambda text: _listed(text, lambda i: f"{i}."),
    "Markdown emphasis": lambda text: re.sub(r"\b([A-Z]{2,}|[a-z]+_[a-z_]+)\b", r"**\1**", text),
    "under a heading": lambda text: f"## My answer\n\n{text}",
    "with courtesies": lambda text: f"Great question, thanks for asking! {text} Does that make sense?",
    "pasted twice": lambda text: f"{text}\n\n{text}",
    "its opening said again": lambda text: f"{text} As I said, {_SENTENCE.split(text)[0]}",
}
# An aside about nothing before or after the answer: it says nothing, so it should move nothing.
# (Not in TYPED_FORMS: the judge still reads some asides with their neighbour differently.)
ASIDE_FORMS: dict[str, Callable[[str], str]] = {
    "an aside before": lambda text: (
        f"This is something I have run into a few times in my career, so I have some opinions on it. {text}"
    ),
    "an aside after": lambda text: (
        f"{text} To be honest this is a topic I have thought about a lot over the years, across many projects "
        "and many teams."
    ),
}
# The question pasted or said above the answer: it answers nothing, so it should earn nothing.
QUESTION_FORMS: dict[str, Callable[[str, str], str]] = {
    "Q: and A: labels": lambda question, text: f"Q: {question}\nA: {text}",
    "the question restated": lambda question, text: f"So the question is: {question} {text}",
}
_DEFAULT_TIME = {
    QuestionType.TECHNICAL: 180,
    QuestionType.CODING: 600,
    QuestionType.SYSTEM_DESIGN: 600,
    QuestionType.BEHAVIORAL: 180,
    QuestionType.HR: 120,
}


@dataclass(frozen=True)
class GradedItem:
    id: str
    question: QuestionDraft
    answers: dict[str, str]


def load_graded_items(paths: Iterable[Path]) -> list[GradedItem]:
    items = []
    for path in sorted(paths):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            kind = QuestionType(raw["type"])
            question = QuestionDraft(
                text=raw["question"],
                question_type=kind,
                key_points=raw["key_points"],
                time_allocation_s=raw.get("time_allocation_s", _DEFAULT_TIME[kind]),
            )
            items.append(GradedItem(raw["id"], question, {k: str(v) for k, v in raw["answers"].items()}))
    return items


def _spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return result

    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sx = sum((a - mx) ** 2 for a in rx) ** 0.5
    sy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (sx * sy) if sx and sy else 0.0


@dataclass
class OrderingReport:
    pairs: int = 0
    correct: int = 0
    failures: list[str] = field(default_factory=list)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    by_check: dict[str, list[int]] = field(default_factory=dict)  # "good > wrong": [correct, pairs]
    spearman_pooled: float = 0.0
    spearman_per_item: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.pairs if self.pairs else 0.0

    def median_gap(self, better: str, worse: str) -> float | None:
        """The median of better − worse over the questions that have both answers."""
        gaps = sorted(s[better] - s[worse] for s in self.scores.values() if better in s and worse in s)
        if not gaps:
            return None
        middle = len(gaps) // 2
        return gaps[middle] if len(gaps) % 2 else (gaps[middle - 1] + gaps[middle]) / 2


def ordering_report(items: list[GradedItem], score: Callable[[QuestionDraft, str], float]) -> OrderingReport:
    """Share of correctly ordered pairs (ties count as wrong) and Spearman with intended ranks."""
    report = OrderingReport()
    pooled_scores: list[float] = []
    pooled_ranks: list[float] = []
    per_item: list[float] = []
    for item in items:
        scores = {kind: score(item.question, text) for kind, text in item.answers.items()}
        report.scores[item.id] = scores
        checks = [(RANKED[i], RANKED[j]) for i in range(len(RANKED)) for j in range(i + 1, len(RANKED))]
        checks += [("good", kind) for kind in BELOW_GOOD if kind in scores]
        checks += [(better, worse) for better, worse in REQUIRED if better in scores and worse in scores]
        for better, worse in checks:
            report.pairs += 1
            tally = report.by_check.setdefault(f"{better} > {worse}", [0, 0])
            tally[1] += 1
            if scores[better] > scores[worse]:
                report.correct += 1
                tally[0] += 1
            else:
                report.failures.append(f"{item.id}: {better} {scores[better]:.1f} <= {worse} {scores[worse]:.1f}")
        ranked_scores = [scores[kind] for kind in RANKED]
        intended = [float(len(RANKED) - i) for i in range(len(RANKED))]
        per_item.append(_spearman(ranked_scores, intended))
        pooled_scores += ranked_scores
        pooled_ranks += intended
    report.spearman_pooled = _spearman(pooled_scores, pooled_ranks)
    report.spearman_per_item = sum(per_item) / len(per_item) if per_item else 0.0
    return report
