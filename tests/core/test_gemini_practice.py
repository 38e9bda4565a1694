"""A whole interview with Gemini configured (the real SDK against the local fake server): what is
stored, follow-ups, concurrent scoring, the command line, and the API key never leaking."""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import inspect, text

from interview_core.cli import main
from interview_core.config import get_settings
from interview_core.domain import InterviewSetup, QuestionSource
from interview_core.engines.offline import OfflineEngine
from interview_core.interview.export import results_markdown
from interview_core.interview.flow import (
    finish_interview,
    load_progress,
    plan_interview,
    score_pending,
    skip_question,
    submit_answer,
)
from interview_core.interview.results import load_results
from interview_core.scoring.model_answer import model_answer
from interview_core.services import build_services
from interview_core.storage import repository
from tests.core.test_gemini_engine import ANSWER, KEY
from tests.fake_gemini import FakeGemini, Reply, point_settings_at
from tests.gemini_replies import MODEL_ANSWER, respond

SETUP = InterviewSetup(job_role="Backend Engineer", tech_stack=["Python", "Redis"], question_count=3)


@pytest.fixture
def fake(monkeypatch):
    server = FakeGemini(responder=respond)
    point_settings_at(server, monkeypatch, key=KEY, GEMINI_TIMEOUT_S="2", GEMINI_DEADLINE_S="6")
    yield server
    server.close()


@pytest.fixture
def owner_id(database) -> int:
    with database.session() as session:
        return repository.local_user(session=session).id


def test_a_key_chooses_gemini_and_no_key_the_offline_engine(fake, monkeypatch) -> None:
    services = build_services()
    assert services.engine.name == "gemini"
    assert "gemini-test/prompt-2" in services.describe()["questions and evaluation"]
    assert KEY not in repr(services.settings) and KEY not in json.dumps(services.describe())
    monkeypatch.delenv("GEMINI_API_KEY")
    monkeypatch.setenv("GOOGLE_API_KEY", KEY)  # the SDK's own name works too
    get_settings.cache_clear()
    assert build_services().engine.name == "gemini"
    monkeypatch.delenv("GOOGLE_API_KEY")
    get_settings.cache_clear()
    assert isinstance(build_services().engine, OfflineEngine)


def test_an_interview_stores_model_prompt_version_and_tokens(fake, database, owner_id) -> None:
    engine = build_services().engine
    with database.session() as session:
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=SETUP, seed=1)
        questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
        answer = submit_answer(
            session=session, engine=engine, owner_id=owner_id, question_id=questions[0].id, text=ANSWER
        )
        report = finish_interview(session=session, engine=engine, owner_id=owner_id, interview_id=interview.id)
        calls = repository.list_model_calls(session=session, owner_id=owner_id, interview_id=interview.id)
    assert interview.question_engine == "gemini" and not interview.question_note
    assert all(q.source == QuestionSource.AI for q in questions)
    # Gemini's model answer is stored with its question and marked like the bank's.
    shown = model_answer(questions[0])
    assert questions[0].model_answer == MODEL_ANSWER and shown is not None and shown.marked
    assert (answer.engine, answer.model_name, answer.prompt_version) == ("gemini", "gemini-test", "2")
    assert answer.evidence and answer.evidence[0]["quote"] in ANSWER
    assert report.engine == "gemini" and report.engine_version == "gemini-test/prompt-2"
    assert [(c.purpose, c.ok, c.input_tokens, c.output_tokens) for c in calls] == [
        ("questions", True, 120, 80),
        ("evaluation", True, 120, 80),
        ("report", True, 120, 80),
    ]
    narrative = report.breakdown["narrative"]
    assert narrative["summary"].startswith("You explained the algorithm well") and narrative["model"] == "gemini-test"
    assert len(narrative["focus"]) == 2
    report_request = fake.requests[-1]
    assert report_request.schema_title == "ReportVerdict" and '<untrusted label="results">' in report_request.prompt


def test_a_failed_gemini_step_is_stored_as_offline_with_its_reason(fake, database, owner_id) -> None:
    engine = build_services().engine
    engine.client.retry = type(engine.client.retry)(attempts=2, first_wait_s=0.01, max_wait_s=0.02)
    fake.then(Reply(status=503), Reply(status=503))  # questions
    with database.session() as session:
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=SETUP, seed=1)
        questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
        fake.then(Reply(status=429), Reply(status=429))  # the first evaluation
        answer = submit_answer(
            session=session, engine=engine, owner_id=owner_id, question_id=questions[0].id, text=ANSWER
        )
    assert interview.question_engine == "offline"
    assert interview.question_note == (
        "Questions came from the built-in bank because Gemini was unavailable: server error (HTTP 503)."
    )
    assert all(q.source == QuestionSource.BANK for q in questions)
    assert answer.engine == "offline" and answer.score is not None
    assert answer.fallback_reason == "Scored offline because Gemini was unavailable: rate limited (HTTP 429)."


