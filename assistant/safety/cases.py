"""Evaluation case files for the safety screen, and the metrics computed over them.

A case file is tab-separated with the fields category, expect and message. Lines that
start with "#" and blank lines are skipped. expect is "handoff" (the message must get
exactly that category) or "no_handoff" (category "none": no category at all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.safety.patterns import CATEGORIES

EXPECTATIONS = ("handoff", "no_handoff")
NO_CATEGORY = "none"


@dataclass(frozen=True)
class Case:
    """One line of a case file."""

    path: Path
    line: int
    category: str
    expect: str
    message: str

    @property
    def expected_category(self) -> str | None:
        return None if self.expect == "no_handoff" else self.category

    @property
    def label(self) -> str:
        return f"{self.path.name}:{self.line}"


def read_cases(path: Path) -> list[Case]:
    """Read a case file; raise ValueError naming the line of any invalid entry."""
    cases: list[Case] = []
    with path.open(encoding="utf-8") as file:
        for number, raw in enumerate(file, start=1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cases.append(_parse_line(path, number, line))
    return cases


def _parse_line(path: Path, number: int, line: str) -> Case:
    fields = line.split("\t")
    if len(fields) != 3:
        raise ValueError(
            f"{path}:{number}: expected 3 tab-separated fields "
            f"(category, expect, message), found {len(fields)}"
        )
    category, expect, message = (value.strip() for value in fields)
    if expect not in EXPECTATIONS:
        raise ValueError(
            f"{path}:{number}: expect is {expect!r}; use handoff or no_handoff"
        )
    if expect == "handoff" and category not in CATEGORIES:
        raise ValueError(
            f"{path}:{number}: category {category!r} is not one of "
            f"{', '.join(CATEGORIES)}"
        )
    if expect == "no_handoff" and category != NO_CATEGORY:
        raise ValueError(f"{path}:{number}: a no_handoff line needs category 'none'")
    if not message:
        raise ValueError(f"{path}:{number}: the message is empty")
    return Case(path, number, category, expect, message)


@dataclass
class CaseMetrics:
    """Recall per category and the false-handoff rate over a set of cases."""

    handoff_total: dict[str, int] = field(default_factory=dict)
    handoff_correct: dict[str, int] = field(default_factory=dict)
    no_handoff_total: int = 0
    false_handoffs: int = 0
    failures: list[tuple[Case, str | None]] = field(default_factory=list)

    def recall(self, category: str) -> float | None:
        total = self.handoff_total.get(category, 0)
        if total == 0:
            return None
        return self.handoff_correct.get(category, 0) / total

    @property
    def false_handoff_rate(self) -> float | None:
        if self.no_handoff_total == 0:
            return None
        return self.false_handoffs / self.no_handoff_total


def measure(
    cases: Iterable[Case], classify: Callable[[str], str | None]
) -> CaseMetrics:
    """Run classify (message to category or None) over the cases and count results."""
    metrics = CaseMetrics()
    for case in cases:
        actual = classify(case.message)
        if case.expect == "handoff":
            metrics.handoff_total[case.category] = (
                metrics.handoff_total.get(case.category, 0) + 1
            )
            if actual == case.category:
                metrics.handoff_correct[case.category] = (
                    metrics.handoff_correct.get(case.category, 0) + 1
                )
        else:
            metrics.no_handoff_total += 1
            if actual is not None:
                metrics.false_handoffs += 1
        if actual != case.expected_category:
            metrics.failures.append((case, actual))
    return metrics
