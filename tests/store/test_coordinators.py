"""Tests of coordinator accounts: hashing, admin creation, lockout and tokens."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from assistant.store import (
    Database,
    authenticate,
    coordinator_for_token,
    create_coordinator,
    ensure_admin,
    issue_token,
)
from assistant.store.coordinators import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    TOKEN_LIFETIME,
    hash_password,
    verify_password,
)
from assistant.store.models import coordinator_tokens, coordinators

NOW = datetime(2026, 3, 6, 15, 0, tzinfo=timezone.utc)
EMAIL = "coordinator@example.edu"
PASSWORD = "correct horse battery"


@pytest.fixture
def coordinator_id(database: Database) -> int:
    with database.session() as session:
        return create_coordinator(session, EMAIL, PASSWORD)


def test_hash_password_uses_fresh_salt() -> None:
    first = hash_password(PASSWORD)
    second = hash_password(PASSWORD)

    assert first.startswith("scrypt$16384$8$1$")
    assert first != second
    assert verify_password(PASSWORD, first)
    assert verify_password(PASSWORD, second)


def test_verify_password_rejects_wrong_or_corrupt_hash() -> None:
    stored = hash_password(PASSWORD)

    assert not verify_password("wrong password", stored)
    assert not verify_password(PASSWORD, "not a hash")
    assert not verify_password(PASSWORD, stored.replace("scrypt", "md5", 1))


def test_password_hash_is_stored_not_password(
    database: Database, coordinator_id: int
) -> None:
    with database.session() as session:
        stored = session.execute(
            select(coordinators.c.password_hash).where(
                coordinators.c.id == coordinator_id
            )
        ).scalar_one()

    assert PASSWORD not in stored
    assert verify_password(PASSWORD, stored)


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-address", PASSWORD, "must contain '@'"),
        ("new@example.edu", "short", "at least 8 characters"),
        (" Coordinator@Example.edu ", PASSWORD, "already exists"),
    ],
)
def test_create_coordinator_rejects_bad_input(
    database: Database, coordinator_id: int, email: str, password: str, message: str
) -> None:
    with database.session() as session:
        with pytest.raises(ValueError, match=message):
            create_coordinator(session, email, password)


def test_ensure_admin_creates_only_first_account(database: Database) -> None:
    with database.session() as session:
        first = ensure_admin(session, "admin@example.edu", PASSWORD)
    with database.session() as session:
        second = ensure_admin(session, "other@example.edu", "another password")

    assert first is True
    assert second is False
    with database.session() as session:
        assert authenticate(session, "admin@example.edu", PASSWORD).ok
        assert not authenticate(session, "other@example.edu", "another password").ok


def test_authenticate_accepts_any_email_case(
    database: Database, coordinator_id: int
) -> None:
    with database.session() as session:
        result = authenticate(session, "  COORDINATOR@example.edu", PASSWORD)

    assert result.ok
    assert result.coordinator_id == coordinator_id
    assert result.locked_until is None


def test_authenticate_rejects_bad_credentials(
    database: Database, coordinator_id: int
) -> None:
    with database.session() as session:
        wrong = authenticate(session, EMAIL, "wrong password")
        unknown = authenticate(session, "nobody@example.edu", PASSWORD)

    assert not wrong.ok
    assert wrong.locked_until is None
    assert not unknown.ok
    assert unknown.locked_until is None


def test_lockout_after_consecutive_failures(
    database: Database, coordinator_id: int
) -> None:
    with database.session() as session:
        for attempt in range(MAX_FAILED_LOGINS - 1):
            result = authenticate(session, EMAIL, "wrong", now=NOW)
            assert result.locked_until is None, attempt
        fifth = authenticate(session, EMAIL, "wrong", now=NOW)
        during = authenticate(
            session, EMAIL, PASSWORD, now=NOW + LOCKOUT - timedelta(seconds=1)
        )
        after = authenticate(session, EMAIL, PASSWORD, now=NOW + LOCKOUT)

    assert fifth.locked_until == NOW + LOCKOUT
    assert not during.ok
    assert during.locked_until == NOW + LOCKOUT
    assert after.ok


def test_success_resets_failure_count(database: Database, coordinator_id: int) -> None:
    with database.session() as session:
        for _ in range(MAX_FAILED_LOGINS - 1):
            authenticate(session, EMAIL, "wrong", now=NOW)
        assert authenticate(session, EMAIL, PASSWORD, now=NOW).ok
        for _ in range(MAX_FAILED_LOGINS - 1):
            result = authenticate(session, EMAIL, "wrong", now=NOW)

    assert result.locked_until is None


def test_token_identifies_coordinator_until_expiry(
    database: Database, coordinator_id: int
) -> None:
    with database.session() as session:
        token = issue_token(session, coordinator_id, now=NOW)

    with database.session() as session:
        valid = coordinator_for_token(session, token, now=NOW + TOKEN_LIFETIME / 2)
        expired = coordinator_for_token(session, token, now=NOW + TOKEN_LIFETIME)
        unknown = coordinator_for_token(session, token + "x", now=NOW)

    assert valid == coordinator_id
    assert expired is None
    assert unknown is None


def test_token_is_stored_hashed(database: Database, coordinator_id: int) -> None:
    with database.session() as session:
        token = issue_token(session, coordinator_id, now=NOW)
        stored = (
            session.execute(select(coordinator_tokens.c.token_hash)).scalars().all()
        )

    assert len(token) >= 40
    assert token not in stored
    assert len(stored) == 1


def test_issue_token_deletes_expired_tokens(
    database: Database, coordinator_id: int
) -> None:
    with database.session() as session:
        issue_token(session, coordinator_id, now=NOW)
        issue_token(session, coordinator_id, now=NOW + TOKEN_LIFETIME)
        stored = session.execute(select(coordinator_tokens.c.id)).scalars().all()

    assert len(stored) == 1
