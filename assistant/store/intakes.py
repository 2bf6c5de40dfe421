"""Completed intakes, one row per submission."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.profiles import MenteeProfile
from assistant.store.models import Intake, intakes

logger = logging.getLogger(__name__)


def save_intake(session: Session, profile: MenteeProfile) -> int:
    """Insert the intake and return its id.

    Every submission gets a new row, so earlier intakes of the same sender are kept.
    """
    intake = Intake(
        sender_id=profile.sender_id,
        preferred_name=profile.preferred_name,
        email=profile.email.strip(),
        program=profile.program,
        student_status=profile.student_status,
        support_areas=list(profile.support_areas),
        meeting_modes=list(profile.meeting_modes),
        availability=list(profile.availability),
        languages=list(profile.languages),
        background=list(profile.background),
        consent=profile.consent,
        most_important=profile.most_important,
    )
    session.add(intake)
    session.flush()
    logger.info("Saved intake %d of sender %s", intake.id, profile.sender_id)
    return intake.id


def get_intake(session: Session, intake_id: int) -> MenteeProfile | None:
    """Return the intake with this id, or None when there is none."""
    intake = session.get(Intake, intake_id)
    return None if intake is None else to_profile(intake)


def latest_intake(session: Session, sender_id: str) -> tuple[int, MenteeProfile] | None:
    """Return the id and profile of the sender's newest intake, or None."""
    query = (
        select(Intake)
        .where(intakes.c.sender_id == sender_id)
        .order_by(intakes.c.created_at.desc(), intakes.c.id.desc())
        .limit(1)
    )
    intake = session.execute(query).scalar_one_or_none()
    if intake is None:
        return None
    return intake.id, to_profile(intake)


def to_profile(intake: Intake) -> MenteeProfile:
    """Convert a stored intake into the profile that the matcher reads."""
    return MenteeProfile(
        sender_id=intake.sender_id,
        preferred_name=intake.preferred_name,
        email=intake.email,
        program=intake.program,
        student_status=intake.student_status,
        support_areas=list(intake.support_areas),
        meeting_modes=list(intake.meeting_modes),
        availability=list(intake.availability),
        languages=list(intake.languages),
        background=list(intake.background),
        consent=intake.consent,
        most_important=intake.most_important,
    )
