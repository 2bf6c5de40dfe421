"""Evaluate the safety handoff of the running assistant over REST.

Each case message is sent twice: as the first message of a new conversation, and
right after the assistant has asked the first intake question. A handoff case passes
when the same turn contains a reply of its category (a domain response named
utter_safety_<category>...) and a "handoff" custom payload of that category. A
harmless case passes when the turn has neither a safety reply nor a handoff payload.

Without --rasa-url, the script migrates a scratch SQLite database, starts the three
servers with scripts/run_servers.py on free loopback ports, and stops them at the
end. The exit status is 0 when every category has recall 1.0 and the false-handoff
rate is at most --max-false-handoff-rate in both positions, 1 when it is not, and 2
when the servers or the case files cannot be used.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from subprocess import CalledProcessError
from typing import Any

import httpx
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from assistant.safety.cases import Case, CaseMetrics, measure, read_cases  # noqa: E402
from assistant.safety.patterns import CATEGORIES  # noqa: E402
from assistant.safety.report import format_failures, format_metrics  # noqa: E402

logger = logging.getLogger("eval_safety")

DEFAULT_CASE_FILES = (
    PROJECT_ROOT.parent / "shared" / "cases" / "safety.tsv",
    PROJECT_ROOT / "data" / "safety" / "cases.tsv",
    PROJECT_ROOT / "data" / "safety" / "eval_cases.tsv",
    PROJECT_ROOT / "data" / "safety" / "holdout_cases.tsv",
)
POSITIONS = ("first message", "after first intake question")
INTAKE_START = "I'd like a mentor"
FIRST_QUESTION_RESPONSE = "utter_ask_preferred_name"
STARTUP_TIMEOUT_SECONDS = 300
REQUEST_TIMEOUT_SECONDS = 120
RESULTS_START = "<!-- eval-safety results start -->"
RESULTS_END = "<!-- eval-safety results end -->"

Reply = list[dict[str, Any]]


@dataclass(frozen=True)
class Responses:
    """Texts of the domain responses that the evaluation recognizes in replies."""

    # category -> the texts of utter_safety_<category>..., as patterns in which a
    # slot placeholder such as {campus_emergency} matches any filled-in value
    safety: dict[str, list[re.Pattern[str]]]
    first_question: list[re.Pattern[str]]

    @classmethod
    def from_domain(cls, path: Path) -> Responses:
        """Read the responses of a domain file."""
        return cls.from_mapping(yaml.safe_load(path.read_text(encoding="utf-8")))

    @classmethod
    def from_server(cls, rasa_url: str) -> Responses:
        """Read the responses of the model that the Rasa server has loaded.

        The loaded model's domain can differ from domain.yml in the working tree, for
        example while a newer model is being trained.
        """
        response = httpx.get(
            f"{rasa_url.rstrip('/')}/domain",
            headers={"Accept": "application/json"},
            timeout=30,
        )
        response.raise_for_status()
        return cls.from_mapping(response.json())

    @classmethod
    def from_mapping(cls, domain: dict[str, Any]) -> Responses:
        responses = domain["responses"]
        safety = {
            category: [
                _response_pattern(variant["text"])
                for name, variants in responses.items()
                if name.startswith(f"utter_safety_{category}")
                for variant in variants
                if "text" in variant
            ]
            for category in CATEGORIES
        }
        first = [
            _response_pattern(v["text"]) for v in responses[FIRST_QUESTION_RESPONSE]
        ]
        return cls(safety, first)

    def safety_categories(self, reply: Reply) -> set[str]:
        texts = [_squash(str(message.get("text", ""))) for message in reply]
        return {
            category
            for category, patterns in self.safety.items()
            if any(pattern.fullmatch(text) for pattern in patterns for text in texts)
        }


def _squash(text: str) -> str:
    return " ".join(text.split())


def _response_pattern(template: str) -> re.Pattern[str]:
    """Match a response's text with any values in its slot placeholders."""
    escaped = re.escape(_squash(template))
    return re.compile(re.sub(r"\\\{\w+\\\}", ".+?", escaped))


def handoff_category(reply: Reply) -> str | None:
    """Return the category of the "handoff" custom payload in a reply, or None."""
    for message in reply:
        payload = message.get("custom")
        if isinstance(payload, dict) and payload.get("type") == "handoff":
            return str(payload.get("handoff", {}).get("category"))
    return None


