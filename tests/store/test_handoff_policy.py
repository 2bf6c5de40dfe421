"""Tests of the handoff policy: priorities, deadlines and their wording.

The dates are fixed: 2026-03-06 is a Friday. Times are in America/New_York, whose
daylight saving time starts on 2026-03-08 at 2 AM.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from assistant.handoff import (
    CATEGORIES,
    describe_due,
    due_at,
    format_clock,
    priority_for,
)

BOSTON = ZoneInfo("America/New_York")


def local(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BOSTON)


@pytest.mark.parametrize(
    ("category", "priority"),
    [
        ("crisis", "urgent"),
        ("title_ix", "high"),
        ("danger", "high"),
        ("conduct", "normal"),
        ("human", "normal"),
    ],
)
def test_priority_of_each_category(category: str, priority: str) -> None:
    assert priority_for(category) == priority


def test_every_category_has_priority() -> None:
    assert set(CATEGORIES) == {"crisis", "danger", "title_ix", "conduct", "human"}
    for category in CATEGORIES:
        assert priority_for(category)


def test_unknown_category_raises() -> None:
    with pytest.raises(ValueError, match="unknown handoff category 'billing'"):
        priority_for("billing")


def test_urgent_due_within_one_hour() -> None:
    assert due_at("urgent", local(6, 15, 20)) == local(6, 16, 20)


def test_high_due_within_four_hours_even_at_night() -> None:
    assert due_at("high", local(6, 22, 0)) == local(7, 2, 0)


def test_urgent_counts_real_hours_across_dst_change() -> None:
    before_change = local(8, 1, 30)  # EST, UTC-5

    due = due_at("urgent", before_change)

    assert due.astimezone(timezone.utc) == datetime(
        2026, 3, 8, 7, 30, tzinfo=timezone.utc
    )
    assert (due.hour, due.minute) == (3, 30)  # EDT, UTC-4


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        (local(6, 15, 30), local(10, 17)),  # Friday afternoon -> Tuesday 5 PM
        (local(6, 8, 0), local(10, 17)),  # Friday morning -> Tuesday 5 PM
        (local(7, 11, 0), local(10, 17)),  # Saturday -> Tuesday 5 PM
        (local(8, 23, 0), local(10, 17)),  # Sunday -> Tuesday 5 PM
        (local(9, 9, 0), local(11, 17)),  # Monday -> Wednesday 5 PM
        (local(5, 16, 0), local(9, 17)),  # Thursday -> Monday 5 PM
        (local(4, 10, 0), local(6, 17)),  # Wednesday -> Friday 5 PM
    ],
)
def test_normal_due_end_of_second_business_day(
    created: datetime, expected: datetime
) -> None:
    assert due_at("normal", created) == expected


def test_due_at_keeps_time_zone_of_now() -> None:
    created = datetime(2026, 3, 6, 20, 30, tzinfo=timezone.utc)

    due = due_at("normal", created)

    assert due.tzinfo is timezone.utc
    assert due == datetime(2026, 3, 10, 17, 0, tzinfo=timezone.utc)


def test_due_at_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="unknown handoff priority 'low'"):
        due_at("low", local(6, 12))
    with pytest.raises(ValueError, match="now must be an aware datetime"):
        due_at("urgent", datetime(2026, 3, 6, 12, 0))


@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        (local(6, 16, 20), local(6, 15, 20), "within the hour"),
        (local(6, 15, 50), local(6, 15, 20), "within the hour"),
        (local(6, 19, 0), local(6, 15, 0), "by 7 PM today"),
        (local(7, 2, 0), local(6, 22, 0), "by 2 AM tomorrow"),
        (local(7, 9, 30), local(6, 22, 0), "by 9:30 AM tomorrow"),
        (local(10, 17, 0), local(6, 15, 30), "by Tuesday 5 PM"),
        (local(10, 12, 0), local(6, 15, 30), "by Tuesday 12 PM"),
        (local(16, 17, 0), local(6, 15, 30), "by Monday, March 16, 5 PM"),
        (local(6, 15, 0), local(6, 15, 30), "as soon as possible"),
    ],
)
def test_describe_due_in_plain_words(
    due: datetime, now: datetime, expected: str
) -> None:
    assert describe_due(due, now) == expected


def test_describe_due_uses_time_zone_of_now() -> None:
    due = datetime(2026, 3, 10, 21, 0, tzinfo=timezone.utc)  # 5 PM in Boston (EDT)

    assert describe_due(due, local(6, 15, 30)) == "by Tuesday 5 PM"


def test_friday_normal_handoff_described_as_tuesday() -> None:
    now = local(6, 15, 30)

    assert describe_due(due_at("normal", now), now) == "by Tuesday 5 PM"


def test_format_clock_midnight_and_noon() -> None:
    assert format_clock(local(6, 0).time()) == "12 AM"
    assert format_clock(local(6, 12, 5).time()) == "12:05 PM"
