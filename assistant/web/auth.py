"""Coordinator login and bearer-token checks for the console API."""

from __future__ import annotations

import logging
import math
from datetime import datetime, timezone
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from assistant.store import (
    Database,
    LoginResult,
    authenticate,
    coordinator_for_token,
    issue_token,
)
from assistant.web.payloads import (
    BodyTooLarge,
    InvalidJSON,
    error_response,
    read_json,
)
from assistant.web.services import get_services

logger = logging.getLogger(__name__)

MAX_EMAIL_LENGTH = 320  # the size of the email column in the store
MAX_PASSWORD_LENGTH = 1024
MAX_LOGIN_BODY_BYTES = 8 * 1024

LOGIN_BODY_HELP = (
    'The request body must be a JSON object with non-empty string fields "email" '
    f'(at most {MAX_EMAIL_LENGTH} characters) and "password" (at most '
    f"{MAX_PASSWORD_LENGTH} characters)."
)


async def login_endpoint(request: Request) -> JSONResponse:
    """Exchange an email and password for a console token.

    Responds 200 {"token": ...}, 400 for a malformed body, 401 for wrong
    credentials, and 429 while the account is locked after repeated failures.
    """
    try:
        body = await read_json(request, MAX_LOGIN_BODY_BYTES)
    except (BodyTooLarge, InvalidJSON) as error:
        return error_response(400, f"Invalid request body ({error}). {LOGIN_BODY_HELP}")
    credentials = _parse_credentials(body)
    if credentials is None:
        return error_response(400, LOGIN_BODY_HELP)

    database = get_services(request).database
    result, token = await run_in_threadpool(_login, database, *credentials)
    if result.locked_until is not None:
        return _locked_response(result.locked_until)
    if token is None:
        logger.warning("Failed console login")
        return error_response(401, "Invalid email or password.")

    logger.info("Coordinator %s logged in", result.coordinator_id)
    return JSONResponse({"token": token}, headers={"Cache-Control": "no-store"})


async def authorized_coordinator(request: Request) -> int | None:
    """Return the id of the coordinator whose bearer token came with the request.

    Returns None when the Authorization header is missing or malformed, or when it
    contains an unknown or expired token.
    """
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None

    database = get_services(request).database
    return await run_in_threadpool(_lookup_token, database, token)


def unauthorized_response() -> JSONResponse:
    """Build the 401 response for a request without a valid token."""
    return error_response(
        401,
        "Missing, invalid or expired bearer token. "
        "Get a token from POST /api/login and send it as "
        '"Authorization: Bearer <token>".',
        headers={"WWW-Authenticate": "Bearer"},
    )


def _parse_credentials(body: Any) -> tuple[str, str] | None:
    if not isinstance(body, dict):
        return None
    email = body.get("email")
    password = body.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    if not email.strip() or not password:
        return None
    if len(email) > MAX_EMAIL_LENGTH or len(password) > MAX_PASSWORD_LENGTH:
        return None
    return email, password


def _login(
    database: Database, email: str, password: str
) -> tuple[LoginResult, str | None]:
    with database.session() as session:
        result = authenticate(session, email, password)
        if result.coordinator_id is None:
            return result, None
        return result, issue_token(session, result.coordinator_id)


def _lookup_token(database: Database, token: str) -> int | None:
    with database.session() as session:
        return coordinator_for_token(session, token)


def _locked_response(locked_until: datetime) -> JSONResponse:
    seconds = (locked_until - datetime.now(timezone.utc)).total_seconds()
    retry_after = max(1, math.ceil(seconds))
    until = locked_until.astimezone(timezone.utc).strftime("%H:%M UTC")
    return error_response(
        429,
        f"Too many failed logins: this account is locked until {until}. "
        "Try again after that time.",
        headers={"Retry-After": str(retry_after)},
    )
