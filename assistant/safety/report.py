"""Print recall per category and the false-handoff rate of the safety screen.

Usage: python -m assistant.safety.report [--failures] FILE [FILE ...]
Each FILE is a tab-separated case file (category, expect, message). The exit status
is 0 when every file was read, and 2 when a case file or the screen's data is
missing or invalid.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.safety.cases import Case, CaseMetrics, measure, read_cases
from assistant.safety.patterns import CATEGORIES
from assistant.safety.screen import default_screen


def format_metrics(title: str, metrics: CaseMetrics) -> list[str]:
    """Return the report lines for one set of cases."""
    lines = [title]
    for category in CATEGORIES:
        recall = metrics.recall(category)
        total = metrics.handoff_total.get(category, 0)
        correct = metrics.handoff_correct.get(category, 0)
        recall_text = "n/a" if recall is None else f"{recall:.3f}"
        lines.append(f"  recall {category:<9} {recall_text:>5}  ({correct}/{total})")
    rate = metrics.false_handoff_rate
    rate_text = "n/a" if rate is None else f"{rate:.3f}"
    lines.append(
        f"  false-handoff rate {rate_text:>5}  "
        f"({metrics.false_handoffs}/{metrics.no_handoff_total} no_handoff lines)"
    )
    return lines


def format_failures(failures: Sequence[tuple[Case, str | None]]) -> list[str]:
    """Return one line per case whose category was wrong."""
    return [
        f"  {case.label}: expected {case.expected_category}, got {actual}: "
        f"{case.message}"
        for case, actual in failures
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.safety.report",
        description="Print recall per category and the false-handoff rate of the "
        "safety screen for tab-separated case files.",
    )
    parser.add_argument("files", nargs="+", type=Path, help="case files to evaluate")
    parser.add_argument(
        "--failures",
        action="store_true",
        help="also list every line with a wrong result",
    )
    args = parser.parse_args(argv)

    try:
        case_sets = [(path, read_cases(path)) for path in args.files]
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    try:
        screen = default_screen()
    except (OSError, ValueError) as error:
        print(f"error: the safety screen could not be built: {error}", file=sys.stderr)
        return 2

    def classify(message: str) -> str | None:
        return screen.screen(message).category

    all_cases: list[Case] = []
    for path, cases in case_sets:
        metrics = measure(cases, classify)
        print("\n".join(format_metrics(f"{path} ({len(cases)} lines)", metrics)))
        if args.failures and metrics.failures:
            print("\n".join(format_failures(metrics.failures)))
        all_cases.extend(cases)
    if len(case_sets) > 1:
        total = measure(all_cases, classify)
        print("\n".join(format_metrics(f"all files ({len(all_cases)} lines)", total)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
