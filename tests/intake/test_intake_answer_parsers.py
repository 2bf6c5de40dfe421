"""Intake parsers for names, school email addresses and skipped questions."""

from __future__ import annotations

import pytest

from assistant import intake_parsing as parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me Sam", "Sam"),
        ("I'm Priya", "Priya"),
        ("Sam", "Sam"),
        ("sam", "Sam"),
        ("  sam  ", "Sam"),
        ("my name is ana maría", "Ana María"),
        ("Hi, I'm DeShawn!", "DeShawn"),
        ("o'brien", "O'Brien"),
        ("it's Jo-Anne", "Jo-Anne"),
        ("I’m Priya", "Priya"),
        ("I'm Priya and I'm in MPP", "Priya"),
        ("Sam here", "Sam"),
        ("you can call me Will", "Will"),
        ("Mary Jane", "Mary Jane"),
        ("McKenzie", "McKenzie"),
    ],
)
def test_parse_name_accepts(text: str, expected: str) -> None:
    assert parsing.parse_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12345",
        "x" * 61,
        "Sam2",
        "skip",
        "I'd rather not say",
        "I'm not sure",
        "yes",
        "sam@brandeis.edu",
        "Mary Jane Watson Parker Smith",
        "?!",
        "Will",  # a bare stop word; "call me Will" is accepted
    ],
)
def test_parse_name_rejects(text: str) -> None:
    assert parsing.parse_name(text) is None


def test_parse_name_max_length() -> None:
    name = "A" + "b" * (parsing.MAX_NAME_LENGTH - 1)
    assert parsing.parse_name(name) == name
    assert parsing.parse_name(name + "b") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sam@brandeis.edu", "sam@brandeis.edu"),
        ("Sam@Brandeis.EDU", "sam@brandeis.edu"),
        ("sam.lee+intake@brandeis.edu", "sam.lee+intake@brandeis.edu"),
        ("sam@alumni.brandeis.edu", "sam@alumni.brandeis.edu"),
        ("my email is sam@brandeis.edu.", "sam@brandeis.edu"),
        ("<sam@brandeis.edu>", "sam@brandeis.edu"),
        ("sam@gmail.com", None),
        ("sam@fakebrandeis.edu", None),
        ("sam@brandeis.edu.evil.com", None),
        ("sam@@brandeis.edu", None),
        ("sam@brandeis", None),
        ("sam..lee@brandeis.edu", None),
        ("sam lee@brandeis.edu", "lee@brandeis.edu"),
        ("a@brandeis.edu b@brandeis.edu", None),
        ("", None),
        ("no email here", None),
        ("x" * 65 + "@brandeis.edu", None),
    ],
)
def test_validate_school_email_default(
    monkeypatch: pytest.MonkeyPatch, text: str, expected: str | None
) -> None:
    monkeypatch.delenv(parsing.SCHOOL_EMAIL_DOMAINS_ENV, raising=False)
    assert parsing.validate_school_email(text) == expected


def test_validate_school_email_env_domains(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parsing.SCHOOL_EMAIL_DOMAINS_ENV, " Example.edu , @school.org,")
    assert parsing.school_email_domains() == ["example.edu", "school.org"]
    assert parsing.validate_school_email("a@example.edu") == "a@example.edu"
    assert parsing.validate_school_email("a@mail.school.org") == "a@mail.school.org"
    assert parsing.validate_school_email("a@brandeis.edu") is None


def test_validate_school_email_empty_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parsing.SCHOOL_EMAIL_DOMAINS_ENV, "")
    assert parsing.school_email_domains() == ["brandeis.edu"]


@pytest.mark.parametrize(
    "text",
    [
        "skip",
        "Skip.",
        "rather not say",
        "I'd rather not say, thanks",
        "I'd prefer not to",
        "prefer not to answer that",
        "pass",
        "I'll pass",
        "n/a",
        "N/A",
        "I don’t want to say",
    ],
)
def test_is_skip_true(text: str) -> None:
    assert parsing.is_skip(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no",
        "Sam",
        "I want to pass statistics",
        "Zoom please",
        "I passed my exams and want career help",
    ],
)
def test_is_skip_false(text: str) -> None:
    assert not parsing.is_skip(text)
