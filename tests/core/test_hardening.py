"""What a careful tester broke, each fixed at its cause (issue: hardening): text that PostgreSQL
refused, ids past any key, unfinished interviews marked completed, recordings left behind,
identities cut short, another owner's interview in a model-call record, raw Markdown in reports."""

from __future__ import annotations

import io

import numpy as np
import pytest
from pypdf import PdfReader

from interview_core.account.privacy import delete_everything
from interview_core.domain import InterviewSetup, ModelCall
from interview_core.engines.offline import OfflineEngine
from interview_core.errors import InvalidInput, NotFound
from interview_core.interview.export import results_markdown, results_pdf
from interview_core.interview.flow import (
    end_interview,
    finish_interview,
    load_progress,
    plan_interview,
    receive_recording,
    start_interview,
    submit_answer,
)
from interview_core.interview.results import load_results
from interview_core.media.store import LocalMediaStore
from interview_core.speech.transcription import Transcript
from interview_core.storage import repository
from interview_core.storage.models import Answer
from interview_core.text_safety import displayable, markdown_text, storable

ENGINE = OfflineEngine()


def _interview(database, owner_id: int, **setup) -> int:
    setup.setdefault("job_role", "Backend Engineer")
    with database.session() as session:
        interview = plan_interview(
            session=session, engine=ENGINE, owner_id=owner_id, seed=3, setup=InterviewSetup(question_count=3, **setup)
        )
        start_interview(session=session, owner_id=owner_id, interview_id=interview.id)
    return interview.id


# --- text PostgreSQL refused, the same on both backends ------------------------------------------


def test_nul_characters_are_removed_before_storing_and_the_text_is_kept(database, owners) -> None:
    a, _ = owners
    interview_id = _interview(database, a, job_role="Back\x00end Engineer", company="Ac\x00me")
    with database.session() as session:
        question = repository.list_questions(session=session, owner_id=a, interview_id=interview_id)[0]
        submit_answer(
            session=session, engine=ENGINE, owner_id=a, question_id=question.id,
            text="An index\x00 is a B-tree\x01 that finds rows without a full scan.",
        )  # fmt: skip
    with database.session() as session:
        interview = repository.get_interview(session=session, owner_id=a, interview_id=interview_id)
        (answer,) = repository.list_answers(session=session, owner_id=a, interview_id=interview_id)
    assert interview.job_role == "Backend Engineer" and interview.company == "Acme"
    assert answer.text == "An index is a B-tree that finds rows without a full scan."
    assert answer.score is not None


def test_every_stored_text_is_cleaned_even_on_a_path_that_skips_validation(database, owners) -> None:
    a, _ = owners
    interview_id = _interview(database, a)
    with database.session() as session:
        question = repository.list_questions(session=session, owner_id=a, interview_id=interview_id)[0]
        answer = Answer(owner_id=a, interview_id=interview_id, question_id=question.id, text="x\x00y")
        answer.strengths = ["clear\x00", "fine"]
        answer.missed_reasons = {"point\x00": "said\x00 nothing"}
        session.add(answer)
    with database.session() as session:
        stored = repository.get_answer(session=session, owner_id=a, answer_id=answer.id)
    assert (stored.text, stored.strengths, stored.missed_reasons) == (
        "xy",
        ["clear", "fine"],
        {"point": "said nothing"},
    )


def test_a_template_name_over_the_limit_is_a_clear_message_on_both_backends(database, owners) -> None:
    a, _ = owners
    setup = InterviewSetup(job_role="Backend Engineer")
    with database.session() as session, pytest.raises(InvalidInput, match="Template name: at most 200 characters"):
        repository.create_template(session=session, owner_id=a, name="n" * 201, setup=setup)
    with database.session() as session:
        assert repository.create_template(session=session, owner_id=a, name="n" * 200, setup=setup).name == "n" * 200


def test_a_too_long_value_on_any_column_is_invalid_input_not_a_database_error(database, owners) -> None:
    a, _ = owners
    interview_id = _interview(database, a)
    with pytest.raises(InvalidInput, match="Title: at most 200 characters"), database.session() as session:
        interview = repository.get_interview(session=session, owner_id=a, interview_id=interview_id)
        interview.title = "t" * 201
        session.add(interview)
        session.flush()


def test_the_text_rules() -> None:
    assert storable("a\x00b\x07c\td\ne\r\x7f\x85\ud800") == "abc\td\ne\r"
    assert displayable("invoice\u202egnp.exe \u2066x\u2069 \u200fy") == "invoicegnp.exe x y"
    hostile = "1. ![x](http://evil/a.png) <script>alert(1)</script> [click](http://evil) **b** a & b"
    assert markdown_text(hostile) == (
        "1\\. \\!\\[x\\]\\(http://evil/a.png\\) \\<script\\>alert\\(1\\)\\</script\\> "
        "\\[click\\]\\(http://evil\\) \\*\\*b\\*\\* a \\& b"
    )


# --- ids from a URL -------------------------------------------------------------------------------


