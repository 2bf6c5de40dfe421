"""Storing a completed intake, suggesting mentors and storing the mentee's choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_submit import ActionChooseMentor, ActionSubmitIntake
from assistant.store import (
    Database,
    approve_match,
    get_intake,
    latest_intake,
    list_match_requests,
)

MakeTracker = Callable[..., Tracker]

SENDER = "mentee-1"
START_INTAKE_BUTTON = {"title": "Find me a mentor", "payload": "/start_intake"}


def slot_values(events: list[EventType]) -> dict[str, Any]:
    return {
        event["name"]: event["value"] for event in events if event["event"] == "slot"
    }


def custom_payloads(dispatcher: CollectingDispatcher, kind: str) -> list[dict]:
    return [m["custom"] for m in dispatcher.messages if m["custom"].get("type") == kind]


@pytest.fixture
async def suggested(store: Database, make_tracker: MakeTracker) -> dict[str, Any]:
    """The slots that `action_submit_intake` set after the fixture intake."""
    events = await ActionSubmitIntake().run(
        CollectingDispatcher(), make_tracker("intake_complete"), {}
    )
    return slot_values(events)


def choice_tracker(
    make_tracker: MakeTracker, suggested: dict[str, Any], text: str, **changes: Any
) -> Tracker:
    return make_tracker(
        "intake_complete", text=text, intent="choose_mentor", slots=suggested, **changes
    )


def unsuggested_id(suggested: dict[str, Any], candidates: range) -> str:
    """Return the first roster id in `candidates` that was not suggested."""
    return next(
        str(mentor_id)
        for mentor_id in candidates
        if str(mentor_id) not in suggested["suggested_mentor_ids"]
    )


def button_tracker(
    make_tracker: MakeTracker, suggested: dict[str, Any], mentor_id: str
) -> Tracker:
    return choice_tracker(
        make_tracker,
        suggested,
        f'/choose_mentor{{"mentor_id": "{mentor_id}"}}',
        entities=[{"entity": "mentor_id", "value": mentor_id}],
    )


async def test_submit_stores_intake(
    store: Database, make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    events = await ActionSubmitIntake().run(
        dispatcher, make_tracker("intake_complete"), {}
    )

    with store.session() as session:
        intake = get_intake(session, slot_values(events)["intake_id"])
    assert intake is not None
    assert intake.sender_id == SENDER
    assert intake.email == "sam@brandeis.edu"
    assert intake.program == "ma_sid"
    assert intake.support_areas == ["international", "career"]
    assert intake.consent is True


async def test_submit_sets_slots(
    store: Database, make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    events = await ActionSubmitIntake().run(
        dispatcher, make_tracker("intake_complete"), {}
    )

    slots = slot_values(events)
    assert list(slots) == [
        "intake_id",
        "suggested_mentor_ids",
        "suggested_mentor_names",
    ]
    assert isinstance(slots["intake_id"], int)
    assert len(slots["suggested_mentor_ids"]) == 3
    assert set(slots["suggested_mentor_names"]) == set(slots["suggested_mentor_ids"])


async def test_submit_sends_mentor_cards(
    store: Database, make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    events = await ActionSubmitIntake().run(
        dispatcher, make_tracker("intake_complete"), {}
    )

    cards = custom_payloads(dispatcher, "mentors")
    assert len(cards) == 1
    mentors = cards[0]["mentors"]
    assert [str(m["id"]) for m in mentors] == slot_values(events)[
        "suggested_mentor_ids"
    ]
    for mentor in mentors:
        assert mentor["reasons"], f"no reasons for {mentor['name']}"


async def test_submit_sends_choice_buttons(
    store: Database, make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    events = await ActionSubmitIntake().run(
        dispatcher, make_tracker("intake_complete"), {}
    )

    ids = slot_values(events)["suggested_mentor_ids"]
    message = next(m for m in dispatcher.messages if m["buttons"])
    assert [b["payload"] for b in message["buttons"]] == [
        f'/choose_mentor{{"mentor_id": "{mentor_id}"}}' for mentor_id in ids
    ]


async def test_submit_sends_resources(
    store: Database, make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    await ActionSubmitIntake().run(dispatcher, make_tracker("intake_complete"), {})

    cards = custom_payloads(dispatcher, "resources")
    assert len(cards) == 1
    ids = [resource["id"] for resource in cards[0]["resources"]]
    assert "international_office" in ids
    assert "career_services" in ids


@pytest.mark.parametrize("consent", [False, None])
async def test_submit_without_consent(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    consent: bool | None,
) -> None:
    tracker = make_tracker("intake_complete", slots={"consent": consent})

    events = await ActionSubmitIntake().run(dispatcher, tracker, {})

    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_no_consent"
    assert custom_payloads(dispatcher, "mentors") == []
    assert len(custom_payloads(dispatcher, "resources")) == 1
    with store.session() as session:
        assert latest_intake(session, SENDER) is None


async def test_choose_by_button(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    suggested: dict[str, Any],
) -> None:
    mentor_id = suggested["suggested_mentor_ids"][0]
    tracker = button_tracker(make_tracker, suggested, mentor_id)

    events = await ActionChooseMentor().run(dispatcher, tracker, {})

    assert events == [SlotSet("mentor_id", mentor_id)]
    with store.session() as session:
        requests = list_match_requests(session, sender_id=SENDER)
    assert [(r.intake_id, r.mentor_id, r.status) for r in requests] == [
        (suggested["intake_id"], int(mentor_id), "pending")
    ]
    assert custom_payloads(dispatcher, "match_request") == [
        {
            "type": "match_request",
            "match_request": {
                "id": requests[0].id,
                "mentor_id": int(mentor_id),
                "status": "pending",
            },
        }
    ]


async def test_choose_by_ordinal(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    suggested: dict[str, Any],
) -> None:
    tracker = choice_tracker(make_tracker, suggested, "the second one please")

    events = await ActionChooseMentor().run(dispatcher, tracker, {})

    second = suggested["suggested_mentor_ids"][1]
    assert events == [SlotSet("mentor_id", second)]
    with store.session() as session:
        requests = list_match_requests(session, sender_id=SENDER)
    assert [r.mentor_id for r in requests] == [int(second)]


async def test_choose_by_first_name(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    suggested: dict[str, Any],
) -> None:
    third = suggested["suggested_mentor_ids"][2]
    first_name = suggested["suggested_mentor_names"][third].split()[0]
    tracker = choice_tracker(make_tracker, suggested, f"I'd like {first_name}")

    events = await ActionChooseMentor().run(dispatcher, tracker, {})

    assert events == [SlotSet("mentor_id", third)]


async def test_choose_unsuggested_id(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    suggested: dict[str, Any],
) -> None:
    # Ids from 4 up, because the ordinal reader also reads "1" to "3" in the payload.
    mentor_id = unsuggested_id(suggested, range(4, 31))
    tracker = button_tracker(make_tracker, suggested, mentor_id)

    events = await ActionChooseMentor().run(dispatcher, tracker, {})

    assert events == []
    assert dispatcher.messages[0]["text"].startswith("Which mentor would you like?")
    with store.session() as session:
        assert list_match_requests(session, sender_id=SENDER) == []


async def test_choose_stale_button(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    suggested: dict[str, Any],
) -> None:
    mentor_id = unsuggested_id(suggested, range(1, 4))
    tracker = button_tracker(make_tracker, suggested, mentor_id)

    events = await ActionChooseMentor().run(dispatcher, tracker, {})

    assert events == []


async def test_choose_without_intake(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "intake_complete", text="the first one", intent="choose_mentor"
    )

    events = await ActionChooseMentor().run(dispatcher, tracker, {})

    assert events == []
    assert dispatcher.messages[0]["text"].startswith("Let's find your mentor first")
    assert dispatcher.messages[0]["buttons"] == [START_INTAKE_BUTTON]


async def test_choose_ordinal_past_end(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    suggested: dict[str, Any],
) -> None:
    two_suggested = dict(
        suggested, suggested_mentor_ids=suggested["suggested_mentor_ids"][:2]
    )
    tracker = choice_tracker(make_tracker, two_suggested, "the third one")

    events = await ActionChooseMentor().run(dispatcher, tracker, {})

    assert events == []
    assert dispatcher.messages[0]["text"].startswith("Which mentor would you like?")


async def test_choose_name_beside_one(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    suggested: dict[str, Any],
) -> None:
    second = suggested["suggested_mentor_ids"][1]
    first_name = suggested["suggested_mentor_names"][second].split()[0]
    tracker = choice_tracker(
        make_tracker, suggested, f"{first_name} is the one I'd like"
    )

    events = await ActionChooseMentor().run(dispatcher, tracker, {})

    assert events == [SlotSet("mentor_id", second)]


async def test_choose_twice_keeps_one_pending(
    store: Database,
    make_tracker: MakeTracker,
    suggested: dict[str, Any],
) -> None:
    first, second = suggested["suggested_mentor_ids"][:2]

    for mentor_id in (first, first, second):
        tracker = button_tracker(make_tracker, suggested, mentor_id)
        await ActionChooseMentor().run(CollectingDispatcher(), tracker, {})

    with store.session() as session:
        pending = list_match_requests(session, sender_id=SENDER, status="pending")
        cancelled = list_match_requests(session, sender_id=SENDER, status="cancelled")
    assert [r.mentor_id for r in pending] == [int(second)]
    assert [r.mentor_id for r in cancelled] == [int(first)]
    assert pending[0].reasons, "the request keeps the reasons shown to the mentee"
    assert pending[0].score is not None


async def test_choose_after_approval(
    store: Database,
    make_tracker: MakeTracker,
    dispatcher: CollectingDispatcher,
    suggested: dict[str, Any],
) -> None:
    first, second = suggested["suggested_mentor_ids"][:2]
    tracker = button_tracker(make_tracker, suggested, first)
    await ActionChooseMentor().run(CollectingDispatcher(), tracker, {})
    with store.session() as session:
        [request] = list_match_requests(session, sender_id=SENDER)
        approve_match(session, request.id)

    tracker = button_tracker(make_tracker, suggested, second)
    events = await ActionChooseMentor().run(dispatcher, tracker, {})

    assert events == []
    assert dispatcher.messages[0]["text"].startswith("You already have a mentor")
    with store.session() as session:
        requests = list_match_requests(session, sender_id=SENDER)
    assert [(r.mentor_id, r.status) for r in requests] == [(int(first), "approved")]
