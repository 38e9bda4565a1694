"""Deleting and exporting a candidate's data: rows and recordings together (local folder and
Cloudinary), never another owner's, and an export that holds everything."""

import io
import json
import zipfile
from datetime import timedelta

import pytest

from interview_core.account.privacy import (
    delete_everything,
    delete_interview_everywhere,
    expire_recordings,
    export_zip,
    interview_media,
)
from interview_core.domain import InterviewSetup
from interview_core.engines.offline import OfflineEngine
from interview_core.errors import NotFound
from interview_core.interview.flow import finish_interview, plan_interview, submit_answer
from interview_core.media.cloudinary import CloudinaryAccount, CloudinaryMediaStore
from interview_core.media.store import LocalMediaStore
from interview_core.resume.store import list_resumes, read_resume, save_resume
from interview_core.storage import repository
from interview_core.storage.models import utcnow
from tests.fake_cloudinary import FakeCloudinary

AUDIO = b"RIFF" + bytes(range(200)) * 5
ANSWER = "An index is a B-tree that lets the database find rows without scanning the whole table."


@pytest.fixture
def local(tmp_path) -> LocalMediaStore:
    return LocalMediaStore(tmp_path / "media")


def interview_with_recording(database, media, owner_id: int) -> tuple[int, str]:
    with database.session() as session:
        interview = plan_interview(
            session=session, engine=OfflineEngine(), owner_id=owner_id, seed=1,
            setup=InterviewSetup(job_role="Backend Engineer", question_count=3),
        )  # fmt: skip
        question = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview.id)[0]
        take = repository.start_take(session=session, owner_id=owner_id, question_id=question.id, spool=None)
        ref = media.save(owner_id=owner_id, data=AUDIO, suffix="wav")
        repository.finish_take(session=session, owner_id=owner_id, take_id=take.id, media_ref=ref)
        repository.add_turn(
            session=session, owner_id=owner_id, interview_id=interview.id, question_id=question.id,
            speaker="interviewer", text=question.text,
        )  # fmt: skip
        session.commit()
        submit_answer(
            session=session, engine=OfflineEngine(), owner_id=owner_id, question_id=question.id, text=ANSWER,
            media_ref=ref, is_transcript=True,
        )  # fmt: skip
        finish_interview(session=session, engine=OfflineEngine(), owner_id=owner_id, interview_id=interview.id)
    return interview.id, ref


def test_deleting_an_interview_removes_its_rows_and_recordings_and_nothing_of_anyone_else(
    database, owners, local
) -> None:
    a, b = owners
    mine, my_ref = interview_with_recording(database, local, a)
    theirs, their_ref = interview_with_recording(database, local, b)
    with database.session() as session:
        with pytest.raises(NotFound):  # b cannot delete a's interview
            delete_interview_everywhere(session=session, media=local, owner_id=b, interview_id=mine)
        assert local.load(owner_id=a, reference=my_ref) == AUDIO
        assert delete_interview_everywhere(session=session, media=local, owner_id=a, interview_id=mine) == 1
    with database.session() as session:
        with pytest.raises(NotFound):
            repository.get_interview(session=session, owner_id=a, interview_id=mine)
        assert repository.get_interview(session=session, owner_id=b, interview_id=theirs)
    with pytest.raises(NotFound):
        local.load(owner_id=a, reference=my_ref)
    assert local.load(owner_id=b, reference=their_ref) == AUDIO


def test_deleting_everything_of_mine_leaves_the_others_alone(database, owners, local) -> None:
    a, b = owners
    interview_with_recording(database, local, a)
    interview_with_recording(database, local, a)
    theirs, their_ref = interview_with_recording(database, local, b)
    with database.session() as session:
        read = read_resume(text="SKILLS\nPython, Go, Kubernetes and Redis\n" * 2)
        save_resume(session=session, media=local, owner_id=a, name="cv.pdf", read=read, file=b"%PDF-1.7 cv")
        save_resume(session=session, media=local, owner_id=b, name="cv.pdf", read=read)
        repository.create_template(
            session=session, owner_id=a, name="mine", setup=InterviewSetup(job_role="Backend Engineer")
        )
    with database.session() as session:
        counts = delete_everything(session=session, media=local, owner_id=a)
    assert counts == {"interviews": 2, "recordings": 2, "resumes": 1, "templates": 1}
    with database.session() as session:
        assert repository.list_interviews(session=session, owner_id=a) == []
        assert list_resumes(session=session, owner_id=a) == [] and len(list_resumes(session=session, owner_id=b)) == 1
        assert [i.id for i in repository.list_interviews(session=session, owner_id=b)] == [theirs]
    assert not any((local.root / str(a)).glob("*"))  # no file of mine is left
    assert local.load(owner_id=b, reference=their_ref) == AUDIO


