"""Reading intake answers from a mentee's message: the requested one and corrections."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant import intake_parsing as parsing
from assistant.intake_priority import NO_PREFERENCE, parse_most_important

INTAKE_SLOTS = (
    "preferred_name",
    "school_email",
    "program",
    "student_status",
    "support_areas",
    "meeting_modes",
    "availability",
    "languages",
    "background",
    "most_important",
    "consent",
)

# Skippable questions and the value a skip stores. An empty list means "no
# preference": any meeting mode, any time, English only, no shared background.
SKIP_VALUES: dict[str, Any] = {
    "meeting_modes": [],
    "availability": [],
    "languages": [],
    "background": [],
    "most_important": NO_PREFERENCE,
}

# Intents that are not an answer to the current question. The form then rejects
# the message, so that the digression rules (or the safety policy) handle it.
NON_ANSWER_INTENTS = frozenset(
    {
        "faq",
        "chitchat",
        "ask_resource",
        "identify_mentor",
        "mentor_situation",
        "restart_intake",
        "resume_intake",
        "start_intake",
        "goodbye",
        "greet",
        "thank",
        "choose_mentor",
        "request_human",
        "safety_crisis",
        "safety_danger",
        "safety_title_ix",
        "safety_conduct",
    }
)

# Greetings and thanks that the classifier may give to a short answer such as the
# name "Jo". Such a message still answers the question when its words are not all
# social words and the question's parser reads a value from it.
SOCIAL_INTENTS = frozenset({"greet", "thank", "goodbye"})
SOCIAL_WORDS = frozenset(
    "hi hello hey hiya heya yo thanks thank you ty thx cheers bye goodbye cya "
    "later see ok okay good morning evening afternoon night".split()
)

# Entities (from button payloads or the spaCy EntityRuler) and the slot each fills.
ENTITY_SLOTS = {
    "program": "program",
    "student_status": "student_status",
    "support_area": "support_areas",
    "meeting_mode": "meeting_modes",
    "availability": "availability",
    "language": "languages",
    "theme": "background",
    "most_important": "most_important",
}

NAME_CUE = re.compile(r"\b(call me|my name is|name to|i'?m called|i go by)\b", re.I)
EMAIL_CUE = re.compile(r"\S+@\S+")
ADDITION_CUE = re.compile(r"\b(too|also|as well|and also)\b", re.I)
RETRY_OFFER_AFTER = 2

PROBLEMS = {
    "preferred_name": (
        "I couldn't read a name in that. Please type the name you'd like your mentor "
        'to use, for example "Sam".'
    ),
    "program": (
        "I didn't recognize a program in that. Please pick one of the buttons, or "
        'choose "Other".'
    ),
    "student_status": "Please tell me whether you're a new or a continuing student.",
    "support_areas": (
        "I couldn't tell which kind of support you mean. Try words such as career, "
        "internship, academics, wellbeing, making friends, visa, accessibility or "
        "money."
    ),
    "meeting_modes": "Please choose in person, Zoom, Skype, or any of these.",
    "availability": (
        'I couldn\'t read a time in that. Try something like "weekday evenings" or '
        '"weekends", or say "any time".'
    ),
    "languages": (
        "I didn't recognize a language there. Type the languages you'd like to meet "
        'in, or say "skip".'
    ),
    "background": (
        "I didn't recognize that. Describe it in a few words, such as "
        '"first-generation" or "student parent", or say "skip".'
    ),
    "most_important": (
        "I couldn't tell what matters most to you. Pick one of the buttons, name a "
        'kind of support such as "career", or say "no preference".'
    ),
    "consent": (
        "Please answer yes or no: may we share your answers with your mentor and the "
        "program coordinator?"
    ),
}
REQUIRED_SKIP_PROBLEM = (
    "This answer is needed to match you with a mentor, so it can't be skipped."
)


@dataclass(frozen=True)
class UserMessage:
    """The parts of the latest user message that the intake reads."""

    text: str
    intent: str | None = None
    entities: tuple[Mapping[str, Any], ...] = ()


@dataclass
class Reading:
    """Slot values read from one message, and what to tell the mentee."""

    values: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None
    notes: list[str] = field(default_factory=list)


def _parse_consent(text: str) -> bool | None:
    """Read yes or no; a negation wins, so "I don't agree" is a no."""
    lowered = text.lower()
    if re.search(r"\b(not sure|unsure|maybe|don'?t know)\b", lowered):
        return None
    if re.search(r"\b(don'?t|do not) mind\b", lowered):
        return True
    words = set(re.findall(r"[a-z']+", lowered))
    if words & {"no", "nope", "nah", "don't", "dont", "not", "n", "never"}:
        return False
    if words & {"yes", "yeah", "yep", "sure", "ok", "okay", "agree", "y"}:
        return True
    return None


PARSERS: dict[str, Callable[[str], Any]] = {
    "preferred_name": parsing.parse_name,
    "school_email": parsing.validate_school_email,
    "program": parsing.parse_program,
    "student_status": parsing.parse_student_status,
    "support_areas": parsing.parse_support_areas,
    "meeting_modes": parsing.parse_meeting_modes,
    "availability": parsing.parse_availability,
    "languages": parsing.parse_languages,
    "background": parsing.parse_themes,
    "most_important": parse_most_important,
    "consent": _parse_consent,
}


def _is_empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def email_problem(text: str) -> str:
    """Explain why a message is not an acceptable school email address."""
    found = EMAIL_CUE.search(text)
    domains = ", ".join(f"@{domain}" for domain in parsing.school_email_domains())
    if found is None:
        return (
            "That doesn't look like an email address. Please type your school "
            f"address ending in {domains}."
        )
    return f"Please use your school email address, ending in {domains}."


def _entity_values(message: UserMessage) -> dict[str, Any]:
    """Read slot values from the message's entities, normalized by the parsers."""
    values: dict[str, Any] = {}
    for entity in message.entities:
        slot = ENTITY_SLOTS.get(str(entity.get("entity")))
        raw = entity.get("value")
        if slot is None or not isinstance(raw, str):
            continue
        parsed = PARSERS[slot](raw)
        if _is_empty(parsed):
            continue
        if isinstance(parsed, list):
            values[slot] = sorted(set(values.get(slot, [])) | set(parsed))
        else:
            values[slot] = parsed
    return values


