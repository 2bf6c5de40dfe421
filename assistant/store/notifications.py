"""The outbox of coordinator notifications: rows to send, claim and mark.

Each row is one channel's notification of one handoff. The web app's sender claims
due rows, sends them outside any transaction, and records the outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from assistant.notify.settings import CHANNELS as NOTIFICATION_CHANNELS
from assistant.store.models import handoffs, notifications, utc_now

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotificationRecord:
    """A notification row, without the handoff it announces."""

    id: int
    handoff_id: int
    channel: str  # one of NOTIFICATION_CHANNELS
    status: str  # one of NOTIFICATION_STATUSES
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    sent_at: datetime | None


@dataclass(frozen=True)
class DueNotification:
    """A claimed notification with the handoff fields that its message may show."""

    id: int
    handoff_id: int
    channel: str
    attempt: int  # 1 for the first attempt
    category: str
    priority: str
    created_at: datetime
    due_at: datetime


def add_notifications(
    session: Session,
    handoff_id: int,
    channels: Sequence[str],
    now: datetime | None = None,
) -> None:
    """Queue one pending notification of the handoff per channel, due at once.

    Raises ValueError for an unknown channel.
    """
    for channel in channels:
        if channel not in NOTIFICATION_CHANNELS:
            raise ValueError(
                f"invalid notification channel {channel!r}; expected one of "
                f"{', '.join(NOTIFICATION_CHANNELS)}"
            )
    if not channels:
        return

    now = now or utc_now()
    rows = [
        {
            "handoff_id": handoff_id,
            "channel": channel,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for channel in channels
    ]
    session.execute(insert(notifications), rows)
    logger.debug(
        "Queued %s notifications of handoff %d", ", ".join(channels), handoff_id
    )


def list_notifications(session: Session, handoff_id: int) -> list[NotificationRecord]:
    """Return the handoff's notifications in the order they were queued."""
    query = (
        select(notifications)
        .where(notifications.c.handoff_id == handoff_id)
        .order_by(notifications.c.id)
    )
    return [
        NotificationRecord(
            id=row.id,
            handoff_id=row.handoff_id,
            channel=row.channel,
            status=row.status,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at,
            last_error=row.last_error,
            sent_at=row.sent_at,
        )
        for row in session.execute(query)
    ]


def claim_due_notifications(
    session: Session, now: datetime, lease: timedelta, limit: int = 20
) -> list[DueNotification]:
    """Claim up to `limit` pending notifications due by `now`, oldest first.

    A claim counts an attempt and moves `next_attempt_at` to the end of the lease,
    so that another sender skips the row until then. A sender that stops during the
    attempt leaves the row to be retried after the lease, so a notification is sent
    at least once and, after such a stop, possibly twice.
    """
    query = (
        select(
            notifications.c.id,
            notifications.c.handoff_id,
            notifications.c.channel,
            notifications.c.attempts,
            handoffs.c.category,
            handoffs.c.priority,
            handoffs.c.created_at,
            handoffs.c.due_at,
        )
        .join(handoffs, handoffs.c.id == notifications.c.handoff_id)
        .where(notifications.c.status == "pending")
        .where(notifications.c.next_attempt_at <= now)
        .order_by(notifications.c.next_attempt_at, notifications.c.id)
        .limit(limit)
    )
    claimed = []
    for row in session.execute(query).all():
        # The attempts value acts as a version number: when another sender claimed
        # the row since the select, it matches no row and this sender skips it.
        result = session.execute(
            update(notifications)
            .where(notifications.c.id == row.id)
            .where(notifications.c.status == "pending")
            .where(notifications.c.attempts == row.attempts)
            .values(attempts=row.attempts + 1, next_attempt_at=now + lease)
        )
        if result.rowcount != 1:
            continue
        claimed.append(
            DueNotification(
                id=row.id,
                handoff_id=row.handoff_id,
                channel=row.channel,
                attempt=row.attempts + 1,
                category=row.category,
                priority=row.priority,
                created_at=row.created_at,
                due_at=row.due_at,
            )
        )
    return claimed


def mark_sent(session: Session, notification_id: int, now: datetime) -> None:
    """Record that the channel accepted the notification."""
    session.execute(
        update(notifications)
        .where(notifications.c.id == notification_id)
        .values(status="sent", sent_at=now, last_error=None)
    )


def record_failure(
    session: Session, notification_id: int, error: str, retry_at: datetime | None
) -> None:
    """Record a failed attempt: retry at `retry_at`, or give up when it is None."""
    values: dict[str, object] = {"last_error": error[:2000]}
    if retry_at is None:
        values["status"] = "failed"
    else:
        values["next_attempt_at"] = retry_at
    session.execute(
        update(notifications)
        .where(notifications.c.id == notification_id)
        .values(**values)
    )
