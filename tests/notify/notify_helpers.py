"""Helpers of the notification tests: SMTP handlers, settings and handoffs."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from assistant.notify.settings import NotifySettings
from assistant.store import Database, HandoffDraft, TranscriptLine, create_handoff

# A disclosure and a name that must never reach a notification.
DISCLOSURE = "My advisor Dr. Keller keeps touching me and I am scared to go to lab"
STUDENT_NAME = "Priya Raman"
SMTP_USER = "relay-user"
SMTP_PASSWORD = "relay secret 42"
CREATED_AT = datetime(2026, 12, 4, 15, 0, tzinfo=timezone.utc)


def free_port() -> int:
    """Return a loopback port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass
class MailHandler:
    """An aiosmtpd handler that keeps accepted messages, or rejects with `reply`."""

    reply: str | None = None  # e.g. "451 4.3.0 Try again later"
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[Envelope] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        if self.reply is not None:
            return self.reply
        assert isinstance(envelope.content, bytes)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.envelopes.append(envelope)
        self.received.set()
        return "250 Message accepted for delivery"


def check_login(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    """Accept only SMTP_USER with SMTP_PASSWORD."""
    valid = isinstance(data, LoginPassword) and (
        data.login.decode(),
        data.password.decode(),
    ) == (SMTP_USER, SMTP_PASSWORD)
    # handled=False makes aiosmtpd send the 535 reply itself on failure.
    return AuthResult(success=valid, handled=False)


@dataclass
class SmtpServer:
    """A running aiosmtpd server and the handler that records its mail."""

    port: int
    handler: MailHandler
    controller: Controller


@dataclass
class WebhookServer:
    """A loopback HTTP server that records JSON posts and responds with `status`."""

    address: str  # host:port
    status: int = 200
    posts: list[dict[str, Any]] = field(default_factory=list)


def email_settings(port: int, **overrides: Any) -> NotifySettings:
    """Settings that send plain SMTP to 127.0.0.1:`port`."""
    values: dict[str, Any] = {
        "public_url": "https://hnpm.example.edu",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_tls": "none",
        "sender": "hnpm@example.edu",
        "recipients": ("coordinator@example.edu", "deputy@example.edu"),
    }
    values.update(overrides)
    return NotifySettings(**values)


def store_handoff(
    database: Database,
    channels: tuple[str, ...] = ("email",),
    category: str = "title_ix",
    priority: str = "high",
) -> int:
    """Store a handoff whose transcript contains DISCLOSURE and STUDENT_NAME."""
    draft = HandoffDraft(
        sender_id="conversation-7",
        category=category,
        priority=priority,
        due_at=CREATED_AT + timedelta(hours=4),
        transcript=[
            TranscriptLine("user", f"Hi, I'm {STUDENT_NAME}", CREATED_AT),
            TranscriptLine("user", DISCLOSURE, CREATED_AT),
        ],
    )
    with database.session() as session:
        return create_handoff(session, draft, notify_channels=channels)
