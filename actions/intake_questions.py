"""Intake questions whose buttons depend on earlier answers."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services

MOST_IMPORTANT_QUESTION = (
    "Which of these matters most to you in a mentor? I'll give it extra weight when "
    "I suggest mentors."
)


class ActionAskMostImportant(Action):
    """Asks what matters most, offering the mentee's own support areas as buttons."""

    def name(self) -> str:
        return "action_ask_most_important"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        vocabulary = services.directory().vocabulary
        areas = list(tracker.get_slot("support_areas") or [])
        labels = vocabulary.labels("support_areas", areas)
        buttons = [
            _button(f"Help with {label}", area)
            for area, label in zip(areas, labels, strict=True)
        ]
        buttons.append(_button("Someone from my program", "program"))
        if tracker.get_slot("background"):
            buttons.append(_button("A shared background", "themes"))
        if any(lang != "english" for lang in tracker.get_slot("languages") or []):
            buttons.append(_button("A shared language", "languages"))
        buttons.append({"title": "No preference", "payload": "/skip"})

        dispatcher.utter_message(text=MOST_IMPORTANT_QUESTION, buttons=buttons)
        return []


def _button(title: str, value: str) -> dict[str, Any]:
    entities = json.dumps({"most_important": value})
    return {"title": title, "payload": f"/inform{entities}"}
