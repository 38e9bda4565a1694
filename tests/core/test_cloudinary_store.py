"""Recordings on Cloudinary through the real `cloudinary` SDK, against a local server on
127.0.0.1 that checks signatures the way Cloudinary does. No test reaches the internet."""

import logging

import pytest

from interview_core.errors import CoachError, NotFound
from interview_core.media import cloudinary as cloudinary_store
from interview_core.media.cloudinary import CloudinaryAccount, CloudinaryMediaStore
from interview_core.media.store import LocalMediaStore
from tests.fake_cloudinary import FakeCloudinary

RECORDING = bytes(range(256)) * 14  # 3,584 bytes


@pytest.fixture
def fake():
    server = FakeCloudinary()
    yield server
    server.close()


def store_for(fake, tmp_path, *, secret=None, queued=None, **options) -> CloudinaryMediaStore:
    account = CloudinaryAccount(fake.cloud, fake.api_key, secret or fake.api_secret, upload_prefix=fake.url)
    options.setdefault("first_wait_s", 0.01)
    on_queued = (lambda owner, reference: queued.append((owner, reference))) if queued is not None else None
    return CloudinaryMediaStore(account, local=LocalMediaStore(tmp_path / "local"), on_queued=on_queued, **options)


def test_an_upload_is_private_signed_and_plays_back_through_a_short_lived_url(fake, tmp_path) -> None:
    store = store_for(fake, tmp_path)
    reference = store.save(owner_id=7, data=RECORDING, suffix="webm")
    assert reference.startswith("cloudinary:7/") and reference.endswith(".webm")
    (asset,) = fake.assets.values()
    assert (asset.resource_type, asset.type, asset.data) == ("video", "authenticated", RECORDING)
    assert fake.rejected == []  # every request carried a valid signature
    url = store.playback_url(owner_id=7, reference=reference)
    assert "/video/download?" in url and "expires_at=" in url and "signature=" in url
    assert fake.api_secret not in url
    assert store.load(owner_id=7, reference=reference) == RECORDING
    store.delete(owner_id=7, reference=reference)
    assert fake.assets == {} and fake.requests[-1][0].endswith("/video/destroy")


def test_a_large_recording_goes_up_in_chunks_with_progress(fake, tmp_path) -> None:
    store = store_for(fake, tmp_path, chunk_bytes=1000)
    progress = []
    reference = store.save(owner_id=7, data=RECORDING, suffix="wav", on_progress=lambda done, _: progress.append(done))
    ranges = [headers.get("Content-Range") for _, _, headers in fake.requests]
    assert ranges == ["bytes 0-999/3584", "bytes 1000-1999/3584", "bytes 2000-2999/3584", "bytes 3000-3583/3584"]
    assert len({headers["X-Unique-Upload-Id"] for _, _, headers in fake.requests}) == 1
    assert progress == [1000, 2000, 3000, 3584]
    assert store.load(owner_id=7, reference=reference) == RECORDING


def test_a_failed_upload_is_retried(fake, tmp_path) -> None:
    fake.fail_uploads = 2
    reference = store_for(fake, tmp_path).save(owner_id=7, data=RECORDING, suffix="wav")
    assert reference.startswith("cloudinary:") and len(fake.requests) == 3


def test_a_failing_cloudinary_leaves_the_recording_playable_locally_and_queued(fake, tmp_path, caplog) -> None:
    fake.fail_uploads = 3
    queued = []
    store = store_for(fake, tmp_path, queued=queued)
    with caplog.at_level(logging.DEBUG):
        reference = store.save(owner_id=7, data=RECORDING, suffix="wav")
    assert reference.startswith("local:7/") and queued == [(7, reference)]
    assert store.load(owner_id=7, reference=reference) == RECORDING  # still playable
    assert store.playback_url(owner_id=7, reference=reference) is None  # the page plays the bytes
    assert fake.api_secret not in caplog.text


def test_wrong_credentials_are_refused_by_the_signature_check_and_nothing_is_lost(fake, tmp_path, caplog) -> None:
    store = store_for(fake, tmp_path, secret="a-wrong-secret")
    with caplog.at_level(logging.DEBUG):
        reference = store.save(owner_id=7, data=RECORDING, suffix="wav")
    assert fake.rejected == ["invalid signature"] and fake.assets == {}  # refused at once, not retried
    assert store.load(owner_id=7, reference=reference) == RECORDING
    assert "a-wrong-secret" not in caplog.text


