"""Several candidates at once: N typed 3-question interviews in one headless Chromium (a page
each, its own browser context) against the real app, on one process with SQLite and on two
processes sharing PostgreSQL (pages split between them).

Prints, per setup: pages that went blank or got stuck, errors (browser console, page errors,
tracebacks in the server logs), answers lost (typed but not in the database, or under another
question), and the time from pressing Submit to the next question (or the end) being on screen.

    python bench/bench_load.py [--candidates 8] [--setups sqlite-1,postgresql-2] [--rounds 1]

Targets (issue: hardening): 0 blank or stuck pages, 0 errors, 0 answers lost; submit to page
update p95 ≤3 s on 2 cores with the browsers on the same machine. Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.postgres_server import TemporaryPostgres, find_bin_dir  # noqa: E402

LIVE = "[data-testid='stElementContainer']:not([data-stale='true'])"
UPDATE_TIMEOUT_S = 60  # past this a page counts as stuck (or blank, if it shows nothing)
THINK_S = 0.5  # between a page settling and the candidate acting on it
SERVER_ERRORS = ("Traceback", "does not exist anymore", "Exception")
# What the live (not stale) part of the page says: its "Question k of n" label, and whether the
# interview says every question is done.
_LIVE_TEXT = (
    "[...document.querySelectorAll(\"[data-testid='stElementContainer']:not([data-stale='true'])\")]"
    ".map(e => e.innerText).join('\\n')"
)
_PROGRESS = f"() => ({_LIVE_TEXT}.match(/Question \\d+ of \\d+/) || [''])[0]"
_FINISHED = f"() => {_LIVE_TEXT}.includes('questions have an answer')"
_QUESTION = (
    "() => (document.querySelector(\"[data-testid='stElementContainer']:not([data-stale='true']) h3\") || {})"
    ".innerText || ''"
)
# Moved on: the interview is done, or another question is up with its own empty answer box.
_MOVED_ON = (
    f"(before) => {{ const live = {_LIVE_TEXT}; const now = (live.match(/Question \\d+ of \\d+/) || [''])[0];"
    " const box = document.querySelector(\"[data-testid='stElementContainer']:not([data-stale='true']) "
    "textarea[aria-label='Your answer']\");"
    " return live.includes('questions have an answer')"
    " || (now !== '' && now !== before && !!box && box.value === ''); }"
)


def _answer(candidate: int, number: int) -> str:
    # Distinct per candidate and question, so an answer stored under the wrong one is seen.
    return (
        f"Candidate {candidate} answer {number}: an index is a sorted B-tree kept next to the table, so the "
        "database finds matching rows without a full scan; reads get faster while every insert and update "
        "must maintain the index too, so writes slow down and it takes extra storage."
    )


@dataclass
class Candidate:
    number: int
    base_url: str
    latencies: list[float] = field(default_factory=list)
    blank: int = 0
    stuck: int = 0
    errors: list[str] = field(default_factory=list)
    interview_id: int | None = None
    typed: list[tuple[str, str]] = field(default_factory=list)  # (question on screen, answer typed)
    sockets: list[str] = field(default_factory=list)  # more than one: the page reconnected


async def _wait_for_text(page, text: str, timeout_s: float) -> bool:
    try:
        await page.locator(LIVE).filter(has_text=text).first.wait_for(state="visible", timeout=timeout_s * 1000)
        return True
    except Exception:
        return False


async def _shows_nothing(page) -> bool:
    return await page.evaluate(
        "() => { const main = document.querySelector('[data-testid=stMain]');"
        " return !main || main.innerText.trim() === ''; }"
    )


async def _settle(page) -> None:
    """What a person does before typing: the page has finished updating (Streamlit's "running"
    indicator is gone) and they take a moment to read. Clicking within milliseconds of a page
    appearing, as a script can, occasionally lands on a button Streamlit is still replacing."""
    await page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=UPDATE_TIMEOUT_S * 1000
    )
    await asyncio.sleep(THINK_S)


async def _gave_up(page, candidate: Candidate, where: str) -> None:
    """The page did not get where it should within the time: blank, or stuck showing something."""
    if await _shows_nothing(page):
        candidate.blank += 1
        return
    candidate.stuck += 1
    where += f", {len(candidate.sockets)} websocket(s)"
    running = await page.locator("[data-testid='stStatusWidget']").count()
    where += " (script running)" if running else " (idle)"
    shown = await page.evaluate("() => document.querySelector('[data-testid=stMain]').innerText")
    candidate.errors.append(f"stuck {where}: " + " | ".join(line for line in shown.split("\n")[:14] if line))
    if os.environ.get("BENCH_LOAD_SHOTS"):
        await page.screenshot(path=f"{os.environ['BENCH_LOAD_SHOTS']}/stuck-{candidate.number}.png")


async def _run_candidate(browser, candidate: Candidate) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(UPDATE_TIMEOUT_S * 1000)
    page.on("pageerror", lambda error: candidate.errors.append(f"page error: {error}"))
    page.on("websocket", lambda ws: candidate.sockets.append(ws.url))
    page.on(
        "console",
        lambda message: candidate.errors.append(f"console: {message.text}") if message.type == "error" else None,
    )
    try:
        await page.goto(candidate.base_url)
        await page.get_by_label("Job role").fill(f"Backend Engineer {candidate.number}")
        if os.environ.get("BENCH_LOAD_NO_AUDIO"):
            await page.get_by_text("Record audio").click()
        slider = page.get_by_role("slider")
        await slider.focus()
        await slider.press("ArrowLeft")
        await slider.press("ArrowLeft")  # 5 → 3 questions
        await page.get_by_role("button", name="Choose questions").click()
        await page.get_by_role("button", name="Start interview").click()
        if not await _wait_for_text(page, "Question 1 of 3", UPDATE_TIMEOUT_S):
            await _gave_up(page, candidate, "starting the interview")
            return
        candidate.interview_id = int(page.url.rsplit("interview=", 1)[1].split("&")[0])
        number = 0
        while True:  # three questions, and any follow-up the interviewer adds
            number += 1
            label = await page.evaluate(_PROGRESS)
            box = page.locator(f"{LIVE} textarea[aria-label='Your answer']")
            await box.wait_for(state="visible")
            await _settle(page)
            shown_question = await page.evaluate(_QUESTION)
            text_ = _answer(candidate.number, number)
            await box.fill(text_)
            await box.press("Control+Enter")  # commit the value, as leaving the box would
            started = time.monotonic()
            await page.get_by_role("button", name="Submit answer").click()
            candidate.typed.append((shown_question.strip(), text_))
            try:
                await page.wait_for_function(_MOVED_ON, arg=label, timeout=UPDATE_TIMEOUT_S * 1000, polling=50)
            except Exception:
                await _gave_up(page, candidate, f"after answer {number}")
                return
            candidate.latencies.append(time.monotonic() - started)
            if await page.evaluate(_FINISHED):
                break
        await _settle(page)
        await page.get_by_role("button", name="See my results").click()
        if not await _wait_for_text(page, "Overall score", UPDATE_TIMEOUT_S):
            await _gave_up(page, candidate, "opening the results")
    except Exception as error:  # a step that could not be done is an error of the run, counted
        candidate.errors.append(f"driver: {type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        await context.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_app(data_dir: Path, database_url: str | None, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {
        **os.environ,
        "INTERVIEW_COACH_DATA_DIR": str(data_dir),
        "INTERVIEW_COACH_SECRETS_FILE": str(data_dir / "none.toml"),
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"the app did not start:\n{log_path.read_text(errors='replace')[-2000:]}")


def _stored_answers(database_url: str) -> dict[int, list[tuple[str, str]]]:
    """Interview id → [(question text, answer text)] in the order they were saved."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.interview_id, q.text, a.text FROM answers a JOIN questions q ON q.id = a.question_id "
                "ORDER BY a.id"
            )
        ).all()
    engine.dispose()
    stored: dict[int, list[tuple[str, str]]] = {}
    for interview_id, question, answer in rows:
        stored.setdefault(interview_id, []).append((" ".join(question.split()), answer))
    return stored


