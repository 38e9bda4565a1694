"""Every query across an owner's rows lives in the repository and returns that owner's rows alone
(issue: layout, point 4): history, privacy, demo and recording sync go through these."""

from datetime import timedelta

import pytest

from interview_core.account.demo import load_demo
from interview_core.engines.offline import OfflineEngine
from interview_core.errors import NotFound
from interview_core.storage import repository
from interview_core.storage.models import Interview, Resume, Template, row_id, utcnow


def _owner_with_everything(session, name: str) -> int:
    owner = repository.get_or_create_user(session=session, external_id=name).id
    load_demo(session=session, engine=OfflineEngine(), owner_id=owner)
    interview = repository.list_owned(session=session, owner_id=owner, table=Interview)[0]
    question = repository.list_questions(session=session, owner_id=owner, interview_id=row_id(interview))[0]
    take = repository.start_take(session=session, owner_id=owner, question_id=row_id(question), spool=None)
    repository.finish_take(
        session=session, owner_id=owner, take_id=row_id(take), media_ref=f"local:{owner}/{'t' * 24}.wav"
    )
    session.add(Resume(owner_id=owner, name="cv.pdf", text="Python", media_ref=f"local:{owner}/{'r' * 24}.pdf"))
    session.commit()
    return owner


def test_queries_across_an_owners_rows_return_theirs_alone(database) -> None:
    with database.session() as session:
        a = _owner_with_everything(session, "a@example.com")
        b = _owner_with_everything(session, "b@example.com")
        later = utcnow() + timedelta(days=1)
        for mine, theirs in ((a, b), (b, a)):
            for table in (Interview, Resume, Template):
                rows = repository.list_owned(session=session, owner_id=mine, table=table)
                assert rows and {row.owner_id for row in rows} == {mine}
            total, completed, average, best = repository.interview_stats(session=session, owner_id=mine)
            assert total == 6 and completed == 6 and average is not None and best is not None
            assert sum(repository.interviews_by_type(session=session, owner_id=mine).values()) == 6
            scored = repository.scored_interviews(session=session, owner_id=mine, limit=100)
            owned_ids = {row_id(i) for i in repository.list_owned(session=session, owner_id=mine, table=Interview)}
            assert {row[0] for row in scored} == owned_ids
            assert len(repository.recent_report_breakdowns(session=session, owner_id=mine, limit=100)) == 6
            takes = repository.takes_of_questions(session=session, owner_id=mine, question_ids=list(range(1, 500)))
            assert takes and {take.owner_id for take in takes} == {mine}
            old = repository.recordings_before(session=session, owner_id=mine, cutoff=later)
            assert old and {row.owner_id for row in old} == {mine}
            named = repository.rows_naming_media(session=session, owner_id=mine, prefix="local:")
            assert {row.media_ref.split("/")[0] for row in named} == {f"local:{mine}"}
            assert repository.has_template_named(session=session, owner_id=mine, prefix="Demo")
            resume = repository.list_owned(session=session, owner_id=theirs, table=Resume)[0]
            with pytest.raises(NotFound):
                repository.get_resume(session=session, owner_id=mine, resume_id=row_id(resume))
            # The demo's interviews by template, drafts and clocks, earlier attempts: theirs stay theirs.
            their_templates = [
                row_id(t) for t in repository.list_owned(session=session, owner_id=theirs, table=Template)
            ]
            assert (
                repository.interviews_from_templates(session=session, owner_id=mine, template_ids=their_templates) == []
            )
            their_interview = repository.list_owned(session=session, owner_id=theirs, table=Interview)[0]
            their_question = repository.list_questions(
                session=session, owner_id=theirs, interview_id=row_id(their_interview)
            )[0]
            with pytest.raises(NotFound):
                repository.save_draft(session=session, owner_id=mine, question_id=row_id(their_question), text="x")
            with pytest.raises(NotFound):
                repository.question_shown(session=session, owner_id=mine, question_id=row_id(their_question))
            # Both owners answered the same demo question: each compares with their own attempt only.
            earlier = repository.earlier_attempt(session=session, owner_id=mine, question=their_question, before=later)
            assert earlier is None or earlier.owner_id == mine
