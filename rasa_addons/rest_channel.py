"""REST input channel that answers malformed requests instead of failing them."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.request import Request

logger = logging.getLogger(__name__)


def _body(request: Request) -> dict[str, Any]:
    """Return the JSON body as a dict, or an empty dict when it is not one.

    Rasa 3.6's RestInput reads `request.json` directly: invalid JSON makes Sanic
    answer 400 and a JSON list makes it fail with 500. Here both become an empty
    message, which the assistant answers with its menu.
    """
    try:
        body = request.json
    except Exception:  # Sanic raises its own InvalidUsage subclasses here.
        logger.info("REST request with an invalid JSON body")
        return {}
    return body if isinstance(body, dict) else {}


class SafeRestInput(RestInput):
    """The `rest` channel, at the same URL, tolerant of malformed bodies."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str | None:
        sender = _body(req).get("sender")
        if isinstance(sender, (str, int)) and str(sender).strip():
            return str(sender)
        # A shared default id would mix strangers' conversations, so each request
        # without a sender gets a conversation of its own.
        return f"anonymous-{uuid.uuid4()}"

    def _extract_message(self, req: Request) -> str | None:
        message = _body(req).get("message")
        return message if isinstance(message, str) else ""

    def _extract_input_channel(self, req: Request) -> str:
        channel = _body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None
