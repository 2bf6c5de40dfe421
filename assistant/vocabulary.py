"""The intake vocabulary (data/directory/vocabulary.yml) as typed objects.

The vocabulary defines the ids that profiles, the roster, the matcher, the NLU entities
and the resource directory share, and the words (aliases) mentees use for each id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VOCABULARY_PATH = PROJECT_ROOT / "data" / "directory" / "vocabulary.yml"

# Sections whose entries are terms with an id, a label and aliases.
TERM_SECTIONS = (
    "programs",
    "support_areas",
    "meeting_modes",
    "themes",
    "availability",
    "languages",
    "student_statuses",
    "situations",
)
ANSWER_PHRASE_KINDS = ("skip", "any", "weekdays")

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class VocabularyError(ValueError):
    """An invalid vocabulary file: a missing section, field or id."""


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: a stable id, a display label and the words for it."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()
    short_label: str | None = None
    phrase: str | None = None

    def phrases(self) -> tuple[str, ...]:
        """Return the lowercase label followed by the aliases, without duplicates."""
        return tuple(dict.fromkeys([self.label.lower(), *self.aliases]))


@dataclass(frozen=True)
class AnswerPhrases:
    """Short answers the intake recognizes in place of a value."""

    skip: tuple[str, ...]
    any: tuple[str, ...]
    weekdays: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """All sections of vocabulary.yml."""

    programs: tuple[Term, ...]
    support_areas: tuple[Term, ...]
    meeting_modes: tuple[Term, ...]
    themes: tuple[Term, ...]
    availability: tuple[Term, ...]
    languages: tuple[Term, ...]
    student_statuses: tuple[Term, ...]
    situations: tuple[Term, ...]
    answer_phrases: AnswerPhrases

    def section(self, name: str) -> tuple[Term, ...]:
        """Return the terms of one section, such as "support_areas"."""
        if name not in TERM_SECTIONS:
            raise KeyError(
                f"unknown vocabulary section {name!r}; use one of {TERM_SECTIONS}"
            )
        terms: tuple[Term, ...] = getattr(self, name)
        return terms

    def ids(self, section: str) -> tuple[str, ...]:
        return tuple(term.id for term in self.section(section))

    def term(self, section: str, term_id: str) -> Term:
        """Return the term with this id, or raise KeyError naming the section."""
        for term in self.section(section):
            if term.id == term_id:
                return term
        raise KeyError(f"{term_id!r} is not an id in vocabulary section {section!r}")

    def label(self, section: str, term_id: str) -> str:
        return self.term(section, term_id).label

    def labels(self, section: str, term_ids: list[str]) -> list[str]:
        """Return the labels of known ids, keeping unknown ids as they are."""
        known = {term.id: term.label for term in self.section(section)}
        return [known.get(term_id, term_id) for term_id in term_ids]


def load_vocabulary(path: Path | str = DEFAULT_VOCABULARY_PATH) -> Vocabulary:
    """Load and validate vocabulary.yml.

    Raises VocabularyError naming the file, section and entry when an entry lacks an id
    or label, an id is malformed or repeated, or a section is missing.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as file:
        data = yaml.safe_load(file)
    if not isinstance(data, dict):
        raise VocabularyError(
            f"{path}: expected a mapping of sections at the top level"
        )

    sections = {name: _load_terms(path, name, data.get(name)) for name in TERM_SECTIONS}
    phrases = _load_answer_phrases(path, data.get("answer_phrases"))
    return Vocabulary(**sections, answer_phrases=phrases)


def _load_terms(path: Path, section: str, entries: Any) -> tuple[Term, ...]:
    if not isinstance(entries, list) or not entries:
        raise VocabularyError(f"{path}: section {section!r} is missing or empty")

    terms: list[Term] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"{path}: {section}[{index}]"
        if not isinstance(entry, dict):
            raise VocabularyError(f"{where}: expected a mapping with id and label")
        term_id = entry.get("id")
        label = entry.get("label")
        if not isinstance(term_id, str) or not _ID_PATTERN.match(term_id):
            raise VocabularyError(
                f"{where}: invalid id {term_id!r}; use lowercase letters, digits and _"
            )
        if term_id in seen:
            raise VocabularyError(f"{where}: id {term_id!r} appears twice")
        if not isinstance(label, str) or not label.strip():
            raise VocabularyError(f"{where}: missing label for id {term_id!r}")
        seen.add(term_id)
        terms.append(
            Term(
                id=term_id,
                label=label.strip(),
                aliases=_string_list(where, "aliases", entry.get("aliases")),
                short_label=_optional_string(where, "short_label", entry),
                phrase=_optional_string(where, "phrase", entry),
            )
        )
    return tuple(terms)


def _load_answer_phrases(path: Path, data: Any) -> AnswerPhrases:
    if not isinstance(data, dict):
        raise VocabularyError(f"{path}: section 'answer_phrases' is missing")
    lists = {}
    for kind in ANSWER_PHRASE_KINDS:
        values = _string_list(f"{path}: answer_phrases", kind, data.get(kind))
        if not values:
            raise VocabularyError(f"{path}: answer_phrases.{kind} is missing or empty")
        lists[kind] = values
    return AnswerPhrases(**lists)


def _string_list(where: str, field: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise VocabularyError(f"{where}: {field} must be a list of strings")
    return tuple(item.strip().lower() for item in value if item.strip())


def _optional_string(where: str, field: str, entry: dict[str, Any]) -> str | None:
    value = entry.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise VocabularyError(f"{where}: {field} must be a non-empty string")
    return value.strip()
