"""Interview coach: `streamlit run app.py`."""

import streamlit as st

from interview_core.errors import CoachError
from pages.common import services

st.set_page_config(page_title="Interview Coach", page_icon="🎤", layout="wide")

navigation = st.navigation([st.Page("pages/setup.py", title="New interview", icon="📝", default=True)])

with st.sidebar:
    st.caption("Active services")
    try:
        for part, active in services().describe().items():
            st.markdown(f"**{part}**: `{active}`")
    except CoachError as error:
        st.error(str(error))
    st.caption("Turn on Gemini, PostgreSQL and more in `.streamlit/secrets.toml` — see the README.")

navigation.run()
