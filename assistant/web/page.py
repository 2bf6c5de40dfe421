"""The chat page, which embeds the widget, and the security headers of every page."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse

from assistant.config import Settings
from assistant.web.services import get_services

STATIC_DIR = Path(__file__).resolve().parent / "static"
RASA_URL_PLACEHOLDER = "__RASA_URL__"


def rasa_origins(rasa_url: str) -> list[str]:
    """Return the HTTP and WebSocket origins of the Rasa server, for connect-src."""
    parts = urlsplit(rasa_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    socket_scheme = "wss" if parts.scheme == "https" else "ws"
    return [f"{parts.scheme}://{parts.netloc}", f"{socket_scheme}://{parts.netloc}"]


def security_headers(settings: Settings) -> list[tuple[bytes, bytes]]:
    """Build the headers that the web app adds to every response.

    The pages load only the app's own scripts and stylesheets, so other sources are
    blocked, inline scripts and styles included. The widget connects to Rasa's
    socket.io channel, over HTTP polling first and then a WebSocket. Images of bot
    messages may come from any https address.
    """
    connect = " ".join(["'self'", *rasa_origins(settings.rasa_url)])
    policy = (
        f"default-src 'self'; connect-src {connect}; img-src 'self' https: data:; "
        "frame-ancestors 'none'"
    )
    return [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]


async def chat_page_endpoint(request: Request) -> HTMLResponse:
    """Serve the chat page with the Rasa URL in the widget's script tag.

    NOTE: the browser gets the URL at which the web app reaches Rasa
    (HNPM_RASA_URL), so both must be able to use the same address.
    """
    settings = get_services(request).settings
    template = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    page = template.replace(
        RASA_URL_PLACEHOLDER, html.escape(settings.rasa_url, quote=True)
    )
    return HTMLResponse(page)
