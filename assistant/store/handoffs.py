"""Handoffs to coordinators and the transcripts that come with them."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.handoff import CATEGORIES
from assistant.notify.settings import configured_channels
from assistant.profiles import MenteeProfile
from assistant.store.intakes import get_intake
from assistant.store.models import (
    HANDOFF_PRIORITIES,
    HANDOFF_STATUSES,
    TRANSCRIPT_SENDERS,
    Handoff,
    TranscriptEntry,
    handoffs,
    transcript_entries,
    utc_now,
)
from assistant.store.notifications import add_notifications

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TranscriptLine:
    """One message of a conversation."""

    sender: str  # "user", "bot" or "coordinator"
    text: str
    timestamp: datetime  # aware


@dataclass
class HandoffDraft:
    """A handoff to store, with `due_at` normally from `assistant.handoff.due_at`."""

    sender_id: str
    category: str  # one of assistant.handoff.CATEGORIES
    priority: str  # one of assistant.handoff.PRIORITIES
    due_at: datetime  # aware
    transcript: list[TranscriptLine] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)  # resource directory ids
    intake_id: int | None = None


@dataclass(frozen=True)
class HandoffSummary:
    """A row of the coordinators' handoff list."""

    id: int
    sender_id: str
    category: str
    priority: str
    status: str
    created_at: datetime
    due_at: datetime


@dataclass(frozen=True)
class HandoffDetail(HandoffSummary):
    """A handoff with its transcript in order and the linked intake, if any."""

    claimed_at: datetime | None
    resolved_at: datetime | None
    intake_id: int | None
    intake: MenteeProfile | None
    notices: list[str]
    resources: list[str]
    transcript: list[TranscriptLine]
    claimed_by: int | None = None  # coordinator id
    bot_paused: bool = False  # a coordinator holds the conversation
    resolution_note: str | None = None


class HandoffConflict(Exception):
    """The handoff's current state does not allow the requested change."""


def create_handoff(
    session: Session,
    draft: HandoffDraft,
    notify_channels: Sequence[str] | None = None,
) -> int:
    """Insert an open handoff with its transcript and return its id.

    In the same transaction it queues one coordinator notification per channel in
    `notify_channels`, which defaults to the channels that HNPM_SMTP_HOST and
    HNPM_APPRISE_URLS turn on. Raises ValueError for an unknown category, priority,
    transcript sender or channel, and LookupError when `intake_id` names no intake.
    """
    _validate_draft(draft)
    if draft.intake_id is not None and get_intake(session, draft.intake_id) is None:
        raise LookupError(f"intake {draft.intake_id} not found")

    handoff = Handoff(
        sender_id=draft.sender_id,
        category=draft.category,
        priority=draft.priority,
        due_at=draft.due_at,
        intake_id=draft.intake_id,
        notices=list(draft.notices),
        resources=list(draft.resources),
        transcript=_entries(draft.transcript, start=0),
    )
    session.add(handoff)
    session.flush()
    if notify_channels is None:
        notify_channels = configured_channels(os.environ)
    add_notifications(session, handoff.id, notify_channels)
    logger.info(
        "Created handoff %d: category %s, priority %s, %d transcript lines",
        handoff.id,
        handoff.category,
        handoff.priority,
        len(draft.transcript),
    )
    return handoff.id


def list_handoffs(
    session: Session, *, status: str | None = None
) -> list[HandoffSummary]:
    """Return handoffs ordered by deadline, optionally only those with `status`."""
    query = select(Handoff).order_by(handoffs.c.due_at, handoffs.c.id)
    if status is not None:
        _check(status, HANDOFF_STATUSES, "handoff status")
        query = query.where(handoffs.c.status == status)
    return [_summary(handoff) for handoff in session.execute(query).scalars()]


def get_handoff(session: Session, handoff_id: int) -> HandoffDetail | None:
    """Return the handoff with its transcript in order, or None when there is none."""
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        return None

    intake = None
    if handoff.intake_id is not None:
        intake = get_intake(session, handoff.intake_id)
    return HandoffDetail(
        id=handoff.id,
        sender_id=handoff.sender_id,
        category=handoff.category,
        priority=handoff.priority,
        status=handoff.status,
        created_at=handoff.created_at,
        due_at=handoff.due_at,
        claimed_at=handoff.claimed_at,
        resolved_at=handoff.resolved_at,
        intake_id=handoff.intake_id,
        intake=intake,
        notices=list(handoff.notices),
        resources=list(handoff.resources),
        transcript=[
            TranscriptLine(entry.sender, entry.text, entry.timestamp)
            for entry in handoff.transcript
        ],
        claimed_by=handoff.claimed_by,
        bot_paused=handoff.bot_paused,
        resolution_note=handoff.resolution_note,
    )


def append_transcript(
    session: Session, handoff_id: int, lines: Sequence[TranscriptLine]
) -> None:
    """Add messages after the handoff's last transcript entry.

    Raises LookupError for an unknown handoff and ValueError for an unknown sender.
    """
    for line in lines:
        _check(line.sender, TRANSCRIPT_SENDERS, "transcript sender")
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise LookupError(f"handoff {handoff_id} not found")

    last = session.execute(
        select(func.max(transcript_entries.c.position)).where(
            transcript_entries.c.handoff_id == handoff_id
        )
    ).scalar_one()
    start = 0 if last is None else int(last) + 1
    handoff.transcript.extend(_entries(lines, start=start))
    session.flush()
    logger.debug("Appended %d lines to handoff %d", len(lines), handoff_id)


