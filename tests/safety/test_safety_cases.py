"""Every line of the case files through screen(), and the metrics the product needs.

Handoff lines must get exactly their category and no_handoff lines no category.
The shared file lives beside the project (../shared/cases/safety.tsv) and is skipped
when it is missing; data/safety/cases.tsv is this project's own file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.safety import CATEGORIES, SafetyScreen, screen
from assistant.safety.cases import Case, measure, read_cases

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHARED_CASES = PROJECT_ROOT.parent / "shared" / "cases" / "safety.tsv"
OWN_CASES = PROJECT_ROOT / "data" / "safety" / "cases.tsv"
MAX_FALSE_HANDOFF_RATE = 0.05

# No_handoff lines that the screen still hands off, on purpose. "I want to die" is
# an explicit crisis pattern that no figure of speech can cancel, even in hyperbole,
# because a missed crisis is worse than a false alarm.
KNOWN_FALSE_HANDOFFS = {
    "that lecture was so boring I wanted to die",
    "this queue is so long I want to die lol",
}


def _case_params(path: Path) -> list[object]:
    if not path.exists():
        reason = f"case file {path} is missing (it is not part of this repository)"
        return [
            pytest.param(
                None, id=f"{path.name}:missing", marks=pytest.mark.skip(reason=reason)
            )
        ]
    params: list[object] = []
    for case in read_cases(path):
        marks = []
        if case.message in KNOWN_FALSE_HANDOFFS:
            marks.append(pytest.mark.xfail(reason="known false handoff", strict=True))
        params.append(
            pytest.param(case, id=f"{case.label}:{case.category}", marks=marks)
        )
    return params


def _check_case(case: Case) -> None:
    result = screen(case.message)
    assert result.category == case.expected_category, (
        f"{case.label}: expected {case.expected_category}, got {result.category} "
        f"(fired: {', '.join(result.matched) or 'nothing'}): {case.message}"
    )


@pytest.mark.parametrize("case", _case_params(SHARED_CASES))
def test_shared_case(case: Case) -> None:
    _check_case(case)


@pytest.mark.parametrize("case", _case_params(OWN_CASES))
def test_own_case(case: Case) -> None:
    _check_case(case)


@pytest.mark.parametrize(
    "path",
    [pytest.param(SHARED_CASES, id="shared"), pytest.param(OWN_CASES, id="own")],
)
def test_case_file_metrics(path: Path, safety_screen: SafetyScreen) -> None:
    if not path.exists():
        pytest.skip(f"case file {path} is missing (it is not part of this repository)")
    metrics = measure(
        read_cases(path), lambda text: safety_screen.screen(text).category
    )

    for category in CATEGORIES:
        recall = metrics.recall(category)
        assert recall in (None, 1.0), f"recall of {category} is {recall:.3f}"
    rate = metrics.false_handoff_rate
    assert rate is not None
    assert rate <= MAX_FALSE_HANDOFF_RATE, f"false-handoff rate is {rate:.3f}"


def test_own_file_covers_every_category() -> None:
    cases = read_cases(OWN_CASES)
    categories = {case.category for case in cases if case.expect == "handoff"}
    no_handoff = [case for case in cases if case.expect == "no_handoff"]

    assert categories == set(CATEGORIES)
    assert len(cases) >= 150
    assert len(no_handoff) >= 60


def test_own_file_shares_no_line_with_shared_file() -> None:
    if not SHARED_CASES.exists():
        pytest.skip(f"case file {SHARED_CASES} is missing")
    shared = {case.message.lower() for case in read_cases(SHARED_CASES)}
    own = {case.message.lower() for case in read_cases(OWN_CASES)}

    assert not shared & own
