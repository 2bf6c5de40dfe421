"""Persistence of mentors, intakes, match requests, handoffs and coordinators.

Every function takes an open `Session` from `Database.session()`, which commits when
its block ends, so a caller groups several calls into one transaction.
"""

from assistant.store.coordinators import (
    LoginResult,
    authenticate,
    coordinator_email,
    coordinator_for_token,
    create_coordinator,
    ensure_admin,
    issue_token,
    revoke_token,
)
from assistant.store.db import Database
from assistant.store.handoffs import (
    HandoffConflict,
    HandoffDetail,
    HandoffDraft,
    HandoffSummary,
    TranscriptLine,
    append_transcript,
    check_holder,
    claim_handoff,
    create_handoff,
    get_handoff,
    hand_back,
    list_handoffs,
    resolve_handoff,
    set_handoff_status,
)
from assistant.store.intakes import get_intake, latest_intake, save_intake
from assistant.store.matches import (
    MatchConflict,
    MatchDetail,
    MatchRequestRecord,
    WaitingMentee,
    approve_match,
    create_match_request,
    decline_match,
    end_match,
    get_match_detail,
    list_match_details,
    list_match_requests,
    list_waiting_mentees,
    set_match_status,
)
from assistant.store.mentors import (
    count_matches_by_mentor,
    count_mentors,
    list_eligible_mentors,
    list_mentors,
    upsert_mentors,
)
from assistant.store.migrate import migrate
from assistant.store.notifications import NotificationRecord, list_notifications

__all__ = [
    "Database",
    "HandoffConflict",
    "HandoffDetail",
    "HandoffDraft",
    "HandoffSummary",
    "LoginResult",
    "MatchConflict",
    "MatchDetail",
    "MatchRequestRecord",
    "NotificationRecord",
    "TranscriptLine",
    "WaitingMentee",
    "append_transcript",
    "approve_match",
    "authenticate",
    "check_holder",
    "claim_handoff",
    "coordinator_email",
    "coordinator_for_token",
    "count_matches_by_mentor",
    "count_mentors",
    "create_coordinator",
    "create_handoff",
    "create_match_request",
    "decline_match",
    "end_match",
    "ensure_admin",
    "get_handoff",
    "get_intake",
    "get_match_detail",
    "hand_back",
    "issue_token",
    "latest_intake",
    "list_eligible_mentors",
    "list_handoffs",
    "list_match_details",
    "list_match_requests",
    "list_mentors",
    "list_notifications",
    "list_waiting_mentees",
    "migrate",
    "resolve_handoff",
    "revoke_token",
    "save_intake",
    "set_handoff_status",
    "set_match_status",
    "upsert_mentors",
]
