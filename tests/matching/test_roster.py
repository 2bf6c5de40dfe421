"""The sample mentor roster and its loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.directory import load_roster as load_roster_from_directory
from assistant.matching import load_roster
from assistant.matching.roster import DEFAULT_ROSTER_PATH, RosterError
from assistant.profiles import MENTOR_STATUSES

HEADER = (
    "name,email,status,program,graduation_year,support_areas,themes,languages,"
    "meeting_modes,availability,capacity,background,bio"
)
VALID_ROW = (
    "Test Mentor,Test.Mentor@example.edu,alumni,mpp,2020,career;academic,veteran,"
    'english;spanish,zoom,weekends,2,Some background,"A bio, with a comma"'
)


def test_roster_file_starts_with_comment() -> None:
    first_line = DEFAULT_ROSTER_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("#")


def test_sample_roster_size_and_ids() -> None:
    mentors = load_roster()
    assert 25 <= len(mentors) <= 40
    assert {mentor.id for mentor in mentors} == {0}
    emails = [mentor.email for mentor in mentors]
    assert len(set(emails)) == len(emails)
    assert all(email.endswith("@example.edu") for email in emails)


def test_sample_roster_is_diverse() -> None:
    mentors = load_roster()
    assert {mentor.status for mentor in mentors} == set(MENTOR_STATUSES)
    assert len({mentor.program for mentor in mentors}) >= 6
    assert {mentor.capacity for mentor in mentors} == {1, 2, 3, 4}
    languages = {language for mentor in mentors for language in mentor.languages}
    assert {"spanish", "mandarin", "hindi", "french", "arabic"} <= languages
    modes = {mode for mentor in mentors for mode in mentor.meeting_modes}
    assert modes == {"in_person", "zoom", "skype"}
    areas = {area for mentor in mentors for area in mentor.support_areas}
    assert len(areas) == 8


def test_directory_reexports_load_roster() -> None:
    assert load_roster_from_directory is load_roster


def _write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "mentors.csv"
    lines = ["# comment line", HEADER, *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_valid_row(tmp_path: Path) -> None:
    (mentor,) = load_roster(_write(tmp_path, VALID_ROW, "# trailing comment"))
    assert mentor.name == "Test Mentor"
    assert mentor.email == "test.mentor@example.edu"
    assert mentor.graduation_year == 2020
    assert mentor.support_areas == ["career", "academic"]
    assert mentor.languages == ["english", "spanish"]
    assert mentor.capacity == 2
    assert mentor.active_matches == 0
    assert mentor.active
    assert mentor.bio == "A bio, with a comma"


def test_load_blank_optional_columns(tmp_path: Path) -> None:
    row = VALID_ROW.replace(",2020,", ",,").replace(",veteran,", ",,")
    (mentor,) = load_roster(_write(tmp_path, row))
    assert mentor.graduation_year is None
    assert mentor.themes == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (",alumni,", ",professor,", "status"),
        (",mpp,", ",mfa,", "program"),
        ("career;academic", "career;astrology", "support_areas"),
        ("english;spanish", "english;klingon", "languages"),
        (",zoom,", ",,", "meeting_modes"),
        (",2,Some", ",5,Some", "capacity"),
        (",2,Some", ",two,Some", "capacity"),
        (",2020,", ",20,", "graduation_year"),
        ("Test Mentor,", ",", "name"),
    ],
)
def test_load_rejects_invalid_row(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(RosterError, match=message):
        load_roster(_write(tmp_path, VALID_ROW.replace(old, new, 1)))


def test_load_rejects_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "mentors.csv"
    path.write_text("name,email\nA,a@example.edu\n", encoding="utf-8")
    with pytest.raises(RosterError, match="lacks required columns"):
        load_roster(path)
