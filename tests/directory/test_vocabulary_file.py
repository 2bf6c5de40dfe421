"""The intake vocabulary file and its typed loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.vocabulary import (
    DEFAULT_VOCABULARY_PATH,
    TERM_SECTIONS,
    VocabularyError,
    load_vocabulary,
)


def test_file_starts_with_comment() -> None:
    first_line = DEFAULT_VOCABULARY_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("#")


def test_original_ids_are_kept() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.ids("programs") == (
        "mpp",
        "mba",
        "ms_ghpm",
        "ma_sid",
        "ma_coex",
        "phd",
        "other",
    )
    assert vocabulary.ids("meeting_modes") == ("in_person", "zoom", "skype")
    assert vocabulary.ids("availability") == (
        "weekday_mornings",
        "weekday_afternoons",
        "weekday_evenings",
        "weekends",
    )
    assert "financial" in vocabulary.ids("support_areas")
    assert "first_generation" in vocabulary.ids("themes")


def test_every_section_loads() -> None:
    vocabulary = load_vocabulary()
    for section in TERM_SECTIONS:
        assert vocabulary.section(section), section


def test_languages_are_lowercase_names() -> None:
    ids = load_vocabulary().ids("languages")
    for expected in ["english", "spanish", "mandarin", "hindi", "french", "arabic"]:
        assert expected in ids
    assert all(language == language.lower() for language in ids)


def test_label_lookups() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.label("programs", "mpp") == "Master of Public Policy (MPP)"
    assert vocabulary.term("programs", "mpp").short_label == "MPP"
    assert vocabulary.labels("languages", ["spanish", "klingon"]) == [
        "Spanish",
        "klingon",
    ]
    with pytest.raises(KeyError, match="klingon"):
        vocabulary.label("languages", "klingon")
    with pytest.raises(KeyError, match="colors"):
        vocabulary.section("colors")


def test_phrases_include_label() -> None:
    term = load_vocabulary().term("support_areas", "career")
    assert term.phrases()[0] == "career"
    assert "resume" in term.phrases()


def test_answer_phrases() -> None:
    phrases = load_vocabulary().answer_phrases
    assert "skip" in phrases.skip
    assert "whatever works" in phrases.any
    assert "tuesday" in phrases.weekdays


def _vocabulary_text(programs: str) -> str:
    text = DEFAULT_VOCABULARY_PATH.read_text(encoding="utf-8")
    start = text.index("\nprograms:") + 1
    end = text.index("\nsupport_areas:") + 1
    return text[:start] + programs + text[end:]


@pytest.mark.parametrize(
    ("programs", "message"),
    [
        ("programs:\n  - id: mpp\n", "missing label"),
        ("programs:\n  - {id: MPP, label: x}\n", "invalid id"),
        ("programs:\n  - {id: a, label: x}\n  - {id: a, label: y}\n", "twice"),
        ("programs: []\n", "missing or empty"),
        ("programs:\n  - {id: a, label: x, aliases: b}\n", "aliases"),
    ],
)
def test_load_rejects_invalid_entries(
    tmp_path: Path, programs: str, message: str
) -> None:
    path = tmp_path / "vocabulary.yml"
    path.write_text(_vocabulary_text(programs), encoding="utf-8")
    with pytest.raises(VocabularyError, match=message):
        load_vocabulary(path)
