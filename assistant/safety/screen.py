"""The safety screen: decides whether a message needs a same-turn human handoff."""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from assistant.nlp.base import make_base_nlp
from assistant.safety.normalize import (
    NormalizationSettings,
    Normalizer,
    load_known_words,
    read_lookup_table,
)
from assistant.safety.patterns import (
    CATEGORIES,
    Rule,
    compile_tokens,
    load_category_file,
    load_suppressor_file,
    pattern_words,
)

logger = logging.getLogger(__name__)

# NOTE: the path is relative to this file, so it exists only in a source checkout or
# an editable install. A wheel install must pass its data directory explicitly.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "safety"
"""data/safety/ of this project: patterns/*.yml, suppressors.yml, normalization.yml."""

_SENTENCE_END = re.compile(r"[.!?]$")


@dataclass(frozen=True)
class Screening:
    """The outcome of screening one message.

    category is the most severe handoff category that fired, or None for no
    handoff. matched contains the ids of the patterns that fired, in text order.
    informational is true when informational framing ("what does Title IX cover",
    "research on") suppressed a safety topic, even if a disclosure also fired.
    figurative is true when a figure of speech or a hyperbole suppressed a match
    ("I cut myself shaving").
    """

    category: str | None
    matched: tuple[str, ...]
    informational: bool
    figurative: bool = False

    @property
    def handoff(self) -> bool:
        return self.category is not None


@dataclass(frozen=True)
class PatternMatch:
    """A pattern that matched, with token offsets into the normalized text."""

    rule_id: str
    category: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Evaluation:
    """A screening with the reasons behind it, for debugging and reports."""

    screening: Screening
    fired: tuple[PatternMatch, ...]
    suppressed: tuple[tuple[PatternMatch, str], ...]  # the match and the suppressor id
    normalized_text: str


class _RuleMatcher:
    """A spaCy Matcher and PhraseMatcher over one set of rules."""

    def __init__(
        self,
        rules: Sequence[Rule],
        nlp: Language,
        normalizer: Normalizer,
        replacements: Mapping[str, str],
    ) -> None:
        self.rules = {rule.id: rule for rule in rules}
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        errors: list[str] = []
        for rule in rules:
            token_patterns = []
            for source in rule.tokens:
                try:
                    token_patterns.extend(compile_tokens(source, nlp, replacements))
                except ValueError as error:
                    errors.append(f"{rule.id}: {error}")
            if token_patterns:
                self.matcher.add(rule.id, token_patterns)
            if rule.phrases:
                phrase_docs = [
                    nlp.make_doc(normalizer.normalize(phrase, correct_words=False))
                    for phrase in rule.phrases
                ]
                self.phrase_matcher.add(rule.id, phrase_docs)
        if errors:
            raise ValueError("invalid safety patterns:\n" + "\n".join(errors))

    def __call__(self, doc: Doc) -> list[tuple[Rule, int, int]]:
        found = []
        # An empty Matcher warns (spaCy W036) on every call, so skip empty ones.
        if len(self.matcher):
            found.extend(self.matcher(doc))
        if len(self.phrase_matcher):
            found.extend(self.phrase_matcher(doc))
        vocab = doc.vocab.strings
        spans = sorted({(start, end, vocab[key]) for key, start, end in found})
        return [(self.rules[rule_id], start, end) for start, end, rule_id in spans]


