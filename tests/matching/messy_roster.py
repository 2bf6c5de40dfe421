"""A generated 300-row roster CSV with the mess of real survey exports.

It has a byte-order mark, reworded headers, extra columns, lists separated by
semicolons and by commas, blank lines, cells with quoted newlines, and eight bad
rows whose line and column the generator records.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field

HEADER = [
    "Timestamp",
    "Full Name",
    "Email Address",
    "Status",
    "Degree Program",
    "Grad Year",
    "Support Areas Offered",
    "Themes",
    "Languages Spoken",
    "Meeting Mode",
    "Availability",
    "Capacity (1 to 4)",
    "Self-described background",
    "Favorite color",
]
PROGRAMS = ["MPP", "Master of Public Policy (MPP)", "sid", "ma_coex", "PhD", "GHPM"]
STATUSES = ["Current student", "Alumni", "alumni", "current_student"]
AREAS = ["Career", "academics and coursework", "practicum", "wellbeing", "social"]
LANGUAGES = ["English", "English, Spanish", "english;mandarin", "English; French"]
MODES = ["Zoom", "Zoom; In person", "in-person, skype", "zoom,in_person"]
TIMES = ["Weekday evenings, weekends", "weekday_mornings", "Weekends;evenings"]

# Row index -> (column, cell changes) of the deliberately bad rows.
BAD_ROWS = {
    13: ("email", {"Email Address": "not-an-email"}),
    57: ("capacity", {"Capacity (1 to 4)": "9"}),
    101: ("status", {"Status": "Faculty"}),
    150: ("languages", {"Languages Spoken": "English; Klingon"}),
    201: ("program", {"Degree Program": "MFA"}),
    250: ("email", {"Email Address": "Mentor.3@example.edu"}),  # repeats row 3
    280: ("meeting_modes", {"Meeting Mode": ""}),
    290: ("graduation_year", {"Grad Year": "20x4"}),
}


@dataclass
class MessyRoster:
    """The file's bytes and what a correct parser must find in it."""

    data: bytes
    rows: int
    bad_cells: set[tuple[int, str]] = field(default_factory=set)  # (line, column)
    line_of_row: dict[int, int] = field(default_factory=dict)
    multiline_rows: list[int] = field(default_factory=list)


def build_messy_roster(rows: int = 300, seed: int = 4) -> MessyRoster:
    """Write the roster and record the line of every row and every bad cell."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(HEADER)
    roster = MessyRoster(b"", rows)

    for index in range(rows):
        if index % 25 == 0:
            buffer.write("\r\n")  # a blank line
        cells = _good_row(rng, index)
        if index in BAD_ROWS:
            column, changes = BAD_ROWS[index]
            cells.update(changes)
        line = buffer.getvalue().count("\n") + 1
        roster.line_of_row[index] = line
        if index in BAD_ROWS:
            roster.bad_cells.add((line, BAD_ROWS[index][0]))
        if "\n" in cells["Self-described background"]:
            roster.multiline_rows.append(index)
        writer.writerow([cells[name] for name in HEADER])

    roster.data = buffer.getvalue().encode("utf-8")
    return roster


def _good_row(rng: random.Random, index: int) -> dict[str, str]:
    background = f"Background of mentor {index}"
    if index % 7 == 0:
        background = f"First line of {index}\nSecond line, with a comma"
    return {
        "Timestamp": f"2026-08-{1 + index % 28:02d} 10:00",
        "Full Name": f"Mentor {index}",
        "Email Address": f"Mentor.{index}@Example.edu",
        "Status": STATUSES[index % len(STATUSES)],
        "Degree Program": PROGRAMS[index % len(PROGRAMS)],
        "Grad Year": rng.choice(["", "2019", "2026", "2027"]),
        "Support Areas Offered": rng.choice(["; ", ", "]).join(
            rng.sample(AREAS, rng.randint(1, 3))
        ),
        "Themes": rng.choice(["", "first-generation, parent", "Veteran", "LGBTQ+"]),
        "Languages Spoken": rng.choice(LANGUAGES),
        "Meeting Mode": rng.choice(MODES),
        "Availability": rng.choice(TIMES),
        "Capacity (1 to 4)": str(rng.randint(1, 4)),
        "Self-described background": background,
        "Favorite color": rng.choice(["blue", "green", ""]),
    }
