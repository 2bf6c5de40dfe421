"""Safety pattern files: loading, validation and the compact token-pattern syntax.

A token pattern is a string of elements separated by spaces, matched against the
normalized message (lowercase, contractions expanded: "do not", "i am"):

    word        the token's lowercase text is `word`
    a|b|c       the lowercase text is one of the words
    ~a|b        the lemma (spaCy lookup lemmatizer) is one of the words; "~a|~b"
                means the same
    ?element    the element is optional, for example `?really` or `?~be`
    _           any one token
    #           a number of ten or more, in digits ("30") or as a word ("twenty")
    *N          up to N tokens of any kind (N from 1 to 9)
    (a b|c|)    alternatives of one or more words; an empty alternative makes
                the group optional. Groups are expanded into separate patterns.

A bare a|b element contains single words only: "now|right now" is read as the two
elements "now|right" and "now", so phrases belong in a group.

Loading rejects patterns that can never match or that match almost anything. It
rejects a word that spaCy's English tokenizer splits, a lemma word that is not its
own lemma, and a word that normalization always replaces. It also rejects a pattern
whose only required elements are one or two stop words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language

CATEGORIES: tuple[str, ...] = ("crisis", "danger", "title_ix", "conduct", "human")
"""Handoff categories, most severe first; the most severe match decides."""

KINDS: tuple[str, ...] = ("explicit", "disclosure", "topic")
"""Pattern kinds, which decide what can suppress a match.

