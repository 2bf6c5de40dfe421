"""Persistence of mentors, intakes, match requests, handoffs and coordinators.

Every function takes an open `Session` from `Database.session()`, which commits when
its block ends, so a caller groups several calls into one transaction.
"""

from assistant.store.coordinators import (
    LoginResult,
    authenticate,
    coordinator_for_token,
    create_coordinator,
    ensure_admin,
    issue_token,
)
from assistant.store.db import Database
from assistant.store.handoffs import (
    HandoffDetail,
    HandoffDraft,
    HandoffSummary,
    TranscriptLine,
    append_transcript,
    create_handoff,
    get_handoff,
    list_handoffs,
    set_handoff_status,
)
from assistant.store.intakes import get_intake, latest_intake, save_intake
from assistant.store.matches import (
    MatchRequestRecord,
    create_match_request,
    list_match_requests,
    set_match_status,
)
from assistant.store.mentors import count_mentors, list_eligible_mentors, upsert_mentors
from assistant.store.migrate import migrate

__all__ = [
    "Database",
    "HandoffDetail",
    "HandoffDraft",
    "HandoffSummary",
    "LoginResult",
    "MatchRequestRecord",
    "TranscriptLine",
    "append_transcript",
    "authenticate",
    "coordinator_for_token",
    "count_mentors",
    "create_coordinator",
    "create_handoff",
    "create_match_request",
    "ensure_admin",
    "get_handoff",
    "get_intake",
    "issue_token",
    "latest_intake",
    "list_eligible_mentors",
    "list_handoffs",
    "list_match_requests",
    "migrate",
    "save_intake",
    "set_handoff_status",
    "set_match_status",
    "upsert_mentors",
]
