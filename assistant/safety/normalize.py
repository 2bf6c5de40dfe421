"""Text normalization applied before the safety patterns are matched.

The whole text goes through Unicode NFKD with combining marks dropped, typographic
quotes and dashes to ASCII, lowercasing, a space around each Chinese or Japanese
character, hyphens between words to spaces, and whole-word replacements
(contractions, chat slang). Reflexive pronouns typed as two words ("my self") are
joined, a run of one end mark ("!!") becomes one mark, and spaced-out letters that
spell a lexicon word ("d i e") are joined. Then each word goes through
leetspeak digits, letters repeated three or more times, a dropped final "g", one
swap of neighbouring letters, typo correction with difflib, and the split of two
words run together. The targets of these fixes are the lexicon: the words of the
patterns and suppressors, with their inflected forms.
"""

from __future__ import annotations

import difflib
import gzip
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
    }
)
_WORD_HYPHEN = re.compile(r"(?<=[a-z0-9])-(?=[a-z])")
# A word for the replacement step may contain apostrophes ("don't") and slashes ("w/o").
_PHRASE_WORD = re.compile(r"[a-z0-9@$]+(?:['/][a-z0-9]+)*/?")
# A word for the per-word steps: letters, digits and the leetspeak symbols @ and $.
_WORD = re.compile(r"[a-z0-9@$]+")
_REPEATED = re.compile(r"([a-z])\1{2,}")
# Chinese and Japanese are written without spaces, and spaCy's English tokenizer keeps
# a run of such characters as one token. One token per character lets phrases match
# inside longer runs ("我真的不想活了" contains "不 想 活").
_CJK_CHARACTER = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
# Three or more single letters separated by spaces, dots or underscores ("d i e").
_SPACED_LETTERS = re.compile(r"(?<![a-z0-9])[a-z](?:[ ._*][a-z](?![a-z0-9])){2,}")
_MAX_REPEAT_RUNS = 4
# A reflexive pronoun typed as two words ("kill my self") is joined, so that patterns
# written with "myself" match it.
_SPLIT_REFLEXIVE = re.compile(r"\b(my|your|him|her|it|one|our|them)\s+(self|selves)\b")
# Runs of the same end mark ("help!!!", "why??") become one mark, so that patterns
# that end in ". ? !" match them.
_REPEATED_MARK = re.compile(r"([!?.])\1+")


@dataclass(frozen=True)
class NormalizationSettings:
    """The contents of normalization.yml."""

    replacements: Mapping[str, str]
    leetspeak: Mapping[str, str]
    lemmas: Mapping[str, str]
    typo_min_length: int
    typo_cutoff: float
    known_word_min_log_prob: float

    @classmethod
    def from_file(cls, path: Path) -> NormalizationSettings:
        """Load and validate a normalization YAML file; raise ValueError if invalid."""
        with path.open(encoding="utf-8") as file:
            data: Any = yaml.safe_load(file)
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping at the top level")
        replacements = _string_mapping(
            data.get("replacements", {}), path, "replacements"
        )
        leetspeak = _string_mapping(data.get("leetspeak", {}), path, "leetspeak")
        lemmas = _string_mapping(data.get("lemmas", {}), path, "lemmas")
        for symbol, letter in leetspeak.items():
            if len(symbol) != 1 or len(letter) != 1:
                raise ValueError(
                    f"{path}: leetspeak entry {symbol!r}: {letter!r} must map one "
                    "character to one letter"
                )
        typo = data.get("typo", {})
        if not isinstance(typo, dict):
            raise ValueError(f"{path}: 'typo' must be a mapping")
        return cls(
            replacements={
                key.lower(): value.lower() for key, value in replacements.items()
            },
            leetspeak=leetspeak,
            lemmas={key.lower(): value.lower() for key, value in lemmas.items()},
            typo_min_length=int(typo.get("min_length", 5)),
            typo_cutoff=float(typo.get("cutoff", 0.85)),
            known_word_min_log_prob=float(typo.get("known_word_min_log_prob", -15.0)),
        )


