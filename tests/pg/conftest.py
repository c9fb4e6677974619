"""``pg_server``: one throwaway PostgreSQL server per test session (see ``pg_server.py``)."""

import pytest

import pg_server as _pg


@pytest.fixture(scope="session")
def pg_server():
    """A live PostgreSQL server for this test session (fails in CI, skips elsewhere, when it cannot start)."""
    yield from _pg.serve()