def _corrections(
    message: UserMessage,
    requested_slot: str | None,
    filled: Mapping[str, Any],
    requested_answered: bool,
    entity_values: Mapping[str, Any],
) -> dict[str, Any]:
    """Read answers to questions other than the requested one.

    Outside an explicit correction only strong signals count (an entity, or an
    email address), and only for questions not answered yet, so that an answer to
    one question does not overwrite another. A correction's free text is read only
    when it does not answer the requested question, because "actually I'm an
    international student" answers the background question and must not also
    replace the support areas.
    """
    values = {
        slot: value for slot, value in entity_values.items() if slot != requested_slot
    }
    if EMAIL_CUE.search(message.text) and requested_slot != "school_email":
        email = parsing.validate_school_email(message.text)
        if email:
            values["school_email"] = email

    if message.intent != "correct" or requested_answered:
        return {
            slot: value for slot, value in values.items() if _is_empty(filled.get(slot))
        }

    for slot in (
        "program",
        "student_status",
        "support_areas",
        "meeting_modes",
        "availability",
        "languages",
        "background",
    ):
        if slot == requested_slot or slot in values:
            continue
        parsed = PARSERS[slot](message.text)
        if not _is_empty(parsed):
            values[slot] = parsed
    cue = NAME_CUE.search(message.text)
    if cue and requested_slot != "preferred_name":
        name = parsing.parse_name(message.text[cue.start() :])
        if name:
            values["preferred_name"] = name
    return _with_additions(message.text, values, filled)