explicit: never suppressed. disclosure: suppressed by a figure of speech that
overlaps it. topic: also suppressed by informational framing anywhere in the
message, unless a personal-involvement marker is present.
"""

SUPPRESSOR_ROLES: tuple[str, ...] = (
    "figures",
    "hyperbole",
    "framing",
    "general",
    "personal",
    "question",
)
"""Sections of the suppressor file; suppressors.yml describes what each one does."""

_GROUP = re.compile(r"\(([^()]*)\)")
_WILDCARD_SPAN = re.compile(r"\*([0-9]+)")
_MAX_EXPANSIONS = 512
# Ten or more, the count of pills from which "I took 30 tylenol" reads as an overdose
# and "I take 2 advil" does not.
_LARGE_NUMBER = (
    r"^(?:[1-9][0-9]{1,3}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|hundred|dozen|dozens|hundreds)$"
)

TokenPattern = list[dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """One pattern entry of a category file or a suppressor file."""

    id: str
    group: str  # a category for patterns, or a suppressor role
    kind: str  # one of KINDS for patterns; the role again for suppressors
    phrases: tuple[str, ...]
    tokens: tuple[str, ...]


def load_category_file(path: Path) -> list[Rule]:
    """Load the patterns of one category file; raise ValueError if it is invalid."""
    data = _read_mapping(path)
    category = data.get("category")
    if category not in CATEGORIES:
        raise ValueError(
            f"{path}: 'category' is {category!r}; expected one of "
            f"{', '.join(CATEGORIES)}"
        )
    entries = data.get("patterns")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: 'patterns' must be a non-empty list")
    rules = [
        _parse_entry(entry, path, category, default_kind=None) for entry in entries
    ]
    _check_unique(rules, path)
    return rules


def load_suppressor_file(path: Path) -> list[Rule]:
    """Load figures of speech, framing and personal markers from one file."""
    data = _read_mapping(path)
    unknown = set(data) - set(SUPPRESSOR_ROLES)
    if unknown:
        raise ValueError(
            f"{path}: unknown sections {sorted(unknown)}; expected {SUPPRESSOR_ROLES}"
        )
    rules: list[Rule] = []
    for role in SUPPRESSOR_ROLES:
        entries = data.get(role, [])
        if not isinstance(entries, list):
            raise ValueError(f"{path}: '{role}' must be a list")
        rules.extend(
            _parse_entry(entry, path, role, default_kind=role) for entry in entries
        )
    _check_unique(rules, path)
    return rules


def _read_mapping(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as file:
        data = yaml.safe_load(file)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def _parse_entry(entry: Any, path: Path, group: str, default_kind: str | None) -> Rule:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise ValueError(
            f"{path}: every entry of '{group}' needs a string 'id': {entry!r}"
        )
    rule_id = f"{group}.{entry['id']}"
    kind = default_kind if default_kind is not None else entry.get("kind")
    if default_kind is None and kind not in KINDS:
        raise ValueError(
            f"{path}: {rule_id}: 'kind' is {kind!r}; expected one of {', '.join(KINDS)}"
        )
    phrases = _string_list(entry.get("phrases", []), path, rule_id, "phrases")
    tokens = _string_list(entry.get("tokens", []), path, rule_id, "tokens")
    if not phrases and not tokens:
        raise ValueError(f"{path}: {rule_id}: needs 'phrases' or 'tokens'")
    return Rule(rule_id, group, str(kind), tuple(phrases), tuple(tokens))


def _string_list(value: Any, path: Path, rule_id: str, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{path}: {rule_id}: '{field}' must be a list of strings")
    return [" ".join(item.split()) for item in value if item.strip()]


def _check_unique(rules: Iterable[Rule], path: Path) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"{path}: duplicate id {rule.id}")
        seen.add(rule.id)


def expand_groups(source: str) -> list[str]:
    """Expand every "(a b|c|)" group of a compact pattern into plain patterns."""
    pieces = _GROUP.split(source)
    # re.split with one capture group alternates literal text and group contents.
    choices: list[list[str]] = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            choices.append([piece])
        else:
            choices.append(_merge_single_words(piece.split("|")))
    count = 1
    for options in choices:
        count *= len(options)
    if count > _MAX_EXPANSIONS:
        raise ValueError(
            f"pattern {source!r} expands to {count} patterns "
            f"(limit {_MAX_EXPANSIONS}); split it into several patterns"
        )
    expanded = (
        " ".join("".join(parts).split()) for parts in itertools.product(*choices)
    )
    return [pattern for pattern in dict.fromkeys(expanded) if pattern]


def _merge_single_words(alternatives: list[str]) -> list[str]:
    """Merge a group's single-word alternatives into "a|b" elements to limit expansion.

    Plain words and lemma words ("~a") each become one element; phrases and the empty
    alternative stay as they are.
    """
    words = [alternative.strip() for alternative in alternatives]
    plain = [
        word for word in words if _is_single_word(word) and not word.startswith("~")
    ]
    lemmas = [word for word in words if _is_single_word(word) and word.startswith("~")]
    others = [word for word in words if not _is_single_word(word)]
    merged = [f" {'|'.join(group)} " for group in (plain, lemmas) if group]
    return merged + [f" {other} " for other in dict.fromkeys(others)]


def _is_single_word(word: str) -> bool:
    return bool(word) and len(word.split()) == 1 and not word.startswith("?")


def compile_tokens(
    source: str, nlp: Language, replacements: Mapping[str, str] | None = None
) -> list[TokenPattern]:
    """Compile one compact pattern into spaCy Matcher patterns; raise ValueError.

    replacements are the whole-word replacements of the normalizer: a pattern word
    that normalization always replaces ("dont") could never match, so it is rejected.
    """
    _check_groups(source)
    patterns: list[TokenPattern] = []
    for plain in expand_groups(source):
        elements = [
            _compile_element(element, source, nlp, replacements or {})
            for element in plain.split()
        ]
        required = [element for element in elements if _is_required_word(element)]
        if not required:
            raise ValueError(f"pattern {source!r} needs at least one required word")
        if len(required) <= 2 and all(_is_stop_words(item, nlp) for item in required):
            raise ValueError(
                f"pattern {plain!r} of {source!r} requires only one or two stop "
                "words, so it matches almost any message; make a content word required"
            )
        patterns.append(elements)
    return patterns


def _check_groups(source: str) -> None:
    depth = 0
    for char in source:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth not in (0, 1):
            raise ValueError(f"pattern {source!r} has a nested or unbalanced group")
    if depth != 0:
        raise ValueError(f"pattern {source!r} has an unclosed group")


def _is_required_word(element: dict[str, Any]) -> bool:
    return bool(element) and "OP" not in element


def _is_stop_words(element: dict[str, Any], nlp: Language) -> bool:
    value = next(iter(element.values()))
    if isinstance(value, dict) and "REGEX" in value:
        return False
    words = value["IN"] if isinstance(value, dict) else [value]
    return all(word in nlp.Defaults.stop_words or not word.isalpha() for word in words)


def _compile_element(
    element: str, source: str, nlp: Language, replacements: Mapping[str, str]
) -> dict[str, Any]:
    if element == "_":
        return {}
    if element == "#":
        return {"LOWER": {"REGEX": _LARGE_NUMBER}}
    wildcard = _WILDCARD_SPAN.fullmatch(element)
    if wildcard:
        if not 1 <= int(wildcard.group(1)) <= 9:
            raise ValueError(f"pattern {source!r}: {element!r} must be *1 to *9")
        return {"OP": "{," + wildcard.group(1) + "}"}
    optional = element.startswith("?")
    body = element[1:] if optional else element
    use_lemma = body.startswith("~")
    body = body[1:] if use_lemma else body
    # In a lemma element every alternative is a lemma; repeating "~" is allowed.
    words = [word.removeprefix("~") if use_lemma else word for word in body.split("|")]
    if not all(words):
        raise ValueError(f"pattern {source!r}: empty alternative in {element!r}")
    for word in words:
        _check_word(word, use_lemma, source, nlp)
        if word in replacements:
            raise ValueError(
                f"pattern {source!r}: {word!r} never matches because normalization "
                f"replaces it with {replacements[word]!r}"
            )
    attribute = "LEMMA" if use_lemma else "LOWER"
    compiled: dict[str, Any] = {
        attribute: words[0] if len(words) == 1 else {"IN": words}
    }
    if optional:
        compiled["OP"] = "?"
    return compiled


def _check_word(word: str, use_lemma: bool, source: str, nlp: Language) -> None:
    tokens = nlp.make_doc(word)
    if len(tokens) != 1:
        pieces = " ".join(token.text for token in tokens)
        raise ValueError(
            f"pattern {source!r}: {word!r} is split into tokens {pieces!r}; "
            "write the tokens as separate elements"
        )
    if use_lemma:
        lemma = nlp(word)[0].lemma_
        if lemma != word:
            raise ValueError(
                f"pattern {source!r}: '~{word}' never matches because the lemma of "
                f"{word!r} is {lemma!r}; use '~{lemma}' or the plain word"
            )


def pattern_words(rules: Iterable[Rule]) -> set[str]:
    """Return every literal word used in the rules' phrases and token patterns."""
    words: set[str] = set()
    for rule in rules:
        for phrase in rule.phrases:
            words.update(phrase.split())
        for source in rule.tokens:
            cleaned = re.sub(r"[()?~]", " ", source).replace("|", " ")
            words.update(
                word
                for word in cleaned.split()
                if word not in ("_", "#") and not word.startswith("*")
            )
    return words
