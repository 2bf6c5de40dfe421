"""Tests of e-mail notifications through a real aiosmtpd server on loopback."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import SmtpStarter
from notify_helpers import (
    DISCLOSURE,
    SMTP_PASSWORD,
    SMTP_USER,
    STUDENT_NAME,
    SmtpServer,
    email_settings,
    free_port,
    store_handoff,
)

from assistant.notify.sender import NotificationSender, RetryPolicy
from assistant.store import Database, get_handoff
from assistant.store.models import utc_now
from assistant.store.notifications import NotificationRecord, list_notifications

EASTERN = ZoneInfo("America/New_York")


def only_row(database: Database, handoff_id: int) -> NotificationRecord:
    with database.session() as session:
        (row,) = list_notifications(session, handoff_id)
    return row


def later(minutes: int) -> datetime:
    return utc_now() + timedelta(minutes=minutes)


def test_email_reaches_every_coordinator(
    sqlite_database: Database, smtp_server: SmtpServer
) -> None:
    handoff_id = store_handoff(sqlite_database)
    sender = NotificationSender(
        sqlite_database, email_settings(smtp_server.port), EASTERN
    )

    attempted = sender.send_due()

    assert attempted == 1
    (message,) = smtp_server.handler.messages
    (envelope,) = smtp_server.handler.envelopes
    assert message["From"] == "hnpm@example.edu"
    assert message["To"] == "coordinator@example.edu, deputy@example.edu"
    assert envelope.rcpt_tos == ["coordinator@example.edu", "deputy@example.edu"]
    assert message["Message-ID"].endswith("@example.edu>")
    assert message["Subject"] == (
        f"High handoff {handoff_id}: Title IX, first contact due 2026-12-04 14:00 EST"
    )


def test_email_body_has_link_but_no_student_text(
    sqlite_database: Database, smtp_server: SmtpServer
) -> None:
    handoff_id = store_handoff(sqlite_database, category="crisis", priority="urgent")
    sender = NotificationSender(
        sqlite_database, email_settings(smtp_server.port), EASTERN
    )

    sender.send_due()

    (message,) = smtp_server.handler.messages
    body = message.get_content()
    raw = smtp_server.handler.envelopes[0].content
    assert isinstance(raw, bytes)
    assert f"https://hnpm.example.edu/console/handoffs/{handoff_id}" in body
    assert "Category: crisis or self-harm" in body
    assert "Priority: urgent" in body
    assert "First contact due: 2026-12-04 14:00 EST" in body
    assert b"Keller" not in raw
    assert DISCLOSURE.encode() not in raw
    assert STUDENT_NAME.encode() not in raw
    assert b"Priya" not in raw


def test_sent_email_is_marked_and_not_resent(
    sqlite_database: Database, smtp_server: SmtpServer
) -> None:
    handoff_id = store_handoff(sqlite_database)
    sender = NotificationSender(
        sqlite_database, email_settings(smtp_server.port), EASTERN
    )

    sender.send_due()
    resent = sender.send_due(now=later(120))

    row = only_row(sqlite_database, handoff_id)
    assert resent == 0
    assert len(smtp_server.handler.messages) == 1
    assert row.status == "sent"
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.last_error is None


# aiosmtpd warns about AUTH without TLS, which only this loopback test server allows.
AUTH_WITHOUT_TLS = "ignore:Requiring AUTH while not requiring TLS:UserWarning"


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_email_logs_in_when_user_is_set(
    sqlite_database: Database, start_smtp: SmtpStarter
) -> None:
    server = start_smtp(login=True)
    settings = email_settings(
        server.port, smtp_user=SMTP_USER, smtp_password=SMTP_PASSWORD
    )
    handoff_id = store_handoff(sqlite_database)

    NotificationSender(sqlite_database, settings, EASTERN).send_due()

    assert len(server.handler.messages) == 1
    assert only_row(sqlite_database, handoff_id).status == "sent"


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_rejected_login_is_retried_without_password(
    sqlite_database: Database,
    start_smtp: SmtpStarter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = start_smtp(login=True)
    settings = email_settings(
        server.port, smtp_user=SMTP_USER, smtp_password="wrong password"
    )
    handoff_id = store_handoff(sqlite_database)

    with caplog.at_level(logging.WARNING, logger="assistant.notify"):
        NotificationSender(sqlite_database, settings, EASTERN).send_due()

    row = only_row(sqlite_database, handoff_id)
    assert server.handler.messages == []
    assert row.status == "pending"
    assert row.last_error is not None
    assert "SMTPAuthenticationError" in row.last_error
    assert "wrong password" not in row.last_error
    assert "wrong password" not in caplog.text


def test_server_down_then_retry_succeeds(
    sqlite_database: Database,
    start_smtp: SmtpStarter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = free_port()
    handoff_id = store_handoff(sqlite_database)
    sender = NotificationSender(sqlite_database, email_settings(port), EASTERN)

    with caplog.at_level(logging.WARNING, logger="assistant.notify"):
        before = utc_now()
        sender.send_due()
    failed = only_row(sqlite_database, handoff_id)
    server = start_smtp(port=port)
    sender.send_due(now=later(1))
    sent = only_row(sqlite_database, handoff_id)

    assert failed.status == "pending"
    assert failed.attempts == 1
    assert failed.last_error is not None
    assert "ConnectionRefusedError" in failed.last_error
    assert failed.next_attempt_at >= before + timedelta(seconds=30)
    assert failed.next_attempt_at <= utc_now() + timedelta(seconds=30)
    assert f"handoff {handoff_id} failed (attempt 1 of 8)" in caplog.text
    assert DISCLOSURE not in caplog.text
    assert STUDENT_NAME not in caplog.text
    assert sent.status == "sent"
    assert sent.attempts == 2
    assert len(server.handler.messages) == 1


def test_retry_waits_for_backoff(
    sqlite_database: Database, smtp_server: SmtpServer
) -> None:
    handoff_id = store_handoff(sqlite_database)
    smtp_server.handler.reply = "451 4.3.0 Try again later"
    sender = NotificationSender(
        sqlite_database, email_settings(smtp_server.port), EASTERN
    )

    sender.send_due()
    smtp_server.handler.reply = None
    early = sender.send_due()
    on_time = sender.send_due(now=later(1))

    row = only_row(sqlite_database, handoff_id)
    assert early == 0
    assert on_time == 1
    assert row.status == "sent"
    assert len(smtp_server.handler.messages) == 1


def test_rejected_message_records_server_reply(
    sqlite_database: Database, smtp_server: SmtpServer
) -> None:
    handoff_id = store_handoff(sqlite_database)
    smtp_server.handler.reply = "451 4.3.0 Try again later"
    sender = NotificationSender(
        sqlite_database, email_settings(smtp_server.port), EASTERN
    )

    sender.send_due()

    row = only_row(sqlite_database, handoff_id)
    assert row.status == "pending"
    assert row.last_error is not None
    assert "451" in row.last_error
    assert "Try again later" in row.last_error


def test_sender_gives_up_after_max_attempts(
    sqlite_database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    handoff_id = store_handoff(sqlite_database, category="crisis", priority="urgent")
    retry = RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=1))
    sender = NotificationSender(
        sqlite_database, email_settings(free_port()), EASTERN, retry=retry
    )

    with caplog.at_level(logging.WARNING, logger="assistant.notify"):
        attempts = [sender.send_due(now=later(minutes)) for minutes in (0, 1, 2, 3)]

    row = only_row(sqlite_database, handoff_id)
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert attempts == [1, 1, 1, 0]
    assert row.status == "failed"
    assert row.attempts == 3
    assert len(errors) == 1
    assert f"of handoff {handoff_id} after 3 attempts" in errors[0].getMessage()


def test_handoff_survives_failed_sends(sqlite_database: Database) -> None:
    handoff_id = store_handoff(sqlite_database)
    retry = RetryPolicy(max_attempts=1)
    sender = NotificationSender(
        sqlite_database, email_settings(free_port()), EASTERN, retry=retry
    )

    sender.send_due()

    with sqlite_database.session() as session:
        handoff = get_handoff(session, handoff_id)
    assert only_row(sqlite_database, handoff_id).status == "failed"
    assert handoff is not None
    assert handoff.status == "open"
    assert [line.text for line in handoff.transcript][-1] == DISCLOSURE


def test_email_row_without_smtp_settings_fails_clearly(
    sqlite_database: Database,
) -> None:
    handoff_id = store_handoff(sqlite_database, channels=("email",))
    settings = email_settings(25, smtp_host=None, sender=None, recipients=())

    NotificationSender(sqlite_database, settings, EASTERN).send_due()

    row = only_row(sqlite_database, handoff_id)
    assert row.status == "pending"
    assert row.last_error == "e-mail is not configured: HNPM_SMTP_HOST is unset"
