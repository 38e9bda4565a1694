"""The interview report: one verdict over all answers, with what to practise next."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from statistics import mean

from pydantic import BaseModel, Field

from interview_core.domain import Evaluation, QuestionDraft, QuestionSource
from interview_core.rubric import CRITERIA_ADVICE, WEIGHTS

# Below this score no criterion is praised: not in an answer, nor in an interview whose answers
# average less (they did not earn it).
PRAISE_FLOOR = 40
STRONG, WEAK = 70.0, 50.0
WEAK_SKILL = 60.0  # a skill (question tag) whose answers average less is among the weakest
SKIPPED_ADVICE = "Answer every question, even in part: a partial answer earns points, a skipped one earns none."


class QuestionResult(BaseModel):
    question: str
    score: float | None  # None: not answered; with an answered follow-up, the two together
    tags: list[str] = Field(default_factory=list)
    follow_up_score: float | None = None  # its follow-up's own score, where one was answered


class InterviewReport(BaseModel):
    overall_score: float = Field(ge=0, le=100)
    breakdown: dict[str, float]  # criterion → mean score over answered questions
    per_question: list[QuestionResult]
    strengths: list[str]
    weaknesses: list[str]
    recommendations: list[str]  # most valuable first
    weakest_skills: list[str]
    delivery: dict[str, float] = Field(default_factory=dict)
    unanswered: int = 0
    engine: str
    engine_version: str


def build_report(
    results: Sequence[tuple[QuestionDraft, Evaluation | None]], *, engine: str, engine_version: str
) -> InterviewReport:
    """Unanswered questions count as 0 in the overall score, as they would in a real interview.
    A follow-up is part of its question, not a question of its own (`_fold_follow_ups`)."""
    results, follow_up_scores = _fold_follow_ups(results)
    answered = [(q, e) for q, e in results if e is not None]
    # An answer the scorer could not read (empty, a few words, not in English) scores 0 in the
    # overall score but measured no criterion, skill or delivery: a right answer in Spanish made
    # "Answer the question that was asked" the first thing to practise, from its relevance of 0.
    assessed = [(q, e) for q, e in answered if not e.not_assessed]
    overall = mean([e.score for _, e in answered] + [0.0] * (len(results) - len(answered))) if results else 0.0

    per_criterion: dict[str, list[float]] = defaultdict(list)
    importance: dict[str, list[float]] = defaultdict(list)
    for question, evaluation in assessed:
        for name, criterion in evaluation.criteria.items():
            per_criterion[name].append(criterion.score)
            importance[name].append(WEIGHTS[question.question_type].get(name, 0.0))
    breakdown = {name: round(mean(scores), 1) for name, scores in per_criterion.items()}

    label = {name: name.replace("_", " ") for name in breakdown}
    # A criterion is a strength of the interview only where the answers given were worth
    # something: clarity of answers that scored near zero is nothing to praise. (Questions left
    # unanswered lower the overall score, not what the answers given earned.) Nor is it counted in
    # such an answer: "strong clarity in each of 2 answers" was said beside a 96 and a vague
    # "it depends" that scored 0.
    earned = mean(e.score for _, e in answered) if answered else 0.0
    praised: dict[str, list[float]] = defaultdict(list)
    for _, evaluation in assessed:
        if evaluation.score >= PRAISE_FLOOR:
            for name, criterion in evaluation.criteria.items():
                praised[name].append(criterion.score)
    strengths = [
        _strength(label[n], praised[n], len(per_criterion[n]))
        for n, s in breakdown.items()
        if s >= STRONG and earned >= PRAISE_FLOOR and praised[n] and mean(praised[n]) >= STRONG
    ]
    best = max(answered, key=lambda pair: pair[1].score, default=None)
    if best and best[1].score >= STRONG:
        strengths.append(f"Best answer ({best[1].score:.0f}/100): {best[0].text}")
    weaknesses = [
        f"{label[n].capitalize()} is weak ({s:.0f}/100)."
        for n, s in sorted(breakdown.items(), key=lambda item: item[1])
        if s < WEAK
    ]
    # The answer that pulled the interview down, named as the best one is: a 27 among answers in
    # the nineties left "To work on" empty, every criterion's mean being fine.
    worst = min(assessed, key=lambda pair: pair[1].score, default=None)
    if worst and len(assessed) > 1 and worst[1].score < WEAK:
        weaknesses.append(f"Weakest answer ({worst[1].score:.0f}/100): {worst[0].text}")
    unread = [e for _, e in answered if e.not_assessed]
    if unread:
        why = "; ".join(dict.fromkeys(_clause(e.not_assessed) for e in unread))
        # First: no criterion says anything about them, so nothing else in the list does.
        weaknesses.insert(0, f"{len(unread)} of {len(results)} answers could not be assessed ({why}).")
    unanswered = len(results) - len(answered)
    if unanswered:
        # What was skipped is named by its skills, not counted among the weakest: nothing was
        # measured ("Weakest skills: backend" was said of a 98 on a backend question beside a
        # skipped one).
        skipped = list(dict.fromkeys(tag for q, e in results if e is None for tag in q.tags))[:3]
        weaknesses.append(
            f"{unanswered} of {len(results)} questions {'was' if unanswered == 1 else 'were'} not answered"
            + (f" ({', '.join(skipped)})." if skipped else ".")
        )

    # Priority: how much the criterion weighs in these questions times how far it is from full marks.
    priority = {n: mean(importance[n]) * (100 - s) for n, s in breakdown.items()}
    recommendations = [SKIPPED_ADVICE] if unanswered else []
    recommendations += dict.fromkeys(e.improvements[0] for e in unread if e.improvements)
    recommendations += [
        CRITERIA_ADVICE[n]
        for n in sorted(priority, key=lambda name: priority[name], reverse=True)
        if breakdown[n] < STRONG
    ]
    delivery = _delivery_summary([e for _, e in assessed])
    if delivery.get("fillers_per_100_words", 0) > 4:
        recommendations.append("Cut fillers: record yourself and pause silently where you would say 'um' or 'like'.")
    wpm = delivery.get("words_per_minute")
    if wpm and not 120 <= wpm <= 175:
        recommendations.append(f"Aim for 140–160 words per minute (you averaged {wpm:.0f}).")

    weakest_skills = [tag for tag, _ in weak_skills((q.tags, e.score) for q, e in assessed)][:3]

    return InterviewReport(
        overall_score=round(overall, 1),
        breakdown=breakdown,
        per_question=[
            QuestionResult(
                question=q.text,
                score=None if e is None else e.score,
                tags=list(q.tags),
                follow_up_score=follow_up_scores.get(index),
            )
            for index, (q, e) in enumerate(results)
        ],
        strengths=strengths[:3],
        weaknesses=weaknesses[:4],
        # Every question answered and nothing below strong: the next step is a harder interview.
        recommendations=recommendations[:4] or ["Keep practising at a harder difficulty."],
        weakest_skills=weakest_skills,
        delivery=delivery,
        unanswered=unanswered,
        engine=engine,
        engine_version=engine_version,
    )


def weak_skills(scored: Iterable[tuple[Sequence[str], float]]) -> list[tuple[str, float]]:
    """Skills (question tags) whose answers average below WEAK_SKILL, weakest first, with that
    average. `scored`: each answered question's tags and score (a skipped one measured nothing)."""
    by_skill: dict[str, list[float]] = defaultdict(list)
    for tags, score in scored:
        for tag in tags:
            by_skill[tag].append(score)
    ranked = sorted(((tag, mean(scores)) for tag, scores in by_skill.items()), key=lambda pair: pair[1])
    return [(tag, average) for tag, average in ranked if average < WEAK_SKILL]


