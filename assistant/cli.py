"""The `hnpm` command: database set-up and the sample mentor roster."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.config import PROJECT_ROOT, load_settings
from assistant.directory import load_roster
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


def main(argv: Sequence[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    parser = argparse.ArgumentParser(prog="hnpm", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "setup",
        help="migrate the database and import the sample roster if it has no mentors",
    )
    args = parser.parse_args(argv)

    if args.command == "setup":
        sys.exit(setup())


if __name__ == "__main__":
    main()
