"""Run the Rasa server, the action server and the web app together.

Each server's output lines are prefixed with its name. Ctrl-C (SIGINT) or SIGTERM
stops all three. When one server exits on its own, the others are stopped too, and
the runner exits with that server's code.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import logging
import os
import secrets
import signal
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from assistant.config import PROJECT_ROOT, Settings, load_settings

logger = logging.getLogger("run_servers")

STOP_TIMEOUT_SECONDS = 15
VENV_BIN = Path(sys.executable).parent


def tracker_store_env(settings: Settings, env: dict[str, str]) -> dict[str, str]:
    """Return the variables endpoints.yml reads for Rasa's SQL tracker store.

    The tracker store shares a PostgreSQL database with the project's store, but
    gets its own SQLite file, because two processes writing one SQLite file would
    wait on each other's locks.
    """
    url = env.get("HNPM_TRACKER_STORE_URL")
    if not url:
        database = make_url(settings.database_url)
        if database.get_backend_name() == "sqlite":
            url = f"sqlite:///{PROJECT_ROOT / 'var' / 'rasa_tracker.db'}"
        else:
            url = settings.database_url
    parsed = make_url(url)
    return {
        "HNPM_TRACKER_URL": url,
        "HNPM_TRACKER_DIALECT": parsed.get_backend_name(),
        "HNPM_TRACKER_DB": parsed.database or "",
    }


def server_commands(settings: Settings, model: str) -> dict[str, list[str]]:
    rasa = str(VENV_BIN / "rasa")
    return {
        "rasa": [
            rasa,
            "run",
            "--enable-api",
            "--interface",
            "127.0.0.1",
            "--port",
            str(settings.rasa_port),
            "--model",
            model,
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
            "--cors",
            "*",
        ],
        "actions": [
            rasa,
            "run",
            "actions",
            "--actions",
            "actions",
            "--port",
            str(settings.action_port),
        ],
        "web": [sys.executable, "-m", "assistant.web"],
    }


async def _relay(name: str, stream: asyncio.StreamReader) -> None:
    """Copy a server's output to ours, each line prefixed with the server's name.

    Reads in chunks rather than lines: a line longer than the reader's buffer (Rasa
    logs a whole long message on one line) would otherwise end the relay, and the
    server would then block once its output pipe is full.
    """
    prefix = f"{name:<8}| "
    # A chunk may end inside a multi-byte character, so decoding keeps state.
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    at_line_start = True
    while chunk := await stream.read(65536):
        text = decoder.decode(chunk)
        for part in text.splitlines(keepends=True):
            if at_line_start:
                sys.stdout.write(prefix)
            sys.stdout.write(part)
            at_line_start = part.endswith("\n")
        sys.stdout.flush()


async def _stop(processes: dict[str, asyncio.subprocess.Process]) -> None:
    for process in processes.values():
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGTERM)
    try:
        await asyncio.wait_for(
            asyncio.gather(*(p.wait() for p in processes.values())),
            STOP_TIMEOUT_SECONDS,
        )
    except asyncio.TimeoutError:
        for name, process in processes.items():
            if process.returncode is None:
                logger.warning("%s did not stop in time; killing it.", name)
                os.killpg(process.pid, signal.SIGKILL)
        await asyncio.gather(*(p.wait() for p in processes.values()))


async def run(settings: Settings, model: str) -> int:
    env = dict(os.environ)
    env.update(tracker_store_env(settings, env))
    env["HNPM_ACTION_ENDPOINT"] = f"{settings.action_url}/webhook"
    # Rasa and the web app must share the relay token, so one is made for this run
    # when the environment sets none.
    env["HNPM_RELAY_TOKEN"] = settings.relay_token or secrets.token_urlsafe(32)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # Rasa's telemetry and its error reports would go to hosts outside this network.
    env["RASA_TELEMETRY_ENABLED"] = "false"

    processes: dict[str, asyncio.subprocess.Process] = {}
    for name, command in server_commands(settings, model).items():
        processes[name] = await asyncio.create_subprocess_exec(
            *command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a stop reaches children
        )
        assert processes[name].stdout is not None
        asyncio.create_task(_relay(name, processes[name].stdout))
        logger.info("Started %s (pid %d).", name, processes[name].pid)

    stop_requested = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop_requested.set)

    waiters = {asyncio.create_task(p.wait()): n for n, p in processes.items()}
    stopper = asyncio.create_task(stop_requested.wait())
    done, _ = await asyncio.wait(
        [*waiters, stopper], return_when=asyncio.FIRST_COMPLETED
    )

    exit_code = 0
    for task in done:
        if task in waiters:
            name = waiters[task]
            exit_code = processes[name].returncode or 1
            logger.error(
                "%s exited with code %s; stopping the others.", name, exit_code
            )
    await _stop(processes)
    logger.info("All servers stopped.")
    return exit_code


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(name)-8s| %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", default="models/hnpm.tar.gz", help="trained Rasa model to serve"
    )
    args = parser.parse_args()
    sys.exit(asyncio.run(run(load_settings(), args.model)))


if __name__ == "__main__":
    main()
