"""The candidate's control over their data: delete one interview or everything, export it all,
let old recordings expire, and the upkeep a session start does (expire, then move recordings kept
locally up to Cloudinary).

Deleting goes through rows and files together: the recordings (local files or Cloudinary assets)
are removed first, and only then the rows, so a recording can never outlive the row that names
it unnoticed. Every function takes the owner; nothing here can reach another owner's data.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from interview_core.interview.export import results_markdown
from interview_core.interview.results import load_results
from interview_core.media.cloudinary import CloudinaryMediaStore
from interview_core.media.store import MediaStore
from interview_core.media.sync import upload_pending
from interview_core.storage import repository
from interview_core.storage.database import Database
from interview_core.storage.models import Interview, Resume, Template, row_id, utcnow

log = logging.getLogger(__name__)


def interview_media(*, session: Session, owner_id: int, interview_id: int) -> list[str]:
    """Every recording of one interview: its answers' and its voice takes' (no duplicates)."""
    questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)
    answers = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)
    takes = repository.takes_of_questions(
        session=session, owner_id=owner_id, question_ids=[row_id(q) for q in questions]
    )
    refs = [a.media_ref for a in answers] + [t.media_ref for t in takes]
    return list(dict.fromkeys(ref for ref in refs if ref))


def delete_interview_everywhere(*, session: Session, media: MediaStore, owner_id: int, interview_id: int) -> int:
    """Delete an interview: its recordings (wherever they are stored), then its rows. Returns the
    number of recordings deleted."""
    refs = interview_media(session=session, owner_id=owner_id, interview_id=interview_id)
    for ref in refs:
        media.delete(owner_id=owner_id, reference=ref)
    repository.delete_interview(session=session, owner_id=owner_id, interview_id=interview_id)
    session.commit()
    return len(refs)


def delete_everything(*, session: Session, media: MediaStore, owner_id: int) -> dict[str, int]:
    """Every interview (with its recordings), resume (with its file) and template of this owner.
    The profile itself stays, empty, so the app keeps working."""
    counts = {"interviews": 0, "recordings": 0, "resumes": 0, "templates": 0}
    for interview in repository.list_owned(session=session, owner_id=owner_id, table=Interview):
        counts["recordings"] += delete_interview_everywhere(
            session=session, media=media, owner_id=owner_id, interview_id=row_id(interview)
        )
        counts["interviews"] += 1
    for resume in repository.list_owned(session=session, owner_id=owner_id, table=Resume):
        if resume.media_ref:
            media.delete(owner_id=owner_id, reference=resume.media_ref)
        session.delete(resume)
        counts["resumes"] += 1
    for template in repository.list_owned(session=session, owner_id=owner_id, table=Template):
        session.delete(template)
        counts["templates"] += 1
    session.commit()
    # Last, whatever no row names (a recording stored just before a crash, before its row was
    # written): "everything" means every file of theirs.
    counts["recordings"] += media.delete_all(owner_id=owner_id)
    return counts


def _row(model: Any, *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    # Enum columns come back from the database as plain strings: exactly what JSON wants.
    return {k: v for k, v in model.model_dump(mode="json", warnings=False).items() if k not in drop}


def export_zip(*, session: Session, media: MediaStore, owner_id: int) -> bytes:
    """Everything of this owner as a ZIP: `data.json` (interviews with questions, answers and
    reports; resumes; templates), one Markdown report and one transcript file per interview,
    and the recordings themselves."""
    buffer = io.BytesIO()
    data: dict[str, Any] = {"exported_at": utcnow().isoformat(), "interviews": [], "resumes": [], "templates": []}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        interviews = repository.list_owned(session=session, owner_id=owner_id, table=Interview)
        for interview in interviews:
            results = load_results(session=session, owner_id=owner_id, interview_id=row_id(interview))
            questions = [o.question for o in results.outcomes]
            answers = repository.list_answers(session=session, owner_id=owner_id, interview_id=row_id(interview))
            entry = _row(interview, drop=("owner_id",))
            entry["questions"] = [_row(q, drop=("owner_id",)) for q in questions]
            entry["answers"] = [_row(a, drop=("owner_id",)) for a in answers]
            entry["report"] = _row(results.report, drop=("owner_id",)) if results.report else None
            turns = repository.list_turns(session=session, owner_id=owner_id, interview_id=row_id(interview))
            entry["conversation"] = [_row(t, drop=("owner_id",)) for t in turns]
            data["interviews"].append(entry)
            folder = f"interview-{interview.id}"
            archive.writestr(f"{folder}/report.md", results_markdown(results))
            transcript = [
                f"{o.title}: {o.question.text}\n\n{o.answer.text if o.answer else '(not answered)'}\n"
                for o in results.outcomes
            ]
            archive.writestr(f"{folder}/transcript.txt", "\n".join(transcript))
            for ref in interview_media(session=session, owner_id=owner_id, interview_id=row_id(interview)):
                name = ref.rsplit("/", 1)[-1]
                archive.writestr(f"{folder}/recordings/{name}", media.load(owner_id=owner_id, reference=ref))
        for resume in repository.list_owned(session=session, owner_id=owner_id, table=Resume):
            data["resumes"].append(_row(resume, drop=("owner_id",)))
            if resume.media_ref:
                archive.writestr(f"resumes/{resume.id}.pdf", media.load(owner_id=owner_id, reference=resume.media_ref))
        for template in repository.list_owned(session=session, owner_id=owner_id, table=Template):
            data["templates"].append(_row(template, drop=("owner_id",)))
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
    return buffer.getvalue()


def expire_recordings(
    *, session: Session, media: MediaStore, owner_id: int, days: int, now: datetime | None = None
) -> int:
    """Delete this owner's recordings older than `days` (the transcripts and scores stay).
    Returns how many were deleted."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    expired = 0
    rows = repository.recordings_before(session=session, owner_id=owner_id, cutoff=cutoff)
    for row in rows:
        if row.media_ref:
            media.delete(owner_id=owner_id, reference=row.media_ref)
        row.media_ref = None
        session.add(row)
        expired += 1
    session.commit()
    return expired


def upkeep_needed(media: MediaStore, retention_days: int | None) -> bool:
    """Whether a session start has anything to do (most local installs do not)."""
    return bool(retention_days) or isinstance(media, CloudinaryMediaStore)


def upkeep(*, database: Database, media: MediaStore, owner_id: int, retention_days: int | None) -> dict[str, int]:
    """What a session start does for its owner, off the page's thread: expire old recordings
    (if a retention is set) and move recordings kept locally up to Cloudinary (if configured)."""
    done = {"expired": 0, "uploaded": 0}
    try:
        with database.session() as session:
            if retention_days:
                done["expired"] = expire_recordings(
                    session=session, media=media, owner_id=owner_id, days=retention_days
                )
            if isinstance(media, CloudinaryMediaStore):
                done["uploaded"] = upload_pending(session=session, store=media, owner_id=owner_id)
    except Exception:
        log.exception("recording upkeep failed for owner %s; it runs again next session", owner_id)
    return done
