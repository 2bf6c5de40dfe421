"""One ticket per conversation: later disclosures join the sender's unresolved handoff.

A student who writes a second worrying message, or asks for a person after a crisis
reply, should not make coordinators work two tickets for one conversation. The open
ticket gets the new messages, and rises to the more urgent category when the new
disclosure is more serious.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.handoff import PRIORITIES
from assistant.store.handoffs import HandoffDraft, append_transcript, create_handoff
from assistant.store.models import Handoff, handoffs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    """The handoff a disclosure was recorded in, and how it changed."""

    handoff_id: int
    created: bool  # False when it joined an unresolved handoff
    escalated: bool  # True when it raised that handoff's priority
    category: str  # the handoff's category and priority after the change
    priority: str
    due_at: datetime


def record_disclosure(session: Session, draft: HandoffDraft) -> Recorded:
    """Create a handoff, or add the draft to the sender's unresolved one.

    The draft's transcript is the whole conversation so far, so only the lines after
    the newest stored line are appended. Notices and resources are merged. When the
    draft is more urgent, the handoff takes its category, priority and due time.
    """
    handoff = _unresolved_handoff(session, draft.sender_id)
    if handoff is None:
        handoff_id = create_handoff(session, draft)
        return Recorded(
            handoff_id, True, False, draft.category, draft.priority, draft.due_at
        )

    newest = max((entry.timestamp for entry in handoff.transcript), default=None)
    new_lines = [
        line for line in draft.transcript if newest is None or line.timestamp > newest
    ]
    append_transcript(session, handoff.id, new_lines)
    handoff.notices = _merged(handoff.notices, draft.notices)
    handoff.resources = _merged(handoff.resources, draft.resources)
    if handoff.intake_id is None:
        handoff.intake_id = draft.intake_id

    escalated = _rank(draft.priority) < _rank(handoff.priority)
    if escalated:
        handoff.category = draft.category
        handoff.priority = draft.priority
        handoff.due_at = min(handoff.due_at, draft.due_at)
    session.flush()
    logger.info(
        "Added %d lines to handoff %d%s",
        len(new_lines),
        handoff.id,
        f", raised to {draft.priority}" if escalated else "",
    )
    return Recorded(
        handoff.id, False, escalated, handoff.category, handoff.priority, handoff.due_at
    )


def _unresolved_handoff(session: Session, sender_id: str) -> Handoff | None:
    query = (
        select(Handoff)
        .where(handoffs.c.sender_id == sender_id, handoffs.c.status != "resolved")
        .order_by(handoffs.c.id.desc())
        .limit(1)
    )
    handoff: Handoff | None = session.execute(query).scalars().first()
    return handoff


def _rank(priority: str) -> int:
    return PRIORITIES.index(priority)


def _merged(existing: list[str], added: list[str]) -> list[str]:
    return [*existing, *(item for item in added if item not in existing)]
