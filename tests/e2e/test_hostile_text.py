"""Text from a resume or a model, hostile on purpose, in a real browser: it is shown as text and
never runs (issue: hardening, point 1); and the pages ask nothing of any host but the app's own."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import Page, expect

from interview_core.config import Settings
from interview_core.domain import InterviewSetup, QuestionDraft, QuestionSource, QuestionType
from interview_core.storage import repository
from interview_core.storage.database import open_database

PAYLOAD = "</script><img src=x onerror=parent.alert(parent.location.href)>"
QUESTION = f"You led the billing migration {PAYLOAD} — walk me through how you did it."


def _interview_with_hostile_question(data_dir) -> int:
    """What a resume line with a script in it becomes: a question of the interview."""
    database = open_database(Settings(data_dir=data_dir))
    with database.session() as session:
        owner = repository.local_user(session=session)
        interview = repository.create_interview(
            session=session,
            owner_id=owner.id,
            setup=InterviewSetup(
                job_role="Backend Engineer", question_count=3, interviewer_voice=True, conversation=False
            ),
            questions=[
                QuestionDraft(text=QUESTION, question_type=QuestionType.BEHAVIORAL, source=QuestionSource.RESUME),
                QuestionDraft(text="What is a database index?", question_type=QuestionType.TECHNICAL),
                QuestionDraft(text="Why do you want this role?", question_type=QuestionType.HR),
            ],
            question_engine="offline",
        )
    database.engine.dispose()
    return interview.id


def test_a_script_in_a_question_is_shown_as_text_and_never_runs(page: Page, server) -> None:
    base_url, data_dir = server
    page.goto(base_url)  # the app creates its database and the local profile
    expect(page.get_by_role("button", name="Choose questions")).to_be_visible()
    interview_id = _interview_with_hostile_question(data_dir)

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or request.url))

    page.goto(f"{base_url}/interview?interview={interview_id}")
    expect(page.get_by_role("heading", name="walk me through how you did it")).to_contain_text(PAYLOAD)
    # The read-aloud button holds the question as text, in an attribute; its frame has no image, so
    # no onerror can ever fire, and the heading shows the tag as characters.
    frame = page.frame_locator("iframe[srcdoc*='read-aloud']")
    expect(frame.locator("#read-aloud")).to_have_attribute("data-text", QUESTION)
    expect(frame.locator("img")).to_have_count(0)
    expect(page.locator("[data-testid='stMain'] img[src='x']")).to_have_count(0)
    expect(page.get_by_text("Answer by")).to_be_visible()
    assert dialogs == []
    assert hosts <= {"127.0.0.1"}, hosts  # the favicon and every asset come from the app itself
