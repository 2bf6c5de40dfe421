"""The mentee's chat widget in Chromium: intake, crisis message, reload, tabs."""

from __future__ import annotations

import pytest

from tests.e2e.browser.conftest import (
    NewProfile,
    log_in_console,
    message_texts,
    open_widget,
    send,
    send_and_wait,
)
from tests.e2e.conftest import Servers

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# Each answer of the intake and a word of the question that must follow it.
INTAKE_ANSWERS = [
    ("Sam", "email"),
    ("sam.rivera@brandeis.edu", "program"),
    ("MPP", "continuing student"),
    ("I just started this fall", "support"),
    ("help finding an internship and with my career", "meet"),
    ("zoom works best", "free"),
    ("weekday evenings", "languages"),
    ("skip", "background"),
    ("I'm first-generation", "matters most"),
    ("career matters most to me", "share your answers"),
]


def test_widget_intake_suggests_mentors(
    servers: Servers, new_profile: NewProfile
) -> None:
    page = open_widget(new_profile(), servers)

    send_and_wait(page, "I'd like a mentor please", "name")
    for answer, next_question in INTAKE_ANSWERS:
        send_and_wait(page, answer, next_question)
    send_and_wait(page, "yes", "these mentors fit")

    cards = page.locator("li.hnpm-message.hnpm-bot .hnpm-card")
    assert cards.count() >= 3
    assert "Why this mentor" in cards.first.inner_text()
    assert message_texts(page, "user")[:2] == ["I'd like a mentor please", "Sam"]

    mentor = cards.first.locator("h3").inner_text()
    send_and_wait(page, "the first one", "approval")
    console = new_profile().new_page()
    log_in_console(console, servers)
    console.get_by_role("link", name="Pending matches").click()
    match = console.locator("#matches li.card", has_text=f"Sam with {mentor}")
    match.get_by_role("button", name="Approve").click()
    console.get_by_role("status").filter(has_text="Match approved").wait_for()
    match.wait_for(state="detached")

    console.get_by_role("link", name="Mentor roster").click()
    roster = console.locator("#mentors li.card", has_text=mentor)
    assert "Mentees: 1 of" in roster.inner_text()


def test_widget_program_quick_reply(servers: Servers, new_profile: NewProfile) -> None:
    page = open_widget(new_profile(), servers)
    send_and_wait(page, "I want a mentor", "name")
    send_and_wait(page, "Riley", "email")
    send_and_wait(page, "riley.chen@brandeis.edu", "program")

    page.locator("button.hnpm-reply", has_text="MBA").last.click()

    page.wait_for_function(
        "() => [...document.querySelectorAll('li.hnpm-message.hnpm-bot')]"
        ".some((node) => node.textContent.includes('continuing student'))"
    )
    assert message_texts(page, "user")[-1] == "MBA"


def test_widget_crisis_shows_notified_state(
    servers: Servers, new_profile: NewProfile
) -> None:
    page = open_widget(new_profile(), servers)

    send_and_wait(page, "honestly I don't want to be alive anymore", "988")

    status = page.locator(".hnpm-status")
    status.filter(has_text="coordinator has been notified").wait_for()
    crisis_reply = " ".join(message_texts(page, "bot"))
    assert "988" in crisis_reply
    assert "coordinator" in crisis_reply


def test_widget_reload_keeps_conversation(
    servers: Servers, new_profile: NewProfile
) -> None:
    context = new_profile()
    page = open_widget(context, servers)
    send_and_wait(page, "I'd like a mentor please", "name")
    send_and_wait(page, "Sam", "email")
    before_users = message_texts(page, "user")
    before_bots = message_texts(page, "bot")

    page.reload()
    page.wait_for_selector("#hnpm-input")
    page.wait_for_function(
        "(count) => document.querySelectorAll('li.hnpm-message.hnpm-bot').length"
        " >= count",
        arg=len(before_bots),
    )

    assert message_texts(page, "user") == before_users
    assert message_texts(page, "bot") == before_bots
    # The intake goes on where it stopped, so the conversation kept its session.
    send_and_wait(page, "sam.rivera@brandeis.edu", "program")


def test_widget_second_tab_shares_conversation(
    servers: Servers, new_profile: NewProfile
) -> None:
    context = new_profile()
    first = open_widget(context, servers)
    send_and_wait(first, "I'd like a mentor please", "name")

    second = context.new_page()
    second.goto(f"{servers.web_url}/")
    second.wait_for_function(
        "() => [...document.querySelectorAll('li.hnpm-message.hnpm-user')]"
        ".some((node) => node.textContent.includes('a mentor please'))"
    )

    assert message_texts(second, "user") == message_texts(first, "user")


def test_widget_renders_markup_as_text(
    servers: Servers, new_profile: NewProfile
) -> None:
    page = open_widget(new_profile(), servers)
    markup = '<img src=x onerror="window.injected=1"><b>bold</b>'

    send(page, markup)
    page.wait_for_function(
        "(text) => [...document.querySelectorAll('li.hnpm-message.hnpm-user')]"
        ".some((node) => node.textContent.includes(text))",
        arg="<b>bold</b>",
    )

    assert page.locator("li.hnpm-message img[src='x']").count() == 0
    assert page.evaluate("() => window.injected") is None
