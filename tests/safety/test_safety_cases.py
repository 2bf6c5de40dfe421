"""Every line of the case files through screen(), and the metrics the product needs.

Handoff lines must get exactly their category and no_handoff lines no category.
The shared file lives beside the project (../shared/cases/safety.tsv) and is skipped
when it is missing. The project's own files are data/safety/cases.tsv and the two
held-out sets, eval_cases.tsv and holdout_cases.tsv.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.safety import CATEGORIES, SafetyScreen, screen
from assistant.safety.cases import Case, measure, read_cases

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHARED_CASES = PROJECT_ROOT.parent / "shared" / "cases" / "safety.tsv"
OWN_CASES = PROJECT_ROOT / "data" / "safety" / "cases.tsv"
EVAL_CASES = PROJECT_ROOT / "data" / "safety" / "eval_cases.tsv"
HOLDOUT_CASES = PROJECT_ROOT / "data" / "safety" / "holdout_cases.tsv"
OWN_FILES = (OWN_CASES, EVAL_CASES, HOLDOUT_CASES)
MAX_FALSE_HANDOFF_RATE = 0.05


def _case_params(path: Path) -> list[object]:
    if not path.exists():
        reason = f"case file {path} is missing (it is not part of this repository)"
        return [
            pytest.param(
                None, id=f"{path.name}:missing", marks=pytest.mark.skip(reason=reason)
            )
        ]
    return [
        pytest.param(case, id=f"{case.label}:{case.category}")
        for case in read_cases(path)
    ]


def _check_case(case: Case) -> None:
    result = screen(case.message)
    assert result.category == case.expected_category, (
        f"{case.label}: expected {case.expected_category}, got {result.category} "
        f"(fired: {', '.join(result.matched) or 'nothing'}): {case.message}"
    )


@pytest.mark.parametrize("case", _case_params(SHARED_CASES))
def test_shared_case(case: Case) -> None:
    _check_case(case)


@pytest.mark.parametrize(
    "case", [param for path in OWN_FILES for param in _case_params(path)]
)
def test_own_case(case: Case) -> None:
    _check_case(case)


@pytest.mark.parametrize(
    "path",
    [pytest.param(SHARED_CASES, id="shared")]
    + [pytest.param(path, id=path.stem) for path in OWN_FILES],
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


def test_eval_file_covers_every_category() -> None:
    cases = read_cases(EVAL_CASES)
    categories = {case.category for case in cases if case.expect == "handoff"}
    no_handoff = [case for case in cases if case.expect == "no_handoff"]

    assert categories == set(CATEGORIES)
    assert len(cases) >= 250
    assert len(no_handoff) >= 100


def test_own_files_share_no_line() -> None:
    files = [path for path in (SHARED_CASES, *OWN_FILES) if path.exists()]
    seen: dict[str, str] = {}
    for path in files:
        for case in read_cases(path):
            key = " ".join(case.message.lower().split())
            assert key not in seen, f"{case.label} repeats {seen[key]}: {case.message}"
            seen[key] = case.label
