"""What follows a safety reply: denials, reporting questions, relays and repeats."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Servers
from tests.e2e.test_conversation import custom, login, say, texts

pytestmark = pytest.mark.e2e


def handoffs_of(servers: Servers, sender: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{servers.web_url}/api/handoffs",
        headers={"Authorization": f"Bearer {login(servers)}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return [item for item in response.json() if item["sender_id"] == sender]


def test_denial_keeps_crisis_help_and_handoff(servers: Servers) -> None:
    sender = f"denial-{uuid.uuid4().hex}"

    first = say(servers, sender, "i keep thinking about ending it all")
    second = say(servers, sender, "never mind, I'm fine, forget I said that")

    assert custom(first, "handoff") is not None
    assert "988" in texts(second)
    assert [h["status"] for h in handoffs_of(servers, sender)] == ["open"]


def test_repeated_disclosure_keeps_one_ticket(servers: Servers) -> None:
    sender = f"repeat-{uuid.uuid4().hex}"

    say(servers, sender, "can I talk to a real person please")
    reply = say(servers, sender, "honestly I want to kill myself")

    tickets = handoffs_of(servers, sender)
    assert len(tickets) == 1
    assert tickets[0]["priority"] == "urgent"
    assert "988" in texts(reply)


def test_mentor_relay_gets_reporting_duty(servers: Servers) -> None:
    sender = f"relay-{uuid.uuid4().hex}"

    reply = say(
        servers, sender, "my mentee told me a professor has been groping her in lab"
    )

    assert "mandated reporter" in texts(reply)
    assert custom(reply, "handoff") is not None


def test_title_ix_choices_without_details(servers: Servers) -> None:
    sender = f"title-ix-{uuid.uuid4().hex}"

    reply = say(servers, sender, "a guy in my cohort keeps touching me when I say no")
    buttons = [
        button["payload"] for message in reply for button in message.get("buttons", [])
    ]
    secret = say(servers, sender, "please don't report this to anyone")
    general = say(servers, sender, "/continue_general")

    assert "/continue_general" in buttons
    assert "you decide whether to respond" in texts(secret)
    assert "don't have to share any details" in texts(general)
    assert len(handoffs_of(servers, sender)) == 1
