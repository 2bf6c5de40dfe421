"""Socket.io channel of the chat widget, with working session persistence and the
coordinator relay.

Rasa 3.6's channel calls `AsyncServer.enter_room` without awaiting it. Since
python-socketio 5.10 that method is a coroutine, so the socket never joins the
session's room and, with `session_persistence: true`, no reply reaches the widget.
This channel awaits the join, and also:

- sends each bot message as one `bot_uttered` event with the timestamp of its
  tracker event, so that the widget can drop a message it already has, and drops a
  user message whose `client_id` (metadata) it received before;
- sends `custom` payloads as `{"custom": ...}` (Rasa 3.6 passes their keys to
  `AsyncServer.emit` as arguments, which fails for the mentor and resource cards);
- handles malformed events without raising, and cuts very long messages;
- adds `POST /webhooks/socketio/relay`, through which the web app's coordinator
  console joins a conversation, writes to the mentee and hands the conversation back.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from rasa.shared.core.events import BotUttered, Event, SlotSet
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from rasa_addons.takeover_policy import COORDINATOR_ACTIVE_SLOT

logger = logging.getLogger(__name__)

RELAY_TOKEN_VARIABLE = "HNPM_RELAY_TOKEN"
COORDINATOR_STATUS_EVENT = "coordinator_status"
RELAY_EVENTS = ("joined", "message", "left")

# Session ids are random hex strings from the widget or uuid4 hex from here. Sender
# ids of other channels (the REST page) use the same characters.
SESSION_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")
MAX_COORDINATOR_NAME_CHARS = 100
# Rasa's featurizers take over a minute on a 100,000-character message and hold up
# every other conversation meanwhile, so longer messages are cut to this length.
MAX_MESSAGE_CHARS = 10_000
# Client ids of recent user messages, kept to drop a message that a widget sends again
# after a reconnect while the first copy's turn still runs. NOTE: they are kept in
# this process's memory, so with several Rasa processes a resent message may run twice.
MAX_REMEMBERED_CLIENT_IDS = 10_000
TRUNCATED_TEXT = (
    "Your message was very long, so I read only its first 10,000 characters. "
    "Please send the rest in a separate message."
)


class WidgetOutput(SocketIOOutput):
    """Sends each bot message to the session's room as one `bot_uttered` event."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.sio.emit(
            self.bot_message_evt, widget_payload(message), room=recipient_id
        )

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self.send_response(recipient_id, {"custom": json_message, **kwargs})


def widget_payload(message: dict[str, Any]) -> dict[str, Any]:
    """Convert a bot message (`BotUttered.message()`) to the widget's event body.

    Buttons become `quick_replies` of Rasa's socket.io format. The timestamp is that
    of the tracker event, and the history endpoint of the web app reports the same.
    """
    payload: dict[str, Any] = {"text": message.get("text") or ""}
    buttons = message.get("quick_replies") or message.get("buttons") or []
    if buttons:
        payload["quick_replies"] = [
            {
                "content_type": "text",
                "title": str(button.get("title", "")),
                "payload": str(button.get("payload", "")),
            }
            for button in buttons
            if isinstance(button, dict)
        ]
    for key in ("custom", "image", "timestamp", "coordinator"):
        if message.get(key) is not None:
            payload[key] = message[key]
    return payload


@dataclass(frozen=True)
class RelayRequest:
    """A validated request of the coordinator console."""

    sender_id: str
    event: str
    text: str
    coordinator: str