def _string_mapping(value: Any, path: Path, field: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError(f"{path}: '{field}' must be a mapping of strings to strings")
    result: dict[str, str] = {}
    for key, replacement in value.items():
        if not isinstance(replacement, str):
            raise ValueError(f"{path}: '{field}' entry {key!r} must map to a string")
        result[str(key)] = replacement
    return result


def load_known_words(min_log_prob: float) -> frozenset[str]:
    """Load the lowercase English words that typo correction must leave alone.

    The words are those of spaCy's `en_lexeme_prob` table at or above min_log_prob,
    and every form in the WordNet-based lemma tables (`en_lemma_lookup`,
    `en_lemma_index`, `en_lemma_exc`), all from the spacy-lookups-data package. Rare
    real words such as "draping", "reaped" or "dined" must never turn into trigger
    words, while misspellings such as "harrased" are in none of these tables.
    """
    words: set[str] = set()
    for word, log_prob in read_lookup_table("en_lexeme_prob").items():
        if log_prob >= min_log_prob:
            words.add(word.lower())
    for form, lemma in read_lookup_table("en_lemma_lookup").items():
        words.update((form.lower(), lemma.lower()))
    for lemmas in read_lookup_table("en_lemma_index").values():
        words.update(lemma.lower() for lemma in lemmas)
    for exceptions in read_lookup_table("en_lemma_exc").values():
        for form, lemmas in exceptions.items():
            words.add(form.lower())
            words.update(lemma.lower() for lemma in lemmas)
    return frozenset(word for word in words if word.isalpha() and word.isascii())


def read_lookup_table(name: str) -> dict[str, Any]:
    """Read one table of the spacy-lookups-data package, such as "en_lemma_lookup"."""
    table_file = resources.files("spacy_lookups_data").joinpath(f"data/{name}.json.gz")
    with table_file.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        table: dict[str, Any] = json.load(text)
    return table


class Normalizer:
    """Rewrites a message into the lowercase form that the patterns are written in."""

    def __init__(
        self,
        settings: NormalizationSettings,
        lexicon: Iterable[str],
        known_words: frozenset[str],
    ) -> None:
        self.settings = settings
        self.lexicon = frozenset(lexicon)
        # Typo targets exclude short words, which are too easy to reach by accident.
        self._typo_targets = sorted(
            word for word in self.lexicon if len(word) >= settings.typo_min_length - 1
        )
        self.known_words = known_words
        self._leet_table = str.maketrans(dict(settings.leetspeak))
        self._cache: dict[str, str] = {}

    def normalize(self, text: str, correct_words: bool = True) -> str:
        """Return the normalized text; per-word fixes run only if correct_words."""
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
        text = text.translate(_TYPOGRAPHIC).lower()
        text = _CJK_CHARACTER.sub(r" \1 ", text)
        text = _WORD_HYPHEN.sub(" ", text)
        text = _PHRASE_WORD.sub(self._replace_phrase_word, text)
        text = _SPLIT_REFLEXIVE.sub(r"\1\2", text)
        text = _REPEATED_MARK.sub(r"\1", text)
        if correct_words:
            text = _SPACED_LETTERS.sub(self._join_spaced_letters, text)
            text = _WORD.sub(lambda match: self.correct_word(match.group()), text)
        return re.sub(r"\s+", " ", text).strip()

    def _replace_phrase_word(self, match: re.Match[str]) -> str:
        word = match.group()
        return self.settings.replacements.get(word, word)

    def _join_spaced_letters(self, match: re.Match[str]) -> str:
        """Join spaced-out letters ("i want to d i e") into a lexicon word.

        The longest run of the letters that spells a lexicon word is joined, so that
        a leading "i" or "a" stays a word of its own. Letters that spell no lexicon
        word are left as they are.
        """
        letters = re.findall(r"[a-z]", match.group())
        for length in range(len(letters), 2, -1):
            for start in range(len(letters) - length + 1):
                word = "".join(letters[start : start + length])
                if word in self.lexicon:
                    before = " ".join(letters[:start])
                    after = " ".join(letters[start + length :])
                    return " ".join(part for part in (before, word, after) if part)
        return match.group()

    def correct_word(self, word: str) -> str:
        """Return the lexicon word that a misspelled or disguised word stands for.

        Words that are in the lexicon or are known English words come back unchanged,
        and so does any word with no close lexicon match.
        """
        cached = self._cache.get(word)
        if cached is None:
            cached = self._correct_uncached(word)
            # Bounded so that a long-running server cannot grow it without limit.
            if len(self._cache) < 50_000:
                self._cache[word] = cached
        return cached

    def _correct_uncached(self, word: str) -> str:
        if word in self.lexicon:
            return word
        has_letter = any("a" <= char <= "z" for char in word)
        if not has_letter:
            return word
        if not word.isalpha():
            decoded = self._collapse_repeats(word.translate(self._leet_table))
            if decoded in self.lexicon:
                return decoded
            return word
        word = self._collapse_repeats(word)
        if word.endswith("in") and word + "g" in self.lexicon:
            return word + "g"
        if word in self.lexicon or word in self.known_words:
            return word
        swapped = self._swap_adjacent(word)
        if swapped is not None:
            return swapped
        return self._closest(word) or self._split_joined(word) or word

    def _collapse_repeats(self, word: str) -> str:
        runs = list(_REPEATED.finditer(word))
        if not runs:
            return word
        if len(runs) > _MAX_REPEAT_RUNS:
            return _REPEATED.sub(r"\1\1", word)
        candidates = [
            self._rebuild(word, runs, lengths)
            for lengths in itertools.product((2, 1), repeat=len(runs))
        ]
        for vocabulary in (self.lexicon, self.known_words):
            for candidate in candidates:
                if candidate in vocabulary:
                    return candidate
        return candidates[-1]

    @staticmethod
    def _rebuild(word: str, runs: list[re.Match[str]], lengths: tuple[int, ...]) -> str:
        parts: list[str] = []
        position = 0
        for run, length in zip(runs, lengths, strict=True):
            parts.append(word[position : run.start()])
            parts.append(run.group(1) * length)
            position = run.end()
        parts.append(word[position:])
        return "".join(parts)

    def _swap_adjacent(self, word: str) -> str | None:
        """Fix one swap of neighbouring letters ("myslef"), which difflib scores low."""
        if len(word) < self.settings.typo_min_length - 1:
            return None
        for index in range(len(word) - 1):
            candidate = word[:index] + word[index + 1] + word[index] + word[index + 2 :]
            if candidate in self.lexicon:
                return candidate
        return None

    def _split_joined(self, word: str) -> str | None:
        """Split a word run together ("killmyself") into two lexicon words."""
        if len(word) < 6:
            return None
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if head in self.lexicon and tail in self.lexicon:
                return f"{head} {tail}"
        return None

    def _closest(self, word: str) -> str | None:
        if len(word) < self.settings.typo_min_length:
            return None
        matches = difflib.get_close_matches(
            word, self._typo_targets, n=3, cutoff=self.settings.typo_cutoff
        )
        # Typos seldom change the first letter, and names ("zhang") often differ
        # from a trigger word only there, so the first letter must be kept.
        # NOTE: a rare word missing from the known-word tables can still become a
        # trigger word ("torching" becomes "touching"). A pattern must then match
        # the surrounding words too before anything fires.
        return next((match for match in matches if match[0] == word[0]), None)
