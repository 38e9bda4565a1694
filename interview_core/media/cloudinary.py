"""Recordings on Cloudinary, with the local folder as the safety net.

Uploads go through the official `cloudinary` SDK as `resource_type="video"` (Cloudinary files
audio there too) with `type="authenticated"`: nothing is public. Playback uses short-lived
signed download URLs. Files larger than one chunk go up in chunks (progress is reported per
chunk). A failed upload is retried with backoff; if it still fails the recording is saved in the
local folder and queued (`pending_upload`), so it is never lost and stays playable, and
`upload_pending` moves it later.

Every call passes the account's settings explicitly: the SDK's global configuration is never
touched, so several stores (and tests) can coexist in one process.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from interview_core.errors import CoachError, NotFound
from interview_core.media.store import LocalMediaStore, check_recording

log = logging.getLogger(__name__)

_REFERENCE = re.compile(r"^cloudinary:(\d+)/([A-Za-z0-9_-]{20,})\.(wav|webm|ogg|mp3|m4a|pdf)$")
FOLDER = "interview-coach"
CHUNK_BYTES = 6_000_000  # Cloudinary's minimum chunk is 5 MB; smaller files go up in one request
URL_LIFETIME_S = 600


@dataclass(frozen=True)
class CloudinaryAccount:
    cloud_name: str
    api_key: str
    api_secret: str  # never logged or shown
    upload_prefix: str | None = None  # another API address (a proxy, or a local test server)

    def options(self) -> dict[str, Any]:
        options = {"cloud_name": self.cloud_name, "api_key": self.api_key, "api_secret": self.api_secret}
        if self.upload_prefix:
            options["upload_prefix"] = self.upload_prefix
        return options


class UploadFailed(CoachError):
    pass


class CloudinaryMediaStore:
    """`MediaStore` on Cloudinary; local references (`local:…`) from failed uploads still work."""

    name = "cloudinary"

    def __init__(
        self,
        account: CloudinaryAccount,
        *,
        local: LocalMediaStore,
        attempts: int = 3,
        first_wait_s: float = 1.0,
        chunk_bytes: int = CHUNK_BYTES,
        timeout_s: float = 60.0,
        on_queued: Callable[[int, str], None] | None = None,
    ) -> None:
        self.account, self.local = account, local
        self.attempts, self.first_wait_s, self.chunk_bytes, self.timeout_s = (
            attempts,
            first_wait_s,
            chunk_bytes,
            timeout_s,
        )
        self.on_queued = on_queued  # (owner, local reference): remember to upload it later

    # --- references ---------------------------------------------------------------------------

    @staticmethod
    def _parse(owner_id: int, reference: str) -> tuple[str, str]:
        """(public id, format) of one of this owner's assets; anyone else's is not found."""
        match = _REFERENCE.match(reference)
        if not match or int(match.group(1)) != owner_id:
            raise NotFound("That recording was not found.")
        return f"{FOLDER}/{match.group(1)}/{match.group(2)}", match.group(3)

    # --- MediaStore -----------------------------------------------------------------------------

    def save(
        self, *, owner_id: int, data: bytes, suffix: str, on_progress: Callable[[int, int], None] | None = None
    ) -> str:
        """Upload; if Cloudinary keeps failing, keep it locally (queued for later) and say so in
        the log. Returns the reference either way: the recording is never lost."""
        check_recording(data)
        try:
            return self.upload(owner_id=owner_id, data=data, suffix=suffix, on_progress=on_progress)
        except UploadFailed as error:
            reference = self.local.save(owner_id=owner_id, data=data, suffix=suffix)
            log.warning("upload failed (%s); kept locally as %s and queued", error, reference)
            if self.on_queued is not None:
                self.on_queued(owner_id, reference)
            return reference

    def upload(
        self, *, owner_id: int, data: bytes, suffix: str, on_progress: Callable[[int, int], None] | None = None
    ) -> str:
        """Upload with retries, or raise UploadFailed."""
        import cloudinary.exceptions
        import cloudinary.uploader

        reference = f"cloudinary:{owner_id}/{secrets.token_urlsafe(18)}.{suffix.lstrip('.')}"
        public_id, _ = self._parse(owner_id, reference)
        options = {
            **self.account.options(),
            "public_id": public_id,
            "resource_type": "video",
            "type": "authenticated",
            "overwrite": False,
            "timeout": self.timeout_s,
        }
        last: Exception | None = None
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.first_wait_s * 2 ** (attempt - 1))
            try:
                self._send(data, options, on_progress)
                return reference
            except cloudinary.exceptions.AuthorizationRequired as error:
                raise UploadFailed(f"Cloudinary refused the credentials ({error})") from None
            except (cloudinary.exceptions.Error, OSError) as error:
                last = error
                log.info("upload attempt %d failed: %s", attempt + 1, error)
        raise UploadFailed(f"Cloudinary upload failed {self.attempts} times ({last})")

    def _send(self, data: bytes, options: dict[str, Any], on_progress: Callable[[int, int], None] | None) -> None:
        import cloudinary.uploader
        import cloudinary.utils

        if len(data) <= self.chunk_bytes:
            cloudinary.uploader.upload(data, **options)
            if on_progress:
                on_progress(len(data), len(data))
            return
        upload_id = cloudinary.utils.random_public_id()  # one id for all chunks: Cloudinary joins them
        for start in range(0, len(data), self.chunk_bytes):
            chunk = data[start : start + self.chunk_bytes]
            headers = {
                "Content-Range": f"bytes {start}-{start + len(chunk) - 1}/{len(data)}",
                "X-Unique-Upload-Id": upload_id,
            }
            cloudinary.uploader.upload_large_part(("recording", chunk), http_headers=headers, **options)
            if on_progress:
                on_progress(start + len(chunk), len(data))

    def playback_url(self, *, owner_id: int, reference: str) -> str | None:
        """A signed URL that stops working after URL_LIFETIME_S, or None for a local recording."""
        if reference.startswith("local:"):
            return None
        import cloudinary.utils

        public_id, fmt = self._parse(owner_id, reference)
        return cloudinary.utils.private_download_url(
            public_id,
            fmt,
            resource_type="video",
            type="authenticated",
            expires_at=int(time.time()) + URL_LIFETIME_S,
            **self.account.options(),
        )

    def load(self, *, owner_id: int, reference: str) -> bytes:
        url = self.playback_url(owner_id=owner_id, reference=reference)
        if url is None:  # kept locally (Cloudinary was down when it was saved)
            return self.local.load(owner_id=owner_id, reference=reference)
        try:
            with urllib.request.urlopen(url, timeout=self.timeout_s) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                raise NotFound("That recording was not found.") from None
            raise CoachError(f"The recording could not be fetched from Cloudinary (HTTP {error.code}).") from None
        except OSError as error:
            raise CoachError(
                f"The recording could not be fetched from Cloudinary ({error.__class__.__name__})."
            ) from None

    def delete(self, *, owner_id: int, reference: str) -> None:
        if reference.startswith("local:"):
            self.local.delete(owner_id=owner_id, reference=reference)
            return
        import cloudinary.exceptions
        import cloudinary.uploader

        public_id, _ = self._parse(owner_id, reference)
        try:
            cloudinary.uploader.destroy(
                public_id, resource_type="video", type="authenticated", invalidate=True, **self.account.options()
            )
        except cloudinary.exceptions.Error as error:
            raise CoachError(f"Cloudinary could not delete the recording ({error}); try again.") from None

    def delete_all(self, *, owner_id: int) -> int:
        """The owner's local files and every asset under their folder on Cloudinary."""
        import cloudinary.api
        import cloudinary.exceptions

        deleted = self.local.delete_all(owner_id=owner_id)
        try:
            result = cloudinary.api.delete_resources_by_prefix(
                f"{FOLDER}/{int(owner_id)}/", resource_type="video", type="authenticated", **self.account.options()
            )
        except cloudinary.exceptions.Error as error:
            raise CoachError(f"Cloudinary could not delete the recordings ({error}); try again.") from None
        return deleted + sum(1 for outcome in (result.get("deleted") or {}).values() if outcome == "deleted")
