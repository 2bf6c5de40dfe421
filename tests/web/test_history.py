"""Conversion of Rasa tracker events to the widget's message history.

The endpoint itself runs against the real Rasa server in tests/e2e/test_socketio.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.testclient import TestClient

from assistant.web.history import history_from_tracker, message_from_event

MakeClient = Callable[..., TestClient]

TRACKER: dict[str, Any] = {
    "slots": {"coordinator_active": True},
    "events": [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {
            "event": "user",
            "text": '/inform{"program": "mpp"}',
            "timestamp": 2.0,
            "metadata": {"client_id": "abc123", "display_text": "MPP"},
        },
        {
            "event": "bot",
            "text": "Are you a new student?",
            "timestamp": 3.0,
            "data": {"buttons": [{"title": "New", "payload": "/inform"}]},
            "metadata": {},
        },
        {
            "event": "bot",
            "text": "Hi, I'm Dana.",
            "timestamp": 4.0,
            "metadata": {"coordinator": "Dana"},
        },
        {"event": "bot", "text": None, "timestamp": 5.0, "data": {}},
        {"event": "slot", "name": "coordinator_active", "value": True},
        "not an event",
    ],
}


def test_history_keeps_messages_in_order() -> None:
    body = history_from_tracker("s1", TRACKER)

    roles = [message["role"] for message in body["messages"]]
    assert roles == ["user", "bot", "coordinator"]
    assert body["coordinator_active"] is True
    assert body["session_id"] == "s1"


def test_user_message_shows_button_title() -> None:
    user = history_from_tracker("s1", TRACKER)["messages"][0]

    assert user == {
        "role": "user",
        "text": "MPP",
        "timestamp": 2.0,
        "client_id": "abc123",
    }


def test_bot_buttons_become_quick_replies() -> None:
    bot = history_from_tracker("s1", TRACKER)["messages"][1]

    assert bot["quick_replies"] == [{"title": "New", "payload": "/inform"}]
    assert bot["timestamp"] == 3.0


def test_coordinator_message_has_name() -> None:
    coordinator = history_from_tracker("s1", TRACKER)["messages"][2]

    assert coordinator["coordinator"] == "Dana"
    assert coordinator["text"] == "Hi, I'm Dana."


def test_custom_payload_without_text_is_kept() -> None:
    event = {"event": "bot", "timestamp": 6.0, "data": {"custom": {"type": "x"}}}

    assert message_from_event(event) == {
        "role": "bot",
        "text": "",
        "timestamp": 6.0,
        "custom": {"type": "x"},
    }


def test_malformed_tracker_gives_empty_history() -> None:
    for tracker in (None, [], {"events": "nope", "slots": []}):
        body = history_from_tracker("s1", tracker)
        assert body["messages"] == []
        assert body["coordinator_active"] is False


def test_endpoint_rejects_bad_session_id(make_client: MakeClient) -> None:
    client = make_client()

    response = client.get("/api/conversations/bad id!/messages")

    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == "*"


def test_endpoint_reports_rasa_down(make_client: MakeClient) -> None:
    client = make_client()  # Rasa's URL refuses connections

    response = client.get("/api/conversations/abc123/messages")

    assert response.status_code == 503
    assert "unavailable" in response.json()["error"]
