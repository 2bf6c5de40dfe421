"""suggest_mentors: hard filters, weighted reasons, boost, diversity and ordering."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from assistant.matching import (
    MatchWeights,
    is_eligible,
    load_roster,
    load_weights,
    suggest_mentors,
)
from assistant.profiles import MenteeProfile, MentorProfile


def make_mentee(**changes: Any) -> MenteeProfile:
    values: dict[str, Any] = {
        "sender_id": "s1",
        "preferred_name": "Sam",
        "email": "sam@brandeis.edu",
        "program": "mpp",
        "student_status": "new",
        "support_areas": ["career"],
        "meeting_modes": [],
        "availability": ["weekday_evenings"],
        "languages": ["english"],
    }
    values.update(changes)
    return MenteeProfile(**values)


def make_mentor(name: str, **changes: Any) -> MentorProfile:
    values: dict[str, Any] = {
        "id": 0,
        "name": name,
        "email": f"{name.lower().replace(' ', '.')}@example.edu",
        "status": "alumni",
        "program": "mba",
        "graduation_year": 2020,
        "support_areas": ["academic"],
        "themes": [],
        "languages": ["english"],
        "meeting_modes": ["zoom"],
        "availability": ["weekends"],
        "capacity": 2,
    }
    values.update(changes)
    return MentorProfile(**values)


def names(suggestions: list[Any]) -> list[str]:
    return [suggestion.mentor.name for suggestion in suggestions]


def test_reasons_in_plain_english() -> None:
    mentee = make_mentee(
        support_areas=["career"],
        background=["first_generation"],
        meeting_modes=["zoom"],
        languages=["english", "spanish"],
    )
    mentor = make_mentor(
        "Rosa Example",
        program="mpp",
        support_areas=["career", "academic"],
        themes=["first_generation"],
        languages=["english", "spanish"],
        meeting_modes=["zoom", "in_person"],
        availability=["weekday_evenings"],
    )
    (suggestion,) = suggest_mentors(mentee, [mentor])
    assert suggestion.reasons == [
        "Offers career support, which you asked for",
        "Also in the MPP program",
        "Shares your background as a first-generation student",
        "Free weekday evenings, like you",
        "Meets on Zoom",
        "Speaks Spanish",
    ]


def test_reasons_list_several_values() -> None:
    mentee = make_mentee(support_areas=["career", "wellbeing"], program="other")
    mentor = make_mentor(
        "Ana Example",
        program="other",
        support_areas=["wellbeing", "career"],
        meeting_modes=["in_person", "zoom"],
    )
    reasons = suggest_mentors(mentee, [mentor])[0].reasons
    assert reasons[0] == (
        "Offers career and mental health and wellbeing support, which you asked for"
    )
    assert "Meets in person or on Zoom" in reasons
    assert not any("program" in reason for reason in reasons)


@pytest.mark.parametrize(
    ("changes", "eligible"),
    [
        ({}, True),
        ({"active": False}, False),
        ({"active_matches": 2}, False),
        ({"active_matches": 1}, True),
        ({"status": "faculty"}, False),
        ({"status": "current_student"}, True),
        ({"meeting_modes": ["in_person"]}, False),
        ({"meeting_modes": []}, True),
    ],
)
def test_hard_filters(changes: dict[str, Any], eligible: bool) -> None:
    mentee = make_mentee(meeting_modes=["zoom"])
    mentor = make_mentor("Filter Example", **changes)
    assert is_eligible(mentee, mentor) is eligible
    assert len(suggest_mentors(mentee, [mentor])) == int(eligible)


def test_empty_mentee_modes_accept_any() -> None:
    mentee = make_mentee(meeting_modes=[])
    mentor = make_mentor("Any Example", meeting_modes=["in_person"])
    assert is_eligible(mentee, mentor)


@pytest.mark.parametrize(
    ("mentee_languages", "mentor_languages", "eligible"),
    [
        (["spanish"], ["english"], False),
        (["spanish"], ["english", "spanish"], True),
        (["spanish", "portuguese"], ["portuguese"], True),
        (["english", "spanish"], ["english"], True),
        ([], ["english"], True),
        (["english"], ["mandarin"], False),
        (["english"], [], True),
    ],
)
def test_language_rule(
    mentee_languages: list[str], mentor_languages: list[str], eligible: bool
) -> None:
    mentee = make_mentee(languages=mentee_languages)
    mentor = make_mentor("Language Example", languages=mentor_languages)
    assert is_eligible(mentee, mentor) is eligible


def _boost_pair() -> list[MentorProfile]:
    same_program = make_mentor("Pat Program", program="mpp", support_areas=["career"])
    speaks_spanish = make_mentor(
        "Lee Language",
        program="mba",
        support_areas=["career"],
        languages=["english", "spanish"],
    )
    return [same_program, speaks_spanish]


@pytest.mark.parametrize(
    ("most_important", "first"),
    [("program", "Pat Program"), ("languages", "Lee Language")],
)
def test_most_important_boost(most_important: str, first: str) -> None:
    mentee = make_mentee(
        languages=["english", "spanish"], most_important=most_important
    )
    weights = dataclasses.replace(load_weights(), program=1.0, languages=1.0)
    suggestions = suggest_mentors(mentee, _boost_pair(), weights)
    assert names(suggestions)[0] == first
    assert suggestions[0].reasons[0] in ("Also in the MPP program", "Speaks Spanish")


def test_most_important_support_area() -> None:
    mentee = make_mentee(support_areas=["career", "wellbeing"], program="other")
    career = make_mentor("Cam Career", support_areas=["career"])
    wellbeing = make_mentor("Wren Wellbeing", support_areas=["wellbeing"])
    without_boost = suggest_mentors(mentee, [career, wellbeing])
    assert names(without_boost) == ["Cam Career", "Wren Wellbeing"]  # a tie, by name
    boosted = suggest_mentors(
        dataclasses.replace(mentee, most_important="wellbeing"), [career, wellbeing]
    )
    assert names(boosted) == ["Wren Wellbeing", "Cam Career"]
    assert boosted[0].score > boosted[1].score


def test_diversity_avoids_three_copies() -> None:
    mentee = make_mentee(support_areas=["career"], availability=["weekends"])
    copies = [
        make_mentor(f"Copy {letter}", program="mpp", support_areas=["career"])
        for letter in "ABCD"
    ]
    other = make_mentor("Other Profile", program="mba", support_areas=["career"])
    suggestions = suggest_mentors(mentee, [*copies, other])
    profiles = [(s.mentor.program, tuple(s.mentor.support_areas)) for s in suggestions]
    assert len(set(profiles)) >= 2
    assert "Other Profile" in names(suggestions)


def test_diversity_without_alternatives() -> None:
    mentee = make_mentee()
    copies = [make_mentor(f"Copy {letter}", program="mpp") for letter in "ABC"]
    assert names(suggest_mentors(mentee, copies)) == ["Copy A", "Copy B", "Copy C"]


def test_zero_penalty_keeps_plain_ranking() -> None:
    mentee = make_mentee(support_areas=["career"])
    copies = [
        make_mentor(f"Copy {letter}", program="mpp", support_areas=["career"])
        for letter in "ABC"
    ]
    other = make_mentor("Other Profile", program="mba", support_areas=["career"])
    weights = dataclasses.replace(load_weights(), diversity_penalty=0.0)
    assert names(suggest_mentors(mentee, [*copies, other], weights)) == [
        "Copy A",
        "Copy B",
        "Copy C",
    ]


def test_order_is_deterministic() -> None:
    mentee = make_mentee(support_areas=["career", "social"], meeting_modes=["zoom"])
    mentors = load_roster()
    expected = names(suggest_mentors(mentee, mentors, k=5))
    for seed in range(5):
        shuffled = mentors[:]
        random.Random(seed).shuffle(shuffled)
        assert names(suggest_mentors(mentee, shuffled, k=5)) == expected


def test_scores_do_not_increase() -> None:
    mentee = make_mentee(support_areas=["international", "career"], program="ma_sid")
    scores = [s.score for s in suggest_mentors(mentee, load_roster(), k=6)]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("k", [0, 1, 3, 100])
def test_k_limits_suggestions(k: int) -> None:
    mentors = load_roster()
    suggestions = suggest_mentors(make_mentee(), mentors, k=k)
    assert len(suggestions) == min(k, len(mentors))


def test_sample_roster_typical_mentee() -> None:
    mentee = make_mentee(
        program="ma_sid",
        support_areas=["practicum", "international"],
        meeting_modes=["zoom"],
        availability=["weekends"],
        languages=["english", "french"],
        background=["international"],
    )
    suggestions = suggest_mentors(mentee, load_roster())
    assert len(suggestions) == 3
    for suggestion in suggestions:
        assert "zoom" in suggestion.mentor.meeting_modes
        assert suggestion.reasons
    assert suggestions[0].reasons[0].startswith("Offers")


def test_custom_weights_object() -> None:
    weights = MatchWeights(
        support_areas=0.0,
        program=5.0,
        themes=0.0,
        availability=0.0,
        meeting_mode=0.0,
        languages=0.0,
        most_important_boost=1.0,
        diversity_penalty=0.0,
    )
    same_program = make_mentor("Zed Program", program="mpp")
    career = make_mentor("Abe Career", support_areas=["career"])
    assert names(suggest_mentors(make_mentee(), [career, same_program], weights)) == [
        "Zed Program",
        "Abe Career",
    ]
