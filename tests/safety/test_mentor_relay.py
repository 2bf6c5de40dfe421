"""Messages in which a mentor relays a mentee's disclosure."""

from __future__ import annotations

import pytest

from assistant.relay import relays_mentee_disclosure


@pytest.mark.parametrize(
    "text",
    [
        "My mentee told me her advisor keeps touching her",
        "one of my mentees said he wants to kill himself",
        "a mentee of mine is being stalked by her ex",
        "the student I mentor says a professor harassed her",
        "I’m a mentor and a student told me she was assaulted at a party",
        "As her mentor, what do I do? She said she was raped",
        "our mentees are getting bullied by a TA",
        "the girl im mentoring told me her boyfriend hits her",
    ],
)
def test_mentor_relay_recognised(text: str) -> None:
    assert relays_mentee_disclosure(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm a mentee and my mentor keeps making comments about my body",
        "my mentor yelled at me and I feel unsafe",
        "I want a mentor who speaks Spanish",
        "the mentee orientation was fun",
        "I don't want to live anymore",
        "mentorship sounds great, sign me up",
    ],
)
def test_mentee_message_not_a_relay(text: str) -> None:
    assert not relays_mentee_disclosure(text)
