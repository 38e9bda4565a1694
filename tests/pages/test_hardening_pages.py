"""The pages after hardening: a tampered URL, an interview opened in Results before it ends, text
PostgreSQL used to refuse, and bidi controls, each met with a clear page (AppTest)."""

import pytest

from interview_core.domain import InterviewStatus
from interview_core.storage import repository
from tests.pages.conftest import started_interview

SUBMIT = "FormSubmitter:setup_form-Choose questions"


@pytest.mark.parametrize("page", ["pages/interview.py", "pages/results.py"])
@pytest.mark.parametrize("raw", ["9223372036854775808", "-4", "1" * 5000, "abc"])
def test_a_tampered_interview_in_the_url_is_a_clear_message(app, page, raw) -> None:
    app.query_params["interview"] = raw
    app.switch_page(page).run()
    assert not app.exception
    shown = [e.value for e in app.error] + [i.value for i in app.info]
    assert any("not found" in text or "Choose an interview" in text or "No interview" in text for text in shown)


def test_opening_the_results_of_an_unfinished_interview_leaves_it_unfinished(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/results.py").run()
    assert not app.exception
    assert "This interview is still going: 0 of 3 questions answered." in [i.value for i in app.info]
    with db.session() as session:
        interview = repository.get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
        assert interview.status == InterviewStatus.IN_PROGRESS
        assert repository.get_report(session=session, owner_id=owner_id, interview_id=interview_id) is None
    app.button(key="results_continue").click().run()
    assert not app.exception and app.button(key="interview_submit")  # back on the interview, question 1

    app.switch_page("pages/results.py").run()
    app.button(key="results_end").click().run()  # the candidate's choice: end it here
    assert not app.exception
    assert [m.label for m in app.metric][:2] == ["Overall score", "Answered"]


def test_ending_early_says_so_on_the_interview_page(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/interview.py").run()
    app.button(key="interview_end").click().run()
    assert not app.exception and next(m.label for m in app.metric) == "Overall score"
    app.switch_page("pages/interview.py").run()
    assert "You ended this interview after 0 of 3 questions." in [i.value for i in app.info]


def test_a_nul_in_the_role_and_an_overlong_template_name_are_clear_messages(app, db, owner_id) -> None:
    app.run()
    app.text_input(key="setup_role").input("Backend\x00 Engineer")
    app.text_input(key="setup_template_name").input("t" * 201)
    app.button(key=SUBMIT).click().run()
    assert not app.exception
    assert [e.value for e in app.error] == ["Template name: at most 200 characters, please shorten it."]
    app.text_input(key="setup_template_name").input("Backend practice")
    app.button(key=SUBMIT).click().run()
    assert not app.exception and not app.error
    with db.session() as session:
        (interview,) = repository.list_interviews(session=session, owner_id=owner_id)
    assert interview.job_role == "Backend Engineer"


def test_bidi_controls_are_not_shown(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id, job_role="Engineer \u202etxt.exe")
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/results.py").run()
    app.button(key="results_end").click().run()
    assert not app.exception
    assert all("\u202e" not in m.value for m in app.markdown) and all("\u202e" not in s.value for s in app.subheader)
