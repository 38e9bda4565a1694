"""Answering out loud through st.audio_input: the recording is kept, transcribed, editable, and
the submitted answer carries the recording and the spoken timing."""

import shutil
import subprocess
from pathlib import Path

import pytest

from interview_core.interview.flow import load_progress
from interview_core.storage import repository
from tests.pages.conftest import started_interview


def speak(text: str, path: Path) -> bytes:
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "120", "-g", "6", "-w", str(path), text], check=True)
    return path.read_bytes()


def test_a_spoken_answer_is_saved_transcribed_and_submitted_with_its_recording(app, db, owner_id, tmp_path) -> None:
    interview_id = started_interview(db, owner_id, interview_type="technical")
    with db.session() as session:
        question = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)[0]
    spoken = question.key_points[0]  # the candidate says the first thing a strong answer says
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/interview.py").run()
    app.radio(key=f"interview_answer_by_{interview_id}").set_value("speaking").run()
    app.audio_input[0].set_value(("answer.wav", speak(spoken, tmp_path / "answer.wav"), "audio/wav")).run()
    assert not app.exception and not app.warning
    transcript = app.text_area[0].value
    expected = {w.strip(".,").lower() for w in spoken.split() if len(w) > 4}
    heard = {w.strip(".,").lower() for w in transcript.split()}
    assert len(expected & heard) >= len(expected) / 2, (spoken, transcript)
    app.text_area[0].input(transcript + " Mypy checks them before the code runs.")  # the candidate corrects it
    app.button(key="interview_submit").click().run()
    assert not app.exception
    with db.session() as session:
        (answer,) = load_progress(session=session, owner_id=owner_id, interview_id=interview_id).latest.values()
    assert answer.text.endswith("Mypy checks them before the code runs.")
    assert answer.is_transcript and answer.media_ref.startswith(f"local:{owner_id}/")
    assert answer.delivery["speaking_time_s"] > 2  # pace and pauses come from the spoken words

    app.button(key="interview_end").click().run()  # one answer is enough for today
    assert not app.exception
    assert len(app.get("audio")) == 1  # the recording plays beside the transcript


def test_a_silent_recording_is_a_clear_message_and_nothing_is_submitted(app, db, owner_id, tmp_path) -> None:
    silent = tmp_path / "silence.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(silent), "trim", "0", "2"], check=True)
    interview_id = started_interview(db, owner_id)
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/interview.py").run()
    app.radio(key=f"interview_answer_by_{interview_id}").set_value("speaking").run()
    app.audio_input[0].set_value(("silence.wav", silent.read_bytes(), "audio/wav")).run()
    assert not app.exception
    assert "No speech was heard" in app.warning[0].value
    with db.session() as session:
        assert repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id) == []


def test_discarding_a_recording_empties_the_box_and_the_next_answer_is_typed(app, db, owner_id, tmp_path) -> None:
    interview_id = started_interview(db, owner_id, interview_type="technical")
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/interview.py").run()
    app.radio(key=f"interview_answer_by_{interview_id}").set_value("speaking").run()
    app.audio_input[0].set_value(("answer.wav", speak("An index speeds up reads.", tmp_path / "a.wav"), "audio/wav"))
    app.run()
    assert app.text_area[0].value
    app.button(key="interview_discard").click().run()
    assert not app.exception
    assert app.text_area[0].value == ""
    app.text_area[0].input("A typed answer instead.")
    app.button(key="interview_submit").click().run()
    with db.session() as session:
        (answer,) = load_progress(session=session, owner_id=owner_id, interview_id=interview_id).latest.values()
    assert answer.text == "A typed answer instead."
    assert not answer.is_transcript and answer.media_ref is None  # the discarded recording is not attached


def test_a_live_take_after_a_whole_recording_adds_to_it_and_the_recording_is_not_applied_again(
    app, db, owner_id, tmp_path
) -> None:
    from interview_core.storage.models import VoiceTake, utcnow

    interview_id = started_interview(db, owner_id, interview_type="technical")
    with db.session() as session:
        question = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)[0]
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/interview.py").run()
    app.radio(key=f"interview_answer_by_{interview_id}").set_value("speaking").run()
    app.audio_input[0].set_value(("a.wav", speak("An index speeds up reads.", tmp_path / "a.wav"), "audio/wav"))
    app.run()
    recorded = app.text_area[0].value
    assert "index" in recorded.lower()
    # A live take finishes (the WebRTC path, which AppTest cannot drive): what it said is in the database.
    with db.session() as session:
        session.add(
            VoiceTake(
                owner_id=owner_id,
                question_id=question.id,
                stopped_at=utcnow(),
                segments=[{"start_s": 0.0, "end_s": 1.0, "text": "Writes get slower.", "words": []}],
            )
        )
        session.commit()
    app.run()
    assert app.text_area[0].value == f"{recorded} Writes get slower."
    app.run()
    assert app.text_area[0].value == f"{recorded} Writes get slower."
