"""Parse a mentor roster CSV into MentorProfile objects, reporting every bad row.

The columns are those of the mentor sign-up survey (see data/directory/mentors.csv).
Values may be vocabulary ids ("weekday_evenings"), labels ("Weekday evenings") or
aliases ("evenings") from data/directory/vocabulary.yml, and list cells may separate
their values with semicolons or commas.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.matching.roster_csv import RosterFileError, RosterRow, read_text
from assistant.profiles import MentorProfile
from assistant.vocabulary import PROJECT_ROOT, Vocabulary, load_vocabulary

logger = logging.getLogger(__name__)

DEFAULT_ROSTER_PATH = PROJECT_ROOT / "data" / "directory" / "mentors.csv"
MIN_CAPACITY = 1
MAX_CAPACITY = 4
MAX_NAME_LENGTH = 200  # the size of the name column in the store
MAX_EMAIL_LENGTH = 320
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# List column -> the vocabulary section whose terms it contains.
LIST_COLUMNS = {
    "support_areas": "support_areas",
    "themes": "themes",
    "languages": "languages",
    "meeting_modes": "meeting_modes",
    "availability": "availability",
}
REQUIRED_LISTS = ("support_areas", "languages", "meeting_modes", "availability")
TERM_NAMES = {
    "programs": "program",
    "support_areas": "support area",
    "themes": "theme",
    "languages": "language",
    "meeting_modes": "meeting mode",
    "availability": "availability time",
}
STATUS_WORDS = {
    "current_student": (
        "current student",
        "current",
        "student",
        "current graduate student",
        "enrolled",
    ),
    "alumni": ("alumni", "alumnus", "alumna", "alumnae", "alum", "graduate"),
}
YES_WORDS = ("yes", "y", "true", "1", "active")
NO_WORDS = ("no", "n", "false", "0", "inactive", "paused")
_LIST_SEPARATORS = re.compile(r"[;,\n|]")

# The error callback of a row parser: fail(column, message).
Fail = Callable[[str, str], None]


class RosterError(ValueError):
    """An invalid roster: the message lists every bad row by line and column."""


@dataclass(frozen=True)
class RowError:
    """One invalid value: the file line of its row, its column and what is wrong."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass
class ParsedRoster:
    """Every row of a roster file, valid or not."""

    mentors: list[tuple[int, MentorProfile]]  # (line, profile) of each valid row
    errors: list[RowError]
    rows_read: int
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def invalid_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})


def parse_roster(data: bytes, vocabulary: Vocabulary | None = None) -> ParsedRoster:
    """Parse a roster file's bytes, collecting the errors of every row.

    Raises RosterError only when the file cannot be read as a roster at all (bad
    encoding, a workbook, a header without the required columns).
    """
    vocabulary = vocabulary or load_vocabulary()
    try:
        table = read_text(data)
    except RosterFileError as error:
        raise RosterError(str(error)) from error

    terms = _TermIndex(vocabulary)
    mentors: list[tuple[int, MentorProfile]] = []
    errors: list[RowError] = []
    first_line_of_email: dict[str, int] = {}
    for row in table.rows:
        row_errors: list[RowError] = []
        profile = _parse_row(row, terms, row_errors)
        if profile is not None:
            earlier = first_line_of_email.setdefault(profile.email, row.line)
            if earlier != row.line:
                row_errors.append(
                    RowError(
                        row.line, "email", f"{profile.email} repeats line {earlier}"
                    )
                )
        errors.extend(row_errors)
        if profile is not None and not row_errors:
            mentors.append((row.line, profile))

    return ParsedRoster(
        mentors, errors, len(table.rows), table.ignored_columns, table.notes
    )


def load_roster(
    path: Path | str = DEFAULT_ROSTER_PATH, vocabulary: Vocabulary | None = None
) -> list[MentorProfile]:
    """Load every mentor of a roster CSV, or raise RosterError listing each bad row.

    Every mentor gets id 0, because the store assigns real ids.
    """
    path = Path(path)
    try:
        parsed = parse_roster(path.read_bytes(), vocabulary)
    except RosterError as error:
        raise RosterError(f"{path}: {error}") from error
    if parsed.errors:
        listed = "\n".join(f"  {error}" for error in parsed.errors)
        raise RosterError(f"{path}: {len(parsed.errors)} invalid values:\n{listed}")
    logger.info("Loaded %d mentors from %s", len(parsed.mentors), path)
    return [profile for _, profile in parsed.mentors]


