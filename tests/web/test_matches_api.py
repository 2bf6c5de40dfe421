"""The matches and mentors API: listing, approve, decline, rematch and bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from assistant.profiles import MenteeProfile, MentorProfile
from assistant.store import (
    Database,
    create_match_request,
    list_mentors,
    save_intake,
    upsert_mentors,
)

MakeClient = Callable[..., TestClient]


def mentor(email: str, capacity: int) -> MentorProfile:
    return MentorProfile(
        id=0,
        name=email.split("@")[0].title(),
        email=email,
        status="current_student",
        program="mpp",
        graduation_year=2027,
        support_areas=["career"],
        themes=[],
        languages=["english"],
        meeting_modes=["zoom"],
        availability=["weekends"],
        capacity=capacity,
    )


def mentee(sender_id: str) -> MenteeProfile:
    return MenteeProfile(
        sender_id=sender_id,
        preferred_name=sender_id.title(),
        email=f"{sender_id}@example.edu",
        program="mpp",
        student_status="new",
        support_areas=["career"],
        meeting_modes=["zoom"],
        availability=["weekends"],
        languages=["english"],
        consent=True,
    )


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()


@pytest.fixture
def auth(client: TestClient, credentials: dict[str, str]) -> dict[str, str]:
    token = client.post("/api/login", json=credentials).json()["token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def matches(sqlite_database: Database) -> dict[str, int]:
    """Two pending requests (ana, ben) for a mentor with one place."""
    with sqlite_database.session() as session:
        upsert_mentors(session, [mentor("olive@example.edu", 1)])
        [olive] = list_mentors(session)
        ids = {"mentor": olive.id}
        for sender_id in ("ana", "ben"):
            intake_id = save_intake(session, mentee(sender_id))
            ids[sender_id] = create_match_request(
                session, sender_id, intake_id, olive.id, score=5.5, reasons=["Why"]
            )
    return ids


def post(client: TestClient, auth: dict[str, str], path: str, body: Any = None) -> Any:
    return client.post(path, headers=auth, json=body)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/matches"),
        ("GET", "/api/mentors"),
        ("POST", "/api/matches/1/approve"),
        ("POST", "/api/matches/1/decline"),
        ("POST", "/api/matches/1/rematch"),
    ],
)
def test_endpoints_need_coordinator(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)

    assert response.status_code == 401


def test_list_pending_matches(
    client: TestClient, auth: dict[str, str], matches: dict[str, int]
) -> None:
    response = client.get("/api/matches?status=pending", headers=auth)

    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body] == [matches["ben"], matches["ana"]]
    first = body[1]
    assert first["status"] == "pending"
    assert first["score"] == 5.5
    assert first["reasons"] == ["Why"]
    assert first["decided_at"] is None
    assert first["decline_reason"] is None
    assert first["mentee"]["sender_id"] == "ana"
    assert first["mentee"]["support_areas"] == ["career"]
    assert first["mentor"] == {
        "id": matches["mentor"],
        "name": "Olive",
        "email": "olive@example.edu",
    }


def test_list_rejects_unknown_status(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get("/api/matches?status=done", headers=auth)

    assert response.status_code == 400
    assert "Invalid status 'done'" in response.json()["error"]


def test_approve_then_capacity_conflict(
    client: TestClient, auth: dict[str, str], matches: dict[str, int]
) -> None:
    approved = post(client, auth, f"/api/matches/{matches['ana']}/approve")
    full = post(client, auth, f"/api/matches/{matches['ben']}/approve")
    twice = post(client, auth, f"/api/matches/{matches['ana']}/approve")

    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["decided_at"] is not None
    assert full.status_code == 409
    assert "at capacity (1 of 1 places taken)" in full.json()["error"]
    assert twice.status_code == 409
    assert "it is approved, not pending" in twice.json()["error"]


def test_decline_with_reason(
    client: TestClient, auth: dict[str, str], matches: dict[str, int]
) -> None:
    response = post(
        client, auth, f"/api/matches/{matches['ana']}/decline", {"reason": "Leave"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert response.json()["decline_reason"] == "Leave"
    listed = client.get("/api/matches?status=declined", headers=auth).json()
    assert [item["id"] for item in listed] == [matches["ana"]]


@pytest.mark.parametrize(
    "body",
    [None, {}, {"reason": ""}, {"reason": "   "}, {"reason": 7}, ["Leave"], "x"],
    ids=["no-body", "no-reason", "empty", "blank", "number", "list", "string"],
)
def test_decline_rejects_bad_body(
    client: TestClient, auth: dict[str, str], matches: dict[str, int], body: Any
) -> None:
    response = post(client, auth, f"/api/matches/{matches['ana']}/decline", body)

    assert response.status_code == 400
    assert "error" in response.json()


def test_decline_rejects_invalid_json(
    client: TestClient, auth: dict[str, str], matches: dict[str, int]
) -> None:
    response = client.post(
        f"/api/matches/{matches['ana']}/decline",
        headers={**auth, "Content-Type": "application/json"},
        content=b"{not json",
    )

    assert response.status_code == 400
    assert response.json()["error"].startswith("Invalid request body")


def test_rematch_frees_the_place(
    client: TestClient, auth: dict[str, str], matches: dict[str, int]
) -> None:
    post(client, auth, f"/api/matches/{matches['ana']}/approve")

    ended = post(
        client,
        auth,
        f"/api/matches/{matches['ana']}/rematch",
        {"requested_by": "mentor", "reason": "Moving abroad"},
    )
    approved = post(client, auth, f"/api/matches/{matches['ben']}/approve")

    assert ended.status_code == 200
    assert ended.json()["status"] == "ended"
    assert ended.json()["ended_by"] == "mentor"
    assert ended.json()["end_reason"] == "Moving abroad"
    assert approved.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"requested_by": "coordinator", "reason": "x"},
        {"reason": "x"},
        {"requested_by": "mentee", "reason": 3},
    ],
    ids=["wrong-requester", "no-requester", "number-reason"],
)
def test_rematch_rejects_bad_body(
    client: TestClient, auth: dict[str, str], matches: dict[str, int], body: Any
) -> None:
    post(client, auth, f"/api/matches/{matches['ana']}/approve")

    response = post(client, auth, f"/api/matches/{matches['ana']}/rematch", body)

    assert response.status_code == 400
    assert '"requested_by"' in response.json()["error"]


def test_rematch_of_pending_conflicts(
    client: TestClient, auth: dict[str, str], matches: dict[str, int]
) -> None:
    response = post(
        client,
        auth,
        f"/api/matches/{matches['ana']}/rematch",
        {"requested_by": "mentee", "reason": ""},
    )

    assert response.status_code == 409
    assert "it is pending, not approved" in response.json()["error"]


@pytest.mark.parametrize("action", ["approve", "decline", "rematch"])
@pytest.mark.parametrize("match_id", [999, 0, 2**63])
def test_unknown_match_is_404(
    client: TestClient, auth: dict[str, str], action: str, match_id: int
) -> None:
    body = {"reason": "r", "requested_by": "mentee"}

    response = post(client, auth, f"/api/matches/{match_id}/{action}", body)

    assert response.status_code == 404
    assert response.json()["error"] == f"Match {match_id} not found."


def test_list_mentors(
    client: TestClient, auth: dict[str, str], matches: dict[str, int]
) -> None:
    post(client, auth, f"/api/matches/{matches['ana']}/approve")

    response = client.get("/api/mentors", headers=auth)

    assert response.status_code == 200
    [olive] = response.json()
    assert olive["id"] == matches["mentor"]
    assert olive["status"] == "current_student"
    assert olive["capacity"] == 1
    assert olive["active_matches"] == 1
    assert olive["pending_matches"] == 1
    assert olive["active"] is True
    assert olive["meeting_modes"] == ["zoom"]
