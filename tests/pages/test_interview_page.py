from interview_core.interview.flow import load_progress
from interview_core.storage import repository
from tests.pages.conftest import started_interview

ANSWER = "Type hints are annotations; Python does not enforce them at runtime, but mypy checks them before we run."


def progress_text(app) -> str:
    return app.get("progress")[0].proto.text


def open_interview(app, interview_id: int):
    app.query_params["interview"] = str(interview_id)
    return app.switch_page("pages/interview.py").run()


def test_without_an_interview_the_page_points_to_setup(app) -> None:
    app.switch_page("pages/interview.py").run()
    assert not app.exception
    assert "No interview is open" in app.info[0].value


def test_answers_are_saved_and_scored_the_moment_they_are_submitted(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    open_interview(app, interview_id)
    assert progress_text(app).startswith("Question 1 of 3")
    first_key = app.text_area[0].key
    app.text_area(key=first_key).input(ANSWER)
    app.button(key="interview_submit").click().run()
    assert not app.exception
    with db.session() as session:
        progress = load_progress(session=session, owner_id=owner_id, interview_id=interview_id)
    (saved,) = progress.latest.values()
    assert saved.text == ANSWER and saved.score is not None and saved.time_taken_s is not None
    assert progress.current_index == 1
    assert "Previous answer" in app.markdown[0].value


def test_an_empty_answer_is_refused_and_nothing_is_saved(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    open_interview(app, interview_id)
    app.button(key="interview_submit").click().run()
    assert "Write an answer first" in app.warning[0].value
    with db.session() as session:
        assert repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id) == []


def test_a_fresh_session_resumes_at_the_first_unanswered_question(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    open_interview(app, interview_id)
    app.text_area[0].input(ANSWER)
    app.button(key="interview_submit").click().run()
    app.button(key="interview_skip").click().run()
    # A new browser session (a refresh) knows only the URL.
    from streamlit.testing.v1 import AppTest

    fresh = AppTest.from_file(app._script_path, default_timeout=90)
    open_interview(fresh, interview_id)
    assert not fresh.exception
    with db.session() as session:
        questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)
    assert any(questions[2].text.split("?")[0] in m.value.replace("\\", "") for m in fresh.markdown)


def test_practice_mode_offers_hints_and_a_retry_mock_mode_does_not(app, db, owner_id) -> None:
    practice = started_interview(db, owner_id, mode="practice")
    open_interview(app, practice)
    assert any("Hint" in e.label for e in app.expander)
    app.text_area[0].input(ANSWER)
    app.button(key="interview_submit").click().run()
    app.button(key="interview_retry").click().run()
    assert progress_text(app).startswith("Question 1 of 3")

    mock = started_interview(db, owner_id, mode="mock")
    open_interview(app, mock)
    assert not any("Hint" in e.label for e in app.expander)
    app.text_area[0].input(ANSWER)
    app.button(key="interview_submit").click().run()
    assert not [b for b in app.button if b.key == "interview_retry"]


def test_when_every_question_is_done_the_page_leads_to_results(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    open_interview(app, interview_id)
    for _ in range(3):
        app.button(key="interview_skip").click().run()
    assert "All 3 questions" in app.success[0].value
    app.button(key="interview_results").click().run()
    assert not app.exception
    assert app.metric[0].label == "Overall score"


def test_ending_after_one_of_three_says_so_not_that_all_were_answered(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    open_interview(app, interview_id)
    app.text_area[0].input(ANSWER)
    app.button(key="interview_submit").click().run()
    app.button(key="interview_end").click().run()
    open_interview(app, interview_id)
    assert [i.value for i in app.info] == ["You ended this interview after 1 of 3 questions."]
    assert not app.success  # never "All 3 questions have an answer or were skipped"


def test_a_typed_draft_and_the_questions_clock_survive_a_refresh(app, db, owner_id) -> None:
    """What the candidate typed comes back in a new browser session (a refresh, a reconnect, a
    restart of the app), and the question's clock goes on from when it was first shown."""
    interview_id = started_interview(db, owner_id)
    open_interview(app, interview_id)
    app.text_area[0].input("My half-written answer about type hints").run()
    with db.session() as session:
        first = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)[0]
    assert first.draft == "My half-written answer about type hints" and first.shown_at is not None

    from streamlit.testing.v1 import AppTest

    fresh = AppTest.from_file(app._script_path, default_timeout=90)
    open_interview(fresh, interview_id)
    assert not fresh.exception
    assert fresh.text_area[0].value == "My half-written answer about type hints"
    with db.session() as session:
        again = repository.get_question(session=session, owner_id=owner_id, question_id=first.id)
    assert again.shown_at == first.shown_at  # the clock was not restarted

    fresh.button(key="interview_submit").click().run()
    with db.session() as session:
        answered = repository.get_question(session=session, owner_id=owner_id, question_id=first.id)
        (saved,) = load_progress(session=session, owner_id=owner_id, interview_id=interview_id).latest.values()
    assert saved.text == "My half-written answer about type hints"
    assert answered.draft == "" and answered.shown_at is None  # the draft is the answer now


def test_the_sidebars_pages_stay_on_the_interview_the_candidate_is_in(app, db, owner_id) -> None:
    """The sidebar's links drop the URL's ?interview=: Results and Interview still show this one."""
    interview_id = started_interview(db, owner_id)
    open_interview(app, interview_id)
    app.query_params.clear()  # as a sidebar link leaves it
    app.switch_page("pages/results.py").run()
    assert not app.exception
    assert not any("Choose an interview" in i.value for i in app.info)
    assert app.query_params["interview"] == str(interview_id)  # a refresh here keeps it
    app.query_params.clear()
    app.switch_page("pages/interview.py").run()
    assert not any("No interview is open" in i.value for i in app.info)
    assert progress_text(app).startswith("Question 1 of 3")
