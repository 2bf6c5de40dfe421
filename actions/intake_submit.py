"""Actions after the intake: store it, suggest mentors, store the mentee's choice."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import services
from actions.cards import (
    choose_buttons,
    mentor_cards,
    mentor_summary,
    resource_cards,
    resource_summary,
)
from assistant.intake import INTAKE_SLOTS
from assistant.intake_priority import most_important_for_matching
from assistant.matching import suggest_mentors
from assistant.matching.requests import request_mentor
from assistant.profiles import MenteeProfile
from assistant.store.intakes import get_intake, save_intake
from assistant.store.matches import MatchConflict
from assistant.store.mentors import list_eligible_mentors

logger = logging.getLogger(__name__)

STORE_FAILED = (
    "Sorry, I couldn't save that just now. Please try again in a minute, or say "
    '"talk to a person".'
)
ALREADY_MATCHED = (
    "You already have a mentor: a coordinator approved your match. To change "
    'mentors, say "talk to a person" and a coordinator will arrange a rematch.'
)
ORDINALS = {
    "first": 0,
    "1": 0,
    "second": 1,
    "2": 1,
    "two": 1,
    "third": 2,
    "3": 2,
    "three": 2,
    "last": -1,
}


def mentee_profile(tracker: Tracker) -> MenteeProfile:
    """Build the mentee's profile from the intake slots."""
    slots = {slot: tracker.get_slot(slot) for slot in INTAKE_SLOTS}
    return MenteeProfile(
        sender_id=tracker.sender_id,
        preferred_name=slots["preferred_name"] or "",
        email=slots["school_email"] or "",
        program=slots["program"] or "other",
        student_status=slots["student_status"] or "new",
        support_areas=list(slots["support_areas"] or []),
        meeting_modes=list(slots["meeting_modes"] or []),
        availability=list(slots["availability"] or []),
        languages=list(slots["languages"] or []),
        background=list(slots["background"] or []),
        most_important=most_important_for_matching(slots["most_important"]),
        consent=bool(slots["consent"]),
    )


class ActionSubmitIntake(Action):
    """Stores a consented intake, then suggests mentors and resources."""

    def name(self) -> str:
        return "action_submit_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        profile = mentee_profile(tracker)
        resources = services.directory().for_support_areas(profile.support_areas)[:3]

        if not profile.consent:
            dispatcher.utter_message(response="utter_no_consent")
            _send_resources(dispatcher, resources)
            return []

        try:
            with services.database().session() as session:
                intake_id = save_intake(session, profile)
                mentors = list_eligible_mentors(session)
        except SQLAlchemyError:
            logger.exception("Storing the intake of %s failed.", tracker.sender_id)
            dispatcher.utter_message(text=STORE_FAILED)
            return []

        suggestions = suggest_mentors(profile, mentors, k=3)
        if suggestions:
            dispatcher.utter_message(
                text=(
                    f"Thanks, {profile.preferred_name}! These mentors fit what you "
                    f"told me:\n{mentor_summary(suggestions)}\n"
                    "Which one would you like?"
                ),
                buttons=choose_buttons(suggestions),
                json_message=mentor_cards(suggestions),
            )
        else:
            dispatcher.utter_message(
                text=(
                    f"Thanks, {profile.preferred_name}! No mentor with open places "
                    'fits your answers right now. Your intake is saved: say "talk to '
                    'a person" and a coordinator will match you by hand.'
                ),
                buttons=[{"title": "Talk to a person", "payload": "/request_human"}],
            )
        _send_resources(dispatcher, resources)
        return [
            SlotSet("intake_id", intake_id),
            SlotSet("suggested_mentor_ids", [str(s.mentor.id) for s in suggestions]),
            SlotSet(
                "suggested_mentor_names",
                {str(s.mentor.id): s.mentor.name for s in suggestions},
            ),
        ]


def _send_resources(dispatcher: CollectingDispatcher, resources: list[Any]) -> None:
    if not resources:
        return
    dispatcher.utter_message(
        text="These campus resources fit what you asked for:\n"
        + resource_summary(resources),
        json_message=resource_cards(resources),
    )


def chosen_mentor_id(tracker: Tracker, suggested: list[str]) -> str | None:
    """Find which suggested mentor the mentee chose: by button, name or ordinal.

    A button names its mentor; an id that is not among the current suggestions (an
    old button) picks nobody rather than being read as an ordinal.
    """
    latest = tracker.latest_message or {}
    for entity in latest.get("entities") or []:
        if entity.get("entity") == "mentor_id":
            value = str(entity.get("value"))
            return value if value in suggested else None

    text = str(latest.get("text") or "").lower()
    if not suggested or text.startswith("/"):
        return None

    names = tracker.get_slot("suggested_mentor_names") or {}
    for mentor_id, name in names.items():
        first_name = str(name).split()[0].lower()
        if str(mentor_id) in suggested and re.search(
            rf"\b{re.escape(first_name)}\b", text
        ):
            return str(mentor_id)

    for word in re.findall(r"[a-z0-9]+", text):
        index = ORDINALS.get(word)
        if index is not None and -len(suggested) <= index < len(suggested):
            return suggested[index]
    return None


class ActionChooseMentor(Action):
    """Stores a pending match request for the mentor the mentee chose."""

    def name(self) -> str:
        return "action_choose_mentor"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intake_id = tracker.get_slot("intake_id")
        suggested = [
            str(value) for value in tracker.get_slot("suggested_mentor_ids") or []
        ]
        mentor_id = chosen_mentor_id(tracker, suggested)

        if intake_id is None or not suggested:
            dispatcher.utter_message(
                text="Let's find your mentor first: I'll ask a few questions.",
                buttons=[{"title": "Find me a mentor", "payload": "/start_intake"}],
            )
            return []
        if mentor_id is None:
            dispatcher.utter_message(
                text="Which mentor would you like? Tap one of the buttons above, or "
                'say "the first one".'
            )
            return []

        try:
            with services.database().session() as session:
                # A second choice replaces the first pending request.
                request_id = request_mentor(
                    session, tracker.sender_id, int(intake_id), int(mentor_id)
                )
                intake = get_intake(session, int(intake_id))
        except MatchConflict:
            logger.info("Sender %s already has an approved match.", tracker.sender_id)
            dispatcher.utter_message(
                text=ALREADY_MATCHED,
                buttons=[{"title": "Talk to a person", "payload": "/request_human"}],
            )
            return []
        except (SQLAlchemyError, LookupError):
            logger.exception(
                "Storing the match request of %s failed.", tracker.sender_id
            )
            dispatcher.utter_message(text=STORE_FAILED)
            return []

        email = intake.email if intake else "your school email"
        logger.info("Stored match request %d.", request_id)
        dispatcher.utter_message(
            text=(
                "Great choice! Your request is waiting for a coordinator's approval, "
                "usually within two business days. Then the coordinator introduces "
                f"you and your mentor by email at {email}, and you set up your first "
                "meeting."
            ),
            json_message={
                "type": "match_request",
                "match_request": {
                    "id": request_id,
                    "mentor_id": int(mentor_id),
                    "status": "pending",
                },
            },
        )
        return [SlotSet("mentor_id", mentor_id)]


class ActionRestartIntake(Action):
    """Clears the intake answers so that the form starts again."""

    def name(self) -> str:
        return "action_restart_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_intake_restarted")
        events: list[EventType] = [SlotSet(slot, None) for slot in INTAKE_SLOTS]
        return events + [SlotSet("intake_retries", 0), SlotSet("requested_slot", None)]
