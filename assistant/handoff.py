"""Handoff policy: the priority of each handoff category and its response deadline.

Pure functions with no I/O. Times must be aware datetimes. Business days and the
wording of deadlines follow the time zone of the `now` that the caller passes, so
callers should pass the program office's local time.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

CRISIS = "crisis"  # risk to the user's own life or safety
DANGER = "danger"  # risk of harm from or to someone else
TITLE_IX = "title_ix"  # sexual harassment or misconduct, dating violence, stalking
CONDUCT = "conduct"  # other conduct or discrimination concerns
HUMAN = "human"  # the user asked for a person
CATEGORIES = (CRISIS, DANGER, TITLE_IX, CONDUCT, HUMAN)

URGENT = "urgent"
HIGH = "high"
NORMAL = "normal"
PRIORITIES = (URGENT, HIGH, NORMAL)

PRIORITY_BY_CATEGORY = {
    CRISIS: URGENT,
    TITLE_IX: HIGH,
    DANGER: HIGH,
    CONDUCT: NORMAL,
    HUMAN: NORMAL,
}

# Urgent and high handoffs are due after a fixed number of clock hours, nights and
# weekends included.
RESPONSE_TIME_BY_PRIORITY = {
    URGENT: timedelta(hours=1),
    HIGH: timedelta(hours=4),
}

# Normal handoffs are due at the end of the second business day after the day they
# are created, so one created on Friday afternoon is due on Tuesday at 5 PM.
NORMAL_BUSINESS_DAYS = 2
END_OF_BUSINESS_DAY = time(17, 0)
WEEKEND_DAYS = (5, 6)  # datetime.weekday() of Saturday and Sunday

WEEKDAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def priority_for(category: str) -> str:
    """Return the priority of a handoff category, or raise ValueError if unknown."""
    try:
        return PRIORITY_BY_CATEGORY[category]
    except KeyError:
        raise ValueError(
            f"unknown handoff category {category!r}; "
            f"expected one of {', '.join(CATEGORIES)}"
        ) from None


def due_at(priority: str, now: datetime) -> datetime:
    """Return the deadline for a handoff of this priority created at `now`.

    The result has the time zone of `now`. Raises ValueError for an unknown priority
    or a naive `now`.
    """
    _require_aware(now, "now")
    if priority in RESPONSE_TIME_BY_PRIORITY:
        # Adding in UTC counts real hours, because aware arithmetic in a zone with
        # daylight saving time adds wall-clock hours.
        due_utc = now.astimezone(timezone.utc) + RESPONSE_TIME_BY_PRIORITY[priority]
        return due_utc.astimezone(now.tzinfo)
    if priority != NORMAL:
        raise ValueError(
            f"unknown handoff priority {priority!r}; "
            f"expected one of {', '.join(PRIORITIES)}"
        )

    day = now.date()
    business_days = 0
    while business_days < NORMAL_BUSINESS_DAYS:
        day += timedelta(days=1)
        if day.weekday() not in WEEKEND_DAYS:
            business_days += 1
    return datetime.combine(day, END_OF_BUSINESS_DAY, tzinfo=now.tzinfo)


def describe_due(due: datetime, now: datetime) -> str:
    """Describe the deadline in plain words for the user, in the time zone of `now`.

    Examples: "within the hour", "by 7 PM today", "by 9:30 AM tomorrow",
    "by Tuesday 5 PM", "by Monday, March 9, 5 PM" (a week or more ahead) and
    "as soon as possible" (already past).
    """
    _require_aware(due, "due")
    _require_aware(now, "now")
    local_due = due.astimezone(now.tzinfo)
    remaining = due.astimezone(timezone.utc) - now.astimezone(timezone.utc)

    if remaining <= timedelta(0):
        return "as soon as possible"
    if remaining <= timedelta(hours=1):
        return "within the hour"

    days_ahead = (local_due.date() - now.date()).days
    clock = format_clock(local_due.time())
    if days_ahead == 0:
        return f"by {clock} today"
    if days_ahead == 1:
        return f"by {clock} tomorrow"

    weekday = WEEKDAY_NAMES[local_due.weekday()]
    if days_ahead < 7:
        return f"by {weekday} {clock}"
    month = MONTH_NAMES[local_due.month - 1]
    return f"by {weekday}, {month} {local_due.day}, {clock}"


def format_clock(value: time) -> str:
    """Format a time on the 12-hour clock: "5 PM", "9:30 AM", "12 PM"."""
    hour = value.hour % 12 or 12
    suffix = "AM" if value.hour < 12 else "PM"
    if value.minute == 0:
        return f"{hour} {suffix}"
    return f"{hour}:{value.minute:02d} {suffix}"


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {value.isoformat()}")
