"""Vocabulary matching on the base spaCy pipeline.

Two consumers share the tokenization and lemmas of make_base_nlp():

- TermMatcher finds vocabulary phrases in free text for the intake parsers and the
  resource routing, tolerating inflections, hyphenation and small typos.
- build_pipeline() adds an entity ruler with the same phrases for Rasa's SpacyNLP.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from assistant.nlp.base import make_base_nlp
from assistant.vocabulary import Vocabulary

if TYPE_CHECKING:
    from assistant.directory import Resource

# Typo tolerance: a word of at least TYPO_MIN_LENGTH letters that is neither a
# vocabulary word nor a common English word is replaced by the closest vocabulary word
# of at least that length when difflib's ratio reaches TYPO_CUTOFF. At 0.85, five- and
# six-letter words tolerate one dropped, added or swapped letter, and longer words also
# one wrong letter. Common English words are those with a log probability of at least
# KNOWN_WORD_MIN_LOG_PROB in spaCy's en_lexeme_prob table (spacy-lookups-data), so
# "finding" (-9.7) is not corrected to "funding". Misspellings such as "counceling"
# (-17.4) fall below the threshold and are corrected.
TYPO_MIN_LENGTH = 5
TYPO_CUTOFF = 0.85
KNOWN_WORD_MIN_LOG_PROB = -15.0
MAX_CACHED_CORRECTIONS = 10_000

# Entity label -> vocabulary section. When one phrase belongs to several ids (such as
# "international", a support area and a theme), the ruler tags it with the first label
# in this order, then "resource", and within a label with the first id in the file.
ENTITY_SECTIONS = {
    "program": "programs",
    "support_area": "support_areas",
    "meeting_mode": "meeting_modes",
    "language": "languages",
    "theme": "themes",
}
RESOURCE_LABEL = "resource"


@functools.lru_cache(maxsize=1)
def shared_base_nlp() -> Language:
    """Return one process-wide make_base_nlp() pipeline, created on first use."""
    return make_base_nlp()


@functools.lru_cache(maxsize=1)
def known_english_words() -> frozenset[str]:
    """Load the alphabetic English words at or above KNOWN_WORD_MIN_LOG_PROB."""
    table = resources.files("spacy_lookups_data").joinpath(
        "data/en_lexeme_prob.json.gz"
    )
    with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        probabilities: dict[str, float] = json.load(text)
    return frozenset(
        word
        for word, log_prob in probabilities.items()
        if log_prob >= KNOWN_WORD_MIN_LOG_PROB and word.isalpha()
    )


@dataclass(frozen=True)
class Tokens:
    """Lowercase words of a text and their lemmas, with hyphens and spaces removed."""

    words: tuple[str, ...]
    lemmas: tuple[str, ...]


def tokenize(text: str) -> Tokens:
    """Split text into lowercase words and lookup lemmas.

    Hyphen tokens are dropped, so "in-person" and "in person" give the same words, and
    curly apostrophes count as straight ones.
    Other punctuation stays, so a phrase never matches across a comma or full stop.
    """
    doc = shared_base_nlp()(text.lower().replace("\u2019", "'"))
    content = [token for token in doc if not token.is_space and token.text not in "-–—"]
    return Tokens(
        words=tuple(token.text for token in content),
        lemmas=tuple(token.lemma_ for token in content),
    )


@dataclass(frozen=True)
class TermMatch:
    """One phrase found in a text: which group and id it belongs to, and where."""

    group: str
    id: str
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class MatchedText:
    """A tokenized text with the vocabulary phrases found in it, in text order."""

    tokens: Tokens
    matches: tuple[TermMatch, ...]

    def ids(self, group: str) -> list[str]:
        """Return the ids of one group in order of first mention, without repeats."""
        return list(dict.fromkeys(m.id for m in self.matches if m.group == group))


class TermMatcher:
    """Find phrases of several term groups in free text.

    A phrase matches a run of words when its words equal the text's words, the text's
    lemmas (so "panic attack" matches "panic attacks") or the text's words after typo
    correction. Phrases should therefore be written in their base form. Where a
    match lies inside a longer match of any group, only the longer one is kept, so
    "international development" (a program) hides "international" (a support area).
    """

    def __init__(
        self,
        groups: Mapping[str, Iterable[tuple[str, Iterable[str]]]],
        *,
        typo_tolerance: bool = True,
    ) -> None:
        self._index: dict[tuple[str, ...], set[tuple[str, str]]] = {}
        for group, terms in groups.items():
            for term_id, phrases in terms:
                for phrase in phrases:
                    self._add(phrase, (group, term_id))

        self._max_length = max((len(key) for key in self._index), default=0)
        known = {word for key in self._index for word in key}
        self._known_words = frozenset(known)
        self._typo_targets = sorted(
            word for word in known if len(word) >= TYPO_MIN_LENGTH and word.isalpha()
        )
        self._typo_tolerance = typo_tolerance
        self._corrections: dict[str, str] = {}

    def _add(self, phrase: str, target: tuple[str, str]) -> None:
        # Phrases are indexed by their words only, not their lemmas, because the
        # lookup lemmatizer ignores context: the lemma of "broke" is "break".
        words = tokenize(phrase).words
        if words:
            self._index.setdefault(words, set()).add(target)

    def match(self, text: str) -> MatchedText:
        tokens = tokenize(text)
        views = [tokens.words, tokens.lemmas]
        if self._typo_tolerance:
            views.append(self._correct_typos(tokens.words))

        found: set[TermMatch] = set()
        for start in range(len(tokens.words)):
            for end in range(
                start + 1, min(start + self._max_length, len(views[0])) + 1
            ):
                for view in views:
                    for group, term_id in self._index.get(view[start:end], ()):
                        found.add(TermMatch(group, term_id, start, end))

        outermost = [m for m in found if not _inside_longer_match(m, found)]
        outermost.sort(key=lambda m: (m.start, -m.length, m.group, m.id))
        return MatchedText(tokens=tokens, matches=tuple(outermost))

    def _correct_word(self, word: str) -> str:
        if len(word) < TYPO_MIN_LENGTH or not word.isalpha():
            return word
        if word in self._known_words or word in known_english_words():
            return word
        if word not in self._corrections:
            if len(self._corrections) >= MAX_CACHED_CORRECTIONS:
                self._corrections.clear()
            close = difflib.get_close_matches(
                word, self._typo_targets, n=1, cutoff=TYPO_CUTOFF
            )
            self._corrections[word] = close[0] if close else word
        return self._corrections[word]

    def _correct_typos(self, words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self._correct_word(word) for word in words)


def _inside_longer_match(match: TermMatch, matches: set[TermMatch]) -> bool:
    return any(
        other.length > match.length
        and other.start <= match.start
        and match.end <= other.end
        for other in matches
    )


def entity_patterns(
    vocabulary: Vocabulary, resources: Sequence[Resource]
) -> list[dict[str, Any]]:
    """Build entity ruler patterns whose ids are vocabulary or resource ids.

    Each phrase gets a LOWER pattern and a LEMMA pattern on the same words, as in
    TermMatcher, so "panic attack" also tags "panic attacks". Multi-word phrases match
    with or without hyphens between the words.
    """
    patterns: list[dict[str, Any]] = []
    claimed: set[tuple[str, ...]] = set()

    def add(label: str, term_id: str, phrases: Iterable[str]) -> None:
        for phrase in phrases:
            for words in _case_variants(phrase):
                if words in claimed:
                    continue
                claimed.add(words)
                for attr in ("LOWER", "LEMMA"):
                    pattern = _token_pattern(attr, words)
                    patterns.append({"label": label, "pattern": pattern, "id": term_id})

    for label, section in ENTITY_SECTIONS.items():
        for term in vocabulary.section(section):
            add(label, term.id, term.phrases())
    for resource in resources:
        add(RESOURCE_LABEL, resource.id, [resource.name.lower(), *resource.aliases])
    return patterns


def _case_variants(phrase: str) -> list[tuple[str, ...]]:
    """Return the lowercase words of a phrase tokenized in lower, title and upper case.

    spaCy's tokenizer exceptions depend on case: "Ph.D." is one token but "ph.d." is
    two, so a LOWER pattern needs each tokenization.
    """
    tokenizer = shared_base_nlp().tokenizer
    variants: list[tuple[str, ...]] = []
    for text in (phrase.lower(), phrase.title(), phrase.upper()):
        words = tuple(t.lower_ for t in tokenizer(text) if t.text not in "-–—")
        if words and words not in variants:
            variants.append(words)
    return variants


def _token_pattern(attr: str, words: tuple[str, ...]) -> list[dict[str, Any]]:
    pattern: list[dict[str, Any]] = []
    for position, word in enumerate(words):
        if position > 0:
            pattern.append({"ORTH": "-", "OP": "?"})
        pattern.append({attr: word})
    return pattern


def build_pipeline(vocabulary: Vocabulary, resources: Sequence[Resource]) -> Language:
    """Create make_base_nlp() plus an `entity_ruler` tagging vocabulary and resources.

    Entity labels are program, support_area, meeting_mode, language, theme and
    resource. Each entity's `ent_id_` is the vocabulary or resource id, so "public
    policy" carries label "program" and id "mpp".
    """
    nlp = make_base_nlp()
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(entity_patterns(vocabulary, resources))  # type: ignore[attr-defined]
    return nlp