def set_handoff_status(
    session: Session, handoff_id: int, status: str, now: datetime | None = None
) -> None:
    """Set the status and stamp `claimed_at` or `resolved_at` the first time.

    Raises LookupError for an unknown handoff and ValueError for an unknown status.
    """
    _check(status, HANDOFF_STATUSES, "handoff status")
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise LookupError(f"handoff {handoff_id} not found")

    now = now or utc_now()
    handoff.status = status
    if status in ("claimed", "resolved") and handoff.claimed_at is None:
        handoff.claimed_at = now
    if status == "resolved" and handoff.resolved_at is None:
        handoff.resolved_at = now
    session.flush()
    logger.info("Set handoff %d to %s", handoff_id, status)


def claim_handoff(
    session: Session, handoff_id: int, coordinator_id: int, now: datetime | None = None
) -> None:
    """Give the conversation to a coordinator and pause the bot.

    The coordinator who claimed a handoff may claim it again after handing it back.
    Raises LookupError for an unknown handoff, and HandoffConflict when it is
    resolved or claimed by another coordinator.
    """
    handoff = _require(session, handoff_id)
    if handoff.status == "resolved":
        raise HandoffConflict(f"handoff {handoff_id} is already resolved")
    _check_not_held_by_other(handoff, coordinator_id)

    handoff.status = "claimed"
    handoff.claimed_at = handoff.claimed_at or now or utc_now()
    handoff.claimed_by = coordinator_id
    handoff.bot_paused = True
    session.flush()
    logger.info("Coordinator %d claimed handoff %d", coordinator_id, handoff_id)


def check_holder(session: Session, handoff_id: int, coordinator_id: int) -> str:
    """Return the handoff's sender id when this coordinator holds the conversation.

    Raises LookupError for an unknown handoff, and HandoffConflict unless the
    coordinator claimed it and has not handed it back to the bot.
    """
    handoff = _require(session, handoff_id)
    held = handoff.status == "claimed" and handoff.bot_paused
    if not held or handoff.claimed_by != coordinator_id:
        raise HandoffConflict(
            f"you do not hold the conversation of handoff {handoff_id}: claim it first"
        )
    return handoff.sender_id


def hand_back(session: Session, handoff_id: int, coordinator_id: int) -> None:
    """Return the conversation to the bot; the handoff stays claimed until resolved.

    Raises LookupError and HandoffConflict as `check_holder` does.
    """
    check_holder(session, handoff_id, coordinator_id)
    handoff = _require(session, handoff_id)
    handoff.bot_paused = False
    session.flush()
    logger.info("Coordinator %d handed back handoff %d", coordinator_id, handoff_id)


def resolve_handoff(
    session: Session,
    handoff_id: int,
    coordinator_id: int,
    note: str,
    now: datetime | None = None,
) -> None:
    """Close the handoff with the coordinator's note and let the bot answer again.

    Raises LookupError for an unknown handoff, and HandoffConflict when it is
    already resolved or claimed by another coordinator.
    """
    handoff = _require(session, handoff_id)
    if handoff.status == "resolved":
        raise HandoffConflict(f"handoff {handoff_id} is already resolved")
    _check_not_held_by_other(handoff, coordinator_id)

    now = now or utc_now()
    handoff.status = "resolved"
    handoff.claimed_at = handoff.claimed_at or now
    handoff.claimed_by = coordinator_id
    handoff.resolved_at = now
    handoff.bot_paused = False
    handoff.resolution_note = note
    session.flush()
    logger.info("Coordinator %d resolved handoff %d", coordinator_id, handoff_id)


def _require(session: Session, handoff_id: int) -> Handoff:
    handoff: Handoff | None = session.get(Handoff, handoff_id)
    if handoff is None:
        raise LookupError(f"handoff {handoff_id} not found")
    return handoff


def _check_not_held_by_other(handoff: Handoff, coordinator_id: int) -> None:
    holder = handoff.claimed_by
    if handoff.status == "claimed" and holder not in (None, coordinator_id):
        raise HandoffConflict(
            f"handoff {handoff.id} is claimed by another coordinator (id {holder})"
        )


def _validate_draft(draft: HandoffDraft) -> None:
    _check(draft.category, CATEGORIES, "handoff category")
    _check(draft.priority, HANDOFF_PRIORITIES, "handoff priority")
    for line in draft.transcript:
        _check(line.sender, TRANSCRIPT_SENDERS, "transcript sender")


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(
            f"invalid {what} {value!r}; expected one of {', '.join(allowed)}"
        )


def _entries(lines: Sequence[TranscriptLine], start: int) -> list[TranscriptEntry]:
    return [
        TranscriptEntry(
            position=start + offset,
            sender=line.sender,
            text=line.text,
            timestamp=line.timestamp,
        )
        for offset, line in enumerate(lines)
    ]


def _summary(handoff: Handoff) -> HandoffSummary:
    return HandoffSummary(
        id=handoff.id,
        sender_id=handoff.sender_id,
        category=handoff.category,
        priority=handoff.priority,
        status=handoff.status,
        created_at=handoff.created_at,
        due_at=handoff.due_at,
    )
