"""The sentiment model: estimator conformance, and the bar on the held-out Peruvian reviews.

The bar (issue #4): on ``bench/data/peru_reviews_test.csv`` — reviews written the way people
write them in Peru, never used to tune anything — the default model gets at least 85 % of the
overall polarities right and almost never reads a complaint as praise (at most 1 % of the
complaints come out positive).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from sazon.errors import InvalidInput, NotFitted
from sazon.ml import ModelRegistry, check_estimator, fingerprint
from sazon.text.sentiment import (
    LABELS,
    SentimentAnalyzer,
    SentimentItem,
    SentimentModel,
    default_model,
    evaluate,
)
from sazon.text.sentiment.model import guard_complaints
from sazon.text.sentiment.rules import RuleScorer
from sazon.text.sentiment.service import default_training_data

TEST_SET = Path(__file__).resolve().parents[2] / "bench" / "data" / "peru_reviews_test.csv"


@pytest.fixture(scope="module")
def small() -> tuple[list[str], list[str]]:
    texts, labels = default_training_data()
    picked = [i for i in range(len(texts)) if i % 8 == 0]
    return [texts[i] for i in picked], [labels[i] for i in picked]


def test_model__passes_the_estimator_conformance_suite(
    small: tuple[list[str], list[str]],
) -> None:
    ran = check_estimator(SentimentModel, *small)
    assert "same_seed_same_output" in ran and "save_load_identical" in ran


def test_model__with_hard_cues_passes_the_estimator_conformance_suite(
    small: tuple[list[str], list[str]],
) -> None:
    ran = check_estimator(lambda: SentimentModel(hard_cues=True), *small)
    assert "save_load_identical" in ran


def test_model__not_fitted_and_bad_labels(small: tuple[list[str], list[str]]) -> None:
    with pytest.raises(NotFitted):
        SentimentModel().predict_proba(["rico"])
    with pytest.raises(InvalidInput, match="unknown labels"):
        SentimentModel().fit(["rico", "feo"], ["bueno", "malo"])
    with pytest.raises(InvalidInput, match="at least two different labels"):
        SentimentModel().fit(["rico", "rica"], ["positive", "positive"])


def test_model__probabilities_are_rows_in_label_order(small: tuple[list[str], list[str]]) -> None:
    model = SentimentModel().fit(*small)
    proba = model.predict_proba(["riquísimo todo", "pésimo, nunca más", "normal"])
    assert proba.shape == (3, 3)
    assert np.allclose(proba.sum(axis=1), 1)
    assert proba[0].argmax() == LABELS.index("positive")
    assert proba[1].argmax() == LABELS.index("negative")


def test_model__saved_model_in_the_registry_predicts_the_same(tmp_path: Path) -> None:
    registry = ModelRegistry(tmp_path)
    model = default_model()
    version = registry.save(
        model, "sentiment", metrics={}, data_fingerprint=fingerprint([]), activate=True
    )
    loaded = registry.load("sentiment")
    texts = ["rico pero caro", "la atención dejó mucho que desear", "chévere 😎"]
    assert version == "v0001"
    assert loaded.predict(texts) == model.predict(texts)
    assert np.array_equal(loaded.predict_proba(texts), model.predict_proba(texts))


def test_guard__a_firm_complaint_is_never_praise() -> None:
    scorer = RuleScorer()
    texts = ("rico todo, pero pésimo trato, nunca más", "rico", "un poco caro, pero buenazo")
    guarded = guard_complaints(["positive"] * 3, [scorer.analyse(t) for t in texts])
    assert guarded[0] in ("neutral", "negative")
    assert guarded[1:] == ["positive", "positive"]


def test_default_model__holds_the_bar_on_the_peruvian_test_set() -> None:
    with TEST_SET.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 300
    results = SentimentAnalyzer(default_model()).analyse(
        [SentimentItem(id=r["id"], text=r["text"]) for r in rows]
    )
    truth = [r["label"] for r in rows]
    metrics = evaluate(truth, [r.label for r in results])
    assert metrics["accuracy"] >= 0.85, metrics
    assert metrics["complaint_as_praise_rate"] <= 0.01, metrics
    # Scores agree with labels: praise above zero, complaints below.
    for result in results:
        if result.label == "positive":
            assert result.score > 0
        if result.label == "negative":
            assert result.score < 0
