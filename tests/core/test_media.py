from pathlib import Path

import pytest

from interview_core.errors import InvalidInput, NotFound
from interview_core.media.store import LocalMediaStore


def test_recordings_round_trip_under_unguessable_names(tmp_path: Path) -> None:
    store = LocalMediaStore(tmp_path)
    first = store.save(owner_id=1, data=b"RIFF-one", suffix="wav")
    second = store.save(owner_id=1, data=b"RIFF-two", suffix=".wav")
    assert first != second and first.startswith("local:1/") and len(first) > 30
    assert store.load(owner_id=1, reference=first) == b"RIFF-one"
    assert not list(tmp_path.rglob("*.part"))
    store.delete(owner_id=1, reference=first)
    with pytest.raises(NotFound):
        store.load(owner_id=1, reference=first)


def test_another_owner_cannot_load_or_delete_a_recording(tmp_path: Path) -> None:
    store = LocalMediaStore(tmp_path)
    mine = store.save(owner_id=1, data=b"private", suffix="wav")
    for attempt in (lambda: store.load(owner_id=2, reference=mine), lambda: store.delete(owner_id=2, reference=mine)):
        with pytest.raises(NotFound):
            attempt()
    forged = mine.replace("local:1/", "local:2/")
    with pytest.raises(NotFound):
        store.load(owner_id=2, reference=forged)
    for hostile in ("local:1/../../etc/passwd.wav", "/etc/passwd", "local:1/short.wav"):
        with pytest.raises(NotFound):
            store.load(owner_id=1, reference=hostile)
    assert store.load(owner_id=1, reference=mine) == b"private"


def test_empty_recordings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        LocalMediaStore(tmp_path).save(owner_id=1, data=b"", suffix="wav")
