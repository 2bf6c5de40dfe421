"""Validation action of the intake form: reads answers and corrections."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from assistant.intake import (
    INTAKE_SLOTS,
    SKIP_VALUES,
    UserMessage,
    read_answers,
    retry_offer,
)

logger = logging.getLogger(__name__)


def latest_user_message(tracker: Tracker) -> UserMessage:
    """Build the intake's view of the tracker's latest user message."""
    latest = tracker.latest_message or {}
    intent = (latest.get("intent") or {}).get("name")
    return UserMessage(
        text=latest.get("text") or "",
        intent=intent,
        entities=tuple(latest.get("entities") or ()),
    )


class ValidateIntakeForm(FormValidationAction):
    """Fills intake slots from free text, entities and button payloads.

    Every intake slot has a custom mapping, so Rasa's own slot extraction never stores
    a message in one. A message that the safety screen flagged, or a question asked in
    the middle of the intake, is left to the safety policy and the digression rules.
    """

    def name(self) -> str:
        return "validate_intake_form"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        filled = {slot: tracker.get_slot(slot) for slot in INTAKE_SLOTS}
        message = latest_user_message(tracker)

        # On activation and when returning after a digression, the latest message is
        # not an answer: "I want a mentor who did the MPP" names the mentor's program,
        # not the mentee's, so nothing is read from it.
        if (
            requested is None
            or tracker.active_loop.get("name") != "intake_form"
            or _returned_from_digression(tracker)
        ):
            return []

        reading = read_answers(message, requested, filled)
        for note in reading.notes:
            dispatcher.utter_message(text=note)

        events: list[EventType] = [
            SlotSet(slot, value) for slot, value in reading.values.items()
        ]
        if reading.problem is None:
            if requested in reading.values:
                events.append(SlotSet("intake_retries", 0))
            return events

        retries = int(tracker.get_slot("intake_retries") or 0) + 1
        offer = retry_offer(requested or "", retries)
        buttons = _offer_buttons(requested or "") if offer else []
        text = f"{reading.problem} {offer}" if offer else reading.problem
        dispatcher.utter_message(text=text, buttons=buttons)
        logger.info(
            "Intake answer for %s was invalid (attempt %d).", requested, retries
        )
        return [SlotSet(requested, None), SlotSet("intake_retries", retries)]


def _returned_from_digression(tracker: Tracker) -> bool:
    """Tell whether the form runs again after another action answered the message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") not in {
            "action_listen",
            "action_extract_slots",
            "intake_form",
            None,
        }:
            return True
    return False


def _offer_buttons(slot: str) -> list[dict[str, Any]]:
    buttons = []
    if slot in SKIP_VALUES:
        buttons.append({"title": "Skip this question", "payload": "/skip"})
    buttons.append({"title": "Talk to a person", "payload": "/request_human"})
    return buttons
