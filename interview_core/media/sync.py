"""Recordings kept locally because Cloudinary was unavailable, moved up once it is back.

With Cloudinary configured every `local:` reference is one of those: each is uploaded, every row
that names it (answers, voice takes, resumes) is pointed at the new reference, and only then is
the local file removed, so the recording is reachable at every moment.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from interview_core.media.cloudinary import CloudinaryMediaStore, UploadFailed
from interview_core.storage import repository

log = logging.getLogger(__name__)


def local_references(*, session: Session, owner_id: int) -> list[str]:
    rows = repository.rows_naming_media(session=session, owner_id=owner_id, prefix="local:")
    return list(dict.fromkeys(row.media_ref for row in rows if row.media_ref))


def upload_pending(*, session: Session, store: CloudinaryMediaStore, owner_id: int) -> int:
    """Move this owner's locally kept recordings to Cloudinary; stops at the first failure (it is
    still down) and returns how many moved."""
    moved = 0
    for local_ref in local_references(session=session, owner_id=owner_id):
        data = store.local.load(owner_id=owner_id, reference=local_ref)
        try:
            remote = store.upload(owner_id=owner_id, data=data, suffix=local_ref.rsplit(".", 1)[-1])
        except UploadFailed as error:
            log.info("Cloudinary is still unavailable (%s); %s stays local for now", error, local_ref)
            break
        for row in repository.rows_naming_media(session=session, owner_id=owner_id, prefix=local_ref):
            if row.media_ref == local_ref:
                row.media_ref = remote
                session.add(row)
        session.commit()
        store.local.delete(owner_id=owner_id, reference=local_ref)
        moved += 1
    return moved
