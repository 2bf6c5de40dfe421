"""Tests of intake storage: every submission kept, the newest one found."""

from __future__ import annotations

from collections.abc import Callable

from assistant.profiles import MenteeProfile
from assistant.store import Database, get_intake, latest_intake, save_intake

MakeMentee = Callable[..., MenteeProfile]


def test_intake_round_trips_every_field(
    database: Database, make_mentee: MakeMentee
) -> None:
    profile = make_mentee(most_important=None, background=[], consent=False)

    with database.session() as session:
        intake_id = save_intake(session, profile)
    with database.session() as session:
        stored = get_intake(session, intake_id)

    assert stored == profile


def test_latest_intake_returns_newest_of_sender(
    database: Database, make_mentee: MakeMentee
) -> None:
    with database.session() as session:
        save_intake(session, make_mentee(program="mpp"))
        newest_id = save_intake(session, make_mentee(program="phd"))
        save_intake(session, make_mentee(sender_id="someone-else", program="mba"))

    with database.session() as session:
        latest = latest_intake(session, "sender-1")

    assert latest is not None
    intake_id, profile = latest
    assert intake_id == newest_id
    assert profile.program == "phd"


def test_latest_intake_of_unknown_sender_is_none(database: Database) -> None:
    with database.session() as session:
        assert latest_intake(session, "nobody") is None
        assert get_intake(session, 12345) is None
