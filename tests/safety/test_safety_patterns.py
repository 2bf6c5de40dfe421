"""The compact token-pattern syntax and the validation of pattern files."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.matcher import Matcher

from assistant.nlp.base import make_base_nlp
from assistant.safety import SafetyScreen
from assistant.safety.patterns import (
    compile_tokens,
    expand_groups,
    load_category_file,
    load_suppressor_file,
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return make_base_nlp()


def test_plain_words(nlp: Language) -> None:
    assert compile_tokens("kill myself", nlp) == [
        [{"LOWER": "kill"}, {"LOWER": "myself"}]
    ]


def test_alternatives_lemmas_and_options(nlp: Language) -> None:
    [pattern] = compile_tokens("~want|~wish ?to die|dead", nlp)

    assert pattern == [
        {"LEMMA": {"IN": ["want", "wish"]}},
        {"LOWER": "to", "OP": "?"},
        {"LOWER": {"IN": ["die", "dead"]}},
    ]


def test_wildcards(nlp: Language) -> None:
    [pattern] = compile_tokens("mentor *3 _ money", nlp)

    assert pattern == [{"LOWER": "mentor"}, {"OP": "{,3}"}, {}, {"LOWER": "money"}]


def test_group_expansion() -> None:
    assert expand_groups("(end it all|take my life) now") == [
        "end it all now",
        "take my life now",
    ]


def test_group_with_empty_alternative() -> None:
    assert expand_groups("i (really|) mean it") == ["i really mean it", "i mean it"]


def test_single_word_group_is_merged() -> None:
    assert expand_groups("(gun|knife|~stab) (to my head|)") == [
        "gun|knife to my head",
        "gun|knife",
        "~stab to my head",
        "~stab",
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("~dying", "the lemma of 'dying' is 'dye'"),
        ("can't stop", "is split into tokens"),
        ("i am", "requires only one or two stop words"),
        ("((a|b)|c) d", "nested or unbalanced group"),
        ("(a|b d", "unclosed group"),
        ("kill a||b", "empty alternative"),
        ("?maybe _", "needs at least one required word"),
        ("kill *10 me", "must be \\*1 to \\*9"),
    ],
)
def test_invalid_patterns(nlp: Language, source: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compile_tokens(source, nlp)


def test_replaced_word_rejected(nlp: Language) -> None:
    with pytest.raises(ValueError, match="normalization replaces it"):
        compile_tokens("my bf", nlp, {"bf": "boyfriend"})


def test_too_many_expansions(nlp: Language) -> None:
    group = "(" + "|".join(f"a{index} b" for index in range(30)) + ")"

    with pytest.raises(ValueError, match="expands to 900 patterns"):
        compile_tokens(f"{group} {group}", nlp)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "category: sadness\npatterns: [{id: a, kind: topic, phrases: [x]}]",
            "category",
        ),
        ("category: crisis\npatterns: []", "non-empty list"),
        ("category: crisis\npatterns: [{kind: topic, phrases: [x]}]", "string 'id'"),
        ("category: crisis\npatterns: [{id: a, kind: loud, phrases: [x]}]", "'kind'"),
        ("category: crisis\npatterns: [{id: a, kind: topic}]", "needs 'phrases'"),
        (
            "category: crisis\npatterns:\n"
            "  - {id: a, kind: topic, phrases: [x]}\n"
            "  - {id: a, kind: topic, phrases: [y]}",
            "duplicate id crisis.a",
        ),
        ("- just a list", "mapping at the top level"),
    ],
)
def test_invalid_category_file(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "crisis.yml", text)

    with pytest.raises(ValueError, match=message):
        load_category_file(path)


def test_category_file_ids_are_prefixed(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "human.yml",
        "category: human\npatterns: [{id: ask, kind: disclosure, phrases: [a human]}]",
    )

    [rule] = load_category_file(path)

    assert rule.id == "human.ask"
    assert rule.group == "human"
    assert rule.phrases == ("a human",)


def test_suppressor_file_rejects_unknown_section(tmp_path: Path) -> None:
    path = _write(tmp_path / "suppressors.yml", "jokes: []")

    with pytest.raises(ValueError, match="unknown sections"):
        load_suppressor_file(path)


def test_screen_reports_every_invalid_pattern(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    patterns.mkdir()
    _write(
        patterns / "crisis.yml",
        "category: crisis\npatterns:\n"
        '  - {id: a, kind: topic, tokens: ["~dying"]}\n'
        '  - {id: b, kind: topic, tokens: ["i am"]}\n',
    )

    with pytest.raises(ValueError) as raised:
        SafetyScreen.from_directory(tmp_path)

    assert "crisis.a" in str(raised.value)
    assert "crisis.b" in str(raised.value)


def test_screen_needs_pattern_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no pattern files"):
        SafetyScreen.from_directory(tmp_path)


def test_same_id_in_two_files(tmp_path: Path) -> None:
    entry = "patterns: [{id: a, kind: topic, phrases: [x]}]"
    first = _write(tmp_path / "one.yml", f"category: crisis\n{entry}")
    second = _write(tmp_path / "two.yml", f"category: crisis\n{entry}")

    with pytest.raises(ValueError, match="more than one file"):
        SafetyScreen([first, second])


def test_large_number_element(nlp: Language) -> None:
    [pattern] = compile_tokens("~take # pills", nlp)
    matcher = Matcher(nlp.vocab)
    matcher.add("overdose", [pattern])

    assert matcher(nlp("i take 30 pills"))
    assert matcher(nlp("i take twenty pills"))
    assert not matcher(nlp("i take 2 pills"))
