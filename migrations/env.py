"""Alembic environment for the assistant's store.

`assistant.store.migrate.migrate(url)` passes an open connection in
`config.attributes["connection"]`. From the command line the URL comes from
`alembic -x url=...`, else from HNPM_DATABASE_URL through `load_settings()`.
"""

from __future__ import annotations

import logging
from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from assistant.config import load_settings
from assistant.store.models import metadata

logger = logging.getLogger("alembic.env")

config = context.config
passed_connection = config.attributes.get("connection")

# Only the command line configures logging from alembic.ini, so that a program
# calling migrate() keeps its own logging setup.
if passed_connection is None and config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    return url or load_settings().database_url


def run_with_connection(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        # SQLite cannot alter most constraints in place, so later migrations
        # recreate the table instead ("batch mode").
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    if passed_connection is not None:
        run_with_connection(passed_connection)
        return

    engine = create_engine(database_url(), future=True, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            run_with_connection(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
