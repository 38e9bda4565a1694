"""The candidate's history: filtered pages of interviews, totals and trends.

Aggregates run in SQL so a long history stays fast (see bench/bench_history.py); only the
last few reports are read whole, for per-criterion trends and weakest skills.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_core.domain import Difficulty, InterviewStatus, InterviewType
from interview_core.storage import repository
from interview_core.storage.models import Interview, Report
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
        session=session, owner_id=owner_id, status=status, interview_type=interview_type, difficulty=difficulty
    )
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    interviews = repository.list_interviews(
        session=session,
        owner_id=owner_id,
        status=status,
        interview_type=interview_type,
        difficulty=difficulty,
        sort=sort,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    return HistoryPage(interviews, total, page, pages)


def history_stats(*, session: Session, owner_id: int) -> HistoryStats:
    total, completed, average, best = session.exec(
        select(
            func.count(),
            func.count(col(Interview.completed_at)),
            func.avg(Interview.overall_score),
            func.max(Interview.overall_score),
        ).where(Interview.owner_id == owner_id)
    ).one()
    by_type = dict(
        session.exec(
            select(Interview.interview_type, func.count())
            .where(Interview.owner_id == owner_id)
            .group_by(Interview.interview_type)
        ).all()
    )
    return HistoryStats(
        total=total,
        completed=completed,
        average=None if average is None else round(float(average), 1),
        best=None if best is None else round(float(best), 1),
        by_type={str(k): v for k, v in by_type.items()},
    )


@dataclass(frozen=True)
class TrendPoint:
    interview_id: int
    when: datetime
    score: float
    interview_type: str


def score_trend(*, session: Session, owner_id: int, limit: int = 200) -> list[TrendPoint]:
    """Scored interviews, oldest first (the most recent `limit`)."""
    rows = session.exec(
        select(  # type: ignore[call-overload]  # SQLModel's overloads stop at four columns
            col(Interview.id),
            col(Interview.completed_at),
            col(Interview.created_at),
            col(Interview.overall_score),
            col(Interview.interview_type),
        )
        .where(Interview.owner_id == owner_id, col(Interview.overall_score).is_not(None))
        .order_by(col(Interview.created_at).desc())
        .limit(limit)
    ).all()
    return [TrendPoint(int(i), done or made, float(score), str(kind)) for i, done, made, score, kind in reversed(rows)]


def criterion_trends(*, session: Session, owner_id: int, limit: int = 30) -> dict[str, list[tuple[datetime, float]]]:
    """Per criterion, its score in each of the last `limit` reports, oldest first."""
    rows = session.exec(
        select(Report.created_at, Report.breakdown)
        .where(Report.owner_id == owner_id)
        .order_by(col(Report.created_at).desc())
        .limit(limit)
    ).all()
    trends: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    for created, breakdown in reversed(rows):
        for name, score in (breakdown or {}).get("criteria", {}).items():
            trends[name].append((created, float(score)))
    return dict(trends)


def weakest_skills(*, session: Session, owner_id: int, limit: int = 30, top: int = 5) -> list[tuple[str, float]]:
    """Skills (question tags) with the lowest average score over the last `limit` reports."""
    rows = session.exec(
        select(Report.breakdown).where(Report.owner_id == owner_id).order_by(col(Report.created_at).desc()).limit(limit)
    ).all()
    scores: dict[str, list[float]] = defaultdict(list)
    for breakdown in rows:
        for item in (breakdown or {}).get("per_question", []):
            for tag in item.get("tags", []):
                scores[tag].append(item.get("score") or 0.0)
    ranked = sorted(((tag, mean(values)) for tag, values in scores.items()), key=lambda pair: pair[1])
    return [(tag, round(score, 1)) for tag, score in ranked[:top]]
