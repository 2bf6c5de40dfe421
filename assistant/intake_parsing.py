"""Deterministic parsers that turn a mentee's free-text intake answers into values.

Vocabulary parsers return vocabulary ids (data/directory/vocabulary.yml) and tolerate
inflections and small typos. Every parser returns None or [] for text it cannot read
and never raises on user input.
"""

from __future__ import annotations

import functools
import os
import re
from typing import TYPE_CHECKING

from assistant.vocabulary import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from assistant.nlp.pipeline import MatchedText, TermMatch, TermMatcher, Tokens

SCHOOL_EMAIL_DOMAINS_ENV = "HNPM_SCHOOL_EMAIL_DOMAINS"
DEFAULT_SCHOOL_EMAIL_DOMAINS = "brandeis.edu"
MAX_NAME_LENGTH = 60

WEEKEND_SLOT = "weekends"  # the other availability ids are weekday slots

# A vocabulary match counts as negated when one of these lemmas occurs up to
# NEGATION_WINDOW tokens before it, with no punctuation or "but" in between.
NEGATION_LEMMAS = frozenset({"not", "no", "never", "except", "without"})
NEGATION_WINDOW = 4
# "but" after these words means "except", as in "anything but Zoom".
EXCLUSIVE_BUT_AFTER = frozenset({"anything", "anytime", "anywhere", "everything"})
# Words that can join a time of day to a weekend word: "Sunday mornings", "weekends in
# the morning". A time of day joined this way belongs to the weekend slot.
WEEKEND_JOINERS = frozenset({"on", "in", "the", "at", "during", "over"})

_CLOCK_TIME = re.compile(r"\b(\d{1,2})(?::[0-5]\d)?\s*([ap])\.?\s*m\b", re.IGNORECASE)
_EMAIL_ADDRESS = re.compile(
    r"^(?P<local>[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$"
)
_SKIP_WORD = re.compile(r"[a-z0-9/']+")


