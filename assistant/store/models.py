"""Tables and mapped classes of the store.

Each class is a dataclass mapped declaratively onto an explicit `Table` (the
"declarative with imperative table" style of SQLAlchemy 1.4). Queries refer to columns
through the tables (`mentors.c.email`), which keeps them typed for mypy. Every
timestamp is stored as naive UTC and read back as an aware UTC datetime. A change
here needs a new migration in migrations/versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import registry, relationship
from sqlalchemy.types import TypeDecorator

from assistant.notify.settings import CHANNELS as NOTIFICATION_CHANNELS
from assistant.profiles import MENTOR_STATUSES

# A match request is pending until a coordinator decides. Approved is the active
# match, which counts against the mentor's capacity. Declined means a coordinator
# rejected it, and cancelled that it was withdrawn or replaced before a decision.
# Ended is an approved match that a rematch request closed.
MATCH_STATUSES = ("pending", "approved", "declined", "cancelled", "ended")
# Statuses of a mentee's open match, of which each mentee may have at most one.
OPEN_MATCH_STATUSES = ("pending", "approved")
MATCH_SOURCES = ("mentee_choice", "cohort")
REMATCH_REQUESTERS = ("mentee", "mentor")
HANDOFF_STATUSES = ("open", "claimed", "resolved")
HANDOFF_PRIORITIES = ("urgent", "high", "normal")
TRANSCRIPT_SENDERS = ("user", "bot", "coordinator")
# A notification stays pending until the server accepts it (sent) or the sender
# gives up after the maximum number of attempts (failed).
NOTIFICATION_STATUSES = ("pending", "sent", "failed")

# Fixed constraint names, so that migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):  # type: ignore[misc]  # SQLAlchemy 1.4 is untyped
    """A timestamp stored as naive UTC and returned as an aware UTC datetime.

    Binding a naive datetime raises ValueError, because its time zone is unknown.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()}: pass an aware one")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


