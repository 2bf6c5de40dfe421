"""The "what matters most" question offers the mentee's own answers as buttons."""

from __future__ import annotations

from collections.abc import Callable

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_questions import ActionAskMostImportant

MakeTracker = Callable[..., Tracker]


async def test_buttons_follow_answers(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "intake_complete",
        slots={
            "support_areas": ["career", "international"],
            "background": ["international"],
            "languages": ["english", "mandarin"],
        },
    )

    await ActionAskMostImportant().run(dispatcher, tracker, {})

    buttons = dispatcher.messages[0]["buttons"]
    assert [button["title"] for button in buttons] == [
        "Help with career",
        "Help with international and immigration matters",
        "Someone from my program",
        "A shared background",
        "A shared language",
        "No preference",
    ]
    assert buttons[0]["payload"] == '/inform{"most_important": "career"}'
    assert buttons[-1]["payload"] == "/skip"


async def test_buttons_without_background(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "intake_complete",
        slots={"support_areas": ["social"], "background": [], "languages": []},
    )

    await ActionAskMostImportant().run(dispatcher, tracker, {})

    titles = [button["title"] for button in dispatcher.messages[0]["buttons"]]
    assert titles == [
        "Help with social belonging",
        "Someone from my program",
        "No preference",
    ]
