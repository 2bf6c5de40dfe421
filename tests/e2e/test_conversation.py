"""Whole conversations over Rasa's REST channel against the three running servers."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Servers

pytestmark = pytest.mark.e2e

Reply = list[dict[str, Any]]


def say(servers: Servers, sender: str, message: str) -> Reply:
    response = httpx.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    reply: Reply = response.json()
    return reply


def texts(reply: Reply) -> str:
    return "\n".join(str(message.get("text", "")) for message in reply)


def custom(reply: Reply, kind: str) -> dict[str, Any] | None:
    for message in reply:
        payload = message.get("custom")
        if isinstance(payload, dict) and payload.get("type") == kind:
            return payload
    return None


def login(servers: Servers) -> str:
    response = httpx.post(
        f"{servers.web_url}/api/login",
        json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


INTAKE_ANSWERS = [
    ("Sam", "email"),
    ("sam.rivera@brandeis.edu", "program"),
    ('/inform{"program": "mpp"}', "continuing student"),
    ("I just started this fall", "support"),
    ("help finding an internship and with my career", "meet"),
    ("zoom works best", "free"),
    ("weekday evenings", "languages"),
    ("skip", "background"),
    ("I'm first-generation", "matters most"),
    ("mostly the internship search", "share your answers"),
]


def test_intake_suggests_mentors_and_stores_choice(servers: Servers) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    greeting = say(servers, sender, "hi")
    assert "Title IX" in texts(greeting)

    reply = say(servers, sender, "I'd like a mentor please")
    assert "name" in texts(reply).lower()
    for answer, next_question in INTAKE_ANSWERS:
        reply = say(servers, sender, answer)
        assert next_question in texts(reply).lower(), (answer, reply)

    reply = say(servers, sender, "yes")
    mentors = custom(reply, "mentors")
    assert mentors is not None, reply
    assert len(mentors["mentors"]) == 3
    assert all(mentor["reasons"] for mentor in mentors["mentors"])
    assert custom(reply, "resources") is not None

    chosen = mentors["mentors"][0]["id"]
    payload = json.dumps({"mentor_id": str(chosen)})
    reply = say(servers, sender, f"/choose_mentor{payload}")
    assert "coordinator" in texts(reply)

    engine = create_engine(servers.database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT mentor_id, status FROM match_requests WHERE sender_id = :s"),
            {"s": sender},
        ).all()
    engine.dispose()
    assert [(row.mentor_id, row.status) for row in rows] == [(chosen, "pending")]


def test_crisis_mid_intake_creates_handoff(servers: Servers) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    say(servers, sender, "can you match me with a mentor")
    reply = say(servers, sender, "Jo")
    assert "email" in texts(reply).lower()

    crisis = "honestly I don't want to be alive anymore"
    reply = say(servers, sender, crisis)
    assert "988" in texts(reply)
    handoff = custom(reply, "handoff")
    assert handoff is not None, reply
    assert handoff["handoff"]["category"] == "crisis"
    assert handoff["handoff"]["priority"] == "urgent"

    token = login(servers)
    headers = {"Authorization": f"Bearer {token}"}
    listing = httpx.get(f"{servers.web_url}/api/handoffs", headers=headers, timeout=10)
    assert listing.status_code == 200
    ids = [item["id"] for item in listing.json() if item["sender_id"] == sender]
    assert ids == [handoff["handoff"]["id"]]

    detail = httpx.get(
        f"{servers.web_url}/api/handoffs/{ids[0]}", headers=headers, timeout=10
    )
    assert detail.status_code == 200
    transcript = detail.json()["transcript"]
    assert {"user", "bot"} <= {line["sender"] for line in transcript}
    assert crisis in [line["text"] for line in transcript if line["sender"] == "user"]


def test_handoff_api_rejects_missing_token(servers: Servers) -> None:
    assert httpx.get(f"{servers.web_url}/api/handoffs", timeout=10).status_code == 401
    assert httpx.get(f"{servers.web_url}/api/handoffs/1", timeout=10).status_code == 401


BAD_INPUTS = {
    "empty": "",
    "whitespace": "   \n\t ",
    "very_long": "help " * 2000,
    "emoji_only": "😀🎉🙏",
    "non_english": "¿Dónde puedo encontrar un mentor que hable español?",
    "html_script": "<script>alert('x')</script><b>hello</b>",
}


@pytest.mark.parametrize("message", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_gets_a_reply(servers: Servers, message: str) -> None:
    reply = say(servers, f"e2e-{uuid.uuid4()}", message)
    assert reply, "empty reply list"
    assert any(str(item.get("text", "")).strip() for item in reply)


RAW_BODIES = {
    "invalid_json": b"{not json",
    "json_list": b'["hello"]',
    "missing_message": b'{"sender": "e2e-raw"}',
    "numeric_message": b'{"sender": "e2e-raw", "message": 42}',
}


@pytest.mark.parametrize("body", RAW_BODIES.values(), ids=RAW_BODIES.keys())
def test_malformed_rest_body_gets_reply(servers: Servers, body: bytes) -> None:
    response = httpx.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        content=body,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert any(str(item.get("text", "")).strip() for item in response.json())
