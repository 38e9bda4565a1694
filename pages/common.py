"""Plumbing every page shares: the services (built once per process), the current owner, the
interview in the URL, and safe display of user text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlmodel import Session

from interview_core.errors import CoachError
from interview_core.interview.flow import end_interview
from interview_core.scoring.text_analysis import code_blocks, code_body
from interview_core.services import Services, build_services
from interview_core.storage import repository
from interview_core.text_safety import displayable, locate

APP = "app.py"
SETUP_PAGE = "pages/setup.py"
INTERVIEW_PAGE = "pages/interview.py"
RESULTS_PAGE = "pages/results.py"
HISTORY_PAGE = "pages/history.py"
ABOUT_PAGE = "pages/about.py"


_ENTERED = "entered_through_app"
_RETURN_TO = "return_to_after_entry"


def entered_through_app() -> None:
    """Called by app.py on each run, once its navigation is set: the page that follows runs inside
    the app (its navigation and sidebar). A page opened on its own comes back here."""
    st.session_state[_ENTERED] = True
    target = st.session_state.pop(_RETURN_TO, None)
    if target is not None:
        page, query = target
        st.switch_page(page, query_params=query)


def through_the_app(page: str) -> None:
    """Run `page` inside the app. Until a process has run app.py once, Streamlit runs a page that
    a URL names on its own, from the `pages/` folder: after a restart, a refresh of
    /interview?interview=9 had a sidebar listing every file there ("common", "resume panel"…)
    and none of the app's, and stayed so. Such a run goes through app.py, back to the same page
    and query."""
    if st.session_state.get(_ENTERED):
        return
    st.session_state[_RETURN_TO] = (page, st.query_params.to_dict())
    st.switch_page(APP)


@contextmanager
def showing_user_errors() -> Iterator[None]:
    """The one place a page's user-facing error (`CoachError`: a bad input, something not found,
    the database not answering) becomes a message; the run stops there, nothing is lost."""
    try:
        yield
    except CoachError as error:
        st.error(str(error), icon=":material/error:")
        st.stop()


@contextmanager
def database_session() -> Iterator[Session]:
    """A database session for page code (not callbacks): a failure becomes the page's message."""
    with showing_user_errors(), services().database.session() as session:
        yield session


@st.cache_resource(show_spinner=False)
def services() -> Services:
    return build_services()


def sign_in_configured() -> bool:
    """Streamlit's own sign-in (OIDC) is set up: an [auth] table in secrets.toml."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def current_owner_id() -> int:
    """The signed-in user's id when sign-in is configured (otherwise the single local profile).
    Without a signed-in user the page asks them to sign in and stops: no data without an owner."""
    if not sign_in_configured():
        if "owner_id" not in st.session_state:
            with services().database.session() as session:
                st.session_state.owner_id = repository.local_user(session=session).id
        return st.session_state.owner_id
    if not st.user.get("is_logged_in", False):  # (absent where no user info exists, as in tests)
        st.title("Interview Coach")
        st.write("Sign in to practise: your interviews, recordings and resumes are kept for you alone.")
        st.button("Sign in", type="primary", on_click=st.login, key="auth_sign_in")
        st.stop()
    claims = st.user.to_dict()
    identity = (claims.get("iss"), claims.get("sub"), claims.get("email"))
    if st.session_state.get("owner_identity") != identity:  # someone else signed in on this session
        try:
            with services().database.session() as session:
                st.session_state.owner_id = repository.signed_in_user(session=session, claims=claims).id
        except CoachError as error:
            st.error(str(error))
            st.stop()
        st.session_state.owner_identity = identity
    return st.session_state.owner_id


def navigate_to(page: str, interview_id: int) -> None:
    """From a button callback (where `st.switch_page` cannot run): open `page` on that interview
    as soon as the next run starts (`follow_navigation`)."""
    st.session_state.navigate_to = (page, interview_id)


def follow_navigation() -> None:
    """Go where a callback asked to go, first thing in the run; or show why a callback could not."""
    target = st.session_state.pop("navigate_to", None)
    if target is not None:
        page, interview_id = target
        st.switch_page(page, query_params={"interview": str(interview_id)})
    if notice := st.session_state.pop("callback_error", None):
        st.error(notice)


def end_and_show_results(owner_id: int, interview_id: int) -> None:
    """Button callback: the candidate ends the interview here (answered or not) and sees the results."""
    try:
        with services().database.session() as session:
            end_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    except CoachError as error:
        st.session_state.callback_error = str(error)
        return
    navigate_to(RESULTS_PAGE, interview_id)


def interview_param() -> int | None:
    """The interview the URL names (?interview=ID), if any."""
    raw = st.query_params.get("interview")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def interview_in_url() -> int | None:
    """The interview this page is about. It lives in the URL (?interview=ID) so a refresh, a
    reconnect or a shared link comes back to the same place; the session remembers the last one,
    so the sidebar's links (which drop the URL's parameters) stay on it."""
    interview_id = interview_param()
    if interview_id is not None:
        st.session_state.current_interview = interview_id
        return interview_id
    remembered = st.session_state.get("current_interview")
    if remembered is not None:
        st.query_params["interview"] = str(remembered)  # a refresh of this page keeps it
    return remembered


def forget_interview(*deleted: int) -> None:
    """The session stops remembering its interview when it is among `deleted` (any, with none given):
    the sidebar's pages no longer open it."""
    if not deleted or st.session_state.get("current_interview") in deleted:
        st.session_state.pop("current_interview", None)


