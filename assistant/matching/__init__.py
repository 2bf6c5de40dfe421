"""Mentor matching: roster import, weights, suggestions and cohort assignment."""

from assistant.matching.cohort import CohortMentee, CohortResult, assign_cohort
from assistant.matching.roster import (
    ParsedRoster,
    RosterError,
    load_roster,
    parse_roster,
)
from assistant.matching.scoring import explain_match, is_eligible, score_mentor
from assistant.matching.suggest import Suggestion, suggest_mentors
from assistant.matching.weights import MatchWeights, load_weights

__all__ = [
    "CohortMentee",
    "CohortResult",
    "MatchWeights",
    "ParsedRoster",
    "RosterError",
    "Suggestion",
    "assign_cohort",
    "explain_match",
    "is_eligible",
    "load_roster",
    "load_weights",
    "parse_roster",
    "score_mentor",
    "suggest_mentors",
]
