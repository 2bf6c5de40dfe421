"""Intake parsers that read vocabulary ids from a mentee's own words."""

from __future__ import annotations

import pytest

from assistant import intake_parsing as parsing
from assistant.vocabulary import load_vocabulary

ALL_MODES = ["in_person", "zoom", "skype"]
ALL_SLOTS = ["weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends"]
WEEKDAY_SLOTS = ALL_SLOTS[:3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("actually I'm in SID", "ma_sid"),
        ("public policy", "mpp"),
        ("I'm doing the MBA", "mba"),
        ("MPP", "mpp"),
        ("global health", "ms_ghpm"),
        ("I'm a PhD student", "phd"),
        ("Ph.D. in social policy", "phd"),
        ("conflict resolution and coexistence", "ma_coex"),
        ("sustainable international development", "ma_sid"),
        ("I was in MPP, actually SID", "ma_sid"),
        ("SID, not MPP", "ma_sid"),
        ("a dual degree", "other"),
        ("Public Policy!", "mpp"),
        ("no idea yet", None),
        ("", None),
    ],
)
def test_parse_program(text: str, expected: str | None) -> None:
    assert parsing.parse_program(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help finding an internship and making friends", ["practicum", "social"]),
        ("I'm stressed and anxious", ["wellbeing"]),
        ("visa stuff", ["international"]),
        ("money is tight", ["financial"]),
        ("career and academics", ["career", "academic"]),
        ("I can't find an internship", ["practicum"]),
        ("feeling lonely, need friends", ["social"]),
        ("my resume and job search", ["career"]),
        ("accommodations for my ADHD", ["accessibility"]),
        ("OPT and CPT questions", ["international"]),
        ("I'm in international development and want career help", ["career"]),
        ("anxius about exams", ["wellbeing", "academic"]),
        ("nothing really", []),
        ("", []),
    ],
)
def test_parse_support_areas(text: str, expected: list[str]) -> None:
    assert parsing.parse_support_areas(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("any", ALL_MODES),
        ("either", ALL_MODES),
        ("whatever works", ALL_MODES),
        ("no preference", ALL_MODES),
        ("I don't mind", ALL_MODES),
        ("zoom", ["zoom"]),
        ("in-person please", ["in_person"]),
        ("face to face", ["in_person"]),
        ("Zoom or in person", ["in_person", "zoom"]),
        ("either Zoom or Skype", ["zoom", "skype"]),
        ("online is best", ["zoom", "skype"]),
        ("not in person", ["zoom", "skype"]),
        ("anything but zoom", ["in_person", "skype"]),
        ("I can't do Zoom or Skype", ["in_person"]),
        ("I'm not sure", []),
    ],
)
def test_parse_meeting_modes(text: str, expected: list[str]) -> None:
    assert parsing.parse_meeting_modes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("weekday evenings and weekends", ["weekday_evenings", "weekends"]),
        ("Saturday mornings", ["weekends"]),
        ("weekends in the morning", ["weekends"]),
        ("mornings and weekends", ["weekday_mornings", "weekends"]),
        ("Tuesdays", WEEKDAY_SLOTS),
        ("Tuesday or Thursday afternoons", ["weekday_afternoons"]),
        ("lunchtime on weekdays", ["weekday_afternoons"]),
        ("after 6pm", ["weekday_evenings"]),
        ("around 9 am", ["weekday_mornings"]),
        ("Tuesdays at 3pm", ["weekday_afternoons"]),
        ("Saturday at 10am", ["weekends"]),
        ("evenings after work", ["weekday_evenings"]),
        ("anytime", ALL_SLOTS),
        ("whatever works", ALL_SLOTS),
        ("anytime but weekends", WEEKDAY_SLOTS),
        ("I can't do mornings", ALL_SLOTS[1:]),
        ("I'm not sure", []),
    ],
)
def test_parse_availability(text: str, expected: list[str]) -> None:
    assert parsing.parse_availability(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("English and Spanish", ["english", "spanish"]),
        ("I speak Mandarin", ["mandarin"]),
        ("Chinese", ["mandarin"]),
        ("hindi, a bit of french", ["hindi", "french"]),
        ("Arabic, Portuguese and Korean", ["arabic", "portuguese", "korean"]),
        ("Swahili", ["swahili"]),
        ("I don't speak Arabic, only English", ["english"]),
        ("portugese", ["portuguese"]),
        ("just the one", []),
    ],
)
def test_parse_languages(text: str, expected: list[str]) -> None:
    assert parsing.parse_languages(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm first gen and a mom", ["first_generation", "parent"]),
        ("first-generation student", ["first_generation"]),
        ("my parents didn't go to college", ["first_generation"]),
        ("international student", ["international"]),
        ("career changer", ["career_changer"]),
        ("I'm switching careers after ten years", ["career_changer"]),
        ("I'm a veteran", ["veteran"]),
        ("queer", ["lgbtq"]),
        ("I'm not a parent", []),
        ("I'm in international development", []),
        ("none", []),
    ],
)
def test_parse_themes(text: str, expected: list[str]) -> None:
    assert parsing.parse_themes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm new", "new"),
        ("incoming", "new"),
        ("I'm starting this fall", "new"),
        ("I haven't started yet", "new"),
        ("second year", "continuing"),
        ("returning student", "continuing"),
        ("continuing", "continuing"),
        ("not new", "continuing"),
        ("hello", None),
    ],
)
def test_parse_student_status(text: str, expected: str | None) -> None:
    assert parsing.parse_student_status(text) == expected


def _unique_aliases(section: str) -> list[tuple[str, str]]:
    """Return (phrase, id) for phrases that belong to one id only in a section."""
    terms = load_vocabulary().section(section)
    owners: dict[str, set[str]] = {}
    for term in terms:
        for phrase in term.phrases():
            owners.setdefault(phrase, set()).add(term.id)
    return [(phrase, ids.pop()) for phrase, ids in owners.items() if len(ids) == 1]


@pytest.mark.parametrize(("phrase", "term_id"), _unique_aliases("programs"))
def test_every_program_alias_parses(phrase: str, term_id: str) -> None:
    assert parsing.parse_program(phrase) == term_id


@pytest.mark.parametrize(("phrase", "term_id"), _unique_aliases("languages"))
def test_every_language_alias_parses(phrase: str, term_id: str) -> None:
    assert parsing.parse_languages(phrase) == [term_id]


@pytest.mark.parametrize(("phrase", "term_id"), _unique_aliases("support_areas"))
def test_every_support_area_alias_parses(phrase: str, term_id: str) -> None:
    assert parsing.parse_support_areas(phrase) == [term_id]


@pytest.mark.parametrize(("phrase", "term_id"), _unique_aliases("themes"))
def test_every_theme_alias_parses(phrase: str, term_id: str) -> None:
    assert parsing.parse_themes(phrase) == [term_id]


ODD_INPUTS = ["", " ", "\n", "🙂🙂", "-", "?!", "a" * 5000, "0" * 40, "@@@", "’’"]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_vocabulary_parsers_never_raise(text: str) -> None:
    assert parsing.parse_program(text) is None
    assert parsing.parse_support_areas(text) == []
    assert parsing.parse_meeting_modes(text) == []
    assert parsing.parse_availability(text) == []
    assert parsing.parse_languages(text) == []
    assert parsing.parse_themes(text) == []
    assert parsing.parse_student_status(text) is None
