"""Routes of the coordinator console: its pages, session and handoff actions."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Route

from assistant.web.auth import (
    logout_endpoint,
    session_endpoint,
    session_login_endpoint,
)
from assistant.web.console_actions import (
    claim_endpoint,
    hand_back_endpoint,
    reply_endpoint,
    resolve_endpoint,
)

CONSOLE_PAGE = Path(__file__).resolve().parent / "static" / "console.html"
HANDOFF_ACTIONS = {
    "claim": claim_endpoint,
    "reply": reply_endpoint,
    "hand-back": hand_back_endpoint,
    "resolve": resolve_endpoint,
}


async def console_page_endpoint(request: Request) -> FileResponse:
    """Serve the console page, which shows a handoff when its path names one."""
    return FileResponse(
        CONSOLE_PAGE, media_type="text/html", headers={"Cache-Control": "no-store"}
    )


def console_routes() -> list[Route]:
    """Return the console's routes, to add to the app's."""
    routes = [
        Route("/console", console_page_endpoint, methods=["GET"]),
        Route(
            "/console/handoffs/{handoff_id:int}", console_page_endpoint, methods=["GET"]
        ),
        Route("/api/session", session_endpoint, methods=["GET"]),
        Route("/api/session", session_login_endpoint, methods=["POST"]),
        Route("/api/session", logout_endpoint, methods=["DELETE"]),
    ]
    for action, endpoint in HANDOFF_ACTIONS.items():
        path = f"/api/handoffs/{{handoff_id:int}}/{action}"
        routes.append(Route(path, endpoint, methods=["POST"]))
    return routes
