"""Fixtures shared by the safety screen tests."""

from __future__ import annotations

import pytest

from assistant.safety import SafetyScreen, default_screen


@pytest.fixture(scope="session")
def safety_screen() -> SafetyScreen:
    """The screen built from data/safety/, as screen() uses it."""
    return default_screen()
