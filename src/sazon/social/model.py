"""Engagement before posting: boosted trees on the page's own baseline, with an interval.

The target is ``log(1 + engagement)``. Each post first gets its page's baseline — the mean of
the page's past posts, shrunk towards the mean of its segment (the kind of venue on that
channel) and that towards the channel's, each level counting as ``shrink`` posts, so a page
with three posts leans on its segment and one with three hundred stands on its own. Boosted
trees then learn how far the post lands from that baseline from when it goes out (Lima time),
what it is (media, category, paid), how big the page is and its text — with how many of
``trends`` (the terms trending now, from :mod:`sazon.trends`) it names, so riding a trend is
learnt from the posts that did.

Inside ``fit`` a K-fold over the training posts scores each candidate learner — boosted trees
of each depth in ``depths`` for each loss in ``losses`` (squared error fits the mean of the log,
absolute error its median, which is what the selection measures) and, when ``forests`` names
leaf sizes, an extremely randomised
forest of each (off by default: on the UCI benchmark it won the inner folds about half the
time but did not beat boosting alone on the outer ones, and it costs more) — and the best
(mean absolute error in log space) is kept, so a
cross-validation of this estimator is a nested one and no score it reports chose it. The same
out-of-fold residuals give the interval (split-conformal quantiles at ``coverage``) and the
factor applied to the point forecast: ``point="balanced"`` (default) minimises the mean plus
the median of the relative error, ``"relative"`` the mean alone (a lower forecast: the mean
relative error punishes overshooting more), ``"median"`` keeps the median in log space.
Boosted trees never predict a paid post below the same post unpaid (a monotone constraint).
With ``average`` (default since 2026-12-08) one more candidate is the mean of the
median-fitting trees of every depth; its out-of-fold forecasts are the mean of theirs, so it
costs nothing to score. Leaves hold at least ``min_samples_leaf`` posts (5 since 2026-12-08,
15 before): both chosen on inner folds of the UCI benchmark's training folds (docs/social.md).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

from sazon.errors import InvalidInput, NotFitted
from sazon.ml import ModelState, TreeArrays, trees_from_forest, trees_from_sklearn
from sazon.social.posts import Post, text_features

_TEXT = ("text_chars", "hashtags", "emoji", "dishes_named", "lang_en")
_MAX_LEVELS = 30  # one-hot columns per categorical input; rarer values share "other"
_PAID = 4  # the column of ``paid`` in the feature matrix
_LOSSES = {"squared_error": "gbm", "absolute_error": "gbm-l1"}  # loss → learner name
_POINTS = ("balanced", "relative", "median")


class Baselines:
    """Shrunk mean log-engagement per channel, segment and page."""

    def __init__(self, posts: Sequence[Post], ly: NDArray[np.float64], shrink: float) -> None:
        self.overall = float(ly.mean())
        self.channel = self._level(posts, ly, lambda p: p.channel, lambda p: self.overall, shrink)
        self.segment = self._level(
            posts, ly, _segment_key, lambda p: self.channel.get(p.channel, self.overall), shrink
        )
        self.page = self._level(posts, ly, _page_key, self._segment_of, shrink)

    @staticmethod
    def _level(posts: Any, ly: Any, key: Any, parent: Any, shrink: float) -> dict[str, float]:
        sums: dict[str, float] = {}
        counts: dict[str, int] = {}
        first: dict[str, Post] = {}
        for post, value in zip(posts, ly, strict=True):
            k = key(post)
            sums[k] = sums.get(k, 0.0) + float(value)
            counts[k] = counts.get(k, 0) + 1
            first.setdefault(k, post)
        return {k: (sums[k] + shrink * parent(first[k])) / (counts[k] + shrink) for k in sums}

    def _segment_of(self, post: Post) -> float:
        return self.segment.get(_segment_key(post), self.channel.get(post.channel, self.overall))

    def of(self, post: Post) -> float:
        """The post's baseline: its page's, else its segment's, else its channel's."""
        return self.page.get(_page_key(post), self._segment_of(post))

    def as_meta(self) -> dict[str, Any]:
        return {"overall": self.overall, "channel": self.channel, "segment": self.segment,
                "page": self.page}  # fmt: skip

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Baselines:
        self = cls.__new__(cls)
        self.overall = float(meta["overall"])
        self.channel, self.segment, self.page = meta["channel"], meta["segment"], meta["page"]
        return self


def _segment_key(post: Post) -> str:
    return f"{post.channel}|{post.segment}"


def _page_key(post: Post) -> str:
    return f"{post.channel}|{post.segment}|{post.page_key}"


def _averaged(parts: list[TreeArrays]) -> TreeArrays:
    """One :class:`TreeArrays` whose sum is the mean of ``parts``' sums: every tree kept,
    its leaves divided by how many parts, node indices shifted past the earlier parts'."""
    shift = np.cumsum([0] + [len(p.feature) for p in parts[:-1]]).tolist()
    moved = list(zip(parts, shift, strict=True))
    return TreeArrays(
        feature=np.concatenate([p.feature for p in parts]),
        threshold=np.concatenate([p.threshold for p in parts]),
        left=np.concatenate([p.left + d for p, d in moved]),
        right=np.concatenate([p.right + d for p, d in moved]),
        value=np.concatenate([p.value for p in parts]) / len(parts),
        roots=np.concatenate([p.roots + d for p, d in moved]),
        baseline=float(np.mean([p.baseline for p in parts])),
    )


