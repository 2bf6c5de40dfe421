"""Transcript lines and notices read from Rasa tracker events."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from actions.transcript import notices_from_events, transcript_from_events

TRACKERS = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def fixture_events(name: str) -> list[dict[str, Any]]:
    state = json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8"))
    events: list[dict[str, Any]] = state["events"]
    return events


def bot(text: str | None, **fields: Any) -> dict[str, Any]:
    return {"event": "bot", "text": text, "timestamp": 1767261700.0, **fields}


def test_transcript_order_and_senders() -> None:
    lines = transcript_from_events(fixture_events("crisis_message"))

    assert [line.sender for line in lines] == [
        "user",
        "bot",
        "user",
        "bot",
        "bot",
        "user",
        "bot",
    ]
    assert lines[0].text == "hi"
    assert lines[-1].text.startswith("I'm really glad you told me")


def test_transcript_timestamps() -> None:
    lines = transcript_from_events(fixture_events("crisis_message"))

    assert lines[0].timestamp == datetime(2026, 1, 1, 10, 0, 1, tzinfo=timezone.utc)


def test_transcript_skips_other_events() -> None:
    events = [
        {"event": "action", "name": "action_listen", "timestamp": 1767261600.0},
        {"event": "slot", "name": "program", "value": "mpp"},
        {"event": "active_loop", "name": "intake_form"},
    ]

    assert transcript_from_events(events) == []


def test_card_without_text() -> None:
    events = [bot(None, data={"custom": {"type": "mentors", "mentors": []}})]

    lines = transcript_from_events(events)

    assert [(line.sender, line.text) for line in lines] == [("bot", "[mentors card]")]


def test_bot_event_without_content() -> None:
    events = [bot(None, data={"buttons": []}), bot("", data={"custom": "not a dict"})]

    assert transcript_from_events(events) == []


def test_coordinator_message() -> None:
    events = [
        bot("Hi Sam, this is Dana.", metadata={"coordinator": "dana@example.edu"})
    ]

    lines = transcript_from_events(events)

    assert [(line.sender, line.text) for line in lines] == [
        ("coordinator", "Hi Sam, this is Dana.")
    ]


def test_user_event_without_text() -> None:
    events = [{"event": "user", "text": None, "timestamp": 1767261700.0}]

    lines = transcript_from_events(events)

    assert [(line.sender, line.text) for line in lines] == [("user", "")]


def test_missing_timestamp_is_aware() -> None:
    lines = transcript_from_events([{"event": "user", "text": "hi"}])

    assert lines[0].timestamp.tzinfo is not None


def test_notices_in_first_shown_order() -> None:
    notices = notices_from_events(fixture_events("crisis_message"))

    assert notices == ["privacy_notice", "crisis_lines"]


def test_notices_from_responses() -> None:
    events = [
        bot("Title IX", metadata={"utter_action": "utter_safety_title_ix"}),
        bot("Call 911", metadata={"utter_action": "utter_safety_danger"}),
        bot("Which program?", metadata={"utter_action": "utter_ask_program"}),
        bot("A coordinator wrote this.", metadata={"coordinator": "dana"}),
        {"event": "user", "text": "hi", "metadata": {"utter_action": "utter_greet"}},
    ]

    assert notices_from_events(events) == [
        "title_ix_reporting_duty",
        "emergency_lines",
    ]
