"""Conversions from Rasa tracker events to the store's transcript and notices."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from assistant.store.handoffs import TranscriptLine

# Responses that count as a notice given to the user, by the notice they carry.
NOTICE_RESPONSES = {
    "utter_greet": "privacy_notice",
    "utter_privacy_notice": "privacy_notice",
    "utter_safety_title_ix": "title_ix_reporting_duty",
    "utter_safety_crisis": "crisis_lines",
    "utter_safety_danger": "emergency_lines",
}


def _timestamp(event: Mapping[str, Any]) -> datetime:
    seconds = event.get("timestamp")
    if isinstance(seconds, (int, float)):
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    return datetime.now(timezone.utc)


def _bot_text(event: Mapping[str, Any]) -> str:
    """Return a bot message's text, or a short description of its structured part."""
    if event.get("text"):
        return str(event["text"])
    custom = (event.get("data") or {}).get("custom") or {}
    kind = custom.get("type") if isinstance(custom, dict) else None
    return f"[{kind} card]" if kind else ""


def transcript_from_events(events: Iterable[Mapping[str, Any]]) -> list[TranscriptLine]:
    """Build the transcript of user and bot messages, oldest first.

    Bot messages that a coordinator sent through the takeover carry
    `metadata.coordinator` and are labelled as the coordinator's.
    """
    lines = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = str(event.get("text") or "")
            lines.append(TranscriptLine("user", text, _timestamp(event)))
        elif kind == "bot":
            text = _bot_text(event)
            if not text:
                continue
            metadata = event.get("metadata") or {}
            sender = "coordinator" if metadata.get("coordinator") else "bot"
            lines.append(TranscriptLine(sender, text, _timestamp(event)))
    return lines


def notices_from_events(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """List the notices the user was shown, in the order first shown."""
    notices: list[str] = []
    for event in events:
        if event.get("event") != "bot":
            continue
        response = (event.get("metadata") or {}).get("utter_action")
        notice = NOTICE_RESPONSES.get(str(response))
        if notice and notice not in notices:
            notices.append(notice)
    return notices
