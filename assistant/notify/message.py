"""Subject and body of a new-handoff notification.

They carry only the handoff id, category, priority, times and the console link.
Nothing the student wrote and no student name goes into them, because e-mail and
chat services keep copies outside the program's control.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from assistant.store.notifications import DueNotification

CATEGORY_LABELS = {
    "crisis": "crisis or self-harm",
    "danger": "danger from another person",
    "title_ix": "Title IX",
    "conduct": "conduct concern",
    "human": "request for a person",
}


@dataclass(frozen=True)
class NotificationText:
    """The subject and plain-text body of one notification."""

    subject: str
    body: str


def console_link(public_url: str, handoff_id: int) -> str:
    """Return the console address of the handoff."""
    return f"{public_url}/console/handoffs/{handoff_id}"


def build_text(
    notification: DueNotification, public_url: str, time_zone: ZoneInfo
) -> NotificationText:
    """Write the notification of a new handoff, with times in `time_zone`."""
    category = CATEGORY_LABELS.get(notification.category, notification.category)
    due = _format_time(notification.due_at, time_zone)
    link = console_link(public_url, notification.handoff_id)

    subject = (
        f"{notification.priority.capitalize()} handoff {notification.handoff_id}: "
        f"{category}, first contact due {due}"
    )
    body = "\n".join(
        [
            "A conversation was handed to the program coordinators.",
            "",
            f"Handoff: {notification.handoff_id}",
            f"Category: {category}",
            f"Priority: {notification.priority}",
            f"Created: {_format_time(notification.created_at, time_zone)}",
            f"First contact due: {due}",
            "",
            f"Open it in the coordinator console: {link}",
            "",
            "The transcript is only in the console, so it is not in this message.",
        ]
    )
    return NotificationText(subject=subject, body=body)


def _format_time(value: datetime, time_zone: ZoneInfo) -> str:
    return value.astimezone(time_zone).strftime("%Y-%m-%d %H:%M %Z")
