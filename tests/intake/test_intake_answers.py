"""Reading intake answers: the requested slot, skips, corrections and non-answers."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.intake import (
    NON_ANSWER_INTENTS,
    PROBLEMS,
    REQUIRED_SKIP_PROBLEM,
    SKIP_VALUES,
    SOCIAL_INTENTS,
    Reading,
    UserMessage,
    email_problem,
    read_answers,
    retry_offer,
)
from assistant.intake_parsing import SCHOOL_EMAIL_DOMAINS_ENV

OTHER_DOMAIN_PROBLEM = "Please use your school email address, ending in @brandeis.edu."
NOT_AN_EMAIL_PROBLEM = (
    "That doesn't look like an email address. Please type your school address "
    "ending in @brandeis.edu."
)
SKIP_OFFER = "If you'd rather, you can skip this question or talk to a person."
PERSON_OFFER = (
    "If this question is getting in the way, you can talk to a person instead."
)


@pytest.fixture(autouse=True)
def school_domain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCHOOL_EMAIL_DOMAINS_ENV, "brandeis.edu")


def message(
    text: str, intent: str | None = "inform", *entities: dict[str, Any]
) -> UserMessage:
    return UserMessage(text=text, intent=intent, entities=entities)


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("preferred_name", "call me Sam", "Sam"),
        ("school_email", "Sam@Brandeis.edu", "sam@brandeis.edu"),
        ("program", "I'm in the MPP", "mpp"),
        ("student_status", "I'm a new student", "new"),
        (
            "support_areas",
            "I want help finding an internship and making friends",
            ["practicum", "social"],
        ),
        ("meeting_modes", "zoom please", ["zoom"]),
        ("availability", "weekday evenings", ["weekday_evenings"]),
        ("languages", "English and Spanish", ["english", "spanish"]),
        ("background", "I'm a first-generation student", ["first_generation"]),
        ("consent", "yes, that's fine", True),
        ("consent", "no thanks", False),
    ],
)
def test_free_text_answer(slot: str, text: str, expected: Any) -> None:
    reading = read_answers(message(text), slot, {})

    assert reading.values == {slot: expected}
    assert reading.problem is None


@pytest.mark.parametrize(
    ("slot", "entity", "value", "expected"),
    [
        ("program", "program", "mpp", "mpp"),
        ("program", "program", "SID", "ma_sid"),
        ("student_status", "student_status", "new", "new"),
        ("support_areas", "support_area", "career", ["career"]),
        ("meeting_modes", "meeting_mode", "zoom", ["zoom"]),
        ("availability", "availability", "weekends", ["weekends"]),
        ("languages", "language", "Spanish", ["spanish"]),
        ("background", "theme", "first-generation", ["first_generation"]),
    ],
)
def test_entity_answer(slot: str, entity: str, value: str, expected: Any) -> None:
    button = message("/inform", "inform", {"entity": entity, "value": value})

    reading = read_answers(button, slot, {})

    assert reading.values == {slot: expected}
    assert reading.problem is None


def test_consent_from_intent() -> None:
    assert read_answers(message("sure", "affirm"), "consent", {}).values == {
        "consent": True
    }
    assert read_answers(message("nah", "deny"), "consent", {}).values == {
        "consent": False
    }


def test_consent_negated_agree() -> None:
    reading = read_answers(message("I don't agree"), "consent", {})

    assert reading.values == {"consent": False}


def test_entity_for_unanswered_slot() -> None:
    button = message(
        "new",
        "inform",
        {"entity": "student_status", "value": "new"},
        {"entity": "program", "value": "mba"},
    )

    reading = read_answers(button, "student_status", {})

    assert reading.values == {"program": "mba", "student_status": "new"}


def test_entity_keeps_answered_slot() -> None:
    button = message(
        "new",
        "inform",
        {"entity": "student_status", "value": "new"},
        {"entity": "program", "value": "mba"},
    )

    reading = read_answers(button, "student_status", {"program": "mpp"})

    assert reading.values == {"student_status": "new"}


def test_email_in_other_answer() -> None:
    text = "I'm new, my email is sam@brandeis.edu"

    reading = read_answers(message(text), "student_status", {})

    assert reading.values == {
        "school_email": "sam@brandeis.edu",
        "student_status": "new",
    }


@pytest.mark.parametrize("slot", sorted(SKIP_VALUES))
@pytest.mark.parametrize(("text", "intent"), [("skip", "skip"), ("skip", "inform")])
def test_skip_optional_slot(slot: str, text: str, intent: str) -> None:
    reading = read_answers(message(text, intent), slot, {})

    assert reading.values == {slot: SKIP_VALUES[slot]}
    assert reading.problem is None


@pytest.mark.parametrize(
    "slot", ["preferred_name", "school_email", "program", "support_areas"]
)
def test_skip_required_slot(slot: str) -> None:
    reading = read_answers(message("skip", "skip"), slot, {})

    assert reading.values == {}
    assert reading.problem == REQUIRED_SKIP_PROBLEM


def test_correction_of_program() -> None:
    correction = message("actually I'm in SID", "correct")

    reading = read_answers(correction, "student_status", {"program": "mpp"})

    assert reading.values == {"program": "ma_sid"}
    assert reading.problem is None
    assert reading.notes == ["Updated your program."]


def test_correction_needs_correct_intent() -> None:
    reading = read_answers(
        message("actually I'm in SID"), "student_status", {"program": "mpp"}
    )

    assert reading.values == {}
    assert reading.problem == PROBLEMS["student_status"]


def test_correction_with_too_adds() -> None:
    correction = message("I need help with money too", "correct")

    reading = read_answers(
        correction, "meeting_modes", {"support_areas": ["academic", "career"]}
    )

    assert reading.values == {"support_areas": ["academic", "career", "financial"]}


def test_correction_with_also_adds() -> None:
    correction = message("actually I also speak French", "correct")

    reading = read_answers(correction, "background", {"languages": ["english"]})

    assert reading.values == {"languages": ["english", "french"]}


def test_correction_without_too_replaces() -> None:
    correction = message("actually I need help with money", "correct")

    reading = read_answers(
        correction, "meeting_modes", {"support_areas": ["academic", "career"]}
    )

    assert reading.values == {"support_areas": ["financial"]}


def test_correction_of_name() -> None:
    correction = message("call me Alex", "correct")

    reading = read_answers(correction, "student_status", {"preferred_name": "Sam"})

    assert reading.values == {"preferred_name": "Alex"}


@pytest.mark.parametrize(
    "text", ["actually, call me Alex", "sorry, my name is Alex", "oops, call me Alex"]
)
def test_correction_of_name_after_filler(text: str) -> None:
    correction = message(text, "correct")

    reading = read_answers(correction, "student_status", {"preferred_name": "Sam"})

    assert reading.values == {"preferred_name": "Alex"}


def test_correction_keeps_other_answers() -> None:
    correction = message("actually I'm an international student", "correct")
    filled = {"support_areas": ["career", "academic"]}

    reading = read_answers(correction, "background", filled)

    assert reading.values == {"background": ["international"]}


@pytest.mark.parametrize("intent", sorted(NON_ANSWER_INTENTS - SOCIAL_INTENTS))
def test_non_answer_intent(intent: str) -> None:
    text = "I'm Sam, sam@brandeis.edu, and I'm in the MPP"

    reading = read_answers(message(text, intent), "preferred_name", {})

    assert reading == Reading()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sam@gmail.com", OTHER_DOMAIN_PROBLEM),
        ("sam@brandeis", OTHER_DOMAIN_PROBLEM),
        ("my school email", NOT_AN_EMAIL_PROBLEM),
    ],
)
def test_invalid_email(text: str, expected: str) -> None:
    reading = read_answers(message(text), "school_email", {})

    assert reading.values == {}
    assert reading.problem == expected


def test_email_problem_lists_domains(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCHOOL_EMAIL_DOMAINS_ENV, "brandeis.edu, @Alumni.Brandeis.edu")

    assert email_problem("sam@gmail.com") == (
        "Please use your school email address, ending in @brandeis.edu, "
        "@alumni.brandeis.edu."
    )


@pytest.mark.parametrize(
    ("slot", "text"),
    [
        ("preferred_name", "12345"),
        ("program", "the one with the long name"),
        ("support_areas", "blah blah"),
        ("consent", "maybe later"),
    ],
)
def test_unreadable_answer(slot: str, text: str) -> None:
    reading = read_answers(message(text), slot, {})

    assert reading.values == {}
    assert reading.problem == PROBLEMS[slot]


def test_no_requested_slot() -> None:
    reading = read_answers(message("blah blah"), None, {})

    assert reading == Reading()


@pytest.mark.parametrize(
    ("slot", "retries", "expected"),
    [
        ("languages", 0, None),
        ("languages", 1, None),
        ("languages", 2, SKIP_OFFER),
        ("languages", 3, SKIP_OFFER),
        ("school_email", 1, None),
        ("school_email", 2, PERSON_OFFER),
        ("program", 5, PERSON_OFFER),
    ],
)
def test_retry_offer(slot: str, retries: int, expected: str | None) -> None:
    assert retry_offer(slot, retries) == expected


@pytest.mark.parametrize("intent", ["thank", "greet", "goodbye"])
def test_name_classified_as_social(intent: str) -> None:
    message = UserMessage(text="Jo", intent=intent)
    reading = read_answers(message, "preferred_name", {})
    assert reading.values == {"preferred_name": "Jo"}


@pytest.mark.parametrize("text", ["thanks", "hi", "ok bye"])
def test_social_words_not_a_name(text: str) -> None:
    reading = read_answers(UserMessage(text=text, intent="thank"), "preferred_name", {})
    assert reading.values == {}
    assert reading.problem is None


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("sure, I don't mind", "deny", True),
        ("no, I don't agree", "affirm", False),
        ("/affirm", "affirm", True),
        ("/deny", "deny", False),
    ],
)
def test_consent_words_before_intent(text: str, intent: str, expected: bool) -> None:
    reading = read_answers(UserMessage(text=text, intent=intent), "consent", {})
    assert reading.values == {"consent": expected}
