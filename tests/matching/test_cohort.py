"""Cohort matching: the score matrix, capacity, optimality and unmatched reasons.

The property tests draw random cohorts from fixed seeds, so a failure names the
seed that reproduces it.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from assistant.matching import is_eligible, load_weights, score_mentor
from assistant.matching.cohort import CohortMentee, CohortResult, assign_cohort
from assistant.matching.score_matrix import eligibility_matrix, score_matrix
from assistant.profiles import MenteeProfile, MentorProfile

WEIGHTS = load_weights()
AREAS = ["academic", "practicum", "career", "wellbeing", "social", "financial"]
PROGRAMS = ["mpp", "mba", "ma_sid", "phd", "other"]
MODES = ["zoom", "in_person", "skype"]
TIMES = ["weekday_mornings", "weekday_evenings", "weekends"]
LANGUAGES = ["english", "spanish", "mandarin", "french"]
THEMES = ["international", "parent", "veteran", "first_generation"]


def random_mentee(rng: random.Random, number: int) -> MenteeProfile:
    areas = rng.sample(AREAS, rng.randint(0, 3))
    return MenteeProfile(
        sender_id=f"mentee-{number}",
        preferred_name=f"Mentee {number}",
        email=f"mentee{number}@example.edu",
        program=rng.choice(PROGRAMS),
        student_status="new",
        support_areas=areas,
        meeting_modes=rng.sample(MODES, rng.randint(0, 2)),
        availability=rng.sample(TIMES, rng.randint(0, 2)),
        languages=rng.sample(LANGUAGES, rng.randint(0, 2)),
        background=rng.sample(THEMES, rng.randint(0, 2)),
        consent=True,
        most_important=rng.choice(
            [None, "program", "languages", "schedule", "unknown", *areas]
        ),
    )


def random_mentor(rng: random.Random, number: int) -> MentorProfile:
    capacity = rng.randint(1, 4)
    return MentorProfile(
        id=number,
        name=f"Mentor {number}",
        email=f"mentor{number}@example.edu",
        status=rng.choice(["current_student", "alumni", "faculty"]),
        program=rng.choice(PROGRAMS),
        graduation_year=None,
        support_areas=rng.sample(AREAS, rng.randint(1, 4)),
        themes=rng.sample(THEMES, rng.randint(0, 2)),
        languages=rng.sample(LANGUAGES, rng.randint(0, 2)),
        meeting_modes=rng.sample(MODES, rng.randint(0, 2)),
        availability=rng.sample(TIMES, rng.randint(1, 2)),
        capacity=capacity,
        active_matches=rng.randint(0, capacity),
        active=rng.random() > 0.1,
    )


def random_cohort(
    seed: int, mentees: int, mentors: int
) -> tuple[list[CohortMentee], list[MentorProfile], dict[int, int]]:
    rng = random.Random(seed)
    roster = [random_mentor(rng, n) for n in range(1, mentors + 1)]
    cohort = [
        CohortMentee(
            n,
            random_mentee(rng, n),
            frozenset(rng.sample(range(1, mentors + 1), rng.randint(0, 2))),
        )
        for n in range(1, mentees + 1)
    ]
    slots = {m.id: max(0, m.capacity - m.active_matches) for m in roster}
    return cohort, roster, slots


def fits(mentee: CohortMentee, mentor: MentorProfile, slots: dict[int, int]) -> bool:
    return (
        is_eligible(mentee.profile, mentor)
        and mentor.id not in mentee.excluded_mentor_ids
        and slots[mentor.id] > 0
    )


@pytest.mark.parametrize("seed", range(10))
def test_score_matrix_equals_pairwise_scores(seed: int) -> None:
    cohort, mentors, _ = random_cohort(seed, 40, 25)
    mentees = [entry.profile for entry in cohort]

    scores = score_matrix(mentees, mentors, WEIGHTS)
    eligible = eligibility_matrix(mentees, mentors)

    for row, mentee in enumerate(mentees):
        for column, mentor in enumerate(mentors):
            expected = score_mentor(mentee, mentor, WEIGHTS)
            assert scores[row, column] == pytest.approx(expected, abs=1e-9)
            assert eligible[row, column] == is_eligible(mentee, mentor)


@pytest.mark.parametrize("seed", range(30))
def test_cohort_never_exceeds_capacity(seed: int) -> None:
    rng = random.Random(1000 + seed)
    cohort, mentors, slots = random_cohort(seed, rng.randint(50, 250), 30)
    by_key = {entry.key: entry for entry in cohort}
    by_id = {mentor.id: mentor for mentor in mentors}

    result = assign_cohort(cohort, mentors, slots, WEIGHTS)

    per_mentor = Counter(a.mentor_id for a in result.assignments)
    for mentor_id, count in per_mentor.items():
        assert count <= slots[mentor_id], f"mentor {mentor_id} over capacity"
        mentor = by_id[mentor_id]
        assert count + mentor.active_matches <= mentor.capacity
    keys = [a.mentee_key for a in result.assignments]
    assert len(keys) == len(set(keys))
    for assignment in result.assignments:
        assert fits(by_key[assignment.mentee_key], by_id[assignment.mentor_id], slots)
    unmatched = {entry.mentee_key for entry in result.unmatched}
    assert unmatched | set(keys) == set(by_key)
    assert not unmatched & set(keys)
    total = sum(a.score for a in result.assignments)
    assert result.total_score == pytest.approx(total, abs=1e-6)


@pytest.mark.parametrize("seed", range(15))
def test_cohort_leaves_no_free_fitting_place(seed: int) -> None:
    cohort, mentors, slots = random_cohort(seed, 120, 25)

    result = assign_cohort(cohort, mentors, slots, WEIGHTS)

    taken = Counter(a.mentor_id for a in result.assignments)
    free = {mentor.id for mentor in mentors if taken[mentor.id] < slots[mentor.id]}
    unmatched = {entry.mentee_key for entry in result.unmatched}
    for entry in cohort:
        if entry.key in unmatched:
            fitting_free = [
                m.id for m in mentors if m.id in free and fits(entry, m, slots)
            ]
            assert fitting_free == [], f"mentee {entry.key} could take {fitting_free}"


def best_total_by_search(
    cohort: list[CohortMentee], mentors: list[MentorProfile], slots: dict[int, int]
) -> float:
    """Return the best total score by trying every choice of mentor or none."""
    options = [
        [None] + [m for m in mentors if fits(entry, m, slots)] for entry in cohort
    ]
    best = 0.0
    for choice in itertools.product(*options):
        used = Counter(mentor.id for mentor in choice if mentor is not None)
        if any(count > slots[mentor_id] for mentor_id, count in used.items()):
            continue
        total = sum(
            score_mentor(entry.profile, mentor, WEIGHTS)
            for entry, mentor in zip(cohort, choice, strict=True)
            if mentor is not None
        )
        best = max(best, total)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_cohort_total_is_optimal(seed: int) -> None:
    cohort, mentors, _ = random_cohort(seed, 6, 4)
    mentors = [
        MentorProfile(**{**vars(m), "status": "alumni", "active": True})
        for m in mentors
    ]
    slots = {mentor.id: 1 + mentor.id % 2 for mentor in mentors}

    result = assign_cohort(cohort, mentors, slots, WEIGHTS)

    expected = best_total_by_search(cohort, mentors, slots)
    assert result.total_score == pytest.approx(expected, abs=1e-6)


def mentee_with(**changes: object) -> MenteeProfile:
    values: dict[str, object] = {
        "sender_id": "s",
        "preferred_name": "Sam",
        "email": "sam@example.edu",
        "program": "mpp",
        "student_status": "new",
        "support_areas": ["career"],
        "meeting_modes": [],
        "availability": ["weekends"],
        "languages": ["english"],
    }
    values.update(changes)
    return MenteeProfile(**values)  # type: ignore[arg-type]


def mentor_with(mentor_id: int, **changes: object) -> MentorProfile:
    values: dict[str, object] = {
        "id": mentor_id,
        "name": f"Mentor {mentor_id}",
        "email": f"m{mentor_id}@example.edu",
        "status": "alumni",
        "program": "mpp",
        "graduation_year": None,
        "support_areas": ["career"],
        "themes": [],
        "languages": ["english"],
        "meeting_modes": ["zoom"],
        "availability": ["weekends"],
        "capacity": 1,
    }
    values.update(changes)
    return MentorProfile(**values)  # type: ignore[arg-type]


def reason_of(result: CohortResult, key: int) -> str:
    return next(entry.reason for entry in result.unmatched if entry.mentee_key == key)


def test_unmatched_reasons_name_the_filter() -> None:
    mentors = [mentor_with(1, capacity=2), mentor_with(2, meeting_modes=["in_person"])]
    cohort = [
        CohortMentee(1, mentee_with(languages=["mandarin"])),
        CohortMentee(2, mentee_with(meeting_modes=["skype"])),
        CohortMentee(3, mentee_with(), frozenset({1, 2})),
        CohortMentee(4, mentee_with(meeting_modes=["in_person"])),
        CohortMentee(5, mentee_with(meeting_modes=["in_person"], program="mba")),
        CohortMentee(6, mentee_with(meeting_modes=["skype"], languages=["french"])),
    ]

    result = assign_cohort(cohort, mentors, {1: 2, 2: 1}, WEIGHTS)

    assert reason_of(result, 1) == "no mentor with an open place speaks mandarin"
    assert reason_of(result, 2) == "no mentor with an open place meets by skype"
    assert reason_of(result, 3) == (
        "every mentor with an open place was declined or ended for this mentee"
    )
    assert reason_of(result, 5).startswith("all 1 mentors who fit are full")
    assert reason_of(result, 6) == "no mentor with an open place meets by skype"
    assert [(a.mentee_key, a.mentor_id) for a in result.assignments] == [(4, 2)]


def test_unmatched_reason_without_places() -> None:
    cohort = [CohortMentee(1, mentee_with())]

    result = assign_cohort(cohort, [mentor_with(1)], {1: 0}, WEIGHTS)

    assert result.assignments == []
    assert reason_of(result, 1) == "no active mentor has an open place"


def test_empty_cohort() -> None:
    result = assign_cohort([], [mentor_with(1)], {1: 1}, WEIGHTS)

    assert result.assignments == []
    assert result.unmatched == []
    assert result.total_score == 0.0