def _strength(label: str, scores: Sequence[float], answers: int) -> str:
    """A criterion strong on average over the answers that earned praise (`scores`, of `answers`
    given), said as it is: "consistently" only of two answers or more that were each strong,
    never of one answer, nor of a mean one weak answer hides in; "in 1 of 2 answers" where only
    some answers count."""
    average, strong = mean(scores), [score for score in scores if score >= STRONG]
    if len(scores) < answers:
        return f"Strong {label} in {len(strong)} of {answers} answers ({_at_least(strong)})."
    if len(scores) == 1:
        return f"Strong {label} in your answer ({average:.0f}/100)."
    if len(strong) == len(scores):
        return f"Consistently strong {label}: {_at_least(scores)} in each of {len(scores)} answers."
    return f"Strong {label} on average ({average:.0f}/100 over {len(scores)} answers)."


def _clause(sentence: str) -> str:
    """A sentence as a clause inside another: "The answer is in Spanish." → "the answer is in Spanish"."""
    sentence = sentence.strip().rstrip(".")
    return sentence[:1].lower() + sentence[1:]


def _at_least(scores: Sequence[float]) -> str:
    """ "80/100 or more" of scores that differ; "100/100" (never "100/100 or more") of equal ones."""
    rounded = {round(score) for score in scores}
    return f"{min(rounded)}/100" + ("" if len(rounded) == 1 else " or more")


def _fold_follow_ups(
    results: Sequence[tuple[QuestionDraft, Evaluation | None]],
) -> tuple[list[tuple[QuestionDraft, Evaluation | None]], dict[int, float]]:
    """The interview's own questions, each with its follow-up (which comes right after it) folded
    in. A follow-up is a second chance at what the answer missed: answered, it lifts its question's
    score halfway towards its own when that is higher; skipped or never reached, it costs nothing
    and is not an unanswered question. Also returns each folded follow-up's score by position."""
    folded: list[tuple[QuestionDraft, Evaluation | None]] = []
    follow_up_scores: dict[int, float] = {}
    for question, evaluation in results:
        if question.source is not QuestionSource.FOLLOW_UP or not folded:
            folded.append((question, evaluation))
            continue
        parent, parent_evaluation = folded[-1]
        if evaluation is not None and parent_evaluation is not None:
            follow_up_scores[len(folded) - 1] = evaluation.score
            lifted = round((parent_evaluation.score + evaluation.score) / 2, 1)
            if lifted > parent_evaluation.score:
                folded[-1] = (parent, parent_evaluation.model_copy(update={"score": lifted}))
    return folded, follow_up_scores


def _delivery_summary(evaluations: Sequence[Evaluation]) -> dict[str, float]:
    summary: dict[str, float] = {}
    for key in ("words_per_minute", "fillers_per_100_words", "hedges_per_100_words"):
        values = [e.delivery[key] for e in evaluations if e.delivery.get(key) is not None]
        if values:
            summary[key] = round(mean(values), 1)
    pauses = [len(e.delivery.get("long_pauses") or []) for e in evaluations]
    if pauses:
        summary["long_pauses"] = float(sum(pauses))
    return summary
