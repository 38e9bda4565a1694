"""The pages with Gemini configured (the real SDK against the local fake server): what they say
when Gemini wrote the questions, when it failed, and what its calls cost."""

import pytest

from interview_core.domain import InterviewSetup
from interview_core.interview.flow import end_interview, plan_interview, start_interview, submit_answer
from interview_core.services import build_services
from interview_core.storage import repository
from tests.core.test_gemini_engine import ANSWER, KEY
from tests.fake_gemini import FakeGemini, Reply, point_settings_at
from tests.gemini_replies import respond


@pytest.fixture
def fake(monkeypatch):
    server = FakeGemini(responder=respond)
    point_settings_at(server, monkeypatch, key=KEY, model="gemini-2.5-flash", GEMINI_DEADLINE_S="3")
    yield server
    server.close()


def test_results_say_which_answers_were_scored_offline_and_what_gemini_cost(fake, app, db, owner_id) -> None:
    engine = build_services().engine
    engine.client.retry = type(engine.client.retry)(attempts=2, first_wait_s=0.01, max_wait_s=0.02)
    with db.session() as session:
        setup = InterviewSetup(job_role="Backend Engineer", question_count=3)
        interview = plan_interview(session=session, engine=engine, owner_id=owner_id, setup=setup, seed=1)
        start_interview(session=session, owner_id=owner_id, interview_id=interview.id)
        first, second, _ = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=first.id, text=ANSWER)
        fake.then(Reply(status=503), Reply(status=503))
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=second.id, text=ANSWER)
        end_interview(session=session, owner_id=owner_id, interview_id=interview.id)  # the third left unanswered
    app.query_params["interview"] = str(interview.id)
    app.switch_page("pages/results.py").run()
    assert not app.exception
    warnings = [w.value.replace("\\", "") for w in app.warning]  # shown through plain(): escaped
    assert "1 answer(s) were scored offline because Gemini was unavailable; each says why below." in warnings
    assert "Scored offline because Gemini was unavailable: server error (HTTP 503)." in warnings
    usage = next(c.value for c in app.caption if c.value.startswith("Gemini:"))
    # questions, one evaluation, one failed evaluation (2 attempts, no tokens), the debrief
    assert "4 call(s), 1 failed · 360 input and 240 output tokens" in usage
    assert "estimated cost about $0.0007" in usage  # 360 × $0.30/M + 240 × $2.50/M
    assert any("Debrief written by gemini-2.5-flash" in c.value for c in app.caption)
    assert KEY not in str([e.value for e in app.main if hasattr(e, "value")])


def test_the_interview_page_shows_a_follow_up_after_a_weak_answer(fake, app, db, owner_id) -> None:
    with db.session() as session:
        interview = plan_interview(
            session=session,
            engine=build_services().engine,
            owner_id=owner_id,
            setup=InterviewSetup(job_role="Backend Engineer", question_count=3, audio_enabled=False),
            seed=1,
        )
        start_interview(session=session, owner_id=owner_id, interview_id=interview.id)
    app.query_params["interview"] = str(interview.id)
    app.switch_page("pages/interview.py").run()
    assert "Question 1 of 3" in app.get("progress")[0].proto.text
    app.text_area(key=app.text_area[0].key).input(ANSWER).run()
    app.button(key="interview_submit").click().run()
    assert not app.exception
    assert "Question 1 of 3" in app.get("progress")[0].proto.text  # a follow-up is part of its question
    assert any("A follow-up on your last answer" in c.value for c in app.caption)
    assert any("What happens to your limits when the API runs on ten machines?" in m.value for m in app.markdown)
