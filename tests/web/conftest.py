"""Fixtures of the web tests: a stand-in Rasa server on loopback and app clients."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest
from stand_in import StandIn, serve_stand_in
from starlette.testclient import TestClient

from assistant.config import Settings, load_settings
from assistant.store import Database, create_coordinator
from assistant.web import create_app

COORDINATOR_EMAIL = "coordinator@example.edu"
COORDINATOR_PASSWORD = "correct horse battery"


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    """A stand-in Rasa and action server on a free loopback port."""
    with serve_stand_in() as server:
        yield server


@pytest.fixture
def closed_url() -> str:
    """A loopback URL on which nothing listens, so connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def make_settings(database: Database, rasa_url: str, action_url: str) -> Settings:
    return load_settings(
        {
            "HNPM_DATABASE_URL": database.url,
            "HNPM_RASA_URL": rasa_url,
            "HNPM_ACTION_URL": action_url,
        }
    )


@pytest.fixture
def make_client(
    sqlite_database: Database, closed_url: str
) -> Iterator[Callable[..., TestClient]]:
    """Return a starter of app clients, with Rasa and the action server down by default.

    Each client runs the app's lifespan until the test ends.
    """
    clients: list[TestClient] = []

    def start(
        rasa_url: str = closed_url,
        action_url: str = closed_url,
        database: Database = sqlite_database,
    ) -> TestClient:
        app = create_app(make_settings(database, rasa_url, action_url), database)
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def credentials(sqlite_database: Database) -> dict[str, str]:
    """The login body of a new coordinator account on `sqlite_database`."""
    with sqlite_database.session() as session:
        create_coordinator(session, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
    return {"email": COORDINATOR_EMAIL, "password": COORDINATOR_PASSWORD}