def test_an_export_holds_everything_of_mine_and_nothing_else(database, owners, local) -> None:
    a, b = owners
    mine, my_ref = interview_with_recording(database, local, a)
    interview_with_recording(database, local, b)
    with database.session() as session:
        read = read_resume(text="EXPERIENCE\nData Engineer (2019 - 2023)\nSKILLS\nPython, Spark\n")
        save_resume(session=session, media=local, owner_id=a, name="cv.pdf", read=read, file=b"%PDF-1.7 my cv")
        archive = zipfile.ZipFile(io.BytesIO(export_zip(session=session, media=local, owner_id=a)))
    names = set(archive.namelist())
    recording = f"interview-{mine}/recordings/{my_ref.rsplit('/', 1)[-1]}"
    assert {"data.json", f"interview-{mine}/report.md", f"interview-{mine}/transcript.txt", recording} <= names
    assert archive.read(recording) == AUDIO  # the round trip: the same bytes come back
    data = json.loads(archive.read("data.json"))
    (interview,) = data["interviews"]
    assert interview["id"] == mine and len(interview["questions"]) == 3
    assert interview["answers"][0]["text"] == ANSWER and interview["report"]["overall_score"] >= 0
    assert [turn["speaker"] for turn in interview["conversation"]] == ["interviewer"]
    assert data["resumes"][0]["profile"]["skills"] == ["Python", "Spark"]
    assert any(name.startswith("resumes/") for name in names)
    assert ANSWER in archive.read(f"interview-{mine}/transcript.txt").decode()
    assert "owner_id" not in json.dumps(data)
    with database.session() as session:  # b's export has none of a's
        theirs = zipfile.ZipFile(io.BytesIO(export_zip(session=session, media=local, owner_id=b)))
    assert f"interview-{mine}/report.md" not in theirs.namelist()
    their_data = json.loads(theirs.read("data.json"))
    assert mine not in [i["id"] for i in their_data["interviews"]] and their_data["resumes"] == []


def test_old_recordings_expire_and_the_transcripts_stay(database, owners, local) -> None:
    a, _ = owners
    mine, ref = interview_with_recording(database, local, a)
    with database.session() as session:
        assert expire_recordings(session=session, media=local, owner_id=a, days=30) == 0
        later = utcnow() + timedelta(days=31)
        assert expire_recordings(session=session, media=local, owner_id=a, days=30, now=later) == 2  # answer, take
        answers = repository.list_answers(session=session, owner_id=a, interview_id=mine)
    assert answers[0].media_ref is None and answers[0].text == ANSWER
    with pytest.raises(NotFound):
        local.load(owner_id=a, reference=ref)


def test_deleting_an_interview_destroys_its_cloudinary_assets(database, owners, tmp_path) -> None:
    fake = FakeCloudinary()
    try:
        account = CloudinaryAccount(fake.cloud, fake.api_key, fake.api_secret, upload_prefix=fake.url)
        store = CloudinaryMediaStore(account, local=LocalMediaStore(tmp_path / "local"), first_wait_s=0.01)
        a, _ = owners
        mine, ref = interview_with_recording(database, store, a)
        assert len(fake.assets) == 1
        with database.session() as session:
            assert interview_media(session=session, owner_id=a, interview_id=mine) == [ref]
            delete_interview_everywhere(session=session, media=store, owner_id=a, interview_id=mine)
        assert fake.assets == {} and fake.rejected == []
    finally:
        fake.close()
