"""Plotly figures for the results and history pages, built from core data (no Streamlit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

# Plotly imports pandas lazily, the first time a figure checks its data; two sessions drawing
# their first charts at once then saw a half-imported pandas ("partially initialized module").
# Imported here, whole, under this module's import lock, before any figure is built.
import pandas  # noqa: F401
import plotly.graph_objects as go

from interview_core.account.history import TrendPoint
from interview_core.interview.results import NO_SCORE_COLOUR, SCORE_COLOUR

_MARGIN = {"l": 40, "r": 20, "t": 40, "b": 40}
_LAYOUT = {"margin": _MARGIN, "height": 360}


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _axis_label(name: str) -> str:
    """A criterion's name on the radar, on two lines when long: a side label wider than the
    space beside the circle is cut off at the chart's edge ("Key poin")."""
    label = _label(name)
    if len(label) <= 10 or " " not in label:
        return label
    middle = len(label) / 2
    cut = min((i for i, c in enumerate(label) if c == " "), key=lambda i: abs(i - middle))
    return label[:cut] + "<br>" + label[cut + 1 :]


def criteria_radar(criteria: Mapping[str, float], *, title: str = "Scores by criterion") -> go.Figure:
    names = list(criteria)
    values = [criteria[n] for n in names]
    figure = go.Figure(
        go.Scatterpolar(
            r=[*values, values[0]] if values else [],
            theta=[_axis_label(n) for n in [*names, *names[:1]]],
            fill="toself",
            name="You",
        )
    )
    # The first criterion at the top, going clockwise; the scale's numbers run halfway between the
    # first two, not over a criterion's name.
    between = 90 - 180 / max(len(names), 1)
    polar = {
        "angularaxis": {"rotation": 90, "direction": "clockwise"},
        "radialaxis": {"range": [0, 100], "angle": between, "tickangle": between, "tickfont": {"size": 10}},
    }
    # Room either side for the labels at three and nine o'clock.
    layout = {**_LAYOUT, "margin": {**_MARGIN, "l": 70, "r": 70}}
    figure.update_layout(title=title, polar=polar, showlegend=False, **layout)
    return figure


_STUB = 2.0  # the height of the bar of a question without a score: there, but not a score


def question_scores(
    labels: Sequence[str], scores: Sequence[float | None], notes: Sequence[str] | None = None
) -> go.Figure:
    """One bar per question, its score written on it. A question without a score (skipped, not
    answered) gets a grey stub labelled with `notes` (default "no score"), so it never looks like a
    0, which is labelled "0"."""
    notes = list(notes) if notes is not None else ["no score"] * len(scores)
    colours = [NO_SCORE_COLOUR if s is None else SCORE_COLOUR for s in scores]
    figure = go.Figure(
        go.Bar(
            x=list(labels),
            y=[_STUB if s is None else s for s in scores],
            marker_color=colours,
            text=[note if s is None else f"{s:.0f}" for s, note in zip(scores, notes, strict=True)],
            textposition="outside",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(title="Score per question", yaxis={"range": [0, 110], "title": "score"}, **_LAYOUT)
    return figure


def score_trend(points: Sequence[TrendPoint]) -> go.Figure:
    """The overall score over time, a line per role: a frontend interview's score is not the next
    point of a backend one's."""
    figure = go.Figure()
    by_role: dict[str, list[TrendPoint]] = {}
    for point in points:
        by_role.setdefault(point.role.strip() or "Interview", []).append(point)
    for role, mine in by_role.items():
        figure.add_trace(
            go.Scatter(
                x=[p.when for p in mine],
                y=[p.score for p in mine],
                mode="lines+markers",
                name=role,
                text=[p.interview_type.replace("_", " ") for p in mine],
                hovertemplate=f"{role}<br>%{{x|%d %b %Y}}: %{{y:.0f}} (%{{text}})<extra></extra>",
            )
        )
    xaxis = _date_axis([p.when for p in points])
    figure.update_layout(showlegend=len(by_role) > 1)
    figure.update_layout(title="Overall score over time", yaxis={"range": [0, 100]}, xaxis=xaxis, **_LAYOUT)
    return figure


def criterion_trends(trends: Mapping[str, Sequence[tuple[datetime, float]]]) -> go.Figure:
    figure = go.Figure()
    for name, series in trends.items():
        figure.add_trace(
            go.Scatter(x=[t for t, _ in series], y=[v for _, v in series], mode="lines+markers", name=_label(name))
        )
    when = [t for series in trends.values() for t, _ in series]
    figure.update_layout(title="Criteria over time", yaxis={"range": [0, 100]}, xaxis=_date_axis(when), **_LAYOUT)
    return figure


def _date_axis(when: Sequence[datetime]) -> dict[str, object]:
    """Dates, not times: with interviews of one day Plotly zooms in to their second
    ("22:13:17.3705"), so such a chart shows the week around that day."""
    xaxis: dict[str, object] = {"type": "date", "tickformat": "%d %b %Y"}
    if when and len({moment.date() for moment in when}) == 1:
        xaxis["range"] = [when[0] - timedelta(days=3), when[0] + timedelta(days=3)]
    return xaxis
