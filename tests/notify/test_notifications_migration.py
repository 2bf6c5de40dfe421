"""Tests of migration 0004, which adds the notifications table."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from assistant.store import migrate
from assistant.store.migrate import MIGRATIONS_DIR


def table_names(url: str) -> set[str]:
    engine = create_engine(url, future=True)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def revisions(url: str) -> set[str]:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return {str(row[0]) for row in rows}
    finally:
        engine.dispose()


def downgrade_notifications(url: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(url, future=True)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            # "0004@-1" steps back on the 0004 branch only, so that the other
            # migrations on top of 0001 stay applied.
            command.downgrade(config, "0004@-1")
    finally:
        engine.dispose()


def test_notifications_migration_downgrades_and_upgrades(database_url: str) -> None:
    try:
        downgrade_notifications(database_url)
        tables_after_downgrade = table_names(database_url)
        revisions_after_downgrade = revisions(database_url)
    finally:
        # The PostgreSQL database is shared by the session, so it is restored.
        migrate(database_url)

    assert "notifications" not in tables_after_downgrade
    assert "handoffs" in tables_after_downgrade
    assert "0004" not in revisions_after_downgrade
    assert "notifications" in table_names(database_url)
    assert "0004" in revisions(database_url)
