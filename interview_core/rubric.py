"""The rubric: which criteria each question type is scored on, and how much each counts.

Every engine scores the same criteria, so scores from the offline evaluator and from Gemini can be
compared and charted together. The overall score is the weighted mean of the criteria below
(weights sum to 1), scaled down when the answer is not about the question (see evaluator.py).
"""

import re

from interview_core.domain import QuestionType

# A key point that names the part of a story it asks for ("Situation: …", "Reflection: …"); group 1
# is the part. Declared once: the evaluator, the interviewer's probes and the judge's training data
# read it.
STORY_PART = re.compile(r"^\s*(situation|task|action|result|reflection)\s*:\s*", re.IGNORECASE)

# criterion: what it measures, in one line (shown in the app's help and the README).
CRITERIA_HELP: dict[str, str] = {
    "relevance": "Answers the question that was asked.",
    "key_point_coverage": "Explains the points a strong answer makes (by meaning, not keywords).",
    "depth": "Goes beyond naming things: mechanisms, trade-offs, examples, caveats.",
    "structure": "Organised: STAR for stories; requirements → design → trade-offs for system design.",
    "specificity": "Concrete: own role, real examples, numbers and outcomes.",
    "clarity": "Easy to follow: complete sentences, reasonable length, few fillers.",
}

WEIGHTS: dict[QuestionType, dict[str, float]] = {
    QuestionType.TECHNICAL: {"relevance": 0.15, "key_point_coverage": 0.45, "depth": 0.25, "clarity": 0.15},
    QuestionType.CODING: {"relevance": 0.15, "key_point_coverage": 0.45, "depth": 0.25, "clarity": 0.15},
    QuestionType.SYSTEM_DESIGN: {
        "relevance": 0.1,
        "key_point_coverage": 0.4,
        "depth": 0.2,
        "structure": 0.15,
        "clarity": 0.15,
    },
    QuestionType.BEHAVIORAL: {
        "relevance": 0.1,
        "key_point_coverage": 0.3,
        "structure": 0.3,
        "specificity": 0.2,
        "clarity": 0.1,
    },
    QuestionType.HR: {"relevance": 0.15, "key_point_coverage": 0.4, "specificity": 0.25, "clarity": 0.2},
}


def criteria_for(question_type: QuestionType) -> list[str]:
    return list(WEIGHTS[question_type])


# Relevance (0-1) below the first value zeroes the score, above the second leaves it whole.
# Stories are judged on their own terms (their key points describe a shape, not vocabulary), so
# their gate is gentler.
_GATE = {QuestionType.BEHAVIORAL: (0.1, 0.45), QuestionType.HR: (0.1, 0.45)}
_DEFAULT_GATE = (0.25, 0.7)


def relevance_gate(question_type: QuestionType, relevance: float) -> float:
    """An answer to another question scores near zero however well it is written. (A small
    floor that grows with relevance keeps a vague on-topic answer above an off-topic one.)"""
    low, high = _GATE.get(question_type, _DEFAULT_GATE)
    return max(min(1.0, max(0.0, (relevance - low) / (high - low))), 0.1 * relevance)


def overall_score(question_type: QuestionType, scores: dict[str, float], *, correctness: float = 1.0) -> float:
    """The weighted mean of the criteria (0-100 each), gated by relevance and scaled by
    `correctness` (0..1: how likely the answer states its points rightly; an engine that checks
    facts passes it). Every engine's overall score comes from here, so a model cannot hand out a
    total of its own."""
    weights = WEIGHTS[question_type]
    weighted = sum(weight * scores[name] for name, weight in weights.items())
    gated = weighted * relevance_gate(question_type, scores["relevance"] / 100) * max(0.0, min(1.0, correctness))
    return round(max(0.0, min(100.0, gated)), 1)


# What to practise when a criterion is weak, most useful first.
CRITERIA_ADVICE: dict[str, str] = {
    "relevance": "Answer the question that was asked: restate it in one line, then stay on it.",
    "key_point_coverage": "Before answering, list the 3–5 points a strong answer must make, then explain each.",
    "depth": "For each point say why it works, what it costs and when you would not use it, with an example.",
    "structure": "Use a fixed shape: STAR for stories; requirements → design → scaling → trade-offs for design.",
    "specificity": "Name your own actions and give numbers: team size, latency, money, time saved.",
    "clarity": "Speak in short complete sentences and replace fillers with a silent pause.",
}
