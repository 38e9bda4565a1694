"""The whole flow in a real browser: setup → three typed answers → results → history."""

import os
import re
import sqlite3
from pathlib import Path

from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
OFF_TOPIC = "I mostly enjoy hiking on weekends and I once walked the whole coast path in ten days with friends."


# Streamlit keeps the previous run's elements on screen, marked stale, until the new run replaces
# them; the tests only ever look at live ones.
LIVE = "[data-testid='stElementContainer']:not([data-stale='true'])"


def answer_box(page: Page):
    return page.locator(f"{LIVE} textarea[aria-label='Your answer']")


def answer_from_hint(page: Page) -> str:
    """A candidate who studied: the hint's points, explained in sentences (scores well)."""
    box = answer_box(page)
    expect(box).to_have_count(1)
    expect(box).to_have_value("")  # this question's run has drawn everything above the box
    hint = page.locator("[data-testid='stMain'] [data-testid='stExpander']").filter(has_text="Hint: what a strong")
    expect(hint).to_have_count(1)
    hint.get_by_text("Hint: what a strong answer covers").click()
    points = hint.locator("li").all_inner_texts()
    assert points, "the practice-mode hint lists the key points"
    return " ".join(f"{point.rstrip('.')}, which matters in practice because it shapes the design." for point in points)


def shoot(page: Page, name: str) -> None:
    """Refresh the README's screenshots, on request only (so a test run leaves the tree clean)."""
    if os.environ.get("INTERVIEW_COACH_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def set_up_interview(
    page: Page, base_url: str, *, video: bool = False, conversation: bool = False, patience_s: float = 2.0
) -> None:
    """A 3-question interview through the setup form, started; question by question unless
    `conversation` (then the interviewer waits for Start, and waits `patience_s` after an answer)."""
    page.goto(base_url)
    page.get_by_label("Job role").fill("Backend Engineer")
    page.get_by_label("Company").fill("Acme")
    if video:
        page.get_by_text("Record video").click()
    if not conversation:
        page.get_by_text("Conversation: the interviewer speaks").click()
    slider = page.get_by_role("slider").first  # the number of questions; the pause that ends an answer is last
    slider.focus()
    slider.press("ArrowLeft")
    slider.press("ArrowLeft")  # 5 → 3 questions
    patience = page.get_by_role("slider").last
    patience.focus()
    steps = round((patience_s - 2.0) / 0.5)  # 0.5 s a step from the default 2 s
    for _ in range(abs(steps)):
        patience.press("ArrowRight" if steps > 0 else "ArrowLeft")
    page.get_by_role("button", name="Choose questions").click()
    expect(page.get_by_text("3 questions", exact=True)).to_be_visible()  # the chosen set's summary
    shoot(page, "1-setup")
    page.get_by_role("button", name="Start interview").click()
    if not conversation:
        expect(page.get_by_text("Question 1 of 3", exact=False)).to_be_visible()


def answer(page: Page, text: str, number: int) -> None:
    box = answer_box(page)
    expect(box).to_have_count(1)
    expect(box).to_have_value("")
    box.fill(text)
    box.press("Control+Enter")  # commit the text area's value before the click
    page.get_by_role("button", name="Submit answer").click()
    if number < 3:
        expect(page.get_by_text(f"Question {number + 1} of 3", exact=False)).to_be_visible()
    else:
        expect(page.get_by_text("All 3 questions", exact=False)).to_be_visible()


