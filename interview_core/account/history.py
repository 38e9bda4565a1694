"""The candidate's history: filtered pages of interviews, totals and trends.

Aggregates run in SQL so a long history stays fast (see bench/bench_history.py); only the
last few reports are read whole, for per-criterion trends and weakest skills.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from interview_core.domain import Difficulty, InterviewStatus, InterviewType
from interview_core.scoring.report import weak_skills
from interview_core.storage import repository
from interview_core.storage.models import Interview
from interview_core.storage.repository import InterviewSort

SortKey = InterviewSort


@dataclass(frozen=True)
class HistoryPage:
    interviews: list[Interview]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class HistoryStats:
    total: int
    completed: int
    average: float | None
    best: float | None
    by_type: dict[str, int] = field(default_factory=dict)


def history_page(
    *,
    session: Session,
    owner_id: int,
    status: InterviewStatus | None = None,
    interview_type: InterviewType | None = None,
    difficulty: Difficulty | None = None,
    sort: SortKey = "newest",
    page: int = 1,
    page_size: int = 10,
) -> HistoryPage:
    total = repository.count_interviews(
        session=session,
        owner_id=owner_id,
        status=status,
        started_only=True,
        interview_type=interview_type,
        difficulty=difficulty,
    )
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    interviews = repository.list_interviews(
        session=session,
        owner_id=owner_id,
        status=status,
        started_only=True,
        interview_type=interview_type,
        difficulty=difficulty,
        sort=sort,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    return HistoryPage(interviews, total, page, pages)


def history_stats(*, session: Session, owner_id: int) -> HistoryStats:
    total, completed, average, best = repository.interview_stats(session=session, owner_id=owner_id)
    return HistoryStats(
        total=total,
        completed=completed,
        average=None if average is None else round(average, 1),
        best=None if best is None else round(best, 1),
        by_type=repository.interviews_by_type(session=session, owner_id=owner_id),
    )


@dataclass(frozen=True)
class TrendPoint:
    interview_id: int
    when: datetime
    score: float
    interview_type: str
    role: str = ""


def score_trend(*, session: Session, owner_id: int, limit: int = 200) -> list[TrendPoint]:
    """Scored interviews, oldest first (the most recent `limit`)."""
    rows = repository.scored_interviews(session=session, owner_id=owner_id, limit=limit)
    return [TrendPoint(i, done or made, score, kind, role) for i, done, made, score, kind, role in reversed(rows)]


def criterion_trends(*, session: Session, owner_id: int, limit: int = 30) -> dict[str, list[tuple[datetime, float]]]:
    """Per criterion, its score in each of the last `limit` reports, oldest first."""
    rows = repository.recent_report_breakdowns(session=session, owner_id=owner_id, limit=limit)
    trends: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    for created, breakdown in reversed(rows):
        for name, score in breakdown.get("criteria", {}).items():
            trends[name].append((created, float(score)))
    return dict(trends)


def weakest_skills(*, session: Session, owner_id: int, limit: int = 30, top: int = 5) -> list[tuple[str, float]]:
    """Skills (question tags) averaging below WEAK_SKILL over the last `limit` reports, lowest
    first, from the questions answered: a skipped question measured nothing (it lowers its
    interview's score), and a skill averaging 98 is no weakness however few others there are."""
    rows = repository.recent_report_breakdowns(session=session, owner_id=owner_id, limit=limit)
    answered = (
        (item.get("tags", []), item["score"])
        for _, breakdown in rows
        for item in breakdown.get("per_question", [])
        if item.get("score") is not None
    )
    return [(tag, round(average, 1)) for tag, average in weak_skills(answered)[:top]]
