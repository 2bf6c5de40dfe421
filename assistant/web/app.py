"""The Starlette application: routes, shared services and security headers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import Settings
from assistant.notify.sender import start_notification_sender
from assistant.store import Database
from assistant.web.api import get_handoff_endpoint, list_handoffs_endpoint
from assistant.web.auth import login_endpoint
from assistant.web.chat import chat_endpoint
from assistant.web.console import console_routes
from assistant.web.health import health_endpoint
from assistant.web.history import history_endpoint
from assistant.web.matches_api import match_routes
from assistant.web.page import STATIC_DIR, chat_page_endpoint, security_headers
from assistant.web.services import Services

logger = logging.getLogger(__name__)


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
            sender = start_notification_sender(
                services.database, settings.notify, settings.time_zone
            )
            try:
                yield
            finally:
                if sender is not None:
                    await sender.stop()
                services.http = None
                services.database.dispose()
                logger.info("Web app stopped")

    routes = [
        Route("/", chat_page_endpoint, methods=["GET"]),
        Route("/health", health_endpoint, methods=["GET"]),
        Route("/api/chat", chat_endpoint, methods=["POST"]),
        Route(
            "/api/conversations/{session_id}/messages",
            history_endpoint,
            methods=["GET"],
        ),
        Route("/api/login", login_endpoint, methods=["POST"]),
        Route("/api/handoffs", list_handoffs_endpoint, methods=["GET"]),
        Route("/api/handoffs/{handoff_id:int}", get_handoff_endpoint, methods=["GET"]),
        *console_routes(),
        *match_routes(),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeadersMiddleware, headers=security_headers(settings))
        ],
        lifespan=lifespan,
    )
    app.state.services = services
    return app


class SecurityHeadersMiddleware:
    """Add the given headers to every HTTP response."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
