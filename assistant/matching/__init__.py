"""Mentor matching: the roster loader, weights and ranked mentor suggestions."""

from assistant.matching.roster import load_roster
from assistant.matching.scoring import explain_match, is_eligible, score_mentor
from assistant.matching.suggest import Suggestion, suggest_mentors
from assistant.matching.weights import MatchWeights, load_weights

__all__ = [
    "MatchWeights",
    "Suggestion",
    "explain_match",
    "is_eligible",
    "load_roster",
    "load_weights",
    "score_mentor",
    "suggest_mentors",
]
