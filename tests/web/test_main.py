"""Tests of `python -m assistant.web`: migration, admin account and serving."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ADMIN_EMAIL = "admin@example.edu"
ADMIN_PASSWORD = "admin password 1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(base_url: str, process: subprocess.Popen[bytes]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the web app exited with code {process.returncode}")
        try:
            return httpx.get(f"{base_url}/health", timeout=5)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the web app did not respond within 30 s")


@pytest.fixture
def served_app(tmp_path: Path, closed_url: str) -> Iterator[tuple[str, Path]]:
    port = free_port()
    database_path = tmp_path / "data" / "hnpm.db"
    env = {
        **os.environ,
        "HNPM_DATABASE_URL": f"sqlite:///{database_path}",
        "HNPM_WEB_PORT": str(port),
        "HNPM_RASA_URL": closed_url,
        "HNPM_ACTION_URL": closed_url,
        "HNPM_ADMIN_EMAIL": ADMIN_EMAIL,
        "HNPM_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.web"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base_url, process)
        yield base_url, database_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def test_main_migrates_creates_admin_and_serves(
    served_app: tuple[str, Path],
) -> None:
    base_url, database_path = served_app

    health = httpx.get(f"{base_url}/health", timeout=5)
    page = httpx.get(f"{base_url}/", timeout=5)
    login = httpx.post(
        f"{base_url}/api/login",
        json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=5,
    )

    assert database_path.exists()
    assert health.status_code == 503
    assert health.json()["not_ready"] == ["rasa", "action_server"]
    assert page.status_code == 200
    assert login.status_code == 200
    assert login.json()["token"]
