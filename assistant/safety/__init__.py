"""Safety screening: finds messages that need a same-turn handoff to a coordinator.

`screen(text)` returns a Screening whose category is the most severe match of
CATEGORIES (crisis, danger, title_ix, conduct, human), or None. Patterns and
suppressors are data in data/safety/. Build a SafetyScreen to use other data files.
`is_informational_question(text)` is true for Title IX information requests that
disclose nothing.
"""

from assistant.safety.patterns import CATEGORIES
from assistant.safety.screen import (
    Evaluation,
    PatternMatch,
    SafetyScreen,
    Screening,
    default_screen,
    is_informational_question,
    screen,
)

__all__ = [
    "CATEGORIES",
    "Evaluation",
    "PatternMatch",
    "SafetyScreen",
    "Screening",
    "default_screen",
    "is_informational_question",
    "screen",
]
