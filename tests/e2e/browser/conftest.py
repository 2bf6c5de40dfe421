"""Browser fixtures: Debian's Chromium driven by Playwright against the real servers.

Each browser profile is a fresh user-data folder, so tests share no cookies or
localStorage unless they use the same profile on purpose.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

from assistant.config import PROJECT_ROOT
from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Servers

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = PROJECT_ROOT / "tests/browser/node_modules/axe-core/axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# A bot reply needs NLU, the policies and often the action server; the first one
# after start-up also loads the model's components.
REPLY_TIMEOUT_MS = 60_000

NewProfile = Callable[..., BrowserContext]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium with Playwright")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; run scripts/install-chromium as root")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def new_profile(playwright: Playwright, tmp_path: Path) -> Iterator[NewProfile]:
    """Return a starter of browser profiles, each with a fresh user-data folder."""
    contexts: list[BrowserContext] = []

    def start(viewport: dict[str, int] = DESKTOP) -> BrowserContext:
        folder = tmp_path / f"profile-{len(contexts)}"
        context = playwright.chromium.launch_persistent_context(
            str(folder),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=viewport,
        )
        context.set_default_timeout(REPLY_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield start
    for context in contexts:
        context.close()


def open_widget(context: BrowserContext, servers: Servers) -> Page:
    """Open the chat page and wait until the widget is connected to Rasa."""
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{servers.web_url}/")
    page.wait_for_selector("#hnpm-input")
    page.wait_for_function(
        "() => !document.querySelector('.hnpm-status').textContent"
        ".startsWith('Connecting')"
    )
    return page


def message_texts(page: Page, role: str) -> list[str]:
    """Return the texts of the widget's messages of one role: user, bot, coordinator.

    Only the message's paragraphs count, not its author label or buttons.
    """
    texts: list[str] = page.evaluate(
        """(role) => [...document.querySelectorAll(`li.hnpm-message.hnpm-${role}`)]
            .map((item) => [...item.querySelectorAll('.hnpm-bubble')]
                .map((bubble) => bubble.textContent).join('\\n\\n'))""",
        role,
    )
    return texts


def send(page: Page, text: str) -> None:
    """Type a message into the widget and send it with the Enter key."""
    page.fill("#hnpm-input", text)
    page.press("#hnpm-input", "Enter")


def send_and_wait(page: Page, text: str, expected: str) -> None:
    """Send a message and wait for a bot message containing `expected`."""
    before = page.locator("li.hnpm-message.hnpm-bot").count()
    send(page, text)
    page.wait_for_function(
        """([before, expected]) => {
            const bots = [...document.querySelectorAll('li.hnpm-message.hnpm-bot')];
            return bots.slice(before).some(
                (node) => node.textContent.toLowerCase().includes(expected));
        }""",
        arg=[before, expected.lower()],
    )


def session_id(page: Page) -> str:
    """Return the widget's session id, which is Rasa's sender id."""
    raw = page.evaluate("() => localStorage.getItem('hnpm-widget:session')")
    assert raw, "the widget stored no session id"
    value = json.loads(raw)
    return str(value)


def handoff_for(servers: Servers, sender_id: str) -> dict[str, Any]:
    """Return the newest handoff of a conversation, read with a bearer token."""
    token = httpx.post(
        f"{servers.web_url}/api/login",
        json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=10,
    ).json()["token"]
    listing = httpx.get(
        f"{servers.web_url}/api/handoffs",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    matching = [item for item in listing if item["sender_id"] == sender_id]
    assert matching, f"no handoff for {sender_id}"
    handoff: dict[str, Any] = max(matching, key=lambda item: item["id"])
    return handoff


def log_in_console(page: Page, servers: Servers, path: str = "/console") -> None:
    """Log in through the console's form."""
    page.goto(f"{servers.web_url}{path}")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#account:not([hidden])")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page and return its serious and critical violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing; run `npm ci` in tests/browser")
    # Evaluated through the DevTools protocol, which the page's CSP does not block.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
