"""Dialogue policy that keeps the bot silent while a coordinator has taken over."""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons.safety_intents import COORDINATOR_ACTIVE_SLOT
from rasa_addons.untrained_policy import UntrainedPolicy

logger = logging.getLogger(__name__)


# Between RulePolicy (6) and SafetyPolicy (7). The ensemble of Rasa 3.6 compares
# (confidence, priority) tuples, so a fractional priority is ordered like any other.
# Above 6, the silence outranks an active form, whose next step RulePolicy predicts
# at confidence 1.0. Below 7, a flagged message still gets the safety reply.
TAKEOVER_POLICY_PRIORITY = 6.5


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT,
    is_trainable=False,
)
class TakeoverPolicy(UntrainedPolicy):
    """Predicts action_listen at every step while `coordinator_active` is true.

    The prediction is a "no user" prediction, the kind that Rasa 3.6's ensemble ranks
    above all others, because RulePolicy makes that kind for an active form. An active
    form stays active, so the intake continues where it stopped once the coordinator
    hands the conversation back.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": TAKEOVER_POLICY_PRIORITY}

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if tracker.get_slot(COORDINATOR_ACTIVE_SLOT) is not True:
            return self._prediction(probabilities)

        logger.debug(
            "Coordinator takeover in conversation %s: predicting action_listen.",
            tracker.sender_id,
        )
        probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        return self._prediction(probabilities, is_no_user_prediction=True)
