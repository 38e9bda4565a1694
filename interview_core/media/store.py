"""Where recordings live: the local folder by default; Cloudinary (cloudinary_store.py) when configured.

A reference names the owner, so one owner can never open or delete another's file: every call
takes the owner and refuses a reference that is not theirs, exactly like the repository.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from interview_core.errors import InvalidInput, NotFound

MAX_RECORDING_BYTES = 50_000_000
_REFERENCE = re.compile(r"^local:(\d+)/([A-Za-z0-9_-]{20,})\.(wav|webm|ogg|mp3|m4a|pdf)$")


def check_recording(data: bytes) -> None:
    """What every store refuses: an empty recording, or one over the size limit."""
    if not data:
        raise InvalidInput("The recording is empty: record the answer again.")
    if len(data) > MAX_RECORDING_BYTES:
        raise InvalidInput(f"The recording is larger than {MAX_RECORDING_BYTES // 1_000_000} MB.")


class MediaStore(Protocol):
    name: str

    def save(
        self, *, owner_id: int, data: bytes, suffix: str, on_progress: Callable[[int, int], None] | None = None
    ) -> str:
        """Store and return a reference; `on_progress(bytes done, total)` as it goes."""
        ...

    def load(self, *, owner_id: int, reference: str) -> bytes: ...

    def delete(self, *, owner_id: int, reference: str) -> None: ...

    def playback_url(self, *, owner_id: int, reference: str) -> str | None:
        """A short-lived link the browser can play, or None: then the page sends the bytes."""
        ...

    def delete_all(self, *, owner_id: int) -> int:
        """Every file of this owner, whether a row names it or not (one left by a crash, say).
        Returns how many were deleted where the store can tell."""
        ...


class LocalMediaStore:
    """Files under `<root>/<owner id>/<random id>.<suffix>`: names cannot be guessed."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, owner_id: int, reference: str) -> Path:
        match = _REFERENCE.match(reference)
        if not match or int(match.group(1)) != owner_id:
            raise NotFound("That recording was not found.")
        return self.root / match.group(1) / f"{match.group(2)}.{match.group(3)}"

    def save(
        self, *, owner_id: int, data: bytes, suffix: str, on_progress: Callable[[int, int], None] | None = None
    ) -> str:
        check_recording(data)
        reference = f"local:{owner_id}/{secrets.token_urlsafe(18)}.{suffix.lstrip('.')}"
        path = self._path(owner_id, reference)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)  # a crash leaves no half-written recording behind
        if on_progress:
            on_progress(len(data), len(data))
        return reference

    def load(self, *, owner_id: int, reference: str) -> bytes:
        path = self._path(owner_id, reference)
        if not path.is_file():
            raise NotFound("That recording was not found.")
        return path.read_bytes()

    def delete(self, *, owner_id: int, reference: str) -> None:
        self._path(owner_id, reference).unlink(missing_ok=True)

    def playback_url(self, *, owner_id: int, reference: str) -> str | None:
        self._path(owner_id, reference)  # still refuses another owner's reference
        return None

    def delete_all(self, *, owner_id: int) -> int:
        folder = self.root / str(int(owner_id))
        deleted = 0
        if folder.is_dir():
            for path in folder.iterdir():
                if path.is_file():
                    path.unlink(missing_ok=True)
                    deleted += 1
        return deleted
