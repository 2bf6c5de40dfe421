"""Settings of the assistant's servers, read from HNPM_* environment variables."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.notify.settings import NotifySettings, load_notify_settings

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "var" / "hnpm.db"

DEFAULT_RASA_PORT = 5005
DEFAULT_ACTION_PORT = 5055
DEFAULT_WEB_PORT = 8000
# Time zone of the program office (US Eastern). Handoff deadlines count business days
# and name clock times in this zone, so callers pass `now` in it.
DEFAULT_TIME_ZONE = "America/New_York"


@dataclass(frozen=True)
class Settings:
    """Addresses, ports and credentials shared by the Rasa, action and web servers."""

    database_url: str
    rasa_port: int
    action_port: int
    web_port: int
    rasa_url: str
    action_url: str
    console_url: str
    time_zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIME_ZONE))
    admin_email: str | None = None
    admin_password: str | None = field(default=None, repr=False)
    # Shared secret of the coordinator relay: the web app sends it to Rasa's socket.io
    # channel as a bearer token. scripts/run_servers.py makes one when it is unset.
    relay_token: str | None = field(default=None, repr=False)
    notify: NotifySettings = field(default_factory=NotifySettings)


def load_settings(env: Mapping[str, str] = os.environ) -> Settings:
    """Build the settings from `env`, using defaults for unset or empty variables.

    The default database is SQLite at var/hnpm.db in the project root, and this
    function creates var/ when that default is used. Raises ValueError when a port
    variable is not an integer from 1 to 65535, when HNPM_TIME_ZONE is not an
    IANA time zone name, or when a notification setting (HNPM_SMTP_*, HNPM_NOTIFY_*,
    HNPM_APPRISE_URLS, HNPM_PUBLIC_URL) is invalid.
    """
    rasa_port = _read_port(env, "HNPM_RASA_PORT", DEFAULT_RASA_PORT)
    action_port = _read_port(env, "HNPM_ACTION_PORT", DEFAULT_ACTION_PORT)
    web_port = _read_port(env, "HNPM_WEB_PORT", DEFAULT_WEB_PORT)

    database_url = _read(env, "HNPM_DATABASE_URL")
    if database_url is None:
        DEFAULT_DATABASE_PATH.parent.mkdir(parents=True, exist_ok=True)
        logger.debug("Using the default SQLite database at %s", DEFAULT_DATABASE_PATH)
        database_url = f"sqlite:///{DEFAULT_DATABASE_PATH}"

    rasa_url = _read(env, "HNPM_RASA_URL") or f"http://127.0.0.1:{rasa_port}"
    action_url = _read(env, "HNPM_ACTION_URL") or f"http://127.0.0.1:{action_port}"
    console_url = _read(env, "HNPM_CONSOLE_URL") or f"http://127.0.0.1:{web_port}"

    return Settings(
        database_url=database_url,
        rasa_port=rasa_port,
        action_port=action_port,
        web_port=web_port,
        rasa_url=rasa_url.rstrip("/"),
        action_url=action_url.rstrip("/"),
        console_url=console_url.rstrip("/"),
        time_zone=_read_time_zone(env),
        admin_email=_read(env, "HNPM_ADMIN_EMAIL"),
        # The password is taken as written, because spaces may be part of it.
        admin_password=env.get("HNPM_ADMIN_PASSWORD") or None,
        relay_token=_read(env, "HNPM_RELAY_TOKEN"),
        notify=load_notify_settings(env, default_public_url=console_url.rstrip("/")),
    )


def _read(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _read_port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _read(env, name)
    if raw is None:
        return default

    try:
        port = int(raw)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise ValueError(
            f"{name} must be an integer from 1 to 65535, got {raw!r}; "
            f"unset it to use the default {default}."
        )
    return port


def _read_time_zone(env: Mapping[str, str]) -> ZoneInfo:
    name = _read(env, "HNPM_TIME_ZONE") or DEFAULT_TIME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"HNPM_TIME_ZONE must be an IANA time zone name such as "
            f"{DEFAULT_TIME_ZONE!r}, got {name!r}. If every name fails, install the "
            "system time zone data (Debian package tzdata)."
        ) from None
