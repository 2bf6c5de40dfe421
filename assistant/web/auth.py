"""Coordinator credentials of the console API: bearer tokens, session cookie, CSRF."""

from __future__ import annotations

import hashlib
import hmac
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
    coordinator_email,
    coordinator_for_token,
    issue_token,
    revoke_token,
)
from assistant.store.coordinators import TOKEN_LIFETIME
from assistant.store.mentors import normalize_email
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

SESSION_COOKIE = "hnpm_console"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NO_STORE = {"Cache-Control": "no-store"}

LOGIN_BODY_HELP = (
    'The request body must be a JSON object with non-empty string fields "email" '
    f'(at most {MAX_EMAIL_LENGTH} characters) and "password" (at most '
    f"{MAX_PASSWORD_LENGTH} characters)."
)


async def login_endpoint(request: Request) -> JSONResponse:
    """Exchange an email and password for a bearer token.

    Responds 200 {"token": ...}, 400 for a malformed body, 401 for wrong
    credentials, and 429 while the account is locked after repeated failures.
    """
    outcome = await _log_in(request)
    if isinstance(outcome, JSONResponse):
        return outcome
    return JSONResponse({"token": outcome[2]}, headers=NO_STORE)


async def session_login_endpoint(request: Request) -> JSONResponse:
    """Log in with the console's form and set the session cookie.

    Responds as POST /api/login does, but the token goes into an HttpOnly cookie,
    and the body has the coordinator's id and email, the session's CSRF token and
    the program's time zone.
    The body must be sent as application/json, which other sites' pages cannot
    send without this server's CORS consent, so no other site can log a browser in.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if content_type.lower() != "application/json":
        return error_response(415, "Send the login as Content-Type: application/json.")
    outcome = await _log_in(request)
    if isinstance(outcome, JSONResponse):
        return outcome

    response = JSONResponse(_session_body(request, *outcome), headers=NO_STORE)
    token = outcome[2]
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(TOKEN_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


async def session_endpoint(request: Request) -> JSONResponse:
    """Return the logged-in coordinator's session as the login does, or 401."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return error_response(401, "Not logged in.")
    database = get_services(request).database
    account = await run_in_threadpool(_account_for_token, database, token)
    if account is None:
        return error_response(401, "The session has expired or ended. Log in again.")
    return JSONResponse(_session_body(request, *account, token), headers=NO_STORE)


async def logout_endpoint(request: Request) -> JSONResponse:
    """End the cookie session: delete its token and the cookie."""
    coordinator_id = await authorized_coordinator(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    if coordinator_id is None or not token:
        return unauthorized_response(request)

    database = get_services(request).database
    await run_in_threadpool(_revoke, database, token)
    logger.info("Coordinator %d logged out", coordinator_id)
    response = JSONResponse({"ok": True}, headers=NO_STORE)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


async def authorized_coordinator(request: Request) -> int | None:
    """Return the id of the coordinator who sent the request, or None.

    A request is authorized by a bearer token or by the console's session cookie.
    With the cookie, a state-changing request (any method but GET, HEAD and
    OPTIONS) must also carry the session's CSRF token in the X-CSRF-Token header,
    because browsers attach cookies to requests that other sites start. Returns
    None when neither credential is valid or the CSRF token is missing or wrong.
    `unauthorized_response(request)` then builds the matching error.
    """
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token:
        return await _coordinator_for(request, token)

    cookie = request.cookies.get(SESSION_COOKIE, "")
    if not cookie:
        return None
    if request.method not in SAFE_METHODS and not _csrf_ok(request, cookie):
        request.state.auth_failure = "csrf"
        logger.warning("Rejected a cookie %s without CSRF token", request.method)
        return None
    return await _coordinator_for(request, cookie)


def unauthorized_response(request: Request | None = None) -> JSONResponse:
    """Build the 401 response for a request without valid credentials.

    Given the request, it returns 403 when only the CSRF token was missing or wrong.
    """
    if request is not None and getattr(request.state, "auth_failure", "") == "csrf":
        return error_response(
            403,
            "Missing or invalid CSRF token: send the csrf_token of GET /api/session "
            "in the X-CSRF-Token header.",
        )
    return error_response(
        401,
        "Missing, invalid or expired credentials. Log in on the console (which also "
        "sends the X-CSRF-Token header that changes need), or get a token from "
        'POST /api/login and send it as "Authorization: Bearer <token>".',
        headers={"WWW-Authenticate": "Bearer"},
    )


def csrf_token_for(session_token: str) -> str:
    """Derive the CSRF token of a console session from its secret session token.

    Only a page that can read the session's own responses learns it, because the
    session token sits in an HttpOnly cookie.
    """
    digest = hashlib.sha256(f"csrf:{session_token}".encode()).hexdigest()
    return digest


async def _coordinator_for(request: Request, token: str) -> int | None:
    database = get_services(request).database
    return await run_in_threadpool(_lookup_token, database, token)


def _csrf_ok(request: Request, session_token: str) -> bool:
    sent = request.headers.get(CSRF_HEADER, "")
    return bool(sent) and hmac.compare_digest(sent, csrf_token_for(session_token))


async def _log_in(request: Request) -> tuple[int, str, str] | JSONResponse:
    """Check the login body and issue a token.

    Returns (coordinator id, email, token), or the error response to send.
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
    assert result.coordinator_id is not None  # a token is issued only on success
    return result.coordinator_id, normalize_email(credentials[0]), token


def _session_body(
    request: Request, coordinator_id: int, email: str, token: str
) -> dict[str, Any]:
    # The console shows due times in the program office's time zone, the one the
    # bot names them in.
    return {
        "coordinator_id": coordinator_id,
        "email": email,
        "csrf_token": csrf_token_for(token),
        "time_zone": get_services(request).settings.time_zone.key,
    }


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


def _account_for_token(database: Database, token: str) -> tuple[int, str] | None:
    with database.session() as session:
        coordinator_id = coordinator_for_token(session, token)
        if coordinator_id is None:
            return None
        email = coordinator_email(session, coordinator_id)
        return None if email is None else (coordinator_id, email)


def _revoke(database: Database, token: str) -> None:
    with database.session() as session:
        revoke_token(session, token)


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
