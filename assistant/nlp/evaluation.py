"""Scores and the report of the NLU evaluation (scripts/eval_nlu.py).

Kept free of Rasa so that the scoring is tested without a trained model: the script
parses the messages with Rasa and passes the results in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Example:
    """One held-out message and its labels."""

    text: str
    intent: str  # the base intent, such as "faq" for faq/privacy
    retrieval_intent: str | None  # "faq/privacy", or None for a plain intent


@dataclass(frozen=True)
class Prediction:
    """The model's output for one message."""

    intent: str
    confidence: float
    retrieval_intent: str | None
    entities: tuple[dict[str, Any], ...]


@dataclass
class RoutingResult:
    """One routing case and whether the reply matched."""

    message: str
    expected: str
    intent: str
    resources: list[str]
    passed: bool


@dataclass(frozen=True)
class DevScore:
    """Macro-F1 on the development set, the set that tuning decisions used."""

    test_set: str
    examples: int
    macro_f1: float


@dataclass
class Report:
    """Everything report.md and metrics.json show."""

    model: str
    test_set: str
    examples: int
    macro_f1: float
    min_macro_f1: float
    per_intent: dict[str, dict[str, float]]
    retrieval_accuracy: dict[str, float]
    errors: list[dict[str, Any]]
    routing: list[RoutingResult] = field(default_factory=list)
    dev: DevScore | None = None
    # File whose misclassified messages `errors` contains. It is the development set
    # when there is one, so that nobody tunes the training data to held-out messages.
    errors_from: str = ""

    @property
    def routing_passed(self) -> int:
        return sum(result.passed for result in self.routing)

    @property
    def passed(self) -> bool:
        routing_ok = self.routing_passed == len(self.routing)
        return self.macro_f1 >= self.min_macro_f1 and routing_ok


def score(
    examples: Sequence[Example], predictions: Sequence[Prediction]
) -> tuple[dict[str, dict[str, float]], float]:
    """Return per-intent precision, recall, F1 and support, and the macro-F1.

    The macro-F1 averages over the intents of the test set. A message predicted as
    another label (nlu_fallback, a safety intent) counts against its intent's recall.
    A precision or recall with a zero denominator counts as 0, as in scikit-learn's
    zero_division=0.
    """
    pairs = list(zip(examples, predictions, strict=True))
    if not pairs:
        raise ValueError("no examples to score")
    per_intent: dict[str, dict[str, float]] = {}
    for label in sorted({example.intent for example in examples}):
        true_positive = sum(e.intent == label and p.intent == label for e, p in pairs)
        predicted = sum(p.intent == label for _, p in pairs)
        support = sum(e.intent == label for e, _ in pairs)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / support
        total = precision + recall
        per_intent[label] = {
            "precision": precision,
            "recall": recall,
            "f1": 2 * precision * recall / total if total else 0.0,
            "support": support,
        }
    macro_f1 = sum(row["f1"] for row in per_intent.values()) / len(per_intent)
    return per_intent, macro_f1


def retrieval_accuracy(
    examples: Sequence[Example], predictions: Sequence[Prediction]
) -> dict[str, float]:
    """Return, per retrieval intent, the share of messages given the right response."""
    totals: dict[str, list[int]] = {}
    for example, prediction in zip(examples, predictions, strict=True):
        if example.retrieval_intent is None:
            continue
        hits = totals.setdefault(example.intent, [0, 0])
        hits[0] += prediction.retrieval_intent == example.retrieval_intent
        hits[1] += 1
    return {intent: right / total for intent, (right, total) in totals.items()}


def misclassified(
    examples: Sequence[Example], predictions: Sequence[Prediction]
) -> list[dict[str, Any]]:
    return [
        {
            "text": example.text,
            "expected": example.intent,
            "predicted": prediction.intent,
            "confidence": round(prediction.confidence, 3),
        }
        for example, prediction in zip(examples, predictions, strict=True)
        if example.intent != prediction.intent
    ]


def confusion_matrix(
    examples: Sequence[Example], predictions: Sequence[Prediction]
) -> tuple[list[str], list[list[int]]]:
    """Count messages by true intent (rows) and predicted intent (columns).

    Labels that are only predicted, such as nlu_fallback, come last and get a row of
    zeros, so the matrix stays square.
    """
    gold = [example.intent for example in examples]
    predicted = [prediction.intent for prediction in predictions]
    labels = sorted(set(gold)) + sorted(set(predicted) - set(gold))
    index = {label: i for i, label in enumerate(labels)}
    counts = [[0] * len(labels) for _ in labels]
    for true, guess in zip(gold, predicted, strict=True):
        counts[index[true]][index[guess]] += 1
    return labels, counts


