"""Tests of e-mail notifications over STARTTLS and implicit TLS on loopback."""

from __future__ import annotations

import ssl
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import SmtpStarter
from notify_helpers import SMTP_PASSWORD, SMTP_USER, email_settings, store_handoff

from assistant.notify.sender import NotificationSender
from assistant.store import Database
from assistant.store.notifications import list_notifications

EASTERN = ZoneInfo("America/New_York")


def test_starttls_with_login_delivers(
    sqlite_database: Database, start_smtp: SmtpStarter, server_tls: ssl.SSLContext
) -> None:
    # The server refuses AUTH and mail before STARTTLS, so delivery proves both.
    server = start_smtp(login=True, starttls=server_tls)
    settings = email_settings(
        server.port,
        smtp_tls="starttls",
        smtp_user=SMTP_USER,
        smtp_password=SMTP_PASSWORD,
    )
    store_handoff(sqlite_database)

    NotificationSender(sqlite_database, settings, EASTERN).send_due()

    assert len(server.handler.messages) == 1


def test_implicit_tls_delivers(
    sqlite_database: Database, start_smtp: SmtpStarter, server_tls: ssl.SSLContext
) -> None:
    server = start_smtp(implicit_tls=server_tls)
    settings = email_settings(server.port, smtp_tls="ssl")
    store_handoff(sqlite_database)

    NotificationSender(sqlite_database, settings, EASTERN).send_due()

    assert len(server.handler.messages) == 1


def test_untrusted_certificate_is_not_sent_to(
    sqlite_database: Database,
    start_smtp: SmtpStarter,
    server_tls: ssl.SSLContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = start_smtp(starttls=server_tls)
    settings = email_settings(server.port, smtp_tls="starttls")
    handoff_id = store_handoff(sqlite_database)
    # No trusted CA at all, so verifying the server's certificate must fail.
    empty_file = tmp_path / "no-ca.pem"
    empty_file.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty_file))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-ca-dir"))

    NotificationSender(sqlite_database, settings, EASTERN).send_due()

    with sqlite_database.session() as session:
        (row,) = list_notifications(session, handoff_id)
    assert server.handler.messages == []
    assert row.status == "pending"
    assert row.last_error is not None
    assert "CERTIFICATE_VERIFY_FAILED" in row.last_error
