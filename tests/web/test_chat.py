"""Tests of POST /api/chat: forwarding to Rasa, bad input and Rasa failures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from stand_in import StandIn
from starlette.testclient import TestClient

from assistant.web.chat import (
    EMPTY_MESSAGE_TEXT,
    MAX_MESSAGE_CHARS,
    NO_SENDER_TEXT,
    TOO_LONG_TEXT,
    TRUNCATED_TEXT,
    UNREADABLE_TEXT,
)

MakeClient = Callable[..., TestClient]
SENDER = "3f2a9c0d4b5e6f708192a3b4c5d6e7f8"


@pytest.fixture
def rasa_client(make_client: MakeClient, stand_in: StandIn) -> TestClient:
    return make_client(rasa_url=stand_in.url, action_url=stand_in.url)


def assert_single_reply(response: Any, text: str) -> None:
    assert response.status_code == 200
    messages = response.json()
    assert len(messages) == 1
    assert messages[0]["text"] == text


def test_chat_forwards_to_rasa(rasa_client: TestClient, stand_in: StandIn) -> None:
    response = rasa_client.post("/api/chat", json={"sender": SENDER, "message": "hi"})

    assert response.status_code == 200
    assert response.json() == [{"recipient_id": SENDER, "text": "echo: hi"}]
    assert stand_in.state.received == [{"sender": SENDER, "message": "hi"}]


def test_chat_returns_rasa_messages_unchanged(
    rasa_client: TestClient, stand_in: StandIn
) -> None:
    reply = [
        {
            "recipient_id": SENDER,
            "text": "Which area?",
            "buttons": [{"title": "Career", "payload": '/inform{"area":"career"}'}],
        },
        {
            "recipient_id": SENDER,
            "custom": {
                "type": "mentors",
                "mentors": [{"id": 1, "name": "Ana", "reasons": ["Same program"]}],
            },
        },
    ]
    stand_in.state.webhook_reply = reply

    response = rasa_client.post("/api/chat", json={"sender": SENDER, "message": "go"})

    assert response.json() == reply


def test_chat_passes_long_message_through(
    rasa_client: TestClient, stand_in: StandIn
) -> None:
    message = "x" * MAX_MESSAGE_CHARS

    response = rasa_client.post(
        "/api/chat", json={"sender": SENDER, "message": message}
    )

    assert response.status_code == 200
    assert stand_in.state.received[0]["message"] == message


def test_chat_cuts_overlong_message(rasa_client: TestClient, stand_in: StandIn) -> None:
    message = "I need help with my practicum. " * 4000

    response = rasa_client.post(
        "/api/chat", json={"sender": SENDER, "message": message}
    )

    assert response.status_code == 200
    assert stand_in.state.received[0]["message"] == message[:MAX_MESSAGE_CHARS]
    assert response.json()[0]["text"] == TRUNCATED_TEXT


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (b"", UNREADABLE_TEXT),
        (b"{not json", UNREADABLE_TEXT),
        (b"\xff\xfe\x00", UNREADABLE_TEXT),
        (b'"just a string"', UNREADABLE_TEXT),
        (b"[" * 100_000, UNREADABLE_TEXT),
        (b'{"message": "hi"}', NO_SENDER_TEXT),
        (b'{"sender": "", "message": "hi"}', NO_SENDER_TEXT),
        (b'{"sender": "has spaces", "message": "hi"}', NO_SENDER_TEXT),
        (b'{"sender": 42, "message": "hi"}', NO_SENDER_TEXT),
        (b'{"sender": "abc"}', UNREADABLE_TEXT),
        (b'{"sender": "abc", "message": 7}', UNREADABLE_TEXT),
        (b'{"sender": "abc", "message": "   "}', EMPTY_MESSAGE_TEXT),
    ],
    ids=[
        "empty-body",
        "invalid-json",
        "invalid-utf8",
        "not-object",
        "too-deep",
        "missing-sender",
        "empty-sender",
        "invalid-sender",
        "sender-not-string",
        "missing-message",
        "message-not-string",
        "blank-message",
    ],
)
def test_chat_bad_input_gets_helpful_200(
    rasa_client: TestClient, stand_in: StandIn, body: bytes, text: str
) -> None:
    response = rasa_client.post(
        "/api/chat", content=body, headers={"Content-Type": "application/json"}
    )

    assert_single_reply(response, text)
    assert stand_in.state.received == []


def test_chat_oversized_body_gets_helpful_200(
    rasa_client: TestClient, stand_in: StandIn
) -> None:
    message = "x" * (2 * 1024 * 1024)

    response = rasa_client.post(
        "/api/chat", json={"sender": SENDER, "message": message}
    )

    assert_single_reply(response, TOO_LONG_TEXT)
    assert stand_in.state.received == []


def test_chat_reply_keeps_valid_sender(rasa_client: TestClient) -> None:
    response = rasa_client.post("/api/chat", json={"sender": SENDER, "message": ""})

    assert response.json() == [{"recipient_id": SENDER, "text": EMPTY_MESSAGE_TEXT}]


def assert_unavailable_with_crisis_lines(response: Any) -> None:
    assert response.status_code == 200
    messages = response.json()
    assert len(messages) == 1
    text = messages[0]["text"]
    assert "unavailable" in text
    assert "988" in text
    assert "HOME to 741741" in text
    assert "911" in text


def test_chat_when_rasa_is_down(make_client: MakeClient) -> None:
    client = make_client()  # Rasa's URL is a closed port

    response = client.post("/api/chat", json={"sender": SENDER, "message": "hi"})

    assert_unavailable_with_crisis_lines(response)
    assert response.json()[0]["recipient_id"] == SENDER


@pytest.mark.parametrize("status", [500, 503, 404])
def test_chat_when_rasa_returns_error(
    rasa_client: TestClient, stand_in: StandIn, status: int
) -> None:
    stand_in.state.webhook_status = status

    response = rasa_client.post("/api/chat", json={"sender": SENDER, "message": "hi"})

    assert_unavailable_with_crisis_lines(response)


@pytest.mark.parametrize("reply", [{"text": "not a list"}, ["not an object"]])
def test_chat_when_rasa_returns_unexpected_json(
    rasa_client: TestClient, stand_in: StandIn, reply: object
) -> None:
    stand_in.state.webhook_reply = reply

    response = rasa_client.post("/api/chat", json={"sender": SENDER, "message": "hi"})

    assert_unavailable_with_crisis_lines(response)
