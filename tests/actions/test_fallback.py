"""The first stage of the two-stage fallback: choices in words, and a way out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionDefaultAskAffirmation

MakeTracker = Callable[..., Tracker]


def with_ranking(tracker: Tracker, ranking: list[tuple[str, float]]) -> Tracker:
    tracker.latest_message["intent"] = {"name": "nlu_fallback", "confidence": 0.45}
    tracker.latest_message["intent_ranking"] = [
        {"name": name, "confidence": confidence} for name, confidence in ranking
    ]
    return tracker


def buttons(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    assert len(dispatcher.messages) == 1
    found: list[dict[str, Any]] = dispatcher.messages[0]["buttons"]
    return found


async def test_affirmation_offers_two_likely_intents(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = with_ranking(
        make_tracker("resource_request", text="cover letter??"),
        [
            ("nlu_fallback", 0.45),
            ("ask_resource", 0.40),
            ("affirm", 0.30),
            ("start_intake", 0.20),
            ("faq", 0.10),
        ],
    )

    events = await ActionDefaultAskAffirmation().run(dispatcher, tracker, {})

    assert events == []
    payloads = [button["payload"] for button in buttons(dispatcher)]
    assert payloads == ["/ask_resource", "/start_intake", "/out_of_scope"]
    titles = [button["title"] for button in buttons(dispatcher)]
    assert "ask_resource" not in " ".join(titles)
    assert "Did you mean" in dispatcher.messages[0]["text"]


async def test_affirmation_without_candidates_offers_menu(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = with_ranking(
        make_tracker("resource_request", text="asdf"),
        [("nlu_fallback", 0.45), ("affirm", 0.2), ("safety_crisis", 0.1)],
    )

    await ActionDefaultAskAffirmation().run(dispatcher, tracker, {})

    payloads = [button["payload"] for button in buttons(dispatcher)]
    assert payloads == [
        "/start_intake",
        "/ask_resource",
        "/request_human",
        "/out_of_scope",
    ]
    assert "What would you like to do?" in dispatcher.messages[0]["text"]
