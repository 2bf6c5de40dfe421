"""Load a mentor roster CSV (data/directory/mentors.csv) into MentorProfile objects."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from assistant.profiles import MENTOR_STATUSES, MentorProfile
from assistant.vocabulary import PROJECT_ROOT, Vocabulary, load_vocabulary

logger = logging.getLogger(__name__)

DEFAULT_ROSTER_PATH = PROJECT_ROOT / "data" / "directory" / "mentors.csv"
ROSTER_COLUMNS = (
    "name",
    "email",
    "status",
    "program",
    "graduation_year",
    "support_areas",
    "themes",
    "languages",
    "meeting_modes",
    "availability",
    "capacity",
    "background",
    "bio",
)
MIN_CAPACITY = 1
MAX_CAPACITY = 4

# List column -> the vocabulary section whose ids it contains.
_LIST_COLUMNS = {
    "support_areas": "support_areas",
    "themes": "themes",
    "languages": "languages",
    "meeting_modes": "meeting_modes",
    "availability": "availability",
}
_REQUIRED_LISTS = ("support_areas", "languages", "meeting_modes", "availability")


class RosterError(ValueError):
    """An invalid roster row."""


def load_roster(
    path: Path | str = DEFAULT_ROSTER_PATH, vocabulary: Vocabulary | None = None
) -> list[MentorProfile]:
    """Load mentors from a roster CSV, skipping lines that start with #.

    Every mentor gets id 0, because the store assigns real ids. Raises RosterError
    naming the line and column when a required value is missing or an id is not in
    the vocabulary.
    """
    path = Path(path)
    vocabulary = vocabulary or load_vocabulary()
    with path.open(encoding="utf-8", newline="") as file:
        lines = [line for line in file if not line.lstrip().startswith("#")]

    reader = csv.DictReader(lines)
    missing = [c for c in ROSTER_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RosterError(f"{path}: the header lacks columns {missing}")

    mentors = [
        _parse_row(f"{path}: mentor row {number}", row, vocabulary)
        for number, row in enumerate(reader, start=1)
    ]
    logger.info("Loaded %d mentors from %s", len(mentors), path)
    return mentors


def _parse_row(
    where: str, row: dict[str, str], vocabulary: Vocabulary
) -> MentorProfile:
    values = {key: (value or "").strip() for key, value in row.items() if key}
    for column in ("name", "email", "status", "program", "capacity"):
        if not values.get(column):
            raise RosterError(f"{where}: column {column!r} is empty")
    if values["status"] not in MENTOR_STATUSES:
        raise RosterError(
            f"{where}: status {values['status']!r} is not one of {MENTOR_STATUSES}"
        )
    if values["program"] not in vocabulary.ids("programs"):
        raise RosterError(
            f"{where}: program {values['program']!r} is not in vocabulary"
        )

    lists = {
        column: _id_list(where, column, values.get(column, ""), vocabulary, section)
        for column, section in _LIST_COLUMNS.items()
    }
    for column in _REQUIRED_LISTS:
        if not lists[column]:
            raise RosterError(f"{where}: column {column!r} is empty")

    return MentorProfile(
        id=0,
        name=values["name"],
        email=values["email"].lower(),
        status=values["status"],
        program=values["program"],
        graduation_year=_graduation_year(where, values.get("graduation_year", "")),
        capacity=_capacity(where, values["capacity"]),
        background=values.get("background", ""),
        bio=values.get("bio", ""),
        support_areas=lists["support_areas"],
        themes=lists["themes"],
        languages=lists["languages"],
        meeting_modes=lists["meeting_modes"],
        availability=lists["availability"],
    )


def _id_list(
    where: str, column: str, raw: str, vocabulary: Vocabulary, section: str
) -> list[str]:
    ids = [part.strip().lower() for part in raw.split(";") if part.strip()]
    unknown = [i for i in ids if i not in vocabulary.ids(section)]
    if unknown:
        raise RosterError(
            f"{where}: {column} has ids missing from vocabulary section "
            f"{section!r}: {unknown}"
        )
    return ids


def _graduation_year(where: str, raw: str) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or len(raw) != 4:
        raise RosterError(f"{where}: graduation_year {raw!r} is not a year like 2024")
    return int(raw)


def _capacity(where: str, raw: str) -> int:
    if not raw.isdigit() or not MIN_CAPACITY <= int(raw) <= MAX_CAPACITY:
        raise RosterError(
            f"{where}: capacity {raw!r} is not a whole number "
            f"from {MIN_CAPACITY} to {MAX_CAPACITY}"
        )
    return int(raw)
