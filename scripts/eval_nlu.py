"""Score a trained NLU model on the held-out test set and the routing cases.

Usage: python scripts/eval_nlu.py --model build/eval-nlu/nlu.tar.gz

Writes report.md, metrics.json and confusion_matrix.png to the report folder. Exits
with 1 when the macro-F1 over the held-out intents is below --min-macro-f1 or a
routing case fails, and with 2 when an input file is missing or invalid.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from actions.cards import resource_summary  # noqa: E402
from actions.resources import resources_for_text  # noqa: E402
from assistant.directory import Directory, load_directory  # noqa: E402
from assistant.nlp.evaluation import (  # noqa: E402
    DevScore,
    Example,
    Prediction,
    Report,
    RoutingResult,
    misclassified,
    retrieval_accuracy,
    score,
    write_report,
)

logger = logging.getLogger("eval_nlu")

DEFAULT_TEST_SET = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"
DEFAULT_DEV_SET = PROJECT_ROOT / "tests" / "nlu" / "dev.yml"
DEFAULT_ROUTING_CASES = PROJECT_ROOT / "tests" / "nlu" / "routing.tsv"
DEFAULT_REPORT_DIR = PROJECT_ROOT / "docs" / "nlu-report"
DEFAULT_MIN_MACRO_F1 = 0.90

# Intents whose rules or stories run a resource action, so only these can put a
# resource in the reply: action_recommend_resources, action_mentor_referral, and
# action_answer_outside_intake for inform while no intake is running.
ROUTING_INTENTS = frozenset({"ask_resource", "mentor_situation", "inform"})


def load_examples(path: Path) -> list[Example]:
    """Read a Rasa YAML NLU file into examples; raise ValueError when it has none."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    examples = []
    for message in data.intent_examples:
        intent = str(message.get("intent"))
        full = message.get("intent_response_key")
        examples.append(Example(message.get("text"), intent, full))
    if not examples:
        raise ValueError(f"{path}: no intent examples found")
    return examples


def load_routing_cases(path: Path) -> list[tuple[str, str]]:
    """Read (pattern, message) rows; raise ValueError naming a malformed line."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(part.strip() for part in parts):
            raise ValueError(
                f"{path}:{number}: expected a pattern and a message separated by "
                "one tab"
            )
        pattern, message = (part.strip() for part in parts)
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"{path}:{number}: invalid pattern: {error}") from error
        cases.append((pattern, message))
    return cases


def predict(model_path: Path, texts: Sequence[str]) -> list[Prediction]:
    """Parse each text with the model's whole NLU pipeline, safety screen included."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    # Rasa 3.6 logs every parse result at debug level through structlog.
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model_path))

    async def parse_all() -> list[dict[str, Any]]:
        return [await agent.parse_message(text) for text in texts]

    return [_to_prediction(parsed) for parsed in asyncio.run(parse_all())]


def _to_prediction(parsed: dict[str, Any]) -> Prediction:
    intent = parsed.get("intent") or {}
    name = str(intent.get("name"))
    selector = (parsed.get("response_selector") or {}).get(name) or {}
    response = selector.get("response") or {}
    return Prediction(
        intent=name,
        confidence=float(intent.get("confidence") or 0.0),
        retrieval_intent=response.get("intent_response_key"),
        entities=tuple(parsed.get("entities") or ()),
    )


def check_routing(
    directory: Directory,
    cases: Sequence[tuple[str, str]],
    predictions: Sequence[Prediction],
) -> list[RoutingResult]:
    """Check that each routing message gets a resource reply matching its pattern."""
    results = []
    for (pattern, message), prediction in zip(cases, predictions, strict=True):
        resources = []
        if prediction.intent in ROUTING_INTENTS:
            resources = resources_for_text(directory, message, prediction.entities)
        reply = resource_summary(resources) if resources else ""
        passed = bool(re.search(pattern, reply, re.IGNORECASE))
        results.append(
            RoutingResult(
                message=message,
                expected=pattern,
                intent=prediction.intent,
                resources=[resource.id for resource in resources],
                passed=passed,
            )
        )
    return results


