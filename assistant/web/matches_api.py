"""The coordinator API of matches and mentors: list, approve, decline, rematch.

Every endpoint needs a coordinator (assistant.web.auth.authorized_coordinator).
Errors are JSON {"error": message}: 400 for a malformed body or query, 404 for an
unknown id, and 409 when the match's state forbids the change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from assistant.profiles import MentorProfile
from assistant.store import (
    Database,
    MatchConflict,
    MatchDetail,
    approve_match,
    count_matches_by_mentor,
    decline_match,
    end_match,
    get_match_detail,
    list_match_details,
    list_mentors,
)
from assistant.store.models import MATCH_STATUSES, REMATCH_REQUESTERS
from assistant.web.auth import authorized_coordinator, unauthorized_response
from assistant.web.payloads import BodyTooLarge, InvalidJSON, error_response, read_json
from assistant.web.services import get_services

logger = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "no-store"}
# Ids are 32-bit integer columns on PostgreSQL, and a larger number in the path
# would make the database driver raise instead of finding no row.
MAX_ID = 2**31 - 1
MAX_BODY_BYTES = 16 * 1024
MAX_REASON_LENGTH = 2000

DECLINE_HELP = (
    'The request body must be a JSON object with a non-empty string "reason" '
    f"(at most {MAX_REASON_LENGTH} characters)."
)
REMATCH_HELP = (
    'The request body must be a JSON object with "requested_by" ("mentee" or '
    '"mentor") and a string "reason" (at most '
    f"{MAX_REASON_LENGTH} characters)."
)


def match_routes() -> list[Route]:
    """Return the routes of this module, for the app's route list."""
    return [
        Route("/api/matches", list_matches_endpoint, methods=["GET"]),
        Route(
            "/api/matches/{match_id:int}/approve", approve_endpoint, methods=["POST"]
        ),
        Route(
            "/api/matches/{match_id:int}/decline", decline_endpoint, methods=["POST"]
        ),
        Route(
            "/api/matches/{match_id:int}/rematch", rematch_endpoint, methods=["POST"]
        ),
        Route("/api/mentors", list_mentors_endpoint, methods=["GET"]),
    ]


async def list_matches_endpoint(request: Request) -> JSONResponse:
    """List matches, newest first, optionally only those in ?status=."""
    if await authorized_coordinator(request) is None:
        return unauthorized_response(request)

    status = request.query_params.get("status") or None
    if status is not None and status not in MATCH_STATUSES:
        return error_response(
            400,
            f"Invalid status {status!r}; use one of {', '.join(MATCH_STATUSES)}, "
            "or leave it out for every match.",
        )
    details = await run_in_threadpool(
        _in_session, _database(request), lambda s: list_match_details(s, status=status)
    )
    return JSONResponse([match_json(detail) for detail in details], headers=NO_STORE)


async def approve_endpoint(request: Request) -> JSONResponse:
    """Approve a pending match; 409 when it is not pending or the mentor is full."""
    coordinator_id = await authorized_coordinator(request)
    if coordinator_id is None:
        return unauthorized_response(request)
    match_id: int = request.path_params["match_id"]
    return await _change(
        request,
        match_id,
        lambda session: approve_match(session, match_id, coordinator_id),
    )


async def decline_endpoint(request: Request) -> JSONResponse:
    """Decline a pending match with the reason in the body."""
    coordinator_id = await authorized_coordinator(request)
    if coordinator_id is None:
        return unauthorized_response(request)
    match_id: int = request.path_params["match_id"]

    body = await _read_body(request)
    if isinstance(body, JSONResponse):
        return body
    reason = _reason(body)
    if reason is None or not reason.strip():
        return error_response(400, DECLINE_HELP)
    return await _change(
        request,
        match_id,
        lambda session: decline_match(session, match_id, reason, coordinator_id),
    )


async def rematch_endpoint(request: Request) -> JSONResponse:
    """End an approved match on a rematch request, freeing the mentor's place."""
    coordinator_id = await authorized_coordinator(request)
    if coordinator_id is None:
        return unauthorized_response(request)
    match_id: int = request.path_params["match_id"]

    body = await _read_body(request)
    if isinstance(body, JSONResponse):
        return body
    reason = _reason(body)
    requested_by = body.get("requested_by") if isinstance(body, dict) else None
    if reason is None or requested_by not in REMATCH_REQUESTERS:
        return error_response(400, REMATCH_HELP)
    logger.info(
        "Coordinator %d records a rematch request for match %d",
        coordinator_id,
        match_id,
    )
    return await _change(
        request,
        match_id,
        lambda session: end_match(session, match_id, str(requested_by), reason),
    )


