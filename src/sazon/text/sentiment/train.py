"""Fit a sentiment model on an organisation's own feedback and put it in the registry.

The file holds texts with a ``label`` (negative/neutral/positive) or a 1–5 ``rating``. By
default our packaged reviews are added to it, so a few hundred of the organisation's own
texts refine the model instead of replacing what it knows. Before saving, the new model is
measured by stratified cross-validation on the organisation's rows only (accuracy and
macro-F1), next to the current default model on the same rows, and those numbers go into
the registry manifest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sazon.config import Settings
from sazon.errors import InvalidInput
from sazon.ml import ModelRegistry, fingerprint
from sazon.text.sentiment.inputs import read_labelled
from sazon.text.sentiment.model import LABELS, SentimentModel
from sazon.text.sentiment.service import (
    MODEL_NAME,
    default_estimator,
    default_model,
    default_training_data,
)

__all__ = ["TrainReport", "evaluate", "train_sentiment"]

_MIN_ROWS = 10
_FOLDS = 5


@dataclass(frozen=True)
class TrainReport:
    """What training did: the new version, its numbers and the data it learnt from."""

    name: str
    version: str
    active: bool
    rows: int
    label_source: str
    label_counts: dict[str, int]
    skipped: int
    with_default_data: bool
    metrics: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "active": self.active,
            "rows": self.rows,
            "label_source": self.label_source,
            "label_counts": self.label_counts,
            "skipped_empty": self.skipped,
            "with_default_data": self.with_default_data,
            "metrics": self.metrics,
        }


def evaluate(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Accuracy, macro-F1 over the labels present, and complaints read as praise."""
    from sklearn.metrics import accuracy_score, f1_score  # type: ignore[import-untyped]

    present = sorted(set(truth) | set(predicted))
    n_negative = sum(t == "negative" for t in truth)
    complaint_as_praise = sum(
        t == "negative" and p == "positive" for t, p in zip(truth, predicted, strict=True)
    )
    return {
        "accuracy": float(accuracy_score(truth, predicted)),
        "macro_f1": float(f1_score(truth, predicted, labels=present, average="macro")),
        "complaint_as_praise": float(complaint_as_praise),
        "complaint_as_praise_rate": complaint_as_praise / n_negative if n_negative else 0.0,
    }


def _cross_validate(
    params: dict[str, Any],
    texts: list[str],
    labels: list[str],
    extra: tuple[list[str], list[str]],
    random_state: int,
) -> dict[str, float]:
    """Cross-validated numbers on ``texts`` (the ``extra`` rows are always in training)."""
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    counts = Counter(labels)
    folds = min(_FOLDS, min(counts.values()))
    if folds < 2 or len(counts) < 2:
        return {}
    splitter = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    predicted = [""] * len(texts)
    x = np.arange(len(texts))
    for train_idx, test_idx in splitter.split(x, labels):
        fold_texts = [texts[i] for i in train_idx] + extra[0]
        fold_labels = [labels[i] for i in train_idx] + extra[1]
        # The labels are all the folds measure: no temperature to fit (it never moves one).
        model = SentimentModel(**(params | {"calibrate": False})).fit(fold_texts, fold_labels)
        for i, label in zip(test_idx, model.predict([texts[i] for i in test_idx]), strict=True):
            predicted[i] = label
    return {f"cv_{k}": v for k, v in evaluate(labels, predicted).items()} | {"cv_folds": folds}


def train_sentiment(
    settings: Settings,
    path: Path,
    *,
    with_default_data: bool = True,
    activate: bool = True,
    params: dict[str, Any] | None = None,
    cross_validate: bool = True,
    registry: ModelRegistry | None = None,
) -> TrainReport:
    """Fit on ``path``, save to the registry as ``sentiment``, activate it (by default)."""
    rows = read_labelled(path, max_mb=settings.ingest.max_file_mb)
    if len(rows.texts) < _MIN_ROWS:
        raise InvalidInput(
            f"{path} has {len(rows.texts)} labelled texts: give at least {_MIN_ROWS} to train on"
        )
    counts = Counter(rows.labels)
    if len(counts) < 2 and not with_default_data:
        raise InvalidInput(
            f"every text in {path} is {rows.labels[0]}: a model needs at least two labels "
            "(or keep the packaged reviews with the default options)"
        )
    extra = default_training_data() if with_default_data else ([], [])
    model_params = default_estimator().get_params() | dict(params or {})
    metrics: dict[str, float] = {}
    if cross_validate:
        metrics |= _cross_validate(
            model_params, rows.texts, rows.labels, extra, model_params["random_state"] or 0
        )
    baseline = evaluate(rows.labels, default_model().predict(rows.texts))
    metrics |= {f"default_{k}": v for k, v in baseline.items()}
    texts = rows.texts + extra[0]
    labels = rows.labels + extra[1]
    model = SentimentModel(**model_params).fit(texts, labels)
    metrics["train_rows"] = float(len(texts))
    registry = registry or ModelRegistry.from_settings(settings)
    data = [{"text": t, "label": lab} for t, lab in zip(texts, labels, strict=True)]
    version = registry.save(
        model,
        MODEL_NAME,
        metrics=metrics,
        data_fingerprint=fingerprint(data),
        params=model.get_params(),
        activate=activate,
    )
    return TrainReport(
        name=MODEL_NAME,
        version=version,
        active=activate,
        rows=len(rows.texts),
        label_source=rows.source,
        label_counts={lab: counts.get(lab, 0) for lab in LABELS},
        skipped=len(rows.skipped),
        with_default_data=with_default_data,
        metrics=metrics,
    )