mentors = Table(
    "mentors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False, unique=True),
    Column("status", String(20), nullable=False),
    Column("program", String(50), nullable=False),
    Column("graduation_year", Integer),
    Column("support_areas", JSON, nullable=False),
    Column("themes", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("meeting_modes", JSON, nullable=False),
    Column("availability", JSON, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("background", Text, nullable=False),
    Column("bio", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint(_in("status", MENTOR_STATUSES), name="status"),
    CheckConstraint("capacity >= 0", name="capacity"),
)

intakes = Table(
    "intakes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("preferred_name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("program", String(50), nullable=False),
    Column("student_status", String(20), nullable=False),
    Column("support_areas", JSON, nullable=False),
    Column("meeting_modes", JSON, nullable=False),
    Column("availability", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("background", JSON, nullable=False),
    Column("consent", Boolean, nullable=False),
    Column("most_important", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
)

match_requests = Table(
    "match_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("intake_id", ForeignKey("intakes.id"), nullable=False),
    Column("mentor_id", ForeignKey("mentors.id"), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("reason", Text),  # why a coordinator declined or a request was cancelled
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("source", String(20), nullable=False, server_default="mentee_choice"),
    Column("score", Float),
    Column("reasons", JSON, nullable=False, server_default=text("'[]'")),
    Column("decided_at", UTCDateTime),
    Column("decided_by", ForeignKey("coordinators.id", ondelete="SET NULL")),
    Column("ended_at", UTCDateTime),
    Column("ended_by", String(20)),  # one of REMATCH_REQUESTERS
    Column("end_reason", Text),
    CheckConstraint(_in("status", MATCH_STATUSES), name="status"),
    CheckConstraint(_in("source", MATCH_SOURCES), name="source"),
    # The store enforces one open match per mentee, so that choosing twice or a
    # cohort run never leaves a mentee with two pending or approved matches.
    Index(
        "uq_match_requests_open_sender",
        "sender_id",
        unique=True,
        sqlite_where=text(_in("status", OPEN_MATCH_STATUSES)),
        postgresql_where=text(_in("status", OPEN_MATCH_STATUSES)),
    ),
)

handoffs = Table(
    "handoffs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("category", String(30), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("claimed_at", UTCDateTime),
    Column("resolved_at", UTCDateTime),
    Column("intake_id", ForeignKey("intakes.id")),
    Column("notices", JSON, nullable=False),
    Column("resources", JSON, nullable=False),
    Column("claimed_by", ForeignKey("coordinators.id", ondelete="SET NULL")),
    # True while a coordinator holds the conversation and the bot is silent.
    Column("bot_paused", Boolean, nullable=False, server_default=false()),
    Column("resolution_note", Text),
    CheckConstraint(_in("priority", HANDOFF_PRIORITIES), name="priority"),
    CheckConstraint(_in("status", HANDOFF_STATUSES), name="status"),
)

transcript_entries = Table(
    "transcript_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handoff_id", ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("sender", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("timestamp", UTCDateTime, nullable=False),
    UniqueConstraint("handoff_id", "position", name="uq_transcript_entries_position"),
    CheckConstraint(_in("sender", TRANSCRIPT_SENDERS), name="sender"),
)

# The outbox of coordinator notifications: one row per new handoff and channel,
# written in the handoff's transaction and sent later by the web app.
notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handoff_id", ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    # While an attempt runs, this is the end of its lease, after which another
    # sender may retry the row.
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    UniqueConstraint("handoff_id", "channel", name="uq_notifications_channel"),
    CheckConstraint(_in("channel", NOTIFICATION_CHANNELS), name="channel"),
    CheckConstraint(_in("status", NOTIFICATION_STATUSES), name="status"),
    CheckConstraint("attempts >= 0", name="attempts"),
    Index("ix_notifications_due", "status", "next_attempt_at"),
)

coordinators = Table(
    "coordinators",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
)

coordinator_tokens = Table(
    "coordinator_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column(
        "coordinator_id",
        ForeignKey("coordinators.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("expires_at", UTCDateTime, nullable=False),
)


@mapper_registry.mapped
@dataclass
class Mentor:
    """One mentor of the roster; `email` (lowercase) identifies the mentor."""

    __table__ = mentors

    name: str
    email: str
    status: str  # one of MENTOR_STATUSES
    program: str
    graduation_year: int | None
    support_areas: list[str]
    themes: list[str]
    languages: list[str]
    meeting_modes: list[str]
    availability: list[str]
    capacity: int
    active: bool = True
    background: str = ""
    bio: str = ""
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    id: int = field(init=False)


@mapper_registry.mapped
@dataclass
class Intake:
    """One completed intake, with the fields of `MenteeProfile`."""

    __table__ = intakes

    sender_id: str
    preferred_name: str
    email: str
    program: str
    student_status: str
    support_areas: list[str]
    meeting_modes: list[str]
    availability: list[str]
    languages: list[str]
    background: list[str]
    consent: bool
    most_important: str | None = None
    created_at: datetime = field(default_factory=utc_now)
    id: int = field(init=False)


@mapper_registry.mapped
@dataclass
class MatchRequest:
    """A mentee's request for one mentor, which a coordinator approves or declines."""

    __table__ = match_requests

    sender_id: str
    intake_id: int
    mentor_id: int
    status: str = "pending"  # one of MATCH_STATUSES
    reason: str | None = None
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    source: str = "mentee_choice"  # one of MATCH_SOURCES
    score: float | None = None  # the matcher's score when the request was made
    reasons: list[str] = field(default_factory=list)
    decided_at: datetime | None = None
    decided_by: int | None = None  # coordinator id
    ended_at: datetime | None = None
    ended_by: str | None = None  # one of REMATCH_REQUESTERS
    end_reason: str | None = None
    id: int = field(init=False)


@mapper_registry.mapped
@dataclass
class TranscriptEntry:
    """One message of the conversation that a handoff passes to a coordinator."""

    __table__ = transcript_entries

    position: int  # 0-based order within the handoff
    sender: str  # one of TRANSCRIPT_SENDERS
    text: str
    timestamp: datetime
    handoff_id: int = field(init=False)
    id: int = field(init=False)


@mapper_registry.mapped
@dataclass
class Handoff:
    """A conversation passed to a human coordinator, with its deadline."""

    __table__ = handoffs
    __mapper_args__ = {
        "properties": {
            "transcript": relationship(
                TranscriptEntry,
                order_by=transcript_entries.c.position,
                cascade="all, delete-orphan",
            )
        }
    }

    sender_id: str
    category: str
    priority: str  # one of HANDOFF_PRIORITIES
    due_at: datetime
    status: str = "open"  # one of HANDOFF_STATUSES
    intake_id: int | None = None
    notices: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    created_at: datetime = field(default_factory=utc_now)
    claimed_at: datetime | None = None
    resolved_at: datetime | None = None
    claimed_by: int | None = None  # coordinator id
    bot_paused: bool = False
    resolution_note: str | None = None
    transcript: list[TranscriptEntry] = field(default_factory=list)
    id: int = field(init=False)


@mapper_registry.mapped
@dataclass
class Coordinator:
    """A staff account of the coordinator console."""

    __table__ = coordinators

    email: str  # lowercase
    password_hash: str
    failed_logins: int = 0  # consecutive failures since the last success or lock
    locked_until: datetime | None = None
    created_at: datetime = field(default_factory=utc_now)
    id: int = field(init=False)


@mapper_registry.mapped
@dataclass
class CoordinatorToken:
    """A console session token, stored as its SHA-256 digest only."""

    __table__ = coordinator_tokens

    token_hash: str
    coordinator_id: int
    expires_at: datetime
    id: int = field(init=False)
