"""Tests of Database: commit, rollback and the SQLite foreign-key setting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError

from assistant.profiles import MenteeProfile
from assistant.store import (
    Database,
    HandoffDraft,
    TranscriptLine,
    create_handoff,
    create_match_request,
    list_handoffs,
    save_intake,
)
from assistant.store.models import MatchRequest, intakes, transcript_entries

NOW = datetime(2026, 3, 6, 15, 0, tzinfo=timezone.utc)


def count_rows(database: Database, table: object) -> int:
    with database.session() as session:
        return int(
            session.execute(select(func.count()).select_from(table)).scalar_one()
        )


def test_session_commits_on_success(
    database: Database, make_mentee: Callable[..., MenteeProfile]
) -> None:
    with database.session() as session:
        save_intake(session, make_mentee())

    assert count_rows(database, intakes) == 1


def test_session_rolls_back_on_error(
    database: Database, make_mentee: Callable[..., MenteeProfile]
) -> None:
    draft = HandoffDraft(
        sender_id="sender-1",
        category="human",
        priority="normal",
        due_at=NOW + timedelta(days=4),
        transcript=[TranscriptLine("user", "I want to talk to a person", NOW)],
    )

    with pytest.raises(LookupError):
        with database.session() as session:
            intake_id = save_intake(session, make_mentee())
            create_handoff(session, draft)
            create_match_request(session, "sender-1", intake_id, mentor_id=999)

    assert count_rows(database, intakes) == 0
    assert count_rows(database, transcript_entries) == 0
    with database.session() as session:
        assert list_handoffs(session) == []


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError):
        with database.session() as session:
            session.add(MatchRequest(sender_id="s", intake_id=41, mentor_id=42))

    assert count_rows(database, intakes) == 0


def test_naive_datetime_is_rejected(database: Database) -> None:
    draft = HandoffDraft(
        sender_id="sender-1",
        category="human",
        priority="normal",
        due_at=datetime(2026, 3, 10, 17, 0),
    )

    # SQLAlchemy wraps the ValueError of UTCDateTime in a StatementError.
    with pytest.raises(StatementError, match="naive datetime"):
        with database.session() as session:
            create_handoff(session, draft)


def test_ping_succeeds_on_migrated_database(database: Database) -> None:
    database.ping()


def test_repr_hides_url() -> None:
    database = Database("postgresql://user:secret@127.0.0.1:1/db")
    try:
        assert "secret" not in repr(database)
    finally:
        database.dispose()