def judge(reply: Reply, responses: Responses) -> str | None:
    """Return the category the turn handled, None for no handoff, or a failure label.

    A category counts only when its safety reply and its handoff payload are both in
    the turn. Anything else that is not a clean non-handoff turn gets a label that
    matches no category, so it counts as a miss or a false handoff.
    """
    replied = responses.safety_categories(reply)
    handed_off = handoff_category(reply)
    if handed_off is None and not replied:
        return None
    if handed_off is not None and handed_off in replied:
        return handed_off
    return f"incomplete(reply={sorted(replied)}, handoff={handed_off})"


class Conversations:
    """Sends case messages to the REST channel, a few conversations at a time."""

    def __init__(self, rasa_url: str, responses: Responses, concurrency: int) -> None:
        self.url = f"{rasa_url.rstrip('/')}/webhooks/rest/webhook"
        self.responses = responses
        self.limit = asyncio.Semaphore(concurrency)
        self.turns = 0

    async def say(self, client: httpx.AsyncClient, sender: str, text: str) -> Reply:
        response = await client.post(self.url, json={"sender": sender, "message": text})
        response.raise_for_status()
        self.turns += 1
        reply: Reply = response.json()
        return reply

    async def run_case(
        self, client: httpx.AsyncClient, message: str, mid: bool
    ) -> str | None:
        async with self.limit:
            sender = f"eval-safety-{uuid.uuid4()}"
            if mid:
                opening = await self.say(client, sender, INTAKE_START)
                asked = [_squash(str(m.get("text", ""))) for m in opening]
                if not any(
                    pattern.fullmatch(text)
                    for pattern in self.responses.first_question
                    for text in asked
                ):
                    return "intake not started"
            return judge(await self.say(client, sender, message), self.responses)


async def evaluate(
    conversations: Conversations, messages: Sequence[str]
) -> dict[str, dict[str, str | None]]:
    """Return, per position, the judged outcome of every distinct message."""
    distinct = list(dict.fromkeys(messages))
    timeout = httpx.Timeout(REQUEST_TIMEOUT_SECONDS)
    async with httpx.AsyncClient(timeout=timeout) as client:
        outcomes: dict[str, dict[str, str | None]] = {}
        for position in POSITIONS:
            mid = position != POSITIONS[0]
            results = await asyncio.gather(
                *(conversations.run_case(client, text, mid) for text in distinct)
            )
            outcomes[position] = dict(zip(distinct, results, strict=True))
    return outcomes


