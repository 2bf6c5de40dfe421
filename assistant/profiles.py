"""Mentee and mentor profiles shared by the intake, the store and the matcher.

Values are vocabulary ids from data/directory/vocabulary.yml (programs, support areas,
meeting modes, themes); languages are lowercase English names such as "spanish".
"""

from __future__ import annotations

from dataclasses import dataclass, field

MENTOR_STATUSES = ("current_student", "alumni")


@dataclass
class MenteeProfile:
    """The answers of one completed intake."""

    sender_id: str
    preferred_name: str
    email: str
    program: str
    student_status: str  # "new" or "continuing"
    support_areas: list[str]
    meeting_modes: list[str]  # empty means any mode
    availability: list[str]  # e.g. ["weekday_evenings", "weekends"]
    languages: list[str]
    background: list[str] = field(default_factory=list)  # theme ids, optional
    consent: bool = False
    most_important: str | None = None  # a support area or criterion name, optional


@dataclass
class MentorProfile:
    """One mentor of the roster, as the matcher needs it."""

    id: int
    name: str
    email: str
    status: str  # one of MENTOR_STATUSES
    program: str
    graduation_year: int | None
    support_areas: list[str]
    themes: list[str]
    languages: list[str]
    meeting_modes: list[str]
    availability: list[str]
    capacity: int
    active_matches: int = 0
    active: bool = True
    background: str = ""
    bio: str = ""
