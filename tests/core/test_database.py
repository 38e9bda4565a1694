from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from interview_core.config import Settings
from interview_core.errors import ConfigurationError, StorageUnavailable
from interview_core.storage.database import (
    MIGRATIONS_DIR,
    create_db_engine,
    current_revision,
    database_url,
    migrate,
    open_database,
)


def test_migrations_from_empty_match_the_models(database) -> None:
    """An empty database migrated to head has exactly the tables, columns and indexes of models.py."""
    with database.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diffs == []
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert current_revision(database.engine) == head
    tables = set(inspect(database.engine).get_table_names())
    assert {"users", "interviews", "questions", "answers", "reports", "templates"} <= tables


def test_migrating_twice_changes_nothing(database) -> None:
    before = current_revision(database.engine)
    migrate(database.engine)
    assert current_revision(database.engine) == before


def test_default_database_is_a_sqlite_file_in_the_data_folder(isolated_settings: Path) -> None:
    settings = Settings()
    assert database_url(settings).get_backend_name() == "sqlite"
    db = open_database(settings)
    assert (isolated_settings / "interview_coach.db").is_file()
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_postgres_urls_get_the_shipped_driver() -> None:
    settings = Settings(DATABASE_URL="postgres://u:p@db.example:5432/app")
    assert database_url(settings).drivername == "postgresql+psycopg"


@pytest.mark.parametrize("value", ["not a url at all :-( hunter2", "mysql://u:hunter2@host/db", "://hunter2@"])
def test_a_bad_database_url_is_a_clear_error_that_hides_the_value(value: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        database_url(Settings(DATABASE_URL=value))
    assert "DATABASE_URL" in str(raised.value)
    assert "hunter2" not in str(raised.value)


def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    settings = Settings(DATABASE_URL="postgresql://coach:hunter2@127.0.0.1:9/coach?connect_timeout=3")
    with pytest.raises(StorageUnavailable) as raised:
        open_database(settings)
    assert "hunter2" not in str(raised.value)
    assert "127.0.0.1" in str(raised.value)


def test_postgres_survives_a_server_restart(postgres_server_url, postgres_url) -> None:
    """pre-ping: connections the restart killed are replaced instead of failing the next request."""
    engine = create_db_engine(postgres_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
    # What a restart does to pooled connections: the server ends every backend.
    admin = create_db_engine(postgres_server_url)
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
            {"name": engine.url.database},
        )
    admin.dispose()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 2")).scalar() == 2
    engine.dispose()


def test_upgrading_an_older_database_keeps_its_rows(database_url_for_test) -> None:
    """A database created at revision 0001, with data in it, upgrades to head without loss."""
    from alembic import command

    from interview_core.storage.database import _alembic_config

    engine = create_db_engine(database_url_for_test)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
        connection.execute(
            text("INSERT INTO users (external_id, display_name, created_at) VALUES ('u', 'U', :t)"),
            {"t": "2026-01-01 00:00:00+00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO interviews (owner_id, title, job_role, level, interview_type, difficulty, company, "
                "job_description, tech_stack, focus_areas, question_count, audio_enabled, video_enabled, "
                "interviewer_voice, status, created_at, question_engine) VALUES (1, 't', 'r', 'mid', 'technical', "
                "'medium', '', '', '[]', '[]', 1, true, false, false, 'draft', :t, 'offline')"
            ),
            {"t": "2026-01-01 00:00:00+00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO questions (owner_id, interview_id, position, text, question_type, difficulty, key_points, "
                "evaluation_criteria, tags, time_allocation_s, source) VALUES (1, 1, 0, 'q', 'technical', 'medium', "
                "'[]', '[]', '[]', 60, 'bank')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO answers (owner_id, interview_id, question_id, text, is_transcript, submitted_at, "
                "criteria_scores, feedback, strengths, improvements, covered_key_points, missed_key_points, evidence, "
                "delivery, needs_review) VALUES (1, 1, 1, 'my old answer', false, :t, '{}', '', '[]', '[]', '[]', "
                "'[]', '[]', '{}', false)"
            ),
            {"t": "2026-01-01 00:00:00+00:00"},
        )
    migrate(engine)
    assert current_revision(engine) == ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    with engine.connect() as connection:
        text_, reasons = connection.execute(text("SELECT text, missed_reasons FROM answers")).one()
    assert text_ == "my old answer"
    assert reasons in ({}, "{}")
    engine.dispose()


def test_many_threads_opening_the_database_at_once_migrate_it_once(isolated_settings) -> None:
    """Browser sessions that arrive together share one Services; none may see a half-made schema."""
    from concurrent.futures import ThreadPoolExecutor

    from interview_core.services import build_services

    services = build_services(Settings())
    with ThreadPoolExecutor(8) as pool:
        databases = list(pool.map(lambda _: services.database, range(8)))
    assert all(db is databases[0] for db in databases)
    # And separate engines migrating the same file at once (two Services) do not collide either.
    engines = [create_db_engine(database_url(Settings())) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(migrate, engines))
    assert {current_revision(e) for e in engines} == {ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()}
