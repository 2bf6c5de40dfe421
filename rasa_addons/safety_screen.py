"""NLU component that turns a flagged message into its safety intent."""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from assistant.safety import screen
from rasa_addons.safety_intents import CATEGORY_FOR_INTENT, INTENT_FOR_CATEGORY

logger = logging.getLogger(__name__)

CLASSIFIER_THRESHOLD_KEY = "classifier_threshold"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyScreen(GraphComponent, IntentClassifier):
    """Sets a safety intent when the matcher or the trained classifier flags a message.

    Either signal suffices. The classifier's safety intents count only above the
    threshold, and never on a message whose safety words the matcher read as an
    informational question (what Title IX covers, research on harassment policy) or
    as a figure of speech ("I cut myself shaving") with no disclosure.
    """

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {CLASSIFIER_THRESHOLD_KEY: 0.8}

    def __init__(self, config: dict[str, Any]) -> None:
        self._threshold = float(config[CLASSIFIER_THRESHOLD_KEY])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyScreen:
        screen("")  # Builds the matcher now rather than on a student's first message.
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._screen_message(message)
        return messages

    def _screen_message(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        screening = screen(text)
        category = screening.category
        source = "matcher"

        # NOTE: a message with a figure of speech and a disclosure that no pattern
        # matches ("I cut myself shaving and I see no future") gets no
        # classifier signal. Explicit patterns still fire next to any figure.
        if category is None and not (screening.informational or screening.figurative):
            category = self._classifier_category(message)
            source = "classifier"

        if category is None:
            self._drop_unconfirmed_safety_intent(message)
            return

        logger.info("Safety screen flagged a message as %s (%s).", category, source)
        flagged = {
            INTENT_NAME_KEY: INTENT_FOR_CATEGORY[category],
            PREDICTED_CONFIDENCE_KEY: 1.0,
        }
        message.set(INTENT, flagged, add_to_output=True)
        ranking = [
            entry
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get(INTENT_NAME_KEY) != flagged[INTENT_NAME_KEY]
        ]
        message.set(INTENT_RANKING_KEY, [flagged, *ranking], add_to_output=True)

    def _classifier_category(self, message: Message) -> str | None:
        intent = message.get(INTENT) or {}
        category = CATEGORY_FOR_INTENT.get(intent.get(INTENT_NAME_KEY, ""))
        confidence = intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0
        if category is not None and confidence >= self._threshold:
            return category
        return None

    def _drop_unconfirmed_safety_intent(self, message: Message) -> None:
        """Replace a weak or informational safety intent by the best other intent.

        Without this, a safety intent below the threshold would still reach the
        policies and start a handoff that neither signal supports.
        """
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) not in CATEGORY_FOR_INTENT:
            return

        others = [
            entry
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get(INTENT_NAME_KEY) not in CATEGORY_FOR_INTENT
        ]
        fallback = {INTENT_NAME_KEY: "nlu_fallback", PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, others[0] if others else fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, others, add_to_output=True)
