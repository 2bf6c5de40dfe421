"""Match requests: a mentee requests a mentor, and a coordinator decides on it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.store.models import (
    MATCH_STATUSES,
    Intake,
    MatchRequest,
    Mentor,
    match_requests,
    utc_now,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MatchRequestRecord:
    """A stored match request."""

    id: int
    sender_id: str
    intake_id: int
    mentor_id: int
    status: str  # one of MATCH_STATUSES
    reason: str | None
    created_at: datetime
    updated_at: datetime


def create_match_request(
    session: Session, sender_id: str, intake_id: int, mentor_id: int
) -> int:
    """Insert a pending match request and return its id.

    Raises LookupError when the intake or the mentor does not exist.
    """
    if session.get(Intake, intake_id) is None:
        raise LookupError(f"intake {intake_id} not found")
    if session.get(Mentor, mentor_id) is None:
        raise LookupError(f"mentor {mentor_id} not found")

    request = MatchRequest(
        sender_id=sender_id, intake_id=intake_id, mentor_id=mentor_id
    )
    session.add(request)
    session.flush()
    logger.info(
        "Created match request %d: intake %d, mentor %d",
        request.id,
        intake_id,
        mentor_id,
    )
    return request.id


def list_match_requests(
    session: Session, *, sender_id: str | None = None, status: str | None = None
) -> list[MatchRequestRecord]:
    """Return match requests, oldest first, optionally of one sender or status."""
    query = select(MatchRequest).order_by(match_requests.c.id)
    if sender_id is not None:
        query = query.where(match_requests.c.sender_id == sender_id)
    if status is not None:
        _check_status(status)
        query = query.where(match_requests.c.status == status)
    return [_record(request) for request in session.execute(query).scalars()]


def set_match_status(
    session: Session, match_id: int, status: str, reason: str | None = None
) -> None:
    """Set the status of a match request, with an optional reason for the mentee.

    Only approved requests count against a mentor's capacity. Raises LookupError
    for an unknown id and ValueError for an unknown status.
    """
    _check_status(status)
    request = session.get(MatchRequest, match_id)
    if request is None:
        raise LookupError(f"match request {match_id} not found")

    request.status = status
    request.reason = reason
    request.updated_at = utc_now()
    session.flush()
    logger.info("Set match request %d to %s", match_id, status)


def _check_status(status: str) -> None:
    if status not in MATCH_STATUSES:
        raise ValueError(
            f"invalid match status {status!r}; "
            f"expected one of {', '.join(MATCH_STATUSES)}"
        )


def _record(request: MatchRequest) -> MatchRequestRecord:
    return MatchRequestRecord(
        id=request.id,
        sender_id=request.sender_id,
        intake_id=request.intake_id,
        mentor_id=request.mentor_id,
        status=request.status,
        reason=request.reason,
        created_at=request.created_at,
        updated_at=request.updated_at,
    )
