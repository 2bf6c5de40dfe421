"""The database connection: one engine per URL and transactional sessions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)


class Database:
    """An SQLAlchemy engine (2.0-style API) and a factory of sessions for one URL.

    SQLite connections get `PRAGMA foreign_keys=ON`, so that SQLite rejects dangling
    references as PostgreSQL does.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_engine(url, future=True, pool_pre_ping=True)
        if make_url(url).get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _enable_sqlite_foreign_keys)
        self._sessions = sessionmaker(
            bind=self.engine, future=True, expire_on_commit=False
        )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Open a session that commits when the block ends and rolls back on error.

        Either every change made in the block is stored or none is.
        """
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> None:
        """Run `SELECT 1`, which raises the driver's error when the database is down."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()

    def __repr__(self) -> str:
        # The URL may contain a password, so only the backend is shown.
        return f"Database({make_url(self.url).get_backend_name()})"


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
