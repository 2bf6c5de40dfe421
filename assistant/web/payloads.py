"""Reading JSON request bodies and writing JSON error responses."""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

logger = logging.getLogger(__name__)

# Larger bodies are not read. No client of this app sends more than a chat message.
MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(Exception):
    """The request body is longer than the limit."""


class InvalidJSON(Exception):
    """The request body is empty, not valid JSON, or nested too deeply to parse."""


async def read_json(request: Request, max_bytes: int = MAX_BODY_BYTES) -> Any:
    """Read and parse the JSON body, stopping after `max_bytes` bytes.

    Raises BodyTooLarge or InvalidJSON.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge(f"body of {declared} bytes exceeds {max_bytes}")

    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge(f"body exceeds {max_bytes} bytes")
        chunks.append(chunk)

    body = b"".join(chunks)
    if not body.strip():
        raise InvalidJSON("empty body")
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise InvalidJSON(str(error)) from None


def error_response(
    status_code: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Build a JSON response of the form {"error": message}."""
    return JSONResponse({"error": message}, status_code=status_code, headers=headers)
