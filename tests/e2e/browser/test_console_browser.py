"""A coordinator takes over a mentee's chat from the console, in two browsers."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page

from tests.e2e.browser.conftest import (
    NewProfile,
    handoff_for,
    log_in_console,
    message_texts,
    open_widget,
    send,
    send_and_wait,
    session_id,
)
from tests.e2e.conftest import ADMIN_PASSWORD, Servers

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

REPLY = "Hi, this is the program office. How can I help?"
# Without the takeover the bot answers a message within about a second; the test
# waits this long to see that it stays silent.
SILENCE_SECONDS = 6


def request_person(page: Page) -> None:
    """Ask for a person with the widget's button and wait for the handoff reply."""
    before = page.locator("li.hnpm-message.hnpm-bot").count()
    page.get_by_role("button", name="Talk to a person").click()
    page.wait_for_function(
        "(before) => document.querySelectorAll('li.hnpm-message.hnpm-bot').length"
        " > before",
        arg=before,
    )
    page.locator(".hnpm-status").filter(has_text="notified").wait_for()


def test_coordinator_claims_replies_and_hands_back(
    servers: Servers, new_profile: NewProfile
) -> None:
    mentee = open_widget(new_profile(), servers)
    request_person(mentee)
    handoff = handoff_for(servers, session_id(mentee))

    console = new_profile().new_page()
    log_in_console(console, servers)
    card_link = console.get_by_role(
        "link", name=f"Handoff {handoff['id']}: Asked for a person"
    )
    card_link.click()
    console.get_by_role("heading", name=f"Handoff {handoff['id']}").wait_for()
    console.get_by_role("button", name="Claim and join the chat").click()

    mentee.locator(".hnpm-status").filter(has_text="has joined the chat").wait_for()
    console.get_by_label("Reply to the mentee").fill(REPLY)
    console.get_by_role("button", name="Send reply").click()
    mentee.locator("li.hnpm-message.hnpm-coordinator", has_text=REPLY).wait_for()

    bots_before = len(message_texts(mentee, "bot"))
    send(mentee, "Thanks, I have a question about my visa")
    console.locator("#transcript li.user", has_text="question about my visa").wait_for()
    time.sleep(SILENCE_SECONDS)
    assert len(message_texts(mentee, "bot")) == bots_before

    console.get_by_role("button", name="Hand back to the bot").click()
    mentee.locator(".hnpm-status").filter(has_text="has joined").wait_for(
        state="detached"
    )
    send_and_wait(mentee, "I'd like a mentor please", "name")

    console.get_by_label("Resolution note").fill("Answered the visa question.")
    console.get_by_role("button", name="Resolve").click()
    console.locator("#resolution", has_text="Answered the visa question.").wait_for()


def test_console_deep_link_after_login(
    servers: Servers, new_profile: NewProfile
) -> None:
    mentee = open_widget(new_profile(), servers)
    request_person(mentee)
    handoff = handoff_for(servers, session_id(mentee))

    console = new_profile().new_page()
    log_in_console(console, servers, f"/console/handoffs/{handoff['id']}")

    console.get_by_role("heading", name=f"Handoff {handoff['id']}").wait_for()
    console.locator("#transcript li.divider").wait_for()


def test_console_queue_lists_urgent_first(
    servers: Servers, new_profile: NewProfile
) -> None:
    mentee = open_widget(new_profile(), servers)
    send_and_wait(mentee, "honestly I don't want to be alive anymore", "988")
    crisis = handoff_for(servers, session_id(mentee))

    console = new_profile().new_page()
    log_in_console(console, servers)
    console.locator("#queue li").first.wait_for()

    first_card = console.locator("#queue li").first.inner_text()
    assert "Urgent" in first_card
    crisis_card = console.locator("#queue li", has_text=f"Handoff {crisis['id']}:")
    assert "Due" in crisis_card.inner_text()


def test_console_rejects_wrong_password(
    servers: Servers, new_profile: NewProfile
) -> None:
    console = new_profile().new_page()
    console.goto(f"{servers.web_url}/console")

    console.get_by_label("Email").fill("nobody@example.edu")
    console.get_by_label("Password").fill(ADMIN_PASSWORD + "x")
    console.get_by_role("button", name="Log in").click()

    console.get_by_role("alert").filter(has_text="Invalid email or password").wait_for()
    assert console.locator("#account").is_hidden()


def test_console_logout_clears_session(
    servers: Servers, new_profile: NewProfile
) -> None:
    console = new_profile().new_page()
    log_in_console(console, servers)

    console.get_by_role("button", name="Log out").click()
    console.locator("#login-view").wait_for()
    console.reload()

    console.locator("#login-view").wait_for()
    assert console.locator("#queue-view").is_hidden()
