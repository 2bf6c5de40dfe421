"""Coordinator accounts: password hashing, login lockout and console tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assistant.store.mentors import normalize_email
from assistant.store.models import (
    Coordinator,
    CoordinatorToken,
    coordinator_tokens,
    coordinators,
    utc_now,
)

logger = logging.getLogger(__name__)

# scrypt cost: N=2**14, r=8, p=1 is the usual setting for interactive logins. Each
# hash needs 128 * N * r bytes = 16 MiB of memory.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_KEY_BYTES = 32
SALT_BYTES = 16
MIN_PASSWORD_LENGTH = 8

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
TOKEN_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class LoginResult:
    """The outcome of `authenticate`.

    `coordinator_id` is set only on success, and `locked_until` only when the
    account is locked.
    """

    coordinator_id: int | None = None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.coordinator_id is not None


def hash_password(password: str) -> str:
    """Hash a password with scrypt and a fresh random salt.

    The result has the form `scrypt$N$r$p$salt$key`, with salt and key in base64,
    so that the cost can be raised later without breaking stored hashes.
    """
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_KEY_BYTES)
    return "$".join(
        [
            "scrypt",
            str(SCRYPT_N),
            str(SCRYPT_R),
            str(SCRYPT_P),
            base64.b64encode(salt).decode("ascii"),
            base64.b64encode(key).decode("ascii"),
        ]
    )


def verify_password(password: str, stored: str) -> bool:
    """Check a password against a `hash_password` result in constant time."""
    try:
        scheme, n, r, p, salt_b64, key_b64 = stored.split("$")
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(key_b64, validate=True)
        cost = int(n), int(r), int(p)
    except ValueError:
        logger.error("Stored password hash has an invalid format")
        return False
    if scheme != "scrypt":
        logger.error("Stored password hash uses unknown scheme %r", scheme)
        return False

    key = _scrypt(password, salt, *cost, len(expected))
    return hmac.compare_digest(key, expected)


def create_coordinator(session: Session, email: str, password: str) -> int:
    """Insert a coordinator account and return its id.

    Raises ValueError for an address without "@", a password shorter than
    MIN_PASSWORD_LENGTH characters, or an email that already has an account.
    """
    email = normalize_email(email)
    if "@" not in email:
        raise ValueError(f"invalid coordinator email {email!r}: it must contain '@'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(
            f"coordinator password is too short: use at least "
            f"{MIN_PASSWORD_LENGTH} characters"
        )
    if _find(session, email) is not None:
        raise ValueError("a coordinator with this email already exists")

    coordinator = Coordinator(email=email, password_hash=hash_password(password))
    session.add(coordinator)
    session.flush()
    logger.info("Created coordinator %d", coordinator.id)
    return coordinator.id


def ensure_admin(session: Session, email: str, password: str) -> bool:
    """Create the first coordinator unless an account exists, and return whether it did.

    Existing accounts, this email's included, are left unchanged, so changing the
    admin variables later does not reset a password.
    """
    existing = session.execute(select(func.count(coordinators.c.id))).scalar_one()
    if existing:
        logger.debug("Coordinators exist; the admin account was not created")
        return False
    create_coordinator(session, email, password)
    return True


def authenticate(
    session: Session, email: str, password: str, now: datetime | None = None
) -> LoginResult:
    """Check a login and update the account's failure count and lock.

    After MAX_FAILED_LOGINS consecutive failures the account is locked for LOCKOUT,
    and while it is locked every attempt fails without checking the password.
    """
    now = now or utc_now()
    coordinator = _find(session, normalize_email(email))
    if coordinator is None:
        # Hashing anyway keeps the response time the same as for a known email.
        # NOTE: unknown emails are not counted, so they are never locked.
        hash_password(password)
        return LoginResult()

    if coordinator.locked_until is not None and now < coordinator.locked_until:
        return LoginResult(locked_until=coordinator.locked_until)

    if verify_password(password, coordinator.password_hash):
        coordinator.failed_logins = 0
        coordinator.locked_until = None
        session.flush()
        return LoginResult(coordinator_id=coordinator.id)

    coordinator.failed_logins += 1
    if coordinator.failed_logins >= MAX_FAILED_LOGINS:
        coordinator.failed_logins = 0
        coordinator.locked_until = now + LOCKOUT
        logger.warning(
            "Locked coordinator %d until %s after %d failed logins",
            coordinator.id,
            coordinator.locked_until.isoformat(),
            MAX_FAILED_LOGINS,
        )
        session.flush()
        return LoginResult(locked_until=coordinator.locked_until)
    session.flush()
    return LoginResult()


def issue_token(
    session: Session, coordinator_id: int, now: datetime | None = None
) -> str:
    """Create a console token valid for TOKEN_LIFETIME and return it.

    Only the token's SHA-256 digest is stored. Expired tokens are deleted here.
    """
    now = now or utc_now()
    session.execute(
        delete(coordinator_tokens).where(coordinator_tokens.c.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        CoordinatorToken(
            token_hash=_digest(token),
            coordinator_id=coordinator_id,
            expires_at=now + TOKEN_LIFETIME,
        )
    )
    session.flush()
    logger.info("Issued a console token to coordinator %d", coordinator_id)
    return token


def coordinator_for_token(
    session: Session, token: str, now: datetime | None = None
) -> int | None:
    """Return the id of the coordinator whose unexpired token this is, or None."""
    now = now or utc_now()
    query = select(coordinator_tokens.c.coordinator_id).where(
        coordinator_tokens.c.token_hash == _digest(token),
        coordinator_tokens.c.expires_at > now,
    )
    coordinator_id = session.execute(query).scalar_one_or_none()
    return None if coordinator_id is None else int(coordinator_id)


def revoke_token(session: Session, token: str) -> bool:
    """Delete a console token, and return whether it existed."""
    result = session.execute(
        delete(coordinator_tokens).where(
            coordinator_tokens.c.token_hash == _digest(token)
        )
    )
    session.flush()
    return bool(result.rowcount)


def coordinator_email(session: Session, coordinator_id: int) -> str | None:
    """Return the email of a coordinator account, or None when there is none."""
    coordinator = session.get(Coordinator, coordinator_id)
    return None if coordinator is None else coordinator.email


def _find(session: Session, email: str) -> Coordinator | None:
    query = select(Coordinator).where(coordinators.c.email == email)
    coordinator: Coordinator | None = session.execute(query).scalar_one_or_none()
    return coordinator


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length
    )
