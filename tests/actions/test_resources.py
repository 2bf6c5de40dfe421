"""Referrals to campus resources, for mentees and for mentors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.resources import (
    ActionAnswerOutsideIntake,
    ActionMentorReferral,
    ActionRecommendResources,
)

MakeTracker = Callable[..., Tracker]

ASK_FOR_DETAIL = "Tell me in a sentence what you need help with"


def resource_cards(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    cards = [
        m["custom"]
        for m in dispatcher.messages
        if m["custom"].get("type") == "resources"
    ]
    assert len(cards) == 1, f"expected one resources payload, got {len(cards)}"
    resources: list[dict[str, Any]] = cards[0]["resources"]
    return resources


async def test_food_money_names_basic_needs(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    events = await ActionRecommendResources().run(
        dispatcher, make_tracker("resource_request"), {}
    )

    assert events == []
    assert resource_cards(dispatcher)[0]["id"] == "basic_needs"
    assert "Basic Needs" in dispatcher.messages[0]["text"]


async def test_confidential_entity(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "resource_request",
        text="who can I talk to confidentially?",
        entities=[{"entity": "resource", "value": "confidential"}],
    )

    await ActionRecommendResources().run(dispatcher, tracker, {})

    resources = resource_cards(dispatcher)
    assert resources
    assert {r["confidentiality"] for r in resources} == {"confidential"}


async def test_named_resource_entity(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "resource_request",
        text="where is the title ix office?",
        entities=[{"entity": "resource", "value": "Title IX Office"}],
    )

    await ActionRecommendResources().run(dispatcher, tracker, {})

    assert [r["id"] for r in resource_cards(dispatcher)] == ["title_ix_office"]


async def test_need_outside_intake_names_resource(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "resource_request", text="I've had panic attacks twice this week"
    )

    events = await ActionAnswerOutsideIntake().run(dispatcher, tracker, {})

    assert events == []
    assert resource_cards(dispatcher)[0]["id"] == "counseling_center"
    assert all(
        m["response"] != "utter_resume_intake_offer" for m in dispatcher.messages
    )


async def test_answer_outside_intake_offers_resume(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker("resource_request", text="Priya")

    events = await ActionAnswerOutsideIntake().run(dispatcher, tracker, {})

    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_resume_intake_offer"]


async def test_nothing_routable_asks_detail(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker("resource_request", text="hmm, not sure")

    events = await ActionRecommendResources().run(dispatcher, tracker, {})

    assert events == []
    assert len(dispatcher.messages) == 1
    assert dispatcher.messages[0]["text"].startswith(ASK_FOR_DETAIL)
    assert dispatcher.messages[0]["custom"] == {}


async def test_referral_reminds_conduct(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "resource_request",
        text="my mentee can't afford food this week",
        intent="mentor_situation",
    )

    await ActionMentorReferral().run(dispatcher, tracker, {})

    assert resource_cards(dispatcher)[0]["id"] == "basic_needs"
    assert "bystander" in dispatcher.messages[0]["text"]


async def test_unroutable_referral_reminds_conduct(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "resource_request", text="hmm, not sure", intent="mentor_situation"
    )

    await ActionMentorReferral().run(dispatcher, tracker, {})

    assert len(dispatcher.messages) == 1
    assert "bystander" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[0]["custom"] == {}
