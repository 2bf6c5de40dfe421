"""Import a parsed roster into the store: every row or none, or the valid rows."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from assistant.matching.roster import ParsedRoster
from assistant.store.mentors import mentor_ids_by_email, upsert_mentors

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """The mentors an import wrote, or would write in a dry run, by email."""

    created: list[str] = field(default_factory=list)  # emails of new mentors
    updated: list[str] = field(default_factory=list)  # emails of existing mentors
    written: bool = False


def import_roster(
    session: Session,
    parsed: ParsedRoster,
    *,
    valid_rows_only: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Upsert the parsed mentors by email, unless the roster has errors.

    A roster with any invalid row writes nothing, unless `valid_rows_only` is set,
    in which case its valid rows are written. A dry run computes the same result
    and writes nothing. Mentors missing from the file stay as they are.
    """
    profiles = [profile for _, profile in parsed.mentors]
    existing = mentor_ids_by_email(session, (profile.email for profile in profiles))
    result = ImportResult(
        created=[p.email for p in profiles if p.email not in existing],
        updated=[p.email for p in profiles if p.email in existing],
    )
    if dry_run or (parsed.errors and not valid_rows_only):
        return result

    upsert_mentors(session, profiles)
    result.written = True
    logger.info(
        "Imported the roster: %d mentors created, %d updated, %d invalid rows skipped",
        len(result.created),
        len(result.updated),
        len(parsed.invalid_lines),
    )
    return result
