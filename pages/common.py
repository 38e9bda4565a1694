"""Plumbing every page shares: the services (built once per process) and the current owner."""

from __future__ import annotations

import re

import streamlit as st

from interview_core import repository
from interview_core.services import Services, build_services


@st.cache_resource(show_spinner=False)
def services() -> Services:
    return build_services()


def current_owner_id() -> int:
    """The signed-in user's id; the single local profile until sign-in is configured."""
    if "owner_id" not in st.session_state:
        with services().database.session() as session:
            st.session_state.owner_id = repository.local_user(session=session).id
    return st.session_state.owner_id


# Every character Streamlit's Markdown gives a meaning to, including its `:red[...]`/`:emoji:`
# directives (":") and LaTeX ("$"). CommonMark lets any ASCII punctuation be backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:&])")


def plain(text: str) -> str:
    """User or model text made safe for `st.markdown`: shown as typed, never as formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