def evaluate(args: argparse.Namespace) -> Report:
    examples = load_examples(args.test_set)
    dev_examples = load_examples(args.dev_set) if args.dev_set else []
    cases = load_routing_cases(args.routing_cases)
    texts = [example.text for example in [*examples, *dev_examples]]
    texts += [case[1] for case in cases]
    predictions = predict(args.model, texts)
    held_out = predictions[: len(examples)]
    dev = predictions[len(examples) : len(examples) + len(dev_examples)]
    routed = predictions[len(examples) + len(dev_examples) :]

    # The development set's errors are listed in place of the held-out set's, so
    # that nobody tunes the training data to held-out messages.
    dev_score = None
    listed_set, listed_examples, listed_predictions = args.test_set, examples, held_out
    if dev_examples:
        dev_score = DevScore(
            test_set=_shown_path(args.dev_set),
            examples=len(dev_examples),
            macro_f1=score(dev_examples, dev)[1],
        )
        listed_set, listed_examples, listed_predictions = (
            args.dev_set,
            dev_examples,
            dev,
        )

    per_intent, macro_f1 = score(examples, held_out)
    report = Report(
        model=str(args.model),
        test_set=_shown_path(args.test_set),
        examples=len(examples),
        macro_f1=macro_f1,
        min_macro_f1=args.min_macro_f1,
        per_intent=per_intent,
        retrieval_accuracy=retrieval_accuracy(examples, held_out),
        errors=misclassified(listed_examples, listed_predictions),
        routing=check_routing(load_directory(), cases, routed),
        dev=dev_score,
        errors_from=_shown_path(listed_set),
    )
    write_report(report, args.report_dir, examples, held_out)
    return report


def _shown_path(path: Path) -> str:
    """Return the path relative to the project when it lies inside it."""
    resolved = path.resolve()
    if resolved.is_relative_to(PROJECT_ROOT):
        return str(resolved.relative_to(PROJECT_ROOT))
    return str(path)


def _optional_path(value: str) -> Path | None:
    return Path(value) if value else None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python scripts/eval_nlu.py",
        description="Score an NLU model on the held-out test set and routing cases.",
    )
    parser.add_argument("--model", type=Path, required=True, help="model .tar.gz")
    parser.add_argument(
        "--test-set",
        type=Path,
        default=DEFAULT_TEST_SET,
        help="held-out Rasa NLU YAML file (default: tests/nlu/heldout.yml)",
    )
    parser.add_argument(
        "--dev-set",
        type=_optional_path,
        default=DEFAULT_DEV_SET,
        help="development Rasa NLU YAML file, reported but not required to pass; "
        "an empty value skips it (default: tests/nlu/dev.yml)",
    )
    parser.add_argument(
        "--routing-cases",
        type=Path,
        default=DEFAULT_ROUTING_CASES,
        help="tab-separated pattern and message file (default: tests/nlu/routing.tsv)",
    )
    parser.add_argument(
        "--report-dir",
        type=Path,
        default=DEFAULT_REPORT_DIR,
        help="folder for report.md, metrics.json and the PNG "
        "(default: docs/nlu-report)",
    )
    parser.add_argument(
        "--min-macro-f1",
        type=float,
        default=DEFAULT_MIN_MACRO_F1,
        help="lowest macro-F1, from 0 to 1, that passes (default: 0.90)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("rasa", "tensorflow", "absl", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if not args.model.is_file():
        logger.error("Model not found: %s. Train one with `make eval-nlu`.", args.model)
        return 2
    try:
        report = evaluate(args)
    except (OSError, ValueError) as error:
        logger.error("Evaluation failed: %s", error)
        return 2

    logger.info(
        "Macro-F1 %.3f (required %.2f); routing %d/%d; report in %s",
        report.macro_f1,
        report.min_macro_f1,
        report.routing_passed,
        len(report.routing),
        args.report_dir,
    )
    for result in report.routing:
        if not result.passed:
            logger.error(
                "Routing case failed: %r got intent %s and resources %s, expected %r",
                result.message,
                result.intent,
                result.resources or "none",
                result.expected,
            )
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
