"""Settings of coordinator notifications, read from HNPM_* environment variables.

This module imports nothing else from the assistant, so that `assistant.config` and
the store can use it without import cycles.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

EMAIL_CHANNEL = "email"
APPRISE_CHANNEL = "apprise"
CHANNELS = (EMAIL_CHANNEL, APPRISE_CHANNEL)

SMTP_TLS_MODES = ("none", "starttls", "ssl")
DEFAULT_SMTP_TLS = "starttls"
# The registered ports of SMTP (25), of mail submission with STARTTLS (587) and of
# submission over implicit TLS (465).
DEFAULT_SMTP_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class NotifySettings:
    """The destinations of new-handoff notifications; e-mail needs `smtp_host`."""

    # The base of the console links, without a trailing "/".
    public_url: str = "http://127.0.0.1:8000"
    smtp_host: str | None = None
    smtp_port: int = DEFAULT_SMTP_PORTS[DEFAULT_SMTP_TLS]
    smtp_tls: str = DEFAULT_SMTP_TLS  # one of SMTP_TLS_MODES
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    sender: str | None = None  # the From address
    recipients: tuple[str, ...] = ()
    # Apprise URLs often contain webhook tokens, so they are kept out of repr().
    apprise_urls: tuple[str, ...] = field(default=(), repr=False)

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels that get one notification per new handoff."""
        channels = []
        if self.smtp_host is not None:
            channels.append(EMAIL_CHANNEL)
        if self.apprise_urls:
            channels.append(APPRISE_CHANNEL)
        return tuple(channels)


def configured_channels(env: Mapping[str, str]) -> tuple[str, ...]:
    """Return the channels that `env` turns on, without validating the other values.

    The store calls this when it creates a handoff, so that a handoff is stored even
    when a notification setting is invalid. The web app validates them at start.
    """
    channels = []
    if env.get("HNPM_SMTP_HOST", "").strip():
        channels.append(EMAIL_CHANNEL)
    if env.get("HNPM_APPRISE_URLS", "").strip():
        channels.append(APPRISE_CHANNEL)
    return tuple(channels)


def load_notify_settings(
    env: Mapping[str, str], default_public_url: str
) -> NotifySettings:
    """Build the notification settings from `env`.

    Raises ValueError, naming the variable, for an invalid port, TLS mode, address,
    URL or apprise URL, and when e-mail is on but its sender, recipients or half of
    the login are missing.
    """
    public_url = _read_public_url(env, default_public_url)
    apprise_urls = _read_apprise_urls(env)
    host = _read(env, "HNPM_SMTP_HOST")
    if host is None:
        return NotifySettings(public_url=public_url, apprise_urls=apprise_urls)

    tls = (_read(env, "HNPM_SMTP_TLS") or DEFAULT_SMTP_TLS).lower()
    if tls not in SMTP_TLS_MODES:
        raise ValueError(
            f"HNPM_SMTP_TLS must be one of {', '.join(SMTP_TLS_MODES)}, got {tls!r}."
        )
    user = _read(env, "HNPM_SMTP_USER")
    # The password is taken as written, because spaces may be part of it.
    password = env.get("HNPM_SMTP_PASSWORD") or None
    if (user is None) != (password is None):
        raise ValueError(
            "Set both HNPM_SMTP_USER and HNPM_SMTP_PASSWORD to log in to the SMTP "
            "server, or neither to send without login."
        )
    if user is not None and tls == "none" and host not in LOOPBACK_HOSTS:
        logger.warning(
            "HNPM_SMTP_TLS is none, so the SMTP password goes to %s unencrypted", host
        )

    return NotifySettings(
        public_url=public_url,
        smtp_host=host,
        smtp_port=_read_port(env, DEFAULT_SMTP_PORTS[tls]),
        smtp_tls=tls,
        smtp_user=user,
        smtp_password=password,
        sender=_read_sender(env),
        recipients=_read_recipients(env),
        apprise_urls=apprise_urls,
    )


def _read(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _read_port(env: Mapping[str, str], default: int) -> int:
    raw = _read(env, "HNPM_SMTP_PORT")
    if raw is None:
        return default

    try:
        port = int(raw)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise ValueError(
            f"HNPM_SMTP_PORT must be an integer from 1 to 65535, got {raw!r}; unset "
            f"it to use {default}, the default port of the HNPM_SMTP_TLS mode."
        )
    return port


def _is_address(value: str) -> bool:
    name, address = parseaddr(value)
    local, _, domain = address.partition("@")
    return bool(local) and "." in domain and not name and address == value


def _read_sender(env: Mapping[str, str]) -> str:
    sender = _read(env, "HNPM_NOTIFY_FROM")
    if sender is None:
        raise ValueError(
            "HNPM_NOTIFY_FROM is missing: set it to the address that notifications "
            "come from, such as hnpm@example.edu, or unset HNPM_SMTP_HOST."
        )
    if not _is_address(sender):
        raise ValueError(
            "HNPM_NOTIFY_FROM must be a bare e-mail address such as "
            f"hnpm@example.edu, got {sender!r}."
        )
    return sender


def _read_recipients(env: Mapping[str, str]) -> tuple[str, ...]:
    raw = _read(env, "HNPM_NOTIFY_TO") or ""
    recipients = tuple(part.strip() for part in raw.split(",") if part.strip())
    invalid = [address for address in recipients if not _is_address(address)]
    if not recipients:
        raise ValueError(
            "HNPM_NOTIFY_TO is missing: set it to the coordinators' e-mail "
            "addresses, separated by commas, or unset HNPM_SMTP_HOST."
        )
    if invalid:
        raise ValueError(
            "HNPM_NOTIFY_TO must list bare e-mail addresses separated by commas; "
            f"these are invalid: {', '.join(repr(item) for item in invalid)}."
        )
    return recipients


def _read_public_url(env: Mapping[str, str], default: str) -> str:
    url = (_read(env, "HNPM_PUBLIC_URL") or default).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            "HNPM_PUBLIC_URL must be the http:// or https:// address at which "
            f"coordinators open the web app, such as https://hnpm.example.edu; got "
            f"{url!r}."
        )
    return url


def _read_apprise_urls(env: Mapping[str, str]) -> tuple[str, ...]:
    raw = _read(env, "HNPM_APPRISE_URLS")
    if raw is None:
        return ()

    # Imported here because apprise loads its plugins on import, which only the
    # processes with webhooks configured need.
    import apprise

    parts = raw.replace(" ", ",").split(",")
    urls = tuple(part.strip() for part in parts if part.strip())
    for position, url in enumerate(urls, start=1):
        if not apprise.Apprise().add(url):
            # The URL itself is not shown, because it may contain a webhook token.
            raise ValueError(
                f"HNPM_APPRISE_URLS: URL {position} of {len(urls)} is not a valid "
                "apprise URL; see https://github.com/caronc/apprise/wiki for the "
                "schema of each service."
            )
    return urls
