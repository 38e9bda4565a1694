"""Answering out loud in a real browser: Chromium's fake microphone plays espeak-ng speech over
WebRTC; the words appear in the live transcript, land in the answer box, are saved with the
recording, and are scored. The server side is checked too: the stored recording holds speech."""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import chromium, fresh_page, require_speech_tools
from tests.e2e.test_interview_flow import LIVE, answer_box, set_up_interview, shoot

SPOKEN = "I would add an index to the database table, then measure the query latency before and after."


@pytest.fixture(scope="module")
def microphone_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Speech with a second of quiet either side (Chromium plays the file in a loop)."""
    require_speech_tools()
    folder = tmp_path_factory.mktemp("mic")
    speech, padded = folder / "speech.wav", folder / "mic.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "140", "-w", str(speech), SPOKEN], check=True)
    subprocess.run(["sox", str(speech), "-r", "48000", "-c", "1", "-b", "16", str(padded), "pad", "1", "2"], check=True)
    return padded


@pytest.fixture(scope="module")
def microphone_browser(playwright_driver, microphone_wav: Path):
    with chromium(
        playwright_driver,
        "--use-fake-ui-for-media-stream",  # grant the microphone without a prompt
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={microphone_wav}",
        "--autoplay-policy=no-user-gesture-required",
    ) as browser:
        yield browser


@pytest.fixture
def microphone_page(microphone_browser, server):
    with fresh_page(microphone_browser, height=1000) as page:
        yield page


def answer_by_speaking(page: Page) -> None:
    """The candidate chooses to speak: the live recorder appears (typing needs no recorder)."""
    page.locator(LIVE).get_by_text("speaking", exact=True).click()


def webrtc_button(page: Page, name: str):
    return page.frame_locator("iframe[title*='webrtc']").get_by_role("button", name=name)


def test_spoken_answer_appears_live_is_saved_with_its_recording_and_scored(microphone_page: Page, server) -> None:
    page = microphone_page
    base_url, data_dir = server
    set_up_interview(page, base_url)
    answer_by_speaking(page)

    webrtc_button(page, "Start answering").click()
    live = page.locator(".st-key-live_transcript")
    expect(live).to_contain_text(re.compile(r"index", re.IGNORECASE), timeout=90_000)
    expect(live).to_contain_text(re.compile(r"latency|database", re.IGNORECASE), timeout=60_000)

    # Each transcribed segment is in the database while the candidate is still talking.
    with sqlite3.connect(data_dir / "interview_coach.db") as db:
        (segments,) = db.execute("SELECT segments FROM voice_takes").fetchone()
    assert "index" in segments.lower()
    shoot(page, "5-voice")

    webrtc_button(page, "Stop").click()
    box = answer_box(page)
    expect(box).to_have_value(re.compile(r"index", re.IGNORECASE), timeout=60_000)

    # The candidate corrects a recognition slip before submitting; the correction is what counts.
    corrected = box.input_value() + " I would also check the query plan."
    box.fill(corrected)
    box.press("Control+Enter")
    page.locator(LIVE).get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text("Question 2 of 3", exact=False)).to_be_visible(timeout=60_000)

    with sqlite3.connect(data_dir / "interview_coach.db") as db:
        text, is_transcript, media_ref, words, score = db.execute(
            "SELECT text, is_transcript, media_ref, spoken_words, score FROM answers"
        ).fetchone()
    assert text == corrected and is_transcript and score is not None
    assert words != "[]"  # word timings kept for delivery metrics

    # The server really received the audio: the stored recording is the speech, not silence.
    owner, name = re.match(r"local:(\d+)/(.+)$", media_ref).groups()
    with wave.open(io.BytesIO((data_dir / "recordings" / owner / name).read_bytes())) as recording:
        seconds = recording.getnframes() / recording.getframerate()
        samples = np.frombuffer(recording.readframes(recording.getnframes()), dtype=np.int16) / 32768
    assert seconds > 3
    assert 20 * np.log10(np.sqrt(np.mean(samples**2)) + 1e-9) > -40  # speech level, not a silent stream


def test_without_a_microphone_the_candidate_is_told_what_to_do(page: Page, server) -> None:
    """The plain browser has no microphone and grants no permission."""
    base_url, _ = server
    set_up_interview(page, base_url)
    answer_by_speaking(page)
    # The component's buttons look like the app's: as written, not in capitals (issue 17, item 8).
    start = webrtc_button(page, "Start answering")
    expect(start).to_have_css("text-transform", "none")
    expect(start).to_have_css("border-radius", "8px")
    start.click()
    # The component reports the browser's refusal; the page says what to do about it.
    alert = page.frame_locator("iframe[title*='webrtc']").get_by_role("alert")
    expect(alert).to_contain_text(re.compile(r"NotFoundError|NotAllowedError|not found|denied", re.IGNORECASE))
    expect(page.get_by_text("If the browser reports that the microphone was denied or not found")).to_be_visible()
    # The fallback recorder and the answer box are still there.
    expect(page.get_by_text("Microphone not connecting? Record the whole answer here instead")).to_be_visible()
    expect(answer_box(page)).to_have_count(1)


def test_with_the_video_option_the_answer_is_recorded_with_the_camera(microphone_page: Page, server) -> None:
    import av

    page = microphone_page
    base_url, data_dir = server
    set_up_interview(page, base_url, video=True)
    webrtc_button(page, "Start answering").click()
    expect(page.locator(".st-key-live_transcript")).to_contain_text(re.compile(r"index", re.IGNORECASE), timeout=90_000)
    webrtc_button(page, "Stop").click()
    expect(answer_box(page)).to_have_value(re.compile(r"index", re.IGNORECASE), timeout=60_000)
    with sqlite3.connect(data_dir / "interview_coach.db") as db:
        (media_ref,) = db.execute("SELECT media_ref FROM voice_takes").fetchone()
    assert media_ref.endswith(".webm")
    owner, name = re.match(r"local:(\d+)/(.+)$", media_ref).groups()
    with av.open(str(data_dir / "recordings" / owner / name)) as container:
        assert container.streams.video and container.streams.audio
        assert sum(1 for _ in container.decode(video=0)) > 10  # camera frames, not an empty track