class IntakeParser:
    """Parsers for one vocabulary. The module functions use the default vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._matchers: dict[str, TermMatcher] = {}

    def _match(self, kind: str, text: str) -> MatchedText:
        """Match text against the term groups for one kind of answer.

        Programs are included as blockers for support areas and themes, so the
        program "international development" is not read as the support area or theme
        "international".
        """
        if kind not in self._matchers:
            self._matchers[kind] = self._build_matcher(kind)
        return self._matchers[kind].match(text)

    def _build_matcher(self, kind: str) -> TermMatcher:
        # Imported here because spaCy takes seconds to import.
        from assistant.nlp.pipeline import TermMatcher

        vocabulary = self.vocabulary
        phrases = vocabulary.answer_phrases
        groups = {kind: [(t.id, t.phrases()) for t in vocabulary.section(kind)]}
        if kind in ("support_areas", "themes"):
            groups["programs"] = [(t.id, t.phrases()) for t in vocabulary.programs]
        if kind in ("meeting_modes", "availability"):
            groups["any"] = [("any", phrases.any)]
        if kind == "availability":
            groups["weekdays"] = [("weekdays", phrases.weekdays)]
        return TermMatcher(groups)

    def parse_program(self, text: str) -> str | None:
        """Return the program id the text names, the last one not negated if several.

        "I was in MPP, actually SID" and "SID, not MPP" both give "ma_sid".
        """
        matched = self._match("programs", text)
        named = [m for m in _group(matched, "programs") if not _is_negated(matched, m)]
        return named[-1].id if named else None

    def parse_support_areas(self, text: str) -> list[str]:
        """Return the support area ids the text mentions, in order of mention."""
        # NOTE: negation is not handled ("no career help needed" gives ["career"]),
        # because "can't find an internship" must still give ["practicum"].
        return self._match("support_areas", text).ids("support_areas")

    def parse_meeting_modes(self, text: str) -> list[str]:
        """Return the meeting mode ids the text accepts, in vocabulary order.

        "any", "either" or "whatever works" give every mode, and "not in person" gives
        every mode but in-person.
        """
        matched = self._match("meeting_modes", text)
        positive, negative = _split_negated(matched, _group(matched, "meeting_modes"))
        return self._select("meeting_modes", positive, negative, _has_any(matched))

    def parse_availability(self, text: str) -> list[str]:
        """Return the availability ids the text offers, in vocabulary order.

        Times of day joined to a weekend word ("Saturday mornings") count as weekends.
        Weekday names without a time of day ("Tuesdays") give every weekday slot.
        Clock times ("after 6pm") give the slot of their hour.
        """
        matched = self._match("availability", text)
        slots = _group(matched, "availability")
        weekends = [m for m in slots if m.id == WEEKEND_SLOT]
        times = [
            m for m in slots if not any(_joined(matched.tokens, m, w) for w in weekends)
        ]
        times = [m for m in times if m.id != WEEKEND_SLOT] + weekends
        positive, negative = _split_negated(matched, times)

        weekday_words = [
            m for m in _group(matched, "weekdays") if not _is_negated(matched, m)
        ]
        clock_slots = _clock_slots(text)
        if WEEKEND_SLOT in positive and not weekday_words:
            clock_slots = []  # "Saturday at 10am" is a weekend time
        positive.extend(slot for slot in clock_slots if slot not in negative)

        weekday_slots = [
            i for i in self.vocabulary.ids("availability") if i != WEEKEND_SLOT
        ]
        if weekday_words and not set(positive) & set(weekday_slots):
            positive.extend(weekday_slots)
        return self._select("availability", positive, negative, _has_any(matched))

    def parse_languages(self, text: str) -> list[str]:
        """Return language ids (lowercase English names), in order of mention."""
        matched = self._match("languages", text)
        positive, _ = _split_negated(matched, _group(matched, "languages"))
        return list(dict.fromkeys(positive))

    def parse_themes(self, text: str) -> list[str]:
        """Return theme ids (such as first_generation), in order of mention."""
        matched = self._match("themes", text)
        positive, _ = _split_negated(matched, _group(matched, "themes"))
        return list(dict.fromkeys(positive))

    def parse_student_status(self, text: str) -> str | None:
        """Return "new" or "continuing", or None for neither or both."""
        matched = self._match("student_statuses", text)
        positive, negative = _split_negated(
            matched, _group(matched, "student_statuses")
        )
        statuses = self.vocabulary.ids("student_statuses")
        if not positive:
            # "not new" means continuing, since there are only two statuses.
            positive = [s for s in statuses if negative and s not in negative]
        distinct = set(positive) - set(negative)
        return distinct.pop() if len(distinct) == 1 else None

    def is_skip(self, text: str) -> bool:
        """Return True when the text declines to answer ("skip", "rather not say").

        A one-word phrase such as "pass" counts only in answers of up to three words,
        so "I want to pass statistics" is not a skip. Longer phrases count in answers of
        up to ten words.
        """
        words = _SKIP_WORD.findall(text.lower().replace("\u2019", "'"))
        if not words or len(words) > 10:
            return False
        for phrase in self.vocabulary.answer_phrases.skip:
            phrase_words = _SKIP_WORD.findall(phrase)
            if len(phrase_words) == 1 and len(words) > 3:
                continue
            if _contains_run(words, phrase_words):
                return True
        return False

    def _select(
        self, section: str, positive: list[str], negative: list[str], any_named: bool
    ) -> list[str]:
        """Combine accepted and negated ids into a list in vocabulary order.

        Without an accepted id, negations mean "all but these" and an "any" phrase
        means all.
        """
        all_ids = self.vocabulary.ids(section)
        if positive:
            chosen = set(positive) - set(negative)
        elif negative:
            chosen = set(all_ids) - set(negative)
        elif any_named:
            chosen = set(all_ids)
        else:
            chosen = set()
        return [term_id for term_id in all_ids if term_id in chosen]


def _group(matched: MatchedText, group: str) -> list[TermMatch]:
    return [m for m in matched.matches if m.group == group]


def _has_any(matched: MatchedText) -> bool:
    return any(not _is_negated(matched, m) for m in _group(matched, "any"))


def _split_negated(
    matched: MatchedText, matches: list[TermMatch]
) -> tuple[list[str], list[str]]:
    positive: list[str] = []
    negative: list[str] = []
    for match in matches:
        target = negative if _is_negated(matched, match) else positive
        if match.id not in target:
            target.append(match.id)
    return positive, negative


def _is_negated(matched: MatchedText, match: TermMatch) -> bool:
    words, lemmas = matched.tokens.words, matched.tokens.lemmas
    for index in range(match.start - 1, max(match.start - NEGATION_WINDOW, 0) - 1, -1):
        word = words[index]
        if word == "but":
            return index > 0 and words[index - 1] in EXCLUSIVE_BUT_AFTER
        if not any(character.isalnum() for character in word):
            return False
        if lemmas[index] in NEGATION_LEMMAS or word in NEGATION_LEMMAS:
            return True
    return False


def _joined(tokens: Tokens, time: TermMatch, weekend: TermMatch) -> bool:
    """Return True when only joining words stand between a time of day and a weekend."""
    if time.id == WEEKEND_SLOT:
        return False
    first, second = (weekend, time) if weekend.start < time.start else (time, weekend)
    between = tokens.words[first.end : second.start]
    return len(between) <= 2 and all(word in WEEKEND_JOINERS for word in between)


def _clock_slots(text: str) -> list[str]:
    """Return the availability slots of clock times such as "9am" or "6:30 pm"."""
    slots: list[str] = []
    for match in _CLOCK_TIME.finditer(text):
        hour = int(match.group(1)) % 12
        if match.group(2).lower() == "p":
            hour += 12
        if 5 <= hour < 12:
            slot = "weekday_mornings"
        elif 12 <= hour < 17:
            slot = "weekday_afternoons"
        else:
            slot = "weekday_evenings"
        if slot not in slots:
            slots.append(slot)
    return slots


def _contains_run(words: list[str], run: list[str]) -> bool:
    size = len(run)
    return size > 0 and any(
        words[i : i + size] == run for i in range(len(words) - size + 1)
    )


def validate_school_email(text: str) -> str | None:
    """Return the school email address in the text, lowercased, or None.

    The text must contain exactly one address, syntactically valid, whose domain is
    one of the comma-separated domains in HNPM_SCHOOL_EMAIL_DOMAINS (default
    brandeis.edu) or a subdomain of one, such as alumni.brandeis.edu.
    """
    candidates = [word for word in text.split() if "@" in word]
    if len(candidates) != 1:
        return None
    address = candidates[0].strip("<>()[]\"'.,;:!?").lower()
    match = _EMAIL_ADDRESS.match(address)
    if not match or len(address) > 254 or len(match.group("local")) > 64:
        return None
    domain = match.group("domain")
    for allowed in school_email_domains():
        if domain == allowed or domain.endswith("." + allowed):
            return address
    return None


def school_email_domains() -> list[str]:
    """Return the allowed domains from HNPM_SCHOOL_EMAIL_DOMAINS, read on each call."""
    raw = os.environ.get(SCHOOL_EMAIL_DOMAINS_ENV) or DEFAULT_SCHOOL_EMAIL_DOMAINS
    domains = [part.strip().lstrip("@").lower() for part in raw.split(",")]
    return [domain for domain in domains if domain]


# Openings that introduce a name. After a strong opening ("call me Will") a common word
# is accepted as a name. After a weak opening ("I'm ...") or none, common words are
# rejected, so "I'm not sure" gives no name.
_GREETING = r"(?:(?:hi|hello|hey)(?:\s+there)?[\s,!.]+)?"
_STRONG_OPENING = (
    r"(?:my\s+name\s+is|my\s+name's|name's|the\s+name's|the\s+name\s+is|"
    r"(?:you\s+can\s+|please\s+|just\s+)?call\s+me|i\s+go\s+by|i\s+prefer|"
    r"i'd\s+prefer|people\s+call\s+me|everyone\s+calls\s+me|they\s+call\s+me)"
)
_WEAK_OPENING = r"(?:i'm|i\s+am|im|it's|its|this\s+is)"
_NAME_ANSWER = re.compile(
    rf"^{_GREETING}(?:(?P<strong>{_STRONG_OPENING})|(?P<weak>{_WEAK_OPENING}))?\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CLAUSE_BREAK = re.compile(r"[,.;:!?()]\s|[,;:!?()]|\s+(?:and|but|from|in|at)\s+", re.I)
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['\-.][^\W\d_]+)*\.?$")
_TRAILING_FILLER = re.compile(r"\s+(?:here|please|thanks|thank\s+you)$", re.IGNORECASE)
_NOT_NAMES = frozenset(
    {
        "yes",
        "yeah",
        "yep",
        "ok",
        "okay",
        "sure",
        "nope",
        "hello",
        "idk",
        "dunno",
        "fine",
    }
)
# A lowercase "-ing" or "-ed" word after a weak cue ("I'm drowning in readings",
# "scared") describes a state, not a name.
_STATE_WORD = re.compile(r"^[a-z]{3,}(?:ing|ed)$")


def parse_name(text: str) -> str | None:
    """Return the name the person wants to be called, or None.

    Accepts "Sam", "call me Sam", "I'm Priya", "my name is Ana María". A name typed
    all in lowercase is title-cased, and other capitalization is kept. Rejects empty
    answers, answers without letters or with digits, skips, more than four words and
    names longer than MAX_NAME_LENGTH characters.
    """
    answer = text.strip().replace("\u2019", "'")
    if not answer or is_skip(answer):
        return None
    match = _NAME_ANSWER.match(answer)
    if match is None:
        return None

    rest = _CLAUSE_BREAK.split(match.group("rest").strip() + " ", maxsplit=1)[0]
    candidate = _TRAILING_FILLER.sub("", rest.strip()).strip()
    words = candidate.split()
    if not words or len(words) > 4 or len(candidate) > MAX_NAME_LENGTH:
        return None
    if not all(_NAME_WORD.match(word) for word in words):
        return None
    if match.group("strong") is None and _looks_like_prose(words):
        return None
    return candidate.title() if candidate.islower() else candidate


def _looks_like_prose(words: list[str]) -> bool:
    lowered = [word.lower().rstrip(".") for word in words]
    if len(lowered) == 1 and lowered[0] in _NOT_NAMES:
        return True
    if len(words) == 1 and _STATE_WORD.match(words[0]):
        return True
    stop_words = _stop_words()
    return any(word in stop_words for word in lowered)


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    # NOTE: spaCy's English stop words include names such as "Will", so a bare "Will"
    # is rejected while "call me Will" is accepted.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@functools.lru_cache(maxsize=1)
def default_parser() -> IntakeParser:
    """Return the parser for data/directory/vocabulary.yml, loaded on first use."""
    return IntakeParser(load_vocabulary())


def parse_program(text: str) -> str | None:
    return default_parser().parse_program(text)


def parse_support_areas(text: str) -> list[str]:
    return default_parser().parse_support_areas(text)


def parse_meeting_modes(text: str) -> list[str]:
    return default_parser().parse_meeting_modes(text)


def parse_availability(text: str) -> list[str]:
    return default_parser().parse_availability(text)


def parse_languages(text: str) -> list[str]:
    return default_parser().parse_languages(text)


def parse_themes(text: str) -> list[str]:
    return default_parser().parse_themes(text)


def parse_student_status(text: str) -> str | None:
    return default_parser().parse_student_status(text)


def is_skip(text: str) -> bool:
    return default_parser().is_skip(text)
