"""How long a 10-question report takes to score with Gemini, against a local server that answers
like Gemini after a set delay (no network, no key): sequential versus the app's concurrent scoring.

    python bench/bench_gemini_scoring.py [--latency 2.0] [--answers 10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pydantic import SecretStr  # noqa: E402

from interview_core.config import Settings  # noqa: E402
from interview_core.domain import InterviewSetup  # noqa: E402
from interview_core.engines.gemini import GeminiClient, GeminiEngine  # noqa: E402
from interview_core.interview import flow as practice  # noqa: E402
from interview_core.storage import repository  # noqa: E402
from interview_core.storage.database import open_database  # noqa: E402
from tests.fake_gemini import FakeGemini  # noqa: E402
from tests.gemini_replies import respond  # noqa: E402

ANSWER = (
    "I would use a token bucket per API key because it allows short bursts while keeping the average rate. "
    "The buckets live in Redis so that every server sees the same counts."
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=2.0, help="seconds the fake Gemini takes per call")
    parser.add_argument("--answers", type=int, default=10)
    args = parser.parse_args()

    def slow(request):
        time.sleep(args.latency)
        return respond(request)

    server = FakeGemini(responder=respond)
    engine = GeminiEngine(GeminiClient(api_key=SecretStr("bench"), model="gemini-2.5-flash", base_url=server.url))
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Settings(data_dir=Path(folder)))
        with database.session() as session:
            owner = repository.local_user(session=session).id
            setup = InterviewSetup(job_role="Backend Engineer", question_count=args.answers)
            results = {}
            for label, workers in (("one at a time", 1), ("concurrently (the app)", practice.SCORING_WORKERS)):
                interview = practice.plan_interview(session=session, engine=engine, owner_id=owner, setup=setup)
                for question in repository.list_questions(session=session, owner_id=owner, interview_id=interview.id):
                    repository.save_answer(session=session, owner_id=owner, question_id=question.id, text=ANSWER)
                session.commit()
                server.responder = slow
                practice.SCORING_WORKERS = workers
                started = time.perf_counter()
                practice.score_pending(session=session, engine=engine, owner_id=owner, interview_id=interview.id)
                practice.finish_interview(session=session, engine=engine, owner_id=owner, interview_id=interview.id)
                results[label] = time.perf_counter() - started
                server.responder = respond
    server.close()
    for label, seconds in results.items():
        print(
            f"{args.answers} answers scored and reported, {label}: {seconds:.1f} s (Gemini latency {args.latency:g} s)"
        )


if __name__ == "__main__":
    main()
