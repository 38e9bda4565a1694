"""About this app: what it runs on and how to turn more on, for whoever runs it (not the
candidate's everyday view)."""

import streamlit as st

from interview_core.config import setting_docs
from interview_core.errors import CoachError
from pages.common import ABOUT_PAGE, services, through_the_app

through_the_app(ABOUT_PAGE)

st.title("About this app")
st.markdown(
    "An interview coach that runs on this machine: it asks questions for the role you set up, "
    "listens to spoken answers or reads typed ones, and scores them against what a strong answer "
    "covers, quoting your own words as evidence. Without any keys nothing leaves the machine."
)

st.subheader("What is running")
try:
    for part, active in services().describe().items():
        st.markdown(f"**{part}**: `{active}`")
except CoachError as error:
    st.error(str(error))

st.subheader("Settings that turn on more")
st.caption(
    "Set as environment variables or in `.streamlit/secrets.toml` (see the README, Configuration). "
    "Sign-in for several people: an `[auth]` section in `secrets.toml`."
)
for variable, description in setting_docs():
    st.markdown(f"`{variable}` — {description}")
