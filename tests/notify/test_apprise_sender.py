"""Tests of webhook notifications through apprise to a loopback HTTP server."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from notify_helpers import (
    DISCLOSURE,
    STUDENT_NAME,
    WebhookServer,
    email_settings,
    store_handoff,
)

from assistant.notify.sender import NotificationSender
from assistant.notify.settings import NotifySettings
from assistant.store import Database
from assistant.store.notifications import NotificationRecord, list_notifications

EASTERN = ZoneInfo("America/New_York")


def webhook_settings(server: WebhookServer) -> NotifySettings:
    return NotifySettings(
        public_url="https://hnpm.example.edu",
        apprise_urls=(f"json://{server.address}/hooks/coordinators",),
    )


def rows(database: Database, handoff_id: int) -> list[NotificationRecord]:
    with database.session() as session:
        return list_notifications(session, handoff_id)


def test_webhook_gets_title_and_link(
    sqlite_database: Database, webhook_server: WebhookServer
) -> None:
    handoff_id = store_handoff(sqlite_database, channels=("apprise",))
    sender = NotificationSender(
        sqlite_database, webhook_settings(webhook_server), EASTERN
    )

    sender.send_due()

    (post,) = webhook_server.posts
    (row,) = rows(sqlite_database, handoff_id)
    assert post["title"] == (
        f"High handoff {handoff_id}: Title IX, first contact due 2026-12-04 14:00 EST"
    )
    assert f"https://hnpm.example.edu/console/handoffs/{handoff_id}" in post["message"]
    assert DISCLOSURE not in str(post)
    assert STUDENT_NAME not in str(post)
    assert row.status == "sent"


def test_webhook_error_is_retried(
    sqlite_database: Database, webhook_server: WebhookServer
) -> None:
    handoff_id = store_handoff(sqlite_database, channels=("apprise",))
    sender = NotificationSender(
        sqlite_database, webhook_settings(webhook_server), EASTERN
    )
    webhook_server.status = 500

    sender.send_due()

    (row,) = rows(sqlite_database, handoff_id)
    assert len(webhook_server.posts) == 1
    assert row.status == "pending"
    assert row.attempts == 1
    assert row.last_error is not None
    assert "apprise failed with status FAILURE" in row.last_error
    assert "1 of 1 services" in row.last_error


def test_email_and_webhook_fail_independently(
    sqlite_database: Database, webhook_server: WebhookServer
) -> None:
    handoff_id = store_handoff(sqlite_database, channels=("email", "apprise"))
    settings = email_settings(
        1, apprise_urls=(f"json://{webhook_server.address}/hook",)
    )

    NotificationSender(sqlite_database, settings, EASTERN).send_due()

    email_row, webhook_row = rows(sqlite_database, handoff_id)
    assert email_row.status == "pending"
    assert webhook_row.status == "sent"
    assert len(webhook_server.posts) == 1
