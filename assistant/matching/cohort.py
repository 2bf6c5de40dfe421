"""Cohort matching: assign many waiting mentees at once, maximizing the total score.

Each mentor contributes one column per open place ("slot"), and
scipy.optimize.linear_sum_assignment picks at most one slot per mentee and one
mentee per slot so that the sum of the pairs' scores is as large as possible. A
mentor therefore never gets more mentees than open places.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

from assistant.matching.score_matrix import (
    BoolMatrix,
    eligibility_matrix,
    score_matrix,
)
from assistant.matching.scoring import ENGLISH
from assistant.matching.weights import MatchWeights
from assistant.profiles import MENTOR_STATUSES, MenteeProfile, MentorProfile

logger = logging.getLogger(__name__)

# Added to every eligible pair's score in the solver, so that an eligible mentor
# with score 0 still beats leaving the mentee unmatched. It is far below the 1e-6
# resolution of scores, so it never outweighs a real score difference.
MATCH_BONUS = 1e-9


@dataclass(frozen=True)
class CohortMentee:
    """A waiting mentee: an id of the caller's choice (an intake id) and a profile."""

    key: int
    profile: MenteeProfile
    excluded_mentor_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Assignment:
    """One proposed match of the cohort."""

    mentee_key: int
    mentor_id: int
    score: float


@dataclass(frozen=True)
class Unmatched:
    """A mentee left without a mentor and the reason in plain words."""

    mentee_key: int
    reason: str


@dataclass(frozen=True)
class CohortResult:
    """The assignments, the mentees left unmatched, and the total score."""

    assignments: list[Assignment]
    unmatched: list[Unmatched]
    total_score: float


def assign_cohort(
    mentees: Sequence[CohortMentee],
    mentors: Sequence[MentorProfile],
    open_slots: Mapping[int, int],
    weights: MatchWeights,
) -> CohortResult:
    """Assign mentees to mentors' open slots for the maximum total score.

    `open_slots` maps mentor id to the number of new mentees the mentor can take.
    Pairs must pass the hard filters of scoring.is_eligible, and a mentee never gets
    a mentor in their `excluded_mentor_ids`.
    """
    profiles = [mentee.profile for mentee in mentees]
    slots = [max(0, open_slots.get(mentor.id, 0)) for mentor in mentors]
    eligible = _eligible(mentees, mentors, slots)
    scores = score_matrix(profiles, mentors, weights)

    slot_mentor = np.repeat(np.arange(len(mentors)), slots)
    assignments: list[Assignment] = []
    if len(mentees) and len(slot_mentor):
        # Costs are negated scores, and 0 for ineligible pairs, which are dropped
        # afterwards. The optimum then equals the best total over eligible pairs.
        cost = np.where(eligible, -(scores + MATCH_BONUS), 0.0)[:, slot_mentor]
        rows, columns = linear_sum_assignment(cost)
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            mentor = int(slot_mentor[column])
            if eligible[row, mentor]:
                assignments.append(
                    Assignment(
                        mentees[row].key,
                        mentors[mentor].id,
                        float(scores[row, mentor]),
                    )
                )

    assigned = {assignment.mentee_key for assignment in assignments}
    unmatched = [
        Unmatched(mentee.key, _unmatched_reason(row, mentee, mentors, slots, eligible))
        for row, mentee in enumerate(mentees)
        if mentee.key not in assigned
    ]
    total = round(sum(assignment.score for assignment in assignments), 6)
    logger.info(
        "Cohort matching: %d mentees, %d mentors, %d slots, %d assigned, total %.3f",
        len(mentees),
        len(mentors),
        len(slot_mentor),
        len(assignments),
        total,
    )
    return CohortResult(assignments, unmatched, total)


def _eligible(
    mentees: Sequence[CohortMentee],
    mentors: Sequence[MentorProfile],
    slots: Sequence[int],
) -> BoolMatrix:
    eligible = eligibility_matrix([m.profile for m in mentees], mentors)
    eligible &= np.array([count > 0 for count in slots], dtype=bool)[None, :]
    column = {mentor.id: j for j, mentor in enumerate(mentors)}
    for row, mentee in enumerate(mentees):
        for mentor_id in mentee.excluded_mentor_ids:
            if mentor_id in column:
                eligible[row, column[mentor_id]] = False
    return eligible


def _unmatched_reason(
    row: int,
    mentee: CohortMentee,
    mentors: Sequence[MentorProfile],
    slots: Sequence[int],
    eligible: BoolMatrix,
) -> str:
    """Explain why a mentee got no mentor, naming the filter that left none."""
    fitting = int(eligible[row].sum())
    if fitting:
        return (
            f"all {fitting} mentors who fit are full: their open places went to "
            "other mentees, which gave a higher total score"
        )

    open_mentors = [
        mentor
        for mentor, count in zip(mentors, slots, strict=True)
        if count > 0 and mentor.active and mentor.status in MENTOR_STATUSES
    ]
    if not open_mentors:
        return "no active mentor has an open place"
    candidates = [m for m in open_mentors if m.id not in mentee.excluded_mentor_ids]
    if not candidates:
        return "every mentor with an open place was declined or ended for this mentee"

    profile = mentee.profile
    modes = set(profile.meeting_modes)
    languages = set(profile.languages or [ENGLISH])
    by_mode = [m for m in candidates if _modes_fit(modes, m)]
    by_language = [m for m in candidates if languages & set(m.languages or [ENGLISH])]
    if not by_mode:
        return f"no mentor with an open place meets by {_list(modes)}"
    if not by_language:
        return f"no mentor with an open place speaks {_list(languages)}"
    return (
        f"no mentor with an open place both meets by {_list(modes)} "
        f"and speaks {_list(languages)}"
    )


def _modes_fit(modes: set[str], mentor: MentorProfile) -> bool:
    return (
        not modes or not mentor.meeting_modes or bool(modes & set(mentor.meeting_modes))
    )


def _list(values: set[str]) -> str:
    return " or ".join(sorted(values))
