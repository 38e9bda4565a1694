"""AppTest fixtures: the app on this test's own data folder, and helpers to pre-fill state."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from interview_core.config import Settings
from interview_core.domain import InterviewSetup
from interview_core.engines.offline import OfflineEngine
from interview_core.interview.flow import end_interview, plan_interview, start_interview
from interview_core.storage import repository
from interview_core.storage.database import Database, open_database

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ENGINE = OfflineEngine()


@pytest.fixture
def app() -> AppTest:
    from pages.common import services

    services.clear()  # this test's data folder, not a previous test's cached services
    return AppTest.from_file(APP, default_timeout=90)


@pytest.fixture
def db(isolated_settings) -> Database:
    return open_database(Settings())


@pytest.fixture
def owner_id(db: Database) -> int:
    with db.session() as session:
        return repository.local_user(session=session).id


def started_interview(db: Database, owner_id: int, *, count: int = 3, **setup) -> int:
    setup.setdefault("job_role", "Backend Engineer")
    setup.setdefault("tech_stack", ["Python"])
    with db.session() as session:
        interview = plan_interview(
            session=session,
            engine=ENGINE,
            owner_id=owner_id,
            seed=4,
            setup=InterviewSetup(question_count=count, **setup),
        )
        start_interview(session=session, owner_id=owner_id, interview_id=interview.id)
    return interview.id


def end_early(db: Database, owner_id: int, interview_id: int) -> None:
    """The candidate presses "End interview" with questions left: the results cover what there is."""
    with db.session() as session:
        end_interview(session=session, owner_id=owner_id, interview_id=interview_id)
