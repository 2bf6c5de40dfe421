"""The handoff action queues a notification that the sender then e-mails."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from notify_helpers import SmtpServer
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.handoff import ActionHandoff
from assistant.config import load_settings
from assistant.notify.sender import NotificationSender
from assistant.store import Database, list_notifications

# Rasa's telemetry would contact outside hosts when anything imports rasa.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"

CRISIS_TRACKER = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "trackers"
    / "crisis_message.json"
)
CRISIS_TEXT = "honestly I don't want to live anymore"


def reset_services() -> None:
    if services.database.cache_info().currsize:
        services.database().dispose()
    services.database.cache_clear()
    services.settings.cache_clear()


@pytest.fixture
def action_env(
    sqlite_database: Database, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point the actions at the test database and the loopback SMTP server."""
    env = {
        "HNPM_DATABASE_URL": sqlite_database.url,
        "HNPM_SMTP_HOST": "127.0.0.1",
        "HNPM_SMTP_PORT": str(smtp_server.port),
        "HNPM_SMTP_TLS": "none",
        "HNPM_NOTIFY_FROM": "hnpm@example.edu",
        "HNPM_NOTIFY_TO": "coordinator@example.edu",
        "HNPM_PUBLIC_URL": "https://hnpm.example.edu",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HNPM_APPRISE_URLS", raising=False)
    reset_services()
    yield
    reset_services()


@pytest.mark.usefixtures("action_env")
async def test_crisis_action_leads_to_email(
    sqlite_database: Database, smtp_server: SmtpServer
) -> None:
    tracker = Tracker.from_dict(json.loads(CRISIS_TRACKER.read_text(encoding="utf-8")))
    events = await ActionHandoff().run(CollectingDispatcher(), tracker, {})
    handoff_id = events[0]["value"]
    with sqlite_database.session() as session:
        queued = list_notifications(session, handoff_id)

    settings = load_settings()
    sender = NotificationSender(
        sqlite_database, settings.notify, ZoneInfo("America/New_York")
    )
    sender.send_due()

    (message,) = smtp_server.handler.messages
    raw = smtp_server.handler.envelopes[0].content
    assert isinstance(raw, bytes)
    assert [row.channel for row in queued] == ["email"]
    assert message["Subject"].startswith(f"Urgent handoff {handoff_id}: crisis")
    assert f"https://hnpm.example.edu/console/handoffs/{handoff_id}" in (
        message.get_content()
    )
    assert CRISIS_TEXT.encode() not in raw
    assert b"live anymore" not in raw
