"""Tests of migrate(): fresh databases, repeated runs and the schema it creates."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from assistant.store import migrate
from assistant.store.models import metadata

EXPECTED_TABLES = {
    "alembic_version",
    "coordinator_tokens",
    "coordinators",
    "handoffs",
    "intakes",
    "match_requests",
    "mentors",
    "notifications",
    "transcript_entries",
}


def table_names(url: str) -> set[str]:
    engine = create_engine(url, future=True)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def current_revision(url: str) -> str:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            revision = connection.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalar_one()
            return str(revision)
    finally:
        engine.dispose()


def test_migrate_creates_fresh_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "fresh.db"
    url = f"sqlite:///{path}"

    migrate(url)

    assert path.exists()
    assert table_names(url) == EXPECTED_TABLES
    assert current_revision(url) == "0004"


def test_migrate_twice_changes_nothing(database_url: str) -> None:
    migrate(database_url)
    migrate(database_url)

    assert table_names(database_url) == EXPECTED_TABLES
    assert current_revision(database_url) == "0004"


def test_migrations_match_models(database_url: str) -> None:
    engine = create_engine(database_url, future=True)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True}
            )
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()

    assert differences == []