@pytest.mark.parametrize("interview_id", [9223372036854775808, 2**31, -1, 0, 10**30])
def test_an_id_past_any_key_is_not_found_not_a_crash(database, owners, interview_id) -> None:
    a, _ = owners
    with database.session() as session, pytest.raises(NotFound, match="was not found"):
        repository.get_interview(session=session, owner_id=a, interview_id=interview_id)
    with database.session() as session, pytest.raises(NotFound):
        repository.get_question(session=session, owner_id=a, question_id=interview_id)


# --- an unfinished interview stays unfinished ------------------------------------------------------


def test_an_interview_is_still_going_until_answered_or_ended(database, owners) -> None:
    a, _ = owners
    interview_id = _interview(database, a)
    with database.session() as session:
        first = repository.list_questions(session=session, owner_id=a, interview_id=interview_id)[0]
        submit_answer(session=session, engine=ENGINE, owner_id=a, question_id=first.id, text="A B-tree index.")
        progress = load_progress(session=session, owner_id=a, interview_id=interview_id)
        assert progress.still_going and progress.attempted == 1
        end_interview(session=session, owner_id=a, interview_id=interview_id)
        progress = load_progress(session=session, owner_id=a, interview_id=interview_id)
    assert not progress.still_going and progress.current_index == 1  # ended with two left


# --- recordings never left behind ----------------------------------------------------------------


class _Hears:
    def __init__(self, text: str) -> None:
        self.text = text

    def transcribe(self, audio: np.ndarray, *, vocabulary: list[str] | None = None) -> Transcript:
        return Transcript(text=self.text, words=[], duration_s=len(audio) / 16_000, language="en")


@pytest.mark.parametrize(
    ("data", "heard", "message"),
    [
        (b"RIFF" + bytes(300), "words", "could not be read"),  # a WAV header with nothing decodable
        (b"\x1a\x45\xdf\xa3garbage" * 40, "words", "could not be read"),
    ],
)
def test_a_recording_that_cannot_be_used_is_not_kept(tmp_path, data, heard, message) -> None:
    from interview_core.storage.models import Question

    store = LocalMediaStore(tmp_path / "media")
    question = Question(owner_id=7, interview_id=1, position=0, text="What is an index?", key_points=[])
    with pytest.raises(InvalidInput, match=message):
        receive_recording(media=store, transcriber=_Hears(heard), owner_id=7, question=question, data=data)
    assert not any((tmp_path / "media").rglob("*.*"))


def test_deleting_everything_removes_recordings_no_row_names(database, owners, tmp_path) -> None:
    a, b = owners
    store = LocalMediaStore(tmp_path / "media")
    orphan = store.save(owner_id=a, data=b"RIFF" + bytes(100), suffix="wav")  # stored, then a crash
    others = store.save(owner_id=b, data=b"RIFF" + bytes(100), suffix="wav")
    with database.session() as session:
        counts = delete_everything(session=session, media=store, owner_id=a)
    assert counts["recordings"] == 1
    with pytest.raises(NotFound):
        store.load(owner_id=a, reference=orphan)
    assert store.load(owner_id=b, reference=others)


# --- identities -------------------------------------------------------------------------------------


def test_long_identities_with_a_shared_beginning_are_two_people(database) -> None:
    issuer = "https://login.example.com/" + "tenant/" * 30
    with database.session() as session:
        first = repository.signed_in_user(session=session, claims={"iss": issuer, "sub": "a" * 300 + "1"})
        second = repository.signed_in_user(session=session, claims={"iss": issuer, "sub": "a" * 300 + "2"})
        again = repository.signed_in_user(session=session, claims={"iss": issuer, "sub": "a" * 300 + "1"})
    assert first.id != second.id and first.id == again.id
    assert first.external_id.startswith("oidc-sha256:") and len(first.external_id) == 12 + 64


def test_a_provider_without_a_subject_is_refused_even_with_an_email(database) -> None:
    with database.session() as session, pytest.raises(InvalidInput, match="no user id"):
        repository.signed_in_user(session=session, claims={"iss": "https://idp", "email": "a@x.org"})


def test_a_profile_from_before_hashing_keeps_its_data(database) -> None:
    with database.session() as session:
        old = repository.get_or_create_user(session=session, external_id="oidc:https://idp|42")
        now = repository.signed_in_user(session=session, claims={"iss": "https://idp", "sub": "42"})
    assert now.id == old.id and now.external_id.startswith("oidc-sha256:")


# --- model calls only on one's own interview --------------------------------------------------------


def test_model_calls_cannot_be_recorded_on_another_owners_interview(database, owners) -> None:
    a, b = owners
    theirs = _interview(database, b)
    call = ModelCall(purpose="evaluation", model="m", prompt_version="1", ok=True)
    with database.session() as session, pytest.raises(NotFound):
        repository.record_model_calls(session=session, owner_id=a, interview_id=theirs, calls=[call])


# --- reports carry text, never markup -----------------------------------------------------------------


