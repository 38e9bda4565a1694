"""The database stops in the middle of a session: the page says so in words, never a traceback
with SQL (issue: layout, point 5)."""

import os

import pytest

from tests.postgres_server import TemporaryPostgres, find_bin_dir


@pytest.fixture
def own_postgres():
    """A server of this test's own: the test stops it."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries not found")
        pytest.skip("PostgreSQL binaries not found")
    server = TemporaryPostgres(bin_dir).start()
    try:
        yield server
    finally:
        server.stop()


def test_a_database_that_stops_mid_session_is_a_clear_message(app, own_postgres, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", own_postgres.url)
    app.run()
    assert not app.exception and not app.error
    app.text_input(key="setup_role").input("Backend Engineer")
    own_postgres.stop()
    app.button(key="FormSubmitter:setup_form-Choose questions").click().run()
    assert not app.exception
    shown = [e.value for e in app.error]
    assert any("The database is not answering right now" in message for message in shown), shown
    assert all("SELECT" not in message and "Traceback" not in message for message in shown)
