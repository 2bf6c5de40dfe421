"""The message history of a conversation, read from Rasa's tracker for the widget.

`GET /api/conversations/{session_id}/messages` returns the user, bot and coordinator
messages of every session of the conversation, each with the timestamp of its tracker
event, and whether a coordinator has taken over the conversation. The widget replaces
its stored copy with this list after a reload or a reconnect, and drops live messages
that the list already contains, by timestamp.

The session id is the widget's random 128-bit id and works as a bearer secret: who
knows it may read the conversation, as in Rasa's own socket.io channel.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse

from assistant.web.services import get_services

logger = logging.getLogger(__name__)

SESSION_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")
RASA_TIMEOUT = httpx.Timeout(10.0, connect=2.0)
COORDINATOR_ACTIVE_SLOT = "coordinator_active"
# The widget sends the title of a pressed button here, so that the history shows the
# title instead of the button's intent payload.
DISPLAY_TEXT_KEY = "display_text"
MAX_DISPLAY_TEXT_CHARS = 500
# Any page may embed the widget, and the response carries no cookie-based data.
CORS_HEADERS = {"access-control-allow-origin": "*"}


async def history_endpoint(request: Request) -> JSONResponse:
    """Respond with the messages of a conversation, oldest first."""
    session_id = request.path_params["session_id"]
    if not SESSION_ID_PATTERN.fullmatch(session_id):
        return _error(400, "session id must be 1 to 128 letters, digits or ._:-")

    services = get_services(request)
    url = f"{services.settings.rasa_url}/conversations/{session_id}/tracker"
    try:
        response = await services.client().get(
            url, params={"include_events": "AFTER_RESTART"}, timeout=RASA_TIMEOUT
        )
    except httpx.HTTPError as error:
        logger.warning("Reading tracker %s failed: %r", session_id, error)
        return _error(503, "the assistant is unavailable; try again shortly")
    if response.status_code != 200:
        logger.warning(
            "Rasa returned HTTP %d for the tracker of %s",
            response.status_code,
            session_id,
        )
        return _error(503, "the assistant is unavailable; try again shortly")

    try:
        tracker = response.json()
    except ValueError:
        logger.warning("Rasa sent a tracker for %s that is not JSON", session_id)
        return _error(503, "the assistant sent an unreadable history")
    return JSONResponse(history_from_tracker(session_id, tracker), headers=CORS_HEADERS)


def history_from_tracker(session_id: str, tracker: Any) -> dict[str, Any]:
    """Build the response body from Rasa's tracker state (`GET .../tracker`)."""
    tracker = tracker if isinstance(tracker, dict) else {}
    slots = tracker.get("slots")
    active = isinstance(slots, dict) and slots.get(COORDINATOR_ACTIVE_SLOT) is True
    events = tracker.get("events")
    messages = []
    for event in events if isinstance(events, list) else []:
        message = message_from_event(event) if isinstance(event, dict) else None
        if message is not None:
            messages.append(message)
    return {
        "session_id": session_id,
        "coordinator_active": active,
        "messages": messages,
    }


def message_from_event(event: dict[str, Any]) -> dict[str, Any] | None:
    """Convert a `user` or `bot` tracker event to a widget message, else None."""
    kind = event.get("event")
    timestamp = event.get("timestamp")
    if kind not in ("user", "bot") or not isinstance(timestamp, (int, float)):
        return None
    metadata = event.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    raw_text = event.get("text")
    text = raw_text if isinstance(raw_text, str) else ""

    if kind == "user":
        return _user_message(text, timestamp, metadata)

    message: dict[str, Any] = {"role": "bot", "text": text, "timestamp": timestamp}
    coordinator = metadata.get("coordinator")
    if isinstance(coordinator, str) and coordinator:
        message["role"] = "coordinator"
        message["coordinator"] = coordinator
    data = event.get("data")
    data = data if isinstance(data, dict) else {}
    buttons = data.get("quick_replies") or data.get("buttons")
    if isinstance(buttons, list) and buttons:
        message["quick_replies"] = [
            {"title": str(button.get("title", "")), "payload": str(button["payload"])}
            for button in buttons
            if isinstance(button, dict) and "payload" in button
        ]
    if data.get("custom") is not None:
        message["custom"] = data["custom"]
    if not message["text"] and len(message) == 3:
        return None  # an empty bot event, such as a response without text
    return message


def _user_message(
    text: str, timestamp: float, metadata: dict[str, Any]
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "user", "text": text, "timestamp": timestamp}
    display_text = metadata.get(DISPLAY_TEXT_KEY)
    if isinstance(display_text, str) and display_text.strip():
        message["text"] = display_text[:MAX_DISPLAY_TEXT_CHARS]
    client_id = metadata.get("client_id")
    if isinstance(client_id, str) and SESSION_ID_PATTERN.fullmatch(client_id):
        message["client_id"] = client_id
    return message


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=CORS_HEADERS)
