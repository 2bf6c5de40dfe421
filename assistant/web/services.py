"""Objects that the endpoints share, kept in `app.state.services`."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from starlette.requests import Request

from assistant.config import Settings
from assistant.store import Database


@dataclass
class Services:
    """Settings, database and HTTP client shared by the endpoints."""

    settings: Settings
    database: Database
    http: httpx.AsyncClient | None = None  # open while the lifespan runs
    # Readiness of each health check at the previous request, so that only changes
    # are logged.
    last_health: dict[str, bool] = field(default_factory=dict)

    def client(self) -> httpx.AsyncClient:
        if self.http is None:
            raise RuntimeError(
                "the HTTP client is closed: run the app through its lifespan "
                "(uvicorn, or `with TestClient(app)` in tests)"
            )
        return self.http


def get_services(request: Request) -> Services:
    """Return the services of the app that received the request."""
    services = request.app.state.services
    if not isinstance(services, Services):
        raise RuntimeError(
            "app.state.services is missing: build the app with create_app"
        )
    return services
