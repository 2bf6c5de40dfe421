"""The chat proxy from the web page to Rasa's REST channel.

`POST /api/chat` always responds 200 with a list of bot messages in the REST
channel's format, so that the page has something to show. Bad input gets a message
that tells the user what to do, and a Rasa failure gets one message with the crisis
lines.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse

from assistant.web.payloads import BodyTooLarge, InvalidJSON, read_json
from assistant.web.services import get_services

logger = logging.getLogger(__name__)

# Rasa runs the actions of a turn before it responds, so this allows for slow ones.
RASA_TIMEOUT = httpx.Timeout(30.0, connect=2.0)

# The page sends a random hex id. Other clients may send any id of these characters.
SENDER_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")

UNAVAILABLE_TEXT = (
    "Sorry, the assistant is unavailable right now. Please try again later. "
    "If you are in crisis or thinking about suicide, call or text 988 (Suicide & "
    "Crisis Lifeline) or text HOME to 741741 (Crisis Text Line). "
    "In an emergency, call 911."
)
# Rasa's featurizers take over a minute on a 100,000-character message and hold up
# every other conversation meanwhile, so longer messages are cut to this length.
MAX_MESSAGE_CHARS = 10_000
TRUNCATED_TEXT = (
    "Your message was very long, so I read only its first 10,000 characters. "
    "Please send the rest in a separate message."
)
UNREADABLE_TEXT = "Sorry, I could not read that. Please type your message again."
TOO_LONG_TEXT = "Sorry, that message is too long for me. Please send a shorter one."
NO_SENDER_TEXT = (
    "Sorry, I lost track of this conversation. Please reload the page and try again."
)
EMPTY_MESSAGE_TEXT = (
    'Please type a message. You can start with "I would like a mentor" or '
    '"I need to talk to someone".'
)


@dataclass(frozen=True)
class ChatRequest:
    """A message of the page for Rasa."""

    sender: str
    message: str


async def chat_endpoint(request: Request) -> JSONResponse:
    """Forward {sender, message} to Rasa and respond with Rasa's messages."""
    try:
        body = await read_json(request)
    except BodyTooLarge:
        logger.warning("Chat request rejected: body too large")
        return _reply("", TOO_LONG_TEXT)
    except InvalidJSON as error:
        logger.info("Chat request rejected: invalid JSON (%s)", error)
        return _reply("", UNREADABLE_TEXT)

    parsed = parse_chat_request(body)
    if isinstance(parsed, str):
        sender = _sender_of(body)
        return _reply(sender, parsed)

    truncated = len(parsed.message) > MAX_MESSAGE_CHARS
    if truncated:
        parsed = ChatRequest(parsed.sender, parsed.message[:MAX_MESSAGE_CHARS])

    services = get_services(request)
    messages = await forward_to_rasa(
        services.client(), services.settings.rasa_url, parsed
    )
    if messages is None:
        return _reply(parsed.sender, UNAVAILABLE_TEXT)
    if truncated:
        messages.insert(0, {"recipient_id": parsed.sender, "text": TRUNCATED_TEXT})
    return JSONResponse(messages, headers={"Cache-Control": "no-store"})


def parse_chat_request(body: Any) -> ChatRequest | str:
    """Validate the body and return the request, or the reply text when invalid."""
    if not isinstance(body, dict):
        return UNREADABLE_TEXT
    sender = _sender_of(body)
    if not sender:
        return NO_SENDER_TEXT
    message = body.get("message")
    if not isinstance(message, str):
        return UNREADABLE_TEXT
    if not message.strip():
        return EMPTY_MESSAGE_TEXT
    return ChatRequest(sender=sender, message=message)


async def forward_to_rasa(
    client: httpx.AsyncClient, rasa_url: str, chat: ChatRequest
) -> list[dict[str, Any]] | None:
    """Send the message to the REST channel and return its messages, or None.

    None means failure: no connection, a timeout, an HTTP error status, or a body
    that is not a list of objects. Failures are logged with the sender id but never
    with the message text.
    """
    url = f"{rasa_url}/webhooks/rest/webhook"
    payload = {"sender": chat.sender, "message": chat.message}
    try:
        response = await client.post(url, json=payload, timeout=RASA_TIMEOUT)
    except httpx.HTTPError as error:
        logger.warning(
            "Rasa request for sender %s failed: %s", chat.sender, type(error).__name__
        )
        return None
    if response.status_code != 200:
        logger.warning(
            "Rasa returned HTTP %d for sender %s", response.status_code, chat.sender
        )
        return None

    try:
        messages = response.json()
    except ValueError:
        logger.warning("Rasa returned a body that is not JSON for %s", chat.sender)
        return None
    if not isinstance(messages, list) or not all(
        isinstance(message, dict) for message in messages
    ):
        logger.warning("Rasa returned JSON that is not a list of messages")
        return None
    return messages


def _sender_of(body: Any) -> str:
    sender = body.get("sender") if isinstance(body, dict) else None
    if isinstance(sender, str) and SENDER_PATTERN.fullmatch(sender):
        return sender
    return ""


def _reply(sender: str, text: str) -> JSONResponse:
    return JSONResponse(
        [{"recipient_id": sender, "text": text}],
        headers={"Cache-Control": "no-store"},
    )
