"""Tests of GET /health against a stand-in Rasa server and closed ports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stand_in import StandIn
from starlette.testclient import TestClient

from assistant.store import Database

MakeClient = Callable[..., TestClient]


def test_health_ok_when_all_ready(make_client: MakeClient, stand_in: StandIn) -> None:
    client = make_client(rasa_url=stand_in.url, action_url=stand_in.url)

    response = client.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert "not_ready" not in body
    assert set(body["checks"]) == {"rasa", "action_server", "database"}
    assert all(check["ready"] for check in body["checks"].values())
    assert "20261204-test.tar.gz" in body["checks"]["rasa"]["detail"]


def test_health_503_names_rasa_when_down(
    make_client: MakeClient, stand_in: StandIn, closed_url: str
) -> None:
    client = make_client(rasa_url=closed_url, action_url=stand_in.url)

    response = client.get("/health")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["not_ready"] == ["rasa"]
    assert body["checks"]["rasa"]["ready"] is False
    assert closed_url in body["checks"]["rasa"]["detail"]
    assert "could not connect" in body["checks"]["rasa"]["detail"]
    assert body["checks"]["action_server"]["ready"] is True


def test_health_503_names_action_server_when_down(
    make_client: MakeClient, stand_in: StandIn, closed_url: str
) -> None:
    client = make_client(rasa_url=stand_in.url, action_url=closed_url)

    response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["not_ready"] == ["action_server"]


def test_health_503_when_rasa_has_no_model(
    make_client: MakeClient, stand_in: StandIn
) -> None:
    stand_in.state.model_file = None
    client = make_client(rasa_url=stand_in.url, action_url=stand_in.url)

    response = client.get("/health")

    assert response.status_code == 503
    body = response.json()
    assert body["not_ready"] == ["rasa"]
    assert "no model loaded" in body["checks"]["rasa"]["detail"]


def test_health_503_when_rasa_api_disabled(
    make_client: MakeClient, stand_in: StandIn
) -> None:
    # Without --enable-api Rasa has no /status route, which this path imitates.
    client = make_client(rasa_url=f"{stand_in.url}/missing", action_url=stand_in.url)

    response = client.get("/health")

    assert response.status_code == 503
    detail = response.json()["checks"]["rasa"]["detail"]
    assert "HTTP 404" in detail
    assert "--enable-api" in detail


def test_health_503_names_database_when_unreachable(
    make_client: MakeClient, stand_in: StandIn, tmp_path: Path
) -> None:
    broken = Database(f"sqlite:///{tmp_path / 'missing-folder' / 'hnpm.db'}")
    client = make_client(
        rasa_url=stand_in.url, action_url=stand_in.url, database=broken
    )

    response = client.get("/health")

    assert response.status_code == 503
    body = response.json()
    assert body["not_ready"] == ["database"]
    assert "SELECT 1 failed" in body["checks"]["database"]["detail"]


def test_health_503_lists_every_service_down(
    make_client: MakeClient, tmp_path: Path
) -> None:
    broken = Database(f"sqlite:///{tmp_path / 'missing-folder' / 'hnpm.db'}")
    client = make_client(database=broken)

    response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["not_ready"] == ["rasa", "action_server", "database"]
