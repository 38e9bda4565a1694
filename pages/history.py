"""History: past interviews, totals, trends and the weakest skills."""

import streamlit as st

from interview_core.account import charts
from interview_core.account.demo import demo_interviews, remove_demo
from interview_core.account.history import criterion_trends, history_page, history_stats, score_trend, weakest_skills
from interview_core.account.privacy import delete_everything, delete_interview_everywhere, export_zip
from interview_core.domain import Difficulty, InterviewStatus, InterviewType
from interview_core.errors import CoachError
from pages.common import (
    HISTORY_PAGE,
    INTERVIEW_PAGE,
    RESULTS_PAGE,
    current_owner_id,
    database_session,
    forget_interview,
    plain,
    services,
    through_the_app,
)

through_the_app(HISTORY_PAGE)

SORTS = {"newest": "Newest first", "oldest": "Oldest first", "best": "Best score", "worst": "Lowest score"}

st.title("History")
owner_id = current_owner_id()

with database_session() as session:
    stats = history_stats(session=session, owner_id=owner_id)
    trend = score_trend(session=session, owner_id=owner_id)
    criteria = criterion_trends(session=session, owner_id=owner_id)
    weakest = weakest_skills(session=session, owner_id=owner_id)
    demo = demo_interviews(session=session, owner_id=owner_id)

if stats.total == 0:
    st.info("No interviews yet. Start one, or load the demo data from the sidebar.")
    st.stop()

top = st.columns(4)
top[0].metric("Interviews", stats.total)
top[1].metric("Completed", stats.completed)
top[2].metric("Average score", f"{stats.average:.0f}" if stats.average is not None else "—")
top[3].metric("Best score", f"{stats.best:.0f}" if stats.best is not None else "—")
st.caption(" · ".join(f"{kind.replace('_', ' ')}: {count}" for kind, count in sorted(stats.by_type.items())))

if trend:
    left, right = st.columns(2)
    left.plotly_chart(charts.score_trend(trend), key="history_trend")
    if criteria:
        right.plotly_chart(charts.criterion_trends(criteria), key="history_criteria")
if weakest:
    st.markdown("**Weakest skills:** " + ", ".join(f"{plain(tag)} ({score:.0f})" for tag, score in weakest))

filters = st.columns(5)
status = filters[0].selectbox(
    "Status",
    [None, *InterviewStatus],
    key="history_status",
    format_func=lambda v: "All" if v is None else v.replace("_", " "),
)
kind = filters[1].selectbox(
    "Type",
    [None, *InterviewType],
    key="history_type",
    format_func=lambda v: "All" if v is None else v.replace("_", " "),
)
difficulty = filters[2].selectbox(
    "Difficulty", [None, *Difficulty], key="history_difficulty", format_func=lambda v: "All" if v is None else v
)
sort = filters[3].selectbox("Sort", list(SORTS), format_func=SORTS.get, key="history_sort")
page_number = filters[4].number_input("Page", min_value=1, value=1, step=1, key="history_page")

with database_session() as session:
    page = history_page(
        session=session,
        owner_id=owner_id,
        status=status,
        interview_type=kind,
        difficulty=difficulty,
        sort=sort,
        page=page_number,
    )
st.caption(f"{page.total} interview{'' if page.total == 1 else 's'} · page {page.page} of {page.pages}")

for interview in page.interviews:
    with st.container(border=True, key=f"history_row_{interview.id}"):
        info, score, actions = st.columns([5, 1, 2], vertical_alignment="center")
        badge = " :gray-badge[Demo]" if interview.id in demo else ""
        info.markdown(
            f"**{plain(interview.title)}**{badge}  \n"
            f"{interview.created_at:%d %b %Y} · {interview.status.replace('_', ' ')}"
        )
        score.metric(
            "Score",
            f"{interview.overall_score:.0f}" if interview.overall_score is not None else "—",
            label_visibility="collapsed",
        )
        target = RESULTS_PAGE if interview.status == InterviewStatus.COMPLETED else INTERVIEW_PAGE
        label = "Open report" if target == RESULTS_PAGE else "Resume"
        actions.page_link(target, label=label, query_params={"interview": str(interview.id)})
        confirm = actions.checkbox("Confirm delete", key=f"history_confirm_{interview.id}")
        if actions.button("Delete", key=f"history_delete_{interview.id}", disabled=not confirm):
            try:
                with database_session() as session:
                    delete_interview_everywhere(
                        session=session, media=services().media, owner_id=owner_id, interview_id=interview.id
                    )
                forget_interview(interview.id)
                st.rerun()
            except CoachError as error:
                st.error(str(error))


def _export() -> bytes:
    with services().database.session() as session:
        return export_zip(session=session, media=services().media, owner_id=owner_id)


if demo and st.button(
    f"Remove the demo data ({len(demo)} interview{'' if len(demo) == 1 else 's'})",
    key="history_remove_demo",
    help="Deletes the sample interviews and templates only; your own interviews stay.",
):
    try:
        with database_session() as session:
            removed = remove_demo(session=session, media=services().media, owner_id=owner_id)
        forget_interview(*demo)
        st.toast(f"Removed {removed} demo interviews.")
        st.rerun()
    except CoachError as error:
        st.error(str(error))

with st.expander("Your data: download everything, or delete it"):
    st.caption(
        "The download is a ZIP with every interview (questions, answers, scores, reports and transcripts), "
        "your recordings, resumes and templates."
    )
    st.download_button(
        "Download all my data (ZIP)", _export, "interview-coach-data.zip", "application/zip", key="history_export"
    )
    really = st.checkbox("Yes, delete all my interviews, recordings, resumes and templates", key="history_wipe_ok")
    if st.button("Delete everything", key="history_wipe", disabled=not really, type="primary"):
        try:
            with database_session() as session:
                counts = delete_everything(session=session, media=services().media, owner_id=owner_id)
            forget_interview()
            st.success(
                f"Deleted {counts['interviews']} interviews, {counts['recordings']} recordings, "
                f"{counts['resumes']} resumes and {counts['templates']} templates."
            )
        except CoachError as error:
            st.error(str(error))
