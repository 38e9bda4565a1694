"""A real Streamlit server and a real headless Chromium (Debian's, never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
# Every `expect` waits for its condition up to 30 s, not Playwright's 5 s: a submit is scored
# before the next question shows, and on a loaded machine that once took longer than 5 s (the
# test then failed on a page that was only slow).
expect.set_options(timeout=30_000)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out, which this sandbox refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app on its own port and data folder; yields (base URL, data folder)."""
    port, data_dir = _free_port(), tmp_path / "data"
    env = {
        **os.environ,
        "INTERVIEW_COACH_DATA_DIR": str(data_dir),
        "INTERVIEW_COACH_SECRETS_FILE": str(tmp_path / "none.toml"),
    }
    env.pop("DATABASE_URL", None)
    # To a file, not a pipe nobody reads: a full pipe would block the server mid-test.
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                output = (tmp_path / "server.log").read_text(errors="replace")
                process.kill()
                pytest.fail(f"streamlit did not start:\n{output[-2000:]}")
            time.sleep(0.3)
    try:
        yield url, data_dir
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        message = "Debian chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def require_speech_tools() -> None:
    """espeak-ng and sox make the test speech Chromium's fake microphone plays."""
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        if os.environ.get("CI"):
            pytest.fail("espeak-ng and sox are missing")
        pytest.skip("espeak-ng and sox make the test speech (apt-get install espeak-ng sox)")


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright per run: its sync API cannot be started twice at once."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@contextmanager
def chromium(playwright_driver, *extra_args: str) -> Iterator[Any]:
    """Debian's Chromium, headless, with our flags and any extra ones."""
    require_chromium()
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
    )
    try:
        yield browser
    finally:
        browser.close()


@contextmanager
def fresh_page(browser, height: int = 900) -> Iterator[Any]:
    """A page in its own browser context (no shared cookies or session)."""
    context = browser.new_context(viewport={"width": 1280, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def browser(playwright_driver):
    with chromium(playwright_driver) as browser:
        yield browser


@pytest.fixture
def page(browser, server):
    with fresh_page(browser) as page:
        yield page
