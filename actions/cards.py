"""Custom payloads and text summaries of mentors and resources for the chat."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.directory import Resource
from assistant.matching import Suggestion

CONFIDENTIALITY_WORDS = {
    "confidential": "confidential: it does not pass on what you share, except "
    "where the law requires it",
    "private": "private: shared only with staff who need to know",
    "reporting": "must report sexual misconduct to the Title IX office",
}

# Campus entries of the directory carry placeholder contact details until a
# coordinator verifies them (`verify: true`), and the summary says so.
PLACEHOLDER_NOTE = (
    "Campus contact details marked for verification are placeholders in this demo; "
    "check the university website before you rely on them."
)


def mentor_cards(suggestions: Sequence[Suggestion]) -> dict[str, Any]:
    """Build the `mentors` custom payload."""
    return {
        "type": "mentors",
        "mentors": [
            {
                "id": suggestion.mentor.id,
                "name": suggestion.mentor.name,
                "status": suggestion.mentor.status,
                "program": suggestion.mentor.program,
                "meeting_modes": suggestion.mentor.meeting_modes,
                "languages": suggestion.mentor.languages,
                "bio": suggestion.mentor.bio,
                "score": round(suggestion.score, 3),
                "reasons": list(suggestion.reasons),
            }
            for suggestion in suggestions
        ],
    }


def mentor_summary(suggestions: Sequence[Suggestion]) -> str:
    """Describe the suggestions in plain text, for channels without cards."""
    lines = []
    for number, suggestion in enumerate(suggestions, start=1):
        reasons = "; ".join(suggestion.reasons)
        lines.append(f"{number}. {suggestion.mentor.name}: {reasons}.")
    return "\n".join(lines)


def choose_buttons(suggestions: Sequence[Suggestion]) -> list[dict[str, str]]:
    return [
        {
            "title": f"Choose {suggestion.mentor.name}",
            "payload": f'/choose_mentor{{"mentor_id": "{suggestion.mentor.id}"}}',
        }
        for suggestion in suggestions
    ]


def resource_cards(resources: Sequence[Resource]) -> dict[str, Any]:
    """Build the `resources` custom payload."""
    return {
        "type": "resources",
        "resources": [
            {
                "id": resource.id,
                "name": resource.name,
                "confidentiality": resource.confidentiality,
                "description": resource.description,
                "contact": dict(resource.contact),
                **{key: value for key, value in resource.contact.items() if value},
                "hours": resource.hours,
                "verify": resource.verify,
            }
            for resource in resources
        ],
    }


def resource_summary(resources: Sequence[Resource]) -> str:
    """Describe resources in plain text: name, how to reach it, confidentiality."""
    lines = []
    for resource in resources:
        contact = ", ".join(str(value) for value in resource.contact.values() if value)
        privacy = CONFIDENTIALITY_WORDS.get(resource.confidentiality, "")
        line = f"- {resource.name}"
        if contact:
            line += f" ({contact})"
        if privacy:
            line += f"; {privacy}"
        lines.append(line + ".")
    if any(resource.verify for resource in resources):
        lines.append(PLACEHOLDER_NOTE)
    return "\n".join(lines)
