"""axe-core checks and screenshots of the widget page and the console at two widths."""

from __future__ import annotations

import pytest

from tests.e2e.browser.conftest import (
    DESKTOP,
    PHONE,
    NewProfile,
    axe_violations,
    handoff_for,
    log_in_console,
    open_widget,
    screenshot,
    send_and_wait,
    session_id,
)
from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Servers

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WIDTHS = {"1280": DESKTOP, "360": PHONE}


@pytest.mark.parametrize("width", WIDTHS)
def test_widget_page_accessible(
    servers: Servers, new_profile: NewProfile, width: str
) -> None:
    page = open_widget(new_profile(viewport=WIDTHS[width]), servers)
    send_and_wait(page, "I want a mentor", "name")
    send_and_wait(page, "Sam", "email")
    send_and_wait(page, "sam.rivera@brandeis.edu", "program")

    path = screenshot(page, f"widget-{width}")

    assert path.stat().st_size > 0
    assert axe_violations(page) == []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"


@pytest.mark.parametrize("width", WIDTHS)
def test_console_accessible(
    servers: Servers, new_profile: NewProfile, width: str
) -> None:
    mentee = open_widget(new_profile(), servers)
    send_and_wait(mentee, "I'd like to talk to a person", "coordinator")
    handoff = handoff_for(servers, session_id(mentee))

    console = new_profile(viewport=WIDTHS[width]).new_page()
    console.goto(f"{servers.web_url}/console")
    console.locator("#login-form").wait_for()
    login_violations = axe_violations(console)
    log_in_console(console, servers)
    console.locator("#queue li").first.wait_for()
    queue_path = screenshot(console, f"console-queue-{width}")
    queue_violations = axe_violations(console)

    console.get_by_role("link", name=f"Handoff {handoff['id']}:").click()
    console.locator("#transcript li.divider").wait_for()
    handoff_path = screenshot(console, f"console-handoff-{width}")

    assert queue_path.stat().st_size > 0
    assert handoff_path.stat().st_size > 0
    assert login_violations == []
    assert queue_violations == []
    assert axe_violations(console) == []
    overflow = console.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"the console scrolls sideways by {overflow} px"


def test_console_keyboard_login(servers: Servers, new_profile: NewProfile) -> None:
    console = new_profile().new_page()
    console.goto(f"{servers.web_url}/console")
    console.locator("#login-email").wait_for()

    # The login view focuses the email field, and Tab moves through the form.
    console.keyboard.type(ADMIN_EMAIL)
    console.keyboard.press("Tab")
    console.keyboard.type(ADMIN_PASSWORD)
    console.keyboard.press("Enter")

    console.locator("#queue-view").wait_for()
    assert console.locator("#login-view").is_hidden()
