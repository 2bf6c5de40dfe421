"""A later disclosure joins the sender's unresolved handoff, not a new one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from assistant.store import (
    Database,
    HandoffDraft,
    TranscriptLine,
    get_handoff,
    list_handoffs,
    set_handoff_status,
)
from assistant.store.disclosures import record_disclosure

NOW = datetime(2026, 3, 6, 15, 0, tzinfo=timezone.utc)
FIRST_LINES = [
    TranscriptLine("user", "can I talk to a person", NOW),
    TranscriptLine("bot", "I'm asking a coordinator.", NOW + timedelta(seconds=1)),
]
LATER_LINES = [
    TranscriptLine("user", "I don't see the point anymore", NOW + timedelta(minutes=5)),
    TranscriptLine("bot", "Call or text 988.", NOW + timedelta(minutes=5, seconds=1)),
]


def request_for_person() -> HandoffDraft:
    return HandoffDraft(
        sender_id="sender-1",
        category="human",
        priority="normal",
        due_at=NOW + timedelta(days=2),
        transcript=list(FIRST_LINES),
        resources=[],
    )


def crisis_after_it() -> HandoffDraft:
    return HandoffDraft(
        sender_id="sender-1",
        category="crisis",
        priority="urgent",
        due_at=NOW + timedelta(minutes=65),
        transcript=[*FIRST_LINES, *LATER_LINES],
        notices=["crisis_lines"],
        resources=["lifeline_988"],
    )


def test_first_disclosure_creates_a_handoff(database: Database) -> None:
    with database.session() as session:
        recorded = record_disclosure(session, request_for_person())

    assert recorded.created
    assert not recorded.escalated
    with database.session() as session:
        assert [h.id for h in list_handoffs(session)] == [recorded.handoff_id]


def test_more_serious_disclosure_raises_the_open_handoff(database: Database) -> None:
    with database.session() as session:
        first = record_disclosure(session, request_for_person())
    with database.session() as session:
        second = record_disclosure(session, crisis_after_it())

    assert second.handoff_id == first.handoff_id
    assert not second.created
    assert second.escalated
    with database.session() as session:
        handoff = get_handoff(session, first.handoff_id)
        assert len(list_handoffs(session)) == 1
    assert handoff is not None
    assert (handoff.category, handoff.priority) == ("crisis", "urgent")
    assert handoff.due_at == NOW + timedelta(minutes=65)
    assert [line.text for line in handoff.transcript] == [
        line.text for line in [*FIRST_LINES, *LATER_LINES]
    ]
    assert handoff.notices == ["crisis_lines"]
    assert handoff.resources == ["lifeline_988"]


def test_less_serious_request_keeps_the_priority(database: Database) -> None:
    with database.session() as session:
        first = record_disclosure(session, crisis_after_it())
    later = request_for_person()
    later.transcript.append(
        TranscriptLine("user", "is someone coming?", NOW + timedelta(minutes=9))
    )
    with database.session() as session:
        second = record_disclosure(session, later)

    assert second.handoff_id == first.handoff_id
    assert not second.escalated
    assert (second.category, second.priority) == ("crisis", "urgent")
    with database.session() as session:
        handoff = get_handoff(session, first.handoff_id)
    assert handoff is not None
    assert handoff.transcript[-1].text == "is someone coming?"
    assert len(handoff.transcript) == 5


def test_resolved_handoff_is_not_reopened(database: Database) -> None:
    with database.session() as session:
        first = record_disclosure(session, request_for_person())
        set_handoff_status(session, first.handoff_id, "resolved", now=NOW)
    with database.session() as session:
        second = record_disclosure(session, crisis_after_it())

    assert second.created
    assert second.handoff_id != first.handoff_id


def test_other_senders_get_their_own_handoff(database: Database) -> None:
    other = request_for_person()
    other.sender_id = "sender-2"
    with database.session() as session:
        first = record_disclosure(session, request_for_person())
        second = record_disclosure(session, other)

    assert second.created
    assert second.handoff_id != first.handoff_id
