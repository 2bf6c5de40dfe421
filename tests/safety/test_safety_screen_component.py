"""The NLU safety screen component: matcher and classifier signals on real messages."""

from __future__ import annotations

import os
from typing import Any

import pytest

# Rasa's telemetry would contact outside hosts when anything imports rasa.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from rasa_addons.safety_screen import SafetyScreen  # noqa: E402


def _screened(text: str, intent: str, confidence: float) -> dict[str, Any]:
    guess = {"name": intent, "confidence": confidence}
    message = Message(data={TEXT: text, INTENT: guess, INTENT_RANKING_KEY: [guess]})
    SafetyScreen(SafetyScreen.get_default_config()).process([message])
    result: dict[str, Any] = message.get(INTENT)
    return result


def test_matcher_sets_safety_intent() -> None:
    assert _screened("i want to die", "greet", 0.9)["name"] == "safety_crisis"


def test_confident_classifier_suffices() -> None:
    intent = _screened("everything is grey and pointless lately", "safety_crisis", 0.95)

    assert intent["name"] == "safety_crisis"


def test_weak_classifier_is_dropped() -> None:
    intent = _screened("everything is grey lately", "safety_crisis", 0.5)

    assert intent["name"] != "safety_crisis"


@pytest.mark.parametrize(
    "text",
    [
        "I just want to disappear into the library for a week",
        "i cut myself shaving this morning lol",
        "what does title ix cover",
    ],
)
def test_classifier_ignored_on_figures_and_questions(text: str) -> None:
    assert _screened(text, "safety_crisis", 0.99)["name"] != "safety_crisis"
