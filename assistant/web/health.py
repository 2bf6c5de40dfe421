"""Readiness check of the Rasa server, the action server and the database."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from assistant.store import Database
from assistant.web.services import Services, get_services

logger = logging.getLogger(__name__)

# Short, so that a hung server makes the check fail instead of the caller time out.
CHECK_TIMEOUT = httpx.Timeout(2.0)


@dataclass(frozen=True)
class CheckResult:
    """Whether one dependency is ready, and why not."""

    ready: bool
    detail: str  # shown in the response
    log_detail: str = ""  # logged instead of `detail` when set, may name hosts


async def health_endpoint(request: Request) -> JSONResponse:
    """Respond 200 when Rasa, the action server and the database are all ready.

    Otherwise respond 503 and list the services that are not ready in "not_ready".
    Each entry of "checks" gives the reason.
    """
    services = get_services(request)
    client = services.client()
    settings = services.settings
    rasa, action_server, database = await asyncio.gather(
        check_rasa(client, settings.rasa_url),
        check_action_server(client, settings.action_url),
        check_database(services.database),
    )
    checks = {"rasa": rasa, "action_server": action_server, "database": database}
    _log_changes(services, checks)

    not_ready = [name for name, result in checks.items() if not result.ready]
    body: dict[str, object] = {
        "status": "unavailable" if not_ready else "ok",
        "checks": {
            name: {"ready": result.ready, "detail": result.detail}
            for name, result in checks.items()
        },
    }
    if not_ready:
        body["not_ready"] = not_ready
    return JSONResponse(
        body,
        status_code=503 if not_ready else 200,
        headers={"Cache-Control": "no-store"},
    )


async def check_rasa(client: httpx.AsyncClient, rasa_url: str) -> CheckResult:
    """Check that GET /status returns 200 with a loaded model ("model_file").

    Rasa serves /status only when started with --enable-api.
    """
    url = f"{rasa_url}/status"
    try:
        response = await client.get(url, timeout=CHECK_TIMEOUT)
    except httpx.HTTPError as error:
        return CheckResult(False, _describe_error(url, error))
    if response.status_code != 200:
        return CheckResult(
            False,
            f"GET {url} returned HTTP {response.status_code}; "
            "start Rasa with --enable-api",
        )

    try:
        status = response.json()
    except ValueError:
        return CheckResult(False, f"GET {url} returned a body that is not JSON")
    model_file = status.get("model_file") if isinstance(status, dict) else None
    if not isinstance(model_file, str) or not model_file:
        return CheckResult(False, f"GET {url} reports no model loaded yet")
    return CheckResult(True, f"model {model_file} loaded")


async def check_action_server(
    client: httpx.AsyncClient, action_url: str
) -> CheckResult:
    """Check that the action server's GET /health returns 200."""
    url = f"{action_url}/health"
    try:
        response = await client.get(url, timeout=CHECK_TIMEOUT)
    except httpx.HTTPError as error:
        return CheckResult(False, _describe_error(url, error))
    if response.status_code != 200:
        return CheckResult(False, f"GET {url} returned HTTP {response.status_code}")
    return CheckResult(True, "responding")


async def check_database(database: Database) -> CheckResult:
    """Check that `SELECT 1` succeeds on the database."""
    try:
        await run_in_threadpool(database.ping)
    except SQLAlchemyError as error:
        # The driver's message may name hosts and users, so it goes to the log only.
        return CheckResult(
            False, f"SELECT 1 failed ({type(error).__name__})", log_detail=str(error)
        )
    return CheckResult(True, "SELECT 1 succeeded")


def _describe_error(url: str, error: httpx.HTTPError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"GET {url} timed out after {CHECK_TIMEOUT.read} s"
    if isinstance(error, httpx.ConnectError):
        return f"GET {url} failed: could not connect"
    return f"GET {url} failed ({type(error).__name__})"


def _log_changes(services: Services, checks: dict[str, CheckResult]) -> None:
    for name, result in checks.items():
        if services.last_health.get(name) == result.ready:
            continue
        services.last_health[name] = result.ready
        detail = result.log_detail or result.detail
        if result.ready:
            logger.info("Health check %s is ready: %s", name, detail)
        else:
            logger.warning("Health check %s is not ready: %s", name, detail)
