"""The temperature that calibrates the sentiment model's probabilities (calibration.py)."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from sazon.text.sentiment.calibration import fit_temperature, softmax

LABELS = ("negative", "neutral", "positive")


def _noisy(n: int, seed: int) -> tuple[np.ndarray, list[str]]:
    # Three overlapping clouds with many useless dimensions: a barely regularised logistic
    # regression fits its training rows too well and is overconfident on new ones.
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    x = rng.normal(size=(n, 40))
    x[:, 0] += y * 0.8
    return x, [LABELS[i] for i in y]


def test_fit_temperature__an_overconfident_classifier_is_cooled() -> None:
    x, y = _noisy(300, 0)
    temperature = fit_temperature(x, y, lambda: LogisticRegression(C=100.0, max_iter=2000))
    assert temperature > 1.5


def test_fit_temperature__lowers_the_loss_on_new_texts_and_keeps_every_label() -> None:
    x, y = _noisy(300, 1)
    new_x, new_y = _noisy(300, 2)
    clf = LogisticRegression(C=100.0, max_iter=2000).fit(x, y)
    temperature = fit_temperature(x, y, lambda: LogisticRegression(C=100.0, max_iter=2000))
    scores = clf.decision_function(new_x)
    raw, cooled = softmax(scores.copy()), softmax(scores / temperature)
    truth = np.array([list(clf.classes_).index(v) for v in new_y])

    def loss(p: np.ndarray) -> float:
        return float(-np.log(p[np.arange(len(truth)), truth]).mean())

    assert loss(cooled) < loss(raw)
    assert np.array_equal(cooled.argmax(axis=1), raw.argmax(axis=1))


def test_fit_temperature__copies_of_a_text_stay_in_one_fold() -> None:
    # Every row three times: without groups a fold sees a copy of each row it scores, so the
    # classifier looks sure and right, and the temperature comes out too low.
    x, y = _noisy(150, 3)
    x3, y3 = np.vstack([x, x, x]), y * 3
    groups = [str(i) for i in range(len(y))] * 3

    def make() -> LogisticRegression:
        return LogisticRegression(C=100.0, max_iter=2000)

    assert fit_temperature(x3, y3, make, groups=groups) > fit_temperature(x3, y3, make) + 0.5


def test_fit_temperature__too_few_texts_of_a_label_leave_it_at_one() -> None:
    x = np.eye(5)
    assert fit_temperature(x, ["negative", "positive"] * 2 + ["neutral"], LogisticRegression) == 1.0
