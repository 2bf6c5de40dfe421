"""The resource directory (data/directory/resources.yml) and situation routing."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from assistant.matching.roster import load_roster as load_roster  # the roster CSV
from assistant.vocabulary import PROJECT_ROOT, Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from assistant.nlp.pipeline import MatchedText, TermMatcher

logger = logging.getLogger(__name__)

DEFAULT_DIRECTORY_PATH = PROJECT_ROOT / "data" / "directory" / "resources.yml"

SCOPES = ("campus", "national")
CONFIDENTIALITY_LEVELS = ("confidential", "private", "reporting")
CONTACT_FIELDS = ("phone", "text", "email", "url", "location")

# Routing scores. A keyword of n words scores 1 + 0.5 * (n - 1), so a specific phrase
# such as "travel signature" outweighs one loose word. Naming the resource itself
# ("the writing center") scores NAME_SCORE. A support area or situation named in the
# text scores PRIMARY_AREA_SCORE for resources that list it first in helps_with and
# SECONDARY_AREA_SCORE for resources that list it later.
NAME_SCORE = 3.0
PRIMARY_AREA_SCORE = 1.0
SECONDARY_AREA_SCORE = 0.5

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class DirectoryError(ValueError):
    """An invalid resource directory entry."""


@dataclass(frozen=True)
class Resource:
    """One office, service or line that the assistant refers students to."""

    id: str
    name: str
    scope: str  # one of SCOPES
    helps_with: tuple[str, ...]  # support area and situation ids, main one first
    keywords: tuple[str, ...]
    who_can_use: str
    confidentiality: str  # one of CONFIDENTIALITY_LEVELS
    # Keys from CONTACT_FIELDS, only those given. Left out of the hash, as a dict.
    contact: Mapping[str, str] = dataclasses.field(hash=False)
    hours: str
    verify: bool  # True while the contact details are unconfirmed placeholders
    aliases: tuple[str, ...] = ()
    description: str = ""
    last_verified: datetime.date | None = None


class Directory:
    """The resources in file order, with lookups and situation routing."""

    def __init__(self, resources: Sequence[Resource], vocabulary: Vocabulary) -> None:
        self.resources = tuple(resources)
        self.vocabulary = vocabulary
        self._by_id = {resource.id: resource for resource in self.resources}
        self._by_name: dict[str, Resource] = {}
        for resource in self.resources:
            for name in (resource.name.lower(), *resource.aliases):
                self._by_name.setdefault(name, resource)
        self._matcher: TermMatcher | None = None

    def get(self, key: str) -> Resource | None:
        """Return the resource with this id, or else with this name or alias.

        Names and aliases compare case-insensitively, so an entity value such as
        "Writing Center" finds its resource. Rasa 3.6's SpacyEntityExtractor reports
        the matched text as the entity value, not the pattern id.
        """
        if key in self._by_id:
            return self._by_id[key]
        return self._by_name.get(" ".join(key.lower().split()))

    def for_support_areas(self, areas: Iterable[str]) -> list[Resource]:
        """Return resources that help with any of the areas or situations.

        Areas are taken in the given order. For each area, resources that list it
        first in helps_with come first, then campus resources before national lines,
        then the position of the area in helps_with, then file order.
        """
        chosen: dict[str, Resource] = {}
        for area in areas:
            helping = [r for r in self.resources if area in r.helps_with]
            helping.sort(key=lambda r: _area_rank(r, area))
            for resource in helping:
                chosen.setdefault(resource.id, resource)
        return list(chosen.values())

    def crisis_lines(self) -> list[Resource]:
        """Return the national lines for a crisis, such as 988, in file order.

        Campus entries are left out because their numbers may be placeholders.
        """
        return [
            r
            for r in self.resources
            if r.scope == "national" and "crisis" in r.helps_with
        ]

    def campus_emergency_line(self) -> str:
        """Name the campus emergency service and its phone for the crisis reply.

        Example: "Campus Police and Emergency Services (781-555-0110)". A number that
        a coordinator has not verified yet is marked as a placeholder. Returns
        "campus police" when the directory has no campus emergency entry.
        """
        for resource in self.resources:
            if resource.scope != "campus" or resource.helps_with[0] != "emergency":
                continue
            phone = resource.contact.get("phone", "").split(" (")[0].strip()
            if not phone:
                return resource.name
            if resource.verify:
                return f"{resource.name} ({phone}, a placeholder number for now)"
            return f"{resource.name} ({phone})"
        return "campus police"

    def confidential(self) -> list[Resource]:
        """Return the confidential resources, campus ones first, each in file order."""
        chosen = [r for r in self.resources if r.confidentiality == "confidential"]
        return sorted(chosen, key=lambda r: r.scope != "campus")

    def route(self, text: str) -> list[Resource]:
        """Return the resources that fit a described situation, best first.

        Matching uses resource keywords and names, and the vocabulary words for
        support areas and situations, on words and lemmas with small typos tolerated.
        Returns an empty list when nothing fits. Ties keep file order.
        """
        matched = self._get_matcher().match(text)
        scores = self._score(matched)
        ranked = [r for r in self.resources if scores.get(r.id, 0.0) > 0]
        ranked.sort(key=lambda r: -scores[r.id])  # a stable sort keeps file order
        return ranked

    def _score(self, matched: MatchedText) -> dict[str, float]:
        scores: dict[str, float] = {}
        seen_areas: set[str] = set()
        for match in matched.matches:
            if match.group == "keyword":
                gain = 1.0 + 0.5 * (match.length - 1)
                scores[match.id] = scores.get(match.id, 0.0) + gain
            elif match.group == "name":
                scores[match.id] = scores.get(match.id, 0.0) + NAME_SCORE
            elif match.id not in seen_areas:
                seen_areas.add(match.id)
                for resource in self.resources:
                    if match.id in resource.helps_with:
                        primary = resource.helps_with[0] == match.id
                        gain = PRIMARY_AREA_SCORE if primary else SECONDARY_AREA_SCORE
                        scores[resource.id] = scores.get(resource.id, 0.0) + gain
        return scores

    def _get_matcher(self) -> TermMatcher:
        # Imported here because spaCy takes seconds to import, and lookups by id
        # should not pay for it.
        from assistant.nlp.pipeline import TermMatcher

        if self._matcher is None:
            areas = [
                (term.id, term.phrases())
                for section in ("support_areas", "situations")
                for term in self.vocabulary.section(section)
            ]
            self._matcher = TermMatcher(
                {
                    "keyword": [(r.id, r.keywords) for r in self.resources],
                    "name": [
                        (r.id, (r.name.lower(), *r.aliases)) for r in self.resources
                    ],
                    "area": areas,
                }
            )
        return self._matcher


def _area_rank(resource: Resource, area: str) -> tuple[bool, bool, int]:
    position = resource.helps_with.index(area)
    return (position != 0, resource.scope != "campus", position)


def load_directory(
    path: Path | str = DEFAULT_DIRECTORY_PATH, vocabulary: Vocabulary | None = None
) -> Directory:
    """Load and validate resources.yml.

    Raises DirectoryError naming the file, entry and field when a required field is
    missing or a value is not allowed, such as a helps_with id absent from the
    vocabulary.
    """
    path = Path(path)
    vocabulary = vocabulary or load_vocabulary()
    with path.open(encoding="utf-8") as file:
        data = yaml.safe_load(file)
    entries = data.get("resources") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise DirectoryError(f"{path}: expected a non-empty 'resources' list")

    known_areas = set(vocabulary.ids("support_areas")) | set(
        vocabulary.ids("situations")
    )
    resources: list[Resource] = []
    for index, entry in enumerate(entries):
        where = f"{path}: resources[{index}]"
        if not isinstance(entry, dict):
            raise DirectoryError(f"{where}: expected a mapping")
        resources.append(_parse_resource(where, entry, known_areas))

    ids = [resource.id for resource in resources]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DirectoryError(
            f"{path}: resource ids appear more than once: {duplicates}"
        )
    logger.info("Loaded %d resources from %s", len(resources), path)
    return Directory(resources, vocabulary)


def _parse_resource(
    where: str, entry: dict[str, Any], known_areas: set[str]
) -> Resource:
    resource_id = _required_string(where, entry, "id")
    if not _ID_PATTERN.match(resource_id):
        raise DirectoryError(f"{where}: invalid id {resource_id!r}")
    where = f"{where} ({resource_id})"

    helps_with = _string_list(where, entry, "helps_with", required=True)
    unknown = [area for area in helps_with if area not in known_areas]
    if unknown:
        raise DirectoryError(
            f"{where}: helps_with has ids missing from vocabulary.yml support_areas "
            f"and situations: {unknown}"
        )
    return Resource(
        id=resource_id,
        name=_required_string(where, entry, "name"),
        scope=_choice(where, entry, "scope", SCOPES),
        helps_with=helps_with,
        keywords=_string_list(where, entry, "keywords", required=True),
        who_can_use=_required_string(where, entry, "who_can_use"),
        confidentiality=_choice(
            where, entry, "confidentiality", CONFIDENTIALITY_LEVELS
        ),
        contact=_parse_contact(where, entry.get("contact")),
        hours=_required_string(where, entry, "hours"),
        verify=_required_bool(where, entry, "verify"),
        aliases=_string_list(where, entry, "aliases", required=False),
        description=str(entry.get("description") or "").strip(),
        last_verified=_optional_date(where, entry),
    )


def _required_string(where: str, entry: dict[str, Any], field: str) -> str:
    value = entry.get(field)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise DirectoryError(f"{where}: missing or empty field {field!r}")
    return value.strip()


def _choice(
    where: str, entry: dict[str, Any], field: str, allowed: Sequence[str]
) -> str:
    value = _required_string(where, entry, field)
    if value not in allowed:
        raise DirectoryError(
            f"{where}: {field} is {value!r}; use one of {list(allowed)}"
        )
    return value


def _required_bool(where: str, entry: dict[str, Any], field: str) -> bool:
    value = entry.get(field)
    if not isinstance(value, bool):
        raise DirectoryError(f"{where}: {field} must be true or false, not {value!r}")
    return value


def _string_list(
    where: str, entry: dict[str, Any], field: str, *, required: bool
) -> tuple[str, ...]:
    value = entry.get(field)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value:
        raise DirectoryError(f"{where}: {field} must be a non-empty list")
    # YAML reads unquoted numbers such as 988 as integers.
    return tuple(str(item).strip().lower() for item in value if str(item).strip())


def _parse_contact(where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise DirectoryError(
            f"{where}: contact must list at least one of {CONTACT_FIELDS}"
        )
    unknown = sorted(set(value) - set(CONTACT_FIELDS))
    if unknown:
        raise DirectoryError(f"{where}: unknown contact fields {unknown}")
    # YAML reads an unquoted number such as 911 as an integer.
    return {key: str(value[key]).strip() for key in CONTACT_FIELDS if value.get(key)}


def _optional_date(where: str, entry: dict[str, Any]) -> datetime.date | None:
    value = entry.get("last_verified")
    if value is None or isinstance(value, datetime.date):
        return value
    raise DirectoryError(f"{where}: last_verified must be a date such as 2025-08-01")
