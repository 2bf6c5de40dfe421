"""Normalization of messages before matching, with the project's normalization data."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.safety import SafetyScreen
from assistant.safety.normalize import NormalizationSettings, Normalizer


@pytest.fixture(scope="module")
def normalizer(safety_screen: SafetyScreen) -> Normalizer:
    return safety_screen.normalizer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I\u2019m fine", "i am fine"),
        ("\u201cquoted\u201d", '"quoted"'),
        ("my fianc\u00e9 left", "my fiance left"),
        ("\uff4b\uff49\uff4c\uff4c", "kill"),
        ("ki\u200bll myself", "kill myself"),
        ("end\u2014it", "end it"),
        ("self-harm", "self harm"),
        ("  lots   of\tspace ", "lots of space"),
    ],
)
def test_unicode_and_punctuation(
    normalizer: Normalizer, text: str, expected: str
) -> None:
    assert normalizer.normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("don't", "do not"),
        ("cant", "can not"),
        ("I'd rather", "i would rather"),
        ("im done", "i am done"),
        ("wanna die", "want to die"),
        ("gonna kms", "going to kms"),
        ("idk", "i do not know"),
        ("w/o you", "without you"),
        ("kill my self", "kill myself"),
        ("hurt her self", "hurt herself"),
        ("human!! please", "human! please"),
        ("why???", "why?"),
    ],
)
def test_contractions_and_slang(
    normalizer: Normalizer, text: str, expected: str
) -> None:
    assert normalizer.normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sooo tired", "so tired"),
        ("i wanna diiiie", "i want to die"),
        ("killllll", "kill"),
        ("pleeeease", "please"),
    ],
)
def test_repeated_letters(normalizer: Normalizer, text: str, expected: str) -> None:
    assert normalizer.normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("k1ll mys3lf", "kill myself"),
        ("su1c1de", "suicide"),
        ("$uicidal", "suicidal"),
        ("r@ped", "raped"),
        ("2nd year", "2nd year"),
        ("$500 loan", "$500 loan"),
        ("b4 class", "b4 class"),
    ],
)
def test_leetspeak_only_into_lexicon(
    normalizer: Normalizer, text: str, expected: str
) -> None:
    assert normalizer.normalize(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("sucidal", "suicidal"),
        ("harrased", "harassed"),
        ("threatend", "threatened"),
        ("asaulted", "assaulted"),
        ("myslef", "myself"),
        ("stalkd", "stalked"),
        ("mentr", "mentor"),
        ("hurtin", "hurting"),
        ("killmyself", "kill myself"),
    ],
)
def test_typos_corrected(normalizer: Normalizer, word: str, expected: str) -> None:
    assert normalizer.correct_word(word) == expected


@pytest.mark.parametrize(
    "word",
    ["rapped", "rapid", "therapist", "draping", "reaped", "dined", "nudges", "zhang"],
)
def test_real_words_and_names_kept(normalizer: Normalizer, word: str) -> None:
    assert normalizer.correct_word(word) == word


def test_short_words_not_corrected(normalizer: Normalizer) -> None:
    assert normalizer.correct_word("kil") == "kil"


def test_word_correction_can_be_disabled(normalizer: Normalizer) -> None:
    assert normalizer.normalize("sucidal", correct_words=False) == "sucidal"


def test_settings_reject_bad_leetspeak(tmp_path: Path) -> None:
    path = tmp_path / "normalization.yml"
    path.write_text('leetspeak:\n  "1": "ii"\n', encoding="utf-8")

    with pytest.raises(ValueError, match="one character to one letter"):
        NormalizationSettings.from_file(path)


def test_settings_defaults(tmp_path: Path) -> None:
    path = tmp_path / "normalization.yml"
    path.write_text("replacements:\n  Dont: do not\n", encoding="utf-8")

    settings = NormalizationSettings.from_file(path)

    assert settings.replacements == {"dont": "do not"}
    assert settings.typo_min_length == 5
    assert settings.typo_cutoff == 0.85


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i want to d i e", "i want to die"),
        ("i want to k.i.l.l myself", "i want to kill myself"),
        ("i d i e", "i die"),
        ("the b.t.w office", "the b.t.w office"),
        ("a b c", "a b c"),
    ],
)
def test_spaced_letters(normalizer: Normalizer, text: str, expected: str) -> None:
    assert normalizer.normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我不想活了", "我 不 想 活 了"),
        ("ok我想死", "ok 我 想 死"),
        ("أريد أن أموت", "اريد ان اموت"),
    ],
)
def test_non_latin_scripts(normalizer: Normalizer, text: str, expected: str) -> None:
    assert normalizer.normalize(text) == expected