def _with_additions(
    text: str, values: dict[str, Any], filled: Mapping[str, Any]
) -> dict[str, Any]:
    """Add to a list answer instead of replacing it when the mentee says "too"."""
    if not ADDITION_CUE.search(text):
        return values
    merged = dict(values)
    for slot, value in values.items():
        previous = filled.get(slot)
        if isinstance(value, list) and isinstance(previous, list):
            merged[slot] = sorted(set(previous) | set(value))
    return merged


def _read_requested(
    message: UserMessage, slot: str, entity_values: Mapping[str, Any]
) -> tuple[Any, str | None]:
    """Return the requested slot's value, or None and the reason it was not read."""
    if slot in entity_values:
        return entity_values[slot], None

    if slot == "consent":
        # The words decide before the classifier does, because consent controls
        # what is shared and "sure, I don't mind" reads as a denial to a classifier.
        consent = _parse_consent(message.text)
        if consent is None and message.intent in {"affirm", "deny"}:
            consent = message.intent == "affirm"
        return (consent, None) if consent is not None else (None, PROBLEMS[slot])

    if message.intent == "skip" or parsing.is_skip(message.text):
        if slot in SKIP_VALUES:
            return SKIP_VALUES[slot], None
        return None, REQUIRED_SKIP_PROBLEM

    value = PARSERS[slot](message.text)
    if not _is_empty(value):
        return value, None
    if slot == "school_email":
        return None, email_problem(message.text)
    return None, PROBLEMS[slot]


def _is_social_answer(message: UserMessage, requested_slot: str | None) -> bool:
    """Tell whether a message classified as a greeting or thanks is an answer."""
    if message.intent not in SOCIAL_INTENTS or requested_slot not in PARSERS:
        return False
    if requested_slot == "consent":
        return False
    words = set(re.findall(r"[a-z']+", message.text.lower()))
    if not words or words <= SOCIAL_WORDS:
        return False
    return not _is_empty(PARSERS[requested_slot](message.text))


def _is_priority_answer(message: UserMessage, requested_slot: str | None) -> bool:
    """Tell whether "career help matters most", read as a resource request, answers.

    The "what matters most" question offers kinds of support, so a statement naming
    one is an answer. A question ("where do I get career help?") still is not.
    """
    if requested_slot != "most_important" or message.intent != "ask_resource":
        return False
    if "?" in message.text:
        return False
    return parse_most_important(message.text) is not None


def read_answers(
    message: UserMessage, requested_slot: str | None, filled: Mapping[str, Any]
) -> Reading:
    """Read the intake answers in one message.

    Returns no values when the message is not an answer (a question, a safety
    topic, a request for a person), so that the form lets other handling run.
    """
    if (
        message.intent in NON_ANSWER_INTENTS
        and not _is_social_answer(message, requested_slot)
        and not _is_priority_answer(message, requested_slot)
    ):
        return Reading()

    entity_values = _entity_values(message)
    value, problem = None, None
    if requested_slot in PARSERS:
        value, problem = _read_requested(message, requested_slot, entity_values)
    answered = requested_slot in PARSERS and problem is None

    corrections = _corrections(message, requested_slot, filled, answered, entity_values)
    reading = Reading(values=corrections)
    for slot, corrected in reading.values.items():
        if not _is_empty(filled.get(slot)) and filled.get(slot) != corrected:
            reading.notes.append(f"Updated your {slot.replace('_', ' ')}.")

    if answered and requested_slot is not None:
        reading.values[requested_slot] = value
    elif problem is not None and not reading.values:
        # Only complain when nothing else was read: after "actually I'm in SID" the
        # form simply asks its current question again.
        reading.problem = problem
    return reading


def retry_offer(slot: str, retries: int) -> str | None:
    """Return the offer to skip or reach a person after repeated invalid answers."""
    if retries < RETRY_OFFER_AFTER:
        return None
    if slot in SKIP_VALUES:
        return "If you'd rather, you can skip this question or talk to a person."
    return "If this question is getting in the way, you can talk to a person instead."
