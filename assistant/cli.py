"""The `hnpm` command: database set-up, roster import and cohort matching."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.config import PROJECT_ROOT, load_settings
from assistant.directory import load_roster
from assistant.matching.cohort_run import CohortRun, run_cohort
from assistant.matching.roster import ParsedRoster, RosterError, parse_roster
from assistant.matching.roster_import import ImportResult, import_roster
from assistant.store.db import Database
from assistant.store.mentors import count_mentors, upsert_mentors
from assistant.store.migrate import migrate

logger = logging.getLogger(__name__)

SAMPLE_ROSTER = PROJECT_ROOT / "data" / "directory" / "mentors.csv"


def setup(roster: Path = SAMPLE_ROSTER) -> int:
    """Migrate the database, then import the sample roster when it has no mentors."""
    settings = load_settings()
    migrate(settings.database_url)
    database = Database(settings.database_url)
    try:
        with database.session() as session:
            if count_mentors(session) > 0:
                logger.info("The store has mentors; the sample roster is not imported.")
                return 0
            imported = upsert_mentors(session, load_roster(roster))
        logger.info("Imported %d mentors from %s.", imported, roster)
    finally:
        database.dispose()
    return 0


def import_mentors(path: Path, *, dry_run: bool, valid_rows_only: bool) -> int:
    """Import a roster CSV, print the report and return the exit status.

    The status is 1 when the file cannot be read, and also when it has invalid rows
    and `valid_rows_only` is off, in which case nothing is written. Otherwise it is 0.
    """
    try:
        parsed = parse_roster(path.read_bytes())
    except OSError as error:
        print(f"Cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    except RosterError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1

    settings = load_settings()
    migrate(settings.database_url)
    database = Database(settings.database_url)
    try:
        with database.session() as session:
            result = import_roster(
                session, parsed, valid_rows_only=valid_rows_only, dry_run=dry_run
            )
    finally:
        database.dispose()

    print(format_import_report(path, parsed, result, dry_run=dry_run))
    return 1 if parsed.errors and not valid_rows_only else 0


def format_import_report(
    path: Path, parsed: ParsedRoster, result: ImportResult, *, dry_run: bool
) -> str:
    """Describe an import: rows read, invalid values by line, mentors written."""
    lines = [f"{path}: {parsed.rows_read} mentor rows, {len(parsed.mentors)} valid."]
    lines += [f"Note: {note}." for note in parsed.notes]
    if parsed.ignored_columns:
        lines.append(f"Ignored columns: {', '.join(parsed.ignored_columns)}.")
    if parsed.errors:
        lines.append(
            f"{len(parsed.invalid_lines)} invalid rows ({len(parsed.errors)} values):"
        )
        lines += [f"  {error}" for error in parsed.errors]

    counts = f"{len(result.created)} new mentors and {len(result.updated)} updates"
    if dry_run:
        lines.append(f"Dry run: the import would write {counts}; nothing was written.")
    elif result.written:
        lines.append(f"Wrote {counts}.")
    else:
        lines.append(
            "Nothing was written, because the file has invalid rows. Fix them, or "
            "rerun with --valid-rows-only to import the valid rows."
        )
    return "\n".join(lines)


def match_cohort(*, dry_run: bool) -> int:
    """Assign every waiting mentee, store pending matches and print the report."""
    settings = load_settings()
    migrate(settings.database_url)
    database = Database(settings.database_url)
    try:
        with database.session() as session:
            run = run_cohort(session, dry_run=dry_run)
    finally:
        database.dispose()
    print(format_cohort_report(run, dry_run=dry_run))
    return 0


def format_cohort_report(run: CohortRun, *, dry_run: bool) -> str:
    """List the proposed matches, then each unmatched mentee with the reason."""
    result = run.result
    lines = [
        f"{len(run.mentees)} waiting mentees: {len(result.assignments)} matched, "
        f"{len(result.unmatched)} unmatched; total score {result.total_score:.3f}."
    ]
    for assignment in result.assignments:
        mentee = run.mentees[assignment.mentee_key]
        mentor = run.mentors[assignment.mentor_id]
        lines.append(
            f"  intake {assignment.mentee_key} ({mentee.preferred_name}) -> mentor "
            f"{mentor.id} ({mentor.name}), score {assignment.score:.3f}"
        )
    if result.unmatched:
        lines.append("Unmatched:")
    for unmatched in result.unmatched:
        mentee = run.mentees[unmatched.mentee_key]
        lines.append(
            f"  intake {unmatched.mentee_key} ({mentee.preferred_name}): "
            f"{unmatched.reason}"
        )
    if dry_run:
        lines.append("Dry run: no matches were written.")
    else:
        lines.append(
            f"Stored {len(run.match_ids)} pending matches for coordinator approval."
        )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of the `hnpm` command and its subcommands."""
    parser = argparse.ArgumentParser(prog="hnpm", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "setup",
        help="migrate the database and import the sample roster if it has no mentors",
    )

    mentors = commands.add_parser("mentors", help="manage the mentor roster")
    mentor_commands = mentors.add_subparsers(dest="mentors_command", required=True)
    importer = mentor_commands.add_parser(
        "import",
        help="import a roster CSV; re-importing updates mentors by email",
        description="Import a mentor roster CSV exported from the sign-up survey. "
        "Nothing is written when a row is invalid, unless --valid-rows-only is given.",
    )
    importer.add_argument("file", type=Path, help="the roster CSV file")
    importer.add_argument(
        "--dry-run", action="store_true", help="check and report, write nothing"
    )
    importer.add_argument(
        "--valid-rows-only",
        action="store_true",
        help="import the valid rows even when other rows are invalid",
    )

    match = commands.add_parser("match", help="match mentees with mentors")
    match_commands = match.add_subparsers(dest="match_command", required=True)
    cohort = match_commands.add_parser(
        "cohort",
        help="assign every waiting mentee at once for the maximum total score",
        description="Assign every mentee without a pending or approved match to a "
        "mentor's open place, maximizing the total score, and store the proposals "
        "as pending matches for coordinator approval.",
    )
    cohort.add_argument(
        "--dry-run", action="store_true", help="report the assignment, write nothing"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    args = build_parser().parse_args(argv)

    if args.command == "setup":
        sys.exit(setup())
    if args.command == "mentors":
        sys.exit(
            import_mentors(
                args.file, dry_run=args.dry_run, valid_rows_only=args.valid_rows_only
            )
        )
    if args.command == "match":
        sys.exit(match_cohort(dry_run=args.dry_run))


if __name__ == "__main__":
    main()
