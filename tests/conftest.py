"""Shared fixtures: migrated databases on SQLite and on the local PostgreSQL server.

PostgreSQL tests use a scratch database created for the test session on the server
at POSTGRES_URL and dropped afterwards. When that server is unreachable they are
skipped, unless the CI variable is set, in which case they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from assistant.store import Database, migrate

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Create a migrated scratch database on the PostgreSQL server and yield its URL."""
    admin = create_engine(
        POSTGRES_URL,
        future=True,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 3},
    )
    name = f"hnpm_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        driver_message = " ".join(str(error.orig).split())
        reason = f"PostgreSQL at {POSTGRES_URL} is unreachable: {driver_message}"
        if running_in_ci():
            pytest.fail(f"{reason} (CI is set, so this is a failure)")
        pytest.skip(f"{reason}; start the server or set CI=true to fail instead")

    url = (
        make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    )
    try:
        migrate(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty, migrated database: a fresh SQLite file or the scratch one."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'hnpm.db'}"
        migrate(url)
        return url

    postgres_url: str = request.getfixturevalue("postgres_url")
    empty_tables(postgres_url)
    return postgres_url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A `Database` on `database_url`."""
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    """A `Database` on a fresh, migrated SQLite file, for tests of other layers."""
    url = f"sqlite:///{tmp_path / 'hnpm.db'}"
    migrate(url)
    database = Database(url)
    yield database
    database.dispose()


def empty_tables(url: str) -> None:
    """Delete every row of the store's tables and restart their ids (PostgreSQL)."""
    engine = create_engine(url, future=True)
    try:
        tables = [
            name
            for name in inspect(engine).get_table_names()
            if name != "alembic_version"
        ]
        quoted = ", ".join(f'"{name}"' for name in tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()
