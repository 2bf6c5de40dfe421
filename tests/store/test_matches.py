"""Tests of match requests: creation, status changes and listing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.profiles import MenteeProfile, MentorProfile
from assistant.store import (
    Database,
    create_match_request,
    list_eligible_mentors,
    list_match_requests,
    save_intake,
    set_match_status,
    upsert_mentors,
)


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
