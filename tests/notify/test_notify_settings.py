"""Tests of the notification settings read from HNPM_* variables."""

from __future__ import annotations

import pytest

from assistant.config import load_settings
from assistant.notify.settings import configured_channels, load_notify_settings

DEFAULT_URL = "http://127.0.0.1:8000"
EMAIL_ENV = {
    "HNPM_SMTP_HOST": "smtp.example.edu",
    "HNPM_NOTIFY_FROM": "hnpm@example.edu",
    "HNPM_NOTIFY_TO": "coordinator@example.edu, deputy@example.edu",
}
WEBHOOK_URL = "json://127.0.0.1:15400/hook"


def test_settings_without_variables_turn_everything_off() -> None:
    settings = load_notify_settings({}, DEFAULT_URL)

    assert settings.channels == ()
    assert settings.smtp_host is None
    assert settings.apprise_urls == ()
    assert settings.public_url == DEFAULT_URL


def test_email_settings_default_to_starttls_on_587() -> None:
    settings = load_notify_settings(EMAIL_ENV, DEFAULT_URL)

    assert settings.channels == ("email",)
    assert settings.smtp_host == "smtp.example.edu"
    assert settings.smtp_tls == "starttls"
    assert settings.smtp_port == 587
    assert settings.sender == "hnpm@example.edu"
    assert settings.recipients == ("coordinator@example.edu", "deputy@example.edu")


@pytest.mark.parametrize(("tls", "port"), [("none", 25), ("SSL", 465)])
def test_smtp_port_default_follows_tls_mode(tls: str, port: int) -> None:
    settings = load_notify_settings({**EMAIL_ENV, "HNPM_SMTP_TLS": tls}, DEFAULT_URL)

    assert settings.smtp_tls == tls.lower()
    assert settings.smtp_port == port


def test_explicit_settings_override_defaults() -> None:
    env = {
        **EMAIL_ENV,
        "HNPM_SMTP_PORT": "2525",
        "HNPM_SMTP_USER": "relay",
        "HNPM_SMTP_PASSWORD": " pass word ",
        "HNPM_PUBLIC_URL": "https://hnpm.example.edu/",
        "HNPM_APPRISE_URLS": f"{WEBHOOK_URL}, form://127.0.0.1:15401/hook",
    }

    settings = load_notify_settings(env, DEFAULT_URL)

    assert settings.smtp_port == 2525
    assert settings.smtp_user == "relay"
    assert settings.smtp_password == " pass word "
    assert settings.public_url == "https://hnpm.example.edu"
    assert settings.apprise_urls == (WEBHOOK_URL, "form://127.0.0.1:15401/hook")
    assert settings.channels == ("email", "apprise")


def test_settings_repr_hides_password_and_webhooks() -> None:
    env = {
        **EMAIL_ENV,
        "HNPM_SMTP_USER": "relay",
        "HNPM_SMTP_PASSWORD": "hunter2-secret",
        "HNPM_APPRISE_URLS": "json://127.0.0.1:15400/token-abc123",
    }

    text = repr(load_notify_settings(env, DEFAULT_URL))

    assert "hunter2-secret" not in text
    assert "token-abc123" not in text


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"HNPM_SMTP_PORT": "smtp"}, "HNPM_SMTP_PORT"),
        ({"HNPM_SMTP_PORT": "70000"}, "HNPM_SMTP_PORT"),
        ({"HNPM_SMTP_TLS": "tls1.3"}, "HNPM_SMTP_TLS"),
        ({"HNPM_SMTP_USER": "relay"}, "HNPM_SMTP_PASSWORD"),
        ({"HNPM_SMTP_PASSWORD": "secret"}, "HNPM_SMTP_USER"),
        ({"HNPM_NOTIFY_FROM": ""}, "HNPM_NOTIFY_FROM"),
        ({"HNPM_NOTIFY_FROM": "HNPM <hnpm@example.edu>"}, "HNPM_NOTIFY_FROM"),
        ({"HNPM_NOTIFY_TO": ""}, "HNPM_NOTIFY_TO"),
        ({"HNPM_NOTIFY_TO": "coordinator@example.edu, nobody"}, "HNPM_NOTIFY_TO"),
        ({"HNPM_PUBLIC_URL": "hnpm.example.edu"}, "HNPM_PUBLIC_URL"),
        ({"HNPM_PUBLIC_URL": "ftp://hnpm.example.edu"}, "HNPM_PUBLIC_URL"),
        ({"HNPM_APPRISE_URLS": "nosuchservice://token"}, "HNPM_APPRISE_URLS"),
    ],
)
def test_invalid_setting_names_its_variable(
    overrides: dict[str, str], variable: str
) -> None:
    with pytest.raises(ValueError, match=variable):
        load_notify_settings({**EMAIL_ENV, **overrides}, DEFAULT_URL)


def test_invalid_apprise_url_is_not_echoed() -> None:
    env = {"HNPM_APPRISE_URLS": f"{WEBHOOK_URL},nosuchservice://token-abc123"}

    with pytest.raises(ValueError, match="URL 2 of 2") as error:
        load_notify_settings(env, DEFAULT_URL)

    assert "token-abc123" not in str(error.value)


def test_load_settings_reads_notification_variables() -> None:
    settings = load_settings({**EMAIL_ENV, "HNPM_WEB_PORT": "9000"})

    assert settings.notify.channels == ("email",)
    assert settings.notify.public_url == "http://127.0.0.1:9000"


def test_load_settings_rejects_invalid_notification_variable() -> None:
    with pytest.raises(ValueError, match="HNPM_SMTP_TLS"):
        load_settings({**EMAIL_ENV, "HNPM_SMTP_TLS": "yes"})


def test_configured_channels_only_checks_presence() -> None:
    assert configured_channels({}) == ()
    assert configured_channels({"HNPM_SMTP_HOST": "  "}) == ()
    # An invalid port does not matter here, because handoffs must be stored anyway.
    assert configured_channels({"HNPM_SMTP_HOST": "x", "HNPM_SMTP_PORT": "no"}) == (
        "email",
    )
    assert configured_channels({"HNPM_APPRISE_URLS": WEBHOOK_URL}) == ("apprise",)
