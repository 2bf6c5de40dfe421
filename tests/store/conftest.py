"""Builders of the profiles that the store tests write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assistant.profiles import MenteeProfile, MentorProfile


def build_mentor(**overrides: Any) -> MentorProfile:
    values: dict[str, Any] = {
        "id": 0,
        "name": "Ana Ruiz",
        "email": "ana.ruiz@example.edu",
        "status": "current_student",
        "program": "mpp",
        "graduation_year": 2027,
        "support_areas": ["academic", "career"],
        "themes": ["first_generation"],
        "languages": ["english", "spanish"],
        "meeting_modes": ["zoom"],
        "availability": ["weekday_evenings"],
        "capacity": 2,
        "background": "Worked in city government before the MPP.",
        "bio": "Happy to talk about coursework and internships.",
    }
    values.update(overrides)
    return MentorProfile(**values)


def build_mentee(**overrides: Any) -> MenteeProfile:
    values: dict[str, Any] = {
        "sender_id": "sender-1",
        "preferred_name": "Sam",
        "email": "sam@example.edu",
        "program": "ma_sid",
        "student_status": "new",
        "support_areas": ["international", "social"],
        "meeting_modes": [],
        "availability": ["weekends"],
        "languages": ["english", "french"],
        "background": ["international"],
        "consent": True,
        "most_important": "international",
    }
    values.update(overrides)
    return MenteeProfile(**values)


@pytest.fixture
def make_mentor() -> Callable[..., MentorProfile]:
    """Return a builder of `MentorProfile`s whose keyword arguments replace defaults."""
    return build_mentor


@pytest.fixture
def make_mentee() -> Callable[..., MenteeProfile]:
    """Return a builder of `MenteeProfile`s whose keyword arguments replace defaults."""
    return build_mentee
