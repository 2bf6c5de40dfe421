"""Tests of load_settings: defaults, overrides and invalid ports."""

from __future__ import annotations

import pytest

from assistant.config import DEFAULT_DATABASE_PATH, load_settings


def test_defaults() -> None:
    settings = load_settings({})

    assert settings.database_url == f"sqlite:///{DEFAULT_DATABASE_PATH}"
    assert DEFAULT_DATABASE_PATH.parent.is_dir()
    assert (settings.rasa_port, settings.action_port, settings.web_port) == (
        5005,
        5055,
        8000,
    )
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.action_url == "http://127.0.0.1:5055"
    assert settings.console_url == "http://127.0.0.1:8000"
    assert settings.admin_email is None
    assert settings.admin_password is None


def test_ports_set_default_urls() -> None:
    settings = load_settings(
        {"HNPM_RASA_PORT": "6005", "HNPM_ACTION_PORT": "6055", "HNPM_WEB_PORT": "9000"}
    )

    assert settings.rasa_url == "http://127.0.0.1:6005"
    assert settings.action_url == "http://127.0.0.1:6055"
    assert settings.console_url == "http://127.0.0.1:9000"


def test_explicit_values_win() -> None:
    settings = load_settings(
        {
            "HNPM_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/hnpm",
            "HNPM_RASA_URL": "http://127.0.0.1:7005/",
            "HNPM_CONSOLE_URL": "https://console.example.edu/",
            "HNPM_ADMIN_EMAIL": " admin@example.edu ",
            "HNPM_ADMIN_PASSWORD": " spaces count ",
        }
    )

    assert settings.database_url == "postgresql://postgres@127.0.0.1:5432/hnpm"
    assert settings.rasa_url == "http://127.0.0.1:7005"
    assert settings.console_url == "https://console.example.edu"
    assert settings.admin_email == "admin@example.edu"
    assert settings.admin_password == " spaces count "


def test_empty_variables_mean_unset() -> None:
    settings = load_settings({"HNPM_WEB_PORT": "", "HNPM_ADMIN_EMAIL": ""})

    assert settings.web_port == 8000
    assert settings.admin_email is None


def test_password_not_in_repr() -> None:
    settings = load_settings({"HNPM_ADMIN_PASSWORD": "hunter2-secret"})

    assert "hunter2-secret" not in repr(settings)


@pytest.mark.parametrize("value", ["abc", "0", "65536", "-1", "80.5"])
def test_invalid_port_raises(value: str) -> None:
    with pytest.raises(
        ValueError,
        match=f"HNPM_WEB_PORT must be an integer from 1 to 65535, got '{value}'",
    ):
        load_settings({"HNPM_WEB_PORT": value})


def test_time_zone_default_and_override() -> None:
    assert load_settings({}).time_zone.key == "America/New_York"
    assert load_settings({"HNPM_TIME_ZONE": "Europe/Berlin"}).time_zone.key == (
        "Europe/Berlin"
    )


@pytest.mark.parametrize("value", ["Mars/Olympus_Mons", "../etc/passwd"])
def test_invalid_time_zone_raises(value: str) -> None:
    with pytest.raises(ValueError, match="HNPM_TIME_ZONE must be an IANA time zone"):
        load_settings({"HNPM_TIME_ZONE": value})
