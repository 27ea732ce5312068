"""The learned ranker: the rules' weights, re-learned from graded pairing examples.

:class:`PairingRanker` is a linear scorer over the pair features (the rules' verdicts plus a
few contrasts). It learns from *pairs* inside one query: for one dish, every wine graded
better must score higher than every wine graded worse (a pairwise logistic loss, as in
RankNet with a linear model). Its L2 penalty pulls the weights towards ``prior`` (the rules'
own weights), not towards zero: with little data it stays the rules, and it moves away only
as far as the examples push it.

``fit`` also calibrates two confidences with Platt scaling (a logistic curve on the score),
so that ``predict_proba`` reads as "the chance a sommelier grades this pair good or
excellent": one for the learned score and one for the rules-alone score (``prior``). When
the examples have at least five groups the learned score is calibrated on out-of-fold scores
(groups split into five folds in order), so the confidence is not flattered by training fit.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sazon.errors import InvalidInput, NotFitted
from sazon.ml import ModelState

GOOD = 2  # grades: 0 wrong, 1 poor, 2 good, 3 excellent


def _sigmoid(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)), dtype=np.float64)


def newton(
    loss: Any, start: NDArray[np.float64], *, iterations: int = 100, tol: float = 1e-9
) -> NDArray[np.float64]:
    """Minimise a smooth convex ``loss(x) -> (value, gradient, hessian)`` by damped Newton.

    Deterministic (no random restarts) and exact for these small problems: a handful of
    weights, a convex logistic loss plus an L2 term.
    """
    x = start.copy()
    value, grad, hess = loss(x)
    for _ in range(iterations):
        try:
            step = np.linalg.solve(hess + 1e-9 * np.eye(len(x)), grad)
        except np.linalg.LinAlgError:
            step = grad
        size = 1.0
        while size > 1e-6:
            candidate = x - size * step
            new_value, new_grad, new_hess = loss(candidate)
            if new_value <= value:
                break
            size *= 0.5
        else:
            break
        done = value - new_value < tol
        x, value, grad, hess = candidate, new_value, new_grad, new_hess
        if done:
            break
    return x


def platt(scores: NDArray[np.float64], positive: NDArray[np.bool_]) -> tuple[float, float]:
    """Platt scaling: ``a, b`` so that sigmoid(a * score + b) estimates P(positive).

    Targets are smoothed as Platt proposed ((n+ + 1)/(n+ + 2) and 1/(n- + 2)), so a small set
    never yields probabilities of exactly 0 or 1.
    """
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        return 0.0, float(np.log((n_pos + 1) / (n_neg + 1)))
    target = np.where(positive, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))

    design = np.column_stack([scores, np.ones_like(scores)])

    def loss(ab: NDArray[np.float64]) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
        z = design @ ab
        value = float(np.sum(np.logaddexp(0.0, z) - target * z))
        p = _sigmoid(z)
        hess = design.T @ (design * (p * (1 - p))[:, None])
        return value, design.T @ (p - target), hess

    a, b = newton(loss, np.array([1.0, 0.0]))
    return float(a), float(b)


def _pairs(
    y: NDArray[np.float64],
    groups: NDArray[Any],
    weight: NDArray[np.float64],
    max_pairs: int,
    rng: np.random.Generator,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    left: list[int] = []
    right: list[int] = []
    w: list[float] = []
    for g in dict.fromkeys(groups.tolist()):
        idx = np.flatnonzero(groups == g)
        found = [(i, j) for i in idx for j in idx if y[i] > y[j]]
        if len(found) > max_pairs:
            keep = rng.choice(len(found), size=max_pairs, replace=False)
            found = [found[k] for k in sorted(keep)]
        for i, j in found:
            left.append(int(i))
            right.append(int(j))
            w.append(float((y[i] - y[j]) * 0.5 * (weight[i] + weight[j])))
    return np.array(left, dtype=np.int64), np.array(right, dtype=np.int64), np.array(w)


class PairingRanker:
    """A linear pairwise ranker with a prior, plus Platt-calibrated confidences.

    Parameters
    ----------
    alpha:
        Strength of the pull towards ``prior`` (L2 on ``coef - prior``).
    prior:
        Starting weights, one per feature (the rules' weights); ``None`` means zeros.
    max_pairs_per_group:
        At most this many ordered pairs per group (sampled with ``random_state``).
    nonnegative, nonpositive:
        Feature indices whose weight may not turn negative (positive): a rule can learn to
        count less, never to count backwards.
    random_state:
        The only source of randomness (the pair sampling).

    >>> import numpy as np
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    >>> ranker = PairingRanker(alpha=0.1).fit(X, [3, 0, 2, 1], groups=[1, 1, 2, 2])
    >>> bool(ranker.predict(X)[0] > ranker.predict(X)[1])
    True
    """

    def __init__(
        self,
        alpha: float = 0.3,
        prior: tuple[float, ...] | None = None,
        max_pairs_per_group: int = 400,
        nonnegative: tuple[int, ...] = (),
        nonpositive: tuple[int, ...] = (),
        random_state: int | None = 0,
    ) -> None:
        self.alpha = alpha
        self.prior = prior
        self.max_pairs_per_group = max_pairs_per_group
        self.nonnegative = nonnegative
        self.nonpositive = nonpositive
        self.random_state = random_state

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters, unchanged (as scikit-learn's ``get_params``)."""
        return {
            "alpha": self.alpha,
            "prior": self.prior,
            "max_pairs_per_group": self.max_pairs_per_group,
            "nonnegative": self.nonnegative,
            "nonpositive": self.nonpositive,
            "random_state": self.random_state,
        }

    def set_params(self, **params: Any) -> Self:
        for key, value in params.items():
            if key not in self.get_params():
                raise InvalidInput(f"PairingRanker has no parameter {key!r}")
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.get_params().items() if v != type(self)().get_params()[k]}
        return f"PairingRanker({', '.join(f'{k}={v!r}' for k, v in changed.items())})"

    # -- fitting --------------------------------------------------------------------------

    def _prior(self, n_features: int) -> NDArray[np.float64]:
        if self.prior is None:
            return np.zeros(n_features)
        prior = np.asarray(self.prior, dtype=np.float64)
        if prior.shape != (n_features,):
            raise InvalidInput(
                f"prior has {prior.shape[0]} weights but X has {n_features} features"
            )
        return prior

    def _solve(
        self,
        X: NDArray[np.float64],  # noqa: N803
        y: NDArray[np.float64],
        groups: NDArray[Any],
        weight: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        prior = self._prior(X.shape[1])
        rng = np.random.default_rng(self.random_state)
        left, right, pw = _pairs(y, groups, weight, self.max_pairs_per_group, rng)
        if len(pw) == 0:
            return prior.copy()
        diff = X[left] - X[right]
        total = float(pw.sum())
        n = X.shape[1]
        fixed: set[int] = set()
        while True:
            free = np.array([i for i in range(n) if i not in fixed], dtype=np.int64)
            coef = np.zeros(n)
            coef[free] = self._newton(diff[:, free], pw, total, prior[free])
            broken = {i for i in self.nonnegative if coef[i] < 0} | {
                i for i in self.nonpositive if coef[i] > 0
            }
            if not broken:
                return coef
            fixed |= broken  # held at zero: the active set grows until every sign holds

    def _newton(
        self,
        diff: NDArray[np.float64],
        pw: NDArray[np.float64],
        total: float,
        prior: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        eye = np.eye(diff.shape[1])

        def loss(
            coef: NDArray[np.float64],
        ) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
            margin = diff @ coef
            delta = coef - prior
            value = float(np.sum(pw * np.logaddexp(0.0, -margin)) / total)
            value += 0.5 * self.alpha * float(delta @ delta)
            s = _sigmoid(-margin)
            grad = -(diff.T @ (pw * s)) / total + self.alpha * delta
            hess = diff.T @ (diff * (pw * s * (1 - s))[:, None]) / total + self.alpha * eye
            return value, grad, hess

        return newton(loss, prior.copy())

    def fit(
        self,
        X: ArrayLike,  # noqa: N803
        y: ArrayLike,
        groups: ArrayLike | None = None,
        sample_weight: ArrayLike | None = None,
    ) -> Self:
        """Learn from graded rows; ``groups`` says which rows compete (one dish, one group)."""
        Xa = np.asarray(X, dtype=np.float64)  # noqa: N806
        ya = np.asarray(y, dtype=np.float64)
        if Xa.ndim != 2 or len(Xa) != len(ya) or len(Xa) == 0:
            raise InvalidInput("X must be a non-empty 2-D array with one grade in y per row")
        ga = np.zeros(len(ya), dtype=np.int64) if groups is None else np.asarray(groups)
        wa = np.ones(len(ya)) if sample_weight is None else np.asarray(sample_weight, float)
        self.coef_ = self._solve(Xa, ya, ga, wa)
        self.n_features_in_ = Xa.shape[1]

        positive = ya >= GOOD
        names = list(dict.fromkeys(ga.tolist()))
        if len(names) >= 5:
            scores = np.zeros(len(ya))
            folds = {g: k % 5 for k, g in enumerate(names)}
            fold = np.array([folds[g] for g in ga.tolist()])
            for k in range(5):
                test = fold == k
                coef = self._solve(Xa[~test], ya[~test], ga[~test], wa[~test])
                scores[test] = Xa[test] @ coef
        else:
            scores = Xa @ self.coef_
        self.calibration_ = platt(scores, positive)
        self.rules_calibration_ = platt(Xa @ self._prior(Xa.shape[1]), positive)
        return self

    # -- predicting -----------------------------------------------------------------------

    def _check(self, X: ArrayLike) -> NDArray[np.float64]:  # noqa: N803
        if not hasattr(self, "coef_"):
            raise NotFitted("the pairing ranker is not trained: run `sazon pairing train`")
        Xa = np.asarray(X, dtype=np.float64)  # noqa: N806
        if Xa.ndim != 2 or Xa.shape[1] != self.n_features_in_:
            raise InvalidInput(f"X must have {self.n_features_in_} feature columns")
        return Xa

    def decision_function(self, X: ArrayLike) -> NDArray[np.float64]:  # noqa: N803
        """The learned score of each row (higher is a better pairing)."""
        return np.asarray(self._check(X) @ self.coef_, dtype=np.float64)

    def predict(self, X: ArrayLike) -> NDArray[np.float64]:  # noqa: N803
        """The same as :meth:`decision_function`: a ranker predicts scores."""
        return self.decision_function(X)

    def predict_proba(self, X: ArrayLike) -> NDArray[np.float64]:  # noqa: N803
        """Columns: P(poor or wrong), P(good or excellent), from the calibrated score."""
        a, b = self.calibration_
        p = _sigmoid(a * self.decision_function(X) + b)
        return np.column_stack([1 - p, p])

    def rules_scores(self, X: ArrayLike) -> NDArray[np.float64]:  # noqa: N803
        """The rules-alone score of each row (``prior`` as the weights)."""
        Xa = self._check(X)  # noqa: N806
        return np.asarray(Xa @ self._prior(Xa.shape[1]), dtype=np.float64)

    def rules_confidence(self, scores: ArrayLike) -> NDArray[np.float64]:
        """P(good or excellent) for rules-alone scores, Platt-calibrated on the same examples."""
        if not hasattr(self, "rules_calibration_"):
            raise NotFitted("the pairing ranker is not trained: run `sazon pairing train`")
        a, b = self.rules_calibration_
        return _sigmoid(a * np.asarray(scores, dtype=np.float64) + b)

    def confidence(self, scores: ArrayLike) -> NDArray[np.float64]:
        """P(good or excellent) for learned scores."""
        if not hasattr(self, "calibration_"):
            raise NotFitted("the pairing ranker is not trained: run `sazon pairing train`")
        a, b = self.calibration_
        return _sigmoid(a * np.asarray(scores, dtype=np.float64) + b)

    # -- saving ---------------------------------------------------------------------------

    def to_state(self) -> ModelState:
        if not hasattr(self, "coef_"):
            raise NotFitted("the pairing ranker is not trained: nothing to save")
        return ModelState(
            cls="",
            params=self.get_params(),
            arrays={"coef_": self.coef_},
            meta={
                "n_features_in_": int(self.n_features_in_),
                "calibration_": list(self.calibration_),
                "rules_calibration_": list(self.rules_calibration_),
            },
        )

    @classmethod
    def from_state(cls, state: ModelState) -> Self:
        params = dict(state.params)
        if params.get("prior") is not None:
            params["prior"] = tuple(float(v) for v in params["prior"])
        for key in ("nonnegative", "nonpositive"):
            params[key] = tuple(int(v) for v in params.get(key) or ())
        model = cls(**params)
        model.coef_ = np.asarray(state.arrays["coef_"], dtype=np.float64)
        model.n_features_in_ = int(state.meta["n_features_in_"])
        a, b = state.meta["calibration_"]
        model.calibration_ = (float(a), float(b))
        a, b = state.meta["rules_calibration_"]
        model.rules_calibration_ = (float(a), float(b))
        return model

    def to_json(self) -> dict[str, Any]:
        """The fitted ranker as plain JSON (the packaged default is stored like this)."""
        state = self.to_state()
        return {
            "params": {
                **state.params,
                "prior": list(self.prior) if self.prior else None,
                "nonnegative": list(self.nonnegative),
                "nonpositive": list(self.nonpositive),
            },
            "coef_": [float(v) for v in self.coef_],
            **state.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls.from_state(
            ModelState(
                cls="",
                params=dict(data["params"]),
                arrays={"coef_": np.asarray(data["coef_"], dtype=np.float64)},
                meta={k: data[k] for k in ("n_features_in_", "calibration_", "rules_calibration_")},
            )
        )
