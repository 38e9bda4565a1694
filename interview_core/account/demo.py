"""Sample data for a demo on a fresh install: templates and a few scored interviews spread over
the last weeks, so the history and trend charts have something to show."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from interview_core.account.privacy import delete_interview_everywhere
from interview_core.domain import InterviewSetup, InterviewStatus
from interview_core.engines import InterviewEngine
from interview_core.interview.flow import finish_interview, plan_interview, submit_answer
from interview_core.media.store import MediaStore
from interview_core.storage import repository
from interview_core.storage.models import Template, row_id, utcnow

DEMO_PREFIX = "Demo: "
_TEMPLATES = [
    InterviewSetup(job_role="Backend Engineer", tech_stack=["Python", "PostgreSQL"], question_count=5),
    InterviewSetup(
        job_role="Frontend Developer", tech_stack=["React", "TypeScript"], interview_type="mixed", question_count=6
    ),
    InterviewSetup(job_role="Engineering Manager", level="lead", interview_type="behavioral", question_count=4),
]
# (template, days ago, how much of each answer the candidate gets right), improving over time.
_SESSIONS = [(0, 35, 0.3), (2, 28, 0.45), (1, 21, 0.55), (0, 14, 0.7), (1, 7, 0.8), (0, 2, 0.9)]


def _answer(key_points: list[str], share: float, number: int) -> str:
    """An answer that explains the first `share` of the key points in full sentences."""
    covered = key_points[: max(1, round(len(key_points) * share))]
    opening = "Let me walk through it." if number % 2 else "Here is how I think about it."
    body = " ".join(f"{point[0].upper()}{point[1:].rstrip('.')}, which matters in practice." for point in covered)
    return f"{opening} {body}"


def load_demo(*, session: Session, engine: InterviewEngine, owner_id: int) -> int:
    """Add the demo templates and interviews for this owner; returns how many interviews were
    added (0 when the demo is already loaded)."""
    if repository.has_template_named(session=session, owner_id=owner_id, prefix=DEMO_PREFIX):
        return 0
    templates = [
        repository.create_template(
            session=session, owner_id=owner_id, name=DEMO_PREFIX + setup.display_title(), setup=setup
        )
        for setup in _TEMPLATES
    ]
    for number, (template_index, days_ago, share) in enumerate(_SESSIONS):
        template = templates[template_index]
        setup = InterviewSetup.model_validate(template.setup)
        interview = plan_interview(
            session=session, engine=engine, owner_id=owner_id, setup=setup, seed=100 + number, template_id=template.id
        )
        for question in repository.list_questions(session=session, owner_id=owner_id, interview_id=row_id(interview)):
            submit_answer(
                session=session,
                engine=engine,
                owner_id=owner_id,
                question_id=row_id(question),
                text=_answer(question.key_points, share, number),
            )
        finish_interview(session=session, engine=engine, owner_id=owner_id, interview_id=row_id(interview))
        when = utcnow() - timedelta(days=days_ago)
        done = when + timedelta(minutes=25)
        stored = repository.get_interview(session=session, owner_id=owner_id, interview_id=row_id(interview))
        stored.created_at, stored.started_at, stored.completed_at = when, when, done
        stored.status = InterviewStatus.COMPLETED
        session.add(stored)
        report = repository.get_report(session=session, owner_id=owner_id, interview_id=row_id(interview))
        if report is not None:  # finish_interview just wrote it
            report.created_at = done
            session.add(report)
        session.commit()
    for template in templates:
        repository.refresh_template_stats(session=session, owner_id=owner_id, template_id=row_id(template))
    session.commit()
    return len(_SESSIONS)


def _demo_templates(*, session: Session, owner_id: int) -> list[Template]:
    return [t for t in repository.list_templates(session=session, owner_id=owner_id) if t.name.startswith(DEMO_PREFIX)]


def _interviews_of(session: Session, owner_id: int, templates: list[Template]) -> set[int]:
    ids = [row_id(t) for t in templates]
    return set(repository.interviews_from_templates(session=session, owner_id=owner_id, template_ids=ids))


def demo_interviews(*, session: Session, owner_id: int) -> set[int]:
    """The ids of the demo's interviews (those set up from its templates), to mark them as such."""
    return _interviews_of(session, owner_id, _demo_templates(session=session, owner_id=owner_id))


def remove_demo(*, session: Session, media: MediaStore, owner_id: int) -> int:
    """Delete the demo's interviews and templates, and nothing of the candidate's own; returns how
    many interviews went."""
    templates = _demo_templates(session=session, owner_id=owner_id)
    interviews = sorted(_interviews_of(session, owner_id, templates))
    for interview_id in interviews:
        delete_interview_everywhere(session=session, media=media, owner_id=owner_id, interview_id=interview_id)
    for template in templates:
        session.delete(template)
    session.commit()
    return len(interviews)
