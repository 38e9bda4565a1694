"""Conversation mode in a real browser: after one Start the interviewer greets, asks, listens to
Chromium's fake microphone (espeak-ng speech between long pauses), takes each answer when the
candidate falls silent, and opens the results by itself: no other click (issue: conversation
mode, point 1)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import chromium, fresh_page
from tests.e2e.test_interview_flow import set_up_interview, shoot
from tests.e2e.test_voice_interview import webrtc_button

SPOKEN = "I would add an index to the table and measure the query latency before and after the change."


@pytest.fixture(scope="module")
def conversation_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Silence, the answer, silence: Chromium loops the file, so the candidate answers every
    twelve seconds or so, whenever it is their turn."""
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        if os.environ.get("CI"):
            pytest.fail("espeak-ng and sox are missing")
        pytest.skip("espeak-ng and sox make the test speech (apt-get install espeak-ng sox)")
    folder = tmp_path_factory.mktemp("conversation")
    speech, padded = folder / "speech.wav", folder / "mic.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(speech), SPOKEN], check=True)
    subprocess.run(["sox", str(speech), "-r", "48000", "-c", "1", "-b", "16", str(padded), "pad", "4", "4"], check=True)
    return padded


@pytest.fixture
def conversation_page(playwright_driver, conversation_wav: Path, server):
    with (
        chromium(
            playwright_driver,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={conversation_wav}",
            "--autoplay-policy=no-user-gesture-required",
        ) as browser,
        fresh_page(browser, height=1000) as page,
    ):
        yield page


def test_one_start_and_the_interviewer_runs_the_whole_interview(conversation_page: Page, server) -> None:
    page = conversation_page
    base_url, data_dir = server
    set_up_interview(page, base_url, conversation=True)
    webrtc_button(page, "Start the interview").click()
    cue = page.locator(".st-key-conversation_cue")
    expect(cue).to_contain_text("The interviewer is speaking", timeout=60_000)
    expect(cue).to_contain_text("Your turn", timeout=60_000)
    shoot(page, "6-conversation")
    # No click from here on: three answers, then the results open by themselves.
    expect(page.get_by_text("Overall score", exact=False).first).to_be_visible(timeout=240_000)

    with sqlite3.connect(data_dir / "interview_coach.db") as db:
        turns = db.execute("SELECT speaker, text FROM conversation_turns ORDER BY id").fetchall()
        answers = db.execute(
            "SELECT a.text, a.is_transcript, a.media_ref FROM answers a JOIN questions q ON q.id = a.question_id "
            "WHERE q.follow_up_of IS NULL ORDER BY a.id"
        ).fetchall()  # a follow-up, if the interviewer asked one, is part of its question
    assert turns[0][0] == "interviewer" and "Backend Engineer" in turns[0][1]
    assert any(speaker == "candidate" and re.search("index", text, re.I) for speaker, text in turns)
    assert len(answers) == 3 and all(text and is_transcript and media for text, is_transcript, media in answers)
    # The looped file may already be mid-sentence when a turn starts: most answers hold the whole of it.
    assert sum(bool(re.search("index", text, re.I)) for text, _, _ in answers) >= 2
