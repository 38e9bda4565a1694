"""A candidate's resumes: read once, kept with their owner, reused by later interviews, deleted on
request (the row and, if it was kept, the file)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from interview_core.errors import InvalidInput
from interview_core.media.store import MediaStore
from interview_core.resume.pdf_text import MAX_CHARS, clean_text, read_pdf
from interview_core.resume.profile import ResumeProfile, extract_profile, job_requirements, skill_gaps
from interview_core.skills import skill_tags
from interview_core.storage import repository
from interview_core.storage.models import Resume, row_id

PASTED = "Pasted text"


@dataclass(frozen=True)
class ReadResume:
    text: str
    pages: int | None
    truncated: bool
    profile: ResumeProfile


def read_resume(*, data: bytes | None = None, text: str = "", today: date | None = None) -> ReadResume:
    """A PDF's bytes or pasted text → its text and profile; PdfProblem/InvalidInput say what is wrong."""
    if data is not None:
        parsed = read_pdf(data)
        return ReadResume(parsed.text, parsed.pages, parsed.truncated, extract_profile(parsed.text, today=today))
    cleaned = clean_text(text)
    if len(cleaned) < 20:
        raise InvalidInput("The pasted resume is empty or too short: paste its full text.")
    return ReadResume(cleaned[:MAX_CHARS], None, len(cleaned) > MAX_CHARS, extract_profile(cleaned, today=today))


def save_resume(
    *,
    session: Session,
    media: MediaStore,
    owner_id: int,
    name: str,
    read: ReadResume,
    file: bytes | None = None,
) -> Resume:
    """Store the text and profile; the file too only when given (the candidate agreed)."""
    reference = media.save(owner_id=owner_id, data=file, suffix="pdf") if file else None
    resume = Resume(
        owner_id=owner_id,
        name=(name or PASTED)[:200],
        text=read.text,
        profile=read.profile.model_dump(mode="json"),
        pages=read.pages,
        media_ref=reference,
    )
    session.add(resume)
    session.flush()
    return resume


def list_resumes(*, session: Session, owner_id: int) -> list[Resume]:
    """Newest first."""
    resumes = repository.list_owned(session=session, owner_id=owner_id, table=Resume)
    return sorted(resumes, key=lambda resume: (resume.created_at, row_id(resume)), reverse=True)


def get_resume(*, session: Session, owner_id: int, resume_id: int) -> Resume:
    return repository.get_resume(session=session, owner_id=owner_id, resume_id=resume_id)


def profile_of(resume: Resume) -> ResumeProfile:
    return ResumeProfile.model_validate(resume.profile)


def delete_resume(*, session: Session, media: MediaStore, owner_id: int, resume_id: int) -> None:
    """The row, and the kept file if any: both go, or (if the row cannot be deleted) neither."""
    resume = get_resume(session=session, owner_id=owner_id, resume_id=resume_id)
    reference = resume.media_ref
    session.delete(resume)
    session.flush()
    if reference:
        media.delete(owner_id=owner_id, reference=reference)


def asked_about(skills: list[str], questions: list[tuple[str, list[str]]]) -> tuple[list[str], list[str]]:
    """Of `skills`, (those some question asks about, those none does); `questions` as (text, tags).
    A question asks about a skill when it carries the skill's tag or names it."""
    covered, missing = [], []
    for skill in skills:
        tags = set(skill_tags([skill]))
        named = re.compile(rf"(?<![\w.+#]){re.escape(skill)}(?![\w+#])", re.IGNORECASE)
        if any(tags & set(q_tags) or named.search(text) for text, q_tags in questions):
            covered.append(skill)
        else:
            missing.append(skill)
    return covered, missing


def job_fit(job_description: str, resume: Resume | None) -> tuple[list[str], list[str]]:
    """(skills the job asks for, those of them the resume does not show); without a resume, no gaps."""
    job = job_requirements(job_description)
    gaps = skill_gaps(profile_of(resume), job) if resume is not None else []
    return list(job.skills), list(gaps)
