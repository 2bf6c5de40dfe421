"""Dialogue policy that answers a flagged message before anything else runs."""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons.safety_intents import (
    CATEGORY_FOR_INTENT,
    HANDOFF_ACTION,
    HANDOFF_ID_SLOT,
    HANDOFF_UNAVAILABLE_RESPONSE,
    SAFETY_CATEGORY_SLOT,
    safety_response,
)

logger = logging.getLogger(__name__)

# Above RulePolicy (6): on equal confidence the ensemble prefers the higher priority.
SAFETY_POLICY_PRIORITY = 7


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT,
    is_trainable=False,
)
class SafetyPolicy(Policy):
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

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Any = None,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)

    def train(
        self,
        training_trackers: list[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        return self._resource

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
        if category is None:
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
            # The prediction sets the slot, so it is set without the action server too.
            return response, [SlotSet(SAFETY_CATEGORY_SLOT, category)]

        if HANDOFF_ACTION not in ran:
            return HANDOFF_ACTION, []

        if not handoff_stored and HANDOFF_UNAVAILABLE_RESPONSE not in ran:
            logger.error("The handoff action stored no handoff; telling the user.")
            return HANDOFF_UNAVAILABLE_RESPONSE, []

        if ACTION_LISTEN_NAME not in ran:
            return ACTION_LISTEN_NAME, []
        return None, []
