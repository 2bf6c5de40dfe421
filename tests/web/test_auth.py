"""Tests of POST /api/login: tokens, bad bodies, bad credentials and lockout."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from starlette.testclient import TestClient

MakeClient = Callable[..., TestClient]


def test_login_returns_token(
    make_client: MakeClient, credentials: dict[str, str]
) -> None:
    client = make_client()

    response = client.post("/api/login", json=credentials)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    token = response.json()["token"]
    listing = client.get("/api/handoffs", headers={"Authorization": f"Bearer {token}"})
    assert listing.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"email": "a@example.edu"}',
        b'{"email": 5, "password": "x"}',
        b'{"email": "", "password": "long enough"}',
        b'{"email": "a@example.edu", "password": ""}',
        b"[" * 100_000,
    ],
    ids=[
        "empty",
        "not-json",
        "array",
        "no-password",
        "email-not-string",
        "empty-email",
        "empty-password",
        "too-deep",
    ],
)
def test_login_malformed_body_is_400(make_client: MakeClient, body: bytes) -> None:
    client = make_client()

    response = client.post(
        "/api/login", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    message = response.json()["error"]
    assert '"email"' in message
    assert '"password"' in message


def test_login_oversized_body_is_400(make_client: MakeClient) -> None:
    client = make_client()

    response = client.post(
        "/api/login", json={"email": "a@example.edu", "password": "x" * 20_000}
    )

    assert response.status_code == 400


def test_login_wrong_password_is_401(
    make_client: MakeClient, credentials: dict[str, str]
) -> None:
    client = make_client()

    response = client.post(
        "/api/login", json={**credentials, "password": "wrong password"}
    )

    assert response.status_code == 401
    assert response.json() == {"error": "Invalid email or password."}


def test_login_unknown_email_is_401(make_client: MakeClient) -> None:
    client = make_client()

    response = client.post(
        "/api/login", json={"email": "nobody@example.edu", "password": "whatever1"}
    )

    assert response.status_code == 401


def test_login_locks_after_five_failures(
    make_client: MakeClient, credentials: dict[str, str]
) -> None:
    client = make_client()
    wrong = {**credentials, "password": "wrong password"}

    statuses = [client.post("/api/login", json=wrong).status_code for _ in range(5)]
    locked = client.post("/api/login", json=credentials)

    assert statuses == [401, 401, 401, 401, 429]
    assert locked.status_code == 429
    assert "locked until" in locked.json()["error"]
    assert 1 <= int(locked.headers["retry-after"]) <= 15 * 60