class _TermIndex:
    """Resolve ids, labels and aliases of vocabulary terms to ids."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._lookup: dict[str, dict[str, set[str]]] = {}
        for section in (*LIST_COLUMNS.values(), "programs"):
            index: dict[str, set[str]] = {}
            for term in vocabulary.section(section):
                words = (term.id, term.label, term.short_label or "", *term.aliases)
                for word in words:
                    if word:
                        index.setdefault(_normalize(word), set()).add(term.id)
            self._lookup[section] = index

    def resolve(self, section: str, value: str) -> str:
        """Return the id that a value names, or raise ValueError saying why not."""
        ids = self._lookup[section].get(_normalize(value), set())
        if len(ids) == 1:
            return next(iter(ids))
        if ids:
            raise ValueError(f"{value!r} could mean any of {', '.join(sorted(ids))}")
        raise ValueError(f"{value!r} is not a known {TERM_NAMES[section]}")


def _normalize(text: str) -> str:
    words = re.sub(r"[\s_\-/]+", " ", text.casefold()).strip(" .")
    return " ".join(words.split())


def _parse_row(
    row: RosterRow, terms: _TermIndex, errors: list[RowError]
) -> MentorProfile | None:
    values = row.values

    def fail(column: str, message: str) -> None:
        errors.append(RowError(row.line, column, message))

    if row.extra_cells:
        fail(
            "(row)",
            f"{row.extra_cells} values beyond the last header column; "
            "quote cells that contain commas",
        )
    name = _name(values.get("name", ""), fail)
    email = _email(values.get("email", ""), fail)
    status = _status(values.get("status", ""), fail)
    program = _program(values.get("program", ""), terms, fail)
    lists = {
        column: _id_list(column, values.get(column, ""), terms, fail)
        for column in LIST_COLUMNS
    }
    graduation_year = _graduation_year(values.get("graduation_year", ""), fail)
    capacity = _capacity(values.get("capacity", ""), fail)
    active = _active(values.get("active", ""), fail)
    if errors:
        return None

    return MentorProfile(
        id=0,
        name=name,
        email=email,
        status=status,
        program=program,
        graduation_year=graduation_year,
        capacity=capacity,
        active=active,
        background=values.get("background", ""),
        bio=values.get("bio", ""),
        support_areas=lists["support_areas"],
        themes=lists["themes"],
        languages=lists["languages"],
        meeting_modes=lists["meeting_modes"],
        availability=lists["availability"],
    )


def _name(raw: str, fail: Fail) -> str:
    name = " ".join(raw.split())
    if not name:
        fail("name", "is empty but required")
    elif len(name) > MAX_NAME_LENGTH:
        fail("name", f"is longer than {MAX_NAME_LENGTH} characters")
    return name


def _email(raw: str, fail: Fail) -> str:
    email = raw.strip().lower()
    if not email:
        fail("email", "is empty but required")
    elif len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(email):
        fail("email", f"{raw!r} is not an email address like name@example.edu")
    return email


def _status(raw: str, fail: Fail) -> str:
    value = _normalize(raw)
    for status, words in STATUS_WORDS.items():
        if value in words or value == _normalize(status):
            return status
    if not value:
        fail("status", "is empty; use current_student or alumni")
    else:
        fail(
            "status",
            f"{raw!r} is not eligible: mentors must be current students or alumni "
            "(current_student or alumni)",
        )
    return ""


def _program(raw: str, terms: _TermIndex, fail: Fail) -> str:
    if not raw.strip():
        fail("program", "is empty but required")
        return ""
    try:
        return terms.resolve("programs", raw)
    except ValueError as error:
        fail("program", f"{error} (see programs in vocabulary.yml)")
        return ""


def _id_list(column: str, raw: str, terms: _TermIndex, fail: Fail) -> list[str]:
    section = LIST_COLUMNS[column]
    ids: list[str] = []
    problems: list[str] = []
    for part in _LIST_SEPARATORS.split(raw):
        if not part.strip():
            continue
        try:
            term_id = terms.resolve(section, part.strip())
        except ValueError as error:
            problems.append(str(error))
            continue
        if term_id not in ids:
            ids.append(term_id)
    if problems:
        fail(column, f"{'; '.join(problems)} (see {section} in vocabulary.yml)")
    elif not ids and column in REQUIRED_LISTS:
        fail(column, "is empty but required")
    return ids


def _graduation_year(raw: str, fail: Fail) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not re.fullmatch(r"(19|20)\d\d", raw):
        fail("graduation_year", f"{raw!r} is not a year like 2024")
        return None
    return int(raw)


def _capacity(raw: str, fail: Fail) -> int:
    raw = raw.strip()
    if not raw.isdigit() or not MIN_CAPACITY <= int(raw) <= MAX_CAPACITY:
        fail(
            "capacity",
            f"{raw!r} is not a whole number of mentees "
            f"from {MIN_CAPACITY} to {MAX_CAPACITY}",
        )
        return 0
    return int(raw)


def _active(raw: str, fail: Fail) -> bool:
    value = raw.strip().casefold()
    if not value or value in YES_WORDS:
        return True
    if value in NO_WORDS:
        return False
    fail("active", f"{raw!r} is neither yes nor no")
    return True