async def list_mentors_endpoint(request: Request) -> JSONResponse:
    """List the whole roster with each mentor's approved and pending matches."""
    if await authorized_coordinator(request) is None:
        return unauthorized_response(request)

    def load(session: Session) -> list[dict[str, Any]]:
        pending = count_matches_by_mentor(session, "pending")
        return [
            mentor_json(mentor, pending.get(mentor.id, 0))
            for mentor in list_mentors(session)
        ]

    mentors = await run_in_threadpool(_in_session, _database(request), load)
    return JSONResponse(mentors, headers=NO_STORE)


def match_json(detail: MatchDetail) -> dict[str, Any]:
    """Convert a match with its intake and mentor into the API's JSON object."""
    record, mentee = detail.record, detail.mentee
    return {
        "id": record.id,
        "status": record.status,
        "source": record.source,
        "score": record.score,
        "reasons": list(record.reasons),
        "created_at": record.created_at.isoformat(),
        "decided_at": _iso(record.decided_at),
        "decline_reason": record.reason if record.status == "declined" else None,
        "ended_at": _iso(record.ended_at),
        "ended_by": record.ended_by,
        "end_reason": record.end_reason,
        "mentee": {
            "sender_id": record.sender_id,
            "intake_id": record.intake_id,
            "preferred_name": mentee.preferred_name,
            "email": mentee.email,
            "program": mentee.program,
            "student_status": mentee.student_status,
            "support_areas": mentee.support_areas,
            "meeting_modes": mentee.meeting_modes,
            "availability": mentee.availability,
            "languages": mentee.languages,
            "background": mentee.background,
            "most_important": mentee.most_important,
        },
        "mentor": {
            "id": record.mentor_id,
            "name": detail.mentor_name,
            "email": detail.mentor_email,
        },
    }


def mentor_json(mentor: MentorProfile, pending_matches: int) -> dict[str, Any]:
    """Convert a roster entry into the API's JSON object."""
    return {
        "id": mentor.id,
        "name": mentor.name,
        "email": mentor.email,
        "status": mentor.status,
        "program": mentor.program,
        "graduation_year": mentor.graduation_year,
        "support_areas": mentor.support_areas,
        "themes": mentor.themes,
        "languages": mentor.languages,
        "meeting_modes": mentor.meeting_modes,
        "availability": mentor.availability,
        "capacity": mentor.capacity,
        "active_matches": mentor.active_matches,
        "pending_matches": pending_matches,
        "active": mentor.active,
    }


async def _change(
    request: Request, match_id: int, change: Callable[[Session], object]
) -> JSONResponse:
    """Apply a lifecycle change in one transaction and return the updated match."""

    def apply(session: Session) -> MatchDetail | None:
        change(session)
        return get_match_detail(session, match_id)

    if not 0 < match_id <= MAX_ID:
        return error_response(404, f"Match {match_id} not found.")
    try:
        detail = await run_in_threadpool(_in_session, _database(request), apply)
    except LookupError:
        logger.info("%s of unknown match %d rejected", request.url.path, match_id)
        return error_response(404, f"Match {match_id} not found.")
    except MatchConflict as error:
        logger.info("%s rejected: %s", request.url.path, error)
        message = str(error)
        return error_response(409, f"{message[:1].upper()}{message[1:]}.")
    except ValueError as error:
        logger.info("%s rejected: %s", request.url.path, error)
        return error_response(400, f"Invalid request: {error}.")
    if detail is None:
        return error_response(404, f"Match {match_id} not found.")
    return JSONResponse(match_json(detail), headers=NO_STORE)


async def _read_body(request: Request) -> Any:
    """Return the parsed JSON body, or a 400 response saying what is wrong with it."""
    try:
        return await read_json(request, MAX_BODY_BYTES)
    except (BodyTooLarge, InvalidJSON) as error:
        return error_response(400, f"Invalid request body: {error}.")


def _reason(body: Any) -> str | None:
    """Return the body's "reason" string, or None when it is missing or invalid."""
    if not isinstance(body, dict):
        return None
    reason = body.get("reason", "")
    if not isinstance(reason, str) or len(reason) > MAX_REASON_LENGTH:
        return None
    return reason


def _database(request: Request) -> Database:
    return get_services(request).database


def _in_session(database: Database, work: Callable[[Session], Any]) -> Any:
    with database.session() as session:
        return work(session)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()
