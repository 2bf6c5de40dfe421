"""Match requests: a mentee requests a mentor, and a coordinator decides on it.

Lifecycle: a request starts `pending`. A coordinator approves it (`approved`, the
active match, which counts against the mentor's capacity) or declines it with a
reason (`declined`). A newer choice of the same mentee cancels a pending request
(`cancelled`), and a rematch request ends an approved one (`ended`). Each mentee has
at most one pending or approved request, which a unique index enforces.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.profiles import MenteeProfile
from assistant.store.intakes import to_profile
from assistant.store.models import (
    MATCH_SOURCES,
    MATCH_STATUSES,
    OPEN_MATCH_STATUSES,
    REMATCH_REQUESTERS,
    Intake,
    MatchRequest,
    Mentor,
    intakes,
    match_requests,
    mentors,
    utc_now,
)

logger = logging.getLogger(__name__)


class MatchConflict(Exception):
    """A match change that the current state forbids, such as approving twice."""


@dataclass(frozen=True)
class MatchRequestRecord:
    """A stored match request."""

    id: int
    sender_id: str
    intake_id: int
    mentor_id: int
    status: str  # one of MATCH_STATUSES
    reason: str | None  # the decline or cancel reason
    created_at: datetime
    updated_at: datetime
    source: str = "mentee_choice"  # one of MATCH_SOURCES
    score: float | None = None
    reasons: tuple[str, ...] = ()
    decided_at: datetime | None = None
    decided_by: int | None = None
    ended_at: datetime | None = None
    ended_by: str | None = None
    end_reason: str | None = None


@dataclass(frozen=True)
class MatchDetail:
    """A match request with the mentee's intake and the mentor's contact."""

    record: MatchRequestRecord
    mentee: MenteeProfile
    mentor_name: str
    mentor_email: str


@dataclass(frozen=True)
class WaitingMentee:
    """A mentee without a pending or approved match, with their newest intake."""

    intake_id: int
    profile: MenteeProfile
    # Mentors of this mentee's declined or ended matches, not to be proposed again.
    excluded_mentor_ids: frozenset[int]


def create_match_request(
    session: Session,
    sender_id: str,
    intake_id: int,
    mentor_id: int,
    *,
    score: float | None = None,
    reasons: Sequence[str] = (),
    source: str = "mentee_choice",
) -> int:
    """Store a pending match request and return its id.

    The mentee's earlier pending request is reused when it names the same mentor and
    is cancelled otherwise, so choosing twice never leaves two pending requests.
    Raises LookupError when the intake or the mentor does not exist, and
    MatchConflict when the mentee already has an approved match.
    """
    if source not in MATCH_SOURCES:
        raise ValueError(f"invalid match source {source!r}; use one of {MATCH_SOURCES}")
    if session.get(Intake, intake_id) is None:
        raise LookupError(f"intake {intake_id} not found")
    if session.get(Mentor, mentor_id) is None:
        raise LookupError(f"mentor {mentor_id} not found")

    current = _open_request(session, sender_id)
    if current is not None and current.status == "approved":
        raise MatchConflict(
            f"sender {sender_id} already has the approved match {current.id}; "
            "end it with a rematch request first"
        )
    if current is not None and current.mentor_id == mentor_id:
        current.intake_id = intake_id
        current.score = score
        current.reasons = list(reasons)
        current.updated_at = utc_now()
        session.flush()
        return current.id
    if current is not None:
        # The index allows one open request per mentee, so the old one is cancelled
        # and flushed before the new one is inserted.
        _set_status(current, "cancelled", "Replaced by a newer choice of the mentee.")
        session.flush()

    request = MatchRequest(
        sender_id=sender_id,
        intake_id=intake_id,
        mentor_id=mentor_id,
        source=source,
        score=score,
        reasons=list(reasons),
    )
    session.add(request)
    session.flush()
    logger.info(
        "Created match request %d: intake %d, mentor %d, source %s",
        request.id,
        intake_id,
        mentor_id,
        source,
    )
    return request.id


def approve_match(
    session: Session, match_id: int, coordinator_id: int | None = None
) -> MatchRequestRecord:
    """Approve a pending request, which makes it the mentor's active match.

    Raises LookupError for an unknown id, and MatchConflict when the request is not
    pending, the mentor is inactive, or the mentor's approved matches already fill
    the capacity. The mentor row is locked so that two approvals at once cannot
    both take the last place.

    NOTE: SQLite ignores the row lock, so there two approvals committed at the same
    moment could both pass the capacity check.
    """
    request = _get_for_update(session, match_id)
    _require_status(request, "pending", "approve")
    mentor = session.execute(
        select(Mentor).where(mentors.c.id == request.mentor_id).with_for_update()
    ).scalar_one()
    if not mentor.active:
        raise MatchConflict(f"mentor {mentor.id} is inactive")
    approved = count_approved(session, mentor.id)
    if approved >= mentor.capacity:
        raise MatchConflict(
            f"mentor {mentor.id} is at capacity "
            f"({approved} of {mentor.capacity} places taken)"
        )

    _set_status(request, "approved", None)
    request.decided_at = request.updated_at
    request.decided_by = coordinator_id
    session.flush()
    logger.info("Coordinator %s approved match %d", coordinator_id, match_id)
    return to_record(request)


def decline_match(
    session: Session, match_id: int, reason: str, coordinator_id: int | None = None
) -> MatchRequestRecord:
    """Decline a pending request with a reason, which returns the mentee to the pool.

    Raises ValueError for an empty reason, LookupError for an unknown id and
    MatchConflict when the request is not pending.
    """
    if not reason.strip():
        raise ValueError("a decline needs a non-empty reason")
    request = _get_for_update(session, match_id)
    _require_status(request, "pending", "decline")

    _set_status(request, "declined", reason.strip())
    request.decided_at = request.updated_at
    request.decided_by = coordinator_id
    session.flush()
    logger.info("Coordinator %s declined match %d", coordinator_id, match_id)
    return to_record(request)


def end_match(
    session: Session, match_id: int, requested_by: str, reason: str
) -> MatchRequestRecord:
    """End an approved match on a rematch request of the mentee or the mentor.

    Ending frees the mentor's place and returns the mentee to the waiting pool, in
    which this mentor is excluded for them. Raises ValueError for an unknown
    requester, LookupError for an unknown id and MatchConflict when the match is
    not approved.
    """
    if requested_by not in REMATCH_REQUESTERS:
        raise ValueError(
            f"invalid rematch requester {requested_by!r}; "
            f"use one of {', '.join(REMATCH_REQUESTERS)}"
        )
    request = _get_for_update(session, match_id)
    _require_status(request, "approved", "end")

    _set_status(request, "ended", request.reason)
    request.ended_at = request.updated_at
    request.ended_by = requested_by
    request.end_reason = reason.strip() or None
    session.flush()
    logger.info("Ended match %d on a rematch request of the %s", match_id, requested_by)
    return to_record(request)


def set_match_status(
    session: Session, match_id: int, status: str, reason: str | None = None
) -> None:
    """Set the status of a match request without the lifecycle checks.

    For data fixes and tests; the console uses approve_match, decline_match and
    end_match. Raises LookupError for an unknown id and ValueError for an unknown
    status.
    """
    _check_status(status)
    request = session.get(MatchRequest, match_id)
    if request is None:
        raise LookupError(f"match request {match_id} not found")
    _set_status(request, status, reason)
    session.flush()
    logger.info("Set match request %d to %s", match_id, status)


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
    return [to_record(request) for request in session.execute(query).scalars()]


def list_match_details(
    session: Session, *, status: str | None = None
) -> list[MatchDetail]:
    """Return match requests with their intake and mentor, newest first."""
    query = (
        select(MatchRequest, Intake, mentors.c.name, mentors.c.email)
        .join(Intake, intakes.c.id == match_requests.c.intake_id)
        .join(mentors, mentors.c.id == match_requests.c.mentor_id)
        .order_by(match_requests.c.id.desc())
    )
    if status is not None:
        _check_status(status)
        query = query.where(match_requests.c.status == status)
    return [
        MatchDetail(to_record(request), to_profile(intake), name, email)
        for request, intake, name, email in session.execute(query).all()
    ]


def get_match_detail(session: Session, match_id: int) -> MatchDetail | None:
    """Return one match request with its intake and mentor, or None."""
    request = session.get(MatchRequest, match_id)
    if request is None:
        return None
    intake = session.get(Intake, request.intake_id)
    mentor = session.get(Mentor, request.mentor_id)
    if intake is None or mentor is None:  # foreign keys make this unreachable
        return None
    return MatchDetail(
        to_record(request), to_profile(intake), mentor.name, mentor.email
    )


def count_approved(session: Session, mentor_id: int) -> int:
    """Return the number of approved matches of one mentor."""
    query = select(func.count(match_requests.c.id)).where(
        match_requests.c.mentor_id == mentor_id,
        match_requests.c.status == "approved",
    )
    return int(session.execute(query).scalar_one())


def list_waiting_mentees(session: Session) -> list[WaitingMentee]:
    """Return each consenting mentee without an open match, with the newest intake.

    Mentees are ordered by the id of that intake, so the oldest waits first.
    """
    newest: dict[str, Intake] = {}
    query = select(Intake).where(intakes.c.consent.is_(True)).order_by(intakes.c.id)
    for intake in session.execute(query).scalars():
        newest[intake.sender_id] = intake

    open_senders = set(
        session.execute(
            select(match_requests.c.sender_id).where(
                match_requests.c.status.in_(OPEN_MATCH_STATUSES)
            )
        ).scalars()
    )
    excluded: dict[str, set[int]] = {}
    closed = select(match_requests.c.sender_id, match_requests.c.mentor_id).where(
        match_requests.c.status.in_(("declined", "ended"))
    )
    for sender_id, mentor_id in session.execute(closed).all():
        excluded.setdefault(sender_id, set()).add(mentor_id)

    return [
        WaitingMentee(
            intake.id,
            to_profile(intake),
            frozenset(excluded.get(sender_id, set())),
        )
        for sender_id, intake in sorted(newest.items(), key=lambda item: item[1].id)
        if sender_id not in open_senders
    ]


def to_record(request: MatchRequest) -> MatchRequestRecord:
    """Copy a mapped request into an immutable record."""
    return MatchRequestRecord(
        id=request.id,
        sender_id=request.sender_id,
        intake_id=request.intake_id,
        mentor_id=request.mentor_id,
        status=request.status,
        reason=request.reason,
        created_at=request.created_at,
        updated_at=request.updated_at,
        source=request.source,
        score=request.score,
        reasons=tuple(request.reasons or ()),
        decided_at=request.decided_at,
        decided_by=request.decided_by,
        ended_at=request.ended_at,
        ended_by=request.ended_by,
        end_reason=request.end_reason,
    )


def _open_request(session: Session, sender_id: str) -> MatchRequest | None:
    query = select(MatchRequest).where(
        match_requests.c.sender_id == sender_id,
        match_requests.c.status.in_(OPEN_MATCH_STATUSES),
    )
    request: MatchRequest | None = session.execute(
        query.with_for_update()
    ).scalar_one_or_none()
    return request


def _get_for_update(session: Session, match_id: int) -> MatchRequest:
    query = select(MatchRequest).where(match_requests.c.id == match_id)
    request: MatchRequest | None = session.execute(
        query.with_for_update()
    ).scalar_one_or_none()
    if request is None:
        raise LookupError(f"match request {match_id} not found")
    return request


def _require_status(request: MatchRequest, expected: str, action: str) -> None:
    if request.status != expected:
        raise MatchConflict(
            f"cannot {action} match {request.id}: it is {request.status}, "
            f"not {expected}"
        )


def _set_status(request: MatchRequest, status: str, reason: str | None) -> None:
    request.status = status
    request.reason = reason
    request.updated_at = utc_now()


def _check_status(status: str) -> None:
    if status not in MATCH_STATUSES:
        raise ValueError(
            f"invalid match status {status!r}; "
            f"expected one of {', '.join(MATCH_STATUSES)}"
        )
