"""The coordinator console API: handoff list and handoff details."""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from assistant.store import (
    Database,
    HandoffDetail,
    HandoffSummary,
    TranscriptLine,
    get_handoff,
    list_handoffs,
)
from assistant.store.models import HANDOFF_PRIORITIES
from assistant.web.auth import authorized_coordinator, unauthorized_response
from assistant.web.console_relay import (
    RasaUnavailable,
    messages_after,
    read_tracker_events,
)
from assistant.web.payloads import error_response
from assistant.web.services import get_services

logger = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "no-store"}


async def list_handoffs_endpoint(request: Request) -> JSONResponse:
    """List handoffs for a coordinator.

    By default every handoff, earliest deadline first. With `order=priority` the
    order of the console's queue: urgent before high before normal, then the
    longest waiting first. With `resolved=false` resolved handoffs are left out.
    """
    coordinator_id = await authorized_coordinator(request)
    if coordinator_id is None:
        return unauthorized_response(request)

    order = request.query_params.get("order", "due")
    resolved = request.query_params.get("resolved", "true")
    if order not in ("due", "priority") or resolved not in ("true", "false"):
        return error_response(
            400,
            'Invalid query: "order" must be "due" or "priority", and "resolved" '
            'must be "true" or "false".',
        )

    database = get_services(request).database
    summaries = await run_in_threadpool(_list, database)
    if resolved == "false":
        summaries = [item for item in summaries if item.status != "resolved"]
    if order == "priority":
        summaries = queue_order(summaries)
    return JSONResponse([summary_json(item) for item in summaries], headers=NO_STORE)


async def get_handoff_endpoint(request: Request) -> JSONResponse:
    """Return one handoff with its transcript and the messages since the handoff.

    The stored transcript ends at the handoff. Later messages, the coordinator's
    included, are read from Rasa's tracker into `live`. When Rasa does not answer,
    `live` is empty and `live_error` says why.
    """
    coordinator_id = await authorized_coordinator(request)
    if coordinator_id is None:
        return unauthorized_response(request)

    handoff_id: int = request.path_params["handoff_id"]
    logger.info("Coordinator %d opened handoff %d", coordinator_id, handoff_id)
    return await handoff_response(request, handoff_id)


async def handoff_response(request: Request, handoff_id: int) -> JSONResponse:
    """Build the detail response of a handoff, or 404."""
    services = get_services(request)
    detail = await run_in_threadpool(_get, services.database, handoff_id)
    if detail is None:
        return error_response(404, f"Handoff {handoff_id} not found.")

    body = detail_json(detail)
    body["live"] = []
    body["live_error"] = None
    if detail.status != "resolved":
        try:
            events = await read_tracker_events(services, detail.sender_id)
            live = messages_after(events, transcript_end(detail))
            body["live"] = [line_json(line) for line in live]
        except RasaUnavailable as error:
            body["live_error"] = str(error)
    return JSONResponse(body, headers=NO_STORE)


def transcript_end(detail: HandoffDetail) -> datetime:
    """Return the time of the last stored message, or of the handoff without any."""
    return max([line.timestamp for line in detail.transcript] + [detail.created_at])


def queue_order(summaries: list[HandoffSummary]) -> list[HandoffSummary]:
    """Sort by priority, urgent first, then by creation time, oldest first."""
    return sorted(
        summaries,
        key=lambda item: (HANDOFF_PRIORITIES.index(item.priority), item.created_at),
    )


def summary_json(summary: HandoffSummary) -> dict[str, Any]:
    """Convert a handoff summary into the JSON object of the list."""
    return {
        "id": summary.id,
        "sender_id": summary.sender_id,
        "category": summary.category,
        "priority": summary.priority,
        "status": summary.status,
        "created_at": summary.created_at.isoformat(),
        "due_at": summary.due_at.isoformat(),
    }


def detail_json(detail: HandoffDetail) -> dict[str, Any]:
    """Convert a handoff into the JSON object of the detail view."""
    intake = None if detail.intake is None else dataclasses.asdict(detail.intake)
    return {
        **summary_json(detail),
        "claimed_at": _iso(detail.claimed_at),
        "resolved_at": _iso(detail.resolved_at),
        "intake_id": detail.intake_id,
        "intake": intake,
        "notices": detail.notices,
        "resources": detail.resources,
        "claimed_by": detail.claimed_by,
        "bot_paused": detail.bot_paused,
        "resolution_note": detail.resolution_note,
        "transcript": [line_json(line) for line in detail.transcript],
    }


def line_json(line: TranscriptLine) -> dict[str, str]:
    """Convert a transcript line into its JSON object."""
    return {
        "sender": line.sender,
        "text": line.text,
        "timestamp": line.timestamp.isoformat(),
    }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _list(database: Database) -> list[HandoffSummary]:
    with database.session() as session:
        return list_handoffs(session)


def _get(database: Database, handoff_id: int) -> HandoffDetail | None:
    with database.session() as session:
        return get_handoff(session, handoff_id)