def test_the_api_key_is_in_no_stored_row(fake, database, owner_id) -> None:
    engine = build_services().engine
    engine.client.retry = type(engine.client.retry)(attempts=1)
    with database.session() as session:
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=SETUP, seed=1)
        question_ids = [
            q.id for q in repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
        ]
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=question_ids[0], text=ANSWER)
        fake.then(Reply(status=403))
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=question_ids[1], text=ANSWER)
        dump = []
        for table in inspect(session.connection()).get_table_names():
            dump += [repr(tuple(row)) for row in session.execute(text(f'SELECT * FROM "{table}"'))]
    assert any("the API key was refused" in row for row in dump)  # the failure is recorded…
    assert not any(KEY in row for row in dump)  # …and the key is not


def test_follow_ups_come_after_weak_answers_up_to_the_limit(database, owner_id) -> None:
    engine = OfflineEngine()
    setup = InterviewSetup(job_role="Backend Engineer", tech_stack=["PostgreSQL"], question_count=4)
    with database.session() as session:
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=setup, seed=2)
        first, second, third, _ = repository.list_questions(
            session=session, owner_id=owner_id, interview_id=interview.id
        )
        vague = f"{first.key_points[0]}. That is the main idea, and I have used it at work."
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=first.id, text=vague, follow_ups=1)
        questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
        assert [q.id for q in questions][:1] + [q.id for q in questions][2:] == [first.id, second.id, third.id, _.id]
        follow_up = questions[1]
        assert follow_up.follow_up_of == first.id and follow_up.source == QuestionSource.FOLLOW_UP
        assert follow_up.key_points and follow_up.key_points[0] in first.key_points[1:]
        assert [q.position for q in questions] == [0, 1, 2, 3, 4]
        # A follow-up gets no follow-up of its own, and the limit (1) is reached.
        for question in (follow_up, second):
            vague = f"{question.key_points[0]}. That is the main idea, and I have used it at work."
            submit_answer(
                session=session, engine=engine, owner_id=owner_id, question_id=question.id, text=vague, follow_ups=1
            )
        assert len(repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)) == 5


def test_a_follow_up_belongs_to_its_question_in_the_count_and_the_report(database, owner_id) -> None:
    """A 3-question interview with a follow-up is still "of 3", and skipping the follow-up is not
    an unanswered question."""
    engine = OfflineEngine()
    with database.session() as session:
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=SETUP, seed=2)
        first, second, third = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
        vague = f"{first.key_points[0]}. That is the main idea, and I have used it at work."
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=first.id, text=vague, follow_ups=1)
        progress = load_progress(session=session, owner_id=owner_id, interview_id=interview.id)
        assert len(progress.questions) == 4 and len(progress.main_questions) == 3
        assert [progress.number_of(i) for i in range(4)] == [1, 1, 2, 3]
        follow_up = progress.questions[1]
        assert follow_up.follow_up_of == first.id and progress.attempted == 1
        skip_question(session=session, owner_id=owner_id, question_id=follow_up.id)
        for question in (second, third):
            strong = " ".join(f"{point}, as I have explained with an example." for point in question.key_points)
            submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=question.id, text=strong)
        report = finish_interview(session=session, engine=engine, owner_id=owner_id, interview_id=interview.id)
        results = load_results(session=session, owner_id=owner_id, interview_id=interview.id)
    assert [o.number for o in results.outcomes] == [1, 1, 2, 3]  # as numbered during the interview
    markdown = results_markdown(results)
    assert "## Question 1 (follow-up)" in markdown and "## Question 4" not in markdown
    assert report.breakdown["unanswered"] == 0 and len(report.breakdown["per_question"]) == 3
    assert not any("not answered" in weakness for weakness in report.weaknesses)