def plot_confusion_matrix(
    labels: Sequence[str], counts: list[list[int]], path: Path
) -> None:
    """Save the confusion matrix as a PNG with the count in each non-empty cell."""
    # matplotlib 3.5 ships no type information.
    import matplotlib  # type: ignore[import-untyped]

    matplotlib.use("Agg")  # CI machines have no display
    import matplotlib.pyplot as plt  # type: ignore[import-untyped]

    figure, axes = plt.subplots(figsize=(12, 11))
    axes.imshow(counts, cmap="Blues")
    axes.set_xticks(range(len(labels)))
    axes.set_xticklabels(labels, rotation=90)
    axes.set_yticks(range(len(labels)))
    axes.set_yticklabels(labels)
    axes.set_xlabel("predicted intent")
    axes.set_ylabel("true intent")
    axes.set_title("Held-out NLU test set: messages by true and predicted intent")
    for row, values in enumerate(counts):
        for column, count in enumerate(values):
            if count:
                axes.text(column, row, str(count), ha="center", va="center", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def render_markdown(report: Report) -> str:
    """Render the report as Markdown: summary, then one table per part."""
    verdict = "passed" if report.passed else "FAILED"
    lines = [
        "# NLU evaluation on the held-out test set",
        "",
        f"Written by `make eval-nlu` (scripts/eval_nlu.py) for `{report.model}`, a "
        f"model trained on `data/nlu/` only and scored on `{report.test_set}`. "
        "Intents are those after the whole pipeline, the fallback classifier and "
        "the safety screen included.",
        "",
        f"- Verdict: **{verdict}**",
        f"- Macro-F1: **{report.macro_f1:.3f}** over {len(report.per_intent)} "
        f"intents and {report.examples} messages (required: "
        f"{report.min_macro_f1:.2f})",
        f"- Routing cases: **{report.routing_passed}/{len(report.routing)}** got "
        "the expected resource",
        "- Confusion matrix: [confusion_matrix.png](confusion_matrix.png)",
    ]
    if report.dev is not None:
        lines.append(
            f"- Development set `{report.dev.test_set}`: macro-F1 "
            f"{report.dev.macro_f1:.3f} over {report.dev.examples} messages. "
            "Training data was added after reading its errors, so it overstates "
            "the score on unseen text and does not decide the verdict."
        )
    lines += _intent_lines(report)
    lines += _routing_lines(report)
    lines += _error_lines(report)
    return "\n".join(lines) + "\n"


def _intent_lines(report: Report) -> list[str]:
    lines = ["", "## Intents", "", "| intent | precision | recall | F1 | messages |"]
    lines.append("|---|---:|---:|---:|---:|")
    for intent, row in report.per_intent.items():
        lines.append(
            f"| {intent} | {row['precision']:.3f} | {row['recall']:.3f} | "
            f"{row['f1']:.3f} | {row['support']} |"
        )
    lines += [
        "",
        "## Response selection",
        "",
        "Share of the messages of a retrieval intent that got the right response, "
        "such as faq/privacy.",
        "",
        "| retrieval intent | accuracy |",
        "|---|---:|",
    ]
    for intent, accuracy in report.retrieval_accuracy.items():
        lines.append(f"| {intent} | {accuracy:.3f} |")
    return lines


def _routing_lines(report: Report) -> list[str]:
    lines = ["", "## Routing", "", "| result | message | intent | resources |"]
    lines.append("|---|---|---|---|")
    for result in report.routing:
        mark = "pass" if result.passed else "FAIL"
        resources = ", ".join(result.resources) or "none"
        lines.append(f"| {mark} | {result.message} | {result.intent} | {resources} |")
    return lines


def _error_lines(report: Report) -> list[str]:
    lines = ["", "## Misclassified messages", ""]
    if report.errors_from and report.errors_from != report.test_set:
        lines += [
            f"From `{report.errors_from}`. The held-out set's misclassified messages "
            "are not listed, so that training data is not tuned to them.",
            "",
        ]
    lines.append("| message | expected | predicted | confidence |")
    lines.append("|---|---|---|---:|")
    for error in report.errors:
        lines.append(
            f"| {error['text']} | {error['expected']} | {error['predicted']} | "
            f"{error['confidence']:.2f} |"
        )
    return lines


def write_report(
    report: Report,
    report_dir: Path,
    examples: Sequence[Example],
    predictions: Sequence[Prediction],
) -> None:
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "report.md").write_text(render_markdown(report), encoding="utf-8")
    metrics = asdict(report)
    metrics["passed"] = report.passed
    (report_dir / "metrics.json").write_text(
        json.dumps(metrics, indent=2) + "\n", encoding="utf-8"
    )
    labels, counts = confusion_matrix(examples, predictions)
    plot_confusion_matrix(labels, counts, report_dir / "confusion_matrix.png")
