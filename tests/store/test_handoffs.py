"""Tests of handoff storage: transcripts in order, listing, status changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from assistant.profiles import MenteeProfile
from assistant.store import (
    Database,
    HandoffDraft,
    TranscriptLine,
    append_transcript,
    create_handoff,
    get_handoff,
    list_handoffs,
    save_intake,
    set_handoff_status,
)

NOW = datetime(2026, 3, 6, 15, 0, tzinfo=timezone.utc)
BOSTON = ZoneInfo("America/New_York")


def draft(**overrides: object) -> HandoffDraft:
    values: dict[str, object] = {
        "sender_id": "sender-1",
        "category": "human",
        "priority": "normal",
        "due_at": NOW + timedelta(days=4),
        "transcript": [
            TranscriptLine("user", "Can I talk to a person?", NOW),
            TranscriptLine("bot", "I will pass this to a coordinator.", NOW),
        ],
        "notices": ["confidentiality"],
        "resources": ["counseling_center", "ombuds"],
    }
    values.update(overrides)
    return HandoffDraft(**values)  # type: ignore[arg-type]


def test_get_handoff_returns_everything_stored(
    database: Database, make_mentee: Callable[..., MenteeProfile]
) -> None:
    profile = make_mentee()
    with database.session() as session:
        intake_id = save_intake(session, profile)
        handoff_id = create_handoff(session, draft(intake_id=intake_id))

    with database.session() as session:
        detail = get_handoff(session, handoff_id)

    assert detail is not None
    assert detail.id == handoff_id
    assert detail.status == "open"
    assert detail.category == "human"
    assert detail.priority == "normal"
    assert detail.due_at == NOW + timedelta(days=4)
    assert detail.notices == ["confidentiality"]
    assert detail.resources == ["counseling_center", "ombuds"]
    assert detail.intake_id == intake_id
    assert detail.intake == profile
    assert detail.claimed_at is None
    assert detail.resolved_at is None
    assert [line.sender for line in detail.transcript] == ["user", "bot"]


def test_transcript_keeps_order_and_time_zone(database: Database) -> None:
    local = datetime(2026, 3, 6, 10, 0, 30, tzinfo=BOSTON)
    lines = [
        TranscriptLine("user", f"message {index}", local + timedelta(seconds=index))
        for index in range(12)
    ]
    with database.session() as session:
        handoff_id = create_handoff(session, draft(transcript=lines))

    with database.session() as session:
        detail = get_handoff(session, handoff_id)

    assert detail is not None
    assert [line.text for line in detail.transcript] == [line.text for line in lines]
    assert detail.transcript[0].timestamp == local
    assert detail.transcript[0].timestamp.utcoffset() == timedelta(0)


def test_append_transcript_continues_after_last_line(database: Database) -> None:
    with database.session() as session:
        handoff_id = create_handoff(session, draft())

    with database.session() as session:
        append_transcript(
            session,
            handoff_id,
            [
                TranscriptLine("coordinator", "Hi, this is Jo.", NOW),
                TranscriptLine("user", "Thanks", NOW),
            ],
        )
    with database.session() as session:
        append_transcript(session, handoff_id, [TranscriptLine("bot", "Noted", NOW)])
    with database.session() as session:
        detail = get_handoff(session, handoff_id)

    assert detail is not None
    assert [line.sender for line in detail.transcript] == [
        "user",
        "bot",
        "coordinator",
        "user",
        "bot",
    ]
    assert detail.transcript[-1].text == "Noted"


def test_append_transcript_rejects_bad_input(database: Database) -> None:
    with database.session() as session:
        handoff_id = create_handoff(session, draft())

    with database.session() as session:
        with pytest.raises(LookupError, match="handoff 999 not found"):
            append_transcript(session, 999, [TranscriptLine("user", "hi", NOW)])
        with pytest.raises(ValueError, match="invalid transcript sender 'mentor'"):
            append_transcript(session, handoff_id, [TranscriptLine("mentor", "x", NOW)])


def test_list_handoffs_orders_by_deadline(database: Database) -> None:
    with database.session() as session:
        later = create_handoff(session, draft(due_at=NOW + timedelta(days=3)))
        urgent = create_handoff(
            session,
            draft(
                category="crisis", priority="urgent", due_at=NOW + timedelta(hours=1)
            ),
        )
        high = create_handoff(
            session,
            draft(
                category="title_ix", priority="high", due_at=NOW + timedelta(hours=4)
            ),
        )

    with database.session() as session:
        summaries = list_handoffs(session)

    assert [summary.id for summary in summaries] == [urgent, high, later]
    assert summaries[0].category == "crisis"
    assert summaries[0].priority == "urgent"
    assert summaries[0].created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"category": "billing"}, "invalid handoff category 'billing'"),
        ({"priority": "low"}, "invalid handoff priority 'low'"),
        (
            {"transcript": [TranscriptLine("system", "x", NOW)]},
            "invalid transcript sender 'system'",
        ),
    ],
)
def test_create_handoff_rejects_invalid_draft(
    database: Database, overrides: dict[str, object], message: str
) -> None:
    with database.session() as session:
        with pytest.raises(ValueError, match=message):
            create_handoff(session, draft(**overrides))


def test_create_handoff_rejects_unknown_intake(database: Database) -> None:
    with database.session() as session:
        with pytest.raises(LookupError, match="intake 77 not found"):
            create_handoff(session, draft(intake_id=77))


def test_get_unknown_handoff_is_none(database: Database) -> None:
    with database.session() as session:
        assert get_handoff(session, 4242) is None


def test_status_changes_stamp_claimed_and_resolved(database: Database) -> None:
    claimed_at = NOW + timedelta(minutes=10)
    resolved_at = NOW + timedelta(hours=2)
    with database.session() as session:
        handoff_id = create_handoff(session, draft())
        set_handoff_status(session, handoff_id, "claimed", now=claimed_at)
        set_handoff_status(session, handoff_id, "resolved", now=resolved_at)

    with database.session() as session:
        detail = get_handoff(session, handoff_id)
        open_handoffs = list_handoffs(session, status="open")

    assert detail is not None
    assert detail.status == "resolved"
    assert detail.claimed_at == claimed_at
    assert detail.resolved_at == resolved_at
    assert open_handoffs == []


def test_set_handoff_status_rejects_bad_input(database: Database) -> None:
    with database.session() as session:
        handoff_id = create_handoff(session, draft())
        with pytest.raises(ValueError, match="invalid handoff status 'closed'"):
            set_handoff_status(session, handoff_id, "closed")
        with pytest.raises(LookupError, match="handoff 999 not found"):
            set_handoff_status(session, 999, "claimed")
