"""Tests of match requests: creation, the lifecycle, the waiting pool, migration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from assistant.profiles import MenteeProfile, MentorProfile
from assistant.store import (
    Database,
    MatchConflict,
    MatchRequestRecord,
    approve_match,
    create_match_request,
    decline_match,
    end_match,
    list_eligible_mentors,
    list_match_requests,
    list_waiting_mentees,
    migrate,
    save_intake,
    set_match_status,
    upsert_mentors,
)
from assistant.store.models import MatchRequest


@pytest.fixture
def intake_and_mentor(
    database: Database,
    make_mentor: Callable[..., MentorProfile],
    make_mentee: Callable[..., MenteeProfile],
) -> tuple[int, int]:
    with database.session() as session:
        upsert_mentors(session, [make_mentor()])
        intake_id = save_intake(session, make_mentee())
        [mentor] = list_eligible_mentors(session)
    return intake_id, mentor.id


def test_match_request_starts_pending(
    database: Database, intake_and_mentor: tuple[int, int]
) -> None:
    intake_id, mentor_id = intake_and_mentor

    with database.session() as session:
        match_id = create_match_request(session, "sender-1", intake_id, mentor_id)
    with database.session() as session:
        [record] = list_match_requests(session)

    assert record.id == match_id
    assert record.status == "pending"
    assert record.reason is None
    assert record.intake_id == intake_id
    assert record.mentor_id == mentor_id
    assert record.created_at.tzinfo is not None


def test_match_request_needs_existing_rows(
    database: Database, intake_and_mentor: tuple[int, int]
) -> None:
    intake_id, mentor_id = intake_and_mentor

    with database.session() as session:
        with pytest.raises(LookupError, match="intake 999 not found"):
            create_match_request(session, "sender-1", 999, mentor_id)
        with pytest.raises(LookupError, match="mentor 999 not found"):
            create_match_request(session, "sender-1", intake_id, 999)


def test_set_match_status_stores_reason(
    database: Database, intake_and_mentor: tuple[int, int]
) -> None:
    intake_id, mentor_id = intake_and_mentor
    with database.session() as session:
        match_id = create_match_request(session, "sender-1", intake_id, mentor_id)

    with database.session() as session:
        set_match_status(session, match_id, "declined", reason="Mentor is on leave")
    with database.session() as session:
        [record] = list_match_requests(session, status="declined")

    assert record.reason == "Mentor is on leave"
    assert record.updated_at >= record.created_at


def test_set_match_status_rejects_bad_input(
    database: Database, intake_and_mentor: tuple[int, int]
) -> None:
    intake_id, mentor_id = intake_and_mentor
    with database.session() as session:
        match_id = create_match_request(session, "sender-1", intake_id, mentor_id)

    with database.session() as session:
        with pytest.raises(ValueError, match="invalid match status 'done'"):
            set_match_status(session, match_id, "done")
        with pytest.raises(LookupError, match="match request 999 not found"):
            set_match_status(session, 999, "approved")


def test_list_match_requests_filters_by_sender(
    database: Database, intake_and_mentor: tuple[int, int]
) -> None:
    intake_id, mentor_id = intake_and_mentor
    with database.session() as session:
        create_match_request(session, "sender-1", intake_id, mentor_id)
        create_match_request(session, "sender-2", intake_id, mentor_id)

    with database.session() as session:
        records = list_match_requests(session, sender_id="sender-2")

    assert [record.sender_id for record in records] == ["sender-2"]


@pytest.fixture
def two_mentors(
    database: Database,
    make_mentor: Callable[..., MentorProfile],
    make_mentee: Callable[..., MenteeProfile],
) -> tuple[int, int, int]:
    """Store mentors of capacity 1 and 2 and one intake; return their ids."""
    with database.session() as session:
        upsert_mentors(
            session,
            [
                make_mentor(email="one@example.edu", capacity=1),
                make_mentor(email="two@example.edu", capacity=2),
            ],
        )
        intake_id = save_intake(session, make_mentee())
        one, two = list_eligible_mentors(session)
    return intake_id, one.id, two.id


def pending_of(database: Database, sender_id: str) -> list[MatchRequestRecord]:
    with database.session() as session:
        return list_match_requests(session, sender_id=sender_id, status="pending")


def test_choosing_twice_keeps_one_pending(
    database: Database, two_mentors: tuple[int, int, int]
) -> None:
    intake_id, one, two = two_mentors

    with database.session() as session:
        first = create_match_request(session, "sender-1", intake_id, one)
        again = create_match_request(session, "sender-1", intake_id, one, score=3.0)
    with database.session() as session:
        other = create_match_request(session, "sender-1", intake_id, two)

    assert again == first
    [pending] = pending_of(database, "sender-1")
    assert pending.id == other
    assert pending.mentor_id == two
    with database.session() as session:
        [cancelled] = list_match_requests(session, status="cancelled")
    assert cancelled.id == first
    assert cancelled.reason == "Replaced by a newer choice of the mentee."


def test_store_rejects_second_open_match(
    database: Database, two_mentors: tuple[int, int, int]
) -> None:
    intake_id, one, two = two_mentors
    with database.session() as session:
        session.add(MatchRequest(sender_id="s", intake_id=intake_id, mentor_id=one))
        session.flush()
        session.add(MatchRequest(sender_id="s", intake_id=intake_id, mentor_id=two))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_approve_counts_against_capacity(
    database: Database, two_mentors: tuple[int, int, int]
) -> None:
    intake_id, one, _ = two_mentors
    with database.session() as session:
        first = create_match_request(session, "sender-1", intake_id, one)
        second = create_match_request(session, "sender-2", intake_id, one)

    with database.session() as session:
        approved = approve_match(session, first, coordinator_id=None)
    with database.session() as session:
        with pytest.raises(MatchConflict, match=r"at capacity \(1 of 1"):
            approve_match(session, second)
        with pytest.raises(MatchConflict, match="it is approved, not pending"):
            approve_match(session, first)
        with pytest.raises(LookupError, match="match request 999 not found"):
            approve_match(session, 999)

    assert approved.status == "approved"
    assert approved.decided_at is not None
    with database.session() as session:
        assert list_eligible_mentors(session)[0].email == "two@example.edu"


def test_approve_rejects_inactive_mentor(
    database: Database,
    two_mentors: tuple[int, int, int],
    make_mentor: Callable[..., MentorProfile],
) -> None:
    intake_id, one, _ = two_mentors
    with database.session() as session:
        match_id = create_match_request(session, "sender-1", intake_id, one)
        upsert_mentors(
            session, [make_mentor(email="one@example.edu", capacity=1, active=False)]
        )

    with database.session() as session:
        with pytest.raises(MatchConflict, match="inactive"):
            approve_match(session, match_id)


def test_decline_needs_reason_and_pending(
    database: Database, two_mentors: tuple[int, int, int]
) -> None:
    intake_id, one, _ = two_mentors
    with database.session() as session:
        match_id = create_match_request(session, "sender-1", intake_id, one)

    with database.session() as session:
        with pytest.raises(ValueError, match="non-empty reason"):
            decline_match(session, match_id, "  ")
        declined = decline_match(session, match_id, " Mentor is on leave ")
    with database.session() as session:
        with pytest.raises(MatchConflict, match="it is declined"):
            decline_match(session, match_id, "again")

    assert declined.status == "declined"
    assert declined.reason == "Mentor is on leave"


def test_rematch_frees_place_and_requeues_mentee(
    database: Database, two_mentors: tuple[int, int, int]
) -> None:
    intake_id, one, _ = two_mentors
    with database.session() as session:
        match_id = create_match_request(session, "sender-1", intake_id, one)
        approve_match(session, match_id)
    with database.session() as session:
        assert list_waiting_mentees(session) == []
        with pytest.raises(MatchConflict, match="already has the approved match"):
            create_match_request(session, "sender-1", intake_id, one)

    with database.session() as session:
        with pytest.raises(ValueError, match="invalid rematch requester"):
            end_match(session, match_id, "coordinator", "")
        ended = end_match(session, match_id, "mentee", "Schedules never fit")

    assert ended.status == "ended"
    assert ended.ended_by == "mentee"
    assert ended.end_reason == "Schedules never fit"
    with database.session() as session:
        [waiting] = list_waiting_mentees(session)
        emails = [mentor.email for mentor in list_eligible_mentors(session)]
        with pytest.raises(MatchConflict, match="it is ended, not approved"):
            end_match(session, match_id, "mentor", "")
    assert waiting.intake_id == intake_id
    assert waiting.excluded_mentor_ids == frozenset({one})
    assert "one@example.edu" in emails


def test_waiting_pool_uses_newest_consented_intake(
    database: Database,
    two_mentors: tuple[int, int, int],
    make_mentee: Callable[..., MenteeProfile],
) -> None:
    first_intake, one, _ = two_mentors
    with database.session() as session:
        newer = save_intake(session, make_mentee(program="mpp"))
        save_intake(session, make_mentee(sender_id="no-consent", consent=False))
        matched = save_intake(session, make_mentee(sender_id="matched"))
        create_match_request(session, "matched", matched, one)

    with database.session() as session:
        waiting = list_waiting_mentees(session)

    assert [entry.intake_id for entry in waiting] == [newer]
    assert waiting[0].profile.program == "mpp"
    assert first_intake != newer


def test_migration_cancels_duplicate_pending(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(url, "0001")
    engine = create_engine(url, future=True)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO mentors (id, name, email, status, program, support_areas,"
                " themes, languages, meeting_modes, availability, capacity, active,"
                " background, bio, created_at, updated_at) VALUES (1, 'A', 'a@x.edu',"
                " 'alumni', 'mpp', '[]', '[]', '[]', '[]', '[]', 2, 1, '', '',"
                " '2026-01-01', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO intakes (id, sender_id, preferred_name, email, program,"
                " student_status, support_areas, meeting_modes, availability,"
                " languages, background, consent, created_at) VALUES (1, 's', 'S',"
                " 's@x.edu', 'mpp', 'new', '[]', '[]', '[]', '[]', '[]', 1,"
                " '2026-01-01')"
            )
        )
        for _ in range(3):
            connection.execute(
                text(
                    "INSERT INTO match_requests (sender_id, intake_id, mentor_id,"
                    " status, created_at, updated_at) VALUES ('s', 1, 1, 'pending',"
                    " '2026-01-01', '2026-01-01')"
                )
            )

    migrate(url)

    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, status, source FROM match_requests ORDER BY id")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        (1, "cancelled", "mentee_choice"),
        (2, "cancelled", "mentee_choice"),
        (3, "pending", "mentee_choice"),
    ]


def test_status_check_allows_ended_only(
    database: Database, intake_and_mentor: tuple[int, int]
) -> None:
    intake_id, mentor_id = intake_and_mentor
    with database.session() as session:
        match_id = create_match_request(session, "sender-1", intake_id, mentor_id)
    update = text("UPDATE match_requests SET status = :status WHERE id = :id")

    with database.engine.begin() as connection:
        connection.execute(update, {"status": "ended", "id": match_id})
    with pytest.raises(IntegrityError):
        with database.engine.begin() as connection:
            connection.execute(update, {"status": "bogus", "id": match_id})
