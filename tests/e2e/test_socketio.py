"""The widget's socket.io channel, its history endpoint and the coordinator relay.

The clients here do what the widget does: request a session, send messages with the
session id, and collect `bot_uttered` and `coordinator_status` events. They use the
polling transport, because python-engineio's WebSocket client fails against Rasa's
aiohttp version.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
import pytest
import socketio

from tests.e2e.conftest import Servers
from tests.e2e.test_conversation import BAD_INPUTS

pytestmark = pytest.mark.e2e

REPLY_TIMEOUT_SECONDS = 60
# Rasa sends each bot message of a turn as its own event, and the last one arrives
# shortly after the first. The tests collect events for this long after the first.
SETTLE_SECONDS = 2.0
# A reply to "hello" takes about a second on a 2-core machine; a dropped message gets
# none within this time.
SILENCE_SECONDS = 10
# Longer than the session expiration of domain.yml (60 minutes).
EXPIRED_SECONDS = 2 * 3600


class WidgetClient:
    """A socket.io client that joins one conversation session, like the widget."""

    def __init__(self, servers: Servers, session_id: str | None = None) -> None:
        self.servers = servers
        self.session_id = session_id or uuid.uuid4().hex
        self.client = socketio.AsyncClient()
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.arrived = asyncio.Event()
        self.confirmed = asyncio.Event()
        for name in ("bot_uttered", "coordinator_status"):
            self.client.on(name, self._collector(name))
        self.client.on("session_confirm", lambda _: self.confirmed.set())

    def _collector(self, name: str) -> Any:
        async def collect(data: dict[str, Any]) -> None:
            self.events.append((name, data))
            self.arrived.set()

        return collect

    async def __aenter__(self) -> WidgetClient:
        await self.client.connect(
            self.servers.rasa_url, socketio_path="/socket.io", transports=["polling"]
        )
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self.confirmed.wait(), REPLY_TIMEOUT_SECONDS)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.client.disconnect()

    def replies(self) -> list[dict[str, Any]]:
        return [data for name, data in self.events if name == "bot_uttered"]

    async def say(self, message: str, **metadata: str) -> list[dict[str, Any]]:
        """Send a message and return the `bot_uttered` bodies that follow it."""
        before = len(self.replies())
        self.arrived.clear()
        await self.client.emit(
            "user_uttered",
            {"message": message, "session_id": self.session_id, "metadata": metadata},
        )
        await self.wait_for_events()
        return self.replies()[before:]

    async def wait_for_events(self) -> None:
        await asyncio.wait_for(self.arrived.wait(), REPLY_TIMEOUT_SECONDS)
        await asyncio.sleep(SETTLE_SECONDS)


def text_of(replies: list[dict[str, Any]]) -> str:
    return " ".join(str(reply.get("text", "")) for reply in replies)


async def relay(
    servers: Servers, body: Any, token: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token or servers.relay_token}"}
    async with httpx.AsyncClient() as client:
        return await client.post(
            f"{servers.rasa_url}/webhooks/socketio/relay",
            json=body,
            headers=headers,
            timeout=30,
        )


async def history(servers: Servers, session_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        response = await client.get(
            f"{servers.web_url}/api/conversations/{session_id}/messages", timeout=30
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_persistent_session_gets_replies(servers: Servers) -> None:
    """Fails with Rasa 3.6's own channel, whose room join is never awaited."""
    async with WidgetClient(servers) as widget:
        replies = await widget.say("hello")

    assert "Title IX" in text_of(replies)
    assert all(isinstance(reply.get("timestamp"), float) for reply in replies)


async def test_second_tab_gets_same_replies(servers: Servers) -> None:
    async with WidgetClient(servers) as first:
        async with WidgetClient(servers, first.session_id) as second:
            await first.say("hello")
            await second.wait_for_events()

    assert first.replies()
    assert second.replies() == first.replies()


async def test_reconnect_continues_conversation(servers: Servers) -> None:
    async with WidgetClient(servers) as widget:
        await widget.say("/start_intake")
    async with WidgetClient(servers, widget.session_id) as reconnected:
        replies = await reconnected.say("Maya")

    assert "email" in text_of(replies).lower()


