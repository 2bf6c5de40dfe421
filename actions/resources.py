"""Actions that refer mentees and mentors to the campus resource that fits."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.cards import resource_cards, resource_summary
from assistant.directory import Directory, Resource

logger = logging.getLogger(__name__)

MAX_RESOURCES = 3

# The mentor code of conduct, restated with every referral a mentor asks for.
CONDUCT_REMINDER = (
    "Code of conduct: take a bystander position. Listen and refer your mentee to "
    "the resource, but don't try to resolve a conflict yourself, and keep in mind "
    "the power difference between you. If your mentee tells you about sexual "
    "misconduct, you must report it to the Title IX office."
)


def resources_for_message(tracker: Tracker) -> list[Resource]:
    """Find resources for the latest message: a named resource first, then routing."""
    latest = tracker.latest_message or {}
    return resources_for_text(
        services.directory(),
        str(latest.get("text") or ""),
        latest.get("entities") or [],
    )


def resources_for_text(
    directory: Directory, text: str, entities: Iterable[Mapping[str, Any]]
) -> list[Resource]:
    """Find resources for a message's text and entities, as the reply lists them.

    A `resource` entity naming one resource, or "confidential", wins over routing
    the text. scripts/eval_nlu.py calls this too, so that its routing check reads
    the same resources that the reply would list.
    """
    for entity in entities:
        if entity.get("entity") != "resource":
            continue
        value = str(entity.get("value"))
        if value == "confidential":
            return directory.confidential()
        named = directory.get(value)
        if named is not None:
            return [named]
    return directory.route(text)[:MAX_RESOURCES]


class ActionRecommendResources(Action):
    """Names the resources that fit what the mentee described."""

    def name(self) -> str:
        return "action_recommend_resources"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        resources = resources_for_message(tracker)
        if not resources:
            dispatcher.utter_message(
                text=(
                    "Tell me in a sentence what you need help with, and I'll point you "
                    'to the right office. For example: "I need help with my resume" '
                    'or "I have questions about my visa".'
                )
            )
            return []

        send_resources(dispatcher, resources)
        return []


class ActionAnswerOutsideIntake(Action):
    """Replies to an inform message sent while no intake is running.

    A need stated as a plain fact ("I've had panic attacks twice this week") is
    often classified as inform. When its text routes to a resource, the reply names
    that resource. Otherwise the reply offers to go on with the intake.
    """

    def name(self) -> str:
        return "action_answer_outside_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        resources = resources_for_message(tracker)
        if resources:
            send_resources(dispatcher, resources)
        else:
            dispatcher.utter_message(response="utter_resume_intake_offer")
        return []


def send_resources(
    dispatcher: CollectingDispatcher, resources: Sequence[Resource]
) -> None:
    dispatcher.utter_message(
        text="This may help:\n" + resource_summary(resources),
        json_message=resource_cards(resources),
    )


class ActionMentorReferral(Action):
    """Tells a mentor which resource fits a mentee's situation, and the conduct rule."""

    def name(self) -> str:
        return "action_mentor_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        resources = resources_for_message(tracker)
        if resources:
            text = (
                "Refer your mentee to:\n"
                + resource_summary(resources)
                + "\n"
                + CONDUCT_REMINDER
            )
            dispatcher.utter_message(text=text, json_message=resource_cards(resources))
        else:
            dispatcher.utter_message(
                text=(
                    "I couldn't tell which resource fits. Tell me a little more about "
                    "what your mentee needs, or ask a program coordinator. "
                    + CONDUCT_REMINDER
                )
            )
        return []
