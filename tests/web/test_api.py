"""Tests of the coordinator API: token checks, handoff list and handoff details."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from starlette.testclient import TestClient

from assistant.profiles import MenteeProfile
from assistant.store import (
    Database,
    HandoffDraft,
    TranscriptLine,
    create_handoff,
    save_intake,
)

MakeClient = Callable[..., TestClient]
NOW = datetime(2026, 3, 6, 20, 30, tzinfo=timezone.utc)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()


@pytest.fixture
def auth(client: TestClient, credentials: dict[str, str]) -> dict[str, str]:
    token = client.post("/api/login", json=credentials).json()["token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def handoff_ids(sqlite_database: Database) -> tuple[int, int]:
    """Store a normal handoff with an intake and an urgent one without."""
    mentee = MenteeProfile(
        sender_id="sender-1",
        preferred_name="Sam",
        email="sam@example.edu",
        program="mpp",
        student_status="new",
        support_areas=["career"],
        meeting_modes=["zoom"],
        availability=["weekends"],
        languages=["english"],
        consent=True,
    )
    with sqlite_database.session() as session:
        intake_id = save_intake(session, mentee)
        normal = create_handoff(
            session,
            HandoffDraft(
                sender_id="sender-1",
                category="human",
                priority="normal",
                due_at=NOW + timedelta(days=4),
                transcript=[
                    TranscriptLine("user", "Can I talk to a person?", NOW),
                    TranscriptLine("bot", "Passing you to a coordinator.", NOW),
                    TranscriptLine("coordinator", "Hi, this is Jo.", NOW),
                ],
                notices=["confidentiality"],
                resources=["ombuds"],
                intake_id=intake_id,
            ),
        )
        urgent = create_handoff(
            session,
            HandoffDraft(
                sender_id="sender-2",
                category="crisis",
                priority="urgent",
                due_at=NOW + timedelta(hours=1),
            ),
        )
    return normal, urgent


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-real-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ],
    ids=["missing", "empty-token", "unknown-token", "basic-scheme"],
)
def test_invalid_token_is_401(
    client: TestClient, handoff_ids: tuple[int, int], headers: dict[str, str]
) -> None:
    for path in (
        "/api/handoffs",
        f"/api/handoffs/{handoff_ids[0]}",
        "/api/handoffs/999",
    ):
        response = client.get(path, headers=headers)

        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == "Bearer"
        assert "POST /api/login" in response.json()["error"]


def test_list_handoffs_earliest_deadline_first(
    client: TestClient, auth: dict[str, str], handoff_ids: tuple[int, int]
) -> None:
    normal, urgent = handoff_ids

    response = client.get("/api/handoffs", headers=auth)

    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [urgent, normal]
    assert rows[0] == {
        "id": urgent,
        "sender_id": "sender-2",
        "category": "crisis",
        "priority": "urgent",
        "status": "open",
        "created_at": rows[0]["created_at"],
        "due_at": "2026-03-06T21:30:00+00:00",
    }
    assert datetime.fromisoformat(rows[0]["created_at"]).tzinfo is not None


def test_handoff_detail_has_transcript_in_order(
    client: TestClient, auth: dict[str, str], handoff_ids: tuple[int, int]
) -> None:
    normal, _ = handoff_ids

    response = client.get(f"/api/handoffs/{normal}", headers=auth)

    assert response.status_code == 200
    detail = response.json()
    assert detail["id"] == normal
    assert detail["category"] == "human"
    assert detail["notices"] == ["confidentiality"]
    assert detail["resources"] == ["ombuds"]
    assert [line["sender"] for line in detail["transcript"]] == [
        "user",
        "bot",
        "coordinator",
    ]
    assert detail["transcript"][0] == {
        "sender": "user",
        "text": "Can I talk to a person?",
        "timestamp": "2026-03-06T20:30:00+00:00",
    }
    assert detail["intake"]["preferred_name"] == "Sam"
    assert detail["intake"]["support_areas"] == ["career"]


def test_handoff_detail_without_intake(
    client: TestClient, auth: dict[str, str], handoff_ids: tuple[int, int]
) -> None:
    _, urgent = handoff_ids

    detail = client.get(f"/api/handoffs/{urgent}", headers=auth).json()

    assert detail["intake"] is None
    assert detail["intake_id"] is None
    assert detail["transcript"] == []


def test_unknown_handoff_is_404(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get("/api/handoffs/999", headers=auth)

    assert response.status_code == 404
    assert response.json() == {"error": "Handoff 999 not found."}
