"""The app and its setup page, run by Streamlit's AppTest (no browser)."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from interview_core import repository
from interview_core.config import Settings
from interview_core.database import open_database
from pages.common import plain

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SUBMIT = "FormSubmitter:setup_form-Choose questions"


@pytest.fixture
def app() -> AppTest:
    from pages.common import services

    services.clear()  # each test's data folder, not a previous test's cached services
    return AppTest.from_file(APP, default_timeout=60).run()


def test_app_starts_and_shows_the_active_services(app: AppTest) -> None:
    assert not app.exception
    sidebar = " ".join(m.value for m in app.sidebar.markdown)
    assert "offline" in sidebar and "sqlite" in sidebar


def test_choosing_questions_saves_an_interview_and_lists_them(app: AppTest) -> None:
    app.text_input(key="setup_role").input("Backend Engineer")
    app.multiselect(key="setup_stack").select("Python").select("PostgreSQL")
    app.slider(key="setup_count").set_value(4)
    app.button(key=SUBMIT).click().run()
    assert not app.exception
    assert not app.error
    assert any("4 questions" in m.value for m in app.markdown)
    database = open_database(Settings())
    with database.session() as session:
        owner = repository.local_user(session=session).id
        (interview,) = repository.list_interviews(session=session, owner_id=owner)
        questions = repository.list_questions(session=session, owner_id=owner, interview_id=interview.id)
    assert interview.tech_stack == ["Python", "PostgreSQL"]
    shown = {m.value for m in app.markdown}
    assert all(plain(q.text) in shown for q in questions)


def test_a_missing_role_is_a_clear_message_and_nothing_is_saved(app: AppTest) -> None:
    app.button(key=SUBMIT).click().run()
    assert not app.exception
    assert "Job role" in app.error[0].value
    database = open_database(Settings())
    with database.session() as session:
        assert repository.count_interviews(session=session, owner_id=repository.local_user(session=session).id) == 0


def test_plain_shows_text_as_typed() -> None:
    hostile = "**bold** [link](http://x) :red[alert] $x$ <script> # h\n- _em_ `code` a\\b"
    escaped = plain(hostile)
    # Every Markdown-active character is backslash-escaped, and unescaping gives back the input.
    assert not re.search(r"[*\[\]():$<>#_`-]", re.sub(r"\\.", "", escaped))
    assert re.sub(r"\\(.)", r"\1", escaped) == hostile
