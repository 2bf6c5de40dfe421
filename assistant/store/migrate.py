"""Run the Alembic migrations in migrations/ against a database URL."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)

# NOTE: migrations/ sits beside the package in the source tree, so migrate() needs
# the project installed in editable mode (as scripts/install-venv does) or run from
# a checkout.
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def migrate(url: str, revision: str = "head") -> None:
    """Upgrade the database at `url` to `revision`, creating a fresh one as needed.

    For a SQLite file the parent folder is created first. Upgrading a database that
    is already at `revision` changes nothing.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))

    logger.info("Migrating the %s database to %s", backend, revision)
    engine = create_engine(url, future=True, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
    logger.info("Migrated the %s database to %s", backend, revision)
