"""Plotly figures for the results and history pages, built from core data (no Streamlit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

# Plotly imports pandas lazily, the first time a figure checks its data; two sessions drawing
# their first charts at once then saw a half-imported pandas ("partially initialized module").
# Imported here, whole, under this module's import lock, before any figure is built.
import pandas  # noqa: F401
import plotly.graph_objects as go

from interview_core.account.history import TrendPoint

_LAYOUT = {"margin": {"l": 40, "r": 20, "t": 40, "b": 40}, "height": 360}


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def criteria_radar(criteria: Mapping[str, float], *, title: str = "Scores by criterion") -> go.Figure:
    names = list(criteria)
    values = [criteria[n] for n in names]
    figure = go.Figure(
        go.Scatterpolar(
            r=[*values, values[0]] if values else [],
            theta=[_label(n) for n in [*names, *names[:1]]],
            fill="toself",
            name="You",
        )
    )
    figure.update_layout(title=title, polar={"radialaxis": {"range": [0, 100]}}, showlegend=False, **_LAYOUT)
    return figure


def question_scores(labels: Sequence[str], scores: Sequence[float | None]) -> go.Figure:
    """One bar per question; unanswered questions show as 0 with a marker colour of their own."""
    colours = ["#d1d5db" if s is None else "#2563eb" for s in scores]
    figure = go.Figure(go.Bar(x=list(labels), y=[s or 0 for s in scores], marker_color=colours))
    figure.update_layout(title="Score per question", yaxis={"range": [0, 100], "title": "score"}, **_LAYOUT)
    return figure


def score_trend(points: Sequence[TrendPoint]) -> go.Figure:
    figure = go.Figure(
        go.Scatter(
            x=[p.when for p in points],
            y=[p.score for p in points],
            mode="lines+markers",
            text=[p.interview_type.replace("_", " ") for p in points],
            hovertemplate="%{x|%d %b %Y}: %{y:.0f} (%{text})<extra></extra>",
        )
    )
    figure.update_layout(title="Overall score over time", yaxis={"range": [0, 100]}, **_LAYOUT)
    return figure


def criterion_trends(trends: Mapping[str, Sequence[tuple[datetime, float]]]) -> go.Figure:
    figure = go.Figure()
    for name, series in trends.items():
        figure.add_trace(
            go.Scatter(x=[t for t, _ in series], y=[v for _, v in series], mode="lines+markers", name=_label(name))
        )
    figure.update_layout(title="Criteria over time", yaxis={"range": [0, 100]}, **_LAYOUT)
    return figure
