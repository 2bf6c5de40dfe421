"""The web app's calls to the Rasa server for the console: relay and tracker."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

import httpx

from assistant.store import TranscriptLine
from assistant.web.services import Services

logger = logging.getLogger(__name__)

# The relay endpoint of the socket.io channel in rasa_addons/socketio_channel.py.
RELAY_PATH = "/webhooks/socketio/relay"
RELAY_EVENTS = ("joined", "message", "left")
RASA_TIMEOUT_SECONDS = 10.0
# The name the mentee's widget shows when an account's email gives none.
FALLBACK_NAME = "A coordinator"
MAX_NAME_LENGTH = 100  # the relay endpoint's limit


class RasaUnavailable(Exception):
    """The Rasa server did not respond, or rejected the request."""


def display_name(email: str) -> str:
    """Return the coordinator name shown to the mentee, made from the email.

    NOTE: coordinator accounts store only an email, so "jo.smith@example.edu"
    becomes "Jo Smith"; an address without letters gives FALLBACK_NAME.
    """
    local_part = email.partition("@")[0]
    words = [word for word in re.split(r"[._+\-\d]+", local_part) if word]
    name = " ".join(word.capitalize() for word in words)[:MAX_NAME_LENGTH]
    return name or FALLBACK_NAME


async def send_relay(
    services: Services,
    sender_id: str,
    event: str,
    coordinator: str,
    text: str = "",
) -> None:
    """Send a coordinator's join, message or leave to the mentee's conversation.

    Raises RasaUnavailable with a message for the coordinator when Rasa is down,
    the relay token is not set, or Rasa rejects the call.
    """
    if event not in RELAY_EVENTS:
        raise ValueError(f"invalid relay event {event!r}")
    token = services.settings.relay_token
    if not token:
        raise RasaUnavailable(
            "HNPM_RELAY_TOKEN is not set for the web app, so it cannot reach the "
            "mentee's chat. Start the servers with scripts/run_servers.py."
        )

    url = services.settings.rasa_url + RELAY_PATH
    body = {
        "sender_id": sender_id,
        "event": event,
        "text": text,
        "coordinator": coordinator,
    }
    try:
        response = await services.client().post(
            url,
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=RASA_TIMEOUT_SECONDS,
        )
    except httpx.HTTPError as error:
        logger.error("Relay %s to %s failed: %r", event, url, error)
        raise RasaUnavailable(
            f"The Rasa server at {services.settings.rasa_url} did not respond, so "
            "nothing was sent to the mentee. Try again when it is running."
        ) from None
    if response.status_code != 200:
        logger.error("Relay %s to %s returned %d", event, url, response.status_code)
        raise RasaUnavailable(
            f"The Rasa server rejected the relay with status {response.status_code}, "
            "so nothing was sent to the mentee."
        )
    logger.debug("Relayed %s to conversation %s", event, sender_id)


async def read_tracker_events(
    services: Services, sender_id: str
) -> list[dict[str, Any]]:
    """Return the events of a conversation from Rasa's tracker.

    Raises RasaUnavailable when Rasa does not return a tracker.
    """
    base = services.settings.rasa_url
    url = f"{base}/conversations/{quote(sender_id, safe='')}/tracker"
    try:
        response = await services.client().get(url, timeout=RASA_TIMEOUT_SECONDS)
        response.raise_for_status()
        tracker = response.json()
    except (httpx.HTTPError, ValueError) as error:
        logger.error("Reading the tracker from %s failed: %r", base, error)
        raise RasaUnavailable(
            f"The Rasa server at {base} did not return the conversation, so only "
            "the stored transcript is shown."
        ) from None

    events = tracker.get("events") if isinstance(tracker, dict) else None
    return [event for event in events or [] if isinstance(event, dict)]


def messages_after(
    events: Iterable[Mapping[str, Any]], after: datetime
) -> list[TranscriptLine]:
    """Return the user, bot and coordinator messages later than `after`, oldest first.

    Bot messages sent through the relay carry `metadata.coordinator`.
    """
    lines = []
    for event in events:
        kind = event.get("event")
        seconds = event.get("timestamp")
        if kind not in ("user", "bot") or not isinstance(seconds, (int, float)):
            continue
        timestamp = datetime.fromtimestamp(seconds, tz=timezone.utc)
        if timestamp <= after:
            continue

        text = _message_text(event)
        if not text:
            continue
        sender = "user"
        if kind == "bot":
            metadata = event.get("metadata") or {}
            sender = "coordinator" if metadata.get("coordinator") else "bot"
        lines.append(TranscriptLine(sender, text, timestamp))
    return lines


def _message_text(event: Mapping[str, Any]) -> str:
    if event.get("text"):
        return str(event["text"])
    custom = (event.get("data") or {}).get("custom")
    kind = custom.get("type") if isinstance(custom, dict) else None
    return f"[{kind} card]" if kind else ""
