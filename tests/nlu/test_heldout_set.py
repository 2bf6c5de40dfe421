"""The held-out NLU test set: large enough per intent and disjoint from training."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from assistant.vocabulary import PROJECT_ROOT

HELDOUT = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"
TRAINING_DIR = PROJECT_ROOT / "data" / "nlu"
MIN_MESSAGES_PER_INTENT = 15
# Intents of the safety flows (data/nlu/safety.yml). The safety screen decides them,
# and `make eval-safety` and tests/safety/ check it.
OTHER_EVALUATIONS = {
    "safety_crisis",
    "safety_danger",
    "safety_title_ix",
    "safety_conduct",
}


def _examples(path: Path) -> list[tuple[str, str]]:
    """Return (intent, message) pairs of a Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                pairs.append((str(block["intent"]), line.strip()[2:]))
    return pairs


def _normalized(message: str) -> str:
    return " ".join(re.findall(r"[a-z0-9@.]+", message.lower()))


def test_heldout_has_enough_messages_per_intent() -> None:
    counts = Counter(intent.split("/")[0] for intent, _ in _examples(HELDOUT))
    trained = {
        intent.split("/")[0]
        for path in sorted(TRAINING_DIR.glob("*.yml"))
        for intent, _ in _examples(path)
    }
    for intent in sorted(trained - OTHER_EVALUATIONS):
        assert counts[intent] >= MIN_MESSAGES_PER_INTENT, intent


@pytest.mark.parametrize(
    "path", sorted(TRAINING_DIR.glob("*.yml")), ids=lambda path: path.name
)
def test_heldout_messages_absent_from_training(path: Path) -> None:
    heldout = {_normalized(message) for _, message in _examples(HELDOUT)}
    leaked = [m for _, m in _examples(path) if _normalized(m) in heldout]
    assert leaked == []
