"""App pages: results page script time with 10 questions (target ≤300 ms) and history queries
with 10 000 interviews (target ≤100 ms).

    python bench/bench_app.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["INTERVIEW_COACH_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-app-")
os.environ["INTERVIEW_COACH_SECRETS_FILE"] = os.path.join(os.environ["INTERVIEW_COACH_DATA_DIR"], "none.toml")

from sqlalchemy import insert  # noqa: E402

from interview_core.account import history  # noqa: E402
from interview_core.config import Settings  # noqa: E402
from interview_core.domain import InterviewSetup  # noqa: E402
from interview_core.engines.offline import OfflineEngine  # noqa: E402
from interview_core.interview.flow import finish_interview, plan_interview, submit_answer  # noqa: E402
from interview_core.storage import repository  # noqa: E402
from interview_core.storage.database import open_database  # noqa: E402
from interview_core.storage.models import Interview, utcnow  # noqa: E402


def _ms(values: list[float]) -> str:
    values = sorted(values)
    return f"median {statistics.median(values) * 1000:.1f} ms, p95 {values[int(len(values) * 0.95)] * 1000:.1f} ms"


def bench_results_page(database, owner_id: int) -> None:
    from streamlit.testing.v1 import AppTest

    engine = OfflineEngine()
    with database.session() as session:
        setup = InterviewSetup(job_role="Backend Engineer", tech_stack=["Python"], question_count=10)
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=setup, seed=1)
        for question in repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id):
            text = " ".join(f"{p}, because it matters in production." for p in question.key_points)
            submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=question.id, text=text)
        finish_interview(session=session, engine=engine, owner_id=owner_id, interview_id=interview.id)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["interview"] = str(interview.id)
    app.switch_page("pages/results.py").run()  # warm-up: imports, services, model load
    assert not app.exception, app.exception
    timings = []
    for _ in range(15):
        begin = time.perf_counter()
        app.run()
        timings.append(time.perf_counter() - begin)
    print(f"results page, 10 answered questions (script run via AppTest): {_ms(timings)} (target ≤300 ms)")


def bench_history(database, owner_id: int, other_id: int) -> None:
    rng = random.Random(7)
    now = utcnow()
    kinds = ["technical", "behavioral", "system_design", "coding", "hr", "mixed"]
    rows = []
    for i in range(10_000):
        for owner in (owner_id, other_id):
            done = now - timedelta(hours=i)
            rows.append(
                {
                    "owner_id": owner,
                    "title": f"Interview {i}",
                    "job_role": "Engineer",
                    "level": "mid",
                    "interview_type": rng.choice(kinds),
                    "difficulty": rng.choice(["easy", "medium", "hard"]),
                    "company": "",
                    "job_description": "",
                    "tech_stack": [],
                    "focus_areas": [],
                    "question_count": 5,
                    "audio_enabled": True,
                    "video_enabled": False,
                    "interviewer_voice": False,
                    "mode": "practice",
                    "status": "completed",
                    "created_at": done,
                    "completed_at": done,
                    "overall_score": round(rng.uniform(20, 95), 1),
                    "question_engine": "offline",
                }
            )
    with database.engine.begin() as connection:
        connection.execute(insert(Interview), rows)
    queries = {
        "page 1, newest first": lambda s: history.history_page(session=s, owner_id=owner_id),
        "page 50, filtered by type, best first": lambda s: history.history_page(
            session=s, owner_id=owner_id, interview_type="technical", sort="best", page=50
        ),
        "stats (total, average, best, per type)": lambda s: history.history_stats(session=s, owner_id=owner_id),
        "score trend (last 200)": lambda s: history.score_trend(session=s, owner_id=owner_id),
    }
    with database.session() as session:
        for label, query in queries.items():
            query(session)
            timings = []
            for _ in range(20):
                begin = time.perf_counter()
                query(session)
                timings.append(time.perf_counter() - begin)
            print(f"history with 10 000 interviews (+10 000 of another user), {label}: {_ms(timings)} (target ≤100 ms)")


def main() -> None:
    database = open_database(Settings())
    with database.session() as session:
        owner_id = repository.local_user(session=session).id
        other_id = repository.get_or_create_user(session=session, external_id="someone-else").id
    bench_results_page(database, owner_id)
    bench_history(database, owner_id, other_id)


if __name__ == "__main__":
    main()