def test_nobody_else_can_play_or_delete_a_recording(fake, tmp_path) -> None:
    store = store_for(fake, tmp_path)
    reference = store.save(owner_id=7, data=RECORDING, suffix="wav")
    for call in (store.load, store.delete, store.playback_url):
        with pytest.raises(NotFound):
            call(owner_id=8, reference=reference)
    assert len(fake.assets) == 1


def test_an_expired_playback_url_stops_working(fake, tmp_path, monkeypatch) -> None:
    store = store_for(fake, tmp_path)
    reference = store.save(owner_id=7, data=RECORDING, suffix="wav")
    monkeypatch.setattr(cloudinary_store, "URL_LIFETIME_S", -1)
    with pytest.raises(CoachError, match="HTTP 401"):
        store.load(owner_id=7, reference=reference)


def test_recordings_kept_locally_move_to_cloudinary_when_it_is_back(fake, tmp_path, database) -> None:
    from interview_core.domain import InterviewSetup
    from interview_core.engines.offline import OfflineEngine
    from interview_core.interview.flow import plan_interview
    from interview_core.media.sync import local_references, upload_pending
    from interview_core.storage import repository

    store = store_for(fake, tmp_path)
    with database.session() as session:
        owner = repository.local_user(session=session).id
        interview = plan_interview(
            session=session, engine=OfflineEngine(), owner_id=owner, seed=1,
            setup=InterviewSetup(job_role="Backend Engineer", question_count=3),
        )  # fmt: skip
        question = repository.list_questions(session=session, owner_id=owner, interview_id=interview.id)[0]
        fake.fail_uploads = 3
        local_ref = store.save(owner_id=owner, data=RECORDING, suffix="wav")
        repository.save_answer(session=session, owner_id=owner, question_id=question.id, text="x", media_ref=local_ref)
        session.commit()
        fake.fail_uploads = 3  # still down: nothing moves, nothing is lost
        assert upload_pending(session=session, store=store, owner_id=owner) == 0
        assert store.load(owner_id=owner, reference=local_ref) == RECORDING
        assert upload_pending(session=session, store=store, owner_id=owner) == 1  # back up
        (answer,) = repository.list_answers(session=session, owner_id=owner, interview_id=interview.id)
        assert answer.media_ref.startswith("cloudinary:") and local_references(session=session, owner_id=owner) == []
        assert store.load(owner_id=owner, reference=answer.media_ref) == RECORDING
    with pytest.raises(NotFound):
        store.local.load(owner_id=owner, reference=local_ref)


def test_cloudinary_is_chosen_by_its_settings_and_a_bad_url_is_named_not_echoed(monkeypatch, fake) -> None:
    from interview_core.config import get_settings, load_settings
    from interview_core.errors import ConfigurationError
    from interview_core.services import build_services

    monkeypatch.setenv("CLOUDINARY_URL", f"cloudinary://{fake.api_key}:{fake.api_secret}@{fake.cloud}")
    monkeypatch.setenv("CLOUDINARY_UPLOAD_PREFIX", fake.url)
    get_settings.cache_clear()
    services = build_services()
    assert services.media.name == "cloudinary" and services.describe()["recordings"] == "Cloudinary (private)"
    assert fake.api_secret not in repr(services.settings) + repr(services.describe())
    reference = services.media.save(owner_id=1, data=RECORDING, suffix="wav")
    assert reference.startswith("cloudinary:1/") and fake.rejected == []
    monkeypatch.setenv("CLOUDINARY_URL", "https://key:s3cr3t-value@cloud")
    with pytest.raises(ConfigurationError) as caught:
        load_settings().cloudinary_account()
    assert "CLOUDINARY_URL" in str(caught.value) and "s3cr3t-value" not in str(caught.value)
    monkeypatch.delenv("CLOUDINARY_URL")
    monkeypatch.setenv("CLOUDINARY_CLOUD_NAME", "demo")
    with pytest.raises(ConfigurationError, match="together"):
        load_settings().cloudinary_account()


def test_deleting_everything_removes_my_assets_no_row_names(fake, tmp_path, database, owners) -> None:
    from interview_core.account.privacy import delete_everything

    a, b = owners
    store = store_for(fake, tmp_path)
    store.save(owner_id=a, data=RECORDING, suffix="wav")  # stored, then a crash before its row
    theirs = store.save(owner_id=b, data=RECORDING, suffix="wav")
    with database.session() as session:
        assert delete_everything(session=session, media=store, owner_id=a)["recordings"] == 1
    assert [asset.public_id for asset in fake.assets.values()] == [f"interview-coach/{b}/" + theirs[-28:-4]]
    assert fake.rejected == []
