"""Dialogue policy that answers a flagged message before anything else runs."""

from __future__ import annotations

import functools
import logging
from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.directory import DirectoryError, load_directory
from assistant.relay import relays_mentee_disclosure
from rasa_addons.safety_intents import (
    CAMPUS_EMERGENCY_SLOT,
    CATEGORY_FOR_INTENT,
    COORDINATOR_ACTIVE_SLOT,
    HANDOFF_ACTION,
    HANDOFF_ID_SLOT,
    HANDOFF_UNAVAILABLE_RESPONSE,
    ROLE_SLOT,
    SAFETY_CATEGORY_SLOT,
    safety_response,
)
from rasa_addons.untrained_policy import UntrainedPolicy

logger = logging.getLogger(__name__)

# Above RulePolicy (6): on equal confidence the ensemble prefers the higher priority.
SAFETY_POLICY_PRIORITY = 7


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT,
    is_trainable=False,
)
class SafetyPolicy(UntrainedPolicy):
    """Predicts the safety reply and the handoff for a message with a safety intent.

    Rasa 3.6's RulePolicy predicts an active form as a "no user" prediction, which the
    ensemble ranks above every other kind, so a rule for an emergency never runs while
    a form is active. This policy makes the same kind of prediction at a higher
    priority: it stops the form, sends the safety response (a domain response, so it
    reaches the user when the action server is down), then runs the handoff action.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": SAFETY_POLICY_PRIORITY}

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        intent = (
            tracker.latest_message.intent.get("name")
            if tracker.latest_message
            else None
        )
        category = CATEGORY_FOR_INTENT.get(intent or "")
        if category is None or _person_already_here(tracker, category):
            return self._prediction(self._default_predictions(domain))

        next_action, events = self._next_step(tracker, category)
        if next_action is None:
            return self._prediction(self._default_predictions(domain))

        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(next_action)] = 1.0
        return self._prediction(
            probabilities, events=events, is_no_user_prediction=True
        )

    @staticmethod
    def _next_step(
        tracker: DialogueStateTracker, category: str
    ) -> tuple[str | None, list[SlotSet]]:
        """Choose the next action of the safety turn from what already ran in it."""
        ran: list[str] = []
        handoff_stored = False
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                break
            if isinstance(event, ActionExecuted) and event.action_name:
                ran.append(event.action_name)
            if (
                isinstance(event, SlotSet)
                and event.key == HANDOFF_ID_SLOT
                and event.value
            ):
                handoff_stored = True

        if tracker.active_loop_name and ACTION_DEACTIVATE_LOOP_NAME not in ran:
            return ACTION_DEACTIVATE_LOOP_NAME, []

        response = safety_response(category)
        if response not in ran:
            # The prediction sets the slots, so they are set without the action
            # server too, and before the response picks its mentor or mentee variant.
            return response, _slots_for_response(tracker, category)

        if HANDOFF_ACTION not in ran:
            return HANDOFF_ACTION, []

        if not handoff_stored and HANDOFF_UNAVAILABLE_RESPONSE not in ran:
            logger.error("The handoff action stored no handoff; telling the user.")
            return HANDOFF_UNAVAILABLE_RESPONSE, []

        if ACTION_LISTEN_NAME not in ran:
            return ACTION_LISTEN_NAME, []
        return None, []


def _person_already_here(tracker: DialogueStateTracker, category: str) -> bool:
    """Tell whether the user asks for a person while a coordinator holds the chat.

    The coordinator then sees the request, so the takeover policy keeps the bot
    silent. Every other category still gets its reply during a takeover.
    """
    return category == "human" and tracker.get_slot(COORDINATOR_ACTIVE_SLOT) is True


def _slots_for_response(tracker: DialogueStateTracker, category: str) -> list[SlotSet]:
    """Build the slots the safety response reads before it is sent.

    They are the category, the campus emergency line that the crisis and danger
    replies name, and the mentor role for a disclosure relayed by a mentor.
    """
    events = [
        SlotSet(SAFETY_CATEGORY_SLOT, category),
        SlotSet(CAMPUS_EMERGENCY_SLOT, _campus_emergency_line()),
    ]
    text = tracker.latest_message.text if tracker.latest_message else None
    if tracker.get_slot(ROLE_SLOT) is None and relays_mentee_disclosure(text or ""):
        events.append(SlotSet(ROLE_SLOT, "mentor"))
    return events


@functools.lru_cache(maxsize=1)
def _campus_emergency_line() -> str:
    try:
        return load_directory().campus_emergency_line()
    except (DirectoryError, OSError):
        # The reply still names 911 and 988, so only the campus number is lost.
        logger.exception("Reading the campus emergency line failed.")
        return "campus police"