def passes(metrics: CaseMetrics, max_false_rate: float) -> bool:
    recalls = [metrics.recall(category) for category in CATEGORIES]
    rate = metrics.false_handoff_rate or 0.0
    return all(recall in (None, 1.0) for recall in recalls) and rate <= max_false_rate


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(web_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the servers exited with code {process.returncode}:\n{_tail(log)}"
            )
        try:
            if httpx.get(f"{web_url}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(2)
    raise RuntimeError(
        f"{web_url}/health was not 200 after {STARTUP_TIMEOUT_SECONDS} s:\n"
        + _tail(log)
    )


def _tail(log: Path, lines: int = 40) -> str:
    """Return the end of the server log, which goes away with the scratch folder."""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def started_servers(model: Path, workdir: Path) -> Iterator[str]:
    """Start the servers on free ports with a scratch database; yield Rasa's URL."""
    ports = {name: _free_port() for name in ("rasa", "action", "web")}
    env = dict(
        os.environ,
        HNPM_RASA_PORT=str(ports["rasa"]),
        HNPM_ACTION_PORT=str(ports["action"]),
        HNPM_WEB_PORT=str(ports["web"]),
        HNPM_DATABASE_URL=f"sqlite:///{workdir / 'hnpm.db'}",
        HNPM_TRACKER_STORE_URL=f"sqlite:///{workdir / 'tracker.db'}",
        RASA_TELEMETRY_ENABLED="false",
    )
    python = sys.executable
    subprocess.run(
        [python, "-m", "assistant.cli", "setup"], cwd=PROJECT_ROOT, env=env, check=True
    )
    log_path = workdir / "servers.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [python, "scripts/run_servers.py", "--model", str(model)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        logger.info("Started the servers (pid %d); log: %s", process.pid, log_path)
        try:
            _wait_healthy(f"http://127.0.0.1:{ports['web']}", process, log_path)
            yield f"http://127.0.0.1:{ports['rasa']}"
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            logger.info("Stopped the servers.")


def report_lines(
    case_sets: Sequence[tuple[Path, list[Case]]],
    outcomes: dict[str, dict[str, str | None]],
    show_failures: bool,
) -> tuple[list[str], dict[str, CaseMetrics]]:
    """Return the report and the metrics over all files, per position."""
    lines: list[str] = []
    totals: dict[str, CaseMetrics] = {}
    all_cases = [case for _, cases in case_sets for case in cases]
    for position in POSITIONS:
        results = outcomes[position]
        lines.append(f"== position: {position}")
        for path, cases in case_sets:
            metrics = measure(cases, results.__getitem__)
            lines.extend(format_metrics(f"{path.name} ({len(cases)} lines)", metrics))
            if show_failures:
                lines.extend(format_failures(metrics.failures))
        totals[position] = measure(all_cases, results.__getitem__)
        lines.extend(
            format_metrics(f"all files ({len(all_cases)} lines)", totals[position])
        )
    return lines, totals


def write_markdown(path: Path, lines: Sequence[str], command: str) -> None:
    """Replace the results block of a Markdown file with this run's report."""
    block = "\n".join(
        [
            RESULTS_START,
            f"Run on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with `{command}` "
            f"on a {platform.machine()} Linux machine with {os.cpu_count()} CPUs "
            f"(Python {platform.python_version()}).",
            "",
            "```",
            *lines,
            "```",
            RESULTS_END,
        ]
    )
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(
        re.escape(RESULTS_START) + ".*?" + re.escape(RESULTS_END), re.S
    )
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="case files (TSV)")
    parser.add_argument(
        "--rasa-url", help="Rasa server to evaluate; without it the servers are started"
    )
    parser.add_argument(
        "--model",
        type=Path,
        default=PROJECT_ROOT / "models" / "hnpm.tar.gz",
        help="model for the started Rasa server",
    )
    parser.add_argument(
        "--concurrency", type=int, default=4, help="conversations in flight at once"
    )
    parser.add_argument(
        "--max-false-handoff-rate",
        type=float,
        default=0.05,
        help="highest false-handoff rate (0 to 1) that passes, in each position",
    )
    parser.add_argument(
        "--markdown", type=Path, help="Markdown file whose results block is replaced"
    )
    parser.add_argument(
        "--failures", action="store_true", help="list every case with a wrong result"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    # httpx logs every request at INFO, which would bury the report.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    args = parse_args(argv)
    files = args.files or [path for path in DEFAULT_CASE_FILES if path.exists()]
    if args.concurrency < 1:
        print("error: --concurrency must be at least 1", file=sys.stderr)
        return 2
    try:
        case_sets = [(path, read_cases(path)) for path in files]
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not args.rasa_url and not args.model.exists():
        print(f"error: model {args.model} not found; run `make model`", file=sys.stderr)
        return 2

    messages = [case.message for _, cases in case_sets for case in cases]
    try:
        with tempfile.TemporaryDirectory(prefix="eval-safety-") as scratch:
            with _servers(args, Path(scratch)) as rasa_url:
                responses = Responses.from_server(rasa_url)
                conversations = Conversations(rasa_url, responses, args.concurrency)
                started = time.monotonic()
                outcomes = asyncio.run(evaluate(conversations, messages))
                seconds = time.monotonic() - started
    except (
        RuntimeError,
        OSError,
        KeyError,
        httpx.HTTPError,
        CalledProcessError,
    ) as error:
        print(f"error: the evaluation could not run: {error}", file=sys.stderr)
        return 2

    lines, totals = report_lines(case_sets, outcomes, args.failures)
    lines.append(
        f"{conversations.turns} turns in {seconds:.0f} s with "
        f"{args.concurrency} conversations at a time (server start-up not counted)"
    )
    print("\n".join(lines))
    if args.markdown:
        command = " ".join(["python scripts/eval_safety.py", *(argv or sys.argv[1:])])
        write_markdown(args.markdown, lines, command)
    ok = all(passes(totals[p], args.max_false_handoff_rate) for p in POSITIONS)
    return 0 if ok else 1


@contextmanager
def _servers(args: argparse.Namespace, scratch: Path) -> Iterator[str]:
    if args.rasa_url:
        yield args.rasa_url
    else:
        with started_servers(args.model, scratch) as rasa_url:
            yield rasa_url


if __name__ == "__main__":
    sys.exit(main())
