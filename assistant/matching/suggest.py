"""Suggest mentors for a mentee: hard filters, weighted scores, then diverse picks."""

from __future__ import annotations

import functools
from collections.abc import Hashable
from dataclasses import dataclass

from assistant.matching.scoring import explain_match, is_eligible, score_mentor
from assistant.matching.weights import MatchWeights, default_weights
from assistant.profiles import MenteeProfile, MentorProfile
from assistant.vocabulary import Vocabulary, load_vocabulary


@dataclass
class Suggestion:
    """One suggested mentor with the score that ranked it and the reasons to show."""

    mentor: MentorProfile
    score: float  # the weighted score after any diversity penalty
    reasons: list[str]


def suggest_mentors(
    mentee: MenteeProfile,
    mentors: list[MentorProfile],
    weights: MatchWeights | None = None,
    k: int = 3,
    *,
    vocabulary: Vocabulary | None = None,
) -> list[Suggestion]:
    """Return up to k eligible mentors, best first.

    Mentors failing scoring.is_eligible are dropped. The rest are picked one at a
    time by score, minus weights.diversity_penalty for each mentor already picked
    with the same program and the same overlap with the mentee's support areas.
    Equal scores are ordered by name, then email, so the result is deterministic.
    """
    weights = weights or default_weights()
    vocabulary = vocabulary or default_vocabulary()
    pool = [
        (mentor, score_mentor(mentee, mentor, weights))
        for mentor in mentors
        if is_eligible(mentee, mentor)
    ]

    picked: list[Suggestion] = []
    profile_counts: dict[Hashable, int] = {}
    while pool and len(picked) < k:
        mentor, score = _pick_next(mentee, pool, profile_counts, weights)
        pool = [entry for entry in pool if entry[0] is not mentor]
        reasons = explain_match(mentee, mentor, vocabulary)
        picked.append(Suggestion(mentor, score, reasons))
        key = _profile(mentee, mentor)
        profile_counts[key] = profile_counts.get(key, 0) + 1
    return picked


def _pick_next(
    mentee: MenteeProfile,
    pool: list[tuple[MentorProfile, float]],
    profile_counts: dict[Hashable, int],
    weights: MatchWeights,
) -> tuple[MentorProfile, float]:
    """Return the best remaining mentor and its score after the diversity penalty."""
    adjusted = []
    for mentor, score in pool:
        repeats = profile_counts.get(_profile(mentee, mentor), 0)
        penalized = round(score - weights.diversity_penalty * repeats, 6)
        adjusted.append((-penalized, mentor.name.casefold(), mentor.email, mentor))
    best = min(adjusted, key=lambda entry: entry[:3])
    return best[3], -best[0]


def _profile(mentee: MenteeProfile, mentor: MentorProfile) -> Hashable:
    """Return what makes two mentors copies of each other for this mentee."""
    overlap = frozenset(mentor.support_areas) & frozenset(mentee.support_areas)
    return (mentor.program, overlap)


@functools.lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """Load data/directory/vocabulary.yml once per process."""
    return load_vocabulary()
