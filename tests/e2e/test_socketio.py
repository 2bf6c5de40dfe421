"""Messages over Rasa's socket.io channel, the one the chat widget uses."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import socketio

from tests.e2e.conftest import Servers
from tests.e2e.test_conversation import BAD_INPUTS

pytestmark = pytest.mark.e2e

REPLY_TIMEOUT_SECONDS = 60
# Rasa sends each bot message of a turn as its own event, and the last one arrives
# shortly after the first. The test collects events for this long after the first.
SETTLE_SECONDS = 2.0


async def exchange(servers: Servers, message: str) -> list[dict[str, Any]]:
    """Send one message on a new socket.io connection and collect the bot's replies."""
    client = socketio.AsyncClient()
    replies: list[dict[str, Any]] = []
    first_reply = asyncio.Event()

    @client.on("bot_uttered")
    async def on_bot_uttered(data: dict[str, Any]) -> None:
        replies.append(data)
        first_reply.set()

    await client.connect(
        servers.rasa_url, socketio_path="/socket.io", transports=["polling"]
    )
    try:
        await client.emit("user_uttered", {"message": message})
        await asyncio.wait_for(first_reply.wait(), REPLY_TIMEOUT_SECONDS)
        await asyncio.sleep(SETTLE_SECONDS)
    finally:
        await client.disconnect()
    return replies


async def test_socketio_greeting_reply(servers: Servers) -> None:
    replies = await exchange(servers, "hello")
    assert any("Title IX" in str(reply.get("text", "")) for reply in replies)


@pytest.mark.parametrize("message", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
async def test_socketio_bad_input_reply(servers: Servers, message: str) -> None:
    replies = await exchange(servers, message)
    assert replies, "no bot_uttered event"
    assert any(str(reply.get("text", "")).strip() for reply in replies)
