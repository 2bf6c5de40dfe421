"""Names versus words that describe how the mentee feels."""

from __future__ import annotations

import pytest

from assistant.intake_parsing import parse_name


@pytest.mark.parametrize(
    "text", ["I'm drowning in readings", "scared", "idk", "I'm exhausted", "dunno"]
)
def test_state_word_not_a_name(text: str) -> None:
    assert parse_name(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ted", "Ted"), ("fred", "Fred"), ("call me sterling", "Sterling"), ("Jo", "Jo")],
)
def test_short_names_accepted(text: str, expected: str) -> None:
    assert parse_name(text) == expected
