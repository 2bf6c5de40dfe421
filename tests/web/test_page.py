"""Tests of the chat page and its static files."""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.testclient import TestClient

from assistant.web.app import STATIC_DIR

MakeClient = Callable[..., TestClient]


def test_index_serves_chat_page(make_client: MakeClient) -> None:
    client = make_client()

    response = client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<script src="/static/chat.js" defer></script>' in response.text
    assert 'id="messages"' in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_static_files_are_served(make_client: MakeClient) -> None:
    client = make_client()

    script = client.get("/static/chat.js")
    style = client.get("/static/chat.css")

    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert style.status_code == 200


def test_page_loads_nothing_from_other_hosts() -> None:
    html = (STATIC_DIR / "index.html").read_text()

    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_script_inserts_text_only_as_text() -> None:
    script = (STATIC_DIR / "chat.js").read_text()

    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
        assert unsafe not in script, unsafe
    assert "textContent" in script
    assert "localStorage" in script
    assert '"/api/chat"' in script


def test_unknown_path_is_404(make_client: MakeClient) -> None:
    client = make_client()

    assert client.get("/nothing-here").status_code == 404
    assert client.get("/api/handoffs/not-a-number").status_code == 404