def test_a_strong_or_off_topic_answer_gets_no_follow_up(database, owner_id) -> None:
    engine = OfflineEngine()
    with database.session() as session:
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=SETUP, seed=2)
        first, second, _ = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
        strong = " ".join(f"{point}, which I explain with an example from my own work." for point in first.key_points)
        off_topic = "I enjoy hiking on weekends and I bake sourdough bread with my children when it rains outside."
        for question, answer in ((first, strong), (second, off_topic)):
            submit_answer(
                session=session, engine=engine, owner_id=owner_id, question_id=question.id, text=answer, follow_ups=3
            )
        assert len(repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)) == 3


def test_pending_answers_are_scored_concurrently_with_progress(fake, database, owner_id) -> None:
    in_flight, peak = 0, 0
    lock = threading.Lock()

    def slow(request):
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.3)
        with lock:
            in_flight -= 1
        return respond(request)

    engine = build_services().engine
    with database.session() as session:
        setup = SETUP.model_copy(update={"question_count": 6})
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=setup, seed=1)
        for question in repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id):
            repository.save_answer(session=session, owner_id=owner_id, question_id=question.id, text=ANSWER)
        session.commit()
        fake.responder = slow
        progress = []
        assert (
            score_pending(
                session=session,
                engine=engine,
                owner_id=owner_id,
                interview_id=interview.id,
                on_progress=lambda done, total: progress.append((done, total)),
            )
            == 6
        )
        answers = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview.id)
    assert peak >= 3  # several answers were with Gemini at once
    assert progress == [(n, 6) for n in range(1, 7)]
    assert all(a.score is not None and a.engine == "gemini" for a in answers)


# --- the command line ----------------------------------------------------------------------------


def test_questions_command_reports_gemini_and_its_model(fake, capsys) -> None:
    assert main(["questions", "--role", "Backend Engineer", "--count", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["engine"], data["model"], len(data["questions"])) == ("gemini", "gemini-test", 3)


def test_commands_fall_back_to_offline_and_say_why_on_stderr(fake, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GEMINI_TIMEOUT_S", "0.5")
    monkeypatch.setenv("GEMINI_DEADLINE_S", "1.2")
    get_settings.cache_clear()
    fake.then(*[Reply(hang_s=3)] * 3)
    assert main(["questions", "--role", "Backend Engineer", "--count", "3", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["engine"] == "offline" and "model" not in data and len(data["questions"]) == 3
    assert "note: Questions came from the built-in bank because Gemini was unavailable: no answer within" in (
        captured.err
    )
    fake.script.clear()  # the deadline left some of the hangs unused
    fake.then(*[Reply(body="not json at all")] * 3)
    args = ["evaluate", "--question", "How would you design a rate limiter?", "--key-point", "token bucket"]
    assert main([*args, "--answer", ANSWER, "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["engine"] == "offline" and "returned malformed JSON" in data["fallback_reason"]
    assert "note: Scored offline because Gemini was unavailable: returned malformed JSON." in captured.err
    assert KEY not in captured.out + captured.err


def test_evaluate_command_reports_gemini_model_and_prompt_version(fake, capsys) -> None:
    args = ["evaluate", "--question", "How would you design a rate limiter?", "--key-point", "token bucket"]
    assert main([*args, "--answer", ANSWER, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["engine"], data["model"], data["prompt_version"]) == ("gemini", "gemini-test", "2")
    assert data["evidence"] and data["evidence"][0]["quote"] in ANSWER


def test_a_malformed_base_url_is_a_clear_setting_error(monkeypatch, capsys) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", KEY)
    monkeypatch.setenv("GEMINI_BASE_URL", "localhost:9")
    get_settings.cache_clear()
    assert main(["questions", "--role", "Backend Engineer"]) == 2
    err = capsys.readouterr().err
    assert "GEMINI_BASE_URL" in err and "http://" in err and KEY not in err


def test_a_failed_debrief_leaves_the_rubric_report_complete(fake, database, owner_id) -> None:
    engine = build_services().engine
    engine.client.retry = type(engine.client.retry)(attempts=2, first_wait_s=0.01, max_wait_s=0.02)
    with database.session() as session:
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=SETUP, seed=1)
        question = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)[0]
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=question.id, text=ANSWER)
        fake.then(Reply(status=500), Reply(status=500))
        report = finish_interview(session=session, engine=engine, owner_id=owner_id, interview_id=interview.id)
        calls = repository.list_model_calls(session=session, owner_id=owner_id, interview_id=interview.id)
    assert report.breakdown["narrative"] is None and report.strengths and report.recommendations
    assert (calls[-1].purpose, calls[-1].ok, calls[-1].error) == ("report", False, "server error (HTTP 500)")
