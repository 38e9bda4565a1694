"""Shared fixtures. Every test gets its own settings, data folder and database.

Database tests run on SQLite and on PostgreSQL. PostgreSQL comes from TEST_DATABASE_URL (a server
where we may create databases) or else a throwaway server this run starts on 127.0.0.1. Without
PostgreSQL binaries those cases are skipped, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from interview_core.config import Settings, get_settings
from interview_core.storage.database import Database, create_db_engine, migrate
from tests.postgres_server import TemporaryPostgres, find_bin_dir

# Settings that would leak in from the developer's environment.
_SETTING_VARS = (
    "DATABASE_URL",
    "INTERVIEW_COACH_DATA_DIR",
    "INTERVIEW_COACH_LOG_LEVEL",
    "INTERVIEW_COACH_ICE_SERVERS",
    "INTERVIEW_COACH_WHISPER_MODEL",
    "INTERVIEW_COACH_FOLLOW_UPS",
    "INTERVIEW_COACH_MAX_FOLLOW_UPS",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "GEMINI_MODEL",
    "GEMINI_BASE_URL",
    "GEMINI_TIMEOUT_S",
    "GEMINI_DEADLINE_S",
    "CLOUDINARY_URL",
    "CLOUDINARY_CLOUD_NAME",
    "CLOUDINARY_API_KEY",
    "CLOUDINARY_API_SECRET",
    "CLOUDINARY_UPLOAD_PREFIX",
    "INTERVIEW_COACH_RECORDING_RETENTION_DAYS",
)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test reads the developer's secrets, environment or data folder."""
    for name in _SETTING_VARS:
        monkeypatch.delenv(name, raising=False)
    data_dir = tmp_path / "data"
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("INTERVIEW_COACH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A PostgreSQL server URL (admin rights), started once for the whole run if needed."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL binaries not found (install the 'postgresql' package or set TEST_DATABASE_URL)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = TemporaryPostgres(bin_dir).start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty database on the server, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_server_url).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url_for_test(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def database(database_url_for_test: str) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    engine = create_db_engine(database_url_for_test)
    migrate(engine)
    try:
        yield Database(engine)
    finally:
        engine.dispose()


@pytest.fixture
def settings(isolated_settings: Path) -> Settings:
    return Settings()


@pytest.fixture
def owners(database: Database) -> tuple[int, int]:
    """Two people with data of their own in the same database, for isolation tests."""
    from interview_core.storage import repository

    with database.session() as session:
        a = repository.get_or_create_user(session=session, external_id="a@example.com").id
        b = repository.get_or_create_user(session=session, external_id="b@example.com").id
    return a, b