def _vocab(values: Sequence[str]) -> list[str]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(sorted(counts), key=lambda v: -counts[v])[:_MAX_LEVELS]


class EngagementModel:
    """Predicted engagement (a count) for posts not yet published, with an interval."""

    def __init__(
        self,
        *,
        coverage: float = 0.8,
        shrink: float = 10.0,
        depths: tuple[int, ...] = (2, 3, 4),
        losses: tuple[str, ...] = ("squared_error", "absolute_error"),
        forests: tuple[int, ...] = (),
        forest_size: int = 100,
        max_iter: int = 200,
        learning_rate: float = 0.05,
        min_samples_leaf: int = 5,
        average: bool = True,
        folds: int = 5,
        point: str = "balanced",
        dishes: tuple[str, ...] = (),
        trends: tuple[str, ...] = (),
        random_state: int = 0,
    ) -> None:
        self.coverage = coverage
        self.shrink = shrink
        self.depths = depths
        self.losses = losses
        self.forests = forests
        self.forest_size = forest_size
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.min_samples_leaf = min_samples_leaf
        self.average = average
        self.folds = folds
        self.point = point
        self.dishes = dishes
        self.trends = trends
        self.random_state = random_state

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {
            "coverage": self.coverage, "shrink": self.shrink, "depths": self.depths,
            "losses": self.losses,
            "forests": self.forests, "forest_size": self.forest_size,
            "max_iter": self.max_iter, "learning_rate": self.learning_rate,
            "min_samples_leaf": self.min_samples_leaf, "average": self.average,
            "folds": self.folds,
            "point": self.point, "dishes": self.dishes, "trends": self.trends,
            "random_state": self.random_state,
        }  # fmt: skip

    # -- features -------------------------------------------------------------------------

    def _matrix(self, posts: Sequence[Post], base: Baselines) -> NDArray[np.float64]:
        vocab = self.vocab_
        rows = []
        for p in posts:
            followers = -1.0 if p.page_followers is None else math.log1p(p.page_followers)
            text = text_features(p.text, self.dishes, self.trends)
            row = [base.of(p), float(p.weekday), float(p.hour), float(p.month), float(p.paid),
                   followers, float(bool(p.text))] + [text[k] for k in _TEXT]  # fmt: skip
            for name, value in (("channel", p.channel), ("media_type", p.media_type),
                                ("category", p.category)):  # fmt: skip
                levels = vocab[name]
                row += [float(value == level) for level in levels]
            # Last, so versions saved before this column existed read the same columns.
            rows.append([*row, text["trends_named"]])
        return np.asarray(rows, dtype=np.float64)

    def _candidates(self) -> list[str]:
        boosted = [f"{_LOSSES[loss]}:{d}" for loss in self.losses for d in self.depths]
        return boosted + [f"forest:{leaf}" for leaf in self.forests]

    def _medians(self) -> list[str]:
        """The median-fitting candidates the ``average`` candidate averages (none if < 2)."""
        medians = [c for c in self._candidates() if c.startswith("gbm-l1:")]
        return medians if self.average and len(medians) > 1 else []

    def _trees(self, x: NDArray[np.float64], r: NDArray[np.float64], learner: str) -> TreeArrays:
        from sklearn.ensemble import (  # type: ignore[import-untyped]
            ExtraTreesRegressor,
            HistGradientBoostingRegressor,
        )
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

        kind, _, size = learner.partition(":")
        if size == "mean":
            return _averaged([self._trees(x, r, m) for m in self._medians()])
        if kind == "forest":
            forest = ExtraTreesRegressor(
                n_estimators=self.forest_size, min_samples_leaf=int(size), max_features=0.5,
                random_state=self.random_state, n_jobs=1,
            ).fit(x, r)  # fmt: skip
            return trees_from_forest(forest)
        leaf = min(self.min_samples_leaf, max(3, len(r) // 10))
        monotone = np.zeros(x.shape[1], dtype=np.int8)
        monotone[_PAID] = 1  # paying for reach never lowers the forecast
        boosted = HistGradientBoostingRegressor(
            loss="absolute_error" if kind == "gbm-l1" else "squared_error",
            max_iter=self.max_iter, learning_rate=self.learning_rate, max_depth=int(size),
            min_samples_leaf=leaf, l2_regularization=1.0, early_stopping=False,
            monotonic_cst=monotone.tolist(), random_state=self.random_state,
        )  # fmt: skip
        # One thread: the trees are small and OpenMP's idle spinning costs more than it saves.
        with threadpool_limits(1):
            boosted.fit(x, r)
        return trees_from_sklearn(boosted)

    def riding(self, trends: Sequence[str]) -> EngagementModel:
        """This fitted model scoring against ``trends`` (what is trending now) instead of the
        terms it was fitted with: what it learnt is the lift of naming a current trend."""
        model = copy.copy(self)
        model.trends = tuple(sorted({t for t in trends if t.strip()}))
        return model

    # -- fitting --------------------------------------------------------------------------

    def _check_params(self, n: int) -> None:
        if not 0.0 < self.coverage < 1.0:
            raise InvalidInput(f"coverage must be between 0 and 1, not {self.coverage}")
        if self.point not in _POINTS:
            raise InvalidInput(f"point must be one of {', '.join(_POINTS)}, not {self.point!r}")
        unknown = [loss for loss in self.losses if loss not in _LOSSES]
        if unknown:
            raise InvalidInput(f"losses must be among {', '.join(_LOSSES)}, not {unknown}")
        if not self._candidates():
            raise InvalidInput("give at least one tree depth (depths) or leaf size (forests)")
        if n < 10:
            raise InvalidInput(
                f"{n} posts with their engagement are too few to learn from: give at least 10"
            )

    def fit(self, X: Sequence[Post], y: Any) -> Self:  # noqa: N803
        """Learn from posts ``X`` and their engagement ``y`` (counts ≥ 0)."""
        posts = list(X)
        values = np.asarray(y, dtype=np.float64)
        self._check_params(len(posts))
        if values.shape != (len(posts),) or not np.isfinite(values).all() or (values < 0).any():
            raise InvalidInput("engagement must be one count ≥ 0 per post")
        ly = np.log1p(values)
        self.vocab_ = {
            name: _vocab([getattr(p, name) for p in posts])
            for name in ("channel", "media_type", "category")
        }
        folds = self._fold_ids(len(posts))
        oof = {c: np.zeros(len(posts)) for c in self._candidates()}
        for k in range(int(folds.max()) + 1):
            train, test = folds != k, folds == k
            tr_posts = [p for p, t in zip(posts, train, strict=True) if t]
            te_posts = [p for p, t in zip(posts, test, strict=True) if t]
            base = Baselines(tr_posts, ly[train], self.shrink)
            x_tr, x_te = self._matrix(tr_posts, base), self._matrix(te_posts, base)
            offset_tr, offset_te = x_tr[:, 0], x_te[:, 0]
            for learner in oof:
                trees = self._trees(x_tr, ly[train] - offset_tr, learner)
                oof[learner][test] = offset_te + trees.decision_function(x_te)
        if self._medians():
            oof["gbm-l1:mean"] = np.mean([oof[c] for c in self._medians()], axis=0)
        errors = {c: float(np.abs(ly - oof[c]).mean()) for c in oof}
        # Ties go to the earlier candidate (shallower trees first, the average last): the
        # simpler learner.
        order = list(oof)
        self.learner_ = min(oof, key=lambda c: (errors[c], order.index(c)))
        self.cv_log_mae_ = errors[self.learner_]
        self._calibrate(ly - oof[self.learner_])
        self.baselines_ = Baselines(posts, ly, self.shrink)
        x = self._matrix(posts, self.baselines_)
        self.trees_ = self._trees(x, ly - x[:, 0], self.learner_)
        return self

    def _fold_ids(self, n: int) -> NDArray[np.int64]:
        k = max(2, min(self.folds, n // 5))
        ids = np.arange(n) % k
        np.random.default_rng(self.random_state).shuffle(ids)
        return ids

    def _calibrate(self, residuals: NDArray[np.float64]) -> None:
        n = len(residuals)
        alpha = 1.0 - self.coverage
        # Split-conformal levels with the finite-sample correction (n+1)/n, clipped to [0, 1].
        lo = max(0.0, math.floor((n + 1) * alpha / 2) / n)
        hi = min(1.0, math.ceil((n + 1) * (1 - alpha / 2)) / n)
        self.low_offset_ = float(np.quantile(residuals, lo))
        self.high_offset_ = float(np.quantile(residuals, hi))
        if self.point == "median":
            self.point_offset_ = 0.0
            return
        ratio = np.exp(residuals)  # y/ŷ of each out-of-fold post: never a test set's
        if self.point == "balanced":
            # Mean plus median of |c·ŷ − y| / y on a fixed grid of log factors, nearest 0
            # first so a tie keeps the least change; the mean alone would pull every
            # forecast down for the few posts that land far below theirs.
            steps = np.linspace(-1.0, 0.5, 301)
            grid = steps[np.argsort(np.abs(steps), kind="stable")]
            ape = np.abs(np.exp(grid)[:, None] / ratio[None, :] - 1.0)
            cost = ape.mean(axis=1) + np.median(ape, axis=1)
            self.point_offset_ = float(grid[int(np.argmin(cost))])
            return
        # Mean |c·ŷ − y| / y over out-of-fold posts is least at the weighted median of
        # y/ŷ with weights ŷ/y.
        order = np.argsort(ratio)
        weights = (1.0 / ratio)[order]
        cut = np.searchsorted(np.cumsum(weights), weights.sum() / 2)
        self.point_offset_ = float(np.log(ratio[order][min(cut, n - 1)]))

    # -- predicting -----------------------------------------------------------------------

    def _log_prediction(self, X: Sequence[Post]) -> NDArray[np.float64]:  # noqa: N803
        if not hasattr(self, "trees_"):
            raise NotFitted("EngagementModel is not trained yet: call fit or load a version")
        posts = list(X)
        if not posts:
            return np.zeros(0)
        x = self._matrix(posts, self.baselines_)
        return x[:, 0] + self.trees_.decision_function(x)

    def predict(self, X: Sequence[Post]) -> NDArray[np.float64]:  # noqa: N803
        """The point forecast of each post's engagement."""
        return np.maximum(np.expm1(self._log_prediction(X) + self.point_offset_), 0.0)

    def predict_interval(
        self,
        X: Sequence[Post],  # noqa: N803
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(low, high) of each post: the central ``coverage`` of where its engagement lands."""
        log = self._log_prediction(X)
        low = np.maximum(np.expm1(log + self.low_offset_), 0.0)
        return low, np.maximum(np.expm1(log + self.high_offset_), low)

    # -- saving ---------------------------------------------------------------------------

    def to_state(self) -> ModelState:
        if not hasattr(self, "trees_"):
            raise NotFitted("EngagementModel is not trained yet: nothing to save")
        meta = {
            "vocab_": self.vocab_, "baselines_": self.baselines_.as_meta(),
            "learner_": self.learner_, "cv_log_mae_": self.cv_log_mae_,
            "low_offset_": self.low_offset_, "high_offset_": self.high_offset_,
            "point_offset_": self.point_offset_,
        }  # fmt: skip
        return ModelState(cls="", params=self.get_params(), arrays=self.trees_.as_arrays(),
                          meta=meta)  # fmt: skip

    @classmethod
    def from_state(cls, state: ModelState) -> Self:
        model = cls(**state.params)
        meta = state.meta
        model.vocab_ = {k: list(v) for k, v in meta["vocab_"].items()}
        model.baselines_ = Baselines.from_meta(meta["baselines_"])
        model.learner_ = str(meta["learner_"])
        model.cv_log_mae_ = float(meta["cv_log_mae_"])
        model.low_offset_ = float(meta["low_offset_"])
        model.high_offset_ = float(meta["high_offset_"])
        model.point_offset_ = float(meta["point_offset_"])
        model.trees_ = TreeArrays.from_arrays(state.arrays)
        return model
