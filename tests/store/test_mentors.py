"""Tests of the mentor roster: upsert by email, capacity and eligibility."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.profiles import MenteeProfile, MentorProfile
from assistant.store import (
    Database,
    count_mentors,
    create_match_request,
    list_eligible_mentors,
    save_intake,
    set_match_status,
    upsert_mentors,
)

MakeMentor = Callable[..., MentorProfile]


def test_upsert_inserts_new_mentors(
    database: Database, make_mentor: MakeMentor
) -> None:
    profiles = [
        make_mentor(email="a@example.edu"),
        make_mentor(email="b@example.edu", status="alumni", graduation_year=2020),
    ]

    with database.session() as session:
        written = upsert_mentors(session, profiles)

    assert written == 2
    with database.session() as session:
        assert count_mentors(session) == 2


def test_upsert_updates_by_email_ignoring_case(
    database: Database, make_mentor: MakeMentor
) -> None:
    with database.session() as session:
        upsert_mentors(session, [make_mentor(email="Ana.Ruiz@Example.edu")])
    with database.session() as session:
        written = upsert_mentors(
            session,
            [make_mentor(email=" ana.ruiz@example.edu ", capacity=5, bio="Updated")],
        )

    assert written == 1
    with database.session() as session:
        assert count_mentors(session) == 1
        [mentor] = list_eligible_mentors(session)
    assert mentor.email == "ana.ruiz@example.edu"
    assert mentor.capacity == 5
    assert mentor.bio == "Updated"


def test_upsert_round_trips_every_field(
    database: Database, make_mentor: MakeMentor
) -> None:
    profile = make_mentor(graduation_year=None, meeting_modes=["in_person", "zoom"])

    with database.session() as session:
        upsert_mentors(session, [profile])
    with database.session() as session:
        [stored] = list_eligible_mentors(session)

    assert stored.id > 0
    assert stored.active_matches == 0
    for name in vars(profile):
        if name != "id":
            assert getattr(stored, name) == getattr(profile, name), name


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": "faculty"}, "invalid status 'faculty'"),
        ({"capacity": -1}, "negative capacity"),
        ({"email": "  "}, "empty email"),
    ],
)
def test_upsert_rejects_invalid_profile_before_writing(
    database: Database,
    make_mentor: MakeMentor,
    overrides: dict[str, object],
    message: str,
) -> None:
    profiles = [make_mentor(email="valid@example.edu"), make_mentor(**overrides)]

    with pytest.raises(ValueError, match=message):
        with database.session() as session:
            upsert_mentors(session, profiles)

    with database.session() as session:
        assert count_mentors(session) == 0


def test_count_mentors_active_only(database: Database, make_mentor: MakeMentor) -> None:
    with database.session() as session:
        upsert_mentors(
            session,
            [
                make_mentor(email="a@example.edu"),
                make_mentor(email="b@example.edu", active=False),
            ],
        )

    with database.session() as session:
        assert count_mentors(session) == 2
        assert count_mentors(session, active_only=True) == 1


def test_eligible_mentors_skip_inactive_and_full(
    database: Database, make_mentor: MakeMentor
) -> None:
    with database.session() as session:
        upsert_mentors(
            session,
            [
                make_mentor(email="active@example.edu"),
                make_mentor(email="inactive@example.edu", active=False),
                make_mentor(email="full@example.edu", capacity=0),
                make_mentor(email="alum@example.edu", status="alumni"),
            ],
        )

    with database.session() as session:
        eligible = list_eligible_mentors(session)

    assert [m.email for m in eligible] == ["active@example.edu", "alum@example.edu"]


def test_only_approved_matches_count_against_capacity(
    database: Database,
    make_mentor: MakeMentor,
    make_mentee: Callable[..., MenteeProfile],
) -> None:
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
        # One open match per mentee, so each request comes from another sender.
        approved_one = create_match_request(session, "sender-1", intake_id, one.id)
        approved_two = create_match_request(session, "sender-2", intake_id, two.id)
        create_match_request(session, "sender-3", intake_id, two.id)  # stays pending
        declined = create_match_request(session, "sender-4", intake_id, two.id)
        set_match_status(session, approved_one, "approved")
        set_match_status(session, approved_two, "approved")
        set_match_status(session, declined, "declined", reason="no time")

    with database.session() as session:
        eligible = list_eligible_mentors(session)

    assert [m.email for m in eligible] == ["two@example.edu"]
    assert eligible[0].active_matches == 1
