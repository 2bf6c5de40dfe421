"""Fixtures of the action tests: trackers from JSON files and a real SQLite store.

Actions run without an action server. A test builds a `Tracker` from a file in
tests/fixtures/trackers, runs the action with a `CollectingDispatcher`, and reads
what the action stored from a migrated SQLite database with the sample roster.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from assistant.directory import load_roster
from assistant.intake_parsing import SCHOOL_EMAIL_DOMAINS_ENV
from assistant.store import Database, migrate, upsert_mentors

# Rasa's telemetry would contact outside hosts when anything imports rasa.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"

TRACKERS = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def build_tracker(
    fixture: str,
    *,
    text: str | None = None,
    intent: str | None = None,
    entities: Iterable[Mapping[str, Any]] | None = None,
    slots: Mapping[str, Any] | None = None,
    active_loop: Mapping[str, Any] | None = None,
) -> Tracker:
    """Load tests/fixtures/trackers/<fixture>.json with the given changes.

    A new text, intent or entities replace those of the latest message and of the
    last user event, so that the two agree as they do in Rasa.
    """
    state = json.loads((TRACKERS / f"{fixture}.json").read_text(encoding="utf-8"))
    state["slots"].update(slots or {})
    if active_loop is not None:
        state["active_loop"] = dict(active_loop)

    latest = state["latest_message"]
    if text is not None:
        latest["text"] = text
    if intent is not None:
        latest["intent"] = {"name": intent, "confidence": 1.0}
    if entities is not None:
        latest["entities"] = [dict(entity) for entity in entities]

    last_user = next(e for e in reversed(state["events"]) if e["event"] == "user")
    last_user["text"] = latest["text"]
    last_user["parse_data"] = {
        "intent": latest["intent"],
        "entities": latest["entities"],
    }
    return Tracker.from_dict(state)


def reset_services() -> None:
    """Drop the cached settings and database, so actions read the environment again."""
    if services.database.cache_info().currsize:
        services.database().dispose()
    services.database.cache_clear()
    services.settings.cache_clear()


@pytest.fixture(autouse=True)
def fresh_services(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Give each test its own settings, and the school email domain of the fixtures."""
    monkeypatch.setenv(SCHOOL_EMAIL_DOMAINS_ENV, "brandeis.edu")
    reset_services()
    yield
    reset_services()


@pytest.fixture
def make_tracker() -> Callable[..., Tracker]:
    """Return `build_tracker`, the builder of trackers from fixture files."""
    return build_tracker


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def use_database(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Return a function that points the actions at a database URL."""

    def use(url: str) -> None:
        monkeypatch.setenv("HNPM_DATABASE_URL", url)
        reset_services()

    return use


@pytest.fixture
def store(tmp_path: Path, use_database: Callable[[str], None]) -> Iterator[Database]:
    """A migrated SQLite database with the sample roster, used by the actions."""
    url = f"sqlite:///{tmp_path / 'hnpm.db'}"
    migrate(url)
    database = Database(url)
    with database.session() as session:
        upsert_mentors(session, load_roster())

    use_database(url)
    yield database
    database.dispose()
