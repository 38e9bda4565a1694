"""The database: SQLite file by default, PostgreSQL through `DATABASE_URL`.

`open_database(settings)` builds the engine and brings the schema to the newest Alembic revision,
so a fresh install and an upgraded one both start with the right tables.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from interview_core.config import Settings
from interview_core.errors import CoachError, ConfigurationError, InvalidInput, StorageUnavailable
from interview_core.text_safety import storable

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant works: it names the lock that keeps two app processes from migrating at once.
_MIGRATION_LOCK_ID = 7_341_902
# Alembic keeps its migration context in module globals, so two threads of one process (two
# browser sessions opening the app together) must not migrate at the same time.
_MIGRATING = threading.Lock()


def database_url(settings: Settings) -> URL:
    """The configured URL, or a SQLite file in the data folder. Never echoes a bad value."""
    if settings.database_url is None:
        return make_url(f"sqlite:///{settings.sqlite_path}")
    raw = settings.database_url.get_secret_value().strip()
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigurationError(
            "DATABASE_URL is not a database URL; expected e.g. postgresql://USER:PASSWORD@HOST:5432/DBNAME"
        ) from None
    if url.drivername in {"postgres", "postgresql"}:
        # Hosted providers hand out postgres:// URLs; psycopg 3 is the driver we ship.
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in {"postgresql", "sqlite"}:
        raise ConfigurationError(
            f"DATABASE_URL uses '{url.get_backend_name()}'; only postgresql and sqlite are supported"
        )
    return url


def redacted(url: URL) -> str:
    """The URL as it may appear in logs and pages: no password."""
    return url.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:  # DB-API objects
    cursor = dbapi_connection.cursor()
    # WAL lets the page read while a background step writes; busy_timeout waits out short locks.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(url: URL | str) -> Engine:
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        in_memory = url.database in (None, "", ":memory:")
        if url.database and not in_memory:
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            # One shared connection, or each connection would see its own empty in-memory database.
            poolclass=StaticPool if in_memory else None,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pre_ping replaces connections a restarted server dropped, instead of failing the next page.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_recycle=1800)


def _alembic_config(connection):  # noqa: ANN001, ANN202 - alembic types stay local to this module
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Apply every Alembic revision not yet applied (an empty database gets the whole schema)."""
    from alembic import command

    with _MIGRATING, engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Alembic changes a SQLite table by copying it and dropping the old one; with foreign
            # keys on, that drop cascades and deletes the rows that point at the table. (The
            # pragma has no effect inside a transaction, hence before `begin`.)
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Released at commit; a second app instance waits here, then finds nothing to do.
                    connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
                command.upgrade(_alembic_config(connection), "head")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _storable_value(value: Any) -> Any:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        return [_storable_value(item) for item in value]
    if isinstance(value, dict):
        return {_storable_value(key): _storable_value(item) for key, item in value.items()}
    return value


def _clean_row(row: Any) -> None:
    """Every text a row is about to store follows `text_safety.storable`, and fits its column:
    a value too long is the user's error, named by field, on SQLite as on PostgreSQL (which would
    otherwise fail with a DataError, and SQLite store it whole)."""
    state = sa_inspect(row)
    for attribute in state.mapper.column_attrs:
        value = state.dict.get(attribute.key)  # loaded values only: an unloaded one is unchanged
        if not isinstance(value, str | list | dict):
            continue
        cleaned = _storable_value(value)
        if cleaned != value:
            setattr(row, attribute.key, cleaned)
        limit = getattr(attribute.columns[0].type, "length", None)
        if isinstance(cleaned, str) and limit is not None and len(cleaned) > limit:
            label = attribute.key.replace("_", " ").capitalize()
            raise InvalidInput(f"{label}: at most {limit} characters, please shorten it.")


@event.listens_for(OrmSession, "before_flush")
def _clean_before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    for row in (*session.new, *session.dirty):
        _clean_row(row)


@dataclass
class Database:
    engine: Engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error. A database failure (the
        server down or restarting, a lost connection, a refused write) leaves as
        `StorageUnavailable`, in words a candidate understands: never a traceback with SQL."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        except SQLAlchemyError as error:
            log.error("database failure: %s", type(error).__name__, exc_info=log.isEnabledFor(logging.DEBUG))
            raise StorageUnavailable(
                "The database is not answering right now, so this could not be saved or loaded. Try again "
                "in a moment: what was saved before is safe."
            ) from None


# What PostgreSQL says when it refuses who is connecting, as opposed to not answering at all.
_REFUSED = ("password authentication failed", "authentication failed", "does not exist", "no password supplied")


def unavailable(url: URL, error: SQLAlchemyError) -> CoachError:
    """The user-facing error for a database that failed to open: a refused login or a missing
    database is a configuration problem (DATABASE_URL is wrong); anything else, unavailability."""
    if isinstance(error, OperationalError):
        log.warning("database unreachable at %s: %s", redacted(url), error.orig)
        reason = str(error.orig).lower()
        if any(phrase in reason for phrase in _REFUSED):
            return ConfigurationError(
                f"The database at {redacted(url)} refused the connection: check the user name, password and "
                "database name in DATABASE_URL."
            )
        return StorageUnavailable(
            f"Cannot open the database at {redacted(url)}. Check that it is running and that DATABASE_URL is right."
        )
    log.error("database step failed on %s: %s", redacted(url), type(error).__name__)
    return StorageUnavailable(f"Cannot prepare the database at {redacted(url)}: {type(error).__name__}")


def open_database(settings: Settings, *, run_migrations: bool = True) -> Database:
    url = database_url(settings)
    engine = create_db_engine(url)
    if run_migrations:
        try:
            migrate(engine)
        except SQLAlchemyError as error:
            raise unavailable(url, error) from None
    return Database(engine)
