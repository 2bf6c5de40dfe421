"""Starts the three real servers (Rasa, actions, web app) on free loopback ports."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from assistant.config import PROJECT_ROOT

# HNPM_TEST_MODEL points the tests at another trained model, such as one trained
# into a scratch folder.
DEFAULT_MODEL = PROJECT_ROOT / "models" / "hnpm.tar.gz"
MODEL = Path(os.environ.get("HNPM_TEST_MODEL") or DEFAULT_MODEL)
STARTUP_TIMEOUT_SECONDS = 300
ADMIN_EMAIL = "coordinator@example.edu"
ADMIN_PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Servers:
    rasa_url: str
    web_url: str
    database_url: str
    log_path: Path
    relay_token: str = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(web_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"servers exited with {process.returncode}:\n{log.read_text()[-4000:]}"
            )
        try:
            response = httpx.get(f"{web_url}/health", timeout=5)
            if response.status_code == 200:
                return
            last = response.text
        except httpx.HTTPError as error:
            last = repr(error)
        time.sleep(2)
    pytest.fail(
        f"/health not 200 after {STARTUP_TIMEOUT_SECONDS}s: {last}\n"
        + log.read_text()[-4000:]
    )


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing; run `make model` first")

    workdir = tmp_path_factory.mktemp("servers")
    relay_token = secrets.token_urlsafe(16)
    ports = {name: free_port() for name in ("rasa", "action", "web")}
    database_url = f"sqlite:///{workdir / 'hnpm.db'}"
    env = dict(
        os.environ,
        HNPM_RASA_PORT=str(ports["rasa"]),
        HNPM_ACTION_PORT=str(ports["action"]),
        HNPM_WEB_PORT=str(ports["web"]),
        HNPM_DATABASE_URL=database_url,
        HNPM_TRACKER_STORE_URL=f"sqlite:///{workdir / 'tracker.db'}",
        HNPM_ADMIN_EMAIL=ADMIN_EMAIL,
        HNPM_ADMIN_PASSWORD=ADMIN_PASSWORD,
        HNPM_RELAY_TOKEN=relay_token,
    )
    python = sys.executable
    subprocess.run(
        [python, "-m", "assistant.cli", "setup"], cwd=PROJECT_ROOT, env=env, check=True
    )

    log_path = workdir / "servers.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [python, "scripts/run_servers.py", "--model", str(MODEL)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        web_url = f"http://127.0.0.1:{ports['web']}"
        try:
            _wait_healthy(web_url, process, log_path)
            yield Servers(
                rasa_url=f"http://127.0.0.1:{ports['rasa']}",
                web_url=web_url,
                database_url=database_url,
                log_path=log_path,
                relay_token=relay_token,
            )
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