def parse_relay_request(body: Any) -> RelayRequest | str:
    """Return the relay request in `body`, or the reason why it is invalid."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"

    sender_id = body.get("sender_id")
    if not isinstance(sender_id, str) or not SESSION_ID_PATTERN.fullmatch(sender_id):
        return "sender_id must be 1 to 128 letters, digits or ._:- characters"

    event = body.get("event")
    if event not in RELAY_EVENTS:
        return f"event must be one of {', '.join(RELAY_EVENTS)}, got {event!r}"

    coordinator = body.get("coordinator", "")
    if not isinstance(coordinator, str):
        return "coordinator must be a string"
    coordinator = coordinator.strip()
    if event != "left" and not coordinator:
        return f"coordinator (the display name) is required for {event!r}"
    if len(coordinator) > MAX_COORDINATOR_NAME_CHARS:
        return f"coordinator must be at most {MAX_COORDINATOR_NAME_CHARS} characters"

    text = body.get("text", "")
    if not isinstance(text, str):
        return "text must be a string"
    if event == "message" and not text.strip():
        return "text is required for 'message'"
    if len(text) > MAX_MESSAGE_CHARS:
        return f"text must be at most {MAX_MESSAGE_CHARS} characters"

    return RelayRequest(sender_id, str(event), text, coordinator)


def relay_effects(
    request: RelayRequest, now: float
) -> tuple[Event, str, dict[str, Any]]:
    """Return the tracker event, the socket.io event and its body for a request."""
    if request.event == "joined":
        return (
            SlotSet(COORDINATOR_ACTIVE_SLOT, True, timestamp=now),
            COORDINATOR_STATUS_EVENT,
            {"active": True, "coordinator": request.coordinator},
        )
    if request.event == "left":
        return (
            SlotSet(COORDINATOR_ACTIVE_SLOT, False, timestamp=now),
            COORDINATOR_STATUS_EVENT,
            {"active": False},
        )
    uttered = BotUttered(
        request.text, metadata={"coordinator": request.coordinator}, timestamp=now
    )
    body = {"text": request.text, "coordinator": request.coordinator, "timestamp": now}
    return uttered, "bot_uttered", body


def _is_authorized(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, supplied = header.partition(" ")
    if scheme.lower() != "bearer" or not supplied:
        return False
    return hmac.compare_digest(supplied.strip().encode(), token.encode())


def _relay_error(status: int, message: str) -> HTTPResponse:
    return response.json({"ok": False, "error": message}, status=status)


class WidgetSocketIOInput(SocketIOInput):
    """Rasa's `socketio` channel, at the same URL, with the fixes of this module."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._recent_client_ids: OrderedDict[tuple[str, str], None] = OrderedDict()

    def _is_repeat(self, sender_id: str, metadata: dict[str, Any]) -> bool:
        """Record the message's client id and return whether it arrived before."""
        client_id = metadata.get("client_id")
        if not isinstance(client_id, str) or not client_id:
            return False
        key = (sender_id, client_id)
        if key in self._recent_client_ids:
            return True
        self._recent_client_ids[key] = None
        if len(self._recent_client_ids) > MAX_REMEMBERED_CLIENT_IDS:
            self._recent_client_ids.popitem(last=False)
        return False

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return WidgetOutput(self.sio, self.bot_message_evt)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        """Build Rasa's blueprint, then replace its message handlers with ours.

        Registering a handler again for an event replaces the earlier one in
        python-socketio, so the base class keeps its connect and JWT handling.
        """
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by the base class's blueprint()

        sio.on("session_request", namespace=self.namespace)(
            self._session_request_handler(sio)
        )
        sio.on(self.user_message_evt, namespace=self.namespace)(
            self._message_handler(sio, on_new_message)
        )
        blueprint.add_route(
            self._relay_handler(sio), "/relay", methods=["POST"], name="relay"
        )
        return blueprint

    def _session_request_handler(
        self, sio: AsyncServer
    ) -> Callable[[str, Any], Awaitable[None]]:
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            if isinstance(requested, str) and SESSION_ID_PATTERN.fullmatch(requested):
                session_id = requested
            else:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit(
                "session_confirm", session_id, room=sid, namespace=self.namespace
            )
            logger.debug("Socket %s joined session %s.", sid, session_id)

        return session_request

    def _message_handler(
        self,
        sio: AsyncServer,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> Callable[[str, Any], Awaitable[None]]:
        async def handle_message(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            sender_id = await self._sender_of(sio, sid, data)
            if sender_id is None:
                return

            metadata = data.get(self.metadata_key or "metadata")
            metadata = metadata if isinstance(metadata, dict) else {}
            if self._is_repeat(sender_id, metadata):
                logger.debug("Dropped a repeated message in session %s.", sender_id)
                return

            output = WidgetOutput(sio, self.bot_message_evt)
            text = data.get("message")
            text = text if isinstance(text, str) else ""
            if len(text) > MAX_MESSAGE_CHARS:
                text = text[:MAX_MESSAGE_CHARS]
                await output.send_response(
                    sender_id, {"text": TRUNCATED_TEXT, "timestamp": time.time()}
                )

            message = UserMessage(
                text, output, sender_id, input_channel=self.name(), metadata=metadata
            )
            await on_new_message(message)

        return handle_message

    async def _sender_of(
        self, sio: AsyncServer, sid: str, data: dict[str, Any]
    ) -> str | None:
        """Return the conversation id of a message, or None to drop the message."""
        if not self.session_persistence:
            return sid

        session_id = data.get("session_id")
        if not isinstance(session_id, str) or not SESSION_ID_PATTERN.fullmatch(
            session_id
        ):
            logger.warning("Dropped a message of socket %s without a session id.", sid)
            return None
        # A widget that reconnects may send before its session request is handled,
        # and a reply must still reach it.
        if session_id not in sio.rooms(sid, namespace=self.namespace):
            await sio.enter_room(sid, session_id, namespace=self.namespace)
        return session_id

    def _relay_handler(
        self, sio: AsyncServer
    ) -> Callable[[Request], Awaitable[HTTPResponse]]:
        token = os.environ.get(RELAY_TOKEN_VARIABLE, "")
        if not token:
            logger.warning(
                "%s is not set, so the coordinator relay rejects every request.",
                RELAY_TOKEN_VARIABLE,
            )

        async def relay(request: Request) -> HTTPResponse:
            if not token:
                message = f"the relay is off: set {RELAY_TOKEN_VARIABLE}"
                return _relay_error(503, message)
            if not _is_authorized(request, token):
                return _relay_error(401, "missing or invalid bearer token")
            try:
                body = request.json
            except SanicException:
                return _relay_error(400, "the body is not valid JSON")
            parsed = parse_relay_request(body)
            if isinstance(parsed, str):
                return _relay_error(400, parsed)
            return await self._apply_relay(request, sio, parsed)

        return relay

    async def _apply_relay(
        self, request: Request, sio: AsyncServer, relay: RelayRequest
    ) -> HTTPResponse:
        agent = request.app.ctx.agent
        if agent is None or not agent.is_ready():
            return _relay_error(503, "no model is loaded; try again shortly")

        tracker_event, socket_event, socket_body = relay_effects(relay, time.time())
        # The lock keeps the change from interleaving with a turn that the mentee's
        # message started, which saves its own copy of the tracker.
        async with agent.lock_store.lock(relay.sender_id):
            if not await agent.tracker_store.exists(relay.sender_id):
                return _relay_error(404, f"conversation {relay.sender_id} not found")
            processor = agent.processor
            tracker = await processor.fetch_tracker_with_initial_session(
                relay.sender_id
            )
            tracker.update(tracker_event, agent.domain)
            await processor.save_tracker(tracker)

        await sio.emit(
            socket_event, socket_body, room=relay.sender_id, namespace=self.namespace
        )
        logger.info(
            "Coordinator relay: %s in conversation %s.", relay.event, relay.sender_id
        )
        return response.json({"ok": True})
