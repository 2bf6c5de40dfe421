"""Coordinator actions on a handoff: claim, reply, hand back to the bot, resolve.

Each action first runs its store change in a transaction that is rolled back, so
that an invalid action fails before anything reaches the mentee. Then it relays the
event to the mentee's chat through the Rasa server, and only then stores the change.
When Rasa is down the action fails with 502 and nothing changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from assistant.store import (
    Database,
    HandoffConflict,
    append_transcript,
    check_holder,
    claim_handoff,
    coordinator_email,
    get_handoff,
    hand_back,
    resolve_handoff,
)
from assistant.web.api import handoff_response, transcript_end
from assistant.web.auth import authorized_coordinator, unauthorized_response
from assistant.web.console_relay import (
    RasaUnavailable,
    display_name,
    messages_after,
    read_tracker_events,
    send_relay,
)
from assistant.web.payloads import BodyTooLarge, InvalidJSON, error_response, read_json
from assistant.web.services import get_services

logger = logging.getLogger(__name__)

MAX_REPLY_LENGTH = 2000
MAX_NOTE_LENGTH = 4000
MAX_ACTION_BODY_BYTES = 32 * 1024

Result = TypeVar("Result")


class _Rollback(Exception):
    """Raised inside a session block so that its changes are rolled back."""


class _ActionFailed(Exception):
    def __init__(self, response: JSONResponse) -> None:
        super().__init__(response.status_code)
        self.response = response


async def claim_endpoint(request: Request) -> JSONResponse:
    """Claim the handoff: the coordinator joins the chat and the bot pauses."""
    try:
        coordinator_id, handoff_id, database = await _authorize(request)
        name = await _coordinator_name(database, coordinator_id)

        def claim(session: Session) -> str:
            claim_handoff(session, handoff_id, coordinator_id)
            return _sender_id(session, handoff_id)

        sender_id = await _dry_run(database, claim)
        await _relay(request, sender_id, "joined", name)
        await _apply(database, claim)
        return await handoff_response(request, handoff_id)
    except _ActionFailed as failure:
        return failure.response


async def reply_endpoint(request: Request) -> JSONResponse:
    """Send the coordinator's message to the mentee's chat."""
    try:
        coordinator_id, handoff_id, database = await _authorize(request)
        text = await _read_text(request, "text", MAX_REPLY_LENGTH)
        name = await _coordinator_name(database, coordinator_id)

        def holder(session: Session) -> str:
            return check_holder(session, handoff_id, coordinator_id)

        sender_id = await _dry_run(database, holder)
        await _relay(request, sender_id, "message", name, text)
        logger.info("Coordinator %d replied on handoff %d", coordinator_id, handoff_id)
        return await handoff_response(request, handoff_id)
    except _ActionFailed as failure:
        return failure.response


async def hand_back_endpoint(request: Request) -> JSONResponse:
    """Return the conversation to the bot; the handoff stays open to resolve."""
    try:
        coordinator_id, handoff_id, database = await _authorize(request)
        name = await _coordinator_name(database, coordinator_id)

        def give_back(session: Session) -> str:
            hand_back(session, handoff_id, coordinator_id)
            return _sender_id(session, handoff_id)

        sender_id = await _dry_run(database, give_back)
        await _relay(request, sender_id, "left", name)
        await _apply(database, give_back)
        return await handoff_response(request, handoff_id)
    except _ActionFailed as failure:
        return failure.response


async def resolve_endpoint(request: Request) -> JSONResponse:
    """Resolve the handoff with a note, and store the messages since the handoff.

    The messages exchanged after the handoff live only in Rasa's tracker, so they
    are appended to the stored transcript here. A held conversation is handed back
    to the bot first.
    """
    try:
        coordinator_id, handoff_id, database = await _authorize(request)
        note = await _read_text(request, "note", MAX_NOTE_LENGTH)
        name = await _coordinator_name(database, coordinator_id)

        def resolve(session: Session) -> tuple[str, bool]:
            paused = _bot_paused(session, handoff_id)
            resolve_handoff(session, handoff_id, coordinator_id, note)
            return _sender_id(session, handoff_id), paused

        sender_id, paused = await _dry_run(database, resolve)
        services = get_services(request)
        try:
            events = await read_tracker_events(services, sender_id)
        except RasaUnavailable as error:
            raise _ActionFailed(error_response(502, str(error))) from None
        if paused:
            await _relay(request, sender_id, "left", name)

        def archive_and_resolve(session: Session) -> None:
            detail = get_handoff(session, handoff_id)
            if detail is not None:
                live = messages_after(events, transcript_end(detail))
                append_transcript(session, handoff_id, live)
            resolve(session)

        await _apply(database, archive_and_resolve)
        return await handoff_response(request, handoff_id)
    except _ActionFailed as failure:
        return failure.response


async def _authorize(request: Request) -> tuple[int, int, Database]:
    coordinator_id = await authorized_coordinator(request)
    if coordinator_id is None:
        raise _ActionFailed(unauthorized_response(request))
    handoff_id: int = request.path_params["handoff_id"]
    return coordinator_id, handoff_id, get_services(request).database


async def _read_text(request: Request, name: str, max_length: int) -> str:
    help_text = (
        "The request body must be a JSON object with a non-empty string field "
        f'"{name}" of at most {max_length} characters.'
    )
    try:
        body = await read_json(request, MAX_ACTION_BODY_BYTES)
    except (BodyTooLarge, InvalidJSON) as error:
        raise _ActionFailed(
            error_response(400, f"Invalid request body ({error}). {help_text}")
        ) from None
    value = body.get(name) if isinstance(body, dict) else None
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise _ActionFailed(error_response(400, help_text))
    return value.strip()


async def _relay(
    request: Request, sender_id: str, event: str, name: str, text: str = ""
) -> None:
    try:
        await send_relay(get_services(request), sender_id, event, name, text)
    except RasaUnavailable as error:
        raise _ActionFailed(error_response(502, str(error))) from None


async def _coordinator_name(database: Database, coordinator_id: int) -> str:
    def read() -> str | None:
        with database.session() as session:
            return coordinator_email(session, coordinator_id)

    email = await run_in_threadpool(read)
    return display_name(email or "")


async def _dry_run(database: Database, change: Callable[[Session], Result]) -> Result:
    """Run a store change and roll it back, so that its checks run without a write."""

    def run() -> Result:
        result: list[Result] = []
        try:
            with database.session() as session:
                result.append(change(session))
                raise _Rollback
        except _Rollback:
            return result[0]

    return await _guarded(run)


async def _apply(database: Database, change: Callable[[Session], Any]) -> None:
    def run() -> None:
        with database.session() as session:
            change(session)

    # NOTE: two coordinators acting on one handoff at the same moment can both pass
    # the dry run and both reach the mentee. The store then keeps the later change.
    await _guarded(run)


async def _guarded(run: Callable[[], Result]) -> Result:
    try:
        return await run_in_threadpool(run)
    except LookupError as error:
        raise _ActionFailed(error_response(404, _sentence(error))) from None
    except HandoffConflict as error:
        raise _ActionFailed(error_response(409, _sentence(error))) from None


def _sentence(error: Exception) -> str:
    message = str(error)
    return f"{message[:1].upper()}{message[1:]}."


def _sender_id(session: Session, handoff_id: int) -> str:
    detail = get_handoff(session, handoff_id)
    if detail is None:
        raise LookupError(f"handoff {handoff_id} not found")
    return detail.sender_id


def _bot_paused(session: Session, handoff_id: int) -> bool:
    detail = get_handoff(session, handoff_id)
    if detail is None:
        raise LookupError(f"handoff {handoff_id} not found")
    return detail.bot_paused
