"""Cohort matching on the store: waiting pool, open places, pending matches, CLI."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from test_cohort import random_mentee

from assistant.cli import main
from assistant.matching.cohort_run import run_cohort
from assistant.profiles import MenteeProfile, MentorProfile
from assistant.store import (
    Database,
    approve_match,
    create_match_request,
    list_match_requests,
    list_mentors,
    save_intake,
    upsert_mentors,
)


def mentor(email: str, capacity: int, **changes: object) -> MentorProfile:
    values: dict[str, object] = {
        "id": 0,
        "name": email.split("@")[0].title(),
        "email": email,
        "status": "alumni",
        "program": "mpp",
        "graduation_year": 2020,
        "support_areas": ["career", "academic"],
        "themes": [],
        "languages": ["english"],
        "meeting_modes": ["zoom"],
        "availability": ["weekends"],
        "capacity": capacity,
    }
    values.update(changes)
    return MentorProfile(**values)  # type: ignore[arg-type]


def mentee(sender_id: str, **changes: object) -> MenteeProfile:
    values: dict[str, object] = {
        "sender_id": sender_id,
        "preferred_name": sender_id.title(),
        "email": f"{sender_id}@example.edu",
        "program": "mpp",
        "student_status": "new",
        "support_areas": ["career"],
        "meeting_modes": ["zoom"],
        "availability": ["weekends"],
        "languages": ["english"],
        "consent": True,
    }
    values.update(changes)
    return MenteeProfile(**values)  # type: ignore[arg-type]


@pytest.fixture
def small_store(database: Database) -> Database:
    """Mentors of capacity 1 and 2, a pending match on the first, four intakes."""
    with database.session() as session:
        upsert_mentors(session, [mentor("one@example.edu", 1), mentor("two@x.edu", 2)])
        one = next(m.id for m in list_mentors(session) if m.email.startswith("one"))
        chosen = save_intake(session, mentee("chosen"))
        create_match_request(session, "chosen", chosen, one)
        for sender_id in ("ana", "ben", "cy"):
            save_intake(session, mentee(sender_id))
    return database


def test_cohort_respects_pending_places(small_store: Database) -> None:
    with small_store.session() as session:
        run = run_cohort(session)

    result = run.result
    assert len(result.assignments) == 2
    assert {a.mentor_id for a in result.assignments} == {
        m.id for m in run.mentors.values() if m.email == "two@x.edu"
    }
    [unmatched] = result.unmatched
    assert unmatched.reason.startswith("all 1 mentors who fit are full")
    with small_store.session() as session:
        cohort = [r for r in list_match_requests(session) if r.source == "cohort"]
    assert sorted(r.id for r in cohort) == sorted(run.match_ids)
    for record in cohort:
        assert record.status == "pending"
        assert record.score is not None and record.score > 0
        assert "Also in the MPP program" in record.reasons


def test_cohort_rerun_adds_nothing(small_store: Database) -> None:
    with small_store.session() as session:
        run_cohort(session)
    with small_store.session() as session:
        again = run_cohort(session)

    assert again.result.assignments == []
    assert len(again.result.unmatched) == 1
    with small_store.session() as session:
        assert len(list_match_requests(session, status="pending")) == 3


def test_cohort_dry_run_writes_nothing(small_store: Database) -> None:
    with small_store.session() as session:
        run = run_cohort(session, dry_run=True)

    assert len(run.result.assignments) == 2
    assert run.match_ids == []
    with small_store.session() as session:
        assert len(list_match_requests(session)) == 1


def test_many_mentees_never_exceed_capacity(database: Database) -> None:
    rng = random.Random(11)
    with database.session() as session:
        upsert_mentors(
            session,
            [
                mentor(
                    f"m{n}@example.edu",
                    rng.randint(1, 4),
                    languages=["english", rng.choice(["spanish", "french"])],
                    meeting_modes=rng.sample(["zoom", "in_person"], rng.randint(1, 2)),
                )
                for n in range(10)
            ],
        )
        for n in range(80):
            save_intake(session, random_mentee(rng, n))

    with database.session() as session:
        run = run_cohort(session)
    with database.session() as session:
        for match_id in run.match_ids:
            approve_match(session, match_id)
        roster = list_mentors(session)

    assert run.match_ids
    for entry in roster:
        assert entry.active_matches <= entry.capacity, entry.email
    per_mentor = Counter(a.mentor_id for a in run.result.assignments)
    assert sum(per_mentor.values()) == len(run.match_ids)
    assert sum(m.active_matches for m in roster) == len(run.match_ids)


def test_cli_match_cohort(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sqlite_database: Database,
) -> None:
    with sqlite_database.session() as session:
        upsert_mentors(session, [mentor("one@example.edu", 1)])
        save_intake(session, mentee("ana"))
        save_intake(session, mentee("ben", languages=["mandarin"]))
    monkeypatch.setenv("HNPM_DATABASE_URL", sqlite_database.url)

    with pytest.raises(SystemExit) as exit_info:
        main(["match", "cohort"])

    output = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "2 waiting mentees: 1 matched, 1 unmatched" in output
    assert "(Ben): no mentor with an open place speaks mandarin" in output
    assert "Stored 1 pending matches" in output
