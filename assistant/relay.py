"""Recognise a mentor who relays what a mentee disclosed.

A mentor's first message is often the disclosure itself ("my mentee told me ..."),
before anything set the conversation's role. The safety reply must then speak to the
mentor, with their reporting duty, not to a student in need.
"""

from __future__ import annotations

import re

# Phrases only a mentor uses about a mentee. "a mentee" and "the mentee" are left out,
# because mentees use them about themselves ("I'm a mentee and my mentor ...").
MENTOR_RELAY = re.compile(
    r"\b(?:my|our) mentees?\b"
    r"|\bone of my mentees\b"
    r"|\bmentees? of mine\b"
    r"|\b(?:student|person|someone|girl|guy) (?:that |who |whom )?"
    r"i(?:'?m| am)? mentor(?:ing)?\b"
    r"|\bi(?:'m| am) (?:a|their|her|his) (?:peer )?mentor\b"
    r"|\bas (?:a|their|her|his) (?:peer )?mentor\b",
    re.IGNORECASE,
)


def relays_mentee_disclosure(text: str) -> bool:
    """Return True when the message speaks as a mentor about their mentee."""
    normalized = text.replace("\u2019", "'")
    return MENTOR_RELAY.search(normalized) is not None
