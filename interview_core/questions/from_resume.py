"""Questions about the candidate's own record, offline: templates over the achievements a resume
lists ("You cut reconciliation time from 6 hours to 40 minutes — walk me through how"), and the
skills a resume or job description adds to the bank's selection."""

from __future__ import annotations

import re
from collections.abc import Sequence

from interview_core.domain import (
    Difficulty,
    InterviewSetup,
    InterviewType,
    QuestionDraft,
    QuestionSource,
    QuestionType,
    clean_list,
)
from interview_core.resume.profile import JobRequirements, ResumeProfile, job_requirements, skill_gaps
from interview_core.rubric import criteria_for

_PRONOUNS = {"i": "you", "my": "your", "me": "you", "we": "you", "our": "your team's", "mine": "yours"}


_IRREGULAR_PAST = set(
    "cut led built ran grew won made wrote set took drove brought began sold taught kept rebuilt".split()
)


def in_second_person(achievement: str) -> str:
    """ "Cut the bill by 30%" / "I cut the bill by 30%" → "You cut the bill by 30%". A line that does
    not start with what the candidate did ("AWS costs fell by 30%") is quoted instead."""
    text = achievement.strip().rstrip(".")
    words = text.split()
    if words and words[0].lower() in {"i", "we"}:
        words = words[1:]
    if not words or not (words[0].lower().endswith("ed") or words[0].lower() in _IRREGULAR_PAST):
        return f"Your resume says “{text}”"
    rest = [_PRONOUNS.get(word.lower(), word) for word in words[1:]]
    return "You " + " ".join([words[0].lower(), *rest])


def achievement_question(
    achievement: str, difficulty: Difficulty, interview_type: InterviewType = InterviewType.BEHAVIORAL
) -> QuestionDraft:
    """A question about one line of the resume. In a technical, system design or coding interview
    it asks for the engineering (what was built, the choices, the measurement); otherwise for the
    story (STAR and what they learned)."""
    figures = ", ".join(re.findall(r"[$€£]?\d[\d.,]*\s*(?:%|x|k|ms|s|TB|GB|hours?|minutes?|days?)?", achievement))
    measured = (f" ({figures.strip(', ')})" if figures else "") + " and how it was measured"
    if interview_type in (InterviewType.TECHNICAL, InterviewType.SYSTEM_DESIGN, InterviewType.CODING):
        kind = QuestionType.TECHNICAL
        ask = (
            "walk me through the engineering. What was the system like before, what did you build or change, "
            "which alternatives did you weigh, and how did you measure the result?"
        )
        points = [
            "Describes the system before the change and where its time, cost or failures came from",
            "Explains what they built or changed, concretely (components, data flow, algorithms, tools)",
            "Names an alternative they considered and the trade-off that decided against it",
            "States the measured outcome" + measured,
            "Says what was hard or risky and how they handled it (testing, rollout, rollback)",
        ]
    else:
        kind = QuestionType.BEHAVIORAL
        ask = (
            "walk me through how. What was the starting point, what did you change yourself, and how did "
            "you measure the result?"
        )
        points = [
            "Situation: explains the starting point and why it mattered to the team or the business",
            "Action: describes the specific changes they made themselves and the technical choices behind them",
            "Action: names an alternative they considered or a risk they managed, and why this approach won",
            "Result: states the measured outcome" + measured,
            "Reflection: says what they learned or would do differently next time",
        ]
    return QuestionDraft(
        text=f"{in_second_person(achievement)} — {ask}",
        question_type=kind,
        difficulty=difficulty,
        key_points=points,
        evaluation_criteria=criteria_for(kind),
        time_allocation_s=240,
        tags=["resume", "ownership"],
        source=QuestionSource.RESUME,
    )


def resume_question_count(total: int, achievements: int) -> int:
    """About a third of the interview, at least one, and no more than the resume can support."""
    return min(achievements, max(1, total // 3)) if achievements else 0


def targeted_stack(setup: InterviewSetup, profile: ResumeProfile | None, job: JobRequirements | None) -> list[str]:
    """The stack the bank selects for: what the candidate chose, then skills the job asks for and
    the resume does not show (the gaps, worth practising), then the rest of the job's and the
    resume's skills."""
    gaps = skill_gaps(profile, job) if profile and job else []
    ordered = [*setup.tech_stack, *gaps, *(job.skills if job else []), *(profile.skills if profile else [])]
    return clean_list(ordered)[:30]


def interleave(bank: Sequence[QuestionDraft], personal: Sequence[QuestionDraft]) -> list[QuestionDraft]:
    """Bank questions with the resume's spread among them, starting with a bank question."""
    mixed: list[QuestionDraft] = []
    personal_iter = iter(personal)
    gap = max(1, len(bank) // max(1, len(personal)))
    for index, question in enumerate(bank):
        mixed.append(question)
        if index % gap == 0:
            nxt = next(personal_iter, None)
            if nxt is not None:
                mixed.append(nxt)
    mixed.extend(personal_iter)
    return mixed


def job_of(setup: InterviewSetup) -> JobRequirements | None:
    return job_requirements(setup.job_description) if setup.job_description.strip() else None
