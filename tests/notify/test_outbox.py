"""Tests of the notification outbox in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from notify_helpers import CREATED_AT, store_handoff
from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from assistant.store import Database, HandoffDraft, create_handoff, list_handoffs
from assistant.store.models import handoffs, notifications, utc_now
from assistant.store.notifications import (
    claim_due_notifications,
    list_notifications,
    mark_sent,
    record_failure,
)

LEASE = timedelta(minutes=5)


def test_create_handoff_queues_one_row_per_channel(database: Database) -> None:
    handoff_id = store_handoff(database, channels=("email", "apprise"))

    with database.session() as session:
        rows = list_notifications(session, handoff_id)

    assert [row.channel for row in rows] == ["email", "apprise"]
    assert {row.status for row in rows} == {"pending"}
    assert {row.attempts for row in rows} == {0}
    assert all(row.sent_at is None for row in rows)


def test_create_handoff_without_channels_queues_nothing(database: Database) -> None:
    handoff_id = store_handoff(database, channels=())

    with database.session() as session:
        assert list_notifications(session, handoff_id) == []


def test_create_handoff_reads_channels_from_environment(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HNPM_SMTP_HOST", "127.0.0.1")
    monkeypatch.delenv("HNPM_APPRISE_URLS", raising=False)
    draft = HandoffDraft(
        sender_id="conversation-8",
        category="crisis",
        priority="urgent",
        due_at=CREATED_AT + timedelta(hours=1),
    )

    with database.session() as session:
        handoff_id = create_handoff(session, draft)
        rows = list_notifications(session, handoff_id)

    assert [row.channel for row in rows] == ["email"]


def test_invalid_channel_stores_neither_handoff_nor_rows(database: Database) -> None:
    with pytest.raises(ValueError, match="invalid notification channel 'sms'"):
        store_handoff(database, channels=("email", "sms"))

    with database.session() as session:
        assert list_handoffs(session) == []
        assert session.execute(select(notifications)).all() == []


def test_failed_transaction_drops_handoff_and_rows(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        draft = HandoffDraft(
            sender_id="conversation-9",
            category="human",
            priority="normal",
            due_at=CREATED_AT,
        )
        create_handoff(session, draft, notify_channels=("email",))
        raise RuntimeError("the caller failed after creating the handoff")

    with database.session() as session:
        assert list_handoffs(session) == []
        assert session.execute(select(notifications)).all() == []


def test_claim_takes_due_rows_once(database: Database) -> None:
    handoff_id = store_handoff(database, category="crisis", priority="urgent")
    now = utc_now() + timedelta(minutes=1)

    with database.session() as session:
        first = claim_due_notifications(session, now, LEASE)
    with database.session() as session:
        second = claim_due_notifications(session, now, LEASE)

    assert len(first) == 1
    assert first[0].handoff_id == handoff_id
    assert first[0].attempt == 1
    assert first[0].category == "crisis"
    assert first[0].priority == "urgent"
    assert first[0].due_at == CREATED_AT + timedelta(hours=4)
    assert second == []


def test_claim_retakes_row_after_lease(database: Database) -> None:
    store_handoff(database)
    now = utc_now() + timedelta(minutes=1)
    with database.session() as session:
        claim_due_notifications(session, now, LEASE)

    with database.session() as session:
        before = claim_due_notifications(session, now + LEASE / 2, LEASE)
    with database.session() as session:
        after = claim_due_notifications(session, now + LEASE, LEASE)

    assert before == []
    assert [notification.attempt for notification in after] == [2]


def test_claim_respects_limit_and_order(database: Database) -> None:
    ids = [store_handoff(database) for _ in range(3)]

    with database.session() as session:
        claimed = claim_due_notifications(
            session, utc_now() + timedelta(minutes=1), LEASE, limit=2
        )

    assert [notification.handoff_id for notification in claimed] == ids[:2]


def test_sent_row_is_not_claimed_again(database: Database) -> None:
    handoff_id = store_handoff(database)
    now = utc_now() + timedelta(minutes=1)
    with database.session() as session:
        (claimed,) = claim_due_notifications(session, now, LEASE)
        mark_sent(session, claimed.id, now)

    with database.session() as session:
        again = claim_due_notifications(session, now + timedelta(days=1), LEASE)
        (row,) = list_notifications(session, handoff_id)

    assert again == []
    assert row.status == "sent"
    assert row.sent_at == now


def test_failure_schedules_retry_or_gives_up(database: Database) -> None:
    handoff_id = store_handoff(database, channels=("email", "apprise"))
    now = utc_now() + timedelta(minutes=1)
    retry_at = now + timedelta(seconds=30)
    with database.session() as session:
        email, webhook = claim_due_notifications(session, now, LEASE)
        record_failure(session, email.id, "connection refused", retry_at)
        record_failure(session, webhook.id, "HTTP 500", None)

    with database.session() as session:
        email_row, webhook_row = list_notifications(session, handoff_id)

    assert email_row.status == "pending"
    assert email_row.next_attempt_at == retry_at
    assert email_row.last_error == "connection refused"
    assert webhook_row.status == "failed"
    assert webhook_row.last_error == "HTTP 500"


def test_deleting_handoff_deletes_its_rows(database: Database) -> None:
    handoff_id = store_handoff(database, channels=("email", "apprise"))

    with database.session() as session:
        session.execute(delete(handoffs).where(handoffs.c.id == handoff_id))

    with database.session() as session:
        assert list_notifications(session, handoff_id) == []


@pytest.mark.parametrize(
    "values",
    [
        {"channel": "sms", "status": "pending", "attempts": 0},
        {"channel": "email", "status": "queued", "attempts": 0},
        {"channel": "email", "status": "pending", "attempts": -1},
    ],
)
def test_table_rejects_invalid_rows(
    database: Database, values: dict[str, object]
) -> None:
    handoff_id = store_handoff(database, channels=())
    row = {
        "handoff_id": handoff_id,
        "next_attempt_at": CREATED_AT,
        "created_at": CREATED_AT,
        **values,
    }

    with pytest.raises(IntegrityError), database.session() as session:
        session.execute(insert(notifications), [row])


def test_migration_creates_notifications_table(database: Database) -> None:
    columns = {
        column["name"]
        for column in inspect(database.engine).get_columns("notifications")
    }
    indexes = {
        index["name"] for index in inspect(database.engine).get_indexes("notifications")
    }

    assert columns == {
        "id",
        "handoff_id",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    }
    assert "ix_notifications_due" in indexes
