"""The intake's "what matters most" answer: a support area or a matching criterion.

Matching boosts the weight of the criterion the mentee calls most important (see
data/matching/weights.yml). The answer is a support area id ("career"), one of the
criterion names below, or NO_PREFERENCE when the mentee skips the question.
"""

from __future__ import annotations

import re

from assistant import intake_parsing as parsing

NO_PREFERENCE = "no_preference"

# Words that name a matching criterion other than a support area, checked before the
# support areas, because "someone from my program" names no kind of support.
CRITERION_PATTERNS = {
    "program": re.compile(r"\b(same )?(program|degree|field|department|cohort)\b"),
    "themes": re.compile(
        r"\b(background|identity|lived experience|someone like me|shares? my|"
        r"similar experiences?|relate to me)\b"
    ),
    "languages": re.compile(r"\b(languages?|speaks?|mother tongue|native tongue)\b"),
    "availability": re.compile(r"\b(schedule|availability|free at|same times?|time)\b"),
    "meeting_mode": re.compile(r"\b(in person|face to face|zoom|skype|online)\b"),
}
CRITERION_IDS = frozenset(CRITERION_PATTERNS)
NO_PREFERENCE_PATTERN = re.compile(
    r"\b(no preference|(does ?n[o']?t|won'?t) matter|nothing in particular|"
    r"all (of them )?equally|not sure|none)\b"
)


def parse_most_important(text: str) -> str | None:
    """Return the criterion or support area id the text calls most important.

    A button payload value (an id) is returned as it is. Returns None when the
    text names nothing.
    """
    lowered = text.strip().lower()
    if lowered in CRITERION_IDS or lowered == NO_PREFERENCE:
        return lowered
    if NO_PREFERENCE_PATTERN.search(lowered):
        return NO_PREFERENCE
    areas = parsing.parse_support_areas(lowered)
    if lowered in areas:
        return lowered

    for criterion, pattern in CRITERION_PATTERNS.items():
        if pattern.search(lowered):
            return criterion
    return areas[0] if areas else None


def most_important_for_matching(value: str | None) -> str | None:
    """Map the stored answer to the profile's value, None for no preference."""
    return None if value in (None, "", NO_PREFERENCE) else value
