"""TermMatcher: vocabulary phrases found on words, lemmas and corrected typos."""

from __future__ import annotations

import pytest

from assistant.nlp.pipeline import TermMatcher, known_english_words, tokenize


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(
        {
            "area": [
                ("wellbeing", ["panic attack", "stressed", "stress"]),
                ("international", ["international", "visa"]),
                ("finance", ["funding", "broke"]),
                ("mode", ["in-person"]),
            ],
            "program": [("sid", ["international development"])],
        }
    )


def ids(matcher: TermMatcher, text: str) -> list[tuple[str, str]]:
    return [(m.group, m.id) for m in matcher.match(text).matches]


def test_tokenize_drops_hyphens() -> None:
    assert tokenize("In-Person").words == ("in", "person")
    assert tokenize("I’m").words == tokenize("I'm").words


def test_matches_inflected_forms(matcher: TermMatcher) -> None:
    assert ids(matcher, "Panic attacks again") == [("area", "wellbeing")]
    assert ids(matcher, "two visas") == [("area", "international")]


def test_matches_hyphen_variants(matcher: TermMatcher) -> None:
    assert ids(matcher, "in person") == [("area", "mode")]
    assert ids(matcher, "in-person") == [("area", "mode")]


def test_longer_match_hides_inner(matcher: TermMatcher) -> None:
    assert ids(matcher, "I study international development") == [("program", "sid")]


def test_phrase_lemma_is_not_indexed(matcher: TermMatcher) -> None:
    # "broke" lemmatizes to "break"; only the text's lemmas are compared.
    assert ids(matcher, "my laptop will break") == []
    assert ids(matcher, "I'm broke") == [("area", "finance")]


def test_corrects_typos(matcher: TermMatcher) -> None:
    assert ids(matcher, "feeling stresed") == [("area", "wellbeing")]
    assert ids(matcher, "internatonal student") == [("area", "international")]


def test_keeps_common_english_words(matcher: TermMatcher) -> None:
    assert "finding" in known_english_words()
    assert ids(matcher, "finding a place") == []


def test_no_typo_tolerance_option() -> None:
    strict = TermMatcher({"g": [("x", ["stressed"])]}, typo_tolerance=False)
    assert strict.match("stresed").matches == ()
    assert len(strict.match("stressed").matches) == 1


def test_matched_ids_in_order(matcher: TermMatcher) -> None:
    matched = matcher.match("visa and stress and visa")
    assert matched.ids("area") == ["international", "wellbeing"]