async def test_resource_cards_reach_widget(servers: Servers) -> None:
    async with WidgetClient(servers) as widget:
        replies = await widget.say("I ran out of money for groceries")

    cards = [reply["custom"] for reply in replies if "custom" in reply]
    assert cards, f"no custom payload in {replies}"
    assert cards[0]["type"] == "resources"
    assert cards[0]["resources"]


async def test_history_matches_live_messages(servers: Servers) -> None:
    async with WidgetClient(servers) as widget:
        replies = await widget.say("hello", client_id="c0ffee", display_text="Hi!")

    body = await history(servers, widget.session_id)
    messages = body["messages"]
    user = [message for message in messages if message["role"] == "user"]
    bot_timestamps = [m["timestamp"] for m in messages if m["role"] == "bot"]
    assert body["coordinator_active"] is False
    assert user[0]["client_id"] == "c0ffee"
    assert user[0]["text"] == "Hi!"
    assert [reply["timestamp"] for reply in replies] == bot_timestamps


async def test_repeated_client_id_dropped(servers: Servers) -> None:
    """A widget resends unconfirmed messages after a reconnect; one turn runs."""
    async with WidgetClient(servers) as widget:
        await widget.say("hello", client_id="resent1")
        before = len(widget.replies())
        await widget.client.emit(
            "user_uttered",
            {
                "message": "hello",
                "session_id": widget.session_id,
                "metadata": {"client_id": "resent1"},
            },
        )
        await asyncio.sleep(SILENCE_SECONDS)
        assert widget.replies()[before:] == []

    messages = (await history(servers, widget.session_id))["messages"]
    resent = [m for m in messages if m.get("client_id") == "resent1"]
    assert len(resent) == 1


async def test_history_rejects_bad_session_id(servers: Servers) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.get(
            f"{servers.web_url}/api/conversations/bad%20id!/messages", timeout=30
        )

    assert response.status_code == 400
    assert "session id" in response.json()["error"]


