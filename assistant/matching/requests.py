"""A mentee's choice of a suggested mentor, stored with its score and reasons."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assistant.matching.scoring import explain_match, score_mentor
from assistant.matching.suggest import default_vocabulary
from assistant.matching.weights import MatchWeights, default_weights
from assistant.store.intakes import get_intake
from assistant.store.matches import create_match_request
from assistant.store.mentors import get_mentor


def request_mentor(
    session: Session,
    sender_id: str,
    intake_id: int,
    mentor_id: int,
    weights: MatchWeights | None = None,
) -> int:
    """Store the mentee's choice as the one pending match request and return its id.

    Choosing again replaces the earlier pending request (see create_match_request).
    Raises LookupError for an unknown intake or mentor, and store.MatchConflict
    when the mentee already has an approved match.
    """
    mentee = get_intake(session, intake_id)
    if mentee is None:
        raise LookupError(f"intake {intake_id} not found")
    mentor = get_mentor(session, mentor_id)
    if mentor is None:
        raise LookupError(f"mentor {mentor_id} not found")

    weights = weights or default_weights()
    return create_match_request(
        session,
        sender_id,
        intake_id,
        mentor_id,
        score=score_mentor(mentee, mentor, weights),
        reasons=explain_match(mentee, mentor, default_vocabulary()),
    )
