"""The intake form's validation action on trackers in the middle of the form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_form import ValidateIntakeForm
from assistant.intake import INTAKE_SLOTS

OTHER_DOMAIN_PROBLEM = "Please use your school email address, ending in @brandeis.edu."
PERSON_BUTTON = {"title": "Talk to a person", "payload": "/request_human"}
SKIP_BUTTON = {"title": "Skip this question", "payload": "/skip"}

MakeTracker = Callable[..., Tracker]


async def validate(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    return await ValidateIntakeForm().run(dispatcher, tracker, {})


async def test_answer_sets_slot(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker("intake_form", text="Sam@Brandeis.edu")

    events = await validate(dispatcher, tracker)

    assert events == [
        SlotSet("school_email", "sam@brandeis.edu"),
        SlotSet("intake_retries", 0),
    ]
    assert dispatcher.messages == []


async def test_button_sets_program(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "intake_form",
        text='/inform{"program": "mpp"}',
        entities=[{"entity": "program", "value": "mpp"}],
        slots={"school_email": "sam@brandeis.edu", "requested_slot": "program"},
    )

    events = await validate(dispatcher, tracker)

    assert events == [SlotSet("program", "mpp"), SlotSet("intake_retries", 0)]


async def test_invalid_email(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker("intake_form", text="sam@gmail.com")

    events = await validate(dispatcher, tracker)

    assert events == [SlotSet("school_email", None), SlotSet("intake_retries", 1)]
    assert [m["text"] for m in dispatcher.messages] == [OTHER_DOMAIN_PROBLEM]
    assert dispatcher.messages[0]["buttons"] == []


async def test_third_failure_offers_person(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "intake_form", text="sam@gmail.com", slots={"intake_retries": 2}
    )

    events = await validate(dispatcher, tracker)

    assert events == [SlotSet("school_email", None), SlotSet("intake_retries", 3)]
    assert dispatcher.messages[0]["text"].startswith(OTHER_DOMAIN_PROBLEM)
    assert dispatcher.messages[0]["buttons"] == [PERSON_BUTTON]


async def test_optional_slot_offers_skip(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "intake_form",
        text="blah blah",
        slots={"requested_slot": "languages", "intake_retries": 2},
    )

    events = await validate(dispatcher, tracker)

    assert events == [SlotSet("languages", None), SlotSet("intake_retries", 3)]
    assert dispatcher.messages[0]["buttons"] == [SKIP_BUTTON, PERSON_BUTTON]


async def test_valid_answer_resets_retries(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "intake_form", text="sam@brandeis.edu", slots={"intake_retries": 2}
    )

    events = await validate(dispatcher, tracker)

    assert SlotSet("intake_retries", 0) in events


async def test_faq_rejects(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker("intake_form", text="what is a practicum?", intent="faq")

    events = await validate(dispatcher, tracker)

    assert events == []
    assert dispatcher.messages == []


@pytest.mark.parametrize("requested", INTAKE_SLOTS)
async def test_flagged_message_fills_nothing(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher, requested: str
) -> None:
    tracker = make_tracker(
        "intake_form",
        text="I'm Sam, in the MPP, and I want to end my life",
        intent="safety_crisis",
        entities=[{"entity": "program", "value": "mpp"}],
        slots={"requested_slot": requested},
    )

    events = await validate(dispatcher, tracker)

    assert events == []
    assert dispatcher.messages == []


async def test_correction_without_problem(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "intake_form",
        text="actually I'm in SID",
        intent="correct",
        slots={
            "school_email": "sam@brandeis.edu",
            "program": "mpp",
            "requested_slot": "student_status",
        },
    )

    events = await validate(dispatcher, tracker)

    assert events == [SlotSet("program", "ma_sid")]
    assert [m["text"] for m in dispatcher.messages] == ["Updated your program."]


async def test_inactive_form_reads_no_answer(
    make_tracker: MakeTracker, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker("intake_form", text="blah blah", active_loop={})

    events = await validate(dispatcher, tracker)

    assert events == []
    assert dispatcher.messages == []
