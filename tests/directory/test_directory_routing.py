"""Situation routing: Directory.route picks the resource that fits a described need."""

from __future__ import annotations

import re

import pytest

from assistant.directory import Directory, load_directory


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory()


# Expected name pattern (case-insensitive) of the first resource, and the message.
NAME_PATTERN_CASES = [
    ("counsel", "I've had panic attacks twice this week"),
    ("career", "can someone review my cover letter"),
    ("international|isso|visa|immigration", "I need a travel signature on my I-20"),
    (
        "accessib|disabilit|accommodat",
        "I have a chronic illness and need flexibility with deadlines",
    ),
    ("writing", "my professor says my papers need better structure"),
    ("financ|emergency|food|basic need", "I ran out of money for food this week"),
    ("title ix", "who do I talk to about sexual misconduct policy"),
]

# Expected id of the first resource, and the message: mentees describing their own
# situation and mentors describing a mentee's, in different words.
RESOURCE_ID_CASES = [
    ("basic_needs", "my mentee can't afford groceries"),
    ("accessibility_services", "student needs extended time on exams"),
    ("international_office", "OPT application questions"),
    ("counseling_center", "feeling hopeless lately"),
    ("counseling_center", "I can't stop crying and I haven't slept in days"),
    ("counseling_center", "my mentee seems really depressed and overwhelmed"),
    ("health_center", "my mentee has had a fever for three days"),
    ("health_center", "where can I get a flu shot"),
    ("health_center", "I need birth control"),
    ("title_ix_office", "I was sexually harassed by a classmate"),
    ("title_ix_office", "she told me her ex keeps stalking her"),
    ("ombuds_office", "a professor graded me unfairly and I want to appeal"),
    ("ombuds_office", "how do I file a complaint about a faculty member"),
    ("ombuds_office", "I think I'm experiencing racism from my cohort"),
    ("career_services", "my mentee wants to practice for job interviews"),
    ("career_services", "could someone look over my resume"),
    ("career_services", "I'm looking for a summer internship"),
    ("international_office", "my student visa expires next month"),
    ("international_office", "can I work off campus on CPT"),
    ("international_office", "my mentee needs a travel signature before winter break"),
    ("accessibility_services", "I need a quiet testing room because of my ADHD"),
    (
        "accessibility_services",
        "I use a wheelchair and the seminar room isn't accessible",
    ),
    ("writing_academic_support", "I'm struggling with my thesis draft"),
    ("writing_academic_support", "how do I cite sources in APA"),
    ("writing_academic_support", "I'm falling behind in statistics and need a tutor"),
    ("basic_needs", "my mentee is homeless right now and has nowhere to sleep"),
    ("basic_needs", "I can't pay rent this month"),
    ("basic_needs", "money is tight"),
    ("chaplaincy_community", "is there a place to pray on campus"),
    ("chaplaincy_community", "I want to find a community of other queer students"),
    ("campus_police", "someone broke into my car in the parking lot"),
    ("campus_police", "my laptop was stolen from the library"),
    ("campus_police", "I feel unsafe walking home at night"),
    ("program_office", "my mentor made rude comments in our meeting"),
    ("program_office", "I want to switch to a different mentor"),
    ("lifeline_988", "I'm thinking about killing myself"),
    ("emergency_911", "there's a fire in my building"),
    ("crisis_text_line", "I want to text someone instead of calling"),
]

# Misspelled words still route.
TYPO_CASES = [
    ("career_services", "I need help with my internshp applications"),
    ("accessibility_services", "I need acommodations for my dyslexia"),
    ("counseling_center", "where is the counceling center"),
]


@pytest.mark.parametrize(("pattern", "message"), NAME_PATTERN_CASES)
def test_route_first_name_matches(
    directory: Directory, pattern: str, message: str
) -> None:
    routed = directory.route(message)
    assert routed, f"no resource for {message!r}"
    assert re.search(pattern, routed[0].name, re.IGNORECASE), routed[0].name


@pytest.mark.parametrize(("expected", "message"), RESOURCE_ID_CASES + TYPO_CASES)
def test_route_first_resource(
    directory: Directory, expected: str, message: str
) -> None:
    routed = [resource.id for resource in directory.route(message)]
    assert routed[:1] == [expected], routed


def test_route_own_cases_are_many() -> None:
    assert len(RESOURCE_ID_CASES) >= 25


@pytest.mark.parametrize(
    "message",
    ["", "   ", "hello there", "what's the weather like tomorrow", "ok thanks"],
)
def test_route_nothing_fits(directory: Directory, message: str) -> None:
    assert directory.route(message) == []


def test_route_has_no_duplicates(directory: Directory) -> None:
    routed = directory.route("I'm stressed, anxious and can't afford food or rent")
    ids = [resource.id for resource in routed]
    assert len(ids) == len(set(ids))


def test_route_ranks_specific_over_area(directory: Directory) -> None:
    # "stressed" names the wellbeing area, which several resources list; the
    # counseling center lists it first and also has the keyword.
    routed = [resource.id for resource in directory.route("I'm so stressed")]
    assert routed[0] == "counseling_center"
    assert "lifeline_988" in routed[1:]


def test_route_crisis_puts_lines_first(directory: Directory) -> None:
    routed = [resource.id for resource in directory.route("I want to end my life")]
    assert routed[0] == "lifeline_988"
    assert "crisis_text_line" in routed[:3]


def test_route_names_resource_directly(directory: Directory) -> None:
    routed = directory.route("where is the writing center?")
    assert routed[0].id == "writing_academic_support"


def test_route_ignores_case_and_plurals(directory: Directory) -> None:
    routed = directory.route("PANIC ATTACKS every night")
    assert routed[0].id == "counseling_center"


def test_route_ignores_program_names(directory: Directory) -> None:
    # "public policy" is a program, not a resource keyword.
    assert directory.route("I'm in public policy") == []
