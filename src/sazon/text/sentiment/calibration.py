"""Calibrated probabilities: one temperature for the logistic regression's scores.

A probability of 0.8 should be right about 8 times in 10. A logistic regression fitted with
balanced class weights and a fixed regularisation is not calibrated by construction, so the
model learns a temperature ``T`` (Platt scaling with one shared parameter, as Guo et al. 2017
do for neural networks): the probabilities are ``softmax(scores / T)``. ``T`` is the value
that makes the out-of-fold probabilities of the training reviews most likely (k-fold
cross-validation on the training data only, never on an evaluation set). One number cannot
reorder the classes, so the labels stay those of the uncalibrated model.

The folds refit only the logistic regression, on the feature matrix of the whole training
set (the vocabularies and scalers are shared by the folds): what is measured is how
overconfident the classifier is, and refitting the vectorisers as well would cost the
analysis of every review again for a difference in the third decimal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["FOLDS", "fit_temperature", "fit_temperatures", "softmax", "written_hard"]

#: Folds of the cross-validation that fits the temperature.
FOLDS = 3
_BOUNDS = (0.2, 5.0)


def softmax(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Row-wise softmax in place, as scikit-learn's: subtract the row maximum, exp, divide."""
    scores -= scores.max(axis=1).reshape((-1, 1))
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1).reshape((-1, 1))
    return scores


def written_hard(cues: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Which texts (rows of the hard-cue block, cues.py) were written a hard way: any cue
    fires."""
    return np.asarray((cues != 0).any(axis=1), dtype=bool)


def fit_temperature(
    matrix: Any,
    labels: Sequence[str],
    make_classifier: Callable[[], Any],
    *,
    groups: Sequence[str] | None = None,
    folds: int = FOLDS,
    seed: int | None = 0,
) -> float:
    """The temperature that fits the out-of-fold scores of ``matrix`` best (module doc).

    ``make_classifier`` builds an unfitted classifier with ``fit`` and ``decision_function``
    (one column per class). ``groups`` (the texts) keep the copies of a review weighted
    several times in one fold, so no review is scored by a model that saw it. Returns 1.0
    (no change) when a class has fewer texts than folds.
    """
    found = _out_of_fold(matrix, labels, make_classifier, groups, folds, seed)
    if found is None:
        return 1.0
    scores, truth = found
    return _best(scores, truth)


def fit_temperatures(
    matrix: Any,
    labels: Sequence[str],
    make_classifier: Callable[[], Any],
    hard: Sequence[bool] | NDArray[np.bool_],
    *,
    groups: Sequence[str] | None = None,
    folds: int = FOLDS,
    seed: int | None = 0,
) -> tuple[float, float]:
    """Two temperatures from the same out-of-fold scores: one for the texts where ``hard``
    is false, one for those where it is true (texts written a hard way: irony, questions,
    turns… — the model is surer of itself there than it is right, so they get their own).
    A group with too few texts gets the temperature of all of them."""
    found = _out_of_fold(matrix, labels, make_classifier, groups, folds, seed)
    if found is None:
        return 1.0, 1.0
    scores, truth = found
    mask = np.asarray(hard, dtype=bool)
    every = _best(scores, truth)
    plain, written_hard = every, every
    if (~mask).sum() >= _MIN_GROUP:
        plain = _best(scores[~mask], truth[~mask])
    if mask.sum() >= _MIN_GROUP:
        written_hard = _best(scores[mask], truth[mask])
    return plain, written_hard


# Fewer texts than this in a group and its own temperature would be noise.
_MIN_GROUP = 100


def _out_of_fold(
    matrix: Any,
    labels: Sequence[str],
    make_classifier: Callable[[], Any],
    groups: Sequence[str] | None,
    folds: int,
    seed: int | None,
) -> tuple[NDArray[np.float64], NDArray[np.int64]] | None:
    """Out-of-fold decision scores (classes in sorted order) and the true class indices."""
    from sklearn.model_selection import StratifiedGroupKFold  # type: ignore[import-untyped]

    y = np.asarray(labels)
    counts = Counter(labels)
    if len(counts) < 3 or min(counts.values()) < folds:
        return None
    classes = sorted(counts)
    truth = np.asarray([classes.index(v) for v in labels])
    scores = np.zeros((len(y), len(classes)))
    split = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
    keys = list(groups) if groups is not None else list(range(len(y)))
    for train, held in split.split(np.zeros(len(y)), y, keys):
        clf = make_classifier().fit(matrix[train], y[train])
        order = [classes.index(str(c)) for c in clf.classes_]
        scores[np.ix_(held, order)] = clf.decision_function(matrix[held])
    return scores, truth


def _best(scores: NDArray[np.float64], truth: NDArray[np.int64]) -> float:
    """The temperature with the least negative log-likelihood of the true classes."""
    from scipy.optimize import minimize_scalar  # type: ignore[import-untyped]

    def loss(temperature: float) -> float:
        z = scores / temperature
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(truth)), truth].mean())

    found = minimize_scalar(loss, bounds=_BOUNDS, method="bounded")
    return round(float(found.x), 4)
