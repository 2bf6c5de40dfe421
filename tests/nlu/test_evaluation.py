"""Scores and report files of the NLU evaluation, on hand-made predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.nlp.evaluation import (
    DevScore,
    Example,
    Prediction,
    Report,
    RoutingResult,
    confusion_matrix,
    misclassified,
    retrieval_accuracy,
    score,
    write_report,
)


def example(intent: str, retrieval: str | None = None) -> Example:
    return Example(
        text=f"a {intent} message", intent=intent, retrieval_intent=retrieval
    )


def prediction(intent: str, retrieval: str | None = None) -> Prediction:
    return Prediction(
        intent=intent, confidence=0.9, retrieval_intent=retrieval, entities=()
    )


EXAMPLES = [example("greet"), example("greet"), example("faq", "faq/aims")]
PREDICTIONS = [
    prediction("greet"),
    prediction("nlu_fallback"),
    prediction("faq", "faq/privacy"),
]


def test_score_counts_fallback_against_recall() -> None:
    per_intent, macro_f1 = score(EXAMPLES, PREDICTIONS)

    assert per_intent["greet"]["precision"] == 1.0
    assert per_intent["greet"]["recall"] == 0.5
    assert per_intent["greet"]["f1"] == pytest.approx(2 / 3)
    assert per_intent["faq"]["f1"] == 1.0
    assert "nlu_fallback" not in per_intent
    assert macro_f1 == pytest.approx((2 / 3 + 1.0) / 2)


def test_score_zero_when_intent_never_predicted() -> None:
    per_intent, macro_f1 = score([example("skip")], [prediction("deny")])

    assert per_intent["skip"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 1,
    }
    assert macro_f1 == 0.0


def test_score_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError):
        score(EXAMPLES, PREDICTIONS[:2])


def test_retrieval_accuracy_per_retrieval_intent() -> None:
    assert retrieval_accuracy(EXAMPLES, PREDICTIONS) == {"faq": 0.0}


def test_confusion_matrix_adds_predicted_only_labels() -> None:
    labels, counts = confusion_matrix(EXAMPLES, PREDICTIONS)

    assert labels == ["faq", "greet", "nlu_fallback"]
    assert counts == [[1, 0, 0], [0, 1, 1], [0, 0, 0]]


def test_misclassified_lists_wrong_intents() -> None:
    errors = misclassified(EXAMPLES, PREDICTIONS)

    assert [error["predicted"] for error in errors] == ["nlu_fallback"]


def test_write_report_files(tmp_path: Path) -> None:
    per_intent, macro_f1 = score(EXAMPLES, PREDICTIONS)
    report = Report(
        model="model.tar.gz",
        test_set="tests/nlu/heldout.yml",
        examples=len(EXAMPLES),
        macro_f1=macro_f1,
        min_macro_f1=0.9,
        per_intent=per_intent,
        retrieval_accuracy=retrieval_accuracy(EXAMPLES, PREDICTIONS),
        errors=misclassified(EXAMPLES, PREDICTIONS),
        routing=[RoutingResult("food?", "food", "ask_resource", ["basic_needs"], True)],
        dev=DevScore(test_set="tests/nlu/dev.yml", examples=40, macro_f1=0.95),
        errors_from="tests/nlu/dev.yml",
    )

    write_report(report, tmp_path, EXAMPLES, PREDICTIONS)

    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["passed"] is False
    assert metrics["macro_f1"] == pytest.approx(macro_f1)
    markdown = (tmp_path / "report.md").read_text()
    assert "**FAILED**" in markdown
    assert "| greet | 1.000 | 0.500 | 0.667 | 2 |" in markdown
    assert "scored on `tests/nlu/heldout.yml`" in markdown
    assert "`tests/nlu/dev.yml`: macro-F1 0.950 over 40 messages" in markdown
    assert metrics["dev"]["macro_f1"] == pytest.approx(0.95)
    assert "From `tests/nlu/dev.yml`. The held-out set's" in markdown
    png = (tmp_path / "confusion_matrix.png").read_bytes()
    assert png.startswith(b"\x89PNG")
