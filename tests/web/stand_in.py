"""A stand-in for the Rasa and action servers, served by uvicorn on loopback.

It is a real HTTP server (uvicorn in a thread) that serves the three endpoints the
web app calls: Rasa's GET /status and POST /webhooks/rest/webhook, and the action
server's GET /health. Training a real Rasa model is too slow for these tests, so
the end-to-end tests cover the real servers.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class StandInState:
    """What the stand-in server returns, and the webhook bodies it received."""

    model_file: str | None = "models/20261204-test.tar.gz"
    webhook_status: int = 200
    webhook_reply: Any = None  # None: echo the message back
    received: list[dict[str, Any]] = field(default_factory=list)


def build_stand_in(state: StandInState) -> Starlette:
    async def status(request: Request) -> JSONResponse:
        return JSONResponse({"model_file": state.model_file, "model_id": "test"})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def webhook(request: Request) -> Response:
        body = await request.json()
        state.received.append(body)
        if state.webhook_status != 200:
            return Response("failure", status_code=state.webhook_status)
        if state.webhook_reply is not None:
            return JSONResponse(state.webhook_reply)
        text = f"echo: {body['message']}"
        return JSONResponse([{"recipient_id": body["sender"], "text": text}])

    return Starlette(
        routes=[
            Route("/status", status),
            Route("/health", health),
            Route("/webhooks/rest/webhook", webhook, methods=["POST"]),
        ]
    )


@dataclass
class StandIn:
    url: str
    state: StandInState


@contextmanager
def serve_stand_in() -> Iterator[StandIn]:
    """Serve a stand-in on a free loopback port until the block ends."""
    state = StandInState()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # ws="none" because uvicorn's WebSocket support fails with Rasa's websockets 10.4.
    config = uvicorn.Config(
        build_stand_in(state), log_level="warning", lifespan="off", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()

    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the stand-in server did not start within 10 s")
        time.sleep(0.01)
    try:
        yield StandIn(f"http://127.0.0.1:{port}", state)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