def test_the_markdown_report_shows_hostile_text_as_text(database, owners) -> None:
    a, _ = owners
    hostile = "Eng <img src=x onerror=alert(1)> ![t](http://evil/t.png) \u202eexe"
    interview_id = _interview(database, a, job_role=hostile, title=hostile)
    with database.session() as session:
        first = repository.list_questions(session=session, owner_id=a, interview_id=interview_id)[0]
        submit_answer(session=session, engine=ENGINE, owner_id=a, question_id=first.id, text=hostile)
        end_interview(session=session, owner_id=a, interview_id=interview_id)
        finish_interview(session=session, engine=ENGINE, owner_id=a, interview_id=interview_id)
        results = load_results(session=session, owner_id=a, interview_id=interview_id)
    report = results_markdown(results)
    # Outside the answer's indented block (literal in Markdown), nothing is left unescaped.
    formatted = "\n".join(line for line in report.splitlines() if not line.startswith("    "))
    assert "<img" not in formatted.replace("\\<img", "") and "![t]" not in formatted
    assert "\u202e" not in report
    assert "# Eng \\<img src=x onerror=alert\\(1\\)\\> \\!\\[t\\]\\(http://evil/t.png\\) exe" in report
    first_page = PdfReader(io.BytesIO(results_pdf(results))).pages[0].extract_text()
    assert "Eng <img src=x onerror=alert(1)>" in first_page and "\\" not in first_page  # as typed, no escapes


def test_the_pdf_shows_an_answer_exactly_as_typed_backslashes_included(database, owners) -> None:
    a, _ = owners
    typed = r"Escape it as a\*b and keep the path C:\temp\logs, then match \d+ with a regex."
    interview_id = _interview(database, a)
    with database.session() as session:
        first = repository.list_questions(session=session, owner_id=a, interview_id=interview_id)[0]
        submit_answer(session=session, engine=ENGINE, owner_id=a, question_id=first.id, text=typed)
        end_interview(session=session, owner_id=a, interview_id=interview_id)
        finish_interview(session=session, engine=ENGINE, owner_id=a, interview_id=interview_id)
        results = load_results(session=session, owner_id=a, interview_id=interview_id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(results_pdf(results))).pages)
    assert typed.replace(" ", "") in text.replace(" ", "").replace("\n", "")


# --- the command line's exit codes for a database that will not open ---------------------------------


def test_db_upgrade_refused_by_the_server_is_a_configuration_error(capsys, monkeypatch, postgres_server_url) -> None:
    from sqlalchemy.engine import make_url

    from interview_core.cli import main
    from interview_core.config import get_settings

    server = make_url(postgres_server_url)
    refused = server.set(username="nobody", password="wrong-password-123", database="postgres")
    monkeypatch.setenv("DATABASE_URL", refused.render_as_string(hide_password=False))
    code = main(["db", "upgrade"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "refused the connection" in err and "DATABASE_URL" in err
    assert "wrong-password-123" not in err and "Traceback" not in err

    closed = server.set(port=1, database="postgres")  # nothing listens there
    monkeypatch.setenv("DATABASE_URL", closed.render_as_string(hide_password=False))
    get_settings.cache_clear()
    code = main(["db", "upgrade"])
    err = capsys.readouterr().err
    assert code == 1 and "Cannot open the database" in err and "unexpected" not in err


def test_the_recorder_is_there_at_once_for_a_candidate_who_speaks(database, owners) -> None:
    from interview_core.interview.flow import speaking_already

    a, _ = owners
    interview_id = _interview(database, a)
    with database.session() as session:
        first, second, _ = repository.list_questions(session=session, owner_id=a, interview_id=interview_id)
        progress = load_progress(session=session, owner_id=a, interview_id=interview_id)
        assert not speaking_already(session=session, owner_id=a, progress=progress, question_id=first.id)
        repository.start_take(session=session, owner_id=a, question_id=first.id, spool=None)  # kept through a crash
        assert speaking_already(session=session, owner_id=a, progress=progress, question_id=first.id)
        submit_answer(session=session, engine=ENGINE, owner_id=a, question_id=first.id, text="Said aloud.",
                      is_transcript=True)  # fmt: skip
        progress = load_progress(session=session, owner_id=a, interview_id=interview_id)
        assert speaking_already(session=session, owner_id=a, progress=progress, question_id=second.id)


def test_invalid_setups_are_named_in_plain_words_without_echoing_them() -> None:
    from pydantic import ValidationError

    from interview_core.domain import InterviewSetup
    from interview_core.errors import validation_message

    names = {"job_role": "Job role", "question_count": "Number of questions"}
    with pytest.raises(ValidationError) as raised:
        InterviewSetup(job_role="   ", question_count=11)
    assert validation_message(raised.value, names) == "Job role is required; Number of questions: at most 10"
    with pytest.raises(ValidationError) as raised:
        InterviewSetup(job_role="Q" * 500 + "secret-ish")
    message = validation_message(raised.value, names)
    assert message.startswith("Job role: at most") and "secret-ish" not in message
