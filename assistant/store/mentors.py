"""The mentor roster: storing profiles, listing them and counting their matches."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.profiles import MENTOR_STATUSES, MentorProfile
from assistant.store.models import Mentor, match_requests, mentors, utc_now

logger = logging.getLogger(__name__)


def normalize_email(email: str) -> str:
    """Return the address trimmed and in lowercase, the form in which it is stored."""
    return email.strip().lower()


def upsert_mentors(session: Session, profiles: Iterable[MentorProfile]) -> int:
    """Insert or update mentors by email and return how many profiles were written.

    `MentorProfile.id` and `active_matches` are ignored, because the store assigns
    ids and counts matches itself. Mentors missing from `profiles` are left as they
    are, so take a mentor off the roster with `active=False`. Raises ValueError on an
    unknown status, a negative capacity or an empty email, before writing anything.
    """
    profiles = list(profiles)
    for profile in profiles:
        _validate(profile)

    written = 0
    for profile in profiles:
        email = normalize_email(profile.email)
        mentor = session.execute(
            select(Mentor).where(mentors.c.email == email)
        ).scalar_one_or_none()
        if mentor is None:
            mentor = Mentor(**_columns(profile, email))
            session.add(mentor)
        else:
            for name, value in _columns(profile, email).items():
                setattr(mentor, name, value)
            mentor.updated_at = utc_now()
        written += 1

    session.flush()
    logger.info("Upserted %d mentors", written)
    return written


def list_eligible_mentors(session: Session) -> list[MentorProfile]:
    """Return the active mentors whose approved matches are below their capacity.

    Only approved match requests count against capacity, and `active_matches` of
    each profile is set to their number. Mentors are ordered by id.
    """
    approved = (
        select(
            match_requests.c.mentor_id,
            func.count(match_requests.c.id).label("approved"),
        )
        .where(match_requests.c.status == "approved")
        .group_by(match_requests.c.mentor_id)
        .subquery()
    )
    active_matches = func.coalesce(approved.c.approved, 0)
    query = (
        select(Mentor, active_matches)
        .outerjoin(approved, approved.c.mentor_id == mentors.c.id)
        .where(mentors.c.active.is_(True))
        .where(mentors.c.status.in_(MENTOR_STATUSES))
        .where(active_matches < mentors.c.capacity)
        .order_by(mentors.c.id)
    )
    rows = session.execute(query).all()
    return [_profile(mentor, int(count)) for mentor, count in rows]


def list_mentors(session: Session) -> list[MentorProfile]:
    """Return every mentor, inactive ones included, ordered by name then id.

    `active_matches` of each profile is the number of its approved matches.
    """
    approved = count_matches_by_mentor(session, "approved")
    query = select(Mentor).order_by(mentors.c.name, mentors.c.id)
    return [
        _profile(mentor, approved.get(mentor.id, 0))
        for mentor in session.execute(query).scalars()
    ]


def get_mentor(session: Session, mentor_id: int) -> MentorProfile | None:
    """Return one mentor with the number of approved matches, or None."""
    mentor = session.get(Mentor, mentor_id)
    if mentor is None:
        return None
    approved = count_matches_by_mentor(session, "approved").get(mentor_id, 0)
    return _profile(mentor, approved)


def count_matches_by_mentor(session: Session, status: str) -> dict[int, int]:
    """Return how many match requests in `status` each mentor has (absent means 0)."""
    query = (
        select(match_requests.c.mentor_id, func.count(match_requests.c.id))
        .where(match_requests.c.status == status)
        .group_by(match_requests.c.mentor_id)
    )
    return {int(mentor_id): int(count) for mentor_id, count in session.execute(query)}


def mentor_ids_by_email(session: Session, emails: Iterable[str]) -> dict[str, int]:
    """Return the ids of the stored mentors among these emails, keyed by email."""
    wanted = sorted({normalize_email(email) for email in emails})
    if not wanted:
        return {}
    query = select(mentors.c.email, mentors.c.id).where(mentors.c.email.in_(wanted))
    return {str(email): int(mentor_id) for email, mentor_id in session.execute(query)}


def count_mentors(session: Session, *, active_only: bool = False) -> int:
    """Return the number of mentors, or of active mentors with `active_only`."""
    query = select(func.count(mentors.c.id))
    if active_only:
        query = query.where(mentors.c.active.is_(True))
    return int(session.execute(query).scalar_one())


def _validate(profile: MentorProfile) -> None:
    if not normalize_email(profile.email):
        raise ValueError(f"mentor {profile.name!r} has an empty email")
    if profile.status not in MENTOR_STATUSES:
        raise ValueError(
            f"mentor {profile.email!r} has invalid status {profile.status!r}; "
            f"expected one of {', '.join(MENTOR_STATUSES)}"
        )
    if profile.capacity < 0:
        raise ValueError(
            f"mentor {profile.email!r} has negative capacity {profile.capacity}"
        )


def _columns(profile: MentorProfile, email: str) -> dict[str, Any]:
    return {
        "name": profile.name,
        "email": email,
        "status": profile.status,
        "program": profile.program,
        "graduation_year": profile.graduation_year,
        "support_areas": list(profile.support_areas),
        "themes": list(profile.themes),
        "languages": list(profile.languages),
        "meeting_modes": list(profile.meeting_modes),
        "availability": list(profile.availability),
        "capacity": profile.capacity,
        "active": profile.active,
        "background": profile.background,
        "bio": profile.bio,
    }


def _profile(mentor: Mentor, active_matches: int) -> MentorProfile:
    return MentorProfile(
        id=mentor.id,
        name=mentor.name,
        email=mentor.email,
        status=mentor.status,
        program=mentor.program,
        graduation_year=mentor.graduation_year,
        support_areas=list(mentor.support_areas),
        themes=list(mentor.themes),
        languages=list(mentor.languages),
        meeting_modes=list(mentor.meeting_modes),
        availability=list(mentor.availability),
        capacity=mentor.capacity,
        active_matches=active_matches,
        active=mentor.active,
        background=mentor.background,
        bio=mentor.bio,
    )
