"""NLU test sets: enough messages per intent, and none taken from training."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from assistant.vocabulary import PROJECT_ROOT

HELDOUT = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"
DEV = PROJECT_ROOT / "tests" / "nlu" / "dev.yml"
TRAINING_DIR = PROJECT_ROOT / "data" / "nlu"
MIN_MESSAGES_PER_INTENT = 15
# Two messages of four words or more whose word sets overlap this much (Jaccard
# index) are one message reworded, such as "I want to talk to a person" and "I want
# to talk to a real person".
MAX_WORD_OVERLAP = 0.75
MIN_WORDS_FOR_OVERLAP = 4
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
    # Entity annotations such as [MPP](program) keep only their text.
    plain = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", message)
    return " ".join(re.findall(r"[a-z0-9@.]+", plain.lower()))


def _training_messages() -> list[str]:
    return [
        _normalized(message)
        for path in sorted(TRAINING_DIR.glob("*.yml"))
        for _, message in _examples(path)
    ]


def _closest_overlap(message: str, others: list[set[str]]) -> float:
    words = set(message.split())
    return max((len(words & other) / len(words | other) for other in others), default=0)


def test_heldout_has_enough_messages_per_intent() -> None:
    counts = Counter(intent.split("/")[0] for intent, _ in _examples(HELDOUT))
    trained = {
        intent.split("/")[0]
        for path in sorted(TRAINING_DIR.glob("*.yml"))
        for intent, _ in _examples(path)
    }
    for intent in sorted(trained - OTHER_EVALUATIONS):
        assert counts[intent] >= MIN_MESSAGES_PER_INTENT, intent


@pytest.mark.parametrize("test_set", [HELDOUT, DEV], ids=lambda path: path.name)
def test_messages_absent_from_training(test_set: Path) -> None:
    training = set(_training_messages())
    leaked = [m for _, m in _examples(test_set) if _normalized(m) in training]
    assert leaked == []


def test_heldout_messages_not_rewordings() -> None:
    training = [set(message.split()) for message in _training_messages()]
    reworded = [
        message
        for _, message in _examples(HELDOUT)
        if len(_normalized(message).split()) >= MIN_WORDS_FOR_OVERLAP
        and _closest_overlap(_normalized(message), training) >= MAX_WORD_OVERLAP
    ]
    assert reworded == []


def test_heldout_and_dev_share_no_message() -> None:
    dev = {_normalized(message) for _, message in _examples(DEV)}
    shared = [m for _, m in _examples(HELDOUT) if _normalized(m) in dev]
    assert shared == []
