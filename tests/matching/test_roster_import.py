"""Roster import: a messy 300-row survey export, bad-row reports and the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from messy_roster import BAD_ROWS, MessyRoster, build_messy_roster

from assistant.cli import main
from assistant.matching.roster import RosterError, parse_roster
from assistant.matching.roster_import import import_roster
from assistant.store import Database, count_mentors, list_mentors

HEADER = (
    "name,email,status,program,support_areas,languages,meeting_modes,"
    "availability,capacity"
)
GOOD_ROW = "Ana Ruiz,ana@example.edu,alumni,mpp,career,english,zoom,weekends,2"


@pytest.fixture(scope="module")
def messy() -> MessyRoster:
    return build_messy_roster()


def test_messy_roster_reads_every_row(messy: MessyRoster) -> None:
    parsed = parse_roster(messy.data)

    assert parsed.rows_read == 300
    assert len(parsed.mentors) == 300 - len(BAD_ROWS)
    assert parsed.ignored_columns == ["Timestamp", "Favorite color"]


def test_messy_roster_reports_line_and_column(messy: MessyRoster) -> None:
    parsed = parse_roster(messy.data)

    reported = {(error.line, error.column) for error in parsed.errors}
    assert reported == messy.bad_cells
    assert len(parsed.errors) == len(BAD_ROWS)
    duplicate_line = messy.line_of_row[250]
    [duplicate] = [e for e in parsed.errors if e.line == duplicate_line]
    assert f"repeats line {messy.line_of_row[3]}" in duplicate.message


def test_messy_roster_values(messy: MessyRoster) -> None:
    mentors = dict(parse_roster(messy.data).mentors)

    multiline = mentors[messy.line_of_row[messy.multiline_rows[1]]]
    assert multiline.background.splitlines() == [
        "First line of 7",
        "Second line, with a comma",
    ]
    assert multiline.languages == ["english", "mandarin"]
    assert multiline.meeting_modes == ["zoom", "in_person"]
    assert multiline.availability == ["weekday_evenings", "weekends"]
    assert multiline.themes == ["first_generation", "parent"]
    assert all(profile.email == profile.email.lower() for profile in mentors.values())
    assert {profile.program for profile in mentors.values()} == {
        "mpp",
        "ma_sid",
        "ma_coex",
        "phd",
        "ms_ghpm",
    }
    assert {profile.status for profile in mentors.values()} == {
        "current_student",
        "alumni",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# survey export\n" + HEADER + "\n" + GOOD_ROW + "\n", 3),
        (HEADER.replace(",", ";") + "\n" + GOOD_ROW.replace(",", ";") + "\n", 2),
        (HEADER.replace(",", "\t") + "\n" + GOOD_ROW.replace(",", "\t") + "\n", 2),
        (HEADER.upper() + "\r\n\r\n\r\n" + GOOD_ROW + "\r\n", 4),
    ],
    ids=["comment", "semicolons", "tabs", "upper-case-crlf"],
)
def test_roster_layout_variants(text: str, expected: int) -> None:
    parsed = parse_roster(text.encode("utf-8"))

    assert parsed.errors == []
    [(line, mentor)] = parsed.mentors
    assert line == expected
    assert mentor.email == "ana@example.edu"


def test_roster_reads_windows_1252() -> None:
    text = HEADER + "\n" + GOOD_ROW.replace("Ana Ruiz", "Ana Muñoz") + "\n"

    parsed = parse_roster(text.encode("cp1252"))

    assert parsed.mentors[0][1].name == "Ana Muñoz"
    assert parsed.notes == ["the file is not UTF-8, so it was read as Windows-1252"]


def test_roster_reports_extra_cells() -> None:
    text = HEADER + "\n" + GOOD_ROW + ",stray value\n"

    parsed = parse_roster(text.encode("utf-8"))

    assert [(e.line, e.column) for e in parsed.errors] == [(2, "(row)")]
    assert "quote cells that contain commas" in parsed.errors[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no header row"),
        (b"name,email\nAna,ana@example.edu\n", "lacks required columns: status"),
        (b"PK\x03\x04rest-of-a-workbook", "spreadsheet workbook"),
        (
            (HEADER + ",E-mail\n").encode("utf-8"),
            "'email' and 'E-mail' both name the email column",
        ),
    ],
    ids=["empty", "missing-columns", "workbook", "duplicate-column"],
)
def test_roster_rejects_unreadable_file(data: bytes, message: str) -> None:
    with pytest.raises(RosterError, match=message):
        parse_roster(data)


def test_import_with_bad_rows_writes_nothing(
    database: Database, messy: MessyRoster
) -> None:
    parsed = parse_roster(messy.data)

    with database.session() as session:
        result = import_roster(session, parsed)

    assert not result.written
    assert len(result.created) == 300 - len(BAD_ROWS)
    with database.session() as session:
        assert count_mentors(session) == 0


def test_import_valid_rows_only(database: Database, messy: MessyRoster) -> None:
    parsed = parse_roster(messy.data)

    with database.session() as session:
        result = import_roster(session, parsed, valid_rows_only=True)

    assert result.written
    with database.session() as session:
        assert count_mentors(session) == 300 - len(BAD_ROWS)


def test_import_dry_run_writes_nothing(database: Database) -> None:
    parsed = parse_roster(f"{HEADER}\n{GOOD_ROW}\n".encode())

    with database.session() as session:
        result = import_roster(session, parsed, dry_run=True)

    assert result.created == ["ana@example.edu"]
    assert not result.written
    with database.session() as session:
        assert count_mentors(session) == 0


def test_reimport_updates_by_email(database: Database) -> None:
    first = parse_roster(f"{HEADER}\n{GOOD_ROW}\n".encode())
    changed = GOOD_ROW.replace("ana@", "ANA@").replace(",2", ",4")
    second = parse_roster(f"{HEADER}\n{changed}\n".encode())

    with database.session() as session:
        import_roster(session, first)
    with database.session() as session:
        result = import_roster(session, second)

    assert result.created == []
    assert result.updated == ["ana@example.edu"]
    with database.session() as session:
        [mentor] = list_mentors(session)
    assert mentor.capacity == 4


def run_cli(
    monkeypatch: pytest.MonkeyPatch, database: Database, *args: str
) -> int | str | None:
    monkeypatch.setenv("HNPM_DATABASE_URL", database.url)
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return exit_info.value.code


def test_cli_import_reports_bad_rows(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sqlite_database: Database,
    messy: MessyRoster,
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(messy.data)

    code = run_cli(monkeypatch, sqlite_database, "mentors", "import", str(path))

    output = capsys.readouterr().out
    assert code == 1
    for line, column in sorted(messy.bad_cells):
        assert f"line {line}, column {column}:" in output
    assert "Nothing was written" in output
    with sqlite_database.session() as session:
        assert count_mentors(session) == 0


def test_cli_import_valid_rows_only(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sqlite_database: Database,
    messy: MessyRoster,
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(messy.data)

    code = run_cli(
        monkeypatch,
        sqlite_database,
        "mentors",
        "import",
        str(path),
        "--valid-rows-only",
    )

    assert code == 0
    assert f"Wrote {300 - len(BAD_ROWS)} new mentors" in capsys.readouterr().out
    with sqlite_database.session() as session:
        assert count_mentors(session) == 300 - len(BAD_ROWS)


def test_cli_import_dry_run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sqlite_database: Database,
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"{HEADER}\n{GOOD_ROW}\n", encoding="utf-8")

    code = run_cli(
        monkeypatch, sqlite_database, "mentors", "import", str(path), "--dry-run"
    )

    assert code == 0
    assert "nothing was written" in capsys.readouterr().out
    with sqlite_database.session() as session:
        assert count_mentors(session) == 0


def test_cli_import_missing_file(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sqlite_database: Database,
    tmp_path: Path,
) -> None:
    missing = tmp_path / "missing.csv"

    code = run_cli(monkeypatch, sqlite_database, "mentors", "import", str(missing))

    assert code == 1
    assert f"Cannot read {missing}" in capsys.readouterr().err
