"""Read a roster CSV as a sign-up survey exports it, keeping each row's line number.

Survey and spreadsheet exports differ in small ways that this reader absorbs: a
UTF-8 byte-order mark, Windows-1252 text, header wording and case, extra columns, a
semicolon or tab delimiter, blank lines, and quoted cells that span several lines.
Lines starting with # outside a quoted cell are comments.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

# Canonical column -> header wordings that mean it, after normalize_header().
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "mentor name", "your name", "preferred name"),
    "email": (
        "email",
        "email address",
        "e mail",
        "e mail address",
        "school email",
        "university email",
        "contact email",
    ),
    "status": (
        "status",
        "mentor status",
        "affiliation",
        "current student or alumni",
        "are you a current student or alumni",
    ),
    "program": ("program", "degree program", "program of study", "your program"),
    "graduation_year": (
        "graduation year",
        "grad year",
        "class year",
        "year of graduation",
        "expected graduation year",
        "class of",
    ),
    "support_areas": (
        "support areas",
        "support areas offered",
        "support offered",
        "areas of support",
        "support areas you can offer",
    ),
    "themes": ("themes", "themed mentorship", "mentorship themes", "communities"),
    "languages": ("languages", "language", "languages spoken", "languages you speak"),
    "meeting_modes": (
        "meeting modes",
        "meeting mode",
        "meeting format",
        "meeting preferences",
        "how can you meet",
    ),
    "availability": (
        "availability",
        "available times",
        "when are you available",
        "times available",
    ),
    "capacity": (
        "capacity",
        "mentee capacity",
        "max mentees",
        "maximum mentees",
        "number of mentees",
        "how many mentees can you take",
        "how many mentees can you mentor",
    ),
    "background": (
        "background",
        "self described background",
        "your background",
        "about your background",
        "optional self described background",
    ),
    "bio": ("bio", "short bio", "about you", "about me"),
    "active": ("active", "accepting mentees"),
}
REQUIRED_COLUMNS = (
    "name",
    "email",
    "status",
    "program",
    "support_areas",
    "languages",
    "meeting_modes",
    "availability",
    "capacity",
)
_HEADER_LOOKUP = {
    wording: column
    for column, wordings in COLUMN_ALIASES.items()
    for wording in wordings
}
_PARENTHESES = re.compile(r"\([^)]*\)")


class RosterFileError(ValueError):
    """A roster file that cannot be read at all: bad encoding or a bad header."""


@dataclass(frozen=True)
class RosterRow:
    """One non-blank data row: its first physical line and its cells by column."""

    line: int
    values: dict[str, str]
    extra_cells: int = 0  # non-empty cells beyond the last header column


@dataclass
class RosterTable:
    """The rows of a roster file and what the reader noticed about it."""

    rows: list[RosterRow]
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def normalize_header(text: str) -> str:
    """Return a header cell in lowercase words, without punctuation."""
    words = re.sub(r"[^0-9a-z]+", " ", text.replace("\ufeff", "").casefold())
    return " ".join(words.split())


def canonical_column(header: str) -> str | None:
    """Return the roster column a header cell names, or None for an extra column.

    A parenthesized hint such as "Capacity (1 to 4)" is ignored when the whole text
    is not a known wording.
    """
    for text in (header, _PARENTHESES.sub(" ", header)):
        column = _HEADER_LOOKUP.get(normalize_header(text))
        if column is not None:
            return column
    return None


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode the file as UTF-8 (with or without a BOM), else as Windows-1252.

    Returns the text and a note for the report when the fallback was used.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise RosterFileError(
                f"the file is neither UTF-8 nor Windows-1252 text ({error}); "
                "export it again as CSV UTF-8"
            ) from error
        return text, "the file is not UTF-8, so it was read as Windows-1252"


def read_table(text: str) -> RosterTable:
    """Split roster text into rows keyed by canonical column.

    Raises RosterFileError when the header is missing, names a column twice or
    lacks a required column.
    """
    lines = _blank_comments(text.splitlines(keepends=True))
    delimiter = _delimiter(lines)
    reader = csv.reader(lines, delimiter=delimiter)

    header: list[str] | None = None
    header_line = 0
    rows: list[RosterRow] = []
    columns: list[str | None] = []
    ignored: list[str] = []
    previous_end = 0
    for cells in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header, header_line = cells, start
            columns, ignored = _map_header(header, header_line)
            continue
        rows.append(_row(start, cells, columns))

    if header is None:
        raise RosterFileError("the file has no header row")
    notes = [] if delimiter == "," else [f"cells are separated by {delimiter!r}"]
    return RosterTable(rows, ignored, notes)


def _blank_comments(lines: list[str]) -> list[str]:
    """Replace comment lines by empty ones, keeping the line numbers of the rest.

    A line continues a quoted cell when an odd number of quotes came before it,
    because CSV writes a quote inside a quoted cell as two quotes.
    """
    result = []
    inside_quotes = False
    for line in lines:
        if not inside_quotes and line.lstrip().startswith("#"):
            result.append("\n")
            continue
        result.append(line)
        if line.count('"') % 2 == 1:
            inside_quotes = not inside_quotes
    return result


def _delimiter(lines: list[str]) -> str:
    """Return the header's delimiter: a comma, unless the header has none."""
    header = next((line for line in lines if line.strip()), "")
    if "," in header:
        return ","
    if "\t" in header:
        return "\t"
    if ";" in header:
        return ";"
    return ","


def _map_header(header: list[str], line: int) -> tuple[list[str | None], list[str]]:
    columns: list[str | None] = []
    ignored: list[str] = []
    seen: dict[str, str] = {}
    for cell in header:
        column = canonical_column(cell)
        if column is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif column in seen:
            raise RosterFileError(
                f"line {line}: the header columns {seen[column]!r} and {cell.strip()!r}"
                f" both name the {column} column; remove one of them"
            )
        else:
            seen[column] = cell.strip()
        columns.append(column)

    missing = [column for column in REQUIRED_COLUMNS if column not in seen]
    if missing:
        raise RosterFileError(
            f"line {line}: the header lacks required columns: {', '.join(missing)}. "
            f"It has: {', '.join(cell.strip() for cell in header)}"
        )
    return columns, ignored


def _row(line: int, cells: list[str], columns: list[str | None]) -> RosterRow:
    values = {
        column: cell.strip()
        for column, cell in zip(columns, cells, strict=False)
        if column is not None
    }
    extra = sum(1 for cell in cells[len(columns) :] if cell.strip())
    return RosterRow(line, values, extra)


def read_text(data: bytes) -> RosterTable:
    """Decode and read a roster file's bytes.

    Raises RosterFileError for a spreadsheet workbook (xlsx or xls), which must be
    exported as CSV first, and for the errors of decode() and read_table().
    """
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise RosterFileError(
            "the file is a spreadsheet workbook, not CSV; export it as CSV UTF-8"
        )
    text, note = decode(data)
    table = read_table(text)
    if note:
        table.notes.insert(0, note)
    return table
