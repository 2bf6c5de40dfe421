"""Tests of the chat page and its static files."""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.testclient import TestClient

from assistant.config import PROJECT_ROOT
from assistant.web.app import STATIC_DIR

MakeClient = Callable[..., TestClient]
WIDGET_SOURCES = PROJECT_ROOT / "web" / "widget" / "src"


def test_index_embeds_widget(make_client: MakeClient) -> None:
    client = make_client(rasa_url="http://127.0.0.1:5999")

    response = client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'src="/static/widget.js"' in response.text
    assert 'data-rasa-url="http://127.0.0.1:5999"' in response.text
    assert "__RASA_URL__" not in response.text


def test_csp_allows_only_rasa_connections(make_client: MakeClient) -> None:
    client = make_client(rasa_url="http://127.0.0.1:5999")

    policy = client.get("/").headers["content-security-policy"]

    assert "default-src 'self'" in policy
    assert "connect-src 'self' http://127.0.0.1:5999 ws://127.0.0.1:5999;" in policy
    assert "unsafe-inline" not in policy


def test_static_files_are_served(make_client: MakeClient) -> None:
    client = make_client()

    script = client.get("/static/widget.js")
    style = client.get("/static/widget.css")
    page_style = client.get("/static/chat.css")

    assert script.status_code == 200, "run `make widget` to build the widget"
    assert "javascript" in script.headers["content-type"]
    assert style.status_code == 200
    assert page_style.status_code == 200


def test_page_loads_nothing_from_other_hosts() -> None:
    html = (STATIC_DIR / "index.html").read_text()

    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_widget_inserts_text_only_as_text() -> None:
    for source in sorted(WIDGET_SOURCES.glob("*.js")):
        script = source.read_text()
        for unsafe in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
        ):
            assert unsafe not in script, f"{unsafe} in {source.name}"
    assert "textContent" in (WIDGET_SOURCES / "render.js").read_text()
    assert "localStorage" in (WIDGET_SOURCES / "store.js").read_text()


def test_unknown_path_is_404(make_client: MakeClient) -> None:
    client = make_client()

    assert client.get("/nothing-here").status_code == 404
    assert client.get("/api/handoffs/not-a-number").status_code == 404