def test_setup_answer_three_questions_results_and_history(page: Page, server) -> None:
    base_url, data_dir = server
    set_up_interview(page, base_url)
    expect(page).to_have_url(re.compile(r"interview=\d+"))
    typed = []
    for number in (1, 2, 3):
        text = OFF_TOPIC if number == 3 else answer_from_hint(page)
        if number == 2:
            answer_box(page).fill(text)
            shoot(page, "2-interview")
            answer_box(page).fill("")
        answer(page, text, number)
        typed.append(text)

    page.get_by_role("button", name="See my results").click()
    expect(page.get_by_text("Overall score")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    assert page.locator(".js-plotly-plot").count() == 2
    shoot(page, "3-results")

    page.get_by_role("link", name="History").click()
    expect(page.get_by_text("Backend Engineer — technical", exact=False).first).to_be_visible()
    expect(page.get_by_text("1 interview · page 1 of 1")).to_be_visible()  # not "1 interviews"

    with sqlite3.connect(data_dir / "interview_coach.db") as db:
        saved = [row[0] for row in db.execute("SELECT text FROM answers ORDER BY id")]
        status, score = db.execute("SELECT status, overall_score FROM interviews").fetchone()
    assert saved == typed
    assert status == "completed" and score is not None
    scores = [
        row[0]
        for row in sqlite3.connect(data_dir / "interview_coach.db").execute("SELECT score FROM answers ORDER BY id")
    ]
    assert scores[0] > 50 and scores[1] > 50 and scores[2] < 10  # studied answers score, off-topic does not


def test_a_refresh_mid_interview_keeps_the_saved_answers(page: Page, server) -> None:
    base_url, data_dir = server
    set_up_interview(page, base_url)
    first = answer_from_hint(page)
    answer(page, first, 1)
    page.reload()
    expect(page.get_by_text("Question 2 of 3", exact=False)).to_be_visible()
    with sqlite3.connect(data_dir / "interview_coach.db") as db:
        assert [row[0] for row in db.execute("SELECT text FROM answers")] == [first]
    answer(page, OFF_TOPIC, 2)
    with sqlite3.connect(data_dir / "interview_coach.db") as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 2


def test_the_demo_button_fills_the_history(page: Page, server) -> None:
    base_url, _ = server
    page.goto(base_url)
    page.get_by_role("button", name="Load demo data").click()
    expect(page.get_by_text("Loaded 6 demo interviews")).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="History").click()
    expect(page.get_by_text("6 interviews · page 1 of 1")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    shoot(page, "4-history")


_CLOCK_SHOWN = (
    "() => [...document.querySelectorAll('iframe')]"
    ".some((f) => f.contentDocument?.querySelector('#clock')?.textContent)"
)


def _seconds_left(page: Page) -> int:
    """The question's clock, as the candidate reads it ("2:55 left")."""
    clock = next(frame for frame in page.frames if frame.query_selector("#clock"))
    minutes, seconds = re.match(r"(\d+):(\d+) left", clock.inner_text("#clock")).groups()  # type: ignore[union-attr]
    return int(minutes) * 60 + int(seconds)


def test_a_refresh_keeps_the_typed_draft_and_the_clock(page: Page, server) -> None:
    """The draft is kept as it is typed, before the box ever loses focus; a refresh brings it back
    (and it reaches the server), and the question's clock goes on instead of starting again."""
    base_url, data_dir = server
    set_up_interview(page, base_url)
    box = answer_box(page)
    box.click()
    box.press_sequentially("An index speeds up reads", delay=20)  # still typing: never sent to the server
    page.wait_for_function(
        "Object.keys(localStorage).some((k) => k.startsWith('interview-coach-draft-')"
        " && localStorage.getItem(k) === 'An index speeds up reads')"
    )
    page.wait_for_function(_CLOCK_SHOWN)
    before = _seconds_left(page)
    page.reload()
    expect(answer_box(page)).to_have_value("An index speeds up reads")
    page.wait_for_function(_CLOCK_SHOWN)
    assert _seconds_left(page) <= before  # not reset to the full time
    with sqlite3.connect(data_dir / "interview_coach.db") as db:
        expect_draft = "An index speeds up reads"
        for _ in range(100):  # the put-back draft is sent on to the server, which keeps it
            (draft,) = db.execute("SELECT draft FROM questions ORDER BY position LIMIT 1").fetchone()
            if draft == expect_draft:
                break
            page.wait_for_timeout(100)
    assert draft == expect_draft
    # Submitted, the answer is no draft any more, in the browser either.
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text("Question 2 of 3", exact=False)).to_be_visible()
    page.wait_for_function(
        "!Object.keys(localStorage).some((k) => localStorage.getItem(k) === 'An index speeds up reads')"
    )


def test_after_a_restart_a_page_opened_by_its_link_is_inside_the_app(page: Page, server, monkeypatch) -> None:
    """Until the process had run app.py once, Streamlit ran a page that a URL names on its own: after
    a restart, a refresh of /interview?interview=N showed a sidebar listing every file of pages/
    ("common", "resume panel"…) and none of the app's, and stayed so after another refresh."""
    from interview_core.config import Settings
    from interview_core.domain import InterviewSetup
    from interview_core.engines.offline import OfflineEngine
    from interview_core.interview.flow import plan_interview, start_interview
    from interview_core.storage import repository
    from interview_core.storage.database import open_database

    base_url, data_dir = server  # a process that has served no page yet, as after a restart
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(data_dir))
    with open_database(Settings()).session() as session:
        owner = repository.local_user(session=session).id
        setup = InterviewSetup(job_role="Backend Engineer", question_count=3)
        interview = plan_interview(session=session, engine=OfflineEngine(), owner_id=owner, seed=4, setup=setup)
        start_interview(session=session, owner_id=owner, interview_id=interview.id)
    for _ in range(2):  # the link, then a refresh
        page.goto(f"{base_url}/interview?interview={interview.id}")
        expect(page.get_by_role("button", name="Answer by typing instead")).to_be_visible()  # its page, in the app
        nav = page.locator("[data-testid='stSidebarNav']")
        expect(nav.get_by_text("About this app")).to_be_visible()
        expect(nav.get_by_text("common", exact=True)).to_have_count(0)
        expect(page.locator("[data-testid='stSidebar']").get_by_text("Current interview")).to_be_visible()
        assert f"interview={interview.id}" in page.url