def require_interview_in_url(message: str) -> int:
    """The interview in the URL (or the one this session was last on), or a pointer to the setup
    page and the end of this run."""
    interview_id = interview_in_url()
    if interview_id is None:
        st.info(message)
        st.page_link(SETUP_PAGE, label="New interview", icon=":material/edit_note:")
        st.stop()
    return interview_id


# Every character Streamlit's Markdown gives a meaning to, including its `:red[...]`/`:emoji:`
# directives (":") and LaTeX ("$"). CommonMark lets any ASCII punctuation be backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:&])")


def plain(text: str) -> str:
    """User or model text made safe for `st.markdown`: shown as typed, never as formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", displayable(text)).replace("\n", "  \n")


def highlighted(text: str, quotes: list[str]) -> str:
    """`text` made safe, with each quoted stretch marked, for showing evidence inside an answer.
    Code in it is shown as code, with its indentation (as plain text, Markdown dropped it)."""
    code = code_blocks(text)
    spans: list[tuple[int, int]] = list(code)
    for quote in quotes:
        found = locate(text, quote)
        if found:
            spans.append(found)
    pieces, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue  # overlaps one already marked
        pieces.append(plain(text[position:start]))
        if (start, end) in code:
            pieces.append(_code(text[start:end]))
            position = end
            continue
        # A quote can run over a line break (the scorer reads one as a space): each line is marked
        # on its own, as Markdown's bold and Streamlit's tint end at a paragraph break.
        pieces.append("  \n".join(_marked(line) for line in text[start:end].split("\n")))
        position = end
    pieces.append(plain(text[position:]))
    return "".join(pieces)


def _code(block: str) -> str:
    """A code block as Markdown's fenced code: shown as typed, nothing in it read as formatting."""
    language, body = code_body(block)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"\n\n{fence}{language}\n{body}\n{fence}\n\n"


def _marked(piece: str) -> str:
    core = piece.strip()  # Markdown's bold needs no space inside its stars
    if not core:
        return plain(piece)
    lead, tail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
    # Bold as well as tinted: the tint alone was faint.
    return f"{plain(lead)}:orange-background[**{plain(core)}**]{plain(tail)}"


# The script is fixed text: the question (a resume's line, Gemini's words) reaches it only as an
# HTML-escaped attribute, read as data, so nothing in it can end the script or add markup.
_READ_ALOUD_SCRIPT = (
    "<script>"
    "const button = document.getElementById('read-aloud');"
    "function speak(){window.speechSynthesis.cancel();"
    "window.speechSynthesis.speak(new SpeechSynthesisUtterance(button.dataset.text));}"
    "button.addEventListener('click', speak); speak();"
    "</script>"
)


def read_aloud_html(text: str) -> str:
    """A button that reads `text` with the browser's own speech synthesis (offline: nothing
    leaves the machine), and reads it once on load."""
    return (
        f'<button id="read-aloud" data-text="{html.escape(text, quote=True)}">Read the question aloud</button>'
        + _READ_ALOUD_SCRIPT
    )


# Fixed script, like the one above: the line arrives as an escaped attribute. The frame is made
# anew for each line (its number is in it) and removed when the line's time is up, which ends it.
_SAY_LINE_SCRIPT = (
    "<script>"
    "const line = document.getElementById('interviewer-line');"
    "window.speechSynthesis.cancel();"
    "window.speechSynthesis.speak(new SpeechSynthesisUtterance(line.dataset.text));"
    "</script>"
)


def say_line_html(text: str, number: int) -> str:
    """The interviewer's line `number`, said once by the browser's speech synthesis (conversation
    mode without the server's voice)."""
    return (
        f'<div id="interviewer-line" data-line="{int(number)}" data-text="{html.escape(text, quote=True)}"></div>'
        + _SAY_LINE_SCRIPT
    )


