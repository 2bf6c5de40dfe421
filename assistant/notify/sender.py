"""The web app's loop that sends queued notifications and retries failed ones."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from assistant.notify.channels import (
    DeliveryError,
    build_email,
    send_apprise,
    send_email,
)
from assistant.notify.message import build_text
from assistant.notify.settings import EMAIL_CHANNEL, NotifySettings
from assistant.store import Database
from assistant.store.models import utc_now
from assistant.store.notifications import (
    DueNotification,
    claim_due_notifications,
    mark_sent,
    record_failure,
)

logger = logging.getLogger(__name__)

DATABASE_WARNING_EVERY = 60


@dataclass(frozen=True)
class RetryPolicy:
    """When to retry a failed notification and when to give up.

    The n-th retry waits `first_delay * 2 ** (n - 1)`, at most `max_delay`. With the
    defaults, the retries come after 30 s, 1, 2, 4, 8, 16 and 32 minutes, and the
    sender gives up about an hour after the handoff.
    """

    max_attempts: int = 8
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)
    # Longer than an attempt may take (SMTP_TIMEOUT per command), so that no other
    # sender retries a row while its attempt still runs.
    lease: timedelta = timedelta(minutes=5)

    def delay(self, attempt: int) -> timedelta:
        """Return the wait after the failed attempt number `attempt` (from 1)."""
        delay: timedelta = self.first_delay * 2 ** (attempt - 1)
        return min(delay, self.max_delay)


class NotificationSender:
    """Sends due notifications from the outbox every `poll_interval` seconds.

    The rows come from other processes (the action server creates handoffs), so the
    sender polls the database.
    """

    def __init__(
        self,
        database: Database,
        settings: NotifySettings,
        time_zone: ZoneInfo,
        *,
        retry: RetryPolicy | None = None,
        poll_interval: float = 5.0,
    ) -> None:
        self.database = database
        self.settings = settings
        self.time_zone = time_zone
        self.retry = retry or RetryPolicy()
        self.poll_interval = poll_interval
        self._stopping = threading.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._database_failures = 0  # consecutive polls that failed on the database

    def start(self) -> None:
        """Start the loop as a task of the running event loop."""
        self._stopping.clear()
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self.run(), name="notification-sender")

    async def stop(self) -> None:
        """Stop the loop after the notification being sent, if any, is done."""
        if self._task is None:
            return
        self._stopping.set()
        self._wake.set()
        await self._task
        self._task = None

    async def run(self) -> None:
        """Send due notifications until `stop()`; errors are logged, not raised."""
        logger.info(
            "Notification sender started: channels %s, polling every %.1f s",
            ", ".join(self.settings.channels) or "none",
            self.poll_interval,
        )
        while not self._stopping.is_set():
            try:
                await asyncio.to_thread(self.send_due)
                self._note_database_up()
            except SQLAlchemyError as error:
                self._note_database_down(error)
            except Exception:
                # The loop must outlive a bug in one batch, because every later
                # handoff depends on it; the row is retried after its lease.
                logger.exception("The notification sender failed; it continues")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)
            except asyncio.TimeoutError:
                pass
        logger.info("Notification sender stopped")

    def _note_database_down(self, error: SQLAlchemyError) -> None:
        self._database_failures += 1
        # While the database is down, a warning every DATABASE_WARNING_EVERY polls
        # (about 5 minutes at the default interval) keeps the log readable.
        if self._database_failures % DATABASE_WARNING_EVERY == 1:
            logger.warning(
                "Reading the notification outbox failed (consecutive failures: %d): %s",
                self._database_failures,
                error,
            )

    def _note_database_up(self) -> None:
        if self._database_failures:
            logger.info(
                "The notification outbox is readable again after %d failed polls",
                self._database_failures,
            )
        self._database_failures = 0

    def send_due(self, now: datetime | None = None) -> int:
        """Claim the due notifications, send them and record each outcome.

        Blocks; returns the number of notifications attempted.
        """
        now = now or utc_now()
        with self.database.session() as session:
            claimed = claim_due_notifications(session, now, self.retry.lease)

        for notification in claimed:
            if self._stopping.is_set():
                # The unsent rows of this batch are retried after their lease.
                break
            self._attempt(notification)
        return len(claimed)

    def _attempt(self, notification: DueNotification) -> None:
        text = build_text(notification, self.settings.public_url, self.time_zone)
        try:
            if notification.channel == EMAIL_CHANNEL:
                send_email(self.settings, build_email(self.settings, text))
            else:
                send_apprise(self.settings, text)
        except DeliveryError as error:
            self._record_failure(notification, str(error))
            return

        with self.database.session() as session:
            mark_sent(session, notification.id, utc_now())
        logger.info(
            "Sent the %s notification %d of handoff %d (attempt %d)",
            notification.channel,
            notification.id,
            notification.handoff_id,
            notification.attempt,
        )

    def _record_failure(self, notification: DueNotification, error: str) -> None:
        retry_at = None
        if notification.attempt < self.retry.max_attempts:
            retry_at = utc_now() + self.retry.delay(notification.attempt)
        with self.database.session() as session:
            record_failure(session, notification.id, error, retry_at)

        if retry_at is None:
            logger.error(
                "Gave up on the %s notification %d of handoff %d after %d attempts: %s",
                notification.channel,
                notification.id,
                notification.handoff_id,
                notification.attempt,
                error,
            )
            return
        logger.warning(
            "The %s notification %d of handoff %d failed (attempt %d of %d); "
            "retrying at %s: %s",
            notification.channel,
            notification.id,
            notification.handoff_id,
            notification.attempt,
            self.retry.max_attempts,
            retry_at.isoformat(timespec="seconds"),
            error,
        )


def start_notification_sender(
    database: Database, settings: NotifySettings, time_zone: ZoneInfo
) -> NotificationSender | None:
    """Start the sender when a channel is configured, and log which channels are off.

    Returns None, and starts nothing, when neither e-mail nor apprise is configured.
    Must be called from a running event loop.
    """
    if settings.smtp_host is None:
        logger.info("E-mail notification of handoffs is off: HNPM_SMTP_HOST is unset")
    if not settings.apprise_urls:
        logger.info(
            "Webhook notification of handoffs is off: HNPM_APPRISE_URLS is unset"
        )
    if not settings.channels:
        return None

    sender = NotificationSender(database, settings, time_zone)
    sender.start()
    return sender
