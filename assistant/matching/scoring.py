"""Hard filters, criterion scores and plain-English reasons for one mentor."""

from __future__ import annotations

from assistant.matching.weights import MatchWeights
from assistant.profiles import MENTOR_STATUSES, MenteeProfile, MentorProfile
from assistant.vocabulary import Vocabulary

ENGLISH = "english"
OTHER_PROGRAM = "other"  # the program id for "another program", which never matches

CRITERIA = (
    "support_areas",
    "program",
    "themes",
    "availability",
    "meeting_mode",
    "languages",
)
# Other names a mentee's most_important value may use for a criterion.
CRITERION_ALIASES = {
    "support_area": "support_areas",
    "background": "themes",
    "theme": "themes",
    "meeting_modes": "meeting_mode",
    "language": "languages",
    "schedule": "availability",
}


def is_eligible(mentee: MenteeProfile, mentor: MentorProfile) -> bool:
    """Apply the hard filters before any scoring.

    A mentor is eligible when their status is a mentor status, they are active, they
    have room (active_matches < capacity), they offer one of the mentee's meeting
    modes (an empty list on either side means any mode), and mentor and mentee share
    a language. For the language rule an empty list means English. So languages
    besides English are only preferences, except that a mentee who lists only
    languages other than English needs a mentor who speaks one of them.
    """
    if mentor.status not in MENTOR_STATUSES or not mentor.active:
        return False
    if mentor.active_matches >= mentor.capacity:
        return False
    if mentee.meeting_modes and mentor.meeting_modes:
        if not set(mentee.meeting_modes) & set(mentor.meeting_modes):
            return False
    mentee_languages = set(mentee.languages or [ENGLISH])
    mentor_languages = set(mentor.languages or [ENGLISH])
    return bool(mentee_languages & mentor_languages)


def criterion_scores(mentee: MenteeProfile, mentor: MentorProfile) -> dict[str, float]:
    """Score each criterion from 0 to 1 (see data/matching/weights.yml)."""
    mentee_modes = set(mentee.meeting_modes)
    other_languages = [lang for lang in mentee.languages if lang != ENGLISH]
    same_program = mentee.program == mentor.program != OTHER_PROGRAM
    return {
        "support_areas": _share(mentee.support_areas, mentor.support_areas),
        "program": 1.0 if same_program else 0.0,
        "themes": _share(mentee.background, mentor.themes),
        "availability": _share(mentee.availability, mentor.availability),
        "meeting_mode": (
            _share(sorted(mentee_modes), mentor.meeting_modes)
            if mentee_modes and mentor.meeting_modes
            else 1.0
        ),
        "languages": _share(other_languages, mentor.languages),
    }


def most_important_criterion(mentee: MenteeProfile) -> str | None:
    """Return the criterion the mentee's most_important names, if it names one."""
    value = (mentee.most_important or "").strip().lower()
    value = CRITERION_ALIASES.get(value, value)
    return value if value in CRITERIA else None


def score_mentor(
    mentee: MenteeProfile, mentor: MentorProfile, weights: MatchWeights
) -> float:
    """Sum criterion score x weight, with the mentee's most important one boosted."""
    scores = criterion_scores(mentee, mentor)
    boosted = most_important_criterion(mentee)
    total = 0.0
    for name, value in scores.items():
        weight = weights.criterion(name)
        if name == boosted:
            weight *= weights.most_important_boost
        total += weight * value

    # A support area as most_important rewards mentors who offer that one area.
    area = mentee.most_important
    if area and area in mentee.support_areas and area in mentor.support_areas:
        total += (weights.most_important_boost - 1.0) * weights.support_areas
    return round(total, 6)


def explain_match(
    mentee: MenteeProfile, mentor: MentorProfile, vocabulary: Vocabulary
) -> list[str]:
    """Return one sentence per criterion the mentor meets, most important first."""
    reasons: dict[str, str] = {}
    areas = [a for a in mentee.support_areas if a in mentor.support_areas]
    if areas:
        labels = _join(vocabulary.labels("support_areas", areas))
        reasons["support_areas"] = f"Offers {labels} support, which you asked for"
    if mentee.program == mentor.program != OTHER_PROGRAM:
        program = _short_name(vocabulary, mentor.program)
        reasons["program"] = f"Also in the {program} program"
    themes = [t for t in mentee.background if t in mentor.themes]
    if themes:
        phrases = [_phrase(vocabulary, "themes", t) for t in themes]
        reasons["themes"] = f"Shares your background as {_join(phrases)}"
    slots = [s for s in mentee.availability if s in mentor.availability]
    if slots:
        labels = _join(vocabulary.labels("availability", slots))
        reasons["availability"] = f"Free {labels}, like you"
    modes = [m for m in mentor.meeting_modes if _accepts(mentee, m)]
    if modes:
        phrases = [_phrase(vocabulary, "meeting_modes", m) for m in modes]
        reasons["meeting_mode"] = f"Meets {_join(phrases, 'or')}"
    languages = [x for x in mentee.languages if x != ENGLISH and x in mentor.languages]
    if languages:
        reasons["languages"] = (
            f"Speaks {_join(vocabulary.labels('languages', languages))}"
        )

    first = most_important_criterion(mentee)
    if mentee.most_important in areas:
        first = "support_areas"
    order = sorted(reasons, key=lambda name: (name != first, CRITERIA.index(name)))
    return [reasons[name] for name in order]


def _share(requested: list[str], offered: list[str]) -> float:
    """Return the fraction of requested values that are offered (0 for none)."""
    if not requested:
        return 0.0
    unique = set(requested)
    return len(unique & set(offered)) / len(unique)


def _accepts(mentee: MenteeProfile, mode: str) -> bool:
    return not mentee.meeting_modes or mode in mentee.meeting_modes


def _short_name(vocabulary: Vocabulary, program_id: str) -> str:
    try:
        program = vocabulary.term("programs", program_id)
    except KeyError:
        return program_id
    return program.short_label or program.label


def _phrase(vocabulary: Vocabulary, section: str, term_id: str) -> str:
    try:
        term = vocabulary.term(section, term_id)
    except KeyError:
        return term_id
    return term.phrase or term.label


def _join(items: list[str], conjunction: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
