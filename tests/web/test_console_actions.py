"""Tests of the handoff actions (claim, reply, hand back, resolve) and the live view.

A stand-in Rasa server on loopback serves the relay endpoint and the tracker, so
the tests check what the web app sends to the mentee's chat.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.config import load_settings
from assistant.store import (
    Database,
    HandoffDraft,
    TranscriptLine,
    create_coordinator,
    create_handoff,
    get_handoff,
    set_handoff_status,
)
from assistant.store.models import Handoff as HandoffRow
from assistant.web import create_app
from assistant.web.console_relay import RELAY_PATH, display_name

RELAY_TOKEN = "relay-secret-for-tests"
SENDER = "mentee-1"
HANDED_OFF_AT = datetime(2026, 12, 4, 15, 0, tzinfo=timezone.utc)


@dataclass
class FakeRasa:
    url: str = ""
    relay_status: int = 200
    events: list[dict[str, Any]] = field(default_factory=list)
    relayed: list[dict[str, Any]] = field(default_factory=list)


def build_fake_rasa(rasa: FakeRasa) -> Starlette:
    async def relay(request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {RELAY_TOKEN}":
            return JSONResponse({"error": "bad token"}, status_code=401)
        if rasa.relay_status != 200:
            return JSONResponse({"error": "failure"}, status_code=rasa.relay_status)
        rasa.relayed.append(await request.json())
        return JSONResponse({"ok": True})

    async def tracker(request: Request) -> JSONResponse:
        sender_id = request.path_params["sender_id"]
        return JSONResponse({"sender_id": sender_id, "events": rasa.events})

    return Starlette(
        routes=[
            Route(RELAY_PATH, relay, methods=["POST"]),
            Route("/conversations/{sender_id}/tracker", tracker),
        ]
    )


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    rasa = FakeRasa()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    rasa.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(
        build_fake_rasa(rasa), log_level="warning", lifespan="off", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the fake Rasa server did not start"
        time.sleep(0.01)
    yield rasa
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def start_client(database: Database, rasa_url: str) -> Iterator[TestClient]:
    settings = load_settings(
        {
            "HNPM_DATABASE_URL": database.url,
            "HNPM_RASA_URL": rasa_url,
            "HNPM_RELAY_TOKEN": RELAY_TOKEN,
        }
    )
    with TestClient(create_app(settings, database)) as client:
        yield client


def log_in(client: TestClient, email: str) -> dict[str, str]:
    token = client.post(
        "/api/login", json={"email": email, "password": "a long password"}
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def client(sqlite_database: Database, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    with sqlite_database.session() as session:
        create_coordinator(session, "jo@example.edu", "a long password")
        create_coordinator(session, "kim@example.edu", "a long password")
    yield from start_client(sqlite_database, fake_rasa.url)


@pytest.fixture
def jo(client: TestClient) -> dict[str, str]:
    return log_in(client, "jo@example.edu")


@pytest.fixture
def kim(client: TestClient) -> dict[str, str]:
    return log_in(client, "kim@example.edu")


@pytest.fixture
def handoff_id(sqlite_database: Database) -> int:
    with sqlite_database.session() as session:
        handoff_id = create_handoff(
            session,
            HandoffDraft(
                sender_id=SENDER,
                category="human",
                priority="normal",
                due_at=HANDED_OFF_AT + timedelta(days=2),
                transcript=[
                    TranscriptLine("user", "Can I talk to a person?", HANDED_OFF_AT)
                ],
            ),
        )
        row = session.get(HandoffRow, handoff_id)
        row.created_at = HANDED_OFF_AT
    return handoff_id


def event(kind: str, text: str, seconds_after: float, **extra: Any) -> dict[str, Any]:
    stamp = (HANDED_OFF_AT + timedelta(seconds=seconds_after)).timestamp()
    return {"event": kind, "text": text, "timestamp": stamp, **extra}


def action(client: TestClient, handoff_id: int, name: str, **kw: Any) -> Any:
    return client.post(f"/api/handoffs/{handoff_id}/{name}", **kw)


def test_claim_relays_join_and_pauses_bot(
    client: TestClient, fake_rasa: FakeRasa, jo: dict[str, str], handoff_id: int
) -> None:
    response = action(client, handoff_id, "claim", headers=jo)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "claimed"
    assert body["bot_paused"] is True
    assert body["claimed_by"] is not None
    assert fake_rasa.relayed == [
        {
            "sender_id": SENDER,
            "event": "joined",
            "text": "",
            "coordinator": "Jo",
        }
    ]


def test_reply_relays_message(
    client: TestClient, fake_rasa: FakeRasa, jo: dict[str, str], handoff_id: int
) -> None:
    action(client, handoff_id, "claim", headers=jo)

    response = action(
        client, handoff_id, "reply", headers=jo, json={"text": "  Hi, this is Jo. "}
    )

    assert response.status_code == 200
    assert fake_rasa.relayed[-1]["event"] == "message"
    assert fake_rasa.relayed[-1]["text"] == "Hi, this is Jo."


def test_reply_before_claim_is_409(
    client: TestClient, fake_rasa: FakeRasa, jo: dict[str, str], handoff_id: int
) -> None:
    response = action(client, handoff_id, "reply", headers=jo, json={"text": "Hi"})

    assert response.status_code == 409
    assert "claim it first" in response.json()["error"]
    assert fake_rasa.relayed == []


@pytest.mark.parametrize(
    "body", [{}, {"text": ""}, {"text": "   "}, {"text": 5}, {"text": "x" * 2001}, []]
)
def test_reply_invalid_body_is_400(
    client: TestClient,
    fake_rasa: FakeRasa,
    jo: dict[str, str],
    handoff_id: int,
    body: Any,
) -> None:
    action(client, handoff_id, "claim", headers=jo)

    response = action(client, handoff_id, "reply", headers=jo, json=body)

    assert response.status_code == 400
    assert '"text"' in response.json()["error"]
    assert [item["event"] for item in fake_rasa.relayed] == ["joined"]


def test_claim_by_second_coordinator_is_409(
    client: TestClient,
    fake_rasa: FakeRasa,
    jo: dict[str, str],
    kim: dict[str, str],
    handoff_id: int,
) -> None:
    action(client, handoff_id, "claim", headers=jo)

    response = action(client, handoff_id, "claim", headers=kim)

    assert response.status_code == 409
    assert "another coordinator" in response.json()["error"]
    assert len(fake_rasa.relayed) == 1


def test_hand_back_relays_left(
    client: TestClient, fake_rasa: FakeRasa, jo: dict[str, str], handoff_id: int
) -> None:
    action(client, handoff_id, "claim", headers=jo)

    response = action(client, handoff_id, "hand-back", headers=jo)

    assert response.status_code == 200
    assert response.json()["bot_paused"] is False
    assert response.json()["status"] == "claimed"
    assert fake_rasa.relayed[-1]["event"] == "left"
    again = action(client, handoff_id, "hand-back", headers=jo)
    assert again.status_code == 409


def test_relay_failure_changes_nothing(
    client: TestClient,
    fake_rasa: FakeRasa,
    jo: dict[str, str],
    handoff_id: int,
    sqlite_database: Database,
) -> None:
    fake_rasa.relay_status = 500

    response = action(client, handoff_id, "claim", headers=jo)

    assert response.status_code == 502
    assert "status 500" in response.json()["error"]
    with sqlite_database.session() as session:
        detail = get_handoff(session, handoff_id)
    assert detail is not None
    assert detail.status == "open"
    assert detail.bot_paused is False


def test_claim_with_rasa_down_is_502(
    sqlite_database: Database, closed_url: str, handoff_id: int
) -> None:
    with sqlite_database.session() as session:
        create_coordinator(session, "jo@example.edu", "a long password")
    for client in start_client(sqlite_database, closed_url):
        headers = log_in(client, "jo@example.edu")

        claim = action(client, handoff_id, "claim", headers=headers)
        detail = client.get(f"/api/handoffs/{handoff_id}", headers=headers)

        assert claim.status_code == 502
        assert "did not respond" in claim.json()["error"]
        assert detail.status_code == 200
        assert detail.json()["live"] == []
        assert "did not return the conversation" in detail.json()["live_error"]


def test_unknown_handoff_action_is_404(
    client: TestClient, fake_rasa: FakeRasa, jo: dict[str, str]
) -> None:
    response = action(client, 999, "claim", headers=jo)

    assert response.status_code == 404
    assert response.json()["error"] == "Handoff 999 not found."


def test_detail_shows_live_messages(
    client: TestClient, fake_rasa: FakeRasa, jo: dict[str, str], handoff_id: int
) -> None:
    fake_rasa.events = [
        event("user", "Can I talk to a person?", 0),
        event("bot", "Hi, this is Jo.", 60, metadata={"coordinator": "Jo"}),
        event("user", "Thanks, I am worried about my visa.", 90),
        event("slot", None, 95),
        event("bot", "Back to the bot.", 120),
    ]

    response = client.get(f"/api/handoffs/{handoff_id}", headers=jo)

    assert response.status_code == 200
    live = response.json()["live"]
    assert [(line["sender"], line["text"]) for line in live] == [
        ("coordinator", "Hi, this is Jo."),
        ("user", "Thanks, I am worried about my visa."),
        ("bot", "Back to the bot."),
    ]
    assert response.json()["live_error"] is None


def test_resolve_stores_note_and_live_messages(
    client: TestClient, fake_rasa: FakeRasa, jo: dict[str, str], handoff_id: int
) -> None:
    action(client, handoff_id, "claim", headers=jo)
    fake_rasa.events = [
        event("user", "Can I talk to a person?", 0),
        event("bot", "Hi, this is Jo.", 60, metadata={"coordinator": "Jo"}),
    ]

    response = action(
        client, handoff_id, "resolve", headers=jo, json={"note": "Called back."}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "resolved"
    assert body["resolution_note"] == "Called back."
    assert body["bot_paused"] is False
    assert [line["text"] for line in body["transcript"]] == [
        "Can I talk to a person?",
        "Hi, this is Jo.",
    ]
    assert fake_rasa.relayed[-1]["event"] == "left"
    again = action(client, handoff_id, "resolve", headers=jo, json={"note": "x"})
    assert again.status_code == 409


def test_resolve_without_note_is_400(
    client: TestClient, fake_rasa: FakeRasa, jo: dict[str, str], handoff_id: int
) -> None:
    response = action(client, handoff_id, "resolve", headers=jo, json={"note": " "})

    assert response.status_code == 400
    assert '"note"' in response.json()["error"]


def test_queue_order_priority_then_waiting(
    client: TestClient, jo: dict[str, str], sqlite_database: Database
) -> None:
    drafts = [
        ("a", "normal", 0),
        ("b", "urgent", 30),
        ("c", "high", 10),
        ("d", "urgent", 5),
        ("resolved", "urgent", 1),
    ]
    with sqlite_database.session() as session:
        for sender, priority, minutes in drafts:
            handoff = create_handoff(
                session,
                HandoffDraft(
                    sender_id=sender,
                    category="human",
                    priority=priority,
                    due_at=HANDED_OFF_AT,
                ),
            )
            row = session.get(HandoffRow, handoff)
            row.created_at = HANDED_OFF_AT + timedelta(minutes=minutes)
            if sender == "resolved":
                set_handoff_status(session, handoff, "resolved")

    response = client.get("/api/handoffs?order=priority&resolved=false", headers=jo)

    assert response.status_code == 200
    assert [item["sender_id"] for item in response.json()] == ["d", "b", "c", "a"]


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("jo.smith@example.edu", "Jo Smith"),
        ("kim_lee2@example.edu", "Kim Lee"),
        ("JO@example.edu", "Jo"),
        ("123@example.edu", "A coordinator"),
    ],
)
def test_display_name_from_email(email: str, name: str) -> None:
    assert display_name(email) == name


def test_queue_invalid_order_is_400(client: TestClient, jo: dict[str, str]) -> None:
    response = client.get("/api/handoffs?order=random", headers=jo)

    assert response.status_code == 400
    assert '"order"' in response.json()["error"]
