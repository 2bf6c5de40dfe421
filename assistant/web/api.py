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
    get_handoff,
    list_handoffs,
)
from assistant.web.auth import authorized_coordinator, unauthorized_response
from assistant.web.payloads import error_response
from assistant.web.services import get_services

logger = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "no-store"}


async def list_handoffs_endpoint(request: Request) -> JSONResponse:
    """List every handoff, earliest deadline first, for a valid bearer token."""
    coordinator_id = await authorized_coordinator(request)
    if coordinator_id is None:
        return unauthorized_response()

    database = get_services(request).database
    summaries = await run_in_threadpool(_list, database)
    return JSONResponse([summary_json(item) for item in summaries], headers=NO_STORE)


async def get_handoff_endpoint(request: Request) -> JSONResponse:
    """Return one handoff with transcript, notices, resources and intake."""
    coordinator_id = await authorized_coordinator(request)
    if coordinator_id is None:
        return unauthorized_response()

    handoff_id: int = request.path_params["handoff_id"]
    database = get_services(request).database
    detail = await run_in_threadpool(_get, database, handoff_id)
    if detail is None:
        return error_response(404, f"Handoff {handoff_id} not found.")

    logger.info("Coordinator %d opened handoff %d", coordinator_id, handoff_id)
    return JSONResponse(detail_json(detail), headers=NO_STORE)


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
        "transcript": [
            {
                "sender": line.sender,
                "text": line.text,
                "timestamp": line.timestamp.isoformat(),
            }
            for line in detail.transcript
        ],
    }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _list(database: Database) -> list[HandoffSummary]:
    with database.session() as session:
        return list_handoffs(session)


def _get(database: Database, handoff_id: int) -> HandoffDetail | None:
    with database.session() as session:
        return get_handoff(session, handoff_id)
