"""Suppression rules, severity order and the public screening API."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from assistant.safety import (
    CATEGORIES,
    SafetyScreen,
    Screening,
    is_informational_question,
    screen,
)


def test_categories_in_severity_order() -> None:
    assert CATEGORIES == ("crisis", "danger", "title_ix", "conduct", "human")


def test_screening_is_frozen() -> None:
    result = screen("i want to die")

    with pytest.raises(dataclasses.FrozenInstanceError):
        result.category = None  # type: ignore[misc]


def test_matched_ids_name_their_category() -> None:
    result = screen("my mentor yelled at me and I want to talk to a real person")

    assert result.category == "conduct"
    assert result.matched
    assert all(rule_id.split(".")[0] in CATEGORIES for rule_id in result.matched)
    assert len(set(result.matched)) == len(result.matched)


@pytest.mark.parametrize("text", ["", "   ", "?!"])
def test_empty_message(text: str) -> None:
    assert screen(text) == Screening(None, (), False)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I was raped and I want to die", "crisis"),
        ("my ex threatened me with a knife after he groped me", "danger"),
        ("my mentor keeps asking for money and he touched my thigh", "title_ix"),
        ("my mentor screamed at me, can I talk to a coordinator", "conduct"),
    ],
)
def test_most_severe_category_wins(text: str, category: str) -> None:
    assert screen(text).category == category


@pytest.mark.parametrize(
    "text",
    [
        "this deadline is killing me",
        "my advisor will kill me if I miss the deadline",
        "shoot me an email later",
        "I'm dying to see the new lab",
        "dead tired today",
        "I could kill for a coffee",
    ],
)
def test_figure_of_speech_alone(text: str) -> None:
    assert screen(text).category is None


def test_figure_keeps_other_matches() -> None:
    result = screen("this deadline is killing me and my boyfriend punched me")

    assert result.category == "danger"


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself, this deadline is killing me",
        "this commute is killing me and I want to die",
        "I'm dying to see my family but honestly I want to end it all",
    ],
)
def test_figure_never_hides_crisis(text: str) -> None:
    assert screen(text).category == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "What does Title IX cover?",
        "I'm writing a policy memo on campus sexual assault prevention",
        "statistics on stalking among graduate students",
        "research on dating violence in rural areas",
    ],
)
def test_framing_suppresses_topic(text: str) -> None:
    result = screen(text)

    assert result.category is None
    assert result.informational


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I was assaulted, what does Title IX cover?", "title_ix"),
        ("policy on stalking? my ex keeps showing up outside my door", "title_ix"),
        ("I'm writing a paper on sexual assault because it happened to me", "title_ix"),
        ("research on suicide is my field but I want to kill myself", "crisis"),
    ],
)
def test_framing_keeps_disclosure(text: str, category: str) -> None:
    assert screen(text).category == category


def test_informational_flag_with_disclosure() -> None:
    result = screen("I was assaulted, what does Title IX cover?")

    assert result.category == "title_ix"
    assert result.informational


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What does Title IX cover?", True),
        ("what counts as sexual harassment?", True),
        ("I was assaulted, what does Title IX cover?", False),
        ("research on suicide prevention", False),
        ("hello, can I get a mentor?", False),
    ],
)
def test_is_informational_question(text: str, expected: bool) -> None:
    assert is_informational_question(text) is expected


def _write_screen_data(directory: Path) -> None:
    patterns = directory / "patterns"
    patterns.mkdir()
    (patterns / "crisis.yml").write_text(
        """category: crisis
patterns:
  - id: wish
    kind: explicit
    phrases: [wish i was gone]
  - id: gone
    kind: disclosure
    tokens: ["~be gone"]
  - id: vanish
    kind: topic
    tokens: ["~vanish"]
""",
        encoding="utf-8",
    )
    (directory / "suppressors.yml").write_text(
        """figures:
  - id: gone_fishing
    tokens: ["gone fishing"]
  - id: wish_fishing
    tokens: ["wish i was gone fishing"]
framing:
  - id: novel
    phrases: [in the novel]
personal:
  - id: me_too
    phrases: [to me too]
""",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def small_screen(tmp_path_factory: pytest.TempPathFactory) -> SafetyScreen:
    directory = tmp_path_factory.mktemp("safety")
    _write_screen_data(directory)
    return SafetyScreen.from_directory(directory)


@pytest.mark.parametrize(
    ("text", "category", "suppressor"),
    [
        ("she is gone", "crisis", None),
        ("she is gone fishing", None, "figures.gone_fishing"),
        ("i wish i was gone fishing", "crisis", "figures.wish_fishing"),
        ("people vanish", "crisis", None),
        ("people vanish in the novel", None, "framing.novel"),
        ("people vanish in the novel, it happened to me too", "crisis", None),
        ("she is gone in the novel", "crisis", None),
    ],
)
def test_suppression_kinds(
    small_screen: SafetyScreen, text: str, category: str | None, suppressor: str | None
) -> None:
    evaluation = small_screen.evaluate(text)
    reasons = [reason for _, reason in evaluation.suppressed]

    assert evaluation.screening.category == category
    if suppressor is not None:
        assert suppressor in reasons


def test_screen_without_suppressors(tmp_path: Path) -> None:
    _write_screen_data(tmp_path)
    (tmp_path / "suppressors.yml").unlink()

    bare = SafetyScreen(sorted((tmp_path / "patterns").glob("*.yml")))

    assert bare.screen("she is gone fishing").category == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "how do I report sexual harassment in general",
        "who do I talk to about sexual misconduct policy",
    ],
)
def test_general_framing_beats_question(text: str) -> None:
    assert screen(text).category is None
    assert screen(text).informational


@pytest.mark.parametrize(
    "text",
    [
        "how do i report sexual harassment by a professor",
        "what does Title IX cover? my professor groped me last week",
        "how do I report harassment in general? it happened to me",
    ],
)
def test_general_framing_keeps_disclosure(text: str) -> None:
    assert screen(text).category == "title_ix"


@pytest.mark.parametrize(
    "text",
    [
        "that seminar was so boring I wanted to die",
        "the line at the registrar is so long i want to die",
    ],
)
def test_hyperbole_cancels_trivial_want_to_die(text: str) -> None:
    assert screen(text).category is None


@pytest.mark.parametrize(
    "text",
    [
        "my life is so empty I want to die",
        "this semester is so hard I want to die",
        "the lecture was so boring I wanted to die, but honestly I want to die daily",
    ],
)
def test_hyperbole_keeps_other_crisis(text: str) -> None:
    assert screen(text).category == "crisis"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I'm not suicidal, just tired", None),
        ("I'm not suicidal but I want to die", "crisis"),
        ("no one is hurting me, I just want advice", None),
        ("I have never been harassed, but I'd like a female mentor", None),
        ("I have never been harassed like this before", "title_ix"),
    ],
)
def test_negation_cancels_only_negated_words(text: str, category: str | None) -> None:
    assert screen(text).category == category
