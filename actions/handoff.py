"""Action that stores a handoff to a coordinator, with the transcript so far."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import services
from actions.transcript import notices_from_events, transcript_from_events
from assistant.handoff import describe_due, due_at, priority_for
from assistant.store.disclosures import Recorded, record_disclosure
from assistant.store.handoffs import HandoffDraft
from assistant.store.intakes import latest_intake
from rasa_addons.safety_intents import CATEGORY_FOR_INTENT, SAFETY_CATEGORY_SLOT

logger = logging.getLogger(__name__)

# Resources a handoff of each category shows the user, as directory ids.
RESOURCES_SHOWN = {
    "crisis": ["lifeline_988", "crisis_text_line", "emergency_911"],
    "danger": ["emergency_911", "campus_police", "lifeline_988"],
    "title_ix": ["counseling_center", "health_center", "title_ix_office"],
    "conduct": ["program_office"],
    "human": [],
}


def handoff_category(tracker: Tracker) -> str:
    """Return the category of the safety turn being handled."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return (
        CATEGORY_FOR_INTENT.get(str(intent))
        or tracker.get_slot(SAFETY_CATEGORY_SLOT)
        or "human"
    )


class ActionHandoff(Action):
    """Stores the handoff and tells the user when a coordinator will contact them."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        category = handoff_category(tracker)
        priority = priority_for(category)
        now = datetime.now(services.settings().time_zone)
        due = due_at(priority, now)

        try:
            recorded = self._store(tracker, category, priority, due)
        except SQLAlchemyError:
            logger.exception(
                "Storing the %s handoff for %s failed.", category, tracker.sender_id
            )
            return []

        dispatcher.utter_message(
            text=_contact_text(recorded, describe_due(recorded.due_at, now)),
            json_message=_handoff_payload(recorded),
        )
        return [SlotSet("handoff_id", recorded.handoff_id)]

    @staticmethod
    def _store(
        tracker: Tracker, category: str, priority: str, due: datetime
    ) -> Recorded:
        events = tracker.events
        with services.database().session() as session:
            intake = latest_intake(session, tracker.sender_id)
            draft = HandoffDraft(
                sender_id=tracker.sender_id,
                category=category,
                priority=priority,
                due_at=due,
                transcript=transcript_from_events(events),
                notices=notices_from_events(events),
                resources=RESOURCES_SHOWN.get(category, []),
                intake_id=intake[0] if intake else None,
            )
            recorded = record_disclosure(session, draft)
        logger.info(
            "Stored handoff %d (%s, %s, new: %s).",
            recorded.handoff_id,
            category,
            priority,
            recorded.created,
        )
        return recorded


def _contact_text(recorded: Recorded, when: str) -> str:
    urgent = (
        "If it becomes urgent before then, call or text 988, or call 911 in an "
        "emergency."
    )
    if recorded.created or recorded.escalated:
        return (
            f"A program coordinator has been notified and will contact you {when}. "
            f"{urgent}"
        )
    return (
        "I've added this to the request a program coordinator already has for you. "
        f"They will contact you {when}. {urgent}"
    )


def _handoff_payload(recorded: Recorded) -> dict[str, Any]:
    return {
        "type": "handoff",
        "handoff": {
            "id": recorded.handoff_id,
            "category": recorded.category,
            "priority": recorded.priority,
            "due_at": recorded.due_at.isoformat(),
        },
    }