# Fixed script; what it needs arrives as attributes. It finds the answer box in the page around
# it (the frame shares the page's origin), keeps what is typed in the browser's storage as it is
# typed, and after a refresh puts back a kept draft the box does not show, then lets the box
# lose focus so Streamlit sends it to the server (which keeps it as the draft). One key per
# question and attempt: a submitted answer is never put back, and the browser keeps no draft but
# the current one (older ones are on the server, or were submitted).
_DRAFT_KEEPER_SCRIPT = (
    "<script>"
    "const key = 'interview-coach-draft-' + document.getElementById('draft').dataset.attempt;"
    "const store = window.parent.localStorage;"
    "Object.keys(store).filter((k) => k.startsWith('interview-coach-draft-') && k !== key)"
    ".forEach((k) => store.removeItem(k));"
    "const page = window.parent.document;"
    "let tries = 0;"
    "const timer = setInterval(() => {"
    "  const box = page.querySelector('textarea[aria-label^=\"Your answer\"]');"
    "  if (!box) { if (++tries > 100) clearInterval(timer); return; }"
    "  clearInterval(timer);"
    "  if (box.dataset.draftKept === key) return;"
    "  box.dataset.draftKept = key;"
    "  const kept = store.getItem(key);"
    "  if (kept && kept.trim() && kept !== box.value) {"
    "    const setter = Object.getOwnPropertyDescriptor(window.parent.HTMLTextAreaElement.prototype, 'value').set;"
    "    setter.call(box, kept);"
    "    box.dispatchEvent(new Event('input', { bubbles: true }));"
    "    box.focus(); box.blur();"
    "  }"
    "  box.addEventListener('input', () => store.setItem(key, box.value));"
    "}, 100);"
    "</script>"
)


def draft_keeper_html(attempt: str) -> str:
    """Keeps the answer box's text in the browser as it is typed, and puts it back after a refresh."""
    return f'<div id="draft" data-attempt="{html.escape(attempt, quote=True)}"></div>' + _DRAFT_KEEPER_SCRIPT


# Fixed script. The microphone component (streamlit-webrtc) draws its buttons inside its own
# frame, in capitals and its own font, and takes no style; its frame shares the page's origin, so
# this one gives it the app's look, again whenever the component redraws its frame.
_WEBRTC_LOOK_SCRIPT = (
    "<script>"
    "const css = 'button{text-transform:none!important;letter-spacing:normal!important;"
    'font-family:"Source Sans",sans-serif!important;font-size:1rem!important;font-weight:400!important;'
    "border-radius:0.5rem!important;box-shadow:none!important}';"
    "const page = window.parent.document;"
    "function restyle() {"
    "  for (const frame of page.querySelectorAll('iframe[title*=\"webrtc\"]')) {"
    "    const doc = frame.contentDocument;"
    "    if (!doc || !doc.head || doc.getElementById('app-look')) continue;"
    "    const style = doc.createElement('style');"
    "    style.id = 'app-look'; style.textContent = css; doc.head.appendChild(style);"
    "  }"
    "}"
    "restyle(); setInterval(restyle, 300);"
    "</script>"
)


def webrtc_look_html() -> str:
    """Gives the microphone component's buttons the app's look (sentence case, the app's font)."""
    return _WEBRTC_LOOK_SCRIPT


# Fixed script; the one number it needs arrives as an attribute.
_COUNTDOWN_SCRIPT = (
    "<script>"
    "const clock = document.getElementById('clock');"
    "const deadline = Date.now() + Number(clock.dataset.secondsLeft) * 1000;"
    "function tick(){const left = Math.round((deadline - Date.now()) / 1000);"
    "const shown = Math.abs(left); const text = Math.floor(shown / 60) + ':' + String(shown % 60).padStart(2, '0');"
    "clock.textContent = text + (left >= 0 ? ' left' : ' over time');"
    "clock.style.color = left >= 0 ? 'rgba(49, 51, 63, 0.6)' : '#ff2b2b';}"
    "tick(); setInterval(tick, 1000);"
    "</script>"
)


def countdown_html(seconds_left: float) -> str:
    """The question's clock, counting down in the browser from `seconds_left` (then over time)."""
    return (
        '<div id="clock" role="timer" data-seconds-left="'
        f'{float(seconds_left):.1f}" style="font: 14px sans-serif; color: rgba(49, 51, 63, 0.6)"></div>'
        + _COUNTDOWN_SCRIPT
    )
