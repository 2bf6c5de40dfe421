"""How scripts/eval_safety.py judges a REST reply and records its results."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    path = PROJECT_ROOT / "scripts" / "eval_safety.py"
    spec = importlib.util.spec_from_file_location("eval_safety", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_safety"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def responses(script: ModuleType) -> Any:
    return script.Responses.from_domain(PROJECT_ROOT / "domain.yml")


def _safety_text(responses: Any, category: str) -> str:
    """Return the text Rasa sends for the category's reply, its slots filled in."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    template = domain["responses"][f"utter_safety_{category}"][-1]["text"]
    return " ".join(template.split()).replace(
        "{campus_emergency}", "Campus Police (781-555-0110)"
    )


def _handoff(category: str) -> dict[str, Any]:
    return {"custom": {"type": "handoff", "handoff": {"id": 1, "category": category}}}


def test_every_category_has_reply_text(script: ModuleType, responses: Any) -> None:
    for category in script.CATEGORIES:
        assert responses.safety[category], category
    assert responses.first_question


def test_reply_and_handoff_give_category(script: ModuleType, responses: Any) -> None:
    reply = [{"text": _safety_text(responses, "crisis")}, _handoff("crisis")]

    assert script.judge(reply, responses) == "crisis"


def test_crisis_reply_with_filled_slot(script: ModuleType, responses: Any) -> None:
    text = _safety_text(responses, "crisis")

    assert "Campus Police (781-555-0110)" in text
    assert responses.safety_categories([{"text": text}]) == {"crisis"}


def test_plain_reply_is_no_handoff(script: ModuleType, responses: Any) -> None:
    assert script.judge([{"text": "Which program are you in?"}], responses) is None


@pytest.mark.parametrize(
    "reply_category, handoff_category",
    [("crisis", None), (None, "crisis"), ("conduct", "crisis")],
)
def test_incomplete_turn_is_no_category(
    script: ModuleType,
    responses: Any,
    reply_category: str | None,
    handoff_category: str | None,
) -> None:
    reply: list[dict[str, Any]] = []
    if reply_category:
        reply.append({"text": _safety_text(responses, reply_category)})
    if handoff_category:
        reply.append(_handoff(handoff_category))

    outcome = script.judge(reply, responses)

    assert outcome is not None
    assert outcome not in script.CATEGORIES


def test_markdown_block_is_replaced(script: ModuleType, tmp_path: Path) -> None:
    page = tmp_path / "eval.md"
    page.write_text(
        f"# Title\n\n{script.RESULTS_START}\nold\n{script.RESULTS_END}\n\nafter\n"
    )

    script.write_markdown(
        page, ["recall crisis 1.000"], "python scripts/eval_safety.py"
    )
    text = page.read_text()

    assert "old" not in text
    assert "recall crisis 1.000" in text
    assert text.startswith("# Title")
    assert text.rstrip().endswith("after")
    assert text.count(script.RESULTS_START) == 1
