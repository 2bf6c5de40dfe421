"""The matcher weights file."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from assistant.matching import MatchWeights, load_weights
from assistant.matching.weights import DEFAULT_WEIGHTS_PATH


def test_weights_file_documents_each_weight() -> None:
    text = DEFAULT_WEIGHTS_PATH.read_text(encoding="utf-8")
    assert text.startswith("#")
    for field in fields(MatchWeights):
        assert f"# {field.name}:" in text, field.name


def test_default_weights_load() -> None:
    weights = load_weights()
    assert weights.support_areas > weights.program > 0
    assert weights.most_important_boost > 1
    assert weights.diversity_penalty > 0


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "weights.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _default_text() -> str:
    return DEFAULT_WEIGHTS_PATH.read_text(encoding="utf-8")


def test_rejects_negative_weight(tmp_path: Path) -> None:
    text = _default_text().replace("program: 2.0", "program: -1")
    with pytest.raises(ValueError, match="program"):
        load_weights(_write(tmp_path, text))


def test_rejects_missing_weight(tmp_path: Path) -> None:
    text = _default_text().replace("languages: 1.0", "")
    with pytest.raises(ValueError, match="missing weights \\['languages'\\]"):
        load_weights(_write(tmp_path, text))


def test_rejects_unknown_weight(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown weights \\['height'\\]"):
        load_weights(_write(tmp_path, _default_text() + "height: 1\n"))
