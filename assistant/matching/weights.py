"""Matcher weights from data/matching/weights.yml."""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from assistant.vocabulary import PROJECT_ROOT

DEFAULT_WEIGHTS_PATH = PROJECT_ROOT / "data" / "matching" / "weights.yml"


@dataclass(frozen=True)
class MatchWeights:
    """Weight of each criterion, plus the boost and the diversity penalty.

    weights.yml documents what each value means.
    """

    support_areas: float
    program: float
    themes: float
    availability: float
    meeting_mode: float
    languages: float
    most_important_boost: float
    diversity_penalty: float

    def criterion(self, name: str) -> float:
        value: float = getattr(self, name)
        return value


def load_weights(path: Path | str = DEFAULT_WEIGHTS_PATH) -> MatchWeights:
    """Load weights.yml, raising ValueError on a missing, unknown or negative value."""
    path = Path(path)
    with path.open(encoding="utf-8") as file:
        data = yaml.safe_load(file)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of weight names to numbers")

    names = [field.name for field in fields(MatchWeights)]
    unknown = sorted(set(data) - set(names))
    missing = [name for name in names if name not in data]
    if unknown or missing:
        raise ValueError(
            f"{path}: unknown weights {unknown}, missing weights {missing}"
        )
    values: dict[str, float] = {}
    for name in names:
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"{path}: {name} must be a number >= 0, not {value!r}")
        values[name] = float(value)
    return MatchWeights(**values)


@functools.lru_cache(maxsize=1)
def default_weights() -> MatchWeights:
    return load_weights()
