"""Blocking senders of one notification over SMTP or apprise.

Both raise DeliveryError when the message was not accepted, so the caller records
the error and retries. They block, so the asynchronous sender runs them in a thread.
"""

from __future__ import annotations

import email.policy
import logging
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from assistant.notify.message import NotificationText
from assistant.notify.settings import NotifySettings

logger = logging.getLogger(__name__)

# Seconds that one SMTP connect, command or reply may take.
SMTP_TIMEOUT = 20.0
# Seconds that one apprise call, all URLs together, may take.
APPRISE_TIMEOUT = 20.0
# Headers are not folded below RFC 5322's hard limit of 998 characters, because
# Python 3.10's folding of some subjects near 78 characters moves the whole subject
# to a continuation line, which mail clients then show with a leading space.
EMAIL_POLICY = email.policy.SMTP.clone(max_line_length=998)


class DeliveryError(Exception):
    """A channel's rejection of a notification, with the reason as its message."""


def build_email(settings: NotifySettings, text: NotificationText) -> EmailMessage:
    """Build the e-mail of a notification to every address of HNPM_NOTIFY_TO."""
    if settings.sender is None or not settings.recipients:
        raise DeliveryError("e-mail is not configured: HNPM_SMTP_HOST is unset")

    message = EmailMessage(policy=EMAIL_POLICY)
    message["Subject"] = text.subject
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    # An explicit domain, because make_msgid() otherwise looks up the host's FQDN.
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
    message.set_content(text.body)
    return message


def send_email(settings: NotifySettings, message: EmailMessage) -> None:
    """Send the message through the SMTP server of the settings.

    Uses STARTTLS or implicit TLS, with certificate verification, when HNPM_SMTP_TLS
    is starttls or ssl, and logs in when a user is set.
    """
    if settings.smtp_host is None:
        raise DeliveryError("e-mail is not configured: HNPM_SMTP_HOST is unset")

    # EHLO names the host without a DNS lookup, unlike smtplib's default getfqdn().
    local_hostname = socket.gethostname()
    try:
        if settings.smtp_tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host,
                settings.smtp_port,
                local_hostname=local_hostname,
                timeout=SMTP_TIMEOUT,
                context=ssl.create_default_context(),
            )
        else:
            client = smtplib.SMTP(
                settings.smtp_host,
                settings.smtp_port,
                local_hostname=local_hostname,
                timeout=SMTP_TIMEOUT,
            )
        with client:
            if settings.smtp_tls == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_user is not None and settings.smtp_password is not None:
                client.login(settings.smtp_user, settings.smtp_password)
            refused = client.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        where = f"{settings.smtp_host}:{settings.smtp_port}"
        raise DeliveryError(
            f"SMTP to {where} failed: {type(error).__name__}: {error}"
        ) from error

    if refused:
        # The server took the message for the other recipients, so a retry would
        # send them a second copy. The refusal is logged, not retried.
        logger.error(
            "The SMTP server rejected %d of %d recipients: %s",
            len(refused),
            len(settings.recipients),
            ", ".join(f"{code} {reply!r}" for code, reply in refused.values()),
        )


def send_apprise(settings: NotifySettings, text: NotificationText) -> None:
    """Post the notification to every URL of HNPM_APPRISE_URLS."""
    if not settings.apprise_urls:
        raise DeliveryError("webhooks are not configured: HNPM_APPRISE_URLS is unset")

    # Imported here because apprise loads its plugins on import, which only the
    # processes with webhooks configured need.
    import apprise

    notifier = apprise.Apprise()
    for url in settings.apprise_urls:
        notifier.add(url)
    result = notifier.notify(
        body=text.body, title=text.subject, timeout=APPRISE_TIMEOUT
    )
    if not result:
        # NOTE: apprise reports one result for all URLs, so a retry posts again to
        # the services that accepted the first attempt.
        failed = sum(1 for service in result if not service)
        raise DeliveryError(
            f"apprise failed with status {result.status.name}: {failed} of "
            f"{len(settings.apprise_urls)} services did not accept the notification"
        )
