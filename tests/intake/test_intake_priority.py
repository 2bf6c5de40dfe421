"""Reading what matters most to the mentee in a mentor."""

from __future__ import annotations

import pytest

from assistant.intake import UserMessage, read_answers
from assistant.intake_priority import (
    NO_PREFERENCE,
    most_important_for_matching,
    parse_most_important,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("career", "career"),
        ("mostly help with my career", "career"),
        ("visa stuff honestly", "international"),
        ("making friends", "social"),
        ("someone from my program", "program"),
        ("a shared background matters most", "themes"),
        ("a mentor who speaks Mandarin", "languages"),
        ("same schedule as me", "availability"),
        ("meeting in person", "meeting_mode"),
        ("no preference", NO_PREFERENCE),
        ("it doesn't matter", NO_PREFERENCE),
        ("themes", "themes"),
    ],
)
def test_most_important_parsed(text: str, expected: str) -> None:
    assert parse_most_important(text) == expected


@pytest.mark.parametrize("text", ["banana", "hmm", "what do you mean?"])
def test_most_important_unreadable(text: str) -> None:
    assert parse_most_important(text) is None


def test_button_payload_fills_most_important() -> None:
    message = UserMessage(
        text='/inform{"most_important": "career"}',
        intent="inform",
        entities=[{"entity": "most_important", "value": "career"}],
    )

    reading = read_answers(message, "most_important", {})

    assert reading.values == {"most_important": "career"}
    assert reading.problem is None


def test_skip_means_no_preference() -> None:
    message = UserMessage(text="/skip", intent="skip", entities=[])

    reading = read_answers(message, "most_important", {})

    assert reading.values == {"most_important": NO_PREFERENCE}


def test_unreadable_answer_asks_again() -> None:
    message = UserMessage(text="banana", intent="inform", entities=[])

    reading = read_answers(message, "most_important", {})

    assert reading.values == {}
    assert reading.problem is not None
    assert "no preference" in reading.problem


def test_no_preference_gives_no_boost() -> None:
    assert most_important_for_matching(NO_PREFERENCE) is None
    assert most_important_for_matching(None) is None
    assert most_important_for_matching("career") == "career"


def test_support_statement_read_as_resource_request() -> None:
    message = UserMessage(text="career help matters most", intent="ask_resource")

    reading = read_answers(message, "most_important", {})

    assert reading.values == {"most_important": "career"}


def test_resource_question_is_not_an_answer() -> None:
    message = UserMessage(text="where do I get career help?", intent="ask_resource")

    reading = read_answers(message, "most_important", {})

    assert reading.values == {}
    assert reading.problem is None
