"""The app shell and the setup page (AppTest: no browser)."""

import re

from interview_core.domain import InterviewSetup
from interview_core.storage import repository
from pages.common import highlighted, plain

SUBMIT = "FormSubmitter:setup_form-Choose questions"


def test_the_sidebar_is_the_candidates_and_the_services_are_on_the_about_page(app) -> None:
    app.run()
    assert not app.exception
    sidebar = " ".join(e.value for e in [*app.sidebar.markdown, *app.sidebar.caption])
    assert "offline" not in sidebar and "DATABASE_URL" not in sidebar and "secrets.toml" not in sidebar
    app.switch_page("pages/about.py").run()
    assert not app.exception
    about = " ".join(m.value for m in app.markdown)
    assert "offline" in about and "sqlite" in about
    assert "DATABASE_URL" in about  # the settings that turn more on, by name only


def test_a_first_time_visitor_starts_a_three_question_practice_in_one_click(app, db, owner_id) -> None:
    app.run()
    app.button(key="setup_quick").click().run()
    assert not app.exception
    with db.session() as session:
        (interview,) = repository.list_interviews(session=session, owner_id=owner_id)
    assert interview.question_count == 3 and interview.status == "in_progress" and interview.mode == "practice"
    assert app.query_params["interview"] == str(interview.id)
    assert app.button(key="interview_submit")  # on the first question, ready to answer


def test_choosing_questions_saves_a_draft_and_start_opens_the_interview(app, db, owner_id) -> None:
    app.run()
    app.text_input(key="setup_role").input("Backend Engineer")
    app.multiselect(key="setup_stack").select("Python").select("PostgreSQL")
    app.slider(key="setup_count").set_value(4)
    app.radio(key="setup_mode").set_value("mock")
    app.button(key=SUBMIT).click().run()
    assert not app.exception and not app.error
    assert any("4 questions" in m.value and "mock mode" in m.value for m in app.markdown)
    with db.session() as session:
        (interview,) = repository.list_interviews(session=session, owner_id=owner_id)
        questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
    assert interview.tech_stack == ["Python", "PostgreSQL"] and interview.mode == "mock"
    shown = {m.value for m in app.markdown}
    assert all(plain(q.text) in shown for q in questions)

    app.button(key="setup_start").click().run()
    assert not app.exception
    assert app.query_params["interview"] == str(interview.id)
    assert app.button(key="interview_submit")  # now on the interview page


def test_a_missing_role_is_a_clear_message_and_nothing_is_saved(app, db, owner_id) -> None:
    app.run()
    app.button(key=SUBMIT).click().run()
    assert not app.exception
    assert app.error[0].value == "Job role is required"  # not pydantic's "String should have at least 2 characters"
    assert app.text_input(key="setup_role").placeholder.startswith("e.g.")  # not read as a value already filled in
    with db.session() as session:
        assert repository.count_interviews(session=session, owner_id=owner_id) == 0


def test_a_setup_can_be_saved_as_a_template_and_reused(app, db, owner_id) -> None:
    with db.session() as session:
        repository.create_template(
            session=session,
            owner_id=owner_id,
            name="Go SRE",
            setup=InterviewSetup(job_role="Site Reliability Engineer", tech_stack=["Go"], question_count=6),
        )
    app.run()
    app.selectbox(key="setup_template").select_index(0).run()
    app.button(key="setup_use_template").click().run()
    assert app.text_input(key="setup_role").value == "Site Reliability Engineer"
    assert app.slider(key="setup_count").value == 6
    app.text_input(key="setup_template_name").input("My copy")
    app.button(key=SUBMIT).click().run()
    assert not app.exception
    with db.session() as session:
        names = [t.name for t in repository.list_templates(session=session, owner_id=owner_id)]
    assert names == ["Go SRE", "My copy"]


def test_plain_shows_text_as_typed() -> None:
    hostile = "**bold** [link](http://x) :red[alert] $x$ <script> # h\n- _em_ `code` a\\b"
    escaped = plain(hostile)
    # Every Markdown-active character is backslash-escaped, and unescaping gives back the input.
    assert not re.search(r"[*\[\]():$<>#_`-]", re.sub(r"\\.", "", escaped.replace("  \n", "\n")))
    assert re.sub(r"\\(.)", r"\1", escaped.replace("  \n", "\n")) == hostile


def test_highlighting_marks_quotes_inside_escaped_text() -> None:
    text = "I used a **heap** [1]. Then O(n log n) sorting."
    marked = highlighted(text, ["Then O(n log n) sorting."])
    assert marked.startswith(plain("I used a **heap** [1]. "))
    assert marked.endswith(f":orange-background[**{plain('Then O(n log n) sorting.')}**]")
    # A quote the scorer read with one space is marked where the candidate typed a paragraph break.
    typed = "I used a heap.\n\nThen  sorting."
    # Each line on its own: Markdown's bold and Streamlit's tint end at a paragraph break.
    marked = highlighted(typed, ["I used a heap. Then sorting."])
    lines = [f":orange-background[**{plain(line)}**]" for line in ("I used a heap.", "Then  sorting.")]
    assert marked == f"{lines[0]}  \n  \n{lines[1]}"


