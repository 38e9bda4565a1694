"""The results and history charts say what the numbers are (issue: the app as a candidate meets it)."""

from datetime import UTC, datetime

from interview_core.account import charts
from interview_core.account.history import TrendPoint


def test_a_skipped_question_never_looks_like_a_zero() -> None:
    figure = charts.question_scores(["Q1", "Q2", "Q3"], [72.4, 0.0, None], ["skipped", "skipped", "skipped"])
    bar = figure.data[0]
    assert list(bar.text) == ["72", "0", "skipped"]  # before: no bar and no label for both
    assert bar.y[1] == 0 and bar.y[2] > 0  # the skipped one has a grey stub, the zero nothing
    assert bar.marker.color[2] != bar.marker.color[1]


def test_the_radar_scale_runs_between_two_criteria_not_over_one() -> None:
    criteria = {"relevance": 60.0, "depth": 40.0, "structure": 70.0, "clarity": 80.0, "communication": 50.0}
    polar = charts.criteria_radar(criteria).layout.polar
    spacing = 360 / len(criteria)
    first = polar.angularaxis.rotation  # where "Relevance" is drawn
    offset = (first - polar.radialaxis.angle) % spacing
    assert abs(offset - spacing / 2) < 1e-6


def test_long_criterion_names_go_on_two_lines_so_the_chart_edge_does_not_cut_them() -> None:
    criteria = {"relevance": 60.0, "key_point_coverage": 40.0, "depth": 70.0, "clarity": 80.0}
    theta = list(charts.criteria_radar(criteria).data[0].theta)
    assert theta == ["Relevance", "Key point<br>coverage", "Depth", "Clarity", "Relevance"]  # before: "Key poin"


def test_one_interview_in_the_trend_is_shown_by_its_date() -> None:
    point = TrendPoint(1, datetime(2026, 11, 20, 22, 13, 17, 370500, tzinfo=UTC), 64.0, "technical")
    xaxis = charts.score_trend([point]).layout.xaxis
    assert xaxis.tickformat == "%d %b %Y"  # before: "22:13:17.3705"
    start, end = (datetime.fromisoformat(str(x)) for x in xaxis.range)
    assert (end - start).days >= 6


def test_the_criteria_trend_of_one_interview_is_shown_by_its_date_too() -> None:
    """The overall trend was fixed; the criteria chart beside it still read "09:26:11.968"."""
    when = datetime(2026, 11, 27, 9, 26, 11, 968000, tzinfo=UTC)
    xaxis = charts.criterion_trends({"clarity": [(when, 94.0)], "depth": [(when, 80.0)]}).layout.xaxis
    assert xaxis.tickformat == "%d %b %Y"
    start, end = (datetime.fromisoformat(str(x)) for x in xaxis.range)
    assert (end - start).days >= 6


def test_the_trend_draws_a_line_per_role() -> None:
    day = datetime(2026, 11, 1, tzinfo=UTC)
    points = [
        TrendPoint(1, day, 50.0, "technical", "Backend Engineer"),
        TrendPoint(2, day.replace(day=5), 80.0, "technical", "Frontend Developer"),
        TrendPoint(3, day.replace(day=9), 60.0, "technical", "Backend Engineer"),
    ]
    figure = charts.score_trend(points)
    assert [(trace.name, list(trace.y)) for trace in figure.data] == [
        ("Backend Engineer", [50.0, 60.0]),
        ("Frontend Developer", [80.0]),
    ]  # before: one line 50 → 80 → 60
    assert figure.layout.showlegend