@pytest.mark.parametrize("message", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
async def test_socketio_bad_input_reply(servers: Servers, message: str) -> None:
    async with WidgetClient(servers) as widget:
        replies = await widget.say(message)

    assert replies, "no bot_uttered event"
    assert any(str(reply.get("text", "")).strip() for reply in replies)


async def test_malformed_events_keep_socket_open(servers: Servers) -> None:
    async with WidgetClient(servers) as widget:
        await widget.client.emit("user_uttered", ["not", "an", "object"])
        await widget.client.emit("user_uttered", {"message": "hi", "session_id": 5})
        await widget.client.emit("session_request", "not an object")
        replies = await widget.say("hello")

    assert "Title IX" in text_of(replies)


INVALID_RELAY_BODIES = {
    "not_object": ["joined"],
    "no_sender": {"event": "joined", "coordinator": "Dana"},
    "bad_sender": {"sender_id": "a b", "event": "joined", "coordinator": "Dana"},
    "bad_event": {"sender_id": "x", "event": "kicked", "coordinator": "Dana"},
    "no_coordinator": {"sender_id": "x", "event": "joined"},
    "empty_text": {
        "sender_id": "x",
        "event": "message",
        "text": " ",
        "coordinator": "Dana",
    },
    "text_not_string": {
        "sender_id": "x",
        "event": "message",
        "text": 5,
        "coordinator": "Dana",
    },
}


@pytest.mark.parametrize(
    "body", INVALID_RELAY_BODIES.values(), ids=INVALID_RELAY_BODIES.keys()
)
async def test_relay_rejects_invalid_body(servers: Servers, body: Any) -> None:
    response = await relay(servers, body)

    assert response.status_code == 400
    assert response.json()["ok"] is False


async def test_relay_rejects_bad_token(servers: Servers) -> None:
    body = {"sender_id": "x", "event": "left"}

    wrong = await relay(servers, body, token="wrong-token")
    async with httpx.AsyncClient() as client:
        missing = await client.post(
            f"{servers.rasa_url}/webhooks/socketio/relay", json=body, timeout=30
        )

    assert wrong.status_code == 401
    assert missing.status_code == 401


async def test_relay_unknown_conversation_is_404(servers: Servers) -> None:
    body = {"sender_id": uuid.uuid4().hex, "event": "joined", "coordinator": "Dana"}

    response = await relay(servers, body)

    assert response.status_code == 404


async def join(servers: Servers, widget: WidgetClient) -> None:
    widget.arrived.clear()
    body = {"sender_id": widget.session_id, "event": "joined", "coordinator": "Dana"}
    response = await relay(servers, body)
    assert response.json() == {"ok": True}
    await widget.wait_for_events()


async def say_unanswered(servers: Servers, widget: WidgetClient, text: str) -> None:
    """Send a message during a takeover and check that the bot stays silent.

    Rasa saves the tracker after the turn, so once the message is in the history the
    turn is over, and any bot reply would have been sent before.
    """
    replies_before = len(widget.replies())
    history_before = len((await history(servers, widget.session_id))["messages"])
    await widget.client.emit(
        "user_uttered", {"message": text, "session_id": widget.session_id}
    )

    deadline = time.monotonic() + REPLY_TIMEOUT_SECONDS
    added: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        messages = (await history(servers, widget.session_id))["messages"]
        added = messages[history_before:]
        if any(m["role"] == "user" and m["text"] == text for m in added):
            break
        await asyncio.sleep(0.5)
    else:
        pytest.fail(f"{text!r} never reached the tracker")
    await asyncio.sleep(SETTLE_SECONDS)

    assert [m["role"] for m in added] == ["user"]
    assert widget.replies()[replies_before:] == []


async def test_coordinator_takeover_and_hand_back(servers: Servers) -> None:
    async with WidgetClient(servers) as widget:
        await widget.say("hello")
        await join(servers, widget)
        assert widget.events[-1] == (
            "coordinator_status",
            {"active": True, "coordinator": "Dana"},
        )
        assert (await history(servers, widget.session_id))["coordinator_active"]

        await say_unanswered(servers, widget, "hello again")

        widget.arrived.clear()
        body = {
            "sender_id": widget.session_id,
            "event": "message",
            "text": "Hi, I'm Dana from the program office.",
            "coordinator": "Dana",
        }
        assert (await relay(servers, body)).status_code == 200
        await widget.wait_for_events()
        live = widget.replies()[-1]
        assert live["coordinator"] == "Dana"
        assert live["text"] == body["text"]
        stored = (await history(servers, widget.session_id))["messages"][-1]
        assert stored["role"] == "coordinator"
        assert stored["timestamp"] == live["timestamp"]

        widget.arrived.clear()
        left = {"sender_id": widget.session_id, "event": "left"}
        assert (await relay(servers, left)).status_code == 200
        await widget.wait_for_events()
        assert widget.events[-1] == ("coordinator_status", {"active": False})
        replies = await widget.say("hello")

    assert "Title IX" in text_of(replies)


async def test_safety_reply_during_takeover(servers: Servers) -> None:
    async with WidgetClient(servers) as widget:
        await widget.say("hello")
        await join(servers, widget)
        replies = await widget.say(
            "I've been hurting myself and I don't want to be here anymore"
        )

    assert "988" in text_of(replies)


async def test_takeover_survives_session_expiry(servers: Servers) -> None:
    async with WidgetClient(servers) as widget:
        await widget.say("hello")
        await join(servers, widget)
        # A user message of two hours ago makes Rasa start a new session at the
        # next message, as if the mentee came back after the expiration time.
        old_message = {
            "event": "user",
            "text": "an old message",
            "timestamp": time.time() - EXPIRED_SECONDS,
            "parse_data": {"intent": {"name": "greet", "confidence": 1.0}},
        }
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"{servers.rasa_url}/conversations/{widget.session_id}/tracker/events",
                json=old_message,
                timeout=30,
            )
        assert response.status_code == 200, response.text

        await say_unanswered(servers, widget, "hello again")

    async with httpx.AsyncClient() as client:
        tracker = (
            await client.get(
                f"{servers.rasa_url}/conversations/{widget.session_id}/tracker",
                timeout=30,
            )
        ).json()
    assert any(event["event"] == "session_started" for event in tracker["events"])
    assert tracker["slots"]["coordinator_active"] is True