class SafetyScreen:
    """Matches safety patterns and suppressors loaded from YAML data files."""

    def __init__(
        self,
        pattern_files: Iterable[Path],
        suppressor_file: Path | None = None,
        normalization_file: Path | None = None,
    ) -> None:
        started = time.perf_counter()
        self.nlp = make_base_nlp()
        rules = [rule for path in pattern_files for rule in load_category_file(path)]
        _check_unique_ids(rules)
        suppressors = load_suppressor_file(suppressor_file) if suppressor_file else []
        settings = (
            NormalizationSettings.from_file(normalization_file)
            if normalization_file
            else NormalizationSettings({}, {}, {}, 5, 0.85, -15.0)
        )
        _add_lemmas(self.nlp, settings.lemmas)
        lexicon = _with_inflections(pattern_words([*rules, *suppressors]))
        known_words = _cached_known_words(settings.known_word_min_log_prob)
        self.normalizer = Normalizer(settings, lexicon, known_words)

        def build(selected: list[Rule]) -> _RuleMatcher:
            return _RuleMatcher(
                selected, self.nlp, self.normalizer, settings.replacements
            )

        self._patterns = build(rules)
        self._figures = build([rule for rule in suppressors if rule.kind == "figures"])
        self._hyperbole = build(
            [rule for rule in suppressors if rule.kind == "hyperbole"]
        )
        self._framing = build([rule for rule in suppressors if rule.kind == "framing"])
        self._general = build([rule for rule in suppressors if rule.kind == "general"])
        self._personal = build(
            [rule for rule in suppressors if rule.kind == "personal"]
        )
        self._question = build(
            [rule for rule in suppressors if rule.kind == "question"]
        )
        logger.info(
            "Built the safety screen: %d patterns, %d suppressors, %d lexicon words "
            "in %.1f s",
            len(rules),
            len(suppressors),
            len(lexicon),
            time.perf_counter() - started,
        )

    @classmethod
    def from_directory(cls, directory: Path = DEFAULT_DATA_DIR) -> SafetyScreen:
        """Build a screen from patterns/*.yml, suppressors.yml and normalization.yml."""
        pattern_files = sorted((directory / "patterns").glob("*.yml"))
        if not pattern_files:
            raise FileNotFoundError(
                f"no pattern files found in {directory / 'patterns'}"
            )
        suppressor_file = directory / "suppressors.yml"
        normalization_file = directory / "normalization.yml"
        return cls(
            pattern_files,
            suppressor_file if suppressor_file.exists() else None,
            normalization_file if normalization_file.exists() else None,
        )

    def screen(self, text: str) -> Screening:
        """Screen one message."""
        return self.evaluate(text).screening

    def is_informational_question(self, text: str) -> bool:
        """Return whether the message requests Title IX information, with no disclosure.

        True only when no handoff category fired and informational framing
        suppressed at least one title_ix topic pattern.
        """
        evaluation = self.evaluate(text)
        return evaluation.screening.category is None and any(
            match.category == "title_ix" and _is_framing(reason)
            for match, reason in evaluation.suppressed
        )

    def _framing_id(self, doc: Doc) -> str | None:
        """Return the id of the framing that cancels topic matches in doc, or None.

        A personal marker keeps every framing from cancelling. A question about
        reporting or getting help ("how do i report") keeps ordinary framing from
        cancelling, but not general framing ("in general", "the policy on").
        """
        if self._personal(doc):
            return None
        general = self._general(doc)
        if self._question(doc):
            return general[0][0].id if general else None
        framing = self._framing(doc) or general
        return framing[0][0].id if framing else None

    def evaluate(self, text: str) -> Evaluation:
        """Screen one message and keep the fired and suppressed matches."""
        normalized = self.normalizer.normalize(text)
        if not normalized:
            return Evaluation(Screening(None, (), False), (), (), normalized)
        if not _SENTENCE_END.search(normalized):
            # Human-request patterns such as "talk to someone ." need an end marker.
            normalized += " ."
        doc = self.nlp(normalized)
        figures = self._figures(doc)
        hyperbole = self._hyperbole(doc)
        framing_id = self._framing_id(doc)

        fired: list[PatternMatch] = []
        suppressed: list[tuple[PatternMatch, str]] = []
        for rule, start, end in self._patterns(doc):
            match = PatternMatch(rule.id, rule.group, rule.kind, start, end)
            reason = _suppression(match, figures, hyperbole, framing_id)
            if reason is None:
                fired.append(match)
            else:
                suppressed.append((match, reason))

        screening = _summarize(fired, suppressed)
        logger.debug(
            "Screened a message: category=%s fired=%s suppressed=%s",
            screening.category,
            screening.matched,
            [reason for _, reason in suppressed],
        )
        return Evaluation(screening, tuple(fired), tuple(suppressed), normalized)


_FRAMING_ROLES = ("framing.", "general.")
_FIGURE_ROLES = ("figures.", "hyperbole.")


def _is_framing(reason: str) -> bool:
    return reason.startswith(_FRAMING_ROLES)


def _suppression(
    match: PatternMatch,
    figures: list[tuple[Rule, int, int]],
    hyperbole: list[tuple[Rule, int, int]],
    framing_id: str | None,
) -> str | None:
    """Return the id of the suppressor that cancels the match, or None.

    Framing is checked first, so that Screening.informational reports it even when a
    figure overlaps the same topic match. An explicit match is cancelled only by a
    hyperbole span that contains all of it.
    """
    if match.kind == "explicit":
        return next(
            (
                rule.id
                for rule, start, end in hyperbole
                if start <= match.start and match.end <= end
            ),
            None,
        )
    if match.kind == "topic" and framing_id is not None:
        return framing_id
    for figure, start, end in [*figures, *hyperbole]:
        if start < match.end and match.start < end:
            return figure.id
    return None


def _summarize(
    fired: Sequence[PatternMatch], suppressed: Sequence[tuple[PatternMatch, str]]
) -> Screening:
    categories = {match.category for match in fired}
    category = next((name for name in CATEGORIES if name in categories), None)
    matched = tuple(dict.fromkeys(match.rule_id for match in fired))
    informational = any(_is_framing(reason) for _, reason in suppressed)
    figurative = any(reason.startswith(_FIGURE_ROLES) for _, reason in suppressed)
    return Screening(category, matched, informational, figurative)


def _add_lemmas(nlp: Language, lemmas: Mapping[str, str]) -> None:
    """Add word -> lemma entries to the lookup lemmatizer's table of this pipeline."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer):
        raise TypeError(f"the 'lemmatizer' pipe is a {type(lemmatizer).__name__}")
    table = lemmatizer.lookups.get_table("lemma_lookup")
    for word, lemma in lemmas.items():
        table[word] = lemma


def _check_unique_ids(rules: Sequence[Rule]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"pattern id {rule.id} is defined in more than one file")
        seen.add(rule.id)


@functools.lru_cache(maxsize=4)
def _cached_known_words(min_log_prob: float) -> frozenset[str]:
    return load_known_words(min_log_prob)


def _with_inflections(words: set[str]) -> set[str]:
    """Add the inflected forms of the words, from spaCy's English lemma lookup table.

    Typo correction then maps "threatend" to "threatened", not to "threaten".
    """
    lemmas: dict[str, str] = read_lookup_table("en_lemma_lookup")
    inflections = {
        form.lower()
        for form, lemma in lemmas.items()
        if lemma in words and form.isalpha()
    }
    return words | inflections


_default_screen: SafetyScreen | None = None
_default_lock = threading.Lock()


def default_screen() -> SafetyScreen:
    """Return the screen built from DEFAULT_DATA_DIR, building it on first use."""
    global _default_screen
    with _default_lock:
        if _default_screen is None:
            _default_screen = SafetyScreen.from_directory()
        return _default_screen


def screen(text: str) -> Screening:
    """Screen one message with the default screen."""
    return default_screen().screen(text)


def is_informational_question(text: str) -> bool:
    """Return whether the message requests Title IX information without a disclosure."""
    return default_screen().is_informational_question(text)
