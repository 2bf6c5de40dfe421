"""Storing a handoff to a coordinator with the transcript of the conversation."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHandoff
from actions.intake_submit import ActionSubmitIntake
from assistant.store import Database, get_handoff, latest_intake, list_handoffs

MakeTracker = Callable[..., Tracker]

# The user and bot messages of tests/fixtures/trackers/crisis_message.json, in order.
CRISIS_TRANSCRIPT = [
    ("user", "hi"),
    ("bot", "Hi! I'm the mentorship program's assistant."),
    ("user", "find me a mentor"),
    (
        "bot",
        "Before we start: your answers are stored by the program and read by the "
        "program coordinators.",
    ),
    ("bot", "What name would you like your mentor to call you?"),
    ("user", "honestly I don't want to live anymore"),
    (
        "bot",
        "I'm really glad you told me, and I'm sorry you're going through this.",
    ),
]


async def test_crisis_handoff_stored(
    store: Database, make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    await ActionHandoff().run(dispatcher, make_tracker("crisis_message"), {})

    with store.session() as session:
        handoffs = list_handoffs(session)
    assert len(handoffs) == 1
    assert handoffs[0].sender_id == "mentee-1"
    assert handoffs[0].category == "crisis"
    assert handoffs[0].priority == "urgent"
    assert handoffs[0].status == "open"


async def test_crisis_handoff_transcript(
    store: Database, make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    events = await ActionHandoff().run(dispatcher, make_tracker("crisis_message"), {})

    with store.session() as session:
        handoff = get_handoff(session, events[0]["value"])
    assert handoff is not None
    assert [(line.sender, line.text) for line in handoff.transcript] == (
        CRISIS_TRANSCRIPT
    )
    assert handoff.notices == ["privacy_notice", "crisis_lines"]
    assert handoff.resources == ["lifeline_988", "crisis_text_line", "emergency_911"]
    assert handoff.intake_id is None


async def test_handoff_message(
    store: Database, make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    events = await ActionHandoff().run(dispatcher, make_tracker("crisis_message"), {})

    with store.session() as session:
        handoff_id = list_handoffs(session)[0].id
    assert events == [SlotSet("handoff_id", handoff_id)]
    assert len(dispatcher.messages) == 1
    payload = dispatcher.messages[0]["custom"]
    assert payload["type"] == "handoff"
    assert payload["handoff"]["id"] == handoff_id
    assert payload["handoff"]["category"] == "crisis"
    assert payload["handoff"]["priority"] == "urgent"
    assert "within the hour" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    ("intent", "category", "priority"),
    [
        ("safety_danger", "danger", "high"),
        ("safety_title_ix", "title_ix", "high"),
        ("safety_conduct", "conduct", "normal"),
        ("request_human", "human", "normal"),
    ],
)
async def test_category_from_intent(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    intent: str,
    category: str,
    priority: str,
) -> None:
    tracker = make_tracker(
        "crisis_message", intent=intent, slots={"safety_category": None}
    )

    await ActionHandoff().run(dispatcher, tracker, {})

    handoff = dispatcher.messages[0]["custom"]["handoff"]
    assert handoff["category"] == category
    assert handoff["priority"] == priority


async def test_handoff_links_intake(
    store: Database, make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    await ActionSubmitIntake().run(
        CollectingDispatcher(), make_tracker("intake_complete"), {}
    )

    events = await ActionHandoff().run(dispatcher, make_tracker("crisis_message"), {})

    with store.session() as session:
        intake = latest_intake(session, "mentee-1")
        handoff = get_handoff(session, events[0]["value"])
    assert intake is not None
    assert handoff is not None
    assert handoff.intake_id == intake[0]


async def test_unwritable_database(
    tmp_path: Path,
    use_database: Callable[[str], None],
    caplog: pytest.LogCaptureFixture,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
) -> None:
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file where the database folder should be")
    use_database(f"sqlite:///{not_a_folder / 'hnpm.db'}")

    with caplog.at_level(logging.ERROR, logger="actions.handoff"):
        events = await ActionHandoff().run(
            dispatcher, make_tracker("crisis_message"), {}
        )

    assert events == []
    assert dispatcher.messages == []
    assert "Storing the crisis handoff for mentee-1 failed." in caplog.text


async def test_repeated_disclosure_joins_the_open_handoff(
    store: Database, make_tracker: MakeTracker
) -> None:
    first = CollectingDispatcher()
    await ActionHandoff().run(
        first, make_tracker("crisis_message", intent="request_human"), {}
    )
    second = CollectingDispatcher()
    await ActionHandoff().run(second, make_tracker("crisis_message"), {})

    with store.session() as session:
        handoffs = list_handoffs(session)
    assert [(h.category, h.priority) for h in handoffs] == [("crisis", "urgent")]
    assert second.messages[0]["custom"]["handoff"]["id"] == handoffs[0].id
    assert "within the hour" in second.messages[0]["text"]

    third = CollectingDispatcher()
    await ActionHandoff().run(third, make_tracker("crisis_message"), {})
    assert "already has for you" in third.messages[0]["text"]
    assert third.messages[0]["custom"]["handoff"]["priority"] == "urgent"