async def _drive(urls: list[str], candidates: int) -> list[Candidate]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            people = [Candidate(i + 1, urls[i % len(urls)]) for i in range(candidates)]
            await asyncio.gather(*(_run_candidate(browser, person) for person in people))
            return people
        finally:
            await browser.close()


def run_setup(name: str, candidates: int) -> dict[str, object]:
    backend, processes = name.split("-")
    work = Path(tempfile.mkdtemp(prefix=f"bench-load-{name}-"))
    postgres = None
    if backend == "postgresql":
        bin_dir = find_bin_dir()
        if bin_dir is None:
            return {"setup": name, "skipped": "PostgreSQL binaries not found"}
        postgres = TemporaryPostgres(bin_dir).start()
        database_url = postgres.url
    else:
        database_url = f"sqlite:///{work / 'data' / 'interview_coach.db'}"
    apps: list[tuple[subprocess.Popen, str, Path]] = []
    try:
        for index in range(int(processes)):
            log_path = work / f"server-{index}.log"
            process, url = _start_app(work / "data", database_url if postgres else None, log_path)
            apps.append((process, url, log_path))
        started = time.monotonic()
        people = asyncio.run(_drive([url for _, url, _ in apps], candidates))
        wall = time.monotonic() - started
        stored = _stored_answers(database_url)
        lost = duplicated = 0
        for person in people:
            saved = stored.get(person.interview_id or -1, [])
            typed = [(" ".join(question.split()), answer) for question, answer in person.typed]
            # Lost: typed and submitted, but not stored under the question that was on screen.
            missing = [pair for pair in typed if pair not in saved]
            lost += len(missing)
            duplicated += len(saved) - len(set(saved))
            for question, answer in missing:
                person.errors.append(f"candidate {person.number}: {answer[:24]!r} not stored under {question[:40]!r}")
        server_errors = []
        for _, _, log_path in apps:
            for line in log_path.read_text(errors="replace").splitlines():
                if any(marker in line for marker in SERVER_ERRORS):
                    server_errors.append(line.strip()[:160])
        latencies = sorted(t for person in people for t in person.latencies)
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))] if latencies else None
        return {
            "setup": name,
            "candidates": candidates,
            "blank": sum(p.blank for p in people),
            "stuck": sum(p.stuck for p in people),
            "errors": [e for p in people for e in p.errors] + server_errors,
            "lost": lost,
            "duplicated": duplicated,
            "submits": len(latencies),
            "median_s": statistics.median(latencies) if latencies else None,
            "p95_s": p95,
            "max_s": latencies[-1] if latencies else None,
            "wall_s": wall,
        }
    finally:
        for process, _, _ in apps:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if postgres is not None:
            postgres.stop()
        if os.environ.get("BENCH_LOAD_KEEP"):
            print(f"(server logs kept in {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--setups", default="sqlite-1,postgresql-2", help="backend-processes, comma separated")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    for _ in range(args.rounds):
        for name in args.setups.split(","):
            result = run_setup(name, args.candidates)
            if "skipped" in result:
                print(f"{name}: skipped ({result['skipped']})")
                continue
            errors = result["errors"]
            timing = (
                f"submit → update median {result['median_s']:.2f} s, p95 {result['p95_s']:.2f} s, "
                f"max {result['max_s']:.2f} s over {result['submits']} submits"
                if result["submits"]
                else "no submit completed"
            )
            print(
                f"{name}: {result['candidates']} candidates · blank {result['blank']} · stuck {result['stuck']} · "
                f"errors {len(errors)} · answers lost {result['lost']} · stored twice {result['duplicated']} · "
                f"{timing} · wall {result['wall_s']:.0f} s"
            )
            for error in errors[:10]:
                print(f"    {error}")


if __name__ == "__main__":
    main()
