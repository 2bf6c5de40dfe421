"""The crisis reply comes from the Rasa server alone when the action server is down."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import PROJECT_ROOT
from tests.e2e.conftest import MODEL, STARTUP_TIMEOUT_SECONDS, free_port

pytestmark = pytest.mark.e2e


def _wait_for_model(rasa_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Rasa exited early:\n{log.read_text()[-4000:]}")
        try:
            status = httpx.get(f"{rasa_url}/status", timeout=5)
            if status.status_code == 200 and status.json().get("model_file"):
                return
        except httpx.HTTPError:
            pass
        time.sleep(2)
    pytest.fail(f"Rasa loaded no model in time:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def rasa_without_actions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the Rasa server alone, its action endpoint a port nobody listens on."""
    workdir = tmp_path_factory.mktemp("no_actions")
    port = free_port()
    tracker_url = f"sqlite:///{workdir / 'tracker.db'}"
    env = dict(
        os.environ,
        RASA_TELEMETRY_ENABLED="false",
        HNPM_ACTION_ENDPOINT=f"http://127.0.0.1:{free_port()}/webhook",
        HNPM_TRACKER_URL=tracker_url,
        HNPM_TRACKER_DIALECT="sqlite",
        HNPM_TRACKER_DB=str(workdir / "tracker.db"),
    )
    command = [
        str(Path(sys.executable).parent / "rasa"),
        "run",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--enable-api",
        "--model",
        str(MODEL),
        "--endpoints",
        "endpoints.yml",
        "--credentials",
        "credentials.yml",
    ]
    log_path = workdir / "rasa.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        rasa_url = f"http://127.0.0.1:{port}"
        try:
            _wait_for_model(rasa_url, process, log_path)
            yield rasa_url
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.parametrize(
    "message",
    ["I want to end my life", "i've been thinking about killing myself tonight"],
)
def test_crisis_reply_without_action_server(
    rasa_without_actions: str, message: str
) -> None:
    response = httpx.post(
        f"{rasa_without_actions}/webhooks/rest/webhook",
        json={"sender": f"no-actions-{uuid.uuid4().hex}", "message": message},
        timeout=60,
    )

    assert response.status_code == 200, response.text
    text = "\n".join(str(item.get("text", "")) for item in response.json())
    assert "988" in text
    assert "911" in text
    assert "Campus Police" in text
    # The handoff could not be stored, so the user is told to reach out instead.
    assert "couldn't reach the coordinators" in text
