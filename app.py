"""Interview coach: `streamlit run app.py`."""

import threading
from pathlib import Path

import streamlit as st

from interview_core.account.demo import load_demo
from interview_core.account.privacy import upkeep, upkeep_needed
from interview_core.errors import CoachError
from interview_core.storage import repository
from pages.common import (
    ABOUT_PAGE,
    HISTORY_PAGE,
    INTERVIEW_PAGE,
    RESULTS_PAGE,
    SETUP_PAGE,
    current_owner_id,
    entered_through_app,
    forget_interview,
    interview_param,
    services,
    showing_user_errors,
    sign_in_configured,
)

# The favicon is a file we ship: an icon name or emoji here makes the browser fetch it from a font
# host, and an offline, private app requests nothing from anywhere else.
FAVICON = Path(__file__).parent / "interview_core" / "data" / "favicon.png"
st.set_page_config(page_title="Interview Coach", page_icon=str(FAVICON), layout="wide")

navigation = st.navigation(
    [
        st.Page(SETUP_PAGE, title="New interview", icon=":material/edit_note:", default=True),
        st.Page(INTERVIEW_PAGE, title="Interview", icon=":material/record_voice_over:"),
        st.Page(RESULTS_PAGE, title="Results", icon=":material/analytics:"),
        st.Page(HISTORY_PAGE, title="History", icon=":material/timeline:"),
        st.Page(ABOUT_PAGE, title="About this app", icon=":material/info:"),
    ]
)
entered_through_app()

with st.sidebar:
    if sign_in_configured():
        if st.user.get("is_logged_in", False):
            st.caption(f":material/person: {st.user.get('email') or st.user.get('name') or 'Signed in'}")
            st.button("Sign out", on_click=st.logout, key="auth_sign_out")
    else:
        # True of a laptop and of a shared deployment alike: without sign-in there is one profile.
        st.caption(":material/person: One profile, no sign-in: everything you practise is saved with this app.")
    # The interview this session is in, one click back to it: the URL's (a page opened by its link
    # had none on its first run, the sidebar being drawn before the page) or the last one.
    current = interview_param() or st.session_state.get("current_interview")
    signed_in = not sign_in_configured() or st.user.get("is_logged_in", False)
    if current is not None and signed_in:  # (the page asks a visitor to sign in, not the sidebar)
        try:
            with services().database.session() as session:
                interview = repository.get_interview(session=session, owner_id=current_owner_id(), interview_id=current)
            st.caption("Current interview")
            st.page_link(
                RESULTS_PAGE if interview.status == "completed" else INTERVIEW_PAGE,
                label=interview.title,
                icon=":material/bookmark:",
                query_params={"interview": str(current)},
            )
        except CoachError:
            forget_interview(current)  # deleted meanwhile, or not this candidate's
    if st.button("Load demo data", key="sidebar_demo", help="Sample templates and a few scored interviews"):
        try:
            with st.spinner("Loading demo interviews…"), services().database.session() as session:
                added = load_demo(session=session, engine=services().engine, owner_id=current_owner_id())
            st.toast(f"Loaded {added} demo interviews." if added else "The demo data is already loaded.")
        except CoachError as error:
            st.error(str(error))


def start_upkeep_once() -> None:
    if "upkeep_started" not in st.session_state and upkeep_needed(
        services().media, services().settings.recording_retention_days
    ):
        # Once per session, in the background: expire old recordings, move ones kept locally to Cloudinary.
        st.session_state.upkeep_started = True
        threading.Thread(
            target=upkeep,
            kwargs={
                "database": services().database,
                "media": services().media,
                "owner_id": current_owner_id(),
                "retention_days": services().settings.recording_retention_days,
            },
            daemon=True,
        ).start()


with showing_user_errors():
    start_upkeep_once()
    navigation.run()