def test_code_in_an_answer_is_shown_as_code_with_its_indentation() -> None:
    """Shown as escaped text, pasted code lost its indentation (Markdown drops a line's leading
    spaces) and its fences showed as backslashed backticks."""
    code = "def first(xs):\n    for x in xs:\n        if x > 0:\n            return x\n    return -1"
    prose = "I walk the list once. It is O(n) time."
    for block, language in ((f"```python\n{code}\n```", "python"), ("    " + code.replace("\n", "\n    "), "")):
        marked = highlighted(f"{prose}\n\n{block}\n\nThat is all.", ["It is O(n) time."])
        assert f"\n\n```{language}\n{code}\n```\n\n" in marked
        assert marked.startswith(plain("I walk the list once. ") + ":orange-background[")
        assert marked.endswith(plain("That is all."))
    # A fence inside the code does not end the block early.
    assert "````\nx = '```'\ny = 1\n````" in highlighted("Code:\n\n    x = '```'\n    y = 1\n", [])


RESUME_TEXT = """Maria Lopez
Senior Backend Engineer

EXPERIENCE
Senior Backend Engineer, Ledgerly (Mar 2020 - Present)
Cut reconciliation time from 6 hours to 40 minutes by moving batch jobs to Kafka consumers.
Reduced p99 latency by 35% with Redis caching and careful query tuning.

SKILLS
Python, Postgres, k8s, Redis
"""


def test_a_pasted_resume_fills_the_form_and_brings_questions_about_it(app, db, owner_id) -> None:
    app.run()
    app.text_area(key="resume_text").input(RESUME_TEXT).run()
    app.button(key="resume_read_text").click().run()
    assert not app.exception and not app.error
    assert app.selectbox(key="resume_choice").value is not None
    shown = " ".join(m.value for m in app.markdown)
    assert "Senior Backend Engineer" in shown and "Kubernetes" in shown and "PostgreSQL" in shown
    app.button(key="resume_fill").click().run()
    assert app.text_input(key="setup_role").value == "Senior Backend Engineer"
    assert app.selectbox(key="setup_level").value == "senior"
    assert app.multiselect(key="setup_stack").value == ["Python", "PostgreSQL", "Kubernetes", "Redis", "Kafka"]
    app.text_area(key="setup_job_description").input("We need Python, Terraform and GCP experience.")
    app.button(key=SUBMIT).click().run()
    assert not app.exception and not app.error
    assert any("Terraform, GCP" in i.value.replace("\\", "") for i in app.info)  # the gaps
    assert any("from your resume" in c.value for c in app.caption)
    assert any("You cut reconciliation time" in m.value for m in app.markdown)


def test_a_bad_resume_says_why_and_keeps_what_was_typed(app, db, owner_id) -> None:
    app.run()
    app.text_area(key="resume_text").input("too short").run()
    app.button(key="resume_read_text").click().run()
    assert not app.exception
    assert "too short" in app.error[0].value
    assert app.text_area(key="resume_text").value == "too short"  # still there to fix


def test_a_saved_resume_can_be_deleted(app, db, owner_id) -> None:
    from interview_core.resume.store import list_resumes

    app.run()
    app.text_area(key="resume_text").input(RESUME_TEXT).run()
    app.button(key="resume_read_text").click().run()
    app.button(key="resume_delete").click().run()
    assert not app.exception
    with db.session() as session:
        assert list_resumes(session=session, owner_id=owner_id) == []


def test_with_sign_in_configured_nothing_shows_until_someone_signs_in(app, db, owner_id) -> None:
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret",
        "client_id": "id",
        "client_secret": "secret",
        "server_metadata_url": "https://accounts.example.com/.well-known/openid-configuration",
    }
    app.switch_page("pages/history.py").run()
    assert not app.exception
    assert app.button(key="auth_sign_in").label == "Sign in"
    assert not app.metric and not app.get("plotly_chart")  # no one's data without an owner


def test_reading_a_resume_shows_what_was_read_and_filling_the_form_warns_of_nothing(app, caplog) -> None:
    app.run()
    app.text_area(key="resume_text").input(RESUME_TEXT).run()
    app.button(key="resume_read_text").click().run()
    (panel,) = [e for e in app.expander if e.label.startswith("Resume")]
    assert panel.proto.expanded  # before: it collapsed on what it had just read
    assert any(s.value.startswith("Read ") and "skills" in s.value for s in app.success)
    app.button(key="resume_fill").click().run()
    assert not [r for r in caplog.records if "default value" in r.getMessage()]  # Streamlit's widget warning
    assert app.selectbox(key="setup_level").value == "senior"
