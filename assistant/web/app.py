"""The Starlette application: routes, shared services and security headers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import Settings
from assistant.store import Database
from assistant.web.api import get_handoff_endpoint, list_handoffs_endpoint
from assistant.web.auth import login_endpoint
from assistant.web.chat import chat_endpoint
from assistant.web.health import health_endpoint
from assistant.web.services import Services

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"

# The chat page loads only its own script and stylesheet, so other sources are
# blocked, inline scripts included. Images of bot messages may come from any https
# address.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' https: data:; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def create_app(settings: Settings, database: Database | None = None) -> Starlette:
    """Build the web app: chat page, chat proxy, health check and coordinator API.

    The database is not migrated here, because `python -m assistant.web` does that
    before it calls this.
    """
    services = Services(settings, database or Database(settings.database_url))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with httpx.AsyncClient() as client:
            services.http = client
            logger.info("Web app started; Rasa at %s", settings.rasa_url)
            try:
                yield
            finally:
                services.http = None
                services.database.dispose()
                logger.info("Web app stopped")

    routes = [
        Route("/", index_endpoint, methods=["GET"]),
        Route("/health", health_endpoint, methods=["GET"]),
        Route("/api/chat", chat_endpoint, methods=["POST"]),
        Route("/api/login", login_endpoint, methods=["POST"]),
        Route("/api/handoffs", list_handoffs_endpoint, methods=["GET"]),
        Route("/api/handoffs/{handoff_id:int}", get_handoff_endpoint, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeadersMiddleware)],
        lifespan=lifespan,
    )
    app.state.services = services
    return app


async def index_endpoint(request: Request) -> FileResponse:
    """Serve the chat page."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html")


class SecurityHeadersMiddleware:
    """Add SECURITY_HEADERS to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)
