"""Scores and hard filters of many mentee-mentor pairs at once, with numpy.

The results equal scoring.score_mentor and scoring.is_eligible pair by pair, which
tests/matching/test_cohort.py checks on random profiles. Each list criterion becomes
one product of 0/1 membership matrices, so 1,000 mentees and 300 mentors take about
0.1 s (docs/benchmarks.md) where the pairwise functions would take seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from assistant.matching.scoring import ENGLISH, OTHER_PROGRAM, most_important_criterion
from assistant.matching.weights import MatchWeights
from assistant.profiles import MENTOR_STATUSES, MenteeProfile, MentorProfile

FloatMatrix = npt.NDArray[np.float64]
BoolMatrix = npt.NDArray[np.bool_]


def score_matrix(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    weights: MatchWeights,
) -> FloatMatrix:
    """Return score_mentor(mentee, mentor) for every pair, mentees as rows."""
    shape = (len(mentees), len(mentors))
    criteria = {
        "support_areas": _share(
            [m.support_areas for m in mentees], [m.support_areas for m in mentors]
        ),
        "program": _program_match(mentees, mentors),
        "themes": _share([m.background for m in mentees], [m.themes for m in mentors]),
        "availability": _share(
            [m.availability for m in mentees], [m.availability for m in mentors]
        ),
        "meeting_mode": _meeting_mode(mentees, mentors),
        "languages": _share(
            [[x for x in m.languages if x != ENGLISH] for m in mentees],
            [m.languages for m in mentors],
        ),
    }

    # Summed in the order of scoring.criterion_scores, so that the floating-point
    # result is the same as the pairwise function's.
    boosted = [most_important_criterion(mentee) for mentee in mentees]
    total = np.zeros(shape)
    for name, values in criteria.items():
        weight = np.full(len(mentees), weights.criterion(name))
        weight[[row for row, b in enumerate(boosted) if b == name]] *= (
            weights.most_important_boost
        )
        total = total + weight[:, None] * values

    total = total + _area_boost(mentees, mentors, weights)
    return np.round(total, 6)


def eligibility_matrix(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]
) -> BoolMatrix:
    """Return is_eligible(mentee, mentor) for every pair, mentees as rows."""
    available = np.array(
        [
            m.status in MENTOR_STATUSES and m.active and m.active_matches < m.capacity
            for m in mentors
        ],
        dtype=bool,
    )
    mentee_modes, mentor_modes = _membership(
        [m.meeting_modes for m in mentees], [m.meeting_modes for m in mentors]
    )
    shared_mode = (mentee_modes @ mentor_modes.T) > 0
    any_mode = (mentee_modes.sum(axis=1) == 0)[:, None] | (
        mentor_modes.sum(axis=1) == 0
    )[None, :]
    mentee_languages, mentor_languages = _membership(
        [m.languages or [ENGLISH] for m in mentees],
        [m.languages or [ENGLISH] for m in mentors],
    )
    shared_language = (mentee_languages @ mentor_languages.T) > 0
    eligible: BoolMatrix = available[None, :] & (shared_mode | any_mode)
    return eligible & shared_language


def _membership(
    rows: Sequence[Sequence[str]], columns: Sequence[Sequence[str]]
) -> tuple[FloatMatrix, FloatMatrix]:
    """Return 0/1 matrices of which values each side's lists contain."""
    index: dict[str, int] = {}
    for values in (*rows, *columns):
        for value in values:
            index.setdefault(value, len(index))
    left = np.zeros((len(rows), max(len(index), 1)))
    right = np.zeros((len(columns), max(len(index), 1)))
    for matrix, lists in ((left, rows), (right, columns)):
        for position, values in enumerate(lists):
            for value in set(values):
                matrix[position, index[value]] = 1.0
    return left, right


def _share(
    requested: Sequence[Sequence[str]], offered: Sequence[Sequence[str]]
) -> FloatMatrix:
    """Return the fraction of each row's requested values that each column offers."""
    left, right = _membership(requested, offered)
    counts = left.sum(axis=1)
    overlap = left @ right.T
    share: FloatMatrix = np.divide(
        overlap,
        counts[:, None],
        out=np.zeros_like(overlap),
        where=counts[:, None] > 0,
    )
    return share


def _program_match(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]
) -> FloatMatrix:
    mentee_programs = np.array([m.program for m in mentees], dtype=object)
    mentor_programs = np.array([m.program for m in mentors], dtype=object)
    same = mentee_programs[:, None] == mentor_programs[None, :]
    counted = mentor_programs != OTHER_PROGRAM
    result: FloatMatrix = (same & counted[None, :]).astype(np.float64)
    return result


def _meeting_mode(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]
) -> FloatMatrix:
    """Return the meeting-mode share, which is 1 where either side accepts any mode."""
    share = _share(
        [m.meeting_modes for m in mentees], [m.meeting_modes for m in mentors]
    )
    mentee_any = np.array([not m.meeting_modes for m in mentees], dtype=bool)
    mentor_any = np.array([not m.meeting_modes for m in mentors], dtype=bool)
    result: FloatMatrix = np.where(
        mentee_any[:, None] | mentor_any[None, :], 1.0, share
    )
    return result


def _area_boost(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    weights: MatchWeights,
) -> FloatMatrix:
    """Return the bonus for mentors offering the support area called most important."""
    areas = [
        m.most_important
        if m.most_important and m.most_important in m.support_areas
        else ""
        for m in mentees
    ]
    requested, offered = _membership(
        [[area] if area else [] for area in areas], [m.support_areas for m in mentors]
    )
    bonus = (weights.most_important_boost - 1.0) * weights.support_areas
    result: FloatMatrix = (requested @ offered.T) * bonus
    return result
