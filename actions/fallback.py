"""The first stage of the two-stage fallback: offer what the message most likely meant.

Rasa 3.6's own action_default_ask_affirmation shows the intent's name ("Did you mean
'ask_resource'?"), so this action replaces it with plain descriptions.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

logger = logging.getLogger(__name__)

# Button titles of the intents the fallback may offer, in a student's words. Intents
# missing here (yes, no, skip, the safety intents) are never offered, because a
# button for them would mean nothing outside a question.
INTENT_CHOICES = {
    "start_intake": "Find me a mentor",
    "resume_intake": "Continue my intake",
    "restart_intake": "Start my intake over",
    "ask_resource": "Find a campus resource",
    "mentor_situation": "Find a resource for my mentee",
    "identify_mentor": "I'm a mentor",
    "choose_mentor": "Choose one of the suggested mentors",
    "faq": "Ask about the mentorship program",
    "chitchat": "Ask what you can do",
    "request_human": "Talk to a person",
    "greet": "Say hello",
    "goodbye": "Say goodbye",
    "thank": "Say thanks",
}
MAX_CHOICES = 2
# Offered when the ranking has no offerable intent, such as after a "/nlu_fallback"
# payload, so that the student always has something to tap.
DEFAULT_CHOICES = ("start_intake", "ask_resource", "request_human")
# Rasa's two-stage fallback reads this intent as "none of these" and sends
# utter_ask_rephrase. A second miss ends in action_default_fallback, which sends
# utter_default and its menu.
OUT_OF_SCOPE_PAYLOAD = "/out_of_scope"


def likely_choices(parse_data: dict[str, Any]) -> list[str]:
    """Return up to MAX_CHOICES offerable intents of the ranking, most likely first."""
    ranking = parse_data.get("intent_ranking") or []
    choices: list[str] = []
    for entry in ranking:
        name = str(entry.get("name"))
        if name in INTENT_CHOICES and name not in choices:
            choices.append(name)
        if len(choices) == MAX_CHOICES:
            break
    return choices


class ActionDefaultAskAffirmation(Action):
    """Asks which of the likely intents the student meant, with a way out."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        choices = likely_choices(tracker.latest_message or {})
        if choices:
            text = "I'm not sure I understood. Did you mean one of these?"
        else:
            text = "I'm not sure I understood. What would you like to do?"
            choices = list(DEFAULT_CHOICES)
        buttons = [
            {"title": INTENT_CHOICES[intent], "payload": f"/{intent}"}
            for intent in choices
        ]
        buttons.append({"title": "Something else", "payload": OUT_OF_SCOPE_PAYLOAD})
        logger.debug("Offered %s to %s.", choices, tracker.sender_id)
        dispatcher.utter_message(text=text, buttons=buttons)
        return []
