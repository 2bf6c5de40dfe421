"""Run cohort matching on the store: waiting mentees in, pending matches out."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from assistant.matching.cohort import CohortMentee, CohortResult, assign_cohort
from assistant.matching.scoring import explain_match
from assistant.matching.suggest import default_vocabulary
from assistant.matching.weights import MatchWeights, default_weights
from assistant.profiles import MenteeProfile, MentorProfile
from assistant.store.matches import create_match_request, list_waiting_mentees
from assistant.store.mentors import count_matches_by_mentor, list_mentors
from assistant.vocabulary import Vocabulary

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CohortRun:
    """The cohort result with the profiles needed to report it."""

    result: CohortResult
    mentees: dict[int, MenteeProfile]  # by intake id
    mentors: dict[int, MentorProfile]  # by mentor id
    match_ids: list[int]  # ids of the pending matches written; empty in a dry run


def open_slots(session: Session, mentors: list[MentorProfile]) -> dict[int, int]:
    """Return each mentor's open places: capacity minus approved and pending matches.

    Pending matches count here, unlike in suggestions, so that approving every
    proposal of a cohort run never exceeds a mentor's capacity.
    """
    pending = count_matches_by_mentor(session, "pending")
    return {
        mentor.id: max(
            0, mentor.capacity - mentor.active_matches - pending.get(mentor.id, 0)
        )
        for mentor in mentors
    }


def run_cohort(
    session: Session,
    *,
    dry_run: bool = False,
    weights: MatchWeights | None = None,
    vocabulary: Vocabulary | None = None,
) -> CohortRun:
    """Assign every waiting mentee and store the proposals as pending matches.

    Each proposal carries its score and reasons for the coordinator who approves
    it. A dry run computes the same assignment and writes nothing.
    """
    weights = weights or default_weights()
    waiting = list_waiting_mentees(session)
    mentors = list_mentors(session)
    slots = open_slots(session, mentors)
    cohort = [
        CohortMentee(entry.intake_id, entry.profile, entry.excluded_mentor_ids)
        for entry in waiting
    ]
    result = assign_cohort(cohort, mentors, slots, weights)

    mentees = {entry.intake_id: entry.profile for entry in waiting}
    by_id = {mentor.id: mentor for mentor in mentors}
    match_ids: list[int] = []
    if not dry_run:
        vocabulary = vocabulary or default_vocabulary()
        for assignment in result.assignments:
            mentee = mentees[assignment.mentee_key]
            match_ids.append(
                create_match_request(
                    session,
                    mentee.sender_id,
                    assignment.mentee_key,
                    assignment.mentor_id,
                    score=assignment.score,
                    reasons=explain_match(
                        mentee, by_id[assignment.mentor_id], vocabulary
                    ),
                    source="cohort",
                )
            )
        logger.info("Cohort run stored %d pending matches", len(match_ids))
    return CohortRun(result, mentees, by_id, match_ids)
