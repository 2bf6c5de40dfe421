"""Tests of the notification sender that runs inside the web app."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from notify_helpers import SmtpServer, email_settings, store_handoff
from starlette.testclient import TestClient

from assistant.config import load_settings
from assistant.notify.sender import NotificationSender
from assistant.store import Database, migrate
from assistant.store.notifications import list_notifications
from assistant.web import create_app


def app_env(database: Database, smtp_port: int | None = None) -> dict[str, str]:
    env = {"HNPM_DATABASE_URL": database.url, "HNPM_WEB_PORT": "15480"}
    if smtp_port is not None:
        env.update(
            {
                "HNPM_SMTP_HOST": "127.0.0.1",
                "HNPM_SMTP_PORT": str(smtp_port),
                "HNPM_SMTP_TLS": "none",
                "HNPM_NOTIFY_FROM": "hnpm@example.edu",
                "HNPM_NOTIFY_TO": "coordinator@example.edu",
            }
        )
    return env


def test_web_app_sends_queued_email(
    sqlite_database: Database,
    smtp_server: SmtpServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    handoff_id = store_handoff(sqlite_database, category="crisis", priority="urgent")
    settings = load_settings(app_env(sqlite_database, smtp_server.port))

    with caplog.at_level(logging.INFO, logger="assistant.notify"):
        with TestClient(create_app(settings, sqlite_database)):
            delivered = smtp_server.handler.received.wait(timeout=15)

    with sqlite_database.session() as session:
        (row,) = list_notifications(session, handoff_id)
    (message,) = smtp_server.handler.messages
    assert delivered
    assert row.status == "sent"
    assert f"http://127.0.0.1:15480/console/handoffs/{handoff_id}" in (
        message.get_content()
    )
    assert "Notification sender started: channels email" in caplog.text
    assert "Notification sender stopped" in caplog.text
    assert "Webhook notification of handoffs is off" in caplog.text


def test_web_app_without_channels_starts_no_sender(
    sqlite_database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(app_env(sqlite_database))

    with caplog.at_level(logging.INFO, logger="assistant.notify"):
        with TestClient(create_app(settings, sqlite_database)) as client:
            page = client.get("/")

    assert page.status_code == 200
    assert caplog.text.count("E-mail notification of handoffs is off") == 1
    assert "Notification sender started" not in caplog.text


async def test_sender_loop_sends_later_handoffs(
    sqlite_database: Database, smtp_server: SmtpServer
) -> None:
    sender = NotificationSender(
        sqlite_database,
        email_settings(smtp_server.port),
        ZoneInfo("America/New_York"),
        poll_interval=0.2,
    )
    sender.start()
    await asyncio.sleep(0.3)  # the first, empty poll has run

    handoff_id = store_handoff(sqlite_database)
    delivered = await asyncio.to_thread(smtp_server.handler.received.wait, 10)
    await sender.stop()

    with sqlite_database.session() as session:
        (row,) = list_notifications(session, handoff_id)
    assert delivered
    assert row.status == "sent"


async def test_sender_stop_skips_poll_wait(
    sqlite_database: Database, smtp_server: SmtpServer
) -> None:
    sender = NotificationSender(
        sqlite_database,
        email_settings(smtp_server.port),
        ZoneInfo("America/New_York"),
        poll_interval=60,
    )
    sender.start()
    await asyncio.sleep(0.3)

    started = time.monotonic()
    await sender.stop()

    assert time.monotonic() - started < 2.0


async def test_sender_warns_once_while_database_fails(
    tmp_path: Path, smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    # A database without tables makes every poll fail until it is migrated.
    url = f"sqlite:///{tmp_path / 'unmigrated.db'}"
    database = Database(url)
    sender = NotificationSender(
        database,
        email_settings(smtp_server.port),
        ZoneInfo("America/New_York"),
        poll_interval=0.05,
    )

    with caplog.at_level(logging.INFO, logger="assistant.notify"):
        sender.start()
        await asyncio.sleep(0.5)
        await asyncio.to_thread(migrate, url)
        await asyncio.sleep(0.3)
        await sender.stop()
    database.dispose()

    warnings = [
        record for record in caplog.records if record.levelno == logging.WARNING
    ]
    assert len(warnings) == 1
    assert "Reading the notification outbox failed (consecutive failures: 1)" in (
        warnings[0].getMessage()
    )
    assert "readable again after" in caplog.text
